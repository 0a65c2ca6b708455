// A generated corpus of posts (include/jianfu/posts/synthetic.h).
#include "jianfu/posts/synthetic.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "jianfu/posts/timestamp.h"
#include "jianfu/text/utf8.h"

namespace jianfu::posts {
namespace {

// SplitMix64 as a generator: fast, and good enough for test data.
struct Rng {
  uint64_t state;
  uint64_t Next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  uint64_t Below(uint64_t n) { return n ? Next() % n : 0; }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
};

constexpr const char* kPlaces[] = {"江", "河", "山", "清", "安", "平", "永", "新", "阳", "东",
                                   "西", "南", "北", "宁", "泰", "华", "兴", "龙", "凤", "金",
                                   "石", "云", "林", "丰", "长", "广", "宜", "临", "柳", "桃",
                                   "梅", "青", "白", "红", "黄", "嘉", "庆", "昌", "德", "和"};
constexpr const char* kLevels[] = {"市", "县", "区"};
constexpr const char* kOrgans[] = {"发布",     "融媒", "公安", "教育局", "卫健委", "应急管理",
                                   "市场监管", "人社", "税务", "文旅",   "司法",   "交警",
                                   "消防",     "气象", "团委", "妇联"};
constexpr const char* kPhrases[] = {"高质量发展", "乡村振兴", "安全生产", "营商环境", "民生实事", "防汛抗旱",
                                    "疫情防控",   "文明创建", "基层治理", "为民服务", "优化服务", "专项整治",
                                    "宣传教育",   "重点项目", "生态环境", "招商引资", "志愿服务", "便民利民",
                                    "政策解读",   "工作部署", "扎实推进", "贯彻落实", "有关单位", "广大群众"};
// Level-word templates: 全L, 我L, 各L, L委, L政府 (all removed by normalisation).
constexpr int kLevelTemplates = 5;

// A word of a text: an index into the vocabulary, or a level template
// (kLevelWord + template).
constexpr uint32_t kLevelWord = 1u << 30;

struct Vocabulary {
  std::vector<std::string> words;
  std::vector<uint32_t> zipf;  // 65,536 quantiles of a Zipf-like law over words
};

Vocabulary MakeVocabulary(uint64_t seed) {
  Rng rng{seed ^ 0x5eedULL};
  Vocabulary v;
  for (const char* p : kPhrases) v.words.emplace_back(p);
  while (v.words.size() < 4000) {
    std::string w;
    const size_t len = 1 + rng.Below(4);
    for (size_t k = 0; k < len; ++k) text::AppendUtf8(w, static_cast<char32_t>(0x4E00 + rng.Below(6000)));
    v.words.push_back(std::move(w));
  }
  std::vector<double> cdf(v.words.size());
  double total = 0;
  for (size_t i = 0; i < cdf.size(); ++i) cdf[i] = total += 1.0 / static_cast<double>(i + 8);
  v.zipf.resize(65536);
  size_t w = 0;
  for (size_t q = 0; q < v.zipf.size(); ++q) {
    const double target = (static_cast<double>(q) + 0.5) / 65536.0 * total;
    while (cdf[w] < target) ++w;
    v.zipf[q] = static_cast<uint32_t>(w);
  }
  return v;
}

struct Account {
  std::string name;
  int level = 0;  // index in kLevels
  double weight = 0;
  int first_day = 0, last_day = 0;  // active window, days from the start
  int style = 0;                    // timestamp style
  bool major = false;
};

// A post's words and sentence ends, generated from its seed.
struct Draft {
  std::vector<uint32_t> title, body;
  std::vector<uint8_t> body_ends;  // 1 after a word that ends a sentence, 2 a paragraph
};

Draft MakeDraft(const Vocabulary& v, uint64_t seed) {
  Rng rng{seed};
  Draft d;
  auto word = [&]() -> uint32_t {
    if (rng.Below(40) == 0) return kLevelWord + static_cast<uint32_t>(rng.Below(kLevelTemplates));
    return v.zipf[rng.Next() >> 48];
  };
  const size_t title_words = 4 + rng.Below(8);
  for (size_t i = 0; i < title_words; ++i) d.title.push_back(word());
  // Characters: 60 % short (30-150), 32 % medium (150-800), 8 % long (800-2,500).
  const uint64_t cls = rng.Below(100);
  const size_t chars = cls < 60   ? 30 + rng.Below(120)
                       : cls < 92 ? 150 + rng.Below(650)
                                  : 800 + rng.Below(1700);
  const size_t words = std::max<size_t>(8, chars * 2 / 5);
  size_t sentence = 0;
  const size_t sentence_len = 6 + rng.Below(14);
  for (size_t i = 0; i < words; ++i) {
    d.body.push_back(word());
    ++sentence;
    const bool end = sentence >= sentence_len && rng.Below(3) == 0;
    d.body_ends.push_back(i + 1 == words ? 1 : end ? (rng.Below(4) == 0 ? 2 : 1) : 0);
    if (end) sentence = 0;
  }
  return d;
}

std::string LevelWord(uint32_t t, int level) {
  const std::string l = kLevels[level];
  switch (t) {
    case 0:
      return "全" + l;
    case 1:
      return "我" + l;
    case 2:
      return "各" + l;
    case 3:
      return l + "委";
    default:
      return l + "政府";
  }
}

// Renders words; `level` chooses the level words, `variant` the punctuation.
void Render(const Vocabulary& v, const std::vector<uint32_t>& words, const std::vector<uint8_t>* ends,
            int level, int variant, std::string& out) {
  for (size_t i = 0; i < words.size(); ++i) {
    const uint32_t w = words[i];
    out += w >= kLevelWord ? LevelWord(w - kLevelWord, level) : v.words[w];
    if (!ends) continue;
    if ((*ends)[i] == 0 && i % 7 == 6) out += variant ? "、" : "，";
    if ((*ends)[i] >= 1) out += variant && (*ends)[i] == 1 ? "；" : "。";
    if ((*ends)[i] == 2) out += "\n";
  }
}

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  out += '"';
}

void AppendCsvField(std::string& out, std::string_view s) {
  if (s.find_first_of(",\"\n") == std::string_view::npos) {
    out += s;
    return;
  }
  out += '"';
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

std::string Timestamp(int64_t t, int style) {
  std::string s = FormatTimestamp(t);  // YYYY-MM-DDThh:mm:ss+08:00
  if (style < 7) return s.substr(0, 10) + " " + s.substr(11, 8);
  if (style < 9) return s;
  const int64_t utc = t - kChinaOffsetSeconds;  // rendered as local, so shift
  std::string z = FormatTimestamp(utc);
  return z.substr(0, 19) + "Z";
}

struct Original {
  uint64_t seed;
  int64_t time;
  uint32_t account;
};

}  // namespace

SyntheticSummary GenerateSynthetic(const SyntheticOptions& o,
                                   const std::function<void(std::string_view)>& write) {
  SyntheticSummary summary;
  Rng rng{o.seed * 0x2545F4914F6CDD1DULL + 1};
  const Vocabulary vocab = MakeVocabulary(o.seed);
  const uint32_t n_accounts =
      o.accounts ? o.accounts : static_cast<uint32_t>(std::max<uint64_t>(10, o.posts / 90));
  const int days = std::max(o.days, 30);

  // Accounts: unique names, Pareto weights, active windows.
  std::vector<Account> accounts(n_accounts);
  const size_t places = std::size(kPlaces);
  for (uint32_t i = 0; i < n_accounts; ++i) {
    Account& a = accounts[i];
    const uint64_t combo = i % (places * places * 3 * std::size(kOrgans));
    const uint64_t p1 = combo % places, p2 = combo / places % places;
    a.level = static_cast<int>(combo / places / places % 3);
    const uint64_t organ = combo / places / places / 3;
    a.name = std::string(kPlaces[p1]) + kPlaces[p2] + kLevels[a.level] + kOrgans[organ];
    if (i >= places * places * 3 * std::size(kOrgans))
      a.name += std::to_string(i / (places * places * 3 * 16) + 1);
    a.weight = std::min(1000.0, std::pow(1.0 - rng.Unit(), -1.0 / 1.2));
    a.first_day = rng.Below(100) < 85 ? 0 : static_cast<int>(rng.Below(static_cast<uint64_t>(days / 2)));
    a.last_day = days - 1;
    if (rng.Unit() < o.dead_share && a.first_day + 14 < days - 30) {
      a.last_day =
          a.first_day + 14 + static_cast<int>(rng.Below(static_cast<uint64_t>(days - 30 - a.first_day - 14)));
      ++summary.dead_accounts;
    }
    a.style = static_cast<int>(rng.Below(10));
  }
  {
    std::vector<double> w;
    for (const auto& a : accounts) w.push_back(a.weight);
    std::sort(w.begin(), w.end());
    const double major = w[w.size() * 98 / 100];
    for (auto& a : accounts) a.major = a.weight >= major;
  }

  // The schedule: (time, account) of every post, by time.
  std::vector<double> cumulative(n_accounts);
  double total = 0;
  for (uint32_t i = 0; i < n_accounts; ++i)
    cumulative[i] = total += accounts[i].weight * (accounts[i].last_day - accounts[i].first_day + 1);
  const int64_t start = int64_t{o.start.days} * 86400 - kChinaOffsetSeconds;
  std::vector<std::pair<int64_t, uint32_t>> schedule(o.posts);
  for (auto& [time, account] : schedule) {
    account = static_cast<uint32_t>(
        std::upper_bound(cumulative.begin(), cumulative.end(), rng.Unit() * total) - cumulative.begin());
    account = std::min(account, n_accounts - 1);
    const Account& a = accounts[account];
    const int day =
        a.first_day + static_cast<int>(rng.Below(static_cast<uint64_t>(a.last_day - a.first_day + 1)));
    const int hour = static_cast<int>(7 + std::min<uint64_t>(15, rng.Below(12) + rng.Below(5)));
    time = start + int64_t{day} * 86400 + hour * 3600 + static_cast<int64_t>(rng.Below(3600));
  }
  std::sort(schedule.begin(), schedule.end());

  // Recent originals to copy from: all accounts', and the major ones'.
  constexpr size_t kRing = 4096;
  std::vector<Original> recent, recent_major;
  size_t recent_at = 0, major_at = 0;
  std::string out, title, body;
  if (o.format == InputFormat::kCsv)
    out = o.truth ? "account,published_at,title,text,truth_origin\n" : "account,published_at,title,text\n";
  for (uint64_t k = 0; k < o.posts; ++k) {
    const auto [time, who] = schedule[k];
    const Account& a = accounts[who];
    const uint64_t post_seed = o.seed * 0x9E3779B97F4A7C15ULL ^ (k + 1) * 0xD1B54A32D192ED03ULL;
    title.clear();
    body.clear();
    std::string truth;
    const Original* origin = nullptr;
    if (rng.Unit() < o.copy_share) {
      auto& ring = !recent_major.empty() && rng.Below(10) < 7 ? recent_major : recent;
      if (!ring.empty()) {
        const Original& c = ring[rng.Below(ring.size())];
        if (c.account != who && c.time < time) origin = &c;
      }
    }
    if (origin) {
      Draft d = MakeDraft(vocab, origin->seed);
      // Light edits: one word in 300 characters replaced (half of the longer
      // posts), a source line, a mark on the title; level words and
      // punctuation follow the copier.
      if (d.body.size() >= 60 && rng.Below(2) == 0)
        for (size_t r = 0; r < d.body.size() / 120 + 1; ++r)
          d.body[rng.Below(d.body.size())] = vocab.zipf[rng.Next() >> 48];
      if (rng.Below(100) < 15) title = rng.Below(2) ? "转发｜" : "【转载】";
      Render(vocab, d.title, nullptr, a.level, 0, title);
      Render(vocab, d.body, &d.body_ends, a.level, static_cast<int>(rng.Below(2)), body);
      if (d.body.size() >= 80 && rng.Below(10) < 3)
        body += "\n（来源：" + accounts[origin->account].name + "）";
      truth = accounts[origin->account].name;
      ++summary.copies;
    } else {
      Draft d = MakeDraft(vocab, post_seed);
      Render(vocab, d.title, nullptr, a.level, 0, title);
      Render(vocab, d.body, &d.body_ends, a.level, 0, body);
      const Original mine{post_seed, time, who};
      auto push = [&](std::vector<Original>& ring, size_t& at) {
        if (ring.size() < kRing) {
          ring.push_back(mine);
        } else {
          ring[at] = mine;
          at = (at + 1) % kRing;
        }
      };
      push(recent, recent_at);
      if (a.major) push(recent_major, major_at);
    }
    const std::string stamp = Timestamp(time, a.style);
    if (o.format == InputFormat::kJsonl) {
      out += "{\"account\":";
      AppendJsonString(out, a.name);
      out += ",\"published_at\":";
      AppendJsonString(out, stamp);
      out += ",\"title\":";
      AppendJsonString(out, title);
      out += ",\"text\":";
      AppendJsonString(out, body);
      if (o.truth) {
        out += ",\"truth_origin\":";
        AppendJsonString(out, truth);
      }
      out += "}\n";
    } else {
      AppendCsvField(out, a.name);
      out += ',' + stamp + ',';
      AppendCsvField(out, title);
      out += ',';
      AppendCsvField(out, body);
      if (o.truth) {
        out += ',';
        AppendCsvField(out, truth);
      }
      out += '\n';
    }
    if (out.size() >= (size_t{1} << 20)) {
      summary.bytes += out.size();
      write(out);
      out.clear();
    }
  }
  summary.bytes += out.size();
  write(out);
  summary.posts = o.posts;
  summary.accounts = n_accounts;
  return summary;
}

}  // namespace jianfu::posts
