// include/jianfu/text/sentence.h
//
// Splits text into sentences, the unit the burden checker judges. A sentence
// ends at 。！？；!?; (with any closing quotes or brackets that follow) or at a
// line break. Pure, thread-safe.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace jianfu::text {

struct Sentence {
  size_t begin = 0;  // byte offset of the first non-space byte
  size_t end = 0;    // byte offset one past the terminator
};

// A run-on "sentence" longer than this many bytes is cut at the next comma,
// and one twice as long anywhere, so that the checker's work per sentence
// stays bounded on text without sentence ends (real sentences are far shorter).
inline constexpr size_t kMaxSentenceBytes = 4096;

// Sentences of `text` in order, skipping blank ones.
std::vector<Sentence> SplitSentences(std::string_view text);

}  // namespace jianfu::text
