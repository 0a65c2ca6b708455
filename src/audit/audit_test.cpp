#include "jianfu/audit/audit.h"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>

#include "jianfu/demand/demand.h"

namespace jianfu::audit {
namespace {

namespace fs = std::filesystem;

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jianfu-audit-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = dir_ / "jianfu.db";
    store_ = store::OpenSqlite(db_, true).value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // Appends n login entries, as the server does.
  void Logins(int n) {
    for (int i = 0; i < n; ++i) {
      auto e = Entry("user" + std::to_string(i), kLogin, "account/user" + std::to_string(i),
                     {{"address", "127.0.0.1"}});
      ASSERT_TRUE(store_->AppendAudit(e).ok());
    }
  }

  // Files a meeting with its audit entry, as the registry does.
  int64_t File(const std::string& title) {
    auto d = demand::ParseDemand(R"({"kind":"meeting","issuer":"433127-gov","title":")" + title +
                                 R"(","date":"2026-10-12","targets":[{"unit":"433127","levels":["township"]}],
        "type":"business","minutes":60,"format":"video","convener_role":"principal"})");
    EXPECT_TRUE(d.ok());
    store::Filing f;
    f.demand = *d;
    auto s = Recorded(*store_, Entry("filer", kFile, ""), [&](store::AuditEntry& e) -> Status {
      auto id = store_->AddFiling(f, [](int64_t id) { return "CODE" + std::to_string(id); });
      if (!id) return id.error();
      e.object = "demand/" + std::to_string(*id);
      return Ok{};
    });
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return f.demand.id;
  }

  // Tampers with the database behind the store's back, as someone with the
  // file would.
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(db_.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  // Every entry, in order.
  std::vector<store::AuditEntry> Log() {
    std::vector<store::AuditEntry> all;
    EXPECT_TRUE(store_
                    ->ForEachAudit(0,
                                   [&](const store::AuditEntry& e) {
                                     all.push_back(e);
                                     return true;
                                   })
                    .ok());
    return all;
  }

  Report Check(const std::vector<Anchor>& anchors = {}) {
    auto r = Verify(*store_, anchors);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return *r;
  }

  static std::string Problems(const Report& r) {
    std::string out;
    for (const auto& p : r.problems) out += std::to_string(p.seq) + ": " + p.what + "\n";
    return out;
  }

  fs::path dir_, db_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(AuditTest, AnIntactLogVerifiesAndNamesItsHead) {
  auto empty = Check();
  EXPECT_TRUE(empty.ok());
  EXPECT_EQ(empty.entries, 0);
  Logins(3);
  File("全县防汛工作调度会");
  Logins(1);
  auto r = Check();
  EXPECT_TRUE(r.ok()) << Problems(r);
  EXPECT_EQ(r.entries, 5);
  EXPECT_EQ(r.head_seq, 5);
  const std::vector<store::AuditEntry> all = Log();
  ASSERT_EQ(all.size(), 5u);
  EXPECT_EQ(all[0].prev, store::kAuditGenesis);
  for (size_t i = 1; i < all.size(); ++i) EXPECT_EQ(all[i].prev, all[i - 1].hash);
  EXPECT_EQ(r.head_hash, all.back().hash);
  EXPECT_EQ(all[3].action, kFile);
  EXPECT_EQ(all[3].object, "demand/1");
}

TEST_F(AuditTest, FindsAnEditedEntry) {
  Logins(5);
  Sql("UPDATE audit SET actor = 'someone-else' WHERE seq = 3");
  auto r = Check();
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.problem_count, 1) << Problems(r);
  EXPECT_EQ(r.problems[0].seq, 3);
  EXPECT_NE(r.problems[0].what.find("被改动"), std::string::npos);
}

TEST_F(AuditTest, FindsAnEditWhoseHashWasRecomputed) {
  Logins(5);
  // Edit entry 3 and give it the hash of its new contents: the entry is
  // consistent in itself, but entry 4 still names the old hash.
  const std::vector<store::AuditEntry> all = Log();
  auto forged = all[2];
  forged.detail = R"({"address":"10.0.0.9"})";
  forged.hash = store::AuditHash(forged);
  Sql("UPDATE audit SET detail = '" + forged.detail + "', hash = '" + forged.hash + "' WHERE seq = 3");
  auto r = Check();
  ASSERT_EQ(r.problem_count, 1) << Problems(r);
  EXPECT_EQ(r.problems[0].seq, 4);
  EXPECT_NE(r.problems[0].what.find("前一条哈希"), std::string::npos);
}

TEST_F(AuditTest, FindsADeletedEntry) {
  Logins(6);
  Sql("DELETE FROM audit WHERE seq IN (3, 4)");
  auto r = Check();
  ASSERT_EQ(r.problem_count, 1) << Problems(r);
  EXPECT_EQ(r.problems[0].seq, 5);
  EXPECT_NE(r.problems[0].what.find("缺少第 3–4 条"), std::string::npos) << r.problems[0].what;
}

TEST_F(AuditTest, FindsReorderedEntries) {
  Logins(5);
  // Swap the contents of entries 2 and 3, keeping their places.
  Sql("UPDATE audit SET seq = -2 WHERE seq = 2; UPDATE audit SET seq = 2 WHERE seq = 3;"
      "UPDATE audit SET seq = 3 WHERE seq = -2");
  auto r = Check();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problems.front().seq, 2) << Problems(r);
}

TEST_F(AuditTest, FindsATruncatedTailByTheFilingsItNoLongerCovers) {
  File("第一次调度会");
  File("第二次调度会");
  EXPECT_TRUE(Check().ok());
  Sql("DELETE FROM audit WHERE seq = 2");
  auto r = Check();
  ASSERT_EQ(r.problem_count, 1) << Problems(r);
  EXPECT_EQ(r.problems[0].seq, 0);
  EXPECT_NE(r.problems[0].what.find("第 2–2 号事项"), std::string::npos) << r.problems[0].what;
}

TEST_F(AuditTest, FindsATruncatedTailByAnAnchor) {
  Logins(4);
  auto head = Check();
  Anchor anchor{head.head_seq, head.head_hash};
  EXPECT_TRUE(Check({anchor}).ok());
  Sql("DELETE FROM audit WHERE seq = 4");
  auto r = Check({anchor});
  ASSERT_EQ(r.problem_count, 1) << Problems(r);
  EXPECT_NE(r.problems[0].what.find("不存在"), std::string::npos);

  // A rewritten chain (every hash recomputed) is consistent in itself; an
  // anchor taken before shows it.
  Logins(1);
  EXPECT_TRUE(Check().ok());
  Anchor wrong{2, std::string(64, 'a')};
  auto rewritten = Check({wrong});
  ASSERT_EQ(rewritten.problem_count, 1);
  EXPECT_EQ(rewritten.problems[0].seq, 2);
}

TEST_F(AuditTest, AWriteAndItsEntryCommitTogetherOrNotAtAll) {
  auto failed = Recorded(*store_, Entry("admin", kImportList, "list/plan"), [](store::AuditEntry&) -> Status {
    return MakeError(ErrorCode::kInvalidArgument, "坏数据");
  });
  EXPECT_FALSE(failed.ok());
  EXPECT_EQ(Check().entries, 0);
  // Nothing of the failed write was stored either.
  auto counted = store_->CountDemands();
  ASSERT_TRUE(counted.ok());
  EXPECT_EQ(counted->first, 0);
  File("调度会");
  EXPECT_EQ(Check().entries, 1);
}

TEST_F(AuditTest, ConnectionsAppendToOneChain) {
  auto other = store::OpenSqlite(db_, false).value();
  for (int i = 0; i < 10; ++i) {
    auto e = Entry("a", kLogin, "account/a");
    ASSERT_TRUE((i % 2 ? *other : *store_).AppendAudit(e).ok());
    EXPECT_EQ(e.seq, i + 1);
  }
  EXPECT_TRUE(Check().ok());
  EXPECT_EQ(Check().entries, 10);
}

TEST_F(AuditTest, AnchorsAreParsedStrictly) {
  const std::string hash(64, 'f');
  auto a = ParseAnchor("12:" + hash, "expect");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->seq, 12);
  for (std::string bad :
       {std::string("12"), "x:" + hash, "0:" + hash, "12:" + hash.substr(1), "12:" + std::string(64, 'G')}) {
    auto r = ParseAnchor(bad, "expect");
    EXPECT_FALSE(r.ok()) << bad;
    if (!r.ok()) {
      EXPECT_EQ(r.error().field, "expect");
    }
  }
}

TEST_F(AuditTest, ADatabaseFromBeforeTheLogAccountsForItsFilings) {
  // Schema 2 with two filings, as an older jianfu left it.
  File("一");
  File("二");
  store_.reset();
  Sql("DROP TABLE audit; DROP TABLE approvals; PRAGMA user_version = 2");
  store_ = store::OpenSqlite(db_, false).value();
  auto r = Check();
  EXPECT_TRUE(r.ok()) << Problems(r);
  EXPECT_EQ(r.entries, 1);
}

}  // namespace
}  // namespace jianfu::audit
