// Normalisation for copy detection (include/jianfu/copy/normalize.h).
#include "jianfu/copy/normalize.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <cassert>

#include "jianfu/copy/hash.h"
#include "jianfu/text/utf8.h"

namespace jianfu::copy {

namespace {

// Bumped whenever the character rules below change meaning, so that index
// files built under the old rules are refused (Normalizer::Fingerprint).
constexpr uint64_t kCharRulesVersion = 1;

// The normalised form of one code point, or 0 when it is removed.
char32_t Fold(char32_t c) {
  // Fast paths: ASCII and the CJK Unified Ideographs block (kept).
  if (c < 0x80) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) return c;
    if (c >= 'A' && c <= 'Z') return c + ('a' - 'A');
    return 0;  // controls, space, punctuation, symbols
  }
  if (c >= 0x4E00 && c <= 0x9FFF) return c;
  // Full-width ASCII letters and digits become half-width.
  if (c >= 0xFF10 && c <= 0xFF19) return c - 0xFF10 + '0';
  if (c >= 0xFF21 && c <= 0xFF3A) return c - 0xFF21 + 'a';
  if (c >= 0xFF41 && c <= 0xFF5A) return c - 0xFF41 + 'a';
  const uint32_t mask = U_MASK(u_charType(static_cast<UChar32>(c)));
  constexpr uint32_t kRemoved = U_GC_Z_MASK | U_GC_C_MASK | U_GC_P_MASK | U_GC_SM_MASK | U_GC_SK_MASK;
  return (mask & kRemoved) ? 0 : c;
}

std::u32string FoldWord(std::string_view word) {
  std::u32string out;
  for (size_t i = 0; i < word.size();) {
    if (const char32_t c = Fold(text::DecodeUtf8(word, i))) out += c;
  }
  return out;
}

}  // namespace

ByteRange NormalizedText::Span(std::string_view original, size_t begin, size_t end) const {
  assert(begin < end && end <= chars.size());
  // Decode the last character again to find where it ends (one byte for a
  // malformed sequence, as Normalize read it).
  size_t after = offsets[end - 1];
  if (after < original.size()) text::DecodeUtf8(original, after);
  return {offsets[begin], std::min(original.size(), after)};
}

Normalizer::Normalizer(const NormalizeSettings& settings) {
  std::vector<std::u32string> all;
  for (const auto& w : settings.level_words) {
    std::u32string f = FoldWord(w);
    if (!f.empty()) all.push_back(std::move(f));
  }
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  uint64_t fp = internal::Mix64(kCharRulesVersion);
  for (const auto& w : all) {
    fp = internal::Mix64(fp ^ internal::HashChars(w.data(), w.size()));
    words_[w[0]].push_back(w);
    if (w[0] < 0x10000) first_bmp_[w[0] >> 6] |= uint64_t{1} << (w[0] & 63);
  }
  fingerprint_ = fp;
  for (auto& [first, list] : words_)
    std::stable_sort(list.begin(), list.end(),
                     [](const auto& a, const auto& b) { return a.size() > b.size(); });
}

NormalizedText Normalizer::Normalize(std::string_view text) const {
  return Normalize(text, {0, text.size()});
}

NormalizedText Normalizer::Normalize(std::string_view text, ByteRange range) const {
  NormalizedText out;
  const size_t end = std::min(range.end, text.size());
  size_t pos = std::min(range.begin, end);
  // Never start inside a UTF-8 sequence.
  while (pos < end && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) ++pos;
  out.chars.reserve((end - pos) / 2);
  out.offsets.reserve((end - pos) / 2);
  const std::string_view view = text.substr(0, end);
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  while (pos < end) {
    const size_t at = pos;
    char32_t cp;
    // Fast path: a well-formed three-byte sequence (all of CJK) outside the
    // surrogates; anything else goes through DecodeUtf8.
    if (b[pos] >= 0xE1 && b[pos] <= 0xEF && b[pos] != 0xED && pos + 2 < end && (b[pos + 1] & 0xC0) == 0x80 &&
        (b[pos + 2] & 0xC0) == 0x80) {
      cp = (char32_t{b[pos] & 0x0Fu} << 12) | (char32_t{b[pos + 1] & 0x3Fu} << 6) | (b[pos + 2] & 0x3Fu);
      pos += 3;
    } else {
      cp = text::DecodeUtf8(view, pos);
    }
    const char32_t c = Fold(cp);
    if (!c) continue;
    out.chars.push_back(c);
    out.offsets.push_back(static_cast<uint32_t>(at));
  }
  if (words_.empty()) return out;

  // Remove the level words, longest match first, compacting in place.
  size_t write = 0;
  const size_t n = out.chars.size();
  for (size_t read = 0; read < n;) {
    size_t skip = 0;
    const char32_t c = out.chars[read];
    const bool maybe = c >= 0x10000 || (first_bmp_[c >> 6] >> (c & 63)) & 1;
    if (auto it = maybe ? words_.find(c) : words_.end(); it != words_.end()) {
      for (const auto& w : it->second) {
        if (w.size() <= n - read && std::equal(w.begin(), w.end(), out.chars.begin() + read)) {
          skip = w.size();
          break;
        }
      }
    }
    if (skip) {
      read += skip;
      continue;
    }
    out.chars[write] = out.chars[read];
    out.offsets[write] = out.offsets[read];
    ++write;
    ++read;
  }
  out.chars.resize(write);
  out.offsets.resize(write);
  return out;
}

}  // namespace jianfu::copy
