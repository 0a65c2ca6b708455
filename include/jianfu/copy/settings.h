// include/jianfu/copy/settings.h
//
// The parameters of copy detection, as data: rules/copy/copy.toml is compiled
// into the binary (LoadBuiltinSettings) and a local TOML file of the same
// shape may overlay it (OverlaySettings): a province adds level words or
// raises the shortest passage without a rebuild. The keys and their meaning
// are documented in rules/copy/copy.toml and docs/copy.md. A malformed file is
// an Error of kind kRuleFile naming the file, line, column and key.
//
// Plain values; immutable once loaded, safe to share between threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"

namespace jianfu::copy {

// What is removed from a text before matching (normalize.h).
struct NormalizeSettings {
  // Removed wherever they occur, longest first (全省, 各市, 我县…).
  std::vector<std::string> level_words;
};

// Exact copied passages between two documents (passages.h).
struct PassageSettings {
  // Shortest passage reported, in normalised characters. Default: 30.
  size_t min_chars = 30;
  // Length of the fingerprinted character k-grams (an upper bound: lowered
  // when min_chars is smaller). Default: 8.
  size_t kgram = 8;
  // Winnowing window, in k-grams (an upper bound, see PassageOptions).
  // Default: 16.
  size_t window = 16;
  // A k-gram occurring more often than this in the upper text seeds no
  // match. Default: 64.
  size_t max_seed_occurrences = 64;
  // Largest edit a passage continues across, in characters on each side.
  // Default: 8.
  size_t max_gap_chars = 8;
  // Shortest exact run that continues a passage after an edit. Default: 5.
  size_t bridge_chars = 5;
};

// How the num_hashes values of a MinHash signature are computed (minhash.h).
enum class MinHashScheme {
  // One hash per shingle, split into num_hashes bins by its high bits, the
  // smallest value kept per bin, empty bins filled by optimal densification:
  // O(shingles + num_hashes) per document. TOML "one_permutation".
  kOnePermutation,
  // num_hashes independent hash functions, the smallest value of each:
  // O(shingles x num_hashes), the classic scheme (datasketch's MinHash).
  // TOML "independent".
  kIndependent,
};

// "one_permutation" or "independent".
const char* MinHashSchemeName(MinHashScheme s);

// Near-duplicate detection (minhash.h, index.h).
struct MinHashSettings {
  // Characters per shingle. Default: 5.
  size_t shingle_chars = 5;
  // Values in a signature (bins, or hash functions). Default: 128.
  size_t num_hashes = 128;
  // Default: kOnePermutation.
  MinHashScheme scheme = MinHashScheme::kOnePermutation;
  // LSH banding: bands x rows <= num_hashes. Default: 21 x 6, which makes a
  // pair of similarity 0.8 a candidate with probability 0.998.
  size_t bands = 21;
  size_t rows = 6;
  // Exact Jaccard similarity from which a pair is a near-duplicate.
  // Default: 0.8.
  double threshold = 0.8;
  // Seed of the hash functions. Default: 20240806.
  uint64_t seed = 20240806;
};

struct Settings {
  NormalizeSettings normalize;
  PassageSettings passages;
  MinHashSettings minhash;
  std::vector<std::string> sources;  // names of the files read, in order
};

// rules/copy/copy.toml as compiled into the binary.
Result<Settings> LoadBuiltinSettings();

// Applies one TOML document on top of `settings`: keys given replace their
// value; `level_words_add` appends to the list. `name` is used in errors.
// Unknown tables or keys, wrong types and out-of-range values are errors
// (sizes must be at least 1, bands x rows at most num_hashes, threshold in
// (0, 1]); on error `settings` is left unchanged.
Status OverlaySettings(Settings& settings, std::string_view toml, const std::string& name);

}  // namespace jianfu::copy
