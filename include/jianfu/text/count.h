// include/jianfu/text/count.h
//
// Character counting the way WPS and Word report 字数 for Chinese documents.
// The convention is specified in docs/counting.md. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

namespace jianfu::text {

struct CharCount {
  // 字数: each CJK character and each full-width punctuation mark counts one;
  // each run of Latin letters or digits (e.g. "2024", "APP") counts one;
  // half-width punctuation counts one each; white space counts none.
  size_t words = 0;
  // 字符数(不计空格): every code point that is not white space.
  size_t chars_no_spaces = 0;
  // 字符数(计空格): every code point except line breaks.
  size_t chars_with_spaces = 0;
};

// REQUIRES: utf8 is valid UTF-8.
CharCount CountChars(std::string_view utf8);

}  // namespace jianfu::text
