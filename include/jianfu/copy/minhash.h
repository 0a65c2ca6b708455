// include/jianfu/copy/minhash.h
//
// Near-duplicate documents by MinHash (Broder, 1997) with LSH banding.
//
// A document's shingles are the distinct character n-grams (n =
// MinHashSettings::shingle_chars, default 5) of its normalised text
// (normalize.h), each hashed to 64 bits; two documents' similarity is the
// exact Jaccard index of their shingle sets.
//
// A signature holds num_hashes values such that two documents' values at the
// same place agree with probability equal to their Jaccard index. Two
// schemes compute them (MinHashSettings::scheme):
//   one permutation (default): each shingle hash x is mixed once with the
//     seed, h = Mix64(x xor P) with P = SplitMix64(seed, 2^32 - 1); the high
//     32 bits of h pick bin floor(high32(h) * num_hashes / 2^32), and the
//     bin keeps the smallest low32(h). An empty bin i takes the value of the
//     first filled bin j in the probe sequence
//     j_t = floor(high32(SplitMix64(P xor (i << 32), t)) * num_hashes / 2^32),
//     t = 0, 1, ... (optimal densification, Shrivastava 2017).
//   independent: for each of num_hashes hash functions h_i the smallest
//     h_i over the shingles, with the multiply-add-shift hash of the 32-bit
//     fold of x:
//       x32 = low32(x) xor high32(x),  h_i(x) = ((a_i * x32 + b_i) mod 2^64) >> 32
//     with a_i (odd) and b_i the outputs 2i and 2i+1 of SplitMix64(seed).
// LSH cuts the signature into `bands` bands of `rows` values; each band
// hashes to a key, and two documents sharing a key in some band are a
// candidate pair, which happens with probability 1 - (1 - s^rows)^bands for
// similarity s (CandidateProbability). Candidates are then verified exactly.
//
// All of it is defined by MinHashSettings (and the normalisation), which the
// index file stores, so that a comparison with another MinHash LSH
// implementation can use the same parameters (docs/copy.md).
//
// MinHasher and Sketcher are immutable after construction and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/copy/normalize.h"
#include "jianfu/copy/settings.h"
#include "jianfu/core/result.h"

namespace jianfu::copy {

// The sorted, distinct hashes of the n-grams of `chars` (n >= 1); a
// non-empty text shorter than n has one shingle, the whole text.
std::vector<uint64_t> Shingles(std::u32string_view chars, size_t n);

// The same hashes in text order, repeats included (Shingles before sorting
// and deduplicating). Enough for MinHasher::Signature, whose minima do not
// see repeats, and cheaper when the set itself is not needed (posts).
std::vector<uint64_t> ShingleHashes(std::u32string_view chars, size_t n);

// Exact Jaccard index |A ∩ B| / |A ∪ B| of two sorted, distinct sets; 0 when
// both are empty.
double Jaccard(std::span<const uint64_t> a, std::span<const uint64_t> b);

// Probability that a pair of similarity s shares a band key.
double CandidateProbability(double s, size_t bands, size_t rows);

class MinHasher {
 public:
  // REQUIRES: settings.bands * settings.rows <= settings.num_hashes.
  explicit MinHasher(const MinHashSettings& settings);

  // num_hashes values; all 0xFFFFFFFF for an empty set.
  std::vector<uint32_t> Signature(std::span<const uint64_t> shingles) const;
  // One key per band, from signature values [band * rows, (band + 1) * rows).
  std::vector<uint64_t> BandKeys(std::span<const uint32_t> signature) const;

  const MinHashSettings& settings() const { return settings_; }

 private:
  MinHashSettings settings_;
  // kIndependent: h_i = (a_i x + b_i) >> 32, each 64-bit a_i and b_i kept as
  // its low and high halves so that the loop over i runs in 32-bit lanes.
  std::vector<uint32_t> a_lo_, a_hi_, b_lo_, b_hi_;
  uint64_t permutation_ = 0;  // kOnePermutation: the seed of the one hash
};

// The fraction of equal values of two signatures: an estimate of the
// Jaccard index.
double EstimateSimilarity(std::span<const uint32_t> a, std::span<const uint32_t> b);

// What near-duplicate detection keeps of a document.
struct DocumentSketch {
  std::vector<uint64_t> shingles;   // sorted, distinct (Shingles)
  std::vector<uint64_t> band_keys;  // one per band (MinHasher::BandKeys)
  uint64_t content_hash = 0;        // of the normalised text
  size_t chars = 0;                 // normalised characters
};

// Normalisation, shingling and MinHash in one.
class Sketcher {
 public:
  Sketcher(const NormalizeSettings& normalize, const MinHashSettings& minhash);

  // Errors: kEmpty when nothing is left after normalisation.
  Result<DocumentSketch> Sketch(std::string_view text) const;

  const Normalizer& normalizer() const { return normalizer_; }
  const MinHasher& hasher() const { return hasher_; }

 private:
  Normalizer normalizer_;
  MinHasher hasher_;
};

}  // namespace jianfu::copy
