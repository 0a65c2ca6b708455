// The Store contract, on SQLite and on PostgreSQL (TEST_P over the backend;
// the PostgreSQL instances need JIANFU_TEST_PG, include/jianfu/store/testing.h).
#include "jianfu/store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <thread>

#include "jianfu/store/testing.h"
#include "store_fixture.h"

namespace jianfu::store {
namespace {

using test::Code;
using test::Meeting;
using test::StoreTest;
using test::TestDir;
namespace fs = std::filesystem;
using testing::Backend;

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         [](const auto& info) { return std::string(testing::BackendName(info.param)); });

TEST_P(StoreTest, RefusesToOpenAMissingDatabaseUnlessCreating) {
  auto s = Open(false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kNotFound);
  EXPECT_NE(s.error().message.find("jianfu init"), std::string::npos);
  if (sqlite()) {
    EXPECT_FALSE(fs::exists(db_->where()));
  }
  EXPECT_TRUE(Open(true).ok());
  EXPECT_TRUE(Open(false).ok());
  EXPECT_TRUE(Open(true).ok());  // creating again changes nothing
}

TEST_P(StoreTest, KeepsAFilingWhole) {
  auto store = Create();
  Filing f;
  f.demand = Meeting("全县防汛工作调度会");
  f.findings.push_back(
      {"MTG-20", rules::Severity::kWarn, true, "主要讲话过长", "讲话90分钟", "第6条", "", {3, 4}});
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

// Several findings keep their order, in the filing and in ListFindings
// (whose cursor is the finding's id), with every field as given.
TEST_P(StoreTest, FindingsKeepTheirOrderAndFields) {
  auto store = Create();
  for (int n = 0; n < 2; ++n) {
    Filing f;
    f.demand = Meeting("会议" + std::to_string(n));
    f.findings = {
        {"MTG-20", rules::Severity::kBlock, false, "讲话过长", "讲话 90 分钟", "第六条", "", {}},
        {"BUR-REPORT", rules::Severity::kInfo, true, "填表", "要求报表", "第三条", "每周报送“周报”。", {1}},
        {"INS-20", rules::Severity::kWarn, false, "重复检查", "一月三次", "第十条", "", {7, 8, 9}}};
    ASSERT_TRUE(store->AddFiling(f, Code).ok());
  }
  const auto g = store->GetFiling(2).value().value();
  ASSERT_EQ(g.findings.size(), 3u);
  EXPECT_EQ(g.findings[0].rule, "MTG-20");
  EXPECT_EQ(g.findings[0].severity, rules::Severity::kBlock);
  EXPECT_EQ(g.findings[1].rule, "BUR-REPORT");
  EXPECT_EQ(g.findings[1].severity, rules::Severity::kInfo);
  EXPECT_TRUE(g.findings[1].justified);
  EXPECT_EQ(g.findings[1].excerpt, "每周报送“周报”。");
  EXPECT_EQ(g.findings[1].related, (std::vector<int64_t>{1}));
  EXPECT_EQ(g.findings[2].related, (std::vector<int64_t>{7, 8, 9}));
  std::vector<std::string> rules;
  int64_t last = 0;
  for (Page page{0, 2};;) {
    auto rows = store->ListFindings({}, page);
    ASSERT_TRUE(rows.ok());
    if (rows->empty()) break;
    for (const auto& r : *rows) {
      EXPECT_GT(r.id, last);
      last = r.id;
      rules.push_back(std::to_string(r.demand) + r.finding.rule);
      EXPECT_EQ(r.date.ToString(), "2026-10-12");
      EXPECT_EQ(r.kind, demand::Kind::kMeeting);
    }
    page.after = rows->back().id;
  }
  EXPECT_EQ(rules, (std::vector<std::string>{"1MTG-20", "1BUR-REPORT", "1INS-20", "2MTG-20", "2BUR-REPORT",
                                             "2INS-20"}));
  FindingFilter by_year;
  by_year.year = 2026;
  by_year.issuer = "433127-gov";
  by_year.rule = "INS-20";
  EXPECT_EQ(store->ListFindings(by_year, {})->size(), 2u);
}

// GetCode reads the code column alone; it must say what GetFiling says.
TEST_P(StoreTest, GetCodeIsTheCodeOfTheFiling) {
  auto store = Create();
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

TEST_P(StoreTest, AFailedCodeStepStoresNothing) {
  auto store = Create();
  Filing f;
  f.demand = Meeting("会议");
  // A failure after the demand row was inserted (here: signing the code
  // throws) must leave nothing behind.
  EXPECT_THROW((void)store->AddFiling(f, [](int64_t) -> std::string { throw std::runtime_error("boom"); }),
               std::runtime_error);
  auto list = store->ListFilings({}, {});
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
  // Not even its id is used up.
  EXPECT_EQ(store->AddFiling(f, Code).value(), 1);
}

// The server's checkpoint thread: a checkpoint on one connection neither
// waits for nor disturbs another connection's open write, and afterwards
// the database file holds the committed filings without its log.
TEST_P(StoreTest, ACheckpointRunsBesideAWriterAndEmptiesTheLogIntoTheFile) {
  auto writer = Create();
  auto checkpointer = Open(false).value();
  Filing a;
  a.demand = Meeting("会议一");
  ASSERT_TRUE(writer->AddFiling(a, Code).ok());
  ASSERT_TRUE(writer->BeginBatch().ok());  // holds the write lock
  Filing b;
  b.demand = Meeting("会议二");
  ASSERT_TRUE(writer->AddFiling(b, Code).ok());
  auto done = checkpointer->Checkpoint();
  ASSERT_TRUE(done.ok()) << done.error().ToString();
  EXPECT_EQ(*done, sqlite());  // PostgreSQL checkpoints by itself: nothing to do
  ASSERT_TRUE(writer->CommitBatch().ok());
  ASSERT_TRUE(checkpointer->Checkpoint().ok());
  if (!sqlite()) return;
  // The file alone, copied without its -wal, has both filings.
  const fs::path copy = fs::path(db_->where()).parent_path() / "copy.db";
  fs::copy_file(db_->where(), copy, fs::copy_options::overwrite_existing);
  auto alone = OpenStore(copy.string(), false);
  ASSERT_TRUE(alone.ok()) << alone.error().ToString();
  EXPECT_EQ((*alone)->ListFilings({}, {})->size(), 2u);
}

TEST_P(StoreTest, ABatchKeepsEachFilingWholeAndCommitsThemTogether) {
  auto store = Create();
  auto other = Open(false).value();  // another connection, as a reader
  ASSERT_TRUE(store->BeginBatch().ok());
  EXPECT_FALSE(store->BeginBatch().ok());  // one batch at a time
  Filing a;
  a.demand = Meeting("会议一");
  ASSERT_TRUE(store->AddFiling(a, Code).ok());
  Filing broken;
  broken.demand = Meeting("会议二");
  EXPECT_THROW(
      (void)store->AddFiling(broken, [](int64_t) -> std::string { throw std::runtime_error("boom"); }),
      std::runtime_error);
  Filing c;
  c.demand = Meeting("会议三");
  c.findings.push_back({"MTG-20", rules::Severity::kWarn, false, "t", "m", "c", "", {}});
  ASSERT_TRUE(store->AddFiling(c, Code).ok());
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

TEST_P(StoreTest, ABulkLoadDefersTheQueryIndexes) {
  auto indexes = [&] {
    return std::stoi(Sql(sqlite() ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN "
                                    "('demands_issuer', 'targets_unit')"
                                  : "SELECT COUNT(*) FROM pg_indexes WHERE schemaname = current_schema() AND "
                                    "indexname IN ('demands_issuer', 'targets_unit')"));
  };
  auto store = Create();
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
  ASSERT_TRUE(Open(false).ok());
  EXPECT_EQ(indexes(), 2);
}

TEST_P(StoreTest, ListsWithFiltersAndCursor) {
  auto store = Create();
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
  ASSERT_TRUE(
      store->ForEachDemand([&](demand::Demand&& d) { EXPECT_EQ(d.id, static_cast<int64_t>(++n)); }).ok());
  EXPECT_EQ(n, 5u);
}

TEST_P(StoreTest, UnitsAndListsRoundTrip) {
  auto store = Create();
  units::UnitRecord county{"433127", "永顺县", units::Level::kCounty, std::nullopt, "4331", "433127"};
  units::UnitRecord organ{
      "433127-gov", "永顺县人民政府", units::Level::kCounty, units::OrganType::kGovernment,
      "433127",     "433127"};
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
  ASSERT_TRUE(
      store->UpsertListItems({{ListItem::List::kDuty, "D-1", "433127101", "农村人居环境整治", "basic", 0}})
          .ok());
  auto items = store->LoadListItems();
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ(items->front().category, "basic");
}

// Many units at once (PostgreSQL sends them in chunks), and a unit given
// twice in one call: the last one wins, as with INSERT OR REPLACE.
TEST_P(StoreTest, ManyUnitsAtOnceTheLastOfTwinsWins) {
  auto store = Create();
  std::vector<units::UnitRecord> list;
  for (int i = 0; i < 12001; ++i)
    list.push_back({"43" + std::to_string(100000 + i), "乡镇" + std::to_string(i), units::Level::kTownship,
                    std::nullopt, "43", "43" + std::to_string(100000 + i)});
  list.push_back({"43100007", "改名的乡镇", units::Level::kTownship, std::nullopt, "43", "43100007"});
  ASSERT_TRUE(store->UpsertUnits(list).ok());
  auto back = store->LoadUnits();
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->size(), 12001u);
  for (const auto& u : *back)
    if (u.id == "43100007") {
      EXPECT_EQ(u.name, "改名的乡镇");
    }
  ASSERT_TRUE(store
                  ->UpsertListItems({{ListItem::List::kPlan, "P-1", "u", "一", "", 2026},
                                     {ListItem::List::kDuty, "P-1", "u", "同号不同清单", "basic", 0},
                                     {ListItem::List::kPlan, "P-1", "u", "二", "", 2026}})
                  .ok());
  auto items = store->LoadListItems();
  ASSERT_EQ(items->size(), 2u);
  for (const auto& it : *items)
    if (it.list == ListItem::List::kPlan) {
      EXPECT_EQ(it.name, "二");
    }
}

TEST_P(StoreTest, RefusesADatabaseFromANewerVersion) {
  { ASSERT_TRUE(Open(true).ok()); }
  Sql(sqlite() ? "PRAGMA user_version = 99" : "UPDATE schema_version SET version = 99");
  auto s = Open(false);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("99"), std::string::npos);
  EXPECT_NE(s.error().message.find("升级"), std::string::npos);
}

TEST_P(StoreTest, ADamagedStoredDemandIsAnErrorNamingIt) {
  auto store = Create();
  Filing f;
  f.demand = Meeting("会议");
  ASSERT_TRUE(store->AddFiling(f, Code).ok());
  Sql("UPDATE demands SET body = '{\"kind\": 7}' WHERE id = 1");
  auto s = store->ForEachDemand([](demand::Demand&&) {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(s.error().message.find("第 1 号"), std::string::npos);
  EXPECT_FALSE(store->GetFiling(1).ok());
}

// A filing that expects an id someone else took stores nothing; reading
// the demands after the last one known catches up.
TEST_P(StoreTest, AnExpectedIdTakenByAnotherWriterStoresNothing) {
  auto mine = Create();
  auto theirs = Open(false).value();
  Filing a;
  a.demand = Meeting("我的一");
  ASSERT_TRUE(mine->AddFiling(a, Code).ok());
  Filing b;
  b.demand = Meeting("别人的");
  ASSERT_TRUE(theirs->AddFiling(b, Code).ok());  // id 2, behind my back
  Filing c;
  c.demand = Meeting("我的二");
  c.expect_id = 2;  // what I believe comes next
  auto taken = mine->AddFiling(c, Code);
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().field, kIdTaken);
  EXPECT_EQ(mine->ListFilings({}, {})->size(), 2u);
  std::vector<int64_t> seen;
  ASSERT_TRUE(mine->ForEachDemandAfter(1, [&](demand::Demand&& d) { seen.push_back(d.id); }).ok());
  EXPECT_EQ(seen, (std::vector<int64_t>{2}));
  c.expect_id = 3;
  EXPECT_EQ(mine->AddFiling(c, Code).value(), 3);
  // In a batch too.
  ASSERT_TRUE(mine->BeginBatch().ok());
  Filing d;
  d.demand = Meeting("批量");
  d.expect_id = 5;
  EXPECT_EQ(mine->AddFiling(d, Code).error().field, kIdTaken);
  d.expect_id = 4;
  EXPECT_EQ(mine->AddFiling(d, Code).value(), 4);
  ASSERT_TRUE(mine->CommitBatch().ok());
  seen.clear();
  ASSERT_TRUE(theirs->ForEachDemandAfter(2, [&](demand::Demand&& x) { seen.push_back(x.id); }).ok());
  EXPECT_EQ(seen, (std::vector<int64_t>{3, 4}));
}

// The cheap "did anyone else write?" check: own filings do not count,
// another connection's do (also a batch, at its commit).
TEST_P(StoreTest, SaysWhenAnotherConnectionMayHaveFiled) {
  auto mine = Create();
  auto theirs = Open(false).value();
  // Another connection's news may take a moment to arrive (NOTIFY).
  auto eventually = [&] {
    for (int i = 0; i < 200; ++i) {
      if (mine->MayHaveNewDemands()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  EXPECT_TRUE(mine->MayHaveNewDemands());  // the first call
  EXPECT_FALSE(mine->MayHaveNewDemands());
  Filing a;
  a.demand = Meeting("我的");
  ASSERT_TRUE(mine->AddFiling(a, Code).ok());
  EXPECT_FALSE(mine->MayHaveNewDemands());
  Filing b;
  b.demand = Meeting("别人的");
  ASSERT_TRUE(theirs->AddFiling(b, Code).ok());
  EXPECT_TRUE(eventually());
  EXPECT_FALSE(mine->MayHaveNewDemands());
  ASSERT_TRUE(theirs->BeginBatch().ok());
  Filing c;
  c.demand = Meeting("别人的批量");
  ASSERT_TRUE(theirs->AddFiling(c, Code).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(mine->MayHaveNewDemands());  // not committed yet
  ASSERT_TRUE(theirs->CommitBatch().ok());
  EXPECT_TRUE(eventually());
}

// Two connections (as two processes would) filing at once: every filing
// stored once, ids dense from 1, nothing lost.
TEST_P(StoreTest, TwoConnectionsFileAtOnce) {
  auto first = Create();
  auto second = Open(false).value();
  constexpr int kEach = 40;
  std::atomic<int> failures{0};
  auto file = [&](Store* store, const std::string& who) {
    for (int i = 0; i < kEach; ++i) {
      Filing f;
      f.demand = Meeting(who + std::to_string(i));
      f.findings.push_back({"MTG-20", rules::Severity::kWarn, false, who, "m", "c", "", {}});
      if (!store->AddFiling(f, Code).ok()) ++failures;
    }
  };
  { std::jthread a(file, first.get(), "甲"), b(file, second.get(), "乙"); }
  EXPECT_EQ(failures, 0);
  std::set<int64_t> ids;
  size_t findings = 0;
  for (Page page{0, 7};;) {
    auto list = first->ListFilings({}, page);
    ASSERT_TRUE(list.ok());
    if (list->empty()) break;
    for (const auto& f : *list) {
      ids.insert(f.demand.id);
      EXPECT_EQ(f.code, Code(f.demand.id));
      ASSERT_EQ(f.findings.size(), 1u);
      EXPECT_EQ(f.findings[0].title, f.demand.title.substr(0, f.findings[0].title.size()));
      ++findings;
    }
    page.after = list->back().demand.id;
  }
  ASSERT_EQ(ids.size(), 2u * kEach);
  EXPECT_EQ(*ids.begin(), 1);
  EXPECT_EQ(*ids.rbegin(), 2 * kEach);
  EXPECT_EQ(findings, 2u * kEach);
}

// While one connection's batch is open, another connection's filing waits
// for it and takes the id after the batch's: ids become visible in order.
TEST_P(StoreTest, AFilingDuringAnotherConnectionsBatchTakesTheNextId) {
  auto batcher = Create();
  auto other = Open(false).value();
  ASSERT_TRUE(batcher->BeginBatch().ok());
  Filing a;
  a.demand = Meeting("批量一");
  ASSERT_TRUE(batcher->AddFiling(a, Code).ok());
  std::atomic<bool> committed{false};
  int64_t other_id = 0;
  bool saw_commit = false;
  std::jthread t([&] {
    Filing b;
    b.demand = Meeting("另一连接");
    auto id = other->AddFiling(b, Code);
    EXPECT_TRUE(id.ok()) << id.error().ToString();
    other_id = id.ok() ? *id : -1;
    saw_commit = committed.load();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  Filing c;
  c.demand = Meeting("批量二");
  ASSERT_TRUE(batcher->AddFiling(c, Code).ok());
  committed = true;
  ASSERT_TRUE(batcher->CommitBatch().ok());
  t.join();
  EXPECT_TRUE(saw_commit);
  EXPECT_EQ(other_id, 3);
  EXPECT_EQ(batcher->ListFilings({}, {})->size(), 3u);
}

// RemoveStore leaves nothing of a store, whatever it held: no file, no
// table, index or sequence in the schema. Twice is not an error, and the
// store can be made again.
TEST_P(StoreTest, RemoveStoreLeavesNothing) {
  {
    auto store = Create();
    Filing f;
    f.demand = Meeting("要删除的");
    f.findings.push_back({"MTG-20", rules::Severity::kWarn, false, "t", "m", "c", "", {}});
    ASSERT_TRUE(store->AddFiling(f, Code).ok());
    ASSERT_TRUE(
        store->UpsertUnits({{"433127", "永顺县", units::Level::kCounty, std::nullopt, "4331", "433127"}})
            .ok());
    ASSERT_TRUE(store->UpsertListItems({{ListItem::List::kPlan, "P-1", "433127", "计划", "", 2026}}).ok());
    ASSERT_TRUE(store->AddAccount({"a", "h", "filer", "433127", 1}).ok());
    ASSERT_TRUE(store->AddSession({"s", "a", "c", 1, 9, SessionRecord::Kind::kSession}, 1).ok());
  }
  ASSERT_TRUE(RemoveStore(db_->where()).ok());
  auto gone = Open(false);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  if (sqlite()) {
    for (const char* suffix : {"", "-wal", "-shm"}) EXPECT_FALSE(fs::exists(db_->where() + suffix)) << suffix;
  } else {
    EXPECT_EQ(Sql("SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace"), "0");
  }
  EXPECT_TRUE(RemoveStore(db_->where()).ok());
  auto again = Open(true);
  ASSERT_TRUE(again.ok()) << again.error().ToString();
  EXPECT_TRUE((*again)->ListFilings({}, {})->empty());
}

// SQLite only: the file itself.
TEST(SqliteStore, ACorruptFileIsAnErrorNotACrash) {
  const fs::path dir = TestDir("store-sqlite");
  fs::create_directories(dir);
  {
    std::ofstream(dir / "jianfu.db")
        << "this is not a database, just text that is long enough to have a header page";
  }
  auto s = OpenSqlite(dir / "jianfu.db", false);
  EXPECT_FALSE(s.ok());
  fs::remove_all(dir);
}

// A database of schema version 1 (before accounts) gets the accounts and
// sessions tables, then the audit log and approvals, when opened; its
// filings are kept, and the log starts by accounting for them.
TEST_P(StoreTest, MigratesAVersionOneDatabase) {
  {
    auto store = Create();
    Filing f;
    f.demand = Meeting("旧");
    ASSERT_TRUE(store->AddFiling(f, Code).ok());
  }
  for (const char* table : {"approvals", "audit", "sessions", "accounts"})
    Sql(std::string("DROP TABLE ") + table);
  Sql("DROP INDEX units_parent");  // schema 4's
  Sql(sqlite() ? "PRAGMA user_version = 1" : "UPDATE schema_version SET version = 1");
  auto store = Open(false);
  ASSERT_TRUE(store.ok()) << store.error().ToString();
  EXPECT_EQ(Sql(sqlite() ? "PRAGMA user_version" : "SELECT version FROM schema_version"),
            std::to_string(kSchemaVersion));
  EXPECT_EQ((*store)->ListFilings({}, {})->size(), 1u);
  ASSERT_TRUE((*store)->AddAccount({"a", "h", "filer", "433127", 1}).ok());
  std::vector<AuditEntry> log;
  ASSERT_TRUE((*store)
                  ->ForEachAudit(0,
                                 [&](const AuditEntry& e) {
                                   log.push_back(e);
                                   return true;
                                 })
                  .ok());
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].action, "demand.batch");
  EXPECT_EQ(log[0].hash, AuditHash(log[0]));
}

}  // namespace
}  // namespace jianfu::store
