// A test folder with a registry the jianfu command line works on, shared by
// the tests that drive `jianfu` as a process (registry_cli_test,
// serve_cli_test): jianfu.db in the folder or, with JIANFU_TEST_PG, a fresh
// PostgreSQL schema in $JIANFU_DB (the keys then in the folder), initialised
// with the fixture divisions and organs. Commands run in the folder.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "jianfu/store/testing.h"
#include "run_jianfu.h"

namespace jianfu::testing {

class RegistryFolder : public ::testing::Test {
 protected:
  // `prefix` names the folder under the temporary directory (with the pid
  // and the test's name).
  explicit RegistryFolder(const std::string& prefix) : prefix_(prefix) {}

  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           (prefix_ + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    const auto backend = store::testing::DefaultBackend();
    JIANFU_REQUIRE_BACKEND(backend);
    ::unsetenv("JIANFU_KEYS");
    if (backend == store::testing::Backend::kPostgres) {
      auto db = store::testing::TestDb::Make(backend, dir_);
      ASSERT_TRUE(db.ok()) << db.error().ToString();
      db_ = std::move(*db);
      ::setenv("JIANFU_DB", db_->where().c_str(), 1);
    } else {
      ::unsetenv("JIANFU_DB");
    }
    auto init = Jianfu("init");
    ASSERT_EQ(init.status, 0) << init.out;
    ASSERT_EQ(Jianfu("units import-divisions '" JIANFU_SOURCE_DIR "/tests/fixtures/divisions'").status, 0);
    ASSERT_EQ(Jianfu("units import '" JIANFU_SOURCE_DIR "/tests/fixtures/units/organs.csv'").status, 0);
  }
  void TearDown() override {
    ::unsetenv("JIANFU_DB");
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  jianfu::testing::Run Jianfu(const std::string& args) {
    return jianfu::testing::Jianfu(args, true, "cd '" + dir_.string() + "' && ");
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::testing::TestDb> db_;

 private:
  std::string prefix_;
};

}  // namespace jianfu::testing
