// Registry::Evaluate against a reference written in plain SQL over the same
// database (the correctness oracle the issue asks for), on a random year.
#include <sqlite3.h>

#include <random>
#include <set>

#include "reference_sql.h"
#include "test_fixture.h"

namespace jianfu::registry::testing {
namespace {

using nlohmann::json;

// The ids a reference query finds for `year`, on the test's database in
// its backend's dialect.
std::set<std::string> Sql(store::testing::TestDb& db, const char* sqlite_query, const char* postgres_query,
                          int year) {
  std::set<std::string> out;
  if (db.backend() == store::testing::Backend::kPostgres) {
    auto rows = db.Column(postgres_query, {std::to_string(year)});
    EXPECT_TRUE(rows.ok()) << rows.error().ToString();
    if (rows.ok()) out.insert(rows->begin(), rows->end());
    return out;
  }
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.where().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, sqlite_query, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  sqlite3_bind_int(st, 1, year);
  while (sqlite3_step(st) == SQLITE_ROW) out.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
  sqlite3_finalize(st);
  sqlite3_close(raw);
  return out;
}

std::set<std::string> Subjects(const std::vector<Registry::YearFinding>& list, const std::string& rule) {
  std::set<std::string> out;
  for (const auto& f : list)
    if (f.finding.rule == rule) out.insert(f.subject);
  return out;
}

TEST_F(RegistryTest, EvaluateAgreesWithThePlainSqlReference) {
  std::mt19937 rng(20261125);
  const std::vector<std::string> issuers = {"hn-agri", "gd-emergency", "xx-edu", "ys-gov", "ys-agri", "lx-gov"};
  const std::vector<std::string> targets = {"43", "44", "4331", "433127", "433127101", "433127102"};
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  for (int i = 0; i < 400; ++i) {
    const bool inspection = i % 2;
    auto d = Make(inspection ? "inspection" : "document",
                  inspection ? json{{"type", "inspection"},
                                    {"onsite", rng() % 4 != 0},
                                    {"category", rng() % 6 == 0 ? "disaster" : "none"},
                                    {"plan_item", nullptr}}
                             : json{{"form", "red"}});
    d.issuer = pick(issuers);
    d.targets = {{pick(targets), units::LevelBit(units::Level::kTownship), {}}};
    d.date = Date::FromCivil(2025 + static_cast<int>(rng() % 2), 1 + static_cast<int>(rng() % 12),
                             1 + static_cast<int>(rng() % 28));
    d.justification = "测试";  // file everything, whatever the filing-time rules say
    ASSERT_TRUE(File(d).accepted);
  }
  const auto found = registry_->Evaluate(2026);
  const auto doc01 = Sql(*db_, reference::kDoc01, reference::postgres::kDoc01, 2026);
  EXPECT_FALSE(doc01.empty());
  EXPECT_EQ(Subjects(found, "DOC-01"), doc01);
  EXPECT_EQ(Subjects(found, "INS-04"), Sql(*db_, reference::kIns04, reference::postgres::kIns04, 2026));
}

// INS-20 against its SQL reference: visits of one to four days around the
// turn of the year (weeks that straddle it), on townships and villages
// named alone, through their county or township with levels, or not at all
// (organ-type scopes, higher levels), some off site.
TEST_F(RegistryTest, RepeatVisitsAgreeWithThePlainSqlReference) {
  std::mt19937 rng(20261201);
  const std::vector<std::string> units = {"433127",       "433127101",    "433127102", "433127101001",
                                          "433127101002", "433127102001", "4331"};
  const units::LevelMask masks[] = {
      0, units::LevelBit(units::Level::kTownship), units::LevelBit(units::Level::kVillage),
      units::LevelBit(units::Level::kTownship) | units::LevelBit(units::Level::kVillage),
      units::LevelBit(units::Level::kCounty)};
  for (int i = 0; i < 60; ++i) {
    auto d = Make("inspection", {{"type", "research"}, {"onsite", rng() % 8 != 0}, {"plan_item", nullptr}});
    units::Scope scope{units[rng() % units.size()], masks[rng() % std::size(masks)], {}};
    if (rng() % 15 == 0) scope.organ_types = {units::OrganType::kGovernment};
    d.targets = {scope};
    d.date = Date::FromCivil(2025, 12, 1) + static_cast<int32_t>(rng() % 75);
    if (rng() % 3 == 0)
      std::get<demand::Inspection>(d.details).end_date = d.date + static_cast<int32_t>(1 + rng() % 3);
    d.justification = "测试";
    ASSERT_TRUE(File(d).accepted);
  }
  for (int year : {2025, 2026}) {
    const auto sql = Sql(*db_, reference::kIns20, reference::postgres::kIns20, year);
    EXPECT_FALSE(sql.empty()) << year;
    EXPECT_EQ(Subjects(registry_->Evaluate(year), "INS-20"), sql) << year;
  }
}

TEST_F(RegistryTest, EvaluateFindsRepeatVisitsOverTheYear) {
  auto visit = [&](const std::string& date, const std::string& unit) {
    auto d = Make("inspection", {{"type", "research"}, {"onsite", true}});
    d.targets = {{unit, 0, {}}};
    d.date = *Date::Parse(date, "date");
    d.justification = "测试";
    ASSERT_TRUE(File(d).accepted);
  };
  visit("2026-03-02", "433127101");
  visit("2026-03-02", "433127101");  // twice on one day
  visit("2026-03-10", "433127102");
  visit("2026-04-01", "433127102");
  const auto found = registry_->Evaluate(2026);
  EXPECT_EQ(Subjects(found, "INS-20"), std::set<std::string>{"433127101"});
  for (const auto& f : found)
    if (f.finding.rule == "INS-20") {
      EXPECT_NE(f.finding.message.find("同一天"), std::string::npos);
      EXPECT_EQ(f.finding.related.size(), 2u);
    }
  EXPECT_TRUE(registry_->Evaluate(2025).empty());
}

}  // namespace
}  // namespace jianfu::registry::testing
