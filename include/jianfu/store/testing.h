// include/jianfu/store/testing.h — for tests only (target jianfu::store_testing).
//
// Fresh databases on either backend, so that every test that opens a store
// can run against SQLite and against PostgreSQL:
//   JIANFU_TEST_PG=<conninfo>  a PostgreSQL server for tests (scripts/with-postgres
//                              sets it); each test gets its own schema there.
//   JIANFU_REQUIRE_PG=1        a PostgreSQL test with no server fails instead of
//                              skipping (`make test` sets it: CI never skips).
// Tests that are not parameterised over the backend use DefaultBackend():
// PostgreSQL when JIANFU_TEST_PG (or JIANFU_REQUIRE_PG) is set, else SQLite.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "jianfu/core/result.h"

namespace jianfu::store::testing {

enum class Backend { kSqlite, kPostgres };
const char* BackendName(Backend b);  // "sqlite", "postgres" (for test names)

std::string PostgresServer();  // JIANFU_TEST_PG, "" when unset
bool PostgresRequired();       // JIANFU_REQUIRE_PG=1
Backend DefaultBackend();

// A fresh, empty database for one test: `dir`/`name` for SQLite; for
// PostgreSQL a new schema on JIANFU_TEST_PG, dropped with everything in it
// by the destructor (so tests run in parallel, each in its own schema).
class TestDb {
 public:
  static Result<std::unique_ptr<TestDb>> Make(Backend b, const std::filesystem::path& dir,
                                              const std::string& name = "jianfu.db");
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;
  ~TestDb();

  Backend backend() const { return backend_; }
  // What OpenStore (and --db) takes: a path, or a connection string whose
  // search_path is the test's schema.
  const std::string& where() const { return where_; }
  // PostgreSQL only: runs SQL in the test's schema and returns the first
  // column of the first row ("" when none), for tests that tamper with or
  // inspect the database behind the store's back.
  Result<std::string> Sql(const std::string& sql);
  // PostgreSQL only: the first column of every row, with parameters $1….
  Result<std::vector<std::string>> Column(const std::string& sql, const std::vector<std::string>& params = {});

 private:
  TestDb() = default;
  Backend backend_ = Backend::kSqlite;
  std::string where_, schema_;
};

}  // namespace jianfu::store::testing

// In SetUp or a test body: a PostgreSQL test without JIANFU_TEST_PG skips,
// or fails when JIANFU_REQUIRE_PG=1.
#define JIANFU_REQUIRE_BACKEND(backend)                                                           \
  do {                                                                                            \
    if ((backend) == ::jianfu::store::testing::Backend::kPostgres &&                              \
        ::jianfu::store::testing::PostgresServer().empty()) {                                     \
      if (::jianfu::store::testing::PostgresRequired()) {                                         \
        FAIL() << "JIANFU_REQUIRE_PG=1 但没有设置 JIANFU_TEST_PG（用 scripts/with-postgres 运行）"; \
      } else {                                                                                    \
        GTEST_SKIP() << "没有设置 JIANFU_TEST_PG，跳过 PostgreSQL";                               \
      }                                                                                           \
    }                                                                                             \
  } while (0)
