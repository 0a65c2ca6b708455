// What only the PostgreSQL store has: choosing the backend by the form of
// --db, connection strings that never show their password, several
// processes opening one new database at once, and the UTF8 requirement.
#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "jianfu/store/store.h"
#include "jianfu/store/testing.h"

namespace jianfu::store {
namespace {

using testing::Backend;

TEST(OpenStore, ChoosesTheBackendByTheFormOfWhere) {
  EXPECT_TRUE(IsPostgres("postgresql://jianfu@db.example:5432/jianfu"));
  EXPECT_TRUE(IsPostgres("postgres:///jianfu"));
  EXPECT_TRUE(IsPostgres("host=10.0.0.5 dbname=jianfu user=jianfu"));
  EXPECT_TRUE(IsPostgres("  dbname = jianfu"));
  EXPECT_TRUE(IsPostgres("service=jianfu"));
  EXPECT_FALSE(IsPostgres("jianfu.db"));
  EXPECT_FALSE(IsPostgres("/var/lib/jianfu/登记.db"));
  EXPECT_FALSE(IsPostgres("a=b.db"));  // not a libpq keyword: a file
  EXPECT_FALSE(IsPostgres("postgresql.db"));
  EXPECT_FALSE(IsPostgres(""));
}

TEST(OpenStore, NeverShowsThePassword) {
  EXPECT_EQ(DisplayName("postgresql://jianfu:s3cret-pw@db.example:5433/registry?sslmode=require"),
            "postgresql://jianfu@db.example:5433/registry");
  EXPECT_EQ(DisplayName("host=db.example password=s3cret-pw dbname=registry user=jianfu"),
            "postgresql://jianfu@db.example/registry");
  EXPECT_EQ(DisplayName("jianfu.db"), "jianfu.db");
  // A connection that fails (nothing listens on port 1) names the database
  // without the password, in the error's path and in its message.
  auto s = OpenStore("postgresql://jianfu:s3cret-pw@127.0.0.1:1/registry?connect_timeout=2", false);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().path, "postgresql://jianfu@127.0.0.1:1/registry");
  EXPECT_EQ(s.error().ToString().find("s3cret"), std::string::npos) << s.error().ToString();
  EXPECT_NE(s.error().message.find("PostgreSQL"), std::string::npos);
  auto bad = OpenStore("host=127.0.0.1 port=1 password='s3cret-pw' nonsense=1", false);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().ToString().find("s3cret"), std::string::npos) << bad.error().ToString();
}

class PostgresOnly : public ::testing::Test {
 protected:
  void SetUp() override {
    JIANFU_REQUIRE_BACKEND(Backend::kPostgres);
    auto db = testing::TestDb::Make(Backend::kPostgres, {});
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    db_ = std::move(*db);
  }
  std::unique_ptr<testing::TestDb> db_;
};

// Several jianfu serve processes started at once on a new database: the
// tables are created once (an advisory lock), and every one opens.
TEST_F(PostgresOnly, ProcessesOpeningANewDatabaseAtOnceMigrateItOnce) {
  std::atomic<int> opened{0};
  std::vector<std::string> errors(4);
  {
    std::vector<std::jthread> threads;
    for (size_t i = 0; i < errors.size(); ++i)
      threads.emplace_back([&, i] {
        auto s = OpenStore(db_->where(), true);
        if (s.ok())
          ++opened;
        else
          errors[i] = s.error().ToString();
      });
  }
  EXPECT_EQ(opened, 4) << errors[0] << errors[1] << errors[2] << errors[3];
  EXPECT_EQ(db_->Sql("SELECT COUNT(*) FROM schema_version").value(), "1");
  EXPECT_EQ(db_->Sql("SELECT version FROM schema_version").value(), std::to_string(kSchemaVersion));
}

// Opening a store does not wait for another connection's open batch (it
// only builds query indexes that are missing).
TEST_F(PostgresOnly, OpeningDoesNotWaitForAnotherConnectionsBatch) {
  auto batcher = OpenStore(db_->where(), true).value();
  ASSERT_TRUE(batcher->BeginBatch().ok());
  Filing f;
  f.demand = *demand::ParseDemand(
      R"({"kind":"document","issuer":"ys-gov","title":"通知","date":"2026-03-02","targets":[{"unit":"433127"}],"form":"red"})");
  ASSERT_TRUE(batcher->AddFiling(f, [](int64_t) { return std::string("x"); }).ok());
  const auto start = std::chrono::steady_clock::now();
  auto reader = OpenStore(db_->where() + " connect_timeout=5", false);
  ASSERT_TRUE(reader.ok()) << reader.error().ToString();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE((*reader)->ListFilings({}, {})->empty());
  ASSERT_TRUE(batcher->CommitBatch().ok());
  EXPECT_EQ((*reader)->ListFilings({}, {})->size(), 1u);
}

// jianfu in two schemas of one database (two registries, or two tests at
// once): the notifications share a channel, but a filing in one schema
// does not tell a store of the other that someone filed.
TEST_F(PostgresOnly, AFilingInAnotherSchemaIsNotNews) {
  auto second = testing::TestDb::Make(Backend::kPostgres, {});
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  auto mine = OpenStore(db_->where(), true).value();
  auto neighbour = OpenStore((*second)->where(), true).value();
  auto same_schema = OpenStore(db_->where(), false).value();
  EXPECT_TRUE(mine->MayHaveNewDemands());  // the first check listens
  Filing f;
  f.demand = *demand::ParseDemand(
      R"({"kind":"document","issuer":"ys-gov","title":"通知","date":"2026-03-02","targets":[{"unit":"433127"}],"form":"red"})");
  ASSERT_TRUE(neighbour->AddFiling(f, [](int64_t) { return std::string("x"); }).ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_FALSE(mine->MayHaveNewDemands());
  ASSERT_TRUE(same_schema->AddFiling(f, [](int64_t) { return std::string("y"); }).ok());
  bool heard = false;
  for (int i = 0; i < 200 && !heard; ++i) {
    heard = mine->MayHaveNewDemands();
    if (!heard) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(heard);
}

// A filing whose INSERT fails (here a trigger planted behind the store's
// back refuses it) leaves nothing, not even its id; inside a batch the
// filings before and after it stay.
TEST_F(PostgresOnly, AFailedInsertLeavesNothingAndABatchGoesOn) {
  auto store = OpenStore(db_->where(), true).value();
  ASSERT_TRUE(db_->Sql(R"sql(
    CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.title = '拒绝' THEN RAISE EXCEPTION 'refused by the test'; END IF;
      RETURN NEW;
    END $$)sql")
                  .ok());
  ASSERT_TRUE(db_->Sql("CREATE TRIGGER refuse BEFORE INSERT ON demands FOR EACH ROW EXECUTE FUNCTION refuse()").ok());
  auto make = [](const std::string& title) {
    Filing f;
    f.demand = *demand::ParseDemand(R"({"kind":"document","issuer":"ys-gov","title":")" + title +
                                    R"(","date":"2026-03-02","targets":[{"unit":"433127"}],"form":"red"})");
    f.findings.push_back({"DOC-02", rules::Severity::kWarn, false, "t", "m", "c", "", {}});
    return f;
  };
  auto code = [](int64_t id) { return "C" + std::to_string(id); };
  Filing a = make("通知一"), bad = make("拒绝"), b = make("通知二");
  ASSERT_TRUE(store->AddFiling(a, code).ok());
  auto refused = store->AddFiling(bad, code);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.error().message.find("refused by the test"), std::string::npos) << refused.error().ToString();
  EXPECT_EQ(store->AddFiling(b, code).value(), 2);

  ASSERT_TRUE(store->BeginBatch().ok());
  Filing c = make("通知三"), bad2 = make("拒绝"), d = make("通知四");
  ASSERT_TRUE(store->AddFiling(c, code).ok());
  EXPECT_FALSE(store->AddFiling(bad2, code).ok());
  EXPECT_EQ(store->AddFiling(d, code).value(), 4);
  ASSERT_TRUE(store->CommitBatch().ok());
  auto list = store->ListFilings({}, {});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 4u);
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ((*list)[i].demand.id, static_cast<int64_t>(i + 1));
    EXPECT_EQ((*list)[i].findings.size(), 1u);
  }
  EXPECT_EQ(db_->Sql("SELECT last FROM demand_ids").value(), "4");
  EXPECT_EQ(db_->Sql("SELECT COUNT(*) FROM findings").value(), "4");
  EXPECT_EQ(db_->Sql("SELECT COUNT(*) FROM targets").value(), "4");
}

// The server closes the connection (a restart, a failover): the call that
// meets the closed connection fails, the next ones connect again, with
// the prepared statements and LISTEN made again.
TEST_F(PostgresOnly, ConnectsAgainAfterTheServerClosedTheConnection) {
  const std::string app = "jf_reconnect_" + std::to_string(::getpid());
  auto store = OpenStore(db_->where() + " application_name=" + app, true).value();
  auto other = OpenStore(db_->where(), false).value();
  auto make = [](const std::string& title) {
    Filing f;
    f.demand = *demand::ParseDemand(R"({"kind":"document","issuer":"ys-gov","title":")" + title +
                                    R"(","date":"2026-03-02","targets":[{"unit":"433127"}],"form":"red"})");
    return f;
  };
  auto code = [](int64_t id) { return "C" + std::to_string(id); };
  Filing a = make("断开之前");
  ASSERT_TRUE(store->AddFiling(a, code).ok());
  (void)store->MayHaveNewDemands();
  auto killed = db_->Sql("SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '" +
                         app + "'");
  ASSERT_TRUE(killed.ok()) << killed.error().ToString();
  ASSERT_EQ(*killed, "1");
  auto failed = store->ListFilings({}, {});  // meets the closed connection
  EXPECT_FALSE(failed.ok());
  auto list = store->ListFilings({}, {});
  ASSERT_TRUE(list.ok()) << list.error().ToString();
  EXPECT_EQ(list->size(), 1u);
  Filing b = make("重新连接之后");
  EXPECT_EQ(store->AddFiling(b, code).value(), 2);
  EXPECT_TRUE(store->MayHaveNewDemands());  // a new session: unsure, so yes
  EXPECT_FALSE(store->MayHaveNewDemands());
  Filing c = make("别人的");
  ASSERT_TRUE(other->AddFiling(c, code).ok());
  bool heard = false;
  for (int i = 0; i < 200 && !heard; ++i) {
    heard = store->MayHaveNewDemands();
    if (!heard) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_TRUE(heard);  // LISTEN again on the new session
}

TEST_F(PostgresOnly, RefusesADatabaseThatIsNotUtf8) {
  const std::string name = "jf_test_ascii_" + std::to_string(::getpid());
  (void)db_->Sql("DROP DATABASE IF EXISTS " + name);
  auto made = db_->Sql("CREATE DATABASE " + name + " ENCODING 'SQL_ASCII' LC_COLLATE 'C' LC_CTYPE 'C' TEMPLATE template0");
  ASSERT_TRUE(made.ok()) << made.error().ToString();
  auto s = OpenStore(db_->where() + " dbname=" + name, true);
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("UTF8"), std::string::npos) << s.error().ToString();
  (void)db_->Sql("DROP DATABASE IF EXISTS " + name);
}

}  // namespace
}  // namespace jianfu::store
