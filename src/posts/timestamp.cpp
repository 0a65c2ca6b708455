// Timestamps of posts (include/jianfu/posts/timestamp.h).
#include "jianfu/posts/timestamp.h"

#include <cstdio>

#include "jianfu/text/csv.h"

namespace jianfu::posts {
namespace {

constexpr int64_t kDaySeconds = 86400;

bool IsDigit(char c) {
  return c >= '0' && c <= '9';
}

// The number written by the n digits at s[at], or -1 when one is not a digit.
int Number(std::string_view s, size_t at, size_t n) {
  if (at + n > s.size()) return -1;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (!IsDigit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int64_t FloorDiv(int64_t a, int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

}  // namespace

Result<int64_t> ParseTimestamp(std::string_view raw) {
  const std::string_view s = text::Trim(raw);
  const std::string quoted = "时间“" + std::string(s.substr(0, 40)) + "”";
  auto bad = [&](const std::string& why) {
    return MakeError(ErrorCode::kInvalidArgument, quoted + why, {}, "published_at");
  };
  const char* kShape = "不是 ISO 8601 格式（应为 YYYY-MM-DD 或 YYYY-MM-DDThh:mm[:ss]，可带时区 Z 或 +08:00）";
  if (s.empty()) return MakeError(ErrorCode::kInvalidArgument, "缺少发布时间", {}, "published_at");
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return bad(kShape);
  const int year = Number(s, 0, 4), month = Number(s, 5, 2), day = Number(s, 8, 2);
  if (year < 0 || month < 0 || day < 0) return bad(kShape);
  auto date = Date::Parse(s.substr(0, 10), "published_at");
  if (!date.ok()) return date.error();
  int64_t seconds = int64_t{date->days} * kDaySeconds;
  int64_t offset = kChinaOffsetSeconds;
  size_t at = 10;
  if (at < s.size()) {
    if (s[at] != 'T' && s[at] != ' ') return bad(kShape);
    ++at;
    const int hour = Number(s, at, 2);
    if (hour < 0 || at + 2 >= s.size() || s[at + 2] != ':') return bad(kShape);
    const int minute = Number(s, at + 3, 2);
    if (minute < 0) return bad(kShape);
    at += 5;
    int second = 0;
    if (at < s.size() && s[at] == ':') {
      second = Number(s, at + 1, 2);
      if (second < 0) return bad(kShape);
      at += 3;
      if (at < s.size() && (s[at] == '.' || s[at] == ',')) {
        size_t digits = 0;
        for (++at; at < s.size() && IsDigit(s[at]); ++at) ++digits;
        if (digits == 0 || digits > 9) return bad("的秒的小数部分应为 1 到 9 位数字");
      }
    }
    if (hour > 23 || minute > 59 || second > 59) return bad("的时、分或秒超出范围（00:00:00—23:59:59）");
    seconds += hour * 3600 + minute * 60 + second;
    if (at < s.size()) {
      const std::string_view zone = s.substr(at);
      if (zone == "Z") {
        offset = 0;
      } else {
        const int sign = zone[0] == '+' ? 1 : zone[0] == '-' ? -1 : 0;
        int zh = -1, zm = 0;
        if (sign != 0 && zone.size() == 3) {
          zh = Number(zone, 1, 2);
        } else if (sign != 0 && zone.size() == 5) {
          zh = Number(zone, 1, 2), zm = Number(zone, 3, 2);
        } else if (sign != 0 && zone.size() == 6 && zone[3] == ':') {
          zh = Number(zone, 1, 2), zm = Number(zone, 4, 2);
        }
        if (zh < 0 || zm < 0 || zh > 23 || zm > 59) return bad("的时区无效（应为 Z、+08:00、+0800 或 +08）");
        offset = sign * (zh * 3600 + zm * 60);
      }
    }
  }
  return seconds - offset;
}

Date LocalDate(int64_t seconds) {
  return Date{static_cast<int32_t>(FloorDiv(seconds + kChinaOffsetSeconds, kDaySeconds))};
}

std::string FormatTimestamp(int64_t seconds) {
  const int64_t local = seconds + kChinaOffsetSeconds;
  const Date d{static_cast<int32_t>(FloorDiv(local, kDaySeconds))};
  const int64_t in_day = local - int64_t{d.days} * kDaySeconds;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%sT%02d:%02d:%02d+08:00", d.ToString().c_str(),
                static_cast<int>(in_day / 3600), static_cast<int>(in_day / 60 % 60),
                static_cast<int>(in_day % 60));
  return buf;
}

}  // namespace jianfu::posts
