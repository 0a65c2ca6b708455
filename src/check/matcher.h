// src/check/matcher.h (internal)
//
// Matcher: many patterns, one pass over the text (Hyperscan, block mode,
// leftmost start of match). Immutable after Create; Scan is thread-safe
// (each call borrows a scratch space from a pool).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"

struct hs_database;
struct hs_scratch;

namespace jianfu::check {

struct Hit {
  uint32_t pattern;  // index into the pattern list given to Create
  uint32_t begin;    // byte offsets in the scanned text; begin == end when
  uint32_t end;      // the pattern was compiled without start of match
};

struct Pattern {
  std::string expression;  // Hyperscan syntax, UTF-8
  bool need_start = true;  // report the leftmost start (costly for long repeats)
};

class Matcher {
 public:
  // On a bad pattern the Error's `field` is the pattern's index as a string.
  // With a `cache_dir`, the compiled database is kept there (keyed by a hash
  // of the patterns and the Hyperscan version) and reused by later
  // processes; compiling takes ~0.3 s, loading ~1 ms. Cache failures are
  // silent: the matcher then compiles as if there were no cache.
  static Result<std::unique_ptr<Matcher>> Create(const std::vector<Pattern>& patterns,
                                                 const std::filesystem::path& cache_dir = {});
  ~Matcher();

  // All matches, sorted by end then begin. The text must be valid UTF-8 and
  // shorter than 4 GiB.
  std::vector<Hit> Scan(std::string_view text) const;

 private:
  Matcher() = default;
  hs_scratch* Borrow() const;
  void Return(hs_scratch* s) const;

  std::vector<bool> need_start_;
  hs_database* db_ = nullptr;
  hs_scratch* prototype_ = nullptr;
  mutable std::mutex mu_;
  mutable std::vector<hs_scratch*> pool_;
};

}  // namespace jianfu::check
