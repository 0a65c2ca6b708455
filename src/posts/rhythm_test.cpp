#include "jianfu/posts/rhythm.h"

#include <gtest/gtest.h>

#include <vector>

#include "jianfu/posts/timestamp.h"

namespace jianfu::posts {
namespace {

std::vector<int64_t> Times(std::initializer_list<const char*> stamps) {
  std::vector<int64_t> out;
  for (const char* s : stamps) out.push_back(*ParseTimestamp(s));
  return out;
}

TEST(PostsRhythm, NoPostAndOnePost) {
  const Rhythm none = ComputeRhythm({});
  EXPECT_FALSE(none.median_gap_days);
  EXPECT_EQ(none.active_weeks, 0u);
  EXPECT_EQ(none.posts_per_active_week, 0.0);
  const auto one = Times({"2024-03-01T08:00"});
  const Rhythm r = ComputeRhythm(one);
  EXPECT_FALSE(r.median_gap_days);
  EXPECT_FALSE(r.p90_gap_days);
  EXPECT_EQ(r.active_weeks, 1u);
  EXPECT_EQ(r.posts_per_active_week, 1.0);
}

TEST(PostsRhythm, GapsMedianAndNearestRankP90) {
  // Gaps 1, 2 and 6 days: median 2; p90 is gap number ceil(2.7) = 3.
  const auto t = Times({"2024-01-01T08:00", "2024-01-02T08:00", "2024-01-04T08:00", "2024-01-10T08:00"});
  const Rhythm r = ComputeRhythm(t);
  EXPECT_DOUBLE_EQ(*r.median_gap_days, 2.0);
  EXPECT_DOUBLE_EQ(*r.p90_gap_days, 6.0);
  // 2024-01-01 is a Monday: the first three posts share a week.
  EXPECT_EQ(r.active_weeks, 2u);
  EXPECT_DOUBLE_EQ(r.posts_per_active_week, 2.0);
}

TEST(PostsRhythm, EvenNumberOfGapsAndTwelveHourGaps) {
  // Gaps 0.5, 1, 1.5, 10 days: median (1 + 1.5) / 2; p90 gap number 4.
  const auto t = Times(
      {"2024-01-01T08:00", "2024-01-01T20:00", "2024-01-02T20:00", "2024-01-04T08:00", "2024-01-14T08:00"});
  const Rhythm r = ComputeRhythm(t);
  EXPECT_DOUBLE_EQ(*r.median_gap_days, 1.25);
  EXPECT_DOUBLE_EQ(*r.p90_gap_days, 10.0);
  // Sunday 14 January is still the second week.
  EXPECT_EQ(r.active_weeks, 2u);
  EXPECT_DOUBLE_EQ(r.posts_per_active_week, 2.5);
}

TEST(PostsRhythm, WeeksFollowChinaStandardTime) {
  // Sunday 23:30 in China is Sunday 15:30 UTC; Monday 00:30 in China is
  // still Sunday in UTC, but a new week here.
  const auto t = Times({"2024-03-03T23:30:00+08:00", "2024-03-04T00:30:00+08:00"});
  EXPECT_EQ(ComputeRhythm(t).active_weeks, 2u);
  // Ten gaps of one day: p90 gap number 9.
  std::vector<int64_t> daily;
  for (int d = 0; d <= 10; ++d) daily.push_back(d * 86400);
  EXPECT_DOUBLE_EQ(*ComputeRhythm(daily).p90_gap_days, 1.0);
}

}  // namespace
}  // namespace jianfu::posts
