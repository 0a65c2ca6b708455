#include "jianfu/units/tree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "test_util.h"

namespace jianfu::units {
namespace {

using testing::FixtureRecords;

UnitRecord Region(std::string id, Level level, std::string parent) {
  UnitRecord r;
  r.name = "区划" + id;
  r.level = level;
  r.parent = std::move(parent);
  r.region = id;
  r.id = std::move(id);
  return r;
}

UnitRecord Organ(std::string id, std::string region, Level level, std::string parent = "") {
  UnitRecord r;
  r.name = "机构" + id;
  r.level = level;
  r.organ_type = OrganType::kDepartment;
  r.parent = parent.empty() ? region : std::move(parent);
  r.region = std::move(region);
  r.id = std::move(id);
  return r;
}

std::vector<std::string> Ids(const UnitTree& tree, const std::vector<uint32_t>& units) {
  std::vector<std::string> ids;
  for (uint32_t u : units) ids.emplace_back(tree.at(u).id);
  return ids;
}

UnitTree FixtureTree() {
  auto tree = UnitTree::Build(FixtureRecords());
  EXPECT_TRUE(tree.ok()) << tree.error().ToString();
  return tree.ok() ? std::move(*tree) : UnitTree{};
}

TEST(UnitsTree, NumbersTheFixtureInPreOrder) {
  std::vector<UnitRecord> records = FixtureRecords();
  std::shuffle(records.begin(), records.end(), std::mt19937(7));  // any order
  auto built = UnitTree::Build(std::move(records));
  ASSERT_TRUE(built.ok()) << built.error().ToString();
  const UnitTree& tree = *built;
  ASSERT_EQ(tree.size(), 37u);
  EXPECT_EQ(Ids(tree, tree.Roots()), (std::vector<std::string>{"11", "43", "50"}));
  EXPECT_EQ(tree.at(0).id, "11");
  EXPECT_EQ(tree.at(1).id, "1101");
  EXPECT_EQ(tree.at(2).id, "110101");

  const uint32_t hunan = *tree.Find("43");
  const uint32_t xiangxi = *tree.Find("4331");
  const uint32_t yongshun = *tree.Find("433127");
  EXPECT_EQ(Ids(tree, tree.Children(hunan)), (std::vector<std::string>{"4301", "4331"}));
  EXPECT_EQ(Ids(tree, tree.Children(xiangxi)), (std::vector<std::string>{"433101", "433127"}));
  EXPECT_EQ(Ids(tree, tree.Path(yongshun)), (std::vector<std::string>{"43", "4331", "433127"}));
  EXPECT_EQ(tree.PathName(yongshun), "湖南省/湘西土家族苗族自治州/永顺县");
  EXPECT_EQ(tree.SubtreeEnd(yongshun) - yongshun, 12u);  // itself, 3 townships, 8 villages
  EXPECT_EQ(tree.at(yongshun).parent, xiangxi);
  EXPECT_EQ(tree.at(yongshun).depth, 2);
  EXPECT_EQ(tree.at(yongshun).region, yongshun);
  EXPECT_EQ(tree.at(hunan).parent, kNone);
  EXPECT_TRUE(tree.at(yongshun).is_region());
  EXPECT_EQ(tree.at(*tree.Find("433127101201")).depth, 4);
  EXPECT_TRUE(tree.IsUnder(*tree.Find("433127101201"), hunan));
  EXPECT_FALSE(tree.IsUnder(hunan, yongshun));
  EXPECT_FALSE(tree.Find("4399"));
  EXPECT_FALSE(tree.Find(""));
}

TEST(UnitsTree, EmptyAndMovedTrees) {
  auto empty = UnitTree::Build({});
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->size(), 0u);
  EXPECT_FALSE(empty->Find("43"));
  EXPECT_TRUE(empty->Roots().empty());
  EXPECT_FALSE(UnitTree{}.Find("43"));

  // A tiny tree: its ids must survive the move (no small-string buffers).
  auto one = UnitTree::Build({Region("11", Level::kProvince, "")});
  ASSERT_TRUE(one.ok());
  UnitTree moved = std::move(*one);
  UnitTree again;
  again = std::move(moved);
  EXPECT_EQ(again.at(0).id, "11");
  EXPECT_EQ(again.at(0).name, "区划11");
  EXPECT_EQ(again.Find("11"), 0u);
}

// A random tree of regions and organs: 3 provinces, fan-out 1..6 per level,
// organs (some nested) under random regions.
std::vector<UnitRecord> RandomRecords(std::mt19937& rng) {
  std::vector<UnitRecord> out;
  std::vector<std::vector<size_t>> by_level(kLevelCount);
  std::uniform_int_distribution<int> fan(0, 5);
  for (int p = 0; p < 3; ++p) {
    by_level[0].push_back(out.size());
    out.push_back(Region("p" + std::to_string(p), Level::kProvince, ""));
  }
  for (int l = 1; l < kLevelCount; ++l) {
    for (size_t up : by_level[l - 1]) {
      const int n = fan(rng);
      for (int k = 0; k < n; ++k) {
        by_level[l].push_back(out.size());
        out.push_back(Region(out[up].id + "." + std::to_string(k), static_cast<Level>(l), out[up].id));
      }
    }
  }
  const size_t regions = out.size();
  for (int k = 0; k < 200; ++k) {
    const UnitRecord& home = out[std::uniform_int_distribution<size_t>(0, regions - 1)(rng)];
    std::string parent;
    if (k > 0 && rng() % 3 == 0) {  // nest under an earlier organ of the same region, if any
      for (size_t o = regions; o < out.size(); ++o) {
        if (out[o].region == home.id) parent = out[o].id;
      }
    }
    out.push_back(Organ("o" + std::to_string(k), home.id, home.level, parent));
  }
  std::shuffle(out.begin(), out.end(), rng);
  return out;
}

TEST(UnitsTree, IntervalsMatchParentWalksOnRandomTrees) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    auto built = UnitTree::Build(RandomRecords(rng));
    ASSERT_TRUE(built.ok()) << built.error().ToString();
    const UnitTree& tree = *built;
    std::uniform_int_distribution<uint32_t> pick(0, tree.size() - 1);
    for (int k = 0; k < 2000; ++k) {
      const uint32_t u = pick(rng);
      const uint32_t a = k % 4 == 0 ? tree.at(u).parent : pick(rng);
      if (a == kNone) continue;
      bool walked = false;
      for (uint32_t x = u; x != kNone && !walked; x = tree.at(x).parent) walked = x == a;
      ASSERT_EQ(tree.IsUnder(u, a), walked) << "seed " << seed << " u " << u << " a " << a;
    }
    // Children are organs first, then regions, each by id; depth and region are consistent.
    for (uint32_t i = 0; i < tree.size(); ++i) {
      const Unit& u = tree.at(i);
      const std::vector<uint32_t> kids = tree.Children(i);
      for (size_t k = 1; k < kids.size(); ++k) {
        const Unit& x = tree.at(kids[k - 1]);
        const Unit& y = tree.at(kids[k]);
        ASSERT_TRUE(x.is_region() < y.is_region() || (x.is_region() == y.is_region() && x.id < y.id));
      }
      if (u.parent != kNone) {
        ASSERT_EQ(u.depth, tree.at(u.parent).depth + 1);
      }
      ASSERT_TRUE(tree.at(u.region).is_region());
      ASSERT_EQ(tree.at(u.region).level, u.level);
      ASSERT_EQ(tree.Find(u.id), i);
    }
  }
}

Error BuildFails(std::vector<UnitRecord> records) {
  auto r = UnitTree::Build(std::move(records));
  EXPECT_FALSE(r.ok());
  return r.ok() ? Error{} : r.error();
}

TEST(UnitsTree, RejectsBadRecordsWithClearErrors) {
  const UnitRecord p = Region("43", Level::kProvince, "");
  const UnitRecord c = Region("4331", Level::kCity, "43");
  Error e = BuildFails({p, c, Region("43", Level::kProvince, "")});
  EXPECT_EQ(e.field, "id");
  EXPECT_EQ(e.message, "单位编号 43 重复");

  e = BuildFails({p, Region("", Level::kCity, "43")});
  EXPECT_EQ(e.field, "id");

  e = BuildFails({p, Region("4331", Level::kCity, "44")});
  EXPECT_EQ(e.field, "parent");
  EXPECT_EQ(e.message, "单位 4331 的上级 44 不存在");

  e = BuildFails({p, Region("4331", Level::kCity, "433127"), Region("433127", Level::kCounty, "4331")});
  EXPECT_EQ(e.field, "parent");
  EXPECT_NE(e.message.find("层级高于"), std::string::npos) << e.message;

  UnitRecord a = Organ("a", "4331", Level::kCity, "b");
  UnitRecord b = Organ("b", "4331", Level::kCity, "a");
  e = BuildFails({p, c, a, b});
  EXPECT_EQ(e.field, "parent");
  EXPECT_NE(e.message.find("上级关系构成循环"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("a → b → a"), std::string::npos) << e.message;

  e = BuildFails({p, c, Organ("a", "4331", Level::kCity, "a")});
  EXPECT_NE(e.message.find("a → a"), std::string::npos) << e.message;

  e = BuildFails({p, c, Organ("a", "4331", Level::kCity), Region("433127", Level::kCounty, "a")});
  EXPECT_EQ(e.message, "区划 433127 的上级 a 是机构，不是区划");

  e = BuildFails({p, c, Organ("a", "4399", Level::kCity, "4331")});
  EXPECT_EQ(e.field, "parent");  // direct under 4331 but says 4399
  e = BuildFails({p, c, Organ("b", "4331", Level::kCity), Organ("a", "4399", Level::kCity, "b")});
  EXPECT_EQ(e.field, "region");
  EXPECT_EQ(e.message, "机构 a 的所属区划 4399 不存在");
  e = BuildFails({p, c, Organ("a", "4331", Level::kCounty)});
  EXPECT_EQ(e.field, "region");
  EXPECT_NE(e.message.find("县级"), std::string::npos) << e.message;

  // Organs nested deeper than kMaxDepth.
  std::vector<UnitRecord> chain = {p};
  for (int k = 0; k < UnitTree::kMaxDepth + 1; ++k) {
    chain.push_back(
        Organ("d" + std::to_string(k), "43", Level::kProvince, k ? "d" + std::to_string(k - 1) : ""));
  }
  e = BuildFails(chain);
  EXPECT_NE(e.message.find("超过 255 层"), std::string::npos) << e.message;
  chain.pop_back();
  EXPECT_TRUE(UnitTree::Build(chain).ok());
}

TEST(UnitsSearch, FindsByIdPrefixAndNameExactIdFirst) {
  const UnitTree tree = FixtureTree();
  EXPECT_EQ(Ids(tree, Search(tree, "永顺", 10)), (std::vector<std::string>{"433127"}));
  EXPECT_EQ(Ids(tree, Search(tree, "433127", 3)),
            (std::vector<std::string>{"433127", "433127101", "433127101001"}));
  EXPECT_EQ(Search(tree, "社区", 100).size(), 12u);
  EXPECT_EQ(Search(tree, "社区", 4).size(), 4u);
  EXPECT_TRUE(Search(tree, "", 10).empty());
  EXPECT_TRUE(Search(tree, "不存在的名字", 10).empty());
}

}  // namespace
}  // namespace jianfu::units
