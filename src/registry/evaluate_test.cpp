// Registry::Evaluate against a reference written in plain SQL over the same
// database (the correctness oracle the issue asks for), on a random year.
#include <sqlite3.h>

#include <random>
#include <set>

#include "test_fixture.h"

namespace jianfu::registry::testing {
namespace {

using nlohmann::json;

std::set<std::string> Sql(const std::filesystem::path& db, const std::string& query) {
  sqlite3* raw = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(raw, query.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
  std::set<std::string> out;
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

// DOC-01: more documents in the year than in the one before (which has some).
constexpr const char* kDoc01 = R"sql(
  SELECT issuer FROM demands WHERE kind = 'document'
  GROUP BY issuer HAVING SUM(year = 2026) > SUM(year = 2025) AND SUM(year = 2025) > 0)sql";

// INS-04: on-site, non-exempt inspections reaching a province from outside it,
// more than 2 a month on average.
constexpr const char* kIns04 = R"sql(
  SELECT substr(tu.region, 1, 2) FROM demands d
  JOIN targets t ON t.demand = d.id JOIN units tu ON tu.id = t.unit JOIN units iu ON iu.id = d.issuer
  WHERE d.kind = 'inspection' AND d.year = 2026 AND json_extract(d.body, '$.onsite') = 1
    AND json_extract(d.body, '$.category') = 'none' AND substr(iu.region, 1, 2) <> substr(tu.region, 1, 2)
  GROUP BY substr(tu.region, 1, 2) HAVING COUNT(DISTINCT d.id) > 24)sql";

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
  const auto doc01 = Sql(dir_ / "jianfu.db", kDoc01);
  EXPECT_FALSE(doc01.empty());
  EXPECT_EQ(Subjects(found, "DOC-01"), doc01);
  EXPECT_EQ(Subjects(found, "INS-04"), Sql(dir_ / "jianfu.db", kIns04));
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
