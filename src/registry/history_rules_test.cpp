// Each rule decided on the history of accepted filings: the count that
// stays within the limit, and the one that goes over it.
#include "test_fixture.h"

namespace jianfu::registry::testing {
namespace {

using nlohmann::json;


demand::Demand Doc(const std::string& date, const std::string& form = "red") {
  auto d = RegistryTest::Make("document", {{"form", form}});
  d.date = *Date::Parse(date, "date");
  return d;
}

TEST_F(RegistryTest, Doc01MoreDocumentsThanLastYear) {
  // No record of 2025: 2026 is not judged.
  EXPECT_FALSE(Has(File(Doc("2026-01-05")), "DOC-01"));
  ASSERT_TRUE(File(Doc("2025-03-01")).accepted);
  ASSERT_TRUE(File(Doc("2025-04-01")).accepted);
  EXPECT_FALSE(Has(File(Doc("2026-02-05")), "DOC-01"));  // 2nd of 2026, 2 in 2025
  auto r = File(Doc("2026-03-05"));                     // 3rd
  ASSERT_TRUE(Has(r, "DOC-01"));
  EXPECT_NE(Get(r, "DOC-01")->message.find("第3件"), std::string::npos);
  // Another issuer has its own count.
  auto other = Doc("2026-03-06");
  other.issuer = "ys-gov";
  EXPECT_FALSE(Has(File(other), "DOC-01"));
}

TEST_F(RegistryTest, Doc05ShareOfWhiteAndMemoDocuments) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(File(Doc("2026-01-0" + std::to_string(i + 1))).accepted);
  for (int i = 0; i < 4; ++i) EXPECT_FALSE(Has(File(Doc("2026-02-0" + std::to_string(i + 1), "memo")), "DOC-05"));
  // 10th document, 5 of 10 not red = 50% > 40%.
  EXPECT_TRUE(Has(File(Doc("2026-03-01", "white")), "DOC-05"));
  EXPECT_FALSE(Has(File(Doc("2026-03-02", "red")), "DOC-05"));  // only judged on a non-red one
}

TEST_F(RegistryTest, Ins01SecondComprehensiveInspection) {
  json ins = {{"type", "supervision"}, {"onsite", false}, {"comprehensive", true}, {"plan_item", nullptr}};
  EXPECT_FALSE(Has(File(Make("inspection", ins)), "INS-01"));
  EXPECT_TRUE(Has(File(Make("inspection", ins)), "INS-01"));
  ins["comprehensive"] = false;
  EXPECT_FALSE(Has(File(Make("inspection", ins)), "INS-01"));
}

TEST_F(RegistryTest, Ins04OnSiteInspectionsFromOutsideTheProvince) {
  // Cap 2 a month = 24 a year. Inspections from 广东 into 湖南.
  json ins = {{"type", "inspection"}, {"onsite", true}, {"plan_item", nullptr}};
  auto from_outside = Make("inspection", ins);
  from_outside.issuer = "gd-emergency";
  from_outside.targets = {{"43", units::LevelBit(units::Level::kProvince), {}}};
  for (int i = 0; i < 24; ++i) {
    from_outside.date = Date::FromCivil(2026, 1 + i / 2, 1 + i % 2 * 14);
    ASSERT_FALSE(Has(File(from_outside), "INS-04")) << i;
  }
  from_outside.date = Date::FromCivil(2026, 12, 20);
  EXPECT_TRUE(Has(File(from_outside, false), "INS-04"));
  // Exempt: emergency safety; and an inspection from inside the province.
  auto emergency = Make("inspection", {{"type", "inspection"}, {"onsite", true}, {"category", "emergency_safety"}});
  emergency.issuer = "gd-emergency";
  emergency.targets = from_outside.targets;
  EXPECT_FALSE(Has(File(emergency, false), "INS-04"));
  auto inside = Make("inspection", ins);
  inside.issuer = "hn-agri";
  inside.targets = from_outside.targets;
  EXPECT_FALSE(Has(File(inside, false), "INS-04"));
}

demand::Demand Request(const std::string& date, const std::vector<std::string>& fields, const json& targets) {
  auto d = RegistryTest::Make("data_request", {{"forms", {{{"name", "表"}, {"fields", fields}}}}, {"targets", targets}});
  d.date = *Date::Parse(date, "date");
  return d;
}

TEST_F(RegistryTest, Ins13TooManyDataRequestsToOneUnitInAMonth) {
  const json villages = {{{"unit", "433127101"}, {"levels", {"village"}}}};
  for (int i = 0; i < 4; ++i)
    EXPECT_FALSE(Has(File(Request("2026-05-0" + std::to_string(i + 1), {"字段" + std::to_string(i)}, villages)),
                     "INS-13"));
  // The fifth in May reaching 司城村 (through the whole county scope).
  auto r = File(Request("2026-05-20", {"新字段"}, {{{"unit", "433127"}, {"levels", {"village"}}}}));
  ASSERT_TRUE(Has(r, "INS-13"));
  EXPECT_EQ(Get(r, "INS-13")->related.size(), 4u);
  // June starts again; 首车村 was never asked.
  EXPECT_FALSE(Has(File(Request("2026-06-01", {"六月"}, villages)), "INS-13"));
  EXPECT_FALSE(Has(File(Request("2026-05-21", {"x"}, {{{"unit", "433127102001"}}})), "INS-13"));
}

demand::Demand Visit(const std::string& date, const json& targets, const std::string& type = "research") {
  auto d = RegistryTest::Make("inspection", {{"type", type}, {"onsite", true}, {"targets", targets}});
  d.date = *Date::Parse(date, "date");
  return d;
}

TEST_F(RegistryTest, Ins20RepeatVisitsToOneTownship) {
  const json township = {{{"unit", "433127101"}}};
  const json county_townships = {{{"unit", "433127"}, {"levels", {"township"}}}};
  EXPECT_FALSE(Has(File(Visit("2026-05-11", township)), "INS-20"));  // Monday
  // The same day, through a county-wide scope: 2 visits in a day > 1.
  auto r = File(Visit("2026-05-11", county_townships, "enforcement"), false);
  ASSERT_TRUE(Has(r, "INS-20"));
  EXPECT_NE(Get(r, "INS-20")->message.find("同一天"), std::string::npos);
  EXPECT_NE(Get(r, "INS-20")->message.find("灵溪镇"), std::string::npos);
  // Another day of the same week: 2 in a week is allowed, 3 is not.
  EXPECT_FALSE(Has(File(Visit("2026-05-13", township)), "INS-20"));
  auto third = File(Visit("2026-05-15", township), false);
  ASSERT_TRUE(Has(third, "INS-20"));
  EXPECT_NE(Get(third, "INS-20")->message.find("同一周"), std::string::npos);
  // Next week, third visit of the month: allowed; the fourth is not.
  EXPECT_FALSE(Has(File(Visit("2026-05-19", township)), "INS-20"));
  auto fourth = File(Visit("2026-05-27", township), false);
  ASSERT_TRUE(Has(fourth, "INS-20"));
  EXPECT_NE(Get(fourth, "INS-20")->message.find("同一个月"), std::string::npos);
  // Another township is untouched.
  EXPECT_FALSE(Has(File(Visit("2026-05-27", {{{"unit", "433127102"}}}), false), "INS-20"));
}

TEST_F(RegistryTest, Data01TheSameFieldAskedTwice) {
  const json county_villages = {{{"unit", "433127"}, {"levels", {"village"}}}};
  ASSERT_TRUE(File(Request("2026-03-01", {"户籍人口", "耕地面积"}, county_villages)).accepted);
  auto r = File(Request("2026-09-01", {"耕地面积"}, {{{"unit", "433127101"}, {"levels", {"village"}}}}));
  ASSERT_TRUE(Has(r, "DATA-01"));
  EXPECT_EQ(Get(r, "DATA-01")->related, std::vector<int64_t>{1});
  // Another county's villages, or a field never asked: fine.
  EXPECT_FALSE(Has(File(Request("2026-09-02", {"耕地面积"}, {{{"unit", "433126"}, {"levels", {"village"}}}})), "DATA-01"));
  EXPECT_FALSE(Has(File(Request("2026-09-03", {"林地面积"}, county_villages)), "DATA-01"));
  // More than a year later.
  EXPECT_FALSE(Has(File(Request("2027-03-02", {"户籍人口"}, county_villages), false), "DATA-01"));
}

TEST_F(RegistryTest, App08ASecondReportingChannelForTheSameUnits) {
  json app = {{"app_type", "app"}, {"audience", "grassroots"}, {"filing_no", "备-1"}, {"features", {"form_filling"}}};
  EXPECT_FALSE(Has(File(Make("app", app)), "APP-08"));
  // Another issuer, overlapping units (the villages of one township): a second channel.
  auto second = Make("app", app);
  second.issuer = "ys-gov";
  second.targets = {{"433127101", units::LevelBit(units::Level::kTownship), {}}};
  auto r = File(second, false);
  ASSERT_TRUE(Has(r, "APP-08"));
  EXPECT_EQ(Get(r, "APP-08")->related, std::vector<int64_t>{1});
  // No reporting feature, or other units: fine.
  app["features"] = {"complaint"};
  EXPECT_FALSE(Has(File(Make("app", app), false), "APP-08"));
  auto elsewhere = Make("app", {{"app_type", "app"}, {"audience", "grassroots"}, {"filing_no", "备-2"}, {"features", {"data_report"}}});
  elsewhere.targets = {{"433126", units::LevelBit(units::Level::kTownship), {}}};
  EXPECT_FALSE(Has(File(elsewhere, false), "APP-08"));
}

}  // namespace
}  // namespace jianfu::registry::testing
