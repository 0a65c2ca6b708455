// include/jianfu/copy/normalize.h
//
// Normalisation of a text for copy detection. Copying survives light edits:
// a county that copies a city's notice changes 全市 to 全县, 我市 to 我县,
// reflows the lines and swaps a comma for a 顿号. Matching therefore runs on
// the normalised text, in which
//   - white space, line breaks, punctuation, control and format characters
//     and mathematical or modifier symbols (Unicode categories Z*, C*, P*,
//     Sm, Sk: also Markdown's # * > | ` ~) are removed;
//   - full-width ASCII letters and digits (Ａ１) become half-width, and
//     ASCII letters lower case;
//   - the level words of NormalizeSettings (全省, 各市, 我县…) are removed,
//     longest first, matched on the text already stripped of punctuation.
// Every normalised character is one code point of the original text, and
// NormalizedText keeps the byte offset of each, so a range of the normalised
// text maps back to the original (Span).
//
// Normalizer is immutable after construction and thread-safe; Normalize is
// pure.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "jianfu/copy/settings.h"

namespace jianfu::copy {

// A half-open byte range [begin, end) of an original text.
struct ByteRange {
  size_t begin = 0;
  size_t end = 0;
};

struct NormalizedText {
  std::u32string chars;           // the normalised characters
  std::vector<uint32_t> offsets;  // byte offset in the original of chars[i]

  size_t size() const { return chars.size(); }
  bool empty() const { return chars.empty(); }
  // The original bytes covered by normalised characters [begin, end): from
  // the first byte of chars[begin] to the last byte of chars[end - 1].
  // REQUIRES: begin < end <= size(); `original` is the normalised text.
  ByteRange Span(std::string_view original, size_t begin, size_t end) const;
};

class Normalizer {
 public:
  explicit Normalizer(const NormalizeSettings& settings);

  // REQUIRES: text is UTF-8 (a malformed byte is kept as U+FFFD) and
  // smaller than 4 GiB. Only the bytes [range.begin, range.end) are read;
  // offsets stay relative to the start of `text`.
  NormalizedText Normalize(std::string_view text) const;
  NormalizedText Normalize(std::string_view text, ByteRange range) const;

  // A 64-bit digest of the rules (the sorted level words and the version
  // of the character rules above), stored in index files so that an index
  // built under other rules is refused rather than silently mismatched.
  uint64_t Fingerprint() const { return fingerprint_; }

 private:
  // Level words by their first character, longest first.
  std::unordered_map<char32_t, std::vector<std::u32string>> words_;
  // Bit c set when a level word starts with the BMP character c.
  std::array<uint64_t, 1024> first_bmp_{};
  uint64_t fingerprint_ = 0;
};

}  // namespace jianfu::copy
