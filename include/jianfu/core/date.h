// include/jianfu/core/date.h
//
// Date: a calendar day as days since 1970-01-01 (proleptic Gregorian), the
// one date type of jianfu's records (filings, windows, validity of codes).
// Parsed only from the strict form YYYY-MM-DD within 1900-01-01..2199-12-31;
// anything else is refused with a message naming the field.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "jianfu/core/result.h"

namespace jianfu {

struct Date {
  int32_t days = 0;  // since 1970-01-01

  static Date FromCivil(int year, int month, int day);
  // Strict YYYY-MM-DD; `field` names the value in the error.
  static Result<Date> Parse(std::string_view text, std::string_view field);
  // Today in UTC+8 (China Standard Time), the calendar the regulation uses.
  static Date Today();

  int year() const;
  int month() const;  // 1..12
  int day() const;    // 1..31
  int weekday() const;  // 0 = Monday .. 6 = Sunday
  std::string ToString() const;  // YYYY-MM-DD

  friend auto operator<=>(const Date&, const Date&) = default;
  friend bool operator==(const Date&, const Date&) = default;
  Date operator+(int32_t n) const { return Date{days + n}; }
  int32_t operator-(const Date& o) const { return days - o.days; }
};

}  // namespace jianfu
