#include "calendar.h"

#include <algorithm>

namespace jianfu::demo {
namespace {

// Month factors per season, January first.
constexpr double kMonths[kSeasonCount][12] = {
    {0.95, 0.85, 1.15, 1.05, 1.0, 1.1, 0.9, 0.85, 1.0, 0.95, 1.3, 1.55},  // office
    {0.6, 0.5, 0.9, 1.0, 1.0, 1.1, 0.9, 0.8, 1.0, 1.0, 1.6, 2.0},         // inspection
    {3.0, 3.0, 2.5, 0.3, 0.2, 0.2, 0.3, 0.2, 0.2, 0.2, 0.2, 0.4},         // annual meeting
};

struct MonthDay {
  int month, day;
};

}  // namespace

Date SpringFestivalEve(int year) {
  // The day before 春节 (正月初一).
  static constexpr MonthDay kNewYear[] = {
      {1, 25}, {2, 12}, {2, 1}, {1, 22}, {2, 10}, {1, 29}, {2, 17}, {2, 6},  // 2020–2027
      {1, 26}, {2, 13}, {2, 3}, {1, 23}, {2, 11}, {1, 31}, {2, 19}, {2, 8},  // 2028–2035
  };
  if (year >= 2020 && year <= 2035) {
    const MonthDay md = kNewYear[year - 2020];
    return Date::FromCivil(year, md.month, md.day) + (-1);
  }
  return Date::FromCivil(year, 2, 4);
}

Calendar::Calendar(int year) : first_(Date::FromCivil(year, 1, 1)), eve_(SpringFestivalEve(year)) {
  const int days = Date::FromCivil(year + 1, 1, 1) - first_;
  for (int s = 0; s < kSeasonCount; ++s) {
    auto& cdf = cdf_[s];
    cdf.resize(days);
    double total = 0;
    for (int i = 0; i < days; ++i) cdf[i] = total += Weight(static_cast<Season>(s), first_ + i);
    for (double& c : cdf) c /= total;
  }
}

double Calendar::Weight(Season season, Date day) const {
  const int month = day.month(), dom = day.day();
  double w = kMonths[static_cast<int>(season)][month - 1];
  if (day.weekday() >= 5) w *= 0.06;
  // Public holidays: New Year's Day, 清明, 劳动节, 国庆 (approximate days).
  if ((month == 1 && dom == 1) || (month == 4 && dom >= 4 && dom <= 6) || (month == 5 && dom <= 5) ||
      (month == 10 && dom <= 7))
    w *= 0.04;
  // The Spring Festival: a week off from 除夕, a slow start after it, and the
  // year-end rush of the lunar year before it.
  const int from_eve = day - eve_;
  if (from_eve >= 0 && from_eve <= 7) {
    w *= 0.02;
  } else if (from_eve > 7 && from_eve <= 14) {
    w *= 0.6;
  } else if (from_eve >= -10 && from_eve < 0) {
    w *= 0.8;
  }
  // The last two weeks of December: 年终考核 and 年底冲刺.
  if (month == 12 && dom >= 15) w *= 1.25;
  return w;
}

Date Calendar::Sample(Season season, Rng& rng) const {
  const auto& cdf = cdf_[static_cast<int>(season)];
  const double x = rng.Unit();
  const auto it = std::upper_bound(cdf.begin(), cdf.end(), x);
  const auto i = std::min<size_t>(static_cast<size_t>(it - cdf.begin()), cdf.size() - 1);
  return first_ + static_cast<int32_t>(i);
}

}  // namespace jianfu::demo
