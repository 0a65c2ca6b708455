// The working year of a Chinese office, as weights per day: weekdays busy,
// weekends and public holidays quiet, the Spring Festival quietest, the weeks
// before the year's end busiest (年终考核, 年底冲刺); inspections gather in
// November and December, annual work meetings in the first quarter. Private
// to the demo module.
#pragma once

#include <array>
#include <vector>

#include "jianfu/core/date.h"
#include "rng.h"

namespace jianfu::demo {

enum class Season : uint8_t {
  kOffice,         // documents, data requests, tasks…
  kInspection,     // 督查检查考核: year-end heavy
  kAnnualMeeting,  // 年度工作会议: January to March
};
inline constexpr int kSeasonCount = 3;

// 除夕 (the eve of the Spring Festival) for 2020–2035; another year gets a
// February day that is right on average.
Date SpringFestivalEve(int year);

class Calendar {
 public:
  explicit Calendar(int year);
  // A day of the year drawn with the season's weights.
  Date Sample(Season season, Rng& rng) const;
  // The weight of a day, relative to an ordinary weekday (1).
  double Weight(Season season, Date day) const;

 private:
  Date first_, eve_;
  std::array<std::vector<double>, kSeasonCount> cdf_;
};

}  // namespace jianfu::demo
