// include/jianfu/copy/dedup.h
//
// Near-duplicate pairs within a set of documents held in memory (`jianfu
// dedup`): LSH candidates (two documents sharing a band key, minhash.h),
// each verified by the exact Jaccard index of the shingle sets, so every
// pair returned really is at or above the threshold (precision 1.0); a pair
// above it is missed only when no band key agrees (probability
// 1 - CandidateProbability). For a corpus that grows over time, or one too
// large to hold every shingle set in memory, see index.h.
//
// Pure, thread-safe.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "jianfu/copy/minhash.h"

namespace jianfu::copy {

struct SimilarPair {
  size_t a = 0;  // indexes into the documents given, a < b
  size_t b = 0;
  double similarity = 0;  // exact Jaccard index of the shingle sets
};

struct DedupStats {
  size_t candidates = 0;  // distinct candidate pairs verified
};

// The pairs of `docs` with exact similarity >= threshold, sorted by (a, b).
// Every sketch must come from the same Sketcher settings.
std::vector<SimilarPair> FindNearDuplicates(std::span<const DocumentSketch> docs, double threshold,
                                            DedupStats* stats = nullptr);

}  // namespace jianfu::copy
