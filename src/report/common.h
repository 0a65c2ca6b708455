// src/report/common.h
//
// Helpers shared by the reporters (internal to the report module).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/check/finding.h"

namespace jianfu::report::internal {

// Byte offsets at which each code point of s starts, followed by s.size():
// entry i is where code point i starts, so the result has CountCodePoints(s)
// + 1 entries. A code point starts at every byte that is not a UTF-8
// continuation byte (the convention text::TextIndex counts with), so a slice
// between two entries never splits a sequence.
std::vector<size_t> CodePointStarts(std::string_view s);

// Code points [begin, end) of s, clamped to its length.
std::string SliceCodePoints(std::string_view s, size_t begin, size_t end);

// A match (or any range of the text) as code points relative to the excerpt
// of f, clipped to the excerpt of `excerpt_chars` code points. Returns false
// when nothing of it lies inside the excerpt.
bool RelativeToExcerpt(const check::Finding& f, const check::Range& r, size_t excerpt_chars, size_t* begin,
                       size_t* end);

// The text a match covers, sliced from the excerpt by code points ("" when the
// match lies outside the excerpt).
std::string MatchText(const check::Finding& f, const check::Range& match);

}  // namespace jianfu::report::internal
