#include "jianfu/text/sentence.h"

#include "jianfu/text/utf8.h"

namespace jianfu::text {

namespace {

bool IsTerminator(char32_t c) {
  return c == U'。' || c == U'！' || c == U'？' || c == U'；' || c == U'!' || c == U'?' || c == U';';
}

bool IsCloser(char32_t c) {
  return c == U'”' || c == U'’' || c == U'」' || c == U'』' || c == U'）' || c == U')' || c == U'"' ||
         c == U'\'' || c == U'》';
}

bool IsSpace(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\r' || c == U'\u3000' || c == U'\u00A0';
}

}  // namespace

std::vector<Sentence> SplitSentences(std::string_view text) {
  std::vector<Sentence> out;
  size_t start = 0;
  size_t pos = 0;
  auto emit = [&](size_t end) {
    size_t b = start;
    while (b < end) {
      size_t p = b;
      if (!IsSpace(DecodeUtf8(text, p))) break;
      b = p;
    }
    if (b < end) out.push_back({b, end});
  };
  while (pos < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    if (byte == '\n') {
      emit(pos);
      start = ++pos;
      continue;
    }
    // Only '!', '?', ';' and the three-byte forms led by E3 (。) or EF
    // (！？；) can end a sentence; step over everything else by its length.
    if (pos - start > kMaxSentenceBytes) {
      // Run-on text: cut at a comma, or anywhere once twice too long.
      const char32_t c = DecodeUtf8(text, pos);
      if (c == U'，' || c == U',' || c == U'、' || pos - start > 2 * kMaxSentenceBytes) {
        emit(pos);
        start = pos;
      }
      continue;
    }
    if (byte != '!' && byte != '?' && byte != ';' && byte != 0xE3 && byte != 0xEF) {
      pos += Utf8Length(byte);
      continue;
    }
    const char32_t c = DecodeUtf8(text, pos);
    if (!IsTerminator(c)) continue;
    while (pos < text.size()) {
      size_t p = pos;
      if (!IsCloser(DecodeUtf8(text, p))) break;
      pos = p;
    }
    emit(pos);
    start = pos;
  }
  emit(text.size());
  // Trailing spaces are harmless to the checker; leading ones were skipped.
  return out;
}

}  // namespace jianfu::text
