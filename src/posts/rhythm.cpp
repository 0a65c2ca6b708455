// Posting rhythm (include/jianfu/posts/rhythm.h).
#include "jianfu/posts/rhythm.h"

#include <algorithm>
#include <vector>

#include "jianfu/posts/timestamp.h"

namespace jianfu::posts {

Rhythm ComputeRhythm(std::span<const int64_t> times) {
  Rhythm r;
  if (times.empty()) return r;
  if (times.size() >= 2) {
    std::vector<int64_t> gaps(times.size() - 1);
    for (size_t i = 1; i < times.size(); ++i) gaps[i - 1] = times[i] - times[i - 1];
    std::sort(gaps.begin(), gaps.end());
    const size_t n = gaps.size();
    const double median_seconds =
        n % 2 ? static_cast<double>(gaps[n / 2]) : (static_cast<double>(gaps[n / 2 - 1]) + gaps[n / 2]) / 2.0;
    const size_t rank = (9 * n + 9) / 10;  // ceil(0.9 n), at least 1
    r.median_gap_days = median_seconds / 86400.0;
    r.p90_gap_days = static_cast<double>(gaps[rank - 1]) / 86400.0;
  }
  // 1970-01-01 was a Thursday: day d is in Monday-based week floor((d + 3) / 7).
  auto week = [](int64_t t) {
    const int64_t d = LocalDate(t).days + 3;
    return d >= 0 ? d / 7 : (d - 6) / 7;
  };
  int64_t last = week(times[0]);
  r.active_weeks = 1;
  for (size_t i = 1; i < times.size(); ++i) {
    const int64_t w = week(times[i]);
    if (w != last) ++r.active_weeks, last = w;
  }
  r.posts_per_active_week = static_cast<double>(times.size()) / r.active_weeks;
  return r;
}

}  // namespace jianfu::posts
