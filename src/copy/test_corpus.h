// src/copy/test_corpus.h (tests only)
//
// A generated corpus with planted near-duplicates, and the exact reference
// the LSH results are measured against.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "jianfu/copy/minhash.h"
#include "jianfu/text/utf8.h"

namespace jianfu::copy::testing_util {

// Documents of 400-800 words drawn from a Zipf-like vocabulary of 3,000
// words of one to four ideographs, in sentences ending with "。". A quarter
// of the base documents get one to three variants, each with a share of
// its words replaced (1% to 15%, so that their similarity to the base falls
// on both sides of 0.8), and some with a sentence added or dropped.
inline std::vector<std::string> GeneratedCorpus(size_t bases, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> vocab;
  for (size_t i = 0; i < 3000; ++i) {
    std::string w;
    const size_t len = 1 + rng() % 4;
    for (size_t k = 0; k < len; ++k) text::AppendUtf8(w, static_cast<char32_t>(0x4E00 + rng() % 3000));
    vocab.push_back(std::move(w));
  }
  // Zipf-like: word i drawn with weight 1 / (i + 10).
  std::vector<double> weights;
  for (size_t i = 0; i < vocab.size(); ++i) weights.push_back(1.0 / static_cast<double>(i + 10));
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());

  using Doc = std::vector<std::vector<size_t>>;  // sentences of word ids
  auto render = [&](const Doc& d) {
    std::string s;
    for (const auto& sentence : d) {
      for (size_t w : sentence) s += vocab[w];
      s += "。\n";
    }
    return s;
  };
  std::vector<std::string> out;
  const double rates[] = {0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.08, 0.10, 0.15};
  for (size_t b = 0; b < bases; ++b) {
    Doc doc;
    const size_t words = 400 + rng() % 400;
    for (size_t n = 0; n < words;) {
      std::vector<size_t> sentence;
      const size_t len = 8 + rng() % 20;
      for (size_t k = 0; k < len; ++k) sentence.push_back(pick(rng));
      n += len;
      doc.push_back(std::move(sentence));
    }
    out.push_back(render(doc));
    if (b % 4 != 0) continue;
    const size_t variants = 1 + rng() % 3;
    for (size_t v = 0; v < variants; ++v) {
      Doc copy = doc;
      const double rate = rates[rng() % std::size(rates)];
      for (auto& sentence : copy)
        for (auto& w : sentence)
          if (std::uniform_real_distribution<double>(0, 1)(rng) < rate) w = pick(rng);
      if (rng() % 3 == 0) copy.erase(copy.begin() + static_cast<long>(rng() % copy.size()));
      if (rng() % 3 == 0) copy.insert(copy.begin() + static_cast<long>(rng() % copy.size()), copy.front());
      out.push_back(render(copy));
    }
  }
  return out;
}

// The exact set of pairs (a < b) with Jaccard >= threshold, by comparing
// every pair (skipping those whose sizes alone rule them out: the Jaccard
// index is at most min(|A|, |B|) / max(|A|, |B|)).
inline std::vector<std::pair<size_t, size_t>> BruteForcePairs(const std::vector<DocumentSketch>& docs,
                                                              double threshold) {
  std::vector<std::pair<size_t, size_t>> out;
  for (size_t a = 0; a < docs.size(); ++a) {
    for (size_t b = a + 1; b < docs.size(); ++b) {
      const double na = static_cast<double>(docs[a].shingles.size());
      const double nb = static_cast<double>(docs[b].shingles.size());
      if (std::min(na, nb) < threshold * std::max(na, nb)) continue;
      if (Jaccard(docs[a].shingles, docs[b].shingles) >= threshold) out.emplace_back(a, b);
    }
  }
  return out;
}

// The same set, computed faster but exactly (All-Pairs, Bayardo et al.
// 2007): if J(x, y) >= t then |x ∩ y| >= t|x| and >= t|y|, so with every
// set ordered the same way (rarest shingle first) the first
// |x| - ceil(t|x|) + 1 shingles of x and of y share one. Candidates are the
// pairs whose such prefixes share a shingle; each is then compared exactly.
inline std::vector<std::pair<size_t, size_t>> ExactPairs(const std::vector<DocumentSketch>& docs,
                                                         double threshold) {
  struct Occ {
    uint64_t shingle;
    uint32_t doc;
  };
  std::vector<Occ> all;
  for (size_t d = 0; d < docs.size(); ++d)
    for (uint64_t s : docs[d].shingles) all.push_back({s, static_cast<uint32_t>(d)});
  std::sort(all.begin(), all.end(), [](const Occ& a, const Occ& b) {
    return a.shingle != b.shingle ? a.shingle < b.shingle : a.doc < b.doc;
  });
  // Each doc's shingles as (document frequency, shingle), rarest first.
  std::vector<std::vector<std::pair<uint32_t, uint64_t>>> ordered(docs.size());
  for (size_t g = 0; g < all.size();) {
    size_t e = g;
    while (e < all.size() && all[e].shingle == all[g].shingle) ++e;
    for (size_t i = g; i < e; ++i)
      ordered[all[i].doc].emplace_back(static_cast<uint32_t>(e - g), all[g].shingle);
    g = e;
  }
  std::vector<std::pair<uint32_t, uint64_t>> cutoff(docs.size());
  for (size_t d = 0; d < docs.size(); ++d) {
    auto& o = ordered[d];
    std::sort(o.begin(), o.end());
    const size_t n = o.size();
    const size_t need = static_cast<size_t>(std::ceil(threshold * static_cast<double>(n) - 1e-9));
    const size_t prefix = n - std::min(n, need) + 1;
    cutoff[d] = o[std::min(prefix, n) - 1];
  }
  std::vector<uint64_t> candidates;
  for (size_t g = 0; g < all.size();) {
    size_t e = g;
    while (e < all.size() && all[e].shingle == all[g].shingle) ++e;
    const std::pair<uint32_t, uint64_t> key(static_cast<uint32_t>(e - g), all[g].shingle);
    std::vector<uint32_t> in_prefix;
    for (size_t i = g; i < e; ++i)
      if (key <= cutoff[all[i].doc]) in_prefix.push_back(all[i].doc);
    for (size_t i = 0; i < in_prefix.size(); ++i)
      for (size_t j = i + 1; j < in_prefix.size(); ++j)
        candidates.push_back(uint64_t{in_prefix[i]} << 32 | in_prefix[j]);
    g = e;
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<std::pair<size_t, size_t>> out;
  for (uint64_t c : candidates) {
    const size_t a = c >> 32, b = c & 0xFFFFFFFFu;
    if (Jaccard(docs[a].shingles, docs[b].shingles) >= threshold) out.emplace_back(a, b);
  }
  return out;
}

}  // namespace jianfu::copy::testing_util
