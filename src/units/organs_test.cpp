#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "jianfu/units/readers.h"
#include "jianfu/units/tree.h"
#include "test_util.h"

namespace jianfu::units {
namespace {

using testing::FixtureFile;
using testing::FixtureRecords;
using testing::RegionLevels;
using testing::ScratchDir;

class UnitsOrgans : public ::testing::Test {
 protected:
  Result<std::vector<UnitRecord>> Read(std::string_view content, const KnownOrganFn& known = {}) {
    return ReadOrgans(dir_.Write("organs.csv", content), levels_.fn(), known);
  }

  std::vector<UnitRecord> divisions_ = FixtureRecords();
  RegionLevels levels_{divisions_};
  ScratchDir dir_;
};

TEST_F(UnitsOrgans, ReadsTheFixture) {
  auto r = ReadOrgans(FixtureFile("organs.csv"), levels_.fn());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->size(), 9u);
  const UnitRecord& xw = (*r)[0];
  EXPECT_EQ(xw.id, "yx-xw");
  EXPECT_EQ(xw.name, "中共永顺县委员会");
  EXPECT_EQ(xw.level, Level::kCounty);
  EXPECT_EQ(xw.organ_type, OrganType::kPartyCommittee);
  EXPECT_EQ(xw.parent, "433127");  // empty parent: the region
  EXPECT_EQ(xw.region, "433127");
  EXPECT_EQ((*r)[1].parent, "433127");  // the region written out
  EXPECT_EQ((*r)[3].parent, "yx-zf");
  EXPECT_EQ((*r)[3].organ_type, OrganType::kDepartment);
  EXPECT_EQ((*r)[4].organ_type, OrganType::kCoordinationBody);
  EXPECT_EQ((*r)[5].level, Level::kTownship);
  EXPECT_EQ((*r)[7].level, Level::kProvince);
  EXPECT_EQ((*r)[8].name, "湘西州人民政府（\"州政府\", 吉首）");
}

TEST_F(UnitsOrgans, ToleratesBomCrlfSpacesAndColumnOrder) {
  auto r = ReadOrgans(FixtureFile("organs_excel.csv"), levels_.fn());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  ASSERT_EQ(r->size(), 1u);
  EXPECT_EQ(r->front().id, "lc-zf");
  EXPECT_EQ(r->front().region, "433127200");

  r = Read("type, id ,parent,region,name\n office , a , , 433127 , 办公室 \n");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->front().id, "a");
  EXPECT_EQ(r->front().name, "办公室");
  EXPECT_EQ(r->front().organ_type, OrganType::kOffice);
}

TEST_F(UnitsOrgans, BuildIntoTheTreeOrgansBeforeChildRegions) {
  auto organs = ReadOrgans(FixtureFile("organs.csv"), levels_.fn());
  ASSERT_TRUE(organs.ok());
  std::vector<UnitRecord> all = divisions_;
  all.insert(all.end(), organs->begin(), organs->end());
  auto tree = UnitTree::Build(std::move(all));
  ASSERT_TRUE(tree.ok()) << tree.error().ToString();
  const uint32_t yongshun = *tree->Find("433127");
  std::vector<std::string> kids;
  for (uint32_t k : tree->Children(yongshun)) kids.emplace_back(tree->at(k).id);
  EXPECT_EQ(kids, (std::vector<std::string>{"yx-xw", "yx-zf", "433127101", "433127103", "433127200"}));
  const uint32_t nyj = *tree->Find("yx-nyj");
  EXPECT_EQ(tree->PathName(nyj), "湖南省/湘西土家族苗族自治州/永顺县/永顺县人民政府/永顺县农业农村局");
  EXPECT_EQ(tree->at(nyj).region, yongshun);
  EXPECT_EQ(tree->at(nyj).depth, 4);
  EXPECT_TRUE(tree->IsUnder(nyj, yongshun));
  EXPECT_EQ(tree->at(*tree->Find("sc-nb")).region, *tree->Find("433127101"));
}

TEST_F(UnitsOrgans, KnownParentsComeFromTheCallback) {
  const std::string csv = "id,name,region,type,parent\nyx-nyj-1,综合股,433127,office,yx-nyj\n";
  auto r = Read(csv, [](std::string_view id) { return id == "yx-nyj"; });
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->front().parent, "yx-nyj");
  EXPECT_FALSE(Read(csv).ok());
}

struct BadCase {
  const char* what;
  std::string csv;
  int line;
  const char* field;
  const char* message;  // a part of the message
  ErrorCode code = ErrorCode::kInvalidArgument;
};

TEST_F(UnitsOrgans, EveryBadLineNamesFileLineAndField) {
  const std::string h = "id,name,region,type,parent\n";
  const std::string ok = "yx-zf,永顺县人民政府,433127,government,\n";
  const std::vector<BadCase> cases = {
      {"empty file", "", 1, "", "缺少表头", ErrorCode::kCorrupt},
      {"missing column", "id,name,region,type\n", 1, "parent", "表头缺少列 parent", ErrorCode::kCorrupt},
      {"unknown column", "id,name,region,kind,parent\n", 1, "kind", "未知的列", ErrorCode::kCorrupt},
      {"repeated column", "id,name,region,type,parent,id\n", 1, "id", "重复", ErrorCode::kCorrupt},
      {"column count", h + ok + "a,乙,433127,office\n", 3, "", "这一行有 4 列", ErrorCode::kCorrupt},
      {"empty id", h + ok + " ,乙,433127,office,\n", 3, "id", "机构编号为空"},
      {"duplicate id", h + ok + "\nyx-zf,县政府,433127,government,\n", 4, "id", "重复（第 2 行已有）"},
      {"id is a region", h + "433127,永顺县,433127,government,\n", 2, "id", "与区划代码相同"},
      {"empty name", h + "a,,433127,office,\n", 2, "name", "名称为空"},
      {"empty region", h + "a,乙,,office,\n", 2, "region", "所属区划为空"},
      {"unknown region", h + "a,乙,433199,office,\n", 2, "region", "所属区划 433199 不存在"},
      {"unknown type", h + "a,乙,433127,bureau,\n", 2, "type", "机构类型“bureau”无效"},
      {"unknown parent", h + ok + "a,乙,433127,office,yx-xw\n", 3, "parent", "上级机构 yx-xw 既不在本文件中"},
      {"parent is another region", h + "a,乙,433127,office,4331\n", 2, "parent", "是区划代码"},
      {"cycle", h + ok + "a,甲,433127,office,b\nb,乙,433127,office,a\n", 3, "parent",
       "上级关系构成循环：a → b → a"},
      {"own parent", h + "a,甲,433127,office,a\n", 2, "parent", "循环：a → a"},
      {"level above parent", h + "t,镇政府,433127101,government,\nc,县局,433127,department,t\n", 3, "parent",
       "层级高于它的上级 t"},
      {"not UTF-8", h + "a,\xD3\xC0\xCB\xB3,433127,office,\n", 2, "name", "CSV UTF-8", ErrorCode::kEncoding},
      {"open quote", h + ok + "a,\"乙,433127,office,\n", 3, "", "引号未闭合", ErrorCode::kCorrupt},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    const BadCase& c = cases[i];
    SCOPED_TRACE(c.what);
    const auto path = dir_.Write("organs.csv", c.csv);
    auto r = ReadOrgans(path, levels_.fn());
    ASSERT_FALSE(r.ok());
    const Error& e = r.error();
    EXPECT_EQ(e.path, path.string());
    EXPECT_EQ(e.line, c.line);
    EXPECT_EQ(e.field, c.field);
    EXPECT_NE(e.message.find(c.message), std::string::npos) << e.message;
    EXPECT_EQ(e.code, c.code);
  }
}

TEST_F(UnitsOrgans, MissingFile) {
  auto r = ReadOrgans(dir_.path() / "none.csv", levels_.fn());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().path, (dir_.path() / "none.csv").string());
}

}  // namespace
}  // namespace jianfu::units
