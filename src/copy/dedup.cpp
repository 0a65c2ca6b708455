// In-memory near-duplicate pairs (include/jianfu/copy/dedup.h).
#include "jianfu/copy/dedup.h"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace jianfu::copy {

std::vector<SimilarPair> FindNearDuplicates(std::span<const DocumentSketch> docs, double threshold,
                                            DedupStats* stats) {
  size_t bands = 0;
  for (const auto& d : docs) bands = std::max(bands, d.band_keys.size());
  // Candidate pairs, packed as (a << 32 | b) with a < b.
  std::vector<uint64_t> pairs;
  std::vector<std::pair<uint64_t, uint32_t>> keyed;
  keyed.reserve(docs.size());
  for (size_t band = 0; band < bands; ++band) {
    keyed.clear();
    for (size_t i = 0; i < docs.size(); ++i)
      if (band < docs[i].band_keys.size())
        keyed.emplace_back(docs[i].band_keys[band], static_cast<uint32_t>(i));
    std::sort(keyed.begin(), keyed.end());
    for (size_t g = 0; g < keyed.size();) {
      size_t e = g + 1;
      while (e < keyed.size() && keyed[e].first == keyed[g].first) ++e;
      for (size_t i = g; i < e; ++i)
        for (size_t j = i + 1; j < e; ++j) pairs.push_back(uint64_t{keyed[i].second} << 32 | keyed[j].second);
      g = e;
    }
  }
  std::sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  if (stats) stats->candidates = pairs.size();

  std::vector<SimilarPair> out;
  for (const uint64_t p : pairs) {
    const size_t a = p >> 32, b = p & 0xFFFFFFFFu;
    // |A ∩ B| <= min, |A ∪ B| >= max: skip pairs whose sizes alone rule
    // them out.
    const double na = static_cast<double>(docs[a].shingles.size());
    const double nb = static_cast<double>(docs[b].shingles.size());
    if (std::min(na, nb) < threshold * std::max(na, nb)) continue;
    const double s = Jaccard(docs[a].shingles, docs[b].shingles);
    if (s >= threshold) out.push_back({a, b, s});
  }
  return out;
}

}  // namespace jianfu::copy
