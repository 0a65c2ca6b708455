// A small organisation tree and an open registry on a fresh database,
// shared by the registry tests: a temporary SQLite file, or with
// JIANFU_TEST_PG a schema of its own on PostgreSQL
// (include/jianfu/store/testing.h).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "jianfu/registry/registry.h"
#include "jianfu/store/testing.h"

namespace jianfu::registry::testing {

class RegistryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    JIANFU_REQUIRE_BACKEND(backend());
    dir_ = std::filesystem::temp_directory_path() /
           ("jianfu-registry-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto db = store::testing::TestDb::Make(backend(), dir_);
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    db_ = std::move(*db);
    Reopen();
    ASSERT_TRUE(registry_->ImportUnits(Tree()).ok());
  }
  void TearDown() override {
    registry_.reset();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // The backend the tests run on: PostgreSQL when JIANFU_TEST_PG is set.
  virtual store::testing::Backend backend() const { return store::testing::DefaultBackend(); }

  // Opens the registry again on the same database (as a new process would).
  void Reopen(rules::RuleSet* rules = nullptr) {
    registry_.reset();
    auto r = OpenAnother(rules);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    registry_ = std::move(*r);
  }

  // Another registry on the same database, as another process would open it.
  Result<std::unique_ptr<Registry>> OpenAnother(rules::RuleSet* rules = nullptr) {
    auto store = store::OpenStore(db_->where(), true);
    if (!store) return store.error();
    auto builtin = rules::LoadBuiltin();
    if (!builtin) return builtin.error();
    Options options;
    options.rules = rules ? *rules : *builtin;
    options.sign = [](const demand::Demand& d) { return "CODE" + std::to_string(d.id); };
    // One compiled phrase database for all the tests (compiling takes a second).
    options.cache_dir = std::filesystem::temp_directory_path() / "jianfu-test-cache";
    return Registry::Open(std::move(*store), std::move(options));
  }

  static std::vector<units::UnitRecord> Tree() {
    using units::Level;
    using units::OrganType;
    std::vector<units::UnitRecord> t = {
        {"43", "湖南省", Level::kProvince, std::nullopt, "", "43"},
        {"44", "广东省", Level::kProvince, std::nullopt, "", "44"},
        {"4331", "湘西土家族苗族自治州", Level::kCity, std::nullopt, "43", "4331"},
        {"433127", "永顺县", Level::kCounty, std::nullopt, "4331", "433127"},
        {"433126", "古丈县", Level::kCounty, std::nullopt, "4331", "433126"},
        {"433127101", "灵溪镇", Level::kTownship, std::nullopt, "433127", "433127101"},
        {"433127102", "首车镇", Level::kTownship, std::nullopt, "433127", "433127102"},
        {"433127101001", "司城村", Level::kVillage, std::nullopt, "433127101", "433127101001"},
        {"433127101002", "博射坪村", Level::kVillage, std::nullopt, "433127101", "433127101002"},
        {"433127102001", "首车村", Level::kVillage, std::nullopt, "433127102", "433127102001"},
        {"hn-gov", "湖南省人民政府", Level::kProvince, OrganType::kGovernment, "43", "43"},
        {"hn-agri", "湖南省农业农村厅", Level::kProvince, OrganType::kDepartment, "43", "43"},
        {"gd-emergency", "广东省应急管理厅", Level::kProvince, OrganType::kDepartment, "44", "44"},
        {"xx-cpc", "中共湘西州委", Level::kCity, OrganType::kPartyCommittee, "4331", "4331"},
        {"xx-edu", "湘西州教育和体育局", Level::kCity, OrganType::kDepartment, "4331", "4331"},
        {"ys-gov", "永顺县人民政府", Level::kCounty, OrganType::kGovernment, "433127", "433127"},
        {"ys-agri", "永顺县农业农村局", Level::kCounty, OrganType::kDepartment, "433127", "433127"},
        {"lx-gov", "灵溪镇人民政府", Level::kTownship, OrganType::kGovernment, "433127101", "433127101"},
    };
    return t;
  }


 public:
  // A demand from JSON with the common fields filled in; `extra` adds or
  // overrides fields.
  static demand::Demand Make(const std::string& kind, const nlohmann::json& extra) {
    nlohmann::json j = {{"kind", kind},
                        {"issuer", "ys-agri"},
                        {"title", "测试事项"},
                        {"date", "2026-05-12"},
                        {"targets", {{{"unit", "433127"}, {"levels", {"township"}}}}}};
    for (auto& [k, v] : extra.items()) j[k] = v;
    auto d = demand::DemandFromJson(j);
    EXPECT_TRUE(d.ok()) << d.error().ToString() << "\n" << j.dump();
    return d.ok() ? *d : demand::Demand{};
  }

 protected:
  FilingResult File(const demand::Demand& d, bool store = true) {
    auto r = registry_->File(d, store);
    EXPECT_TRUE(r.ok()) << r.error().ToString();
    return r.ok() ? *r : FilingResult{};
  }

  static std::vector<std::string> Rules(const FilingResult& r) {
    std::vector<std::string> ids;
    for (const auto& f : r.filing.findings) ids.push_back(f.rule);
    return ids;
  }
  static const Finding* Get(const FilingResult& r, const std::string& id) {
    for (const auto& f : r.filing.findings)
      if (f.rule == id) return &f;
    return nullptr;
  }

  static bool Has(const FilingResult& r, const std::string& id) { return Get(r, id) != nullptr; }

  std::filesystem::path dir_;
  std::unique_ptr<store::testing::TestDb> db_;
  std::unique_ptr<Registry> registry_;
};

}  // namespace jianfu::registry::testing
