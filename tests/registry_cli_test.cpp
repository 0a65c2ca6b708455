// Drives the registry from the command line as an office would: init, import
// the tree and the organs, file demands, list them, look up findings, verify
// the code offline. Exit codes: 0 accepted, 1 refused by a block rule, 2 bad
// input (and then nothing is stored).
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "jianfu/store/testing.h"
#include "registry_folder.h"
#include "run_jianfu.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class RegistryCli : public jianfu::testing::RegistryFolder {
 protected:
  RegistryCli() : RegistryFolder("jianfu_registry_cli_") {}

  jianfu::testing::Run File(const json& demand) {
    std::ofstream(dir_ / "demand.json") << demand.dump();
    return Jianfu("file demand.json");
  }

  static json Inspection() {
    return {{"kind", "inspection"},
            {"issuer", "yx-nyj"},
            {"title", "农业安全生产检查"},
            {"date", "2026-05-11"},
            {"targets", {{{"unit", "433127"}, {"levels", {"township"}}}}},
            {"type", "inspection"},
            {"onsite", true},
            {"plan_item", nullptr}};
  }
};

TEST_F(RegistryCli, FilesListsAndVerifies) {
  auto r = File(Inspection());
  ASSERT_EQ(r.status, 0) << r.out;
  const json filed = json::parse(r.out);
  EXPECT_TRUE(filed["accepted"].get<bool>());
  EXPECT_EQ(filed["id"], 1);
  EXPECT_EQ(filed["findings"][0]["rule"], "INS-02");
  const std::string code = filed["code"];

  // The same inspection again the same day: INS-20 names the township.
  r = File(Inspection());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("INS-20"), std::string::npos);

  auto list = json::parse(Jianfu("demands list --limit 1").out);
  ASSERT_EQ(list["demands"].size(), 1u);
  EXPECT_EQ(list["next_after"], 1);
  auto show = json::parse(Jianfu("demands show 2").out);
  EXPECT_EQ(show["demand"]["title"], "农业安全生产检查");
  auto findings = json::parse(Jianfu("findings --rule INS-20").out);
  ASSERT_EQ(findings["findings"].size(), 1u);
  EXPECT_EQ(findings["findings"][0]["demand"], 2);

  // The code, offline, with the public key init wrote.
  EXPECT_EQ(Jianfu("verify " + code + " --unit 433127101 --today 2026-05-11").status, 0);
  EXPECT_EQ(Jianfu("verify " + code + " --unit 433126 --today 2026-05-11").status, 1);
  EXPECT_EQ(Jianfu("verify " + code + " --today 2026-06-01").status, 1);  // expired
}

TEST_F(RegistryCli, ABlockExitsOneAndStoresNothing) {
  json app = {{"kind", "app"},
              {"issuer", "yx-zf"},
              {"title", "智慧农业 App"},
              {"date", "2026-03-01"},
              {"targets", {{{"unit", "433127"}, {"levels", {"village"}}}}},
              {"app_type", "app"},
              {"audience", "grassroots"},
              {"filing_no", nullptr}};
  auto r = File(app);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("APP-02"), std::string::npos);
  EXPECT_EQ(json::parse(Jianfu("demands list").out)["demands"].size(), 0u);
}

TEST_F(RegistryCli, BadInputIsExitTwoWithTheFieldNamed) {
  json bad = Inspection();
  bad["date"] = "2026-13-01";
  auto r = File(bad);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("date"), std::string::npos);
  bad = Inspection();
  bad["issuer"] = "nobody";
  r = File(bad);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("issuer"), std::string::npos);
  std::ofstream(dir_ / "broken.json") << "{\"kind\": ";
  r = Jianfu("file broken.json");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("JSON"), std::string::npos);
  EXPECT_EQ(json::parse(Jianfu("demands list").out)["demands"].size(), 0u);
  // init refuses to overwrite; a missing database is a clear error.
  EXPECT_EQ(Jianfu("init").status, 2);
  r = Jianfu("demands list --db other.db");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("jianfu init"), std::string::npos);
}

// --keys puts the signing keys in a folder of their own (any backend): a
// command without it looks beside the database and finds none.
TEST_F(RegistryCli, KeysCanLiveInAFolderOfTheirOwn) {
  auto r = Jianfu("init --db k.db --keys 密钥");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(fs::exists(dir_ / "密钥" / "jianfu.key"));
  EXPECT_TRUE(fs::exists(dir_ / "密钥" / "jianfu.pub"));
  EXPECT_FALSE(fs::exists(dir_ / "k.key"));
  EXPECT_EQ(Jianfu("demands list --db k.db").status, 2);
  r = Jianfu("demands list --db k.db --keys 密钥");
  EXPECT_EQ(r.status, 0) << r.out;
}

// PostgreSQL: init and demo summaries name the database without its
// password (trust authentication ignores it, so it is accepted here).
TEST_F(RegistryCli, APostgresPasswordIsNeverPrinted) {
  if (!db_) GTEST_SKIP() << "只用于 PostgreSQL（JIANFU_TEST_PG）";
  auto second = jianfu::store::testing::TestDb::Make(jianfu::store::testing::Backend::kPostgres, dir_);
  ASSERT_TRUE(second.ok());
  fs::create_directories(dir_ / "second");
  const std::string db = "\"" + (*second)->where() + " password=s3cret-pw\"";
  auto r = Jianfu("init --keys second --db " + db);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("s3cret"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("postgresql://postgres@"), std::string::npos) << r.out;
  r = Jianfu("init --keys second --db " + db);  // the tables exist now: refused
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out.find("s3cret"), std::string::npos) << r.out;
}

TEST_F(RegistryCli, ListsAreImportedAndUsed) {
  std::ofstream(dir_ / "plan.csv") << "id,unit,name,year\nP-1,yx-nyj,农业安全生产检查,2026\n";
  ASSERT_EQ(Jianfu("lists import plan plan.csv").status, 0);
  json ins = Inspection();
  ins["plan_item"] = "P-1";
  auto r = File(ins);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out.find("INS-02"), std::string::npos);
  std::ofstream(dir_ / "bad.csv") << "id,unit,name,year\nP-2,ghost,x,2026\n";
  r = Jianfu("lists import plan bad.csv");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("ghost"), std::string::npos);
}

}  // namespace

// The audit log from the command line: every write so far is in it, and
// `audit verify` exits 1 naming the entry once someone edits the database.
TEST_F(RegistryCli, AuditVerifyFindsATamperedLog) {
  ASSERT_EQ(File(Inspection()).status, 0);
  ASSERT_EQ(File(Inspection()).status, 0);
  auto r = Jianfu("audit verify");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("审计日志完整：共 4 条"), std::string::npos) << r.out;
  const json head = json::parse(Jianfu("audit verify --format json").out)["head"];
  const std::string anchor =
      std::to_string(head["seq"].get<int64_t>()) + ":" + head["hash"].get<std::string>();
  EXPECT_EQ(Jianfu("audit verify --expect " + anchor).status, 0);

  const json log = json::parse(Jianfu("audit list --format json").out);
  ASSERT_EQ(log.size(), 4u);
  EXPECT_EQ(log[0]["action"], "import.units");
  EXPECT_EQ(log[2]["action"], "demand.file");
  EXPECT_EQ(log[2]["object"], "demand/1");
  EXPECT_EQ(log[3]["detail"]["issuer"], "yx-nyj");
  EXPECT_EQ(log[3]["actor"].get<std::string>().rfind("cli:", 0), 0u);

  // Someone with the database changes who filed demand 1.
  const char* edit = "UPDATE audit SET detail = replace(detail, 'yx-nyj', 'yx-zf') WHERE seq = 3";
  if (db_) {
    ASSERT_TRUE(db_->Sql(edit).ok());
  } else {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "jianfu.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, edit, nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  r = Jianfu("audit verify");
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("第 3 条：第 3 条的内容与其哈希不符"), std::string::npos) << r.out;
  EXPECT_EQ(Jianfu("audit verify --expect 4:nothex").status, 2);
}

// jianfu demo generate on the fixture tree (永顺县 and a few townships):
// a new database with its keys, whose busiest township has a 台账; a bad
// county is an error naming it, and leaves no file behind. With
// JIANFU_TEST_PG the database is a PostgreSQL schema of its own (--db, the
// keys in the current folder), and a failure leaves no table behind.
class DemoCli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto backend = jianfu::store::testing::DefaultBackend();
    JIANFU_REQUIRE_BACKEND(backend);
    dir_ = fs::temp_directory_path() / ("jianfu_demo_cli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ::unsetenv("JIANFU_DB");
    ::unsetenv("JIANFU_KEYS");
    if (backend == jianfu::store::testing::Backend::kPostgres) {
      // Made outside dir_, which must stay empty after a failure.
      auto db = jianfu::store::testing::TestDb::Make(backend, fs::temp_directory_path());
      ASSERT_TRUE(db.ok()) << db.error().ToString();
      db_ = std::move(*db);
    }
  }
  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  jianfu::testing::Run Jianfu(const std::string& args) {
    return jianfu::testing::Jianfu(args, false, "cd '" + dir_.string() + "' && ");
  }
  // --db and the secret key it implies.
  std::string Db() const { return db_ ? "\"" + db_->where() + "\"" : "demo.db"; }
  fs::path SecretKey() const { return dir_ / (db_ ? "jianfu.key" : "demo.key"); }

  fs::path dir_;
  std::unique_ptr<jianfu::store::testing::TestDb> db_;
};

constexpr const char* kFixtureDivisions = " --divisions '" JIANFU_SOURCE_DIR "/tests/fixtures/divisions'";

TEST_F(DemoCli, GeneratesAYearAndItsLedger) {
  auto r = Jianfu("demo generate --year 2026 --volume 0.3 --json --db " + Db() + kFixtureDivisions);
  ASSERT_EQ(r.status, 0) << r.out;
  const json summary = json::parse(r.out);
  EXPECT_GT(summary["demands"]["document"]["accepted"].get<int>(), 0) << r.out;
  const std::string township = summary["busiest_township"];
  ASSERT_FALSE(township.empty());
  EXPECT_TRUE(fs::exists(SecretKey()) && fs::exists(fs::path(SecretKey()).replace_extension(".pub")));
  r = Jianfu("ledger --unit " + township + " --year 2026 --db " + Db());
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_GT(json::parse(r.out)["total"]["demands"].get<int>(), 0);
  // An existing database is never overwritten.
  r = Jianfu("demo generate --year 2026 --db " + Db() + kFixtureDivisions);
  EXPECT_EQ(r.status, 2);
}

TEST_F(DemoCli, ABadCountyIsNamedAndLeavesNothing) {
  auto r =
      jianfu::testing::Jianfu("demo generate --year 2026 --county 999999 --db " + Db() + kFixtureDivisions,
                              true, "cd '" + dir_.string() + "' && ");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("999999"), std::string::npos) << r.out;
  EXPECT_TRUE(fs::is_empty(dir_)) << "files left behind";
  if (db_) {
    auto tables = db_->Sql("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()");
    ASSERT_TRUE(tables.ok()) << tables.error().ToString();
    EXPECT_EQ(*tables, "0") << "tables left behind";
  }
}
