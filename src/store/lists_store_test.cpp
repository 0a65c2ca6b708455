// Lists filtered by a unit's subtree (DemandFilter::visible_to, ::reaching;
// schema version 4) on both backends; the fixture is store_fixture.h.
#include <string>
#include <vector>

#include "store_fixture.h"

namespace jianfu::store::test {
namespace {

using units::Level;
using units::LevelBit;
using units::OrganType;

// Part of 湖南省: 湘西州 with 永顺县 (two towns, a village, two organs)
// and 龙山县 beside it.
std::vector<units::UnitRecord> Tree() {
  auto region = [](std::string id, std::string name, Level level, std::string parent) {
    return units::UnitRecord{id, std::move(name), level, std::nullopt, std::move(parent), id};
  };
  auto organ = [](std::string id, std::string name, OrganType type, std::string parent) {
    return units::UnitRecord{std::move(id), std::move(name), Level::kCounty, type, parent, parent};
  };
  return {region("43", "湖南省", Level::kProvince, ""),
          region("4331", "湘西土家族苗族自治州", Level::kCity, "43"),
          region("433127", "永顺县", Level::kCounty, "4331"),
          region("433127100", "灵溪镇", Level::kTownship, "433127"),
          region("433127101", "首车镇", Level::kTownship, "433127"),
          region("433127100201", "司城村", Level::kVillage, "433127100"),
          region("433130", "龙山县", Level::kCounty, "4331"),
          organ("433127-gov", "永顺县人民政府", OrganType::kGovernment, "433127"),
          organ("433127-nyj", "永顺县农业农村局", OrganType::kDepartment, "433127"),
          organ("433130-gov", "龙山县人民政府", OrganType::kGovernment, "433130")};
}

demand::Demand Filed(const std::string& issuer, std::vector<units::Scope> targets) {
  demand::Demand d = Meeting("会议");
  d.issuer = issuer;
  d.targets = std::move(targets);
  return d;
}

// The demands of the tests below, ids 1–7.
void FileAll(Store& store) {
  const units::LevelMask township = LevelBit(Level::kTownship), village = LevelBit(Level::kVillage),
                         county = LevelBit(Level::kCounty);
  const std::vector<demand::Demand> all = {
      Filed("433127-nyj", {{"433127", township, {}}}),                  // 1: 永顺's towns
      Filed("433127-gov", {{"433127100", 0, {}}}),                      // 2: 灵溪镇 alone
      Filed("433130-gov", {{"43", village, {}}}),                       // 3: every village of the province
      Filed("433130-gov", {{"433130", township, {}}}),                  // 4: 龙山's towns
      Filed("433130-gov", {{"43", county, {OrganType::kDepartment}}}),  // 5: county departments
      Filed("433130-gov", {{"4331", township, {OrganType::kGovernment}}}),    // 6: town governments (none)
      Filed("433130-gov", {{"433130", 0, {}}, {"433127101", township, {}}}),  // 7: 首车镇 among others
  };
  for (auto d : all) {
    Filing f;
    f.demand = std::move(d);
    f.findings.push_back({"MTG-20", rules::Severity::kWarn, false, "t", "m", "c", "", {}});
    ASSERT_TRUE(store.AddFiling(f, Code).ok());
  }
}

std::vector<int64_t> Ids(Store& store, DemandFilter filter, size_t limit = 100) {
  std::vector<int64_t> ids;
  Page page{0, limit};
  for (;;) {  // every page, as a client follows next_after
    auto list = store.ListFilings(filter, page);
    EXPECT_TRUE(list.ok()) << list.error().ToString();
    if (!list.ok()) return ids;
    for (const auto& f : *list) ids.push_back(f.demand.id);
    if (list->size() < limit) return ids;
    page.after = list->back().demand.id;
  }
}

DemandFilter VisibleTo(const std::string& unit) {
  DemandFilter f;
  f.visible_to = unit;
  return f;
}

using V = std::vector<int64_t>;

TEST_P(StoreTest, ListsWhatAUnitsSubtreeMaySee) {
  auto store = Create();
  ASSERT_TRUE(store->UpsertUnits(Tree()).ok());
  FileAll(*store);
  // A township sees what targets it or the villages under it, not its sibling's.
  EXPECT_EQ(Ids(*store, VisibleTo("433127100")), (V{1, 2, 3}));
  EXPECT_EQ(Ids(*store, VisibleTo("433127101")), (V{1, 3, 7}));
  // A village: only the province's village-level demand reaches it.
  EXPECT_EQ(Ids(*store, VisibleTo("433127100201")), (V{3}));
  // A county: what its organs issued and what reaches its subtree (6 names
  // a level below it, whatever the organ types).
  EXPECT_EQ(Ids(*store, VisibleTo("433127")), (V{1, 2, 3, 6, 7}));
  // Organs: by their type where the target names types.
  EXPECT_EQ(Ids(*store, VisibleTo("433127-nyj")), (V{1, 5}));
  EXPECT_EQ(Ids(*store, VisibleTo("433127-gov")), (V{2}));
  // The city and the province see all of it; 龙山县 what it issued.
  EXPECT_EQ(Ids(*store, VisibleTo("4331")), (V{1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(Ids(*store, VisibleTo("433130")), (V{3, 4, 5, 6, 7}));
  // An unknown unit sees nothing.
  EXPECT_EQ(Ids(*store, VisibleTo("999999")), (V{}));
  // Pages of one and of two over the filtered rows: nothing skipped or repeated.
  EXPECT_EQ(Ids(*store, VisibleTo("433127101"), 1), (V{1, 3, 7}));
  EXPECT_EQ(Ids(*store, VisibleTo("433127100"), 2), (V{1, 2, 3}));
  // With the other filters.
  DemandFilter both = VisibleTo("433127");
  both.issuer = "433127-gov";
  EXPECT_EQ(Ids(*store, both), (V{2}));
  both.year = 2025;
  EXPECT_EQ(Ids(*store, both), (V{}));
}

TEST_P(StoreTest, ListsTheDemandsReachingAUnit) {
  auto store = Create();
  ASSERT_TRUE(store->UpsertUnits(Tree()).ok());
  FileAll(*store);
  DemandFilter f;
  f.reaching = "433127100";
  EXPECT_EQ(Ids(*store, f), (V{1, 2, 3}));
  f.reaching = "433127";
  EXPECT_EQ(Ids(*store, f), (V{1, 2, 3, 6, 7}));
  f.reaching = "433127-nyj";  // what it issued (1) does not reach it
  EXPECT_EQ(Ids(*store, f), (V{5}));
  f.reaching = "433127-gov";
  EXPECT_EQ(Ids(*store, f), (V{}));
  f.visible_to = "433127";
  f.reaching = "433127101";
  EXPECT_EQ(Ids(*store, f, 1), (V{1, 3, 7}));
  // Findings are filtered by their demand's visibility in the same way.
  FindingFilter findings;
  findings.visible_to = "433127101";
  auto rows = store->ListFindings(findings, {0, 2});
  ASSERT_TRUE(rows.ok()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ(rows->at(0).demand, 1);
  EXPECT_EQ(rows->at(1).demand, 3);
  rows = store->ListFindings(findings, {rows->back().id, 2});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->at(0).demand, 7);
  findings.visible_to.reset();
  findings.reaching = "433127100201";
  EXPECT_EQ(store->ListFindings(findings, {})->size(), 1u);
}

// Schema 4 adds the index the subtree walk uses; a version-3 database
// gains it on open and its filings are listed by subtree at once.
TEST_P(StoreTest, MigratesAVersionThreeDatabase) {
  {
    auto store = Create();
    ASSERT_TRUE(store->UpsertUnits(Tree()).ok());
    FileAll(*store);
  }
  Sql("DROP INDEX units_parent");
  Sql(sqlite() ? "PRAGMA user_version = 3" : "UPDATE schema_version SET version = 3");
  auto store = Open(false);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ(Sql(sqlite() ? "PRAGMA user_version" : "SELECT version FROM schema_version"),
            std::to_string(kSchemaVersion));
  EXPECT_EQ(Sql(sqlite() ? "SELECT COUNT(*) FROM sqlite_master WHERE name = 'units_parent'"
                         : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND "
                           "indexname = 'units_parent'"),
            "1");
  EXPECT_EQ(Ids(**store, VisibleTo("433127101")), (V{1, 3, 7}));
}

}  // namespace
}  // namespace jianfu::store::test
