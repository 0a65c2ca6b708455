#include "jianfu/accounts/accounts.h"

#include <gtest/gtest.h>

namespace jianfu::accounts {
namespace {

units::UnitTree Tree() {
  std::vector<units::UnitRecord> records = {
      {"43", "湖南省", units::Level::kProvince, std::nullopt, "", "43"},
      {"433127", "永顺县", units::Level::kCounty, std::nullopt, "43", "433127"},
  };
  return units::UnitTree::Build(std::move(records)).value();
}

TEST(Accounts, PasswordsAreArgon2idAndVerify) {
  auto hash = HashPassword("correct horse");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horsE"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse"));
  EXPECT_NE(*HashPassword("correct horse"), *hash);  // salted
  EXPECT_EQ(HashPassword("short").error().field, "password");
}

TEST(Accounts, NewAccountChecksEveryField) {
  const auto tree = Tree();
  auto a = NewAccount("yx.office", "12345678", "office", "433127", tree, 100);
  ASSERT_TRUE(a.ok()) << a.error().ToString();
  EXPECT_EQ(a->role, "office");
  EXPECT_EQ(a->created_at, 100);
  EXPECT_EQ(NewAccount("bad name", "12345678", "office", "433127", tree, 0).error().field, "name");
  EXPECT_EQ(NewAccount("", "12345678", "office", "433127", tree, 0).error().field, "name");
  EXPECT_EQ(NewAccount("a", "12345678", "boss", "433127", tree, 0).error().field, "role");
  EXPECT_EQ(NewAccount("a", "12345678", "office", "999", tree, 0).error().field, "unit");
  EXPECT_EQ(NewAccount("a", "1234", "office", "433127", tree, 0).error().field, "password");
  for (auto role : {Role::kFiler, Role::kGrassroots, Role::kOffice, Role::kAuditor, Role::kAdmin})
    EXPECT_EQ(ParseRole(RoleName(role)), role);
}

TEST(Accounts, TokensAreRandomAndOnlyTheirHashIsKept) {
  const std::string t = NewToken(), u = NewToken();
  EXPECT_EQ(t.size(), 43u);
  EXPECT_NE(t, u);
  EXPECT_EQ(TokenHash(t).size(), 64u);
  EXPECT_EQ(TokenHash(t), TokenHash(t));
  EXPECT_NE(TokenHash(t), TokenHash(u));
  EXPECT_TRUE(SecureEquals(t, t));
  EXPECT_FALSE(SecureEquals(t, u));
  EXPECT_FALSE(SecureEquals(t, t.substr(1)));
}

}  // namespace
}  // namespace jianfu::accounts
