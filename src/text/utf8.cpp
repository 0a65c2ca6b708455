#include "jianfu/text/utf8.h"

#include <algorithm>

namespace jianfu::text {

namespace {

// Length of the valid sequence at s[i], or 0 when malformed.
size_t ValidSequenceLength(std::string_view s, size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return 1;
  const size_t n = s.size() - i;
  auto cont = [&](size_t k) { return k < n && (static_cast<unsigned char>(s[i + k]) & 0xC0) == 0x80; };
  if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
  if (b0 >= 0xE0 && b0 <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xE0 && b1 < 0xA0) return 0;  // overlong
    if (b0 == 0xED && b1 > 0x9F) return 0;  // surrogate
    return 3;
  }
  if (b0 >= 0xF0 && b0 <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if (b0 == 0xF0 && b1 < 0x90) return 0;  // overlong
    if (b0 == 0xF4 && b1 > 0x8F) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

}  // namespace

size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    // Fast path over ASCII, eight bytes at a time.
    while (i + 8 <= s.size()) {
      uint64_t w;
      std::copy_n(s.data() + i, 8, reinterpret_cast<char*>(&w));
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= s.size()) break;
    const size_t n = ValidSequenceLength(s, i);
    if (n == 0) return i;
    i += n;
  }
  return kNpos;
}

char32_t DecodeUtf8(std::string_view s, size_t& pos) {
  const size_t n = ValidSequenceLength(s, pos);
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (n == 0) {
    ++pos;
    return 0xFFFD;
  }
  char32_t cp = 0;
  switch (n) {
    case 1:
      cp = b0;
      break;
    case 2:
      cp = b0 & 0x1F;
      break;
    case 3:
      cp = b0 & 0x0F;
      break;
    default:
      cp = b0 & 0x07;
      break;
  }
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[pos + k]) & 0x3F);
  pos += n;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

size_t CountCodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

TextIndex::TextIndex(std::string_view text) : text_(text) {
  line_starts_.push_back(0);
  line_char_starts_.push_back(0);
  for (size_t i = text.find('\n'); i != std::string_view::npos; i = text.find('\n', i + 1)) {
    line_char_starts_.push_back(line_char_starts_.back() +
                                CountCodePoints(text.substr(line_starts_.back(), i + 1 - line_starts_.back())));
    line_starts_.push_back(i + 1);
  }
  // Code points before byte b = lead bytes in [0, b), defined for any b.
  checkpoints_.push_back(0);
  for (size_t at = 0; at + kStep <= text.size(); at += kStep)
    checkpoints_.push_back(checkpoints_.back() + CountCodePoints(text.substr(at, kStep)));
}

size_t TextIndex::CharOffset(size_t byte) const {
  byte = std::min(byte, text_.size());
  const int line = Line(byte);
  const size_t line_start = line_starts_[line - 1];
  const size_t k = byte / kStep;
  if (line_start >= k * kStep)
    return line_char_starts_[line - 1] + CountCodePoints(text_.substr(line_start, byte - line_start));
  return checkpoints_[k] + CountCodePoints(text_.substr(k * kStep, byte - k * kStep));
}

int TextIndex::Line(size_t byte) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), byte);
  return static_cast<int>(it - line_starts_.begin());
}

int TextIndex::Column(size_t byte) const {
  byte = std::min(byte, text_.size());
  const size_t start = line_starts_[Line(byte) - 1];
  return static_cast<int>(CharOffset(byte) - CharOffset(start)) + 1;
}

std::pair<size_t, size_t> TextIndex::LineBounds(int line) const {
  const size_t idx = static_cast<size_t>(std::clamp(line, 1, static_cast<int>(line_starts_.size())) - 1);
  const size_t begin = line_starts_[idx];
  size_t end = idx + 1 < line_starts_.size() ? line_starts_[idx + 1] - 1 : text_.size();
  return {begin, end};
}

}  // namespace jianfu::text
