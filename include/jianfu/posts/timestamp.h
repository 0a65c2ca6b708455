// include/jianfu/posts/timestamp.h
//
// The publication time of a post (docs/posts.md, "Timestamps"): a strict
// subset of ISO 8601, as exported by the platforms' back ends and by Excel.
//
//   YYYY-MM-DD                          midnight, China Standard Time
//   YYYY-MM-DDThh:mm[:ss[.fraction]]    'T' or one space between date and time
//   ...followed by an optional zone     Z, +hh:mm, +hhmm or +hh (also -)
//
// A time without a zone is China Standard Time (UTC+8), the calendar of the
// regulation. Years 1900-2199; hours 00-23, minutes and seconds 00-59 (no
// leap second, no 24:00); a fraction of one to nine digits is dropped; zone
// offsets up to ±23:59. Leading and trailing spaces are ignored. Anything
// else (slashes, Chinese dates, week or ordinal dates, epoch numbers) is
// refused.
//
// Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "jianfu/core/date.h"
#include "jianfu/core/result.h"

namespace jianfu::posts {

// UTC+8: the zone of a timestamp written without one, and of the calendar
// days (days since the last post, active weeks) computed from timestamps.
inline constexpr int64_t kChinaOffsetSeconds = 8 * 3600;

// Seconds since 1970-01-01T00:00:00Z. Errors (kInvalidArgument, field
// "published_at") quote the text and say what is wrong, in Chinese.
Result<int64_t> ParseTimestamp(std::string_view text);

// The calendar day of `seconds` in China Standard Time.
Date LocalDate(int64_t seconds);

// "YYYY-MM-DDThh:mm:ss+08:00".
std::string FormatTimestamp(int64_t seconds);

}  // namespace jianfu::posts
