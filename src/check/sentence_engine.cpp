#include "sentence_engine.h"

#include <algorithm>
#include <map>

#include "jianfu/text/sentence.h"
#include "jianfu/text/utf8.h"

namespace jianfu::check {

namespace {

// Starts with a list or heading number: 一、 （一） (1) 1. 1、 一是
bool StartsWithListNumber(std::string_view s) {
  size_t pos = 0;
  auto next = [&] { return pos < s.size() ? text::DecodeUtf8(s, pos) : U'\0'; };
  auto is_cn_digit = [](char32_t c) {
    return std::u32string_view(U"一二三四五六七八九十百零〇").find(c) != std::u32string_view::npos;
  };
  char32_t c = next();
  bool paren = c == U'（' || c == U'(';
  if (paren) c = next();
  if (!(is_cn_digit(c) || (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９'))) return false;
  while (pos < s.size()) {
    const size_t keep = pos;
    c = next();
    if (is_cn_digit(c) || (c >= U'0' && c <= U'9') || (c >= U'０' && c <= U'９')) continue;
    pos = keep;
    break;
  }
  c = next();
  if (paren) return c == U'）' || c == U')';
  return c == U'、' || c == U'.' || c == U'．' || c == U' ' || c == U'\t' || c == U'是';
}

// The text after the sentence's last colon introduces a list: nothing, or a
// list number ("不得有下列行为：" / "…下列行为：（一）…；").
bool IntroducesList(std::string_view s) {
  size_t colon = s.rfind("：");
  size_t width = 3;
  if (const size_t ascii = s.rfind(':');
      ascii != std::string_view::npos && (colon == std::string_view::npos || ascii > colon)) {
    colon = ascii;
    width = 1;
  }
  if (colon == std::string_view::npos) return false;
  std::string_view tail = s.substr(colon + width);
  while (!tail.empty() && (tail.front() == ' ' || tail.front() == '\t')) tail.remove_prefix(1);
  return tail.empty() || StartsWithListNumber(tail);
}

// The parenthesised asides of a sentence, as byte ranges [open, close) that
// run from the opening bracket to the end of the closing one.
struct Aside {
  std::vector<std::pair<size_t, size_t>> spans;
  // The innermost aside around `pos`, or {0, 0} outside every aside.
  std::pair<size_t, size_t> Around(size_t pos) const {
    std::pair<size_t, size_t> best{0, 0};
    for (const auto& sp : spans)
      if (sp.first <= pos && pos < sp.second &&
          (best == std::pair<size_t, size_t>{0, 0} || sp.first >= best.first))
        best = sp;
    return best;
  }
};

Aside FindAsides(std::string_view s) {
  Aside a;
  std::vector<size_t> open;
  for (size_t pos = 0; pos < s.size();) {
    const size_t at = pos;
    const char32_t c = text::DecodeUtf8(s, pos);
    if (c == U'（' || c == U'(') {
      open.push_back(at);
    } else if ((c == U'）' || c == U')') && !open.empty()) {
      a.spans.emplace_back(open.back(), pos);
      open.pop_back();
    }
  }
  return a;
}

}  // namespace

Result<std::unique_ptr<SentenceEngine>> SentenceEngine::Create(const rules::RuleSet& rules,
                                                               const std::filesystem::path& cache_dir) {
  std::unique_ptr<SentenceEngine> e(new SentenceEngine(rules));
  std::vector<Pattern> patterns;
  std::map<std::string, uint32_t> index;
  std::vector<std::string> owner;  // who declared each pattern, for errors
  auto add = [&](std::string p, Use use, const std::string& who) {
    const std::string key = p;  // guards differ per pattern: "报表" is not "(?<!通)报表"
    if (p.size() > 1 && p[0] == '^') {
      use.anchored = true;
      p.erase(0, 1);
    }
    // (?<!A|B) prefix and (?!A|B) suffix: literal alternatives checked
    // around each hit, since Hyperscan has no look-around.
    auto split = [](std::string_view alts) {
      std::vector<std::string> out;
      for (size_t from = 0;;) {
        const size_t bar = alts.find('|', from);
        out.emplace_back(
            alts.substr(from, bar == std::string_view::npos ? std::string_view::npos : bar - from));
        if (bar == std::string_view::npos) return out;
        from = bar + 1;
      }
    };
    std::vector<std::string> not_after, not_before;
    if (p.starts_with("(?<!") && p.find(')') != std::string::npos) {
      const size_t close = p.find(')');
      not_after = split(std::string_view(p).substr(4, close - 4));
      p.erase(0, close + 1);
    }
    if (const size_t open = p.rfind("(?!");
        open != std::string::npos && p.ends_with(")") && p.find(')', open) == p.size() - 1) {
      not_before = split(std::string_view(p).substr(open + 3, p.size() - open - 4));
      p.erase(open);
    }
    auto [it, fresh] = index.emplace(key, static_cast<uint32_t>(patterns.size()));
    if (fresh) {
      patterns.push_back({p, false});
      e->expressions_.push_back(p);
      e->not_after_.push_back(not_after);
      e->not_before_.push_back(not_before);
      owner.push_back(who);
      e->uses_.emplace_back();
    }
    // Start offsets are needed to mark words and to order them after a
    // negation; sentence-wide cues only need to be present.
    if (use.anchored || use.role == Role::kTrigger || use.role == Role::kRequire ||
        use.role == Role::kReset || use.role == Role::kName || !not_after.empty())
      patterns[it->second].need_start = true;
    e->uses_[it->second].push_back(use);
  };
  const auto& lx = rules.lexicon;
  for (const auto& p : lx.negations) add(p, {Role::kNegation}, "lexicon.negations");
  for (const auto& p : lx.post_negations) add(p, {Role::kPostNegation}, "lexicon.post_negations");
  for (const auto& p : lx.scope_resets) add(p, {Role::kReset}, "lexicon.scope_resets");
  for (const auto* list : {&lx.narrative, &lx.critique, &lx.neutral})
    for (const auto& p : *list) add(p, {Role::kSkip}, "lexicon");
  for (const auto& p : lx.weak_narrative) add(p, {Role::kWeakSkip}, "lexicon.weak_narrative");
  for (const auto& p : lx.prescriptive) add(p, {Role::kPrescriptive}, "lexicon.prescriptive");
  for (const auto& p : lx.public_audience) add(p, {Role::kPublic}, "lexicon.public_audience");
  for (const auto& p : lx.government) add(p, {Role::kGovernment}, "lexicon.government");
  for (const auto& p : lx.names) add(p, {Role::kName}, "lexicon.names");
  for (uint32_t r = 0; r < rules.rules.size(); ++r) {
    const auto& rule = rules.rules[r];
    if (!rule.enabled || rule.kind != rules::RuleKind::kSentence) continue;
    const std::string who = "rule[" + rule.id + "]";
    for (const auto& p : rule.triggers) add(p, {Role::kTrigger, r, 0}, who + ".triggers");
    for (uint32_t g = 0; g < rule.required.size(); ++g)
      for (const auto& p : rule.required[g]) add(p, {Role::kRequire, r, g}, who + ".requires");
    for (const auto& p : rule.excludes) add(p, {Role::kExclude, r, 0}, who + ".excludes");
  }
  auto m = Matcher::Create(patterns, cache_dir);
  if (!m.ok()) {
    Error err = m.error();
    const size_t i = static_cast<size_t>(std::stoul(err.field.empty() ? "0" : err.field));
    if (i < patterns.size()) {
      err.field = owner[i];
      err.message += "：" + patterns[i].expression;
    }
    return err;
  }
  e->matcher_ = std::move(m.value());
  return e;
}

std::vector<SentenceFinding> SentenceEngine::Run(std::string_view text,
                                                 const std::vector<Region>& regions) const {
  std::vector<SentenceFinding> out;
  const std::vector<Hit> hits = Filter(text, matcher_->Scan(text));
  if (hits.empty()) return out;
  size_t h = 0;
  for (const Region& region : regions) {
    const std::string_view part = text.substr(region.begin, region.end - region.begin);
    // Items of a list introduced by a limiting sentence ("不得有下列行为：")
    // inherit its limit: "（一）要求基层拍照留痕；" there forbids, not demands.
    bool limited_list = false;
    for (const auto& s : text::SplitSentences(part)) {
      const size_t sb = region.begin + s.begin, se = region.begin + s.end;
      const std::string_view sentence = text.substr(sb, se - sb);
      while (h < hits.size() && hits[h].end <= sb) ++h;
      size_t k = h;
      while (k < hits.size() && hits[k].end <= se) ++k;
      const bool heading = IsHeading(sentence);
      if (heading || !StartsWithListNumber(sentence)) limited_list = false;
      bool limiting = false;
      if (k > h && !limited_list) {
        // A heading imposes nothing itself but may introduce a limited list.
        std::vector<SentenceFinding> discard;
        limiting = Judge(text, sb, se, hits.data() + h, hits.data() + k, heading ? discard : out);
      }
      if ((limiting || limited_list) && IntroducesList(sentence)) limited_list = true;
      h = k;
    }
  }
  return out;
}

std::vector<Hit> SentenceEngine::Filter(std::string_view text, std::vector<Hit> hits) const {
  std::erase_if(hits, [&](const Hit& h) {
    for (const auto& before : not_after_[h.pattern])
      if (h.begin >= before.size() && text.substr(h.begin - before.size(), before.size()) == before)
        return true;
    for (const auto& after : not_before_[h.pattern])
      if (text.substr(h.end).starts_with(after)) return true;
    return false;
  });
  return hits;
}

bool SentenceEngine::IsHeading(std::string_view s) const {
  // Ends without 。！？；? (the splitter cut it at a line break) and is short.
  static constexpr std::string_view kEnds[] = {"。", "！", "？", "；", "!", "?", ";", "”", "）"};
  for (auto e : kEnds)
    if (s.ends_with(e)) return false;
  if (text::CountCodePoints(s) > static_cast<size_t>(rules_.lexicon.heading_max_chars)) return false;
  // Starts with a heading or list number: 一、 （一） (1) 1. 1、 第一条 ## 附件
  if (s.starts_with("#") || s.starts_with("附件") || s.starts_with("第")) return true;
  return StartsWithListNumber(s);
}

bool SentenceEngine::Judge(std::string_view text, size_t sb, size_t se, const Hit* first, const Hit* last,
                           std::vector<SentenceFinding>& out) const {
  // Pass 1: sentence-wide cues.
  std::vector<const Hit*> negations, resets, post, names;
  bool is_public = false, is_government = false, weak_skip = false, prescriptive = false;
  for (const Hit* hit = first; hit != last; ++hit) {
    if (hit->begin < sb) continue;  // starts in an earlier sentence
    for (const Use& u : uses_[hit->pattern]) {
      if (u.anchored && hit->begin != sb) continue;
      if (u.role == Role::kSkip) return true;  // imposes nothing
      if (u.role == Role::kNegation) negations.push_back(hit);
      if (u.role == Role::kReset) resets.push_back(hit);
      if (u.role == Role::kPostNegation) post.push_back(hit);
      if (u.role == Role::kPublic) is_public = true;
      if (u.role == Role::kGovernment) is_government = true;
      if (u.role == Role::kName) names.push_back(hit);
      if (u.role == Role::kWeakSkip) weak_skip = true;
      if (u.role == Role::kPrescriptive) prescriptive = true;
    }
  }
  // Leans to narration and states no requirement ("班子成员分别深入…"): told.
  if (weak_skip && !prescriptive) return true;
  if (is_public && !is_government) return false;  // regulates enterprises or citizens
  // A clause ends at a comma or colon; post-negations reach back to its start.
  auto same_clause = [&](size_t from, size_t to) {
    const std::string_view gap = text.substr(from, to > from ? to - from : 0);
    for (std::string_view sep : {"，", ",", "：", ":", "；"})
      if (gap.find(sep) != std::string_view::npos) return false;
    return true;
  };
  // A trigger is governed by a negation that precedes it with no scope reset
  // in between ("不得要求基层拍照留痕" forbids; "…，不得漏报，须按时报送" resets).
  // kLimited: the governing word limits the amount (减少, 压减, 精简…, the
  // words that are also post-negations). A limit speaks of the whole kind of
  // burden in the sentence, so it also covers the topic named before it
  // ("人员抽调，要按照精简原则…减少抽调人员数量").
  enum class Governed { kLive, kNegated, kLimited };
  auto is_limiter = [&](const Hit* n) { return std::find(post.begin(), post.end(), n) != post.end(); };
  // A negation or limit inside parentheses speaks only of the aside:
  // "报送名单（原则上不超过5个），采取投票方式" still imposes the vote.
  const Aside aside = FindAsides(text.substr(sb, se - sb));
  auto outside_its_aside = [&](const Hit& cue, const Hit& t) {
    const auto [open, close] = aside.Around(cue.begin - sb);
    return open != close && (t.begin - sb < open || t.end - sb > close);
  };
  auto governed = [&](const Hit& t) {
    for (const Hit* n : negations) {
      if (n->end > t.begin) break;
      if (outside_its_aside(*n, t)) continue;
      bool reset = false;
      for (const Hit* r : resets)
        if (r->begin >= n->end && r->end <= t.begin) reset = true;
      if (!reset) return is_limiter(n) ? Governed::kLimited : Governed::kNegated;
    }
    for (const Hit* p : post)
      if (p->end > t.end && same_clause(t.end, p->end) && !outside_its_aside(*p, t))
        return Governed::kLimited;
    return Governed::kLive;
  };

  // Words inside the title of another document (《…通知》, 《…方案》) name
  // it; they demand nothing themselves. A form (《…统计表》) still does.
  auto in_title = [&](const Hit& t) {
    // Inside a name from the lexicon (本考核办法, 督查机构).
    for (const Hit* n : names)
      if (n->begin <= t.begin && t.end <= n->end) return true;
    // Within this sentence only. 《 is three bytes, not one char.
    const size_t rel = text.substr(sb, t.begin - sb).rfind("《");  // NOLINT(performance-faster-string-find)
    if (rel == std::string_view::npos) return false;
    const size_t open = sb + rel;
    const size_t close = text.find("》", open);
    if (close == std::string_view::npos || close < t.end || close > se) return false;
    std::string_view title = text.substr(open, close - open);
    // 《…办法（试行）》: the kind comes before a trailing parenthesis.
    if (title.ends_with("）") || title.ends_with(")")) {
      const size_t wide = title.rfind("（"), narrow = title.rfind("(");
      const size_t at = wide == std::string_view::npos     ? narrow
                        : narrow == std::string_view::npos ? wide
                                                           : std::max(wide, narrow);
      if (at != std::string_view::npos && at > 0) title = title.substr(0, at);
    }
    for (const auto& kind : rules_.lexicon.document_kinds)
      if (title.ends_with(kind)) return true;
    return false;
  };

  // Pass 2: per rule, its live triggers, required groups and exclusions.
  struct State {
    std::vector<Hit> triggers, required;
    uint64_t groups = 0;
    bool excluded = false;
    bool limited = false;
  };
  std::map<uint32_t, State> by_rule;
  for (const Hit* hit = first; hit != last; ++hit) {
    if (hit->begin < sb) continue;
    for (const Use& u : uses_[hit->pattern]) {
      if (u.anchored && hit->begin != sb) continue;
      if (u.role == Role::kTrigger) {
        const Governed g = governed(*hit);
        if (g == Governed::kLimited) by_rule[u.rule].limited = true;
        if (g == Governed::kLive && !in_title(*hit)) by_rule[u.rule].triggers.push_back(*hit);
      } else if (u.role == Role::kRequire) {
        auto& st = by_rule[u.rule];
        st.groups |= uint64_t{1} << std::min<uint32_t>(u.group, 63);
        st.required.push_back(*hit);
      } else if (u.role == Role::kExclude) {
        by_rule[u.rule].excluded = true;
      }
    }
  }
  std::vector<SentenceFinding> here;
  for (auto& [r, st] : by_rule) {
    const auto& rule = rules_.rules[r];
    if (st.triggers.empty() || st.excluded || st.limited) continue;
    const size_t n = rule.required.size();
    const uint64_t need = n >= 64 ? ~uint64_t{0} : (uint64_t{1} << n) - 1;
    if ((st.groups & need) != need) continue;
    SentenceFinding f{r, sb, se, std::move(st.triggers)};
    f.matches.insert(f.matches.end(), st.required.begin(), st.required.end());
    std::sort(f.matches.begin(), f.matches.end(), [](const Hit& a, const Hit& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
    });
    here.push_back(std::move(f));
  }
  // A specific rule replaces the general ones it supersedes on this sentence.
  std::vector<std::string_view> superseded;
  for (const auto& f : here)
    for (const auto& sup : rules_.rules[f.rule].supersedes) superseded.push_back(sup);
  std::erase_if(here, [&](const SentenceFinding& g) {
    return std::find(superseded.begin(), superseded.end(), rules_.rules[g.rule].id) != superseded.end();
  });
  for (auto& f : here) out.push_back(std::move(f));
  return !negations.empty() || !post.empty();
}

}  // namespace jianfu::check

namespace jianfu::check {

std::string SentenceEngine::Explain(std::string_view text) const {
  static constexpr const char* kRoleNames[] = {"否定",     "重启", "不构成要求", "触发",
                                               "伴随词",   "排除", "后置否定",   "面向公众",
                                               "政府机关", "名称", "偏叙述",     "要求词"};
  std::string out;
  const std::vector<Hit> hits = Filter(text, matcher_->Scan(text));
  // The verdicts come from Run itself, so they include list inheritance.
  const std::vector<SentenceFinding> found = Run(text, {{0, text.size()}});
  for (const auto& s : text::SplitSentences(text)) {
    if (IsHeading(text.substr(s.begin, s.end - s.begin))) {
      out += "标题或列表行：" + std::string(text.substr(s.begin, s.end - s.begin)) + "（不检查）\n";
      continue;
    }
    out += "句子：" + std::string(text.substr(s.begin, s.end - s.begin)) + "\n";
    for (const Hit& hit : hits) {
      if (hit.end <= s.begin || hit.end > s.end || hit.begin < s.begin) continue;
      for (const Use& u : uses_[hit.pattern]) {
        if (u.anchored && hit.begin != s.begin) continue;
        out += "  ";
        out += kRoleNames[static_cast<int>(u.role)];
        if (u.role == Role::kTrigger || u.role == Role::kRequire || u.role == Role::kExclude)
          out += " " + rules_.rules[u.rule].id;
        out += "  " + (hit.begin == hit.end ? "/" + expressions_[hit.pattern] + "/"
                                            : std::string(text.substr(hit.begin, hit.end - hit.begin)));
        out += "\n";
      }
    }
    std::string verdict;
    for (const auto& f : found)
      if (f.sentence_begin == s.begin) verdict += rules_.rules[f.rule].id + " ";
    out += "  结论：" + (verdict.empty() ? std::string("无") : verdict) + "\n";
  }
  return out;
}

}  // namespace jianfu::check
