// src/units/test_util.h (tests only)
//
// Fixtures for the units tests: the small divisions tree in
// tests/fixtures/divisions (37 real regions: 北京 11, 湖南 43, 重庆 50 and a
// few of their cities, counties, townships, villages), a scratch folder,
// and a region-level lookup over records.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/units/readers.h"
#include "jianfu/units/tree.h"

namespace jianfu::units::testing {

inline std::filesystem::path FixtureDivisions() {
  return std::filesystem::path(JIANFU_SOURCE_DIR) / "tests/fixtures/divisions";
}

inline std::filesystem::path FixtureFile(std::string_view name) {
  return std::filesystem::path(JIANFU_SOURCE_DIR) / "tests/fixtures/units" / name;
}

inline std::vector<UnitRecord> FixtureRecords() {
  auto r = ReadDivisions(FixtureDivisions());
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return r.ok() ? std::move(*r) : std::vector<UnitRecord>{};
}

// A fresh folder under the system temp dir, removed with the object.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() / ("jianfu-units-" + std::to_string(::getpid()) + "-" +
                                                      info->test_suite_name() + "-" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  std::filesystem::path Write(std::string_view name, std::string_view content) const {
    const auto p = path_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return p;
  }

 private:
  std::filesystem::path path_;
};

// Answers region levels from records, as the store will.
class RegionLevels {
 public:
  explicit RegionLevels(const std::vector<UnitRecord>& records) {
    for (const UnitRecord& r : records) {
      if (!r.organ_type) levels_[r.id] = r.level;
    }
  }
  RegionLevelFn fn() const {
    return [this](std::string_view id) -> std::optional<Level> {
      auto it = levels_.find(std::string(id));
      if (it == levels_.end()) return std::nullopt;
      return it->second;
    };
  }

 private:
  std::map<std::string, Level> levels_;
};

}  // namespace jianfu::units::testing
