#include "jianfu/demand/demand.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace jianfu::demand {
namespace {

using nlohmann::json;

json Meeting() {
  return json::parse(R"({
    "kind": "meeting", "issuer": "433127-gov", "title": "全县秋冬季森林防火工作推进会",
    "date": "2026-10-12", "targets": [{"unit": "433127", "levels": ["township"]}],
    "type": "business", "minutes": 150, "main_speech_minutes": 70, "format": "onsite",
    "convener_role": "deputy", "requires_principals": true
  })");
}

std::string FieldOf(const json& j) {
  auto d = DemandFromJson(j);
  EXPECT_FALSE(d.ok());
  return d.ok() ? "" : d.error().field;
}

TEST(Demand, ParsesEveryCommonAndKindField) {
  auto d = DemandFromJson(Meeting());
  ASSERT_TRUE(d.ok()) << d.error().ToString();
  EXPECT_EQ(d->kind, Kind::kMeeting);
  EXPECT_EQ(d->date.ToString(), "2026-10-12");
  ASSERT_EQ(d->targets.size(), 1u);
  EXPECT_EQ(d->targets[0].unit, "433127");
  const auto& m = std::get<demand::Meeting>(d->details);
  EXPECT_EQ(m.minutes, 150);
  EXPECT_EQ(m.main_speech_minutes, 70);
  EXPECT_EQ(m.convener_role, Meeting::ConvenerRole::kDeputy);
  EXPECT_TRUE(m.requires_principals);
}

TEST(Demand, RoundTripsThroughJson) {
  const char* kinds[] = {
      R"({"kind":"document","issuer":"a","title":"关于做好秋粮收购的通知","date":"2026-01-05","targets":[{"unit":"43"}],"form":"white","doc_no":"湘农发〔2026〕3号","text":"各市州："})",
      R"({"kind":"inspection","issuer":"a","title":"安全生产督查","date":"2026-03-01","targets":[{"unit":"4331","levels":["county","township"]}],"type":"supervision","onsite":true,"plan_item":"P-7","category":"emergency_safety","end_date":"2026-03-04"})",
      R"({"kind":"data_request","issuer":"a","title":"人口统计","date":"2026-03-01","targets":[{"unit":"433127","levels":["village"]}],"forms":[{"name":"户籍人口表","fields":["户数","人数"]}],"due":"2026-03-10"})",
      R"({"kind":"secondment","issuer":"a","title":"借调","date":"2026-03-01","targets":[{"unit":"433127"}],"from_unit":"433127101","persons":2,"months":8,"label":"work_team","justification":"防汛应急"})",
      R"({"kind":"app","issuer":"a","title":"智慧党建","date":"2026-03-01","targets":[{"unit":"4331","levels":["village"]}],"app_type":"mini_program","audience":"grassroots","features":["checkin","ranking"]})",
      R"({"kind":"task","issuer":"a","title":"人居环境整治","date":"2026-03-01","targets":[{"unit":"433127","levels":["township"]}],"duty_item":null,"description":"每月清理沟渠"})",
      R"({"kind":"activity","issuer":"a","title":"创建","date":"2026-03-01","targets":[{"unit":"433127","levels":["village"]}],"name":"全国文明村镇创建"})",
  };
  for (const char* k : kinds) {
    auto d = ParseDemand(k);
    ASSERT_TRUE(d.ok()) << k << "\n" << d.error().ToString();
    auto again = DemandFromJson(ToJson(*d));
    ASSERT_TRUE(again.ok()) << again.error().ToString();
    EXPECT_EQ(ToJson(*again), ToJson(*d)) << k;
  }
}

TEST(Demand, ErrorsNameTheField) {
  json j = Meeting();
  j.erase("title");
  EXPECT_EQ(FieldOf(j), "title");
  j = Meeting();
  j["date"] = "2026-02-30";
  EXPECT_EQ(FieldOf(j), "date");
  j["date"] = "2026/02/03";
  EXPECT_EQ(FieldOf(j), "date");
  j = Meeting();
  j["minutes"] = "150";
  EXPECT_EQ(FieldOf(j), "minutes");
  j = Meeting();
  j["main_speech_minutes"] = 200;  // longer than the meeting
  EXPECT_EQ(FieldOf(j), "main_speech_minutes");
  j = Meeting();
  j["kind"] = "banquet";
  EXPECT_EQ(FieldOf(j), "kind");
  j = Meeting();
  j["targets"] = json::array();
  EXPECT_EQ(FieldOf(j), "targets");
  j = Meeting();
  j["targets"][0]["levels"] = {"township", "hamlet"};
  EXPECT_EQ(FieldOf(j).rfind("targets[0].levels", 0), 0u) << FieldOf(j);
  j = Meeting();
  j["onsite"] = true;  // an inspection field on a meeting
  EXPECT_EQ(FieldOf(j), "onsite");
  j = Meeting();
  j["titel"] = "typo";
  EXPECT_EQ(FieldOf(j), "titel");
  j = Meeting();
  j["requires_principals"] = 1;
  EXPECT_EQ(FieldOf(j), "requires_principals");
  j = Meeting();
  j["title"] = std::string("防火\0推进会", 16);  // PostgreSQL cannot store U+0000
  EXPECT_EQ(FieldOf(j), "title");
}

TEST(Demand, NestedErrorsNameThePath) {
  auto d = ParseDemand(
      R"({"kind":"data_request","issuer":"a","title":"t","date":"2026-03-01","targets":[{"unit":"43"}],"forms":[{"name":"表一","fields":["a"]},{"name":"表二","fields":["b", 3]}]})");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().field, "forms[1].fields[1]");
  EXPECT_FALSE(d.error().message.empty());
}

TEST(Demand, MalformedJsonSaysWhere) {
  auto d = ParseDemand(R"({"kind": "meeting", "title": )");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message.find("JSON"), std::string::npos);
  EXPECT_FALSE(ParseDemand("[1,2]").ok());
  EXPECT_FALSE(ParseDemand("").ok());
  EXPECT_FALSE(ParseDemand("\xff\xfe{}").ok());
}

TEST(Demand, DatesAreStrict) {
  EXPECT_TRUE(Date::Parse("2024-02-29", "d").ok());
  EXPECT_FALSE(Date::Parse("2023-02-29", "d").ok());
  EXPECT_FALSE(Date::Parse("2026-1-5", "d").ok());
  EXPECT_FALSE(Date::Parse("9999-01-01", "d").ok());
  EXPECT_EQ(Date::Parse("1970-01-01", "d")->days, 0);
  EXPECT_EQ(Date::Parse("2026-11-25", "d")->weekday(), 2);  // a Wednesday
  EXPECT_EQ(Date::FromCivil(2026, 11, 25).ToString(), "2026-11-25");
}

}  // namespace
}  // namespace jianfu::demand
