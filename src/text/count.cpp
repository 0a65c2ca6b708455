// WPS/Word-style 字数 counting. The convention, with worked examples, is in
// docs/counting.md; keep the two in step.
//
// One pass over the bytes, no allocation: the function runs over every
// document (and over every 正文 span), so ASCII goes through a table and
// multi-byte sequences are decoded inline without re-validation.
#include "jianfu/text/count.h"

#include <array>
#include <cstdint>

namespace jianfu::text {

namespace {

// What a code point contributes.
enum Class : uint8_t {
  kBreak,      // line break: counted nowhere
  kSpace,      // white space or an invisible format character: chars_with_spaces only
  kAlnum,      // Latin-script letter or digit: joins a run that counts one word
  kConnector,  // ASCII . - _ / : ' & + @ #: inside a run when between two alnums, else punctuation
  kComma,      // ',': inside a run only between two digits (1,000), else punctuation
  kPercent,    // % ‰: closes a numeric run (5.2%), else punctuation
  kMark,       // combining mark / variation selector: a character, but never a word of its own
  kOther,      // CJK ideograph, kana, full-width or half-width punctuation, symbol: one word each
};

constexpr std::array<uint8_t, 128> MakeAsciiTable() {
  std::array<uint8_t, 128> t{};
  for (int c = 0; c < 128; ++c) {
    uint8_t k = kOther;
    if (c == '\n' || c == '\r' || c == '\v' || c == '\f') {
      k = kBreak;
    } else if (c == ' ' || c == '\t' || c < 0x20 || c == 0x7F) {
      k = kSpace;  // other C0 controls are invisible: treat like space
    } else if ((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      k = kAlnum;
    } else if (c == '.' || c == '-' || c == '_' || c == '/' || c == ':' || c == '\'' || c == '&' ||
               c == '+' || c == '@' || c == '#') {
      k = kConnector;
    } else if (c == ',') {
      k = kComma;
    } else if (c == '%') {
      k = kPercent;
    }
    t[static_cast<size_t>(c)] = k;
  }
  return t;
}

constexpr std::array<uint8_t, 128> kAscii = MakeAsciiTable();

// Classes of non-ASCII code points.
inline Class Classify(char32_t cp) {
  if (cp < 0x3000) {
    if (cp < 0x0100) {
      if (cp == 0x85) return kBreak;
      if (cp < 0xA0 || cp == 0xA0) return kSpace;                 // C1 controls, NBSP
      if (cp == 0xAD) return kSpace;                              // soft hyphen: invisible
      if (cp == 0xB2 || cp == 0xB3 || cp == 0xB9) return kAlnum;  // superscript digits
      if (cp >= 0xC0 && cp != 0xD7 && cp != 0xF7) return kAlnum;  // Latin-1 letters
      return kOther;                                              // ·, ×, ÷, ©, ° …
    }
    if (cp < 0x0250) return kAlnum;                 // Latin Extended-A/B
    if (cp >= 0x0300 && cp < 0x0370) return kMark;  // combining diacritics
    if (cp >= 0x0370 && cp < 0x0530) {              // Greek, Cyrillic
      return (cp == 0x037E || cp == 0x0387) ? kOther : kAlnum;
    }
    if (cp == 0x1680) return kSpace;
    if (cp >= 0x1E00 && cp < 0x2000) return kAlnum;   // Latin Extended Additional, Greek Extended
    if (cp >= 0x2000 && cp <= 0x200F) return kSpace;  // en quad … ZWSP, ZWNJ, ZWJ, LRM, RLM
    if (cp == 0x2028 || cp == 0x2029) return kBreak;
    if (cp == 0x202F || cp == 0x205F || cp == 0x2060) return kSpace;
    if (cp == 0x2030) return kPercent;              // ‰
    if (cp >= 0x20D0 && cp < 0x2100) return kMark;  // combining marks for symbols
    return kOther;
  }
  if (cp == 0x3000) return kSpace;                 // ideographic space
  if (cp >= 0xFE00 && cp <= 0xFE0F) return kMark;  // variation selectors
  if (cp >= 0xFE20 && cp <= 0xFE2F) return kMark;  // combining half marks
  if (cp == 0xFEFF) return kSpace;                 // BOM / zero-width no-break space
  if ((cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) || (cp >= 0xFF41 && cp <= 0xFF5A)) {
    return kAlnum;  // full-width digits and letters
  }
  if (cp >= 0xE0100 && cp <= 0xE01EF) return kMark;  // ideographic variation selectors
  return kOther;
}

}  // namespace

CharCount CountChars(std::string_view utf8) {
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  size_t words = 0, no_spaces = 0, with_spaces = 0;

  // Run state. `in_run`: the last code point belonged to a counted run.
  // `pending`: connectors (or one comma) that followed the run and wait for
  // the next code point to decide whether they continue it; if they do not,
  // each counts one as punctuation.
  bool in_run = false;
  bool last_digit = false;     // the run's last alnum was a digit
  size_t pending = 0;          // number of pending connectors/commas
  bool pending_comma = false;  // the pending sequence contains a comma

  size_t i = 0;
  while (i < n) {
    const unsigned char b = p[i];
    // Fast path for most of a Chinese text: U+4000..U+9FFF (lead bytes
    // E4..E9) are ideographs or symbols that count one each, like kOther below.
    if (b >= 0xE4 && b <= 0xE9 && i + 3 <= n && (p[i + 1] & 0xC0) == 0x80 && (p[i + 2] & 0xC0) == 0x80) {
      words += pending + 1;
      pending = 0;
      pending_comma = false;
      in_run = false;
      ++with_spaces;
      ++no_spaces;
      i += 3;
      continue;
    }
    char32_t cp;
    uint8_t k;
    if (b < 0x80) {
      cp = b;
      k = kAscii[b];
      ++i;
    } else {
      // Decode without validating (REQUIRES valid UTF-8); a stray byte is
      // taken as one code point of its own so the loop always advances.
      size_t len;
      if (b >= 0xF0 && b <= 0xF4) {
        cp = b & 0x07;
        len = 4;
      } else if (b >= 0xE0 && b < 0xF0) {
        cp = b & 0x0F;
        len = 3;
      } else if (b >= 0xC2 && b < 0xE0) {
        cp = b & 0x1F;
        len = 2;
      } else {
        cp = 0xFFFD;
        len = 1;
      }
      if (i + len > n) {  // truncated: one replacement character
        cp = 0xFFFD;
        len = 1;
      }
      for (size_t j = 1; j < len; ++j) {
        const unsigned char c = p[i + j];
        if ((c & 0xC0) != 0x80) {
          len = 1;
          cp = 0xFFFD;
          break;
        }
        cp = (cp << 6) | (c & 0x3F);
      }
      i += len;
      k = Classify(cp);
    }

    if (k == kBreak || k == kSpace) {
      if (k == kSpace) ++with_spaces;
      words += pending;  // dangling connectors count as punctuation
      pending = 0;
      pending_comma = false;
      in_run = false;
      continue;
    }
    ++with_spaces;
    ++no_spaces;

    const bool digit = (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19);
    if (in_run && (k == kConnector || k == kComma)) {
      pending_comma = pending_comma || k == kComma;
      ++pending;
      continue;
    }
    if (pending) {
      // Resolve the connectors after a run: "3.5", "COVID-19", "1,000".
      const bool joins = k == kAlnum && (!pending_comma || (pending == 1 && last_digit && digit));
      if (joins) {
        pending = 0;
        pending_comma = false;
        last_digit = digit;
        continue;  // same run: neither the connectors nor this alnum add a word
      }
      words += pending;
      pending = 0;
      pending_comma = false;
      in_run = false;
    }

    switch (k) {
      case kAlnum:
        if (!in_run) ++words;
        in_run = true;
        last_digit = digit;
        break;
      case kPercent:
        if (!(in_run && last_digit)) ++words;  // "5%" is one word; a lone % is one
        in_run = false;
        break;
      case kMark:
        break;  // belongs to the preceding character (or run)
      default:  // kOther, and connectors or commas outside a run
        ++words;
        in_run = false;
        break;
    }
  }
  words += pending;

  CharCount c;
  c.words = words;
  c.chars_no_spaces = no_spaces;
  c.chars_with_spaces = with_spaces;
  return c;
}

}  // namespace jianfu::text
