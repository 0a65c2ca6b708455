// include/jianfu/copy/passages.h
//
// Exact copied passages between two documents (以文件落实文件): which parts of
// a lower unit's draft repeat an upper document, and what share of the
// draft's 正文 they make up.
//
// Both texts are normalised (normalize.h). Fingerprints are hashes of the
// normalised character k-grams, thinned by winnowing (the smallest hash of
// every window of consecutive k-grams); a fingerprint the two texts share
// seeds a match, which is extended character by character to a maximal exact
// run in both directions, then continued across small edits (an inserted,
// deleted or replaced word) as long as another exact run follows close
// behind in both texts. A passage is reported when its exact runs total at
// least min_chars normalised characters. Where passages from different
// places of the upper text overlap in the lower text, the longer one keeps
// the overlap.
//
// Only the 正文 of the lower document is compared: the body span of
// layout::ParseLayout when the text has a 公文 layout (a 标题, 发文字号, 主送,
// 署名 or 成文日期 is recognised), else the whole text. The upper document is
// compared whole.
//
// Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "jianfu/copy/normalize.h"
#include "jianfu/copy/settings.h"
#include "jianfu/core/result.h"

namespace jianfu::copy {

struct Passage {
  ByteRange upper;  // bytes of the upper text
  ByteRange lower;  // bytes of the lower text
  // Normalised characters the passage spans in each text, and how many of
  // them are matched exactly (the rest are the edits it continued across).
  size_t upper_chars = 0;
  size_t lower_chars = 0;
  size_t matched_chars = 0;
};

struct Comparison {
  // Ordered by position in the lower text; they do not overlap there.
  std::vector<Passage> passages;
  // The part of the lower text compared: its 正文, or all of it.
  ByteRange lower_body;
  bool lower_has_layout = false;  // true when lower_body is a 公文's 正文
  // Normalised characters of lower_body, and how many of them lie in an
  // exact run of a passage.
  size_t body_chars = 0;
  size_t copied_chars = 0;
  // copied_chars / body_chars, in [0, 1].
  double share() const { return body_chars ? static_cast<double>(copied_chars) / body_chars : 0.0; }
};

// Finds the passages of `lower` copied from `upper`. `min_chars` overrides
// settings.passages.min_chars when non-zero. The k-gram length and window
// are lowered for a small min_chars so that every shared run of min_chars
// characters is found: k = min(kgram, min_chars), w = min(window,
// min_chars - k + 1).
// Errors: kEmpty when either text (for lower: its 正文) has no character
// left after normalisation; the error's `field` is "upper" or "lower" (the
// caller fills in `path`).
Result<Comparison> Compare(std::string_view upper, std::string_view lower, const Settings& settings,
                           size_t min_chars = 0);

// An exact run: normalised characters [lower, lower + length) of the lower
// text equal [upper, upper + length) of the upper text.
struct Run {
  size_t upper = 0;
  size_t lower = 0;
  size_t length = 0;
};

// A passage in normalised characters: its exact runs, increasing in both
// texts, each next one starting at most max_gap_chars after the previous in
// each text.
struct RunChain {
  std::vector<Run> runs;
  size_t matched() const;
};

// The matching itself, on texts already normalised (for tests and
// benchmarks): the passages Compare reports, in normalised characters,
// ordered by position in `lower`. Uses settings.min_chars as given.
std::vector<RunChain> FindPassages(const std::u32string& upper, const std::u32string& lower,
                                   const PassageSettings& settings);

}  // namespace jianfu::copy
