#include "jianfu/posts/timestamp.h"

#include <gtest/gtest.h>

namespace jianfu::posts {
namespace {

int64_t Utc(int y, int m, int d, int hh = 0, int mm = 0, int ss = 0) {
  return int64_t{Date::FromCivil(y, m, d).days} * 86400 + hh * 3600 + mm * 60 + ss;
}

TEST(PostsTimestamp, AcceptsTheDocumentedForms) {
  // Without a zone: China Standard Time.
  EXPECT_EQ(*ParseTimestamp("2024-03-01"), Utc(2024, 2, 29, 16));
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30"), Utc(2024, 3, 1, 0, 30));
  EXPECT_EQ(*ParseTimestamp("2024-03-01 08:30:15"), Utc(2024, 3, 1, 0, 30, 15));
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30:15.123456"), Utc(2024, 3, 1, 0, 30, 15));
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30:15,5"), Utc(2024, 3, 1, 0, 30, 15));
  // Zones.
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30:00Z"), Utc(2024, 3, 1, 8, 30));
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30:00+08:00"), Utc(2024, 3, 1, 0, 30));
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30:00+0800"), Utc(2024, 3, 1, 0, 30));
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30:00+08"), Utc(2024, 3, 1, 0, 30));
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30:00-05:30"), Utc(2024, 3, 1, 14, 0));
  EXPECT_EQ(*ParseTimestamp("2024-03-01T08:30Z"), Utc(2024, 3, 1, 8, 30));
  // Surrounding spaces (CSV cells) are ignored; years before 1970 work.
  EXPECT_EQ(*ParseTimestamp("  2024-03-01T00:00:00Z "), Utc(2024, 3, 1));
  EXPECT_EQ(*ParseTimestamp("1965-07-01T00:00:00Z"), Utc(1965, 7, 1));
}

TEST(PostsTimestamp, RefusesEverythingElse) {
  for (const char* bad : {"",
                          "   ",
                          "2024/03/01",
                          "2024年3月1日",
                          "20240301",
                          "1709251200",
                          "2024-3-1",
                          "2024-03-01T8:30",
                          "2024-03-01T08",
                          "2024-03-01T08:30:00.",
                          "2024-03-01T08:30:00.1234567890",
                          "2024-03-01T24:00",
                          "2024-03-01T23:60",
                          "2024-03-01T23:59:60",
                          "2024-02-30",
                          "2023-02-29",
                          "2024-13-01",
                          "1899-12-31",
                          "2200-01-01",
                          "2024-03-01T08:30:00+8",
                          "2024-03-01T08:30:00+08:0",
                          "2024-03-01T08:30:00 +08:00",
                          "2024-03-01T08:30:00z",
                          "2024-03-01T08:30:00UTC",
                          "2024-03-01Z",
                          "2024-03-01T08:30:00+24:00",
                          "2024-W09-5",
                          "2024-061",
                          "2024-03-01T08:30:00Z garbage"}) {
    const auto r = ParseTimestamp(bad);
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().field, "published_at") << bad;
      EXPECT_FALSE(r.error().message.empty());
    }
  }
  EXPECT_EQ(ParseTimestamp("").error().message, "缺少发布时间");
  EXPECT_NE(ParseTimestamp("2024/03/01").error().message.find("2024/03/01"), std::string::npos);
}

TEST(PostsTimestamp, LocalDaysAndFormatting) {
  const int64_t t = *ParseTimestamp("2024-03-01T23:30:00Z");  // 07:30 on 2 March in China
  EXPECT_EQ(LocalDate(t).ToString(), "2024-03-02");
  EXPECT_EQ(FormatTimestamp(t), "2024-03-02T07:30:00+08:00");
  const int64_t old = *ParseTimestamp("1969-12-31T20:00:00");
  EXPECT_EQ(LocalDate(old).ToString(), "1969-12-31");
  EXPECT_EQ(FormatTimestamp(old), "1969-12-31T20:00:00+08:00");
}

}  // namespace
}  // namespace jianfu::posts
