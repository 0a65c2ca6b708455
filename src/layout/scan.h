// src/layout/scan.h
//
// Small UTF-8 scanning helpers for the layout parser: code point stepping,
// white space, trimming and byte-wise prefix/suffix tests on string_views.
// Internal to src/layout.
#pragma once

#include <cstddef>
#include <initializer_list>
#include <string_view>

namespace jianfu::layout::internal {

// Decodes the code point at s[i] and advances i. Never reads past the end; a
// malformed byte yields U+FFFD and advances by one.
inline char32_t Next(std::string_view s, size_t& i) {
  const auto b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
  if (len == 1 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = b & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
  for (size_t k = 1; k < len; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (c & 0x3F);
  }
  i += len;
  return cp;
}

// Decodes the code point that ends at s[i-1] and moves i to its start.
// REQUIRES: i > 0.
inline char32_t Prev(std::string_view s, size_t& i) {
  size_t start = i - 1;
  size_t steps = 0;
  while (start > 0 && steps < 3 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) {
    --start;
    ++steps;
  }
  size_t j = start;
  const char32_t cp = Next(s, j);
  if (j != i) {  // malformed: step back one byte only
    i -= 1;
    return 0xFFFD;
  }
  i = start;
  return cp;
}

// White space as the layout sees it: Unicode White_Space plus the invisible
// zero-width spaces and BOM that web pages leave behind.
inline bool IsSpace(char32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f' || c == 0x85 ||
         c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200D) || c == 0x2028 || c == 0x2029 ||
         c == 0x202F || c == 0x205F || c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}

inline bool IsCjk(char32_t c) {
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007;
}

// ASCII or full-width digit value, or -1.
inline int DigitValue(char32_t c) {
  if (c >= '0' && c <= '9') return static_cast<int>(c - '0');
  if (c >= 0xFF10 && c <= 0xFF19) return static_cast<int>(c - 0xFF10);
  return -1;
}

// 〇零一二…九十百两 as used in headings and dates.
inline bool IsChineseNumeral(char32_t c) {
  switch (c) {
    case U'〇':
    case U'○':
    case U'零':
    case U'一':
    case U'二':
    case U'三':
    case U'四':
    case U'五':
    case U'六':
    case U'七':
    case U'八':
    case U'九':
    case U'十':
    case U'百':
    case U'两':
    case U'Ｏ':
      return true;
    default:
      return false;
  }
}

inline void SkipSpaces(std::string_view s, size_t& i) {
  while (i < s.size()) {
    size_t j = i;
    if (!IsSpace(Next(s, j))) return;
    i = j;
  }
}

// Counts the digits (ASCII or full-width) at s[i], advancing i past them.
inline int SkipDigits(std::string_view s, size_t& i) {
  int n = 0;
  while (i < s.size()) {
    size_t j = i;
    if (DigitValue(Next(s, j)) < 0) break;
    i = j;
    ++n;
  }
  return n;
}

// Counts the Chinese numerals at s[i], advancing i past them.
inline int SkipChineseNumerals(std::string_view s, size_t& i) {
  int n = 0;
  while (i < s.size()) {
    size_t j = i;
    if (!IsChineseNumeral(Next(s, j))) break;
    i = j;
    ++n;
  }
  return n;
}

// s without leading and trailing white space.
inline std::string_view Trim(std::string_view s) {
  size_t b = 0;
  while (b < s.size()) {
    size_t j = b;
    if (!IsSpace(Next(s, j))) break;
    b = j;
  }
  size_t e = s.size();
  while (e > b) {
    size_t j = e;
    if (!IsSpace(Prev(s, j))) break;
    e = j;
  }
  return s.substr(b, e - b);
}

inline bool StartsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}
inline bool EndsWith(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
inline bool Contains(std::string_view s, std::string_view p) {
  return s.find(p) != std::string_view::npos;
}

// Sentence-ending punctuation anywhere in t: 。！？； or ASCII !?;.
inline bool HasSentencePunct(std::string_view t) {
  return Contains(t, "。") || Contains(t, "！") || Contains(t, "？") || Contains(t, "；") ||
         Contains(t, "!") || Contains(t, "?") || Contains(t, ";");
}

inline bool EndsWithColon(std::string_view t) {
  return EndsWith(t, "：") || EndsWith(t, ":");
}

inline bool StartsWithAny(std::string_view t, std::initializer_list<std::string_view> ps) {
  for (std::string_view p : ps) {
    if (StartsWith(t, p)) return true;
  }
  return false;
}

inline size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// First code point of s (0 when empty).
inline char32_t First(std::string_view s) {
  size_t i = 0;
  return s.empty() ? 0 : Next(s, i);
}
// Last code point of s (0 when empty).
inline char32_t Last(std::string_view s) {
  size_t i = s.size();
  return s.empty() ? 0 : Prev(s, i);
}

// Drops the first code point.
inline std::string_view DropFirst(std::string_view s) {
  size_t i = 0;
  if (!s.empty()) Next(s, i);
  return s.substr(i);
}
// Drops the last code point.
inline std::string_view DropLast(std::string_view s) {
  size_t i = s.size();
  if (!s.empty()) Prev(s, i);
  return s.substr(0, i);
}

// Removes a prefix p (and following white space) when present.
inline bool Consume(std::string_view& s, std::string_view p) {
  if (!StartsWith(s, p)) return false;
  s = Trim(s.substr(p.size()));
  return true;
}

// s with every white space code point removed is equal to t.
inline bool EqualsIgnoringSpace(std::string_view s, std::string_view t) {
  size_t i = 0, j = 0;
  while (true) {
    while (i < s.size()) {
      size_t k = i;
      if (!IsSpace(Next(s, k))) break;
      i = k;
    }
    while (j < t.size()) {
      size_t k = j;
      if (!IsSpace(Next(t, k))) break;
      j = k;
    }
    if (i == s.size() || j == t.size()) return i == s.size() && j == t.size();
    const char32_t a = Next(s, i);
    const char32_t b = Next(t, j);
    if (a != b) return false;
  }
}

}  // namespace jianfu::layout::internal
