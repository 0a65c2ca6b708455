// include/jianfu/text/count.h
//
// Character counting the way WPS and Word report 字数 for Chinese documents.
// The convention, with worked examples and the parts of a 公文 that are not
// counted as 正文, is specified in docs/counting.md. Pure, thread-safe, no
// allocation: one pass over the bytes.
#pragma once

#include <cstddef>
#include <string_view>

namespace jianfu::text {

struct CharCount {
  // 字数:
  //  - each CJK ideograph (all extension blocks, compatibility ideographs),
  //    each full-width or CJK punctuation mark (、。，：；！？“”‘’（）《》【】—…·
  //    and the U+FFxx full-width forms other than letters and digits) and any
  //    other symbol counts one;
  //  - each run of Latin letters or digits (ASCII, full-width, accented,
  //    Greek, Cyrillic) counts one, e.g. "2024" in "2024年", "APP". A single
  //    . - _ / : ' & + @ # between two letters/digits stays inside the run
  //    ("3.5", "COVID-19", "www.gov.cn"), as does ',' between two digits
  //    ("1,000"), and a '%' or '‰' right after digits ("5.2%");
  //  - any other half-width punctuation counts one each;
  //  - white space (incl. U+3000, NBSP, tabs, zero-width spaces, BOM) and
  //    line breaks count none; combining marks and variation selectors add
  //    nothing to the character they follow.
  size_t words = 0;
  // 字符数(不计空格): every code point that is not white space or a line break.
  size_t chars_no_spaces = 0;
  // 字符数(计空格): every code point except line breaks (\n, \r, \v, \f,
  // U+0085, U+2028, U+2029); a CRLF pair counts none.
  size_t chars_with_spaces = 0;
};

// REQUIRES: utf8 is valid UTF-8 (a malformed byte counts as one symbol).
CharCount CountChars(std::string_view utf8);

}  // namespace jianfu::text
