// Each rule decided on the demand itself: one case that fires, one that
// does not.
#include "test_fixture.h"

namespace jianfu::registry::testing {
namespace {

using nlohmann::json;


json Meeting(const std::string& type, int minutes, int speech, const std::string& convener, bool principals) {
  return {{"type", type},         {"minutes", minutes},        {"main_speech_minutes", speech}, {"format", "onsite"},
          {"convener_role", convener}, {"requires_principals", principals}};
}

TEST_F(RegistryTest, Mtg10DeputyConvenerAskingForPrincipals) {
  EXPECT_TRUE(Has(File(Make("meeting", Meeting("business", 120, 30, "deputy", true)), false), "MTG-10"));
  EXPECT_FALSE(Has(File(Make("meeting", Meeting("business", 120, 30, "principal", true)), false), "MTG-10"));
  EXPECT_FALSE(Has(File(Make("meeting", Meeting("business", 120, 30, "deputy", false)), false), "MTG-10"));
}

TEST_F(RegistryTest, Mtg20MainSpeechOverAnHour) {
  auto r = File(Make("meeting", Meeting("business", 180, 61, "principal", false)), false);
  ASSERT_TRUE(Has(r, "MTG-20"));
  EXPECT_NE(Get(r, "MTG-20")->message.find("61"), std::string::npos);
  EXPECT_FALSE(Has(File(Make("meeting", Meeting("business", 180, 60, "principal", false)), false), "MTG-20"));
}

TEST_F(RegistryTest, Mtg22MeetingLength) {
  EXPECT_TRUE(Has(File(Make("meeting", Meeting("business", 241, 0, "principal", false)), false), "MTG-22"));
  EXPECT_FALSE(Has(File(Make("meeting", Meeting("business", 240, 0, "principal", false)), false), "MTG-22"));
  EXPECT_FALSE(Has(File(Make("meeting", Meeting("group_discussion", 720, 0, "principal", false)), false), "MTG-22"));
  EXPECT_TRUE(Has(File(Make("meeting", Meeting("group_discussion", 721, 0, "principal", false)), false), "MTG-22"));
}

json Inspection(const json& plan) {
  return {{"type", "inspection"}, {"onsite", false}, {"plan_item", plan}};
}

TEST_F(RegistryTest, Ins02InspectionOutsideThePlan) {
  ASSERT_TRUE(registry_
                  ->ImportListItems({{store::ListItem::List::kPlan, "P-1", "ys-agri", "农业安全生产检查", "", 2026},
                                     {store::ListItem::List::kPlan, "P-2", "ys-gov", "综合督查", "", 2026},
                                     {store::ListItem::List::kPlan, "P-3", "ys-agri", "去年的检查", "", 2025}})
                  .ok());
  EXPECT_FALSE(Has(File(Make("inspection", Inspection("P-1")), false), "INS-02"));
  for (const json& plan : {json(nullptr), json("P-9"), json("P-2"), json("P-3")})
    EXPECT_TRUE(Has(File(Make("inspection", Inspection(plan)), false), "INS-02")) << plan;
}

json Secondment(const std::string& from, int months, const std::string& label) {
  return {{"from_unit", from}, {"persons", 2}, {"months", months}, {"label", label}};
}

TEST_F(RegistryTest, Sec01BorrowingFromCountyOrBelow) {
  auto from_township = Make("secondment", Secondment("lx-gov", 3, "secondment"));
  from_township.issuer = "xx-edu";
  EXPECT_TRUE(Has(File(from_township, false), "SEC-01"));
  auto from_county = Make("secondment", Secondment("ys-agri", 3, "secondment"));
  from_county.issuer = "hn-agri";
  EXPECT_TRUE(Has(File(from_county, false), "SEC-01"));
  auto from_city = Make("secondment", Secondment("xx-edu", 3, "secondment"));
  from_city.issuer = "hn-agri";
  EXPECT_FALSE(Has(File(from_city, false), "SEC-01"));
  // Sending a county cadre sideways within the county is not borrowing upward.
  auto same_level = Make("secondment", Secondment("ys-gov", 3, "secondment"));
  EXPECT_FALSE(Has(File(same_level, false), "SEC-01"));
}

TEST_F(RegistryTest, Sec03DisguisedSecondmentIsBlocked) {
  auto d = Make("secondment", Secondment("lx-gov", 3, "work_team"));
  d.issuer = "xx-edu";
  auto r = File(d, false);
  EXPECT_TRUE(Has(r, "SEC-03"));
  EXPECT_TRUE(Has(r, "SEC-01"));
  EXPECT_FALSE(r.accepted);
  auto plain = Make("secondment", Secondment("lx-gov", 3, "secondment"));
  plain.issuer = "xx-edu";
  EXPECT_FALSE(Has(File(plain, false), "SEC-03"));
}

TEST_F(RegistryTest, Sec04SecondmentLength) {
  auto r = File(Make("secondment", Secondment("ys-gov", 7, "secondment")), false);
  ASSERT_TRUE(Has(r, "SEC-04"));
  EXPECT_NE(Get(r, "SEC-04")->message.find("同意"), std::string::npos);
  auto long_one = File(Make("secondment", Secondment("ys-gov", 13, "secondment")), false);
  ASSERT_TRUE(Has(long_one, "SEC-04"));
  EXPECT_NE(Get(long_one, "SEC-04")->message.find("最长12"), std::string::npos);
  EXPECT_FALSE(Has(File(Make("secondment", Secondment("ys-gov", 6, "secondment")), false), "SEC-04"));
}

json App(const std::string& type, const std::string& audience, const json& filing) {
  return {{"app_type", type}, {"audience", audience}, {"filing_no", filing}};
}

TEST_F(RegistryTest, App01TownshipBuildingItsOwnApp) {
  auto d = Make("app", App("mini_program", "internal", "备-1"));
  d.issuer = "lx-gov";
  EXPECT_TRUE(Has(File(d, false), "APP-01"));
  EXPECT_FALSE(Has(File(Make("app", App("mini_program", "internal", "备-1")), false), "APP-01"));
  auto group = Make("app", App("group", "internal", nullptr));
  group.issuer = "lx-gov";
  EXPECT_FALSE(Has(File(group, false), "APP-01"));
}

TEST_F(RegistryTest, App02UnfiledApp) {
  auto r = File(Make("app", App("app", "grassroots", nullptr)), false);
  EXPECT_TRUE(Has(r, "APP-02"));
  EXPECT_FALSE(r.accepted);
  EXPECT_FALSE(Has(File(Make("app", App("app", "grassroots", "湘备-9")), false), "APP-02"));
  EXPECT_FALSE(Has(File(Make("app", App("group", "grassroots", nullptr)), false), "APP-02"));
}

TEST_F(RegistryTest, App05ForbiddenFeatures) {
  json a = App("app", "grassroots", "备-1");
  a["features"] = {"photo_upload", "ranking", "online_time"};
  auto r = File(Make("app", a), false);
  ASSERT_TRUE(Has(r, "APP-05"));
  EXPECT_NE(Get(r, "APP-05")->message.find("ranking、online_time"), std::string::npos);
  a["features"] = {"photo_upload", "complaint"};
  EXPECT_FALSE(Has(File(Make("app", a), false), "APP-05"));
}

TEST_F(RegistryTest, Duty01TaskOutsideTheDutyList) {
  ASSERT_TRUE(registry_
                  ->ImportListItems({{store::ListItem::List::kDuty, "D-1", "433127101", "农村人居环境整治", "basic", 0},
                                     {store::ListItem::List::kDuty, "D-2", "433127101", "食品安全执法", "taken_back", 0}})
                  .ok());
  json task = {{"duty_item", "D-1"}, {"description", "每月清理沟渠"}};
  EXPECT_FALSE(Has(File(Make("task", task), false), "DUTY-01"));
  for (const json& item : {json("D-2"), json("D-9"), json(nullptr)}) {
    task["duty_item"] = item;
    auto r = File(Make("task", task), false);
    EXPECT_TRUE(Has(r, "DUTY-01")) << item;
    EXPECT_FALSE(r.accepted);
  }
  // A township without an imported list is not judged.
  auto elsewhere = Make("task", {{"duty_item", nullptr}, {"description", "x"}});
  elsewhere.targets = {{"433127102", 0, {}}};
  EXPECT_FALSE(Has(File(elsewhere, false), "DUTY-01"));
}

TEST_F(RegistryTest, Dem01WhoMayRunACampaign) {
  json act = {{"name", "美丽庭院示范村创建"}, {"approved_item", nullptr}};
  auto county_dept = Make("activity", act);  // ys-agri: a county department
  EXPECT_TRUE(Has(File(county_dept, false), "DEM-01"));
  auto county_gov = Make("activity", act);
  county_gov.issuer = "ys-gov";
  EXPECT_FALSE(Has(File(county_gov, false), "DEM-01"));
  auto township = Make("activity", act);
  township.issuer = "lx-gov";
  EXPECT_TRUE(Has(File(township, false), "DEM-01"));
  auto province_dept = Make("activity", act);
  province_dept.issuer = "hn-agri";
  EXPECT_FALSE(Has(File(province_dept, false), "DEM-01"));
}

TEST_F(RegistryTest, Dem02And03UnapprovedAndNationalNames) {
  ASSERT_TRUE(
      registry_->ImportListItems({{store::ListItem::List::kActivity, "A-1", "ys-gov", "美丽庭院创建", "", 2026}}).ok());
  auto approved = Make("activity", {{"name", "美丽庭院示范户创建"}, {"approved_item", "A-1"}});
  approved.issuer = "ys-gov";
  EXPECT_FALSE(Has(File(approved, false), "DEM-02"));
  auto unapproved = Make("activity", {{"name", "全国文明村镇创建"}, {"approved_item", nullptr}});
  unapproved.issuer = "ys-gov";
  auto r = File(unapproved, false);
  EXPECT_TRUE(Has(r, "DEM-02"));
  EXPECT_TRUE(Has(r, "DEM-03"));
  EXPECT_FALSE(Has(File(approved, false), "DEM-03"));
}

TEST_F(RegistryTest, Ins10AskingToSeePrincipalsOnAnInspection) {
  json ins = Inspection("P-1");
  ins["text"] = "督查组到达后，请各乡镇党委书记、乡镇长陪同检查并汇报工作。";
  EXPECT_TRUE(Has(File(Make("inspection", ins), false), "INS-10"));
  ins["text"] = "督查组到达后，不要求乡镇主要负责同志陪同，由分管同志介绍情况。";
  EXPECT_FALSE(Has(File(Make("inspection", ins), false), "INS-10"));
}

}  // namespace
}  // namespace jianfu::registry::testing
