// The store tests' fixture (store_test.cpp, accounts_store_test.cpp): a
// fresh database per test on the backend of the parameter, and SQL run
// behind the store's back. Instantiated over both backends in
// store_test.cpp.
#pragma once

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include "jianfu/store/store.h"
#include "jianfu/store/testing.h"

namespace jianfu::store::test {

namespace fs = std::filesystem;
using testing::Backend;

inline fs::path TestDir(const std::string& what) {
  std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  for (char& c : name)
    if (c == '/') c = '_';
  return fs::temp_directory_path() / ("jianfu-" + what + "-" + std::to_string(::getpid()) + "-" + name);
}

inline demand::Demand Meeting(const std::string& title) {
  auto d = demand::ParseDemand(R"({"kind":"meeting","issuer":"433127-gov","title":")" + title +
                               R"(","date":"2026-10-12","targets":[{"unit":"433127","levels":["township"]}],
        "type":"business","minutes":90,"format":"video","convener_role":"principal"})");
  EXPECT_TRUE(d.ok()) << d.error().ToString();
  return *d;
}

inline std::string Code(int64_t id) { return "C" + std::to_string(id); }

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    JIANFU_REQUIRE_BACKEND(GetParam());
    dir_ = TestDir("store");
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto db = testing::TestDb::Make(GetParam(), dir_);
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    db_ = std::move(*db);
  }
  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  bool sqlite() const { return GetParam() == Backend::kSqlite; }
  Result<std::unique_ptr<Store>> Open(bool create) { return OpenStore(db_->where(), create); }
  std::unique_ptr<Store> Create() {
    auto s = Open(true);
    EXPECT_TRUE(s.ok()) << s.error().ToString();
    return s.ok() ? std::move(*s) : nullptr;
  }

  // Runs SQL behind the store's back and returns the first value.
  std::string Sql(const std::string& sql) {
    if (!sqlite()) {
      auto r = db_->Sql(sql);
      EXPECT_TRUE(r.ok()) << r.error().ToString();
      return r.ok() ? *r : "";
    }
    sqlite3* raw = nullptr;
    EXPECT_EQ(sqlite3_open(db_->where().c_str(), &raw), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(raw, sql.c_str(), -1, &st, nullptr), SQLITE_OK) << sqlite3_errmsg(raw);
    std::string out;
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
      out = reinterpret_cast<const char*>(sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    sqlite3_close(raw);
    return out;
  }

  fs::path dir_;
  std::unique_ptr<testing::TestDb> db_;
};

}  // namespace jianfu::store::test
