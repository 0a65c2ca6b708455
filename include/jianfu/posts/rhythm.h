// include/jianfu/posts/rhythm.h
//
// The posting rhythm of one account (docs/posts.md, "Rhythm"): the gaps
// between its consecutive posts and how many posts it makes in a week in
// which it posts at all. Pure, thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

namespace jianfu::posts {

struct Rhythm {
  // Gaps between consecutive posts in days (seconds / 86,400); absent with
  // fewer than two posts. median: the middle gap, or the mean of the two
  // middle ones; p90: nearest rank, gap number ceil(0.9 n) in increasing
  // order.
  std::optional<double> median_gap_days;
  std::optional<double> p90_gap_days;
  // Weeks, Monday to Sunday in China Standard Time, with at least one post.
  uint32_t active_weeks = 0;
  double posts_per_active_week = 0;  // posts / active_weeks; 0 with no post
};

// REQUIRES: `times` (seconds since the epoch) sorted increasing.
Rhythm ComputeRhythm(std::span<const int64_t> times);

}  // namespace jianfu::posts
