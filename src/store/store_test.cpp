#include "jianfu/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace jianfu::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jianfu-store-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = dir_ / "jianfu.db";
  }
  void TearDown() override { fs::remove_all(dir_); }

  static demand::Demand Meeting(const std::string& title) {
    auto d = demand::ParseDemand(R"({"kind":"meeting","issuer":"433127-gov","title":")" + title +
                                 R"(","date":"2026-10-12","targets":[{"unit":"433127","levels":["township"]}],
        "type":"business","minutes":90,"format":"video","convener_role":"principal"})");
    EXPECT_TRUE(d.ok()) << d.error().ToString();
    return *d;
  }

  fs::path dir_, db_;
};

TEST_F(StoreTest, RefusesToOpenAMissingDatabaseUnlessCreating) {
  auto s = OpenSqlite(db_, false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(db_));
  EXPECT_TRUE(OpenSqlite(db_, true).ok());
  EXPECT_TRUE(OpenSqlite(db_, false).ok());
}

TEST_F(StoreTest, KeepsAFilingWhole) {
  auto store = OpenSqlite(db_, true).value();
  Filing f;
  f.demand = Meeting("全县防汛工作调度会");
  f.findings.push_back({"MTG-20", rules::Severity::kWarn, true, "主要讲话过长", "讲话90分钟", "第6条", "", {3, 4}});
  auto id = store->AddFiling(f, [](int64_t id) { return "CODE-" + std::to_string(id); });
  ASSERT_TRUE(id.ok()) << id.error().ToString();
  EXPECT_EQ(*id, 1);
  EXPECT_EQ(f.code, "CODE-1");

  auto back = store->GetFiling(1);
  ASSERT_TRUE(back.ok() && back->has_value());
  const Filing& g = **back;
  EXPECT_EQ(demand::ToJson(g.demand), demand::ToJson(f.demand));
  EXPECT_EQ(g.code, "CODE-1");
  ASSERT_EQ(g.findings.size(), 1u);
  EXPECT_EQ(g.findings[0].rule, "MTG-20");
  EXPECT_TRUE(g.findings[0].justified);
  EXPECT_EQ(g.findings[0].related, (std::vector<int64_t>{3, 4}));
  EXPECT_FALSE(store->GetFiling(2)->has_value());
}

// GetCode reads the code column alone; it must say what GetFiling says.
TEST_F(StoreTest, GetCodeIsTheCodeOfTheFiling) {
  auto store = OpenSqlite(db_, true).value();
  for (const char* title : {"会议一", "会议二"}) {
    Filing f;
    f.demand = Meeting(title);
    ASSERT_TRUE(store->AddFiling(f, [](int64_t id) { return "CODE-" + std::to_string(id); }).ok());
  }
  for (int64_t id : {1, 2}) {
    auto code = store->GetCode(id);
    ASSERT_TRUE(code.ok() && code->has_value()) << id;
    EXPECT_EQ(**code, store->GetFiling(id).value()->code);
    EXPECT_EQ(**code, "CODE-" + std::to_string(id));
  }
  for (int64_t id : {0, 3, -1}) {
    auto code = store->GetCode(id);
    ASSERT_TRUE(code.ok());
    EXPECT_FALSE(code->has_value()) << id;
  }
}

TEST_F(StoreTest, AFailedCodeStepStoresNothing) {
  auto store = OpenSqlite(db_, true).value();
  Filing f;
  f.demand = Meeting("会议");
  // A failure after the demand row was inserted (here: signing the code
  // throws) must leave nothing behind.
  EXPECT_THROW((void)store->AddFiling(f, [](int64_t) -> std::string { throw std::runtime_error("boom"); }),
               std::runtime_error);
  auto list = store->ListFilings({}, {});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

TEST_F(StoreTest, ABatchKeepsEachFilingWholeAndCommitsThemTogether) {
  auto store = OpenSqlite(db_, true).value();
  auto other = OpenSqlite(db_, false).value();  // another connection, as a reader
  ASSERT_TRUE(store->BeginBatch().ok());
  EXPECT_FALSE(store->BeginBatch().ok());  // one batch at a time
  Filing a;
  a.demand = Meeting("会议一");
  ASSERT_TRUE(store->AddFiling(a, [](int64_t id) { return "C" + std::to_string(id); }).ok());
  Filing broken;
  broken.demand = Meeting("会议二");
  EXPECT_THROW(
      (void)store->AddFiling(broken, [](int64_t) -> std::string { throw std::runtime_error("boom"); }),
      std::runtime_error);
  Filing c;
  c.demand = Meeting("会议三");
  c.findings.push_back({"MTG-20", rules::Severity::kWarn, false, "t", "m", "c", "", {}});
  ASSERT_TRUE(store->AddFiling(c, [](int64_t id) { return "C" + std::to_string(id); }).ok());
  EXPECT_EQ(c.demand.id, 2);                         // the failed filing left nothing, not even its id
  EXPECT_TRUE(other->ListFilings({}, {})->empty());  // nothing visible before the commit
  // Other writes may happen inside a batch.
  ASSERT_TRUE(store->UpsertListItems({{ListItem::List::kPlan, "P-1", "433127-gov", "计划", "", 2026}}).ok());
  ASSERT_TRUE(store->CommitBatch().ok());
  auto list = other->ListFilings({}, {});
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->back().demand.title, "会议三");
  EXPECT_EQ(list->back().findings.size(), 1u);
  EXPECT_EQ(other->LoadListItems()->size(), 1u);

  // A store closed with a batch open loses that batch only.
  ASSERT_TRUE(store->BeginBatch().ok());
  Filing d;
  d.demand = Meeting("会议四");
  ASSERT_TRUE(store->AddFiling(d, [](int64_t) { return std::string("x"); }).ok());
  store.reset();
  EXPECT_EQ(other->ListFilings({}, {})->size(), 2u);
}

TEST_F(StoreTest, ABulkLoadDefersTheQueryIndexes) {
  auto indexes = [&] {
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open(db_.c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(raw,
                       "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                       "('demands_issuer', 'targets_unit')",
                       -1, &st, nullptr);
    sqlite3_step(st);
    const int n = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return n;
  };
  auto store = OpenSqlite(db_, true).value();
  EXPECT_EQ(indexes(), 2);
  ASSERT_TRUE(store->BeginBulkLoad().ok());
  EXPECT_EQ(indexes(), 0);
  Filing f;
  f.demand = Meeting("会议");
  ASSERT_TRUE(store->AddFiling(f, [](int64_t) { return std::string("x"); }).ok());
  DemandFilter by_issuer;
  by_issuer.issuer = "433127-gov";
  EXPECT_EQ(store->ListFilings(by_issuer, {})->size(), 1u);  // still answered, by a scan
  ASSERT_TRUE(store->EndBulkLoad().ok());
  EXPECT_EQ(indexes(), 2);
  // Interrupted: the next open builds them again.
  ASSERT_TRUE(store->BeginBulkLoad().ok());
  store.reset();
  EXPECT_EQ(indexes(), 0);
  ASSERT_TRUE(OpenSqlite(db_, false).ok());
  EXPECT_EQ(indexes(), 2);
}

TEST_F(StoreTest, ListsWithFiltersAndCursor) {
  auto store = OpenSqlite(db_, true).value();
  for (int i = 0; i < 5; ++i) {
    Filing f;
    f.demand = Meeting("会议" + std::to_string(i));
    if (i % 2) f.demand.issuer = "other";
    f.findings.push_back({i % 2 ? "MTG-10" : "MTG-20", rules::Severity::kWarn, false, "t", "m", "c", "", {}});
    ASSERT_TRUE(store->AddFiling(f, [](int64_t) { return std::string("x"); }).ok());
  }
  auto page1 = store->ListFilings({}, {0, 2});
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->size(), 2u);
  auto page2 = store->ListFilings({}, {page1->back().demand.id, 2});
  ASSERT_EQ(page2->size(), 2u);
  EXPECT_EQ(page2->front().demand.id, 3);
  DemandFilter by_issuer;
  by_issuer.issuer = "other";
  EXPECT_EQ(store->ListFilings(by_issuer, {})->size(), 2u);
  DemandFilter by_year;
  by_year.year = 2025;
  EXPECT_TRUE(store->ListFilings(by_year, {})->empty());
  FindingFilter rule;
  rule.rule = "MTG-20";
  auto findings = store->ListFindings(rule, {});
  ASSERT_TRUE(findings.ok());
  ASSERT_EQ(findings->size(), 3u);
  EXPECT_EQ(findings->front().issuer, "433127-gov");
  FindingFilter by_kind;
  by_kind.kind = demand::Kind::kMeeting;
  EXPECT_EQ(store->ListFindings(by_kind, {})->size(), 5u);
  by_kind.kind = demand::Kind::kInspection;
  EXPECT_TRUE(store->ListFindings(by_kind, {})->empty());
  size_t n = 0;
  ASSERT_TRUE(store->ForEachDemand([&](demand::Demand&& d) { EXPECT_EQ(d.id, static_cast<int64_t>(++n)); }).ok());
  EXPECT_EQ(n, 5u);
}

TEST_F(StoreTest, UnitsAndListsRoundTrip) {
  auto store = OpenSqlite(db_, true).value();
  units::UnitRecord county{"433127", "永顺县", units::Level::kCounty, std::nullopt, "4331", "433127"};
  units::UnitRecord organ{"433127-gov", "永顺县人民政府", units::Level::kCounty, units::OrganType::kGovernment,
                          "433127", "433127"};
  ASSERT_TRUE(store->UpsertUnits({county, organ}).ok());
  county.name = "永顺县（改）";
  ASSERT_TRUE(store->UpsertUnits({county}).ok());
  auto units = store->LoadUnits();
  ASSERT_TRUE(units.ok());
  ASSERT_EQ(units->size(), 2u);
  for (const auto& u : *units) {
    if (u.id == "433127") {
      EXPECT_EQ(u.name, "永顺县（改）");
    } else {
      EXPECT_EQ(u.organ_type, units::OrganType::kGovernment);
    }
  }
  ASSERT_TRUE(store->UpsertListItems({{ListItem::List::kDuty, "D-1", "433127101", "农村人居环境整治", "basic", 0}}).ok());
  auto items = store->LoadListItems();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->front().category, "basic");
}

TEST_F(StoreTest, RefusesADatabaseFromANewerVersion) {
  { ASSERT_TRUE(OpenSqlite(db_, true).ok()); }
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &raw), SQLITE_OK);
  sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr);
  sqlite3_close(raw);
  auto s = OpenSqlite(db_, false);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("99"), std::string::npos);
}

TEST_F(StoreTest, ACorruptFileIsAnErrorNotACrash) {
  { std::ofstream(db_) << "this is not a database, just text that is long enough to have a header page"; }
  auto s = OpenSqlite(db_, false);
  EXPECT_FALSE(s.ok());
}

TEST_F(StoreTest, AccountsAndSessions) {
  auto store = OpenSqlite(db_, true).value();
  Account a{"yx.office", "$argon2id$x", "office", "433127", 5};
  ASSERT_TRUE(store->AddAccount(a).ok());
  auto dup = store->AddAccount(a);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().field, "name");
  EXPECT_EQ(store->GetAccount("yx.office").value()->role, "office");
  EXPECT_FALSE(store->GetAccount("nobody").value().has_value());
  EXPECT_EQ(store->ListAccounts().value().size(), 1u);
  ASSERT_TRUE(store->AddSession({"h1", "yx.office", "c1", 10, 20, SessionRecord::Kind::kSession}, 10).ok());
  EXPECT_EQ(store->GetSession("h1").value()->csrf, "c1");
  EXPECT_EQ(store->GetSession("h1").value()->kind, SessionRecord::Kind::kSession);
  // Adding a session later purges the expired one.
  ASSERT_TRUE(store->AddSession({"h2", "yx.office", "", 30, 40, SessionRecord::Kind::kApiToken}, 30).ok());
  EXPECT_FALSE(store->GetSession("h1").value().has_value());
  EXPECT_EQ(store->GetSession("h2").value()->kind, SessionRecord::Kind::kApiToken);
  ASSERT_TRUE(store->DeleteSession("h2").ok());
  EXPECT_FALSE(store->GetSession("h2").value().has_value());
}

}  // namespace
}  // namespace jianfu::store
