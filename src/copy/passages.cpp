// Exact copied passages (include/jianfu/copy/passages.h): winnowing seeds,
// maximal extension, continuation across small edits, then a choice of
// passages that do not overlap in the lower text.
#include "jianfu/copy/passages.h"

#include <algorithm>
#include <cstdint>
#include <deque>
#include <numeric>
#include <unordered_map>
#include <utility>

#include "jianfu/copy/hash.h"
#include "jianfu/layout/layout.h"

namespace jianfu::copy {

size_t RunChain::matched() const {
  size_t n = 0;
  for (const Run& r : runs) n += r.length;
  return n;
}

namespace {

struct Fingerprint {
  uint64_t hash;
  uint32_t pos;
};

// Winnowing (Schleimer, Wilkerson and Aiken, 2003): of every window of w
// consecutive k-gram hashes the rightmost smallest is selected, each
// position once. Text shorter than k has none; text with fewer than w
// k-grams has its smallest one.
std::vector<Fingerprint> Winnow(const std::u32string& s, size_t k, size_t w) {
  std::vector<Fingerprint> out;
  if (s.size() < k) return out;
  const size_t m = s.size() - k + 1;
  w = std::min(w, m);
  std::vector<uint64_t> h(m);
  for (size_t i = 0; i < m; ++i) h[i] = internal::HashChars(s.data() + i, k);
  std::deque<size_t> window;  // positions, hashes strictly increasing
  size_t last = SIZE_MAX;
  for (size_t i = 0; i < m; ++i) {
    while (!window.empty() && h[window.back()] >= h[i]) window.pop_back();
    window.push_back(i);
    if (window.front() + w <= i) window.pop_front();
    if (i + 1 >= w && window.front() != last) {
      last = window.front();
      out.push_back({h[last], static_cast<uint32_t>(last)});
    }
  }
  return out;
}

class Matcher {
 public:
  Matcher(const std::u32string& u, const std::u32string& l, const PassageSettings& p) : u_(u), l_(l), p_(p) {}

  std::vector<RunChain> Run() {
    const size_t k = std::min(p_.kgram, p_.min_chars);
    const size_t w = std::min(p_.window, p_.min_chars - k + 1);
    std::vector<Fingerprint> upper = Winnow(u_, k, w);
    std::sort(upper.begin(), upper.end(), [](const auto& a, const auto& b) {
      return a.hash != b.hash ? a.hash < b.hash : a.pos < b.pos;
    });
    std::vector<RunChain> chains;
    for (const Fingerprint& f : Winnow(l_, k, w)) {
      auto lo = std::lower_bound(upper.begin(), upper.end(), f.hash,
                                 [](const Fingerprint& a, uint64_t h) { return a.hash < h; });
      auto hi = lo;
      while (hi != upper.end() && hi->hash == f.hash) ++hi;
      if (static_cast<size_t>(hi - lo) > p_.max_seed_occurrences) continue;
      for (auto it = lo; it != hi; ++it) {
        const size_t up = it->pos, lp = f.pos;
        if (!std::equal(u_.begin() + up, u_.begin() + up + k, l_.begin() + lp)) continue;  // hash collision
        if (Covered(up, lp)) continue;
        chains.push_back(Chain(up, lp, k));
        for (const auto& r : chains.back().runs) Cover(r);
      }
    }
    return Select(std::move(chains));
  }

 private:
  // True when (u, l) lies inside a run already found on the same diagonal.
  bool Covered(size_t u, size_t l) const {
    auto it = covered_.find(static_cast<int64_t>(u) - static_cast<int64_t>(l));
    if (it == covered_.end()) return false;
    for (const auto& [b, e] : it->second)
      if (l >= b && l < e) return true;
    return false;
  }
  void Cover(const copy::Run& r) {
    covered_[static_cast<int64_t>(r.upper) - static_cast<int64_t>(r.lower)].push_back(
        {r.lower, r.lower + r.length});
  }

  // The maximal exact run through the seed, continued across small edits in
  // both directions.
  RunChain Chain(size_t up, size_t lp, size_t k) {
    copy::Run r{up, lp, k};
    while (r.upper > 0 && r.lower > 0 && u_[r.upper - 1] == l_[r.lower - 1]) --r.upper, --r.lower, ++r.length;
    ExtendRight(r);
    std::vector<copy::Run> before, after;
    for (copy::Run cur = r; BridgeLeft(cur, before);) cur = before.back();
    for (copy::Run cur = r; BridgeRight(cur, after);) cur = after.back();
    RunChain c;
    c.runs.assign(before.rbegin(), before.rend());
    c.runs.push_back(r);
    c.runs.insert(c.runs.end(), after.begin(), after.end());
    return c;
  }

  void ExtendRight(copy::Run& r) const {
    while (r.upper + r.length < u_.size() && r.lower + r.length < l_.size() &&
           u_[r.upper + r.length] == l_[r.lower + r.length])
      ++r.length;
  }

  // After `r` ends, the nearest exact run of bridge_chars characters starting
  // within max_gap_chars in both texts (smallest du + dl, then smallest dl),
  // extended to the right; false when there is none.
  bool BridgeRight(const copy::Run& r, std::vector<copy::Run>& out) const {
    const size_t ue = r.upper + r.length, le = r.lower + r.length, b = p_.bridge_chars, g = p_.max_gap_chars;
    for (size_t sum = 1; sum <= 2 * g; ++sum) {
      for (size_t dl = sum > g ? sum - g : 0; dl <= std::min(sum, g); ++dl) {
        const size_t du = sum - dl;
        if (ue + du + b > u_.size() || le + dl + b > l_.size()) continue;
        if (!std::equal(u_.begin() + ue + du, u_.begin() + ue + du + b, l_.begin() + le + dl)) continue;
        copy::Run next{ue + du, le + dl, b};
        ExtendRight(next);
        out.push_back(next);
        return true;
      }
    }
    return false;
  }

  // The same before `r` starts, extended to the left.
  bool BridgeLeft(const copy::Run& r, std::vector<copy::Run>& out) const {
    const size_t b = p_.bridge_chars, g = p_.max_gap_chars;
    for (size_t sum = 1; sum <= 2 * g; ++sum) {
      for (size_t dl = sum > g ? sum - g : 0; dl <= std::min(sum, g); ++dl) {
        const size_t du = sum - dl;
        if (r.upper < du + b || r.lower < dl + b) continue;
        const size_t ub = r.upper - du - b, lb = r.lower - dl - b;
        if (!std::equal(u_.begin() + ub, u_.begin() + ub + b, l_.begin() + lb)) continue;
        copy::Run prev{ub, lb, b};
        while (prev.upper > 0 && prev.lower > 0 && u_[prev.upper - 1] == l_[prev.lower - 1])
          --prev.upper, --prev.lower, ++prev.length;
        out.push_back(prev);
        return true;
      }
    }
    return false;
  }

  // Longest chains first; a chain keeps only what no longer chain took in
  // the lower text, split where a taken span cuts it.
  std::vector<RunChain> Select(std::vector<RunChain> chains) const {
    std::vector<size_t> order(chains.size());
    std::iota(order.begin(), order.end(), 0);
    std::vector<size_t> matched(chains.size());
    for (size_t i = 0; i < chains.size(); ++i) matched[i] = chains[i].matched();
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (matched[a] != matched[b]) return matched[a] > matched[b];
      return chains[a].runs.front().lower < chains[b].runs.front().lower;
    });
    std::vector<bool> taken(l_.size(), false);
    std::vector<RunChain> out;
    for (size_t i : order) {
      if (matched[i] < p_.min_chars) break;
      for (RunChain& part : Clip(chains[i], taken)) {
        if (part.matched() < p_.min_chars) continue;
        const size_t b = part.runs.front().lower, e = part.runs.back().lower + part.runs.back().length;
        std::fill(taken.begin() + b, taken.begin() + e, true);
        out.push_back(std::move(part));
      }
    }
    std::sort(out.begin(), out.end(), [](const RunChain& a, const RunChain& b) {
      return a.runs.front().lower < b.runs.front().lower;
    });
    return out;
  }

  // The parts of `c` outside `taken`: runs are cut to their free positions
  // and a new part starts wherever taken positions lie between two runs.
  static std::vector<RunChain> Clip(const RunChain& c, const std::vector<bool>& taken) {
    std::vector<RunChain> parts(1);
    size_t last_end = SIZE_MAX;  // lower end of the previous free piece
    for (const copy::Run& r : c.runs) {
      for (size_t i = 0; i < r.length;) {
        if (taken[r.lower + i]) {
          ++i;
          continue;
        }
        size_t j = i;
        while (j < r.length && !taken[r.lower + j]) ++j;
        const size_t begin = r.lower + i;
        const bool blocked =
            last_end != SIZE_MAX &&
            std::find(taken.begin() + last_end, taken.begin() + begin, true) != taken.begin() + begin;
        if (blocked && !parts.back().runs.empty()) parts.emplace_back();
        parts.back().runs.push_back({r.upper + i, begin, j - i});
        last_end = r.lower + j;
        i = j;
      }
    }
    if (parts.back().runs.empty()) parts.pop_back();
    return parts;
  }

  const std::u32string& u_;
  const std::u32string& l_;
  const PassageSettings& p_;
  std::unordered_map<int64_t, std::vector<std::pair<size_t, size_t>>> covered_;
};

bool HasLayout(const layout::Layout& l) {
  return l.title || l.doc_no || l.addressee || l.signature || l.date;
}

}  // namespace

std::vector<RunChain> FindPassages(const std::u32string& upper, const std::u32string& lower,
                                   const PassageSettings& settings) {
  PassageSettings p = settings;
  p.min_chars = std::max<size_t>(p.min_chars, 1);
  p.kgram = std::max<size_t>(p.kgram, 1);
  p.window = std::max<size_t>(p.window, 1);
  p.bridge_chars = std::max<size_t>(p.bridge_chars, 1);
  return Matcher(upper, lower, p).Run();
}

Result<Comparison> Compare(std::string_view upper, std::string_view lower, const Settings& settings,
                           size_t min_chars) {
  const Normalizer normalizer(settings.normalize);
  Comparison out;
  const layout::Layout layout = layout::ParseLayout(lower);
  out.lower_has_layout = HasLayout(layout) && !layout.body.empty();
  out.lower_body =
      out.lower_has_layout ? ByteRange{layout.body.begin, layout.body.end} : ByteRange{0, lower.size()};
  const NormalizedText u = normalizer.Normalize(upper);
  if (u.empty())
    return MakeError(ErrorCode::kEmpty, "规范化后没有可比较的文字（只有标点、空白或层级词）", "", "upper");
  const NormalizedText l = normalizer.Normalize(lower, out.lower_body);
  if (l.empty())
    return MakeError(ErrorCode::kEmpty, "正文规范化后没有可比较的文字（只有标点、空白或层级词）", "",
                     "lower");
  PassageSettings p = settings.passages;
  if (min_chars) p.min_chars = min_chars;
  out.body_chars = l.size();
  for (const RunChain& c : FindPassages(u.chars, l.chars, p)) {
    const Run& first = c.runs.front();
    const Run& last = c.runs.back();
    Passage passage;
    passage.upper = u.Span(upper, first.upper, last.upper + last.length);
    passage.lower = l.Span(lower, first.lower, last.lower + last.length);
    passage.upper_chars = last.upper + last.length - first.upper;
    passage.lower_chars = last.lower + last.length - first.lower;
    passage.matched_chars = c.matched();
    out.copied_chars += passage.matched_chars;
    out.passages.push_back(passage);
  }
  return out;
}

}  // namespace jianfu::copy
