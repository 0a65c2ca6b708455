#include "jianfu/core/date.h"

#include <chrono>
#include <cstdio>

namespace jianfu {
namespace {

namespace chr = std::chrono;

struct Civil {
  int y, m, d;
};

Civil ToCivil(int32_t days) {
  const chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int Digits(std::string_view s) {
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

}  // namespace

Date Date::FromCivil(int year, int month, int day) {
  const chr::year_month_day ymd{chr::year{year}, chr::month{static_cast<unsigned>(month)},
                                chr::day{static_cast<unsigned>(day)}};
  return Date{static_cast<int32_t>(chr::sys_days{ymd}.time_since_epoch().count())};
}

Result<Date> Date::Parse(std::string_view text, std::string_view field) {
  auto bad = [&](std::string why) {
    return MakeError(ErrorCode::kInvalidArgument, "日期“" + std::string(text.substr(0, 32)) + "”" + why,
                     {}, std::string(field));
  };
  bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (size_t i = 0; shape && i < text.size(); ++i)
    if (i != 4 && i != 7 && (text[i] < '0' || text[i] > '9')) shape = false;
  if (!shape) return bad("不是 YYYY-MM-DD 格式");
  const int y = Digits(text.substr(0, 4)), m = Digits(text.substr(5, 2)), d = Digits(text.substr(8, 2));
  if (y < 1900 || y > 2199) return bad("年份超出 1900—2199");
  const chr::year_month_day ymd{chr::year{y}, chr::month{static_cast<unsigned>(m)},
                                chr::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return bad("不存在（月份或日子无效）");
  return FromCivil(y, m, d);
}

Date Date::Today() {
  const auto now = chr::system_clock::now() + chr::hours{8};
  return Date{static_cast<int32_t>(chr::floor<chr::days>(now).time_since_epoch().count())};
}

int Date::year() const { return ToCivil(days).y; }
int Date::month() const { return ToCivil(days).m; }
int Date::day() const { return ToCivil(days).d; }
int Date::weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  return static_cast<int>(((days % 7) + 7 + 3) % 7);
}

std::string Date::ToString() const {
  const Civil c = ToCivil(days);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", c.y, c.m, c.d);
  return buf;
}

}  // namespace jianfu
