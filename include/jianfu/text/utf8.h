// include/jianfu/text/utf8.h
//
// UTF-8 primitives and TextIndex, which maps byte offsets of a text to the
// character (code point) offsets, lines and columns users see. All functions
// are pure; TextIndex is immutable after construction and thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace jianfu::text {

inline constexpr size_t kNpos = static_cast<size_t>(-1);

// Byte offset of the first malformed, overlong or surrogate sequence, or kNpos.
size_t FindInvalidUtf8(std::string_view s);

// Decodes the code point starting at s[pos] and advances pos past it.
// A malformed byte yields U+FFFD and advances by one.
// REQUIRES: pos < s.size()
char32_t DecodeUtf8(std::string_view s, size_t& pos);

// Appends the UTF-8 encoding of cp to out.
void AppendUtf8(std::string& out, char32_t cp);

size_t CountCodePoints(std::string_view s);

// Number of bytes of the UTF-8 sequence starting with lead byte b (1 for
// continuation or invalid bytes).
inline size_t Utf8Length(unsigned char b) {
  return b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 1;
}

class TextIndex {
 public:
  // Keeps a view of text: the text must outlive the index.
  explicit TextIndex(std::string_view text);

  // Code points before byte offset `byte` (clamped to the text size).
  size_t CharOffset(size_t byte) const;
  // 1-based line containing byte offset `byte` (lines end at '\n').
  int Line(size_t byte) const;
  // 1-based column, in code points, of byte offset `byte` within its line.
  int Column(size_t byte) const;
  // Byte offsets of the start and end (exclusive, without '\n') of line n.
  std::pair<size_t, size_t> LineBounds(int line) const;

 private:
  static constexpr size_t kStep = 4096;  // bytes between checkpoints
  std::string_view text_;
  std::vector<size_t> line_starts_;       // byte offset of each line start
  std::vector<size_t> line_char_starts_;  // code points before each line start
  std::vector<size_t> checkpoints_;       // code points before byte k * kStep
  // A lookup counts from the nearer of its line start and the checkpoint
  // before it: a short line costs its length, a one-line text at most kStep.
};

}  // namespace jianfu::text
