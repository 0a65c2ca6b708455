#include "jianfu/units/scope.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace jianfu::units {
namespace {

using nlohmann::json;
using testing::FixtureFile;
using testing::FixtureRecords;
using testing::RegionLevels;

// The fixture divisions plus the fixture organs.
UnitTree FixtureTree() {
  std::vector<UnitRecord> records = FixtureRecords();
  RegionLevels levels(records);
  auto organs = ReadOrgans(FixtureFile("organs.csv"), levels.fn());
  EXPECT_TRUE(organs.ok()) << organs.error().ToString();
  if (organs.ok()) records.insert(records.end(), organs->begin(), organs->end());
  auto tree = UnitTree::Build(std::move(records));
  EXPECT_TRUE(tree.ok()) << tree.error().ToString();
  return tree.ok() ? std::move(*tree) : UnitTree{};
}

Scope Parse(const char* text) {
  auto r = ParseScope(json::parse(text));
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return r.ok() ? *r : Scope{};
}

std::vector<std::string> Ids(const UnitTree& tree, const std::vector<uint32_t>& units) {
  std::vector<std::string> ids;
  for (uint32_t u : units) ids.emplace_back(tree.at(u).id);
  return ids;
}

TEST(UnitsParseScope, ReadsUnitLevelsAndOrganTypes) {
  const Scope s = Parse(R"({"unit": "433127", "levels": ["village", "township", "village"]})");
  EXPECT_EQ(s.unit, "433127");
  EXPECT_EQ(s.levels, LevelBit(Level::kTownship) | LevelBit(Level::kVillage));
  EXPECT_TRUE(s.organ_types.empty());
  EXPECT_EQ(ScopeToJson(s), json::parse(R"({"unit": "433127", "levels": ["township", "village"]})"));

  const Scope t = Parse(R"({"organ_types": ["office", "government", "office"], "unit": "43"})");
  EXPECT_EQ(t.levels, 0);
  EXPECT_EQ(t.organ_types, (std::vector<OrganType>{OrganType::kGovernment, OrganType::kOffice}));
  EXPECT_EQ(ScopeToJson(t), json::parse(R"({"unit": "43", "organ_types": ["government", "office"]})"));
  auto back = ParseScope(ScopeToJson(t));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->organ_types, t.organ_types);
}

TEST(UnitsParseScope, ErrorsNameTheField) {
  struct Case {
    const char* json;
    const char* field;
    const char* message;
  };
  for (const Case& c : std::vector<Case>{
           {R"({"unit": "433127", "levels": ["township", "town"]})", "levels[1]", "未知的层级“town”"},
           {R"({"unit": "433127", "levels": "township"})", "levels", "应为层级名称的数组"},
           {R"({"unit": "433127", "levels": [3]})", "levels[0]", "应为字符串"},
           {R"({"unit": "433127", "organ_types": ["bureau"]})", "organ_types[0]", "未知的机构类型“bureau”"},
           {R"({"unit": 433127})", "unit", "应为单位编号"},
           {R"({"unit": ""})", "unit", "应为单位编号"},
           {R"({"levels": ["county"]})", "unit", "缺少单位编号"},
           {R"({"unit": "43", "level": ["county"]})", "level", "未知的字段"},
           {R"(["43"])", "", "范围应为对象"},
       }) {
    SCOPED_TRACE(c.json);
    auto r = ParseScope(json::parse(c.json));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().field, c.field);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << r.error().message;
  }
  auto r = ParseScope(json::parse(R"({"unit": "433127", "levels": ["township", "town"]})"), "targets[2]");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "targets[2].levels[1]");
}

TEST(UnitsScope, TownshipsAndVillagesUnderYongshun) {
  const UnitTree tree = FixtureTree();
  const Scope s = Parse(R"({"unit": "433127", "levels": ["township", "village"]})");
  const std::vector<uint32_t> units = Expand(tree, s);
  // 3 townships, 8 villages, and the two township organs (首车镇人民政府 and its centre).
  EXPECT_EQ(units.size(), 13u);
  EXPECT_EQ(CountCovered(tree, s), 13u);
  EXPECT_EQ(Ids(tree, units).front(), "433127101");
  EXPECT_EQ(Ids(tree, units)[1], "sc-zf");  // a region's organs come before its villages
  for (uint32_t u : units) {
    EXPECT_TRUE(Covers(tree, s, u));
    EXPECT_TRUE(tree.IsUnder(u, *tree.Find("433127")));
  }
  EXPECT_FALSE(Covers(tree, s, *tree.Find("433127")));
  EXPECT_FALSE(Covers(tree, s, *tree.Find("yx-nyj")));
  EXPECT_FALSE(Covers(tree, s, *tree.Find("430102001001")));  // a village elsewhere
  EXPECT_TRUE(CheckScope(tree, s).ok());
}

TEST(UnitsScope, LevelsZeroMeansTheUnitItself) {
  const UnitTree tree = FixtureTree();
  const Scope s = Parse(R"({"unit": "433127"})");
  EXPECT_EQ(Ids(tree, Expand(tree, s)), (std::vector<std::string>{"433127"}));
  EXPECT_TRUE(Covers(tree, s, *tree.Find("433127")));
  EXPECT_FALSE(Covers(tree, s, *tree.Find("433127101")));
  EXPECT_EQ(CountCovered(tree, Parse(R"({"unit": "433127", "organ_types": ["government"]})")), 0u);
}

TEST(UnitsScope, OrganTypesFilterOrgans) {
  const UnitTree tree = FixtureTree();
  const Scope depts = Parse(R"({"unit": "433127", "levels": ["county"], "organ_types": ["department"]})");
  EXPECT_EQ(Ids(tree, Expand(tree, depts)), (std::vector<std::string>{"yx-nyj"}));
  const Scope govs = Parse(R"({"unit": "43", "levels": ["province", "city", "county", "township", "village"],
                               "organ_types": ["government"]})");
  EXPECT_EQ(Ids(tree, Expand(tree, govs)), (std::vector<std::string>{"hn-zf", "xz-zf", "yx-zf", "sc-zf"}));
  const Scope all =
      Parse(R"({"unit": "43", "levels": ["province", "city", "county", "township", "village"]})");
  EXPECT_EQ(CountCovered(tree, all), tree.SubtreeEnd(*tree.Find("43")) - *tree.Find("43"));
}

TEST(UnitsScope, UnknownUnitCoversNothing) {
  const UnitTree tree = FixtureTree();
  const Scope s = Parse(R"({"unit": "4399", "levels": ["county"]})");
  EXPECT_TRUE(Expand(tree, s).empty());
  EXPECT_EQ(CountCovered(tree, s), 0u);
  EXPECT_FALSE(Covers(tree, s, 0));
  const Status st = CheckScope(tree, s);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(st.error().field, "unit");
  EXPECT_EQ(st.error().message, "单位 4399 不存在");
}

TEST(UnitsScope, ExpandAgreesWithCoversOnRandomScopes) {
  const UnitTree tree = FixtureTree();
  std::mt19937 rng(3);
  for (int k = 0; k < 500; ++k) {
    Scope s;
    s.unit = std::string(tree.at(rng() % tree.size()).id);
    s.levels = static_cast<LevelMask>(rng() % (kAllLevels + 1));
    for (int t = 0; t < kOrganTypeCount; ++t) {
      if (rng() % 4 == 0) s.organ_types.push_back(static_cast<OrganType>(t));
    }
    std::vector<uint32_t> brute;
    for (uint32_t u = 0; u < tree.size(); ++u) {
      if (Covers(tree, s, u)) brute.push_back(u);
    }
    ASSERT_EQ(Expand(tree, s), brute) << ScopeToJson(s).dump();
    ASSERT_EQ(CountCovered(tree, s), brute.size());
  }
}

}  // namespace
}  // namespace jianfu::units
