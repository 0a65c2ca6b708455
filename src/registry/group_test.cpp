// Registry::FileGroup: the server's group commit of queued filings.
#include <sqlite3.h>

#include "jianfu/audit/audit.h"
#include "test_fixture.h"

namespace jianfu::registry::testing {
namespace {

using nlohmann::json;

std::vector<store::AuditEntry> Log(store::Store& store) {
  std::vector<store::AuditEntry> log;
  EXPECT_TRUE(store
                  .ForEachAudit(0,
                                [&](const store::AuditEntry& e) {
                                  log.push_back(e);
                                  return true;
                                })
                  .ok());
  return log;
}

class GroupTest : public RegistryTest {
 protected:
  // A research visit to one township: the second within the month is INS-20.
  static demand::Demand Visit(const std::string& title = "调研") {
    auto d = Make("inspection",
                  {{"type", "research"}, {"onsite", true}, {"plan_item", nullptr}, {"title", title}});
    d.targets = {{"433127101", 0, {}}};
    d.justification = "测试";
    return d;
  }
  static demand::Demand UnfiledApp() {
    return Make("app", {{"app_type", "app"}, {"audience", "grassroots"}});
  }
};

TEST_F(GroupTest, FilesEachInTurnWithItsOwnEntryAndCommitsThemTogether) {
  auto unknown = Visit();
  unknown.issuer = "no-such-unit";
  std::vector<Registry::Queued> group = {
      {Visit(), "alice"}, {Visit(), "bob"}, {UnfiledApp(), "carol"}, {unknown, "dave"}, {Visit(), "erin"}};
  auto results = registry_->FileGroup(group);
  ASSERT_EQ(results.size(), 5u);
  for (size_t i : {0u, 1u, 2u, 4u})
    ASSERT_TRUE(results[i].ok()) << i << ": " << results[i].error().ToString();

  EXPECT_TRUE(results[0]->accepted);
  EXPECT_EQ(results[0]->filing.demand.id, 1);
  EXPECT_FALSE(Has(*results[0], "INS-20"));
  // The second sees the first, filed earlier in the same group.
  EXPECT_EQ(results[1]->filing.demand.id, 2);
  EXPECT_TRUE(Has(*results[1], "INS-20"));
  // A refusal and an unknown unit are answered as File answers them, and
  // take nothing from the others.
  EXPECT_FALSE(results[2]->accepted);
  EXPECT_EQ(results[2]->filing.demand.id, 0);
  ASSERT_FALSE(results[3].ok());
  EXPECT_EQ(results[3].error().field, "issuer");
  EXPECT_EQ(results[4]->filing.demand.id, 3);
  EXPECT_EQ(results[4]->filing.code, "CODE3");

  // Every accepted filing has its own entry, naming its own filer, and the
  // justified ones their exception approvals.
  auto log = Log(registry_->store());
  std::vector<std::pair<std::string, std::string>> filed;
  for (const auto& e : log)
    if (e.action == audit::kFile) filed.emplace_back(e.actor, e.object);
  EXPECT_EQ(filed, (std::vector<std::pair<std::string, std::string>>{
                       {"alice", "demand/1"}, {"bob", "demand/2"}, {"erin", "demand/3"}}));
  EXPECT_EQ(registry_->store().ListApprovals({}, {})->size(), 3u);
  EXPECT_TRUE(audit::Verify(registry_->store())->ok());

  // What was committed is what another process reads.
  Reopen();
  EXPECT_EQ(registry_->store().ListFilings({}, {})->size(), 3u);
  EXPECT_TRUE(Has(File(Visit()), "INS-20"));
}

TEST_F(GroupTest, AFailedWriteFilesEachOnItsOwnAndLosesNothing) {
  // A trigger refuses one demand's row, as a full disk or a broken
  // connection would fail a write in the middle of the group.
  if (db_->backend() == store::testing::Backend::kSqlite) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_->where().c_str(), &db), SQLITE_OK);
    const int rc = sqlite3_exec(db,
                                "CREATE TRIGGER refuse BEFORE INSERT ON demands WHEN NEW.title = '坏' "
                                "BEGIN SELECT RAISE(ABORT, 'injected'); END",
                                nullptr, nullptr, nullptr);
    sqlite3_close(db);
    ASSERT_EQ(rc, SQLITE_OK);
  } else {  // one command per call
    for (const char* sql :
         {"CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN IF NEW.title = '坏' THEN "
          "RAISE EXCEPTION 'injected'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql",
          "CREATE TRIGGER refuse BEFORE INSERT ON demands FOR EACH ROW EXECUTE FUNCTION refuse()"}) {
      auto done = db_->Sql(sql);
      ASSERT_TRUE(done.ok()) << done.error().ToString();
    }
  }
  Reopen();
  auto results = registry_->FileGroup({{Visit(), "alice"}, {Visit("坏"), "bob"}, {Visit(), "carol"}});
  ASSERT_EQ(results.size(), 3u);
  ASSERT_TRUE(results[0].ok()) << results[0].error().ToString();
  EXPECT_FALSE(results[1].ok());
  ASSERT_TRUE(results[2].ok()) << results[2].error().ToString();
  EXPECT_EQ(results[0]->filing.demand.id, 1);
  EXPECT_EQ(results[2]->filing.demand.id, 2);
  // The history forgot the failed group: the third sees only the first.
  EXPECT_TRUE(Has(*results[2], "INS-20"));
  EXPECT_EQ(registry_->store().ListFilings({}, {})->size(), 2u);
  auto log = Log(registry_->store());
  size_t filed = 0;
  for (const auto& e : log) filed += e.action == audit::kFile;
  EXPECT_EQ(filed, 2u);
  EXPECT_TRUE(audit::Verify(registry_->store())->ok());
  // The registry is usable afterwards: no batch was left open.
  EXPECT_EQ(File(Visit()).filing.demand.id, 3);
}

}  // namespace
}  // namespace jianfu::registry::testing
