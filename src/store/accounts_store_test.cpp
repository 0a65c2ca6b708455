// Accounts and sessions (schema version 2, the server's logins and API
// tokens) on both backends; the fixture is store_fixture.h.
#include <string>
#include <vector>

#include "store_fixture.h"

namespace jianfu::store::test {
namespace {

TEST_P(StoreTest, AccountsAndSessions) {
  auto store = Create();
  Account a{"yx.office", "$argon2id$x", "office", "433127", 5};
  ASSERT_TRUE(store->AddAccount(a).ok());
  auto dup = store->AddAccount(a);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().field, "name");
  EXPECT_EQ(store->GetAccount("yx.office").value()->role, "office");
  EXPECT_EQ(store->GetAccount("yx.office").value()->created_at, 5);
  EXPECT_FALSE(store->GetAccount("nobody").value().has_value());
  ASSERT_TRUE(store->AddAccount({"Zed", "$argon2id$y", "admin", "43", 6}).ok());
  ASSERT_TRUE(store->AddAccount({"admin", "$argon2id$z", "admin", "43", 7}).ok());
  auto accounts = store->ListAccounts();
  ASSERT_TRUE(accounts.ok());
  std::vector<std::string> names;
  for (const auto& x : *accounts) names.push_back(x.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Zed", "admin", "yx.office"}));  // byte order on both
  ASSERT_TRUE(store->AddSession({"h1", "yx.office", "c1", 10, 20, SessionRecord::Kind::kSession}, 10).ok());
  EXPECT_EQ(store->GetSession("h1").value()->csrf, "c1");
  EXPECT_EQ(store->GetSession("h1").value()->kind, SessionRecord::Kind::kSession);
  EXPECT_EQ(store->GetSession("h1").value()->expires_at, 20);
  // Adding a session later purges the expired one.
  ASSERT_TRUE(store->AddSession({"h2", "yx.office", "", 30, 40, SessionRecord::Kind::kApiToken}, 30).ok());
  EXPECT_FALSE(store->GetSession("h1").value().has_value());
  EXPECT_EQ(store->GetSession("h2").value()->kind, SessionRecord::Kind::kApiToken);
  // A session of an account that does not exist is refused, and nothing is purged by it.
  EXPECT_FALSE(store->AddSession({"h3", "nobody", "", 50, 60, SessionRecord::Kind::kSession}, 50).ok());
  EXPECT_FALSE(store->GetSession("h3").value().has_value());
  EXPECT_TRUE(store->GetSession("h2").value().has_value());
  ASSERT_TRUE(store->DeleteSession("h2").ok());
  EXPECT_FALSE(store->GetSession("h2").value().has_value());
  // Another connection (another server process) sees the same accounts and sessions.
  ASSERT_TRUE(store->AddSession({"h4", "Zed", "c4", 70, 80, SessionRecord::Kind::kSession}, 70).ok());
  auto other = Open(false);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)->GetSession("h4").value()->account, "Zed");
  EXPECT_EQ((*other)->ListAccounts().value().size(), 3u);
}

// Accounts and sessions are ordinary writes inside a batch: they take part
// in it, and a refused one does not end it.
TEST_P(StoreTest, AccountsAndSessionsInsideABatch) {
  auto store = Create();
  ASSERT_TRUE(store->BeginBatch().ok());
  Filing f;
  f.demand = Meeting("一");
  ASSERT_TRUE(store->AddFiling(f, Code).ok());
  ASSERT_TRUE(store->AddAccount({"a", "h", "filer", "433127", 1}).ok());
  EXPECT_FALSE(store->AddAccount({"a", "h", "filer", "433127", 1}).ok());
  EXPECT_FALSE(store->AddSession({"s0", "nobody", "", 1, 9, SessionRecord::Kind::kSession}, 1).ok());
  ASSERT_TRUE(store->AddSession({"s1", "a", "c", 1, 9, SessionRecord::Kind::kSession}, 1).ok());
  Filing g;
  g.demand = Meeting("二");
  ASSERT_TRUE(store->AddFiling(g, Code).ok());
  ASSERT_TRUE(store->CommitBatch().ok());
  EXPECT_EQ(store->ListFilings({}, {})->size(), 2u);
  auto other = Open(false);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ((*other)->GetSession("s1").value()->account, "a");
}

// A password change ends the other login sessions, not the API tokens;
// removing an account takes everything of it along, at once for every
// connection.
TEST_P(StoreTest, PasswordChangesAndRemovals) {
  auto store = Create();
  ASSERT_TRUE(store->AddAccount({"li", "$argon2id$old", "grassroots", "433127101", 1}).ok());
  ASSERT_TRUE(store->AddAccount({"wang", "$argon2id$w", "office", "433127", 1}).ok());
  using K = SessionRecord::Kind;
  for (const SessionRecord& r : {SessionRecord{"here", "li", "c", 10, 99, K::kSession},
                                 SessionRecord{"there", "li", "c", 11, 99, K::kSession},
                                 SessionRecord{"oa", "li", "", 12, 99, K::kApiToken},
                                 SessionRecord{"w1", "wang", "c", 13, 99, K::kSession}})
    ASSERT_TRUE(store->AddSession(r, 10).ok());
  auto listed = store->ListSessions("li");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 3u);
  EXPECT_EQ(listed->at(0).token_hash, "here");
  EXPECT_EQ(listed->at(2).kind, K::kApiToken);

  ASSERT_TRUE(store->SetPassword("li", "$argon2id$new", "here").ok());
  EXPECT_EQ(store->GetAccount("li").value()->password_hash, "$argon2id$new");
  EXPECT_TRUE(store->GetSession("here").value().has_value());
  EXPECT_FALSE(store->GetSession("there").value().has_value());
  EXPECT_TRUE(store->GetSession("oa").value().has_value());
  EXPECT_TRUE(store->GetSession("w1").value().has_value());  // another account's
  ASSERT_TRUE(store->SetPassword("li", "$argon2id$newer", "").ok());
  EXPECT_FALSE(store->GetSession("here").value().has_value());
  auto missing = store->SetPassword("nobody", "h", "");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().field, "name");

  auto other = Open(false);
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE(store->RemoveAccount("li").ok());
  EXPECT_FALSE((*other)->GetAccount("li").value().has_value());
  EXPECT_FALSE((*other)->GetSession("oa").value().has_value());
  EXPECT_TRUE((*other)->ListSessions("li").value().empty());
  EXPECT_EQ(store->RemoveAccount("li").error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*other)->ListAccounts().value().size(), 1u);
}

}  // namespace
}  // namespace jianfu::store::test
