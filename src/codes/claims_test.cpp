#include <gtest/gtest.h>

#include "jianfu/codes/codes.h"

namespace jianfu::codes {
namespace {

constexpr units::LevelMask kCounty = units::LevelBit(units::Level::kCounty);
constexpr units::LevelMask kTownship = units::LevelBit(units::Level::kTownship);
constexpr units::LevelMask kVillage = units::LevelBit(units::Level::kVillage);
using units::kAllLevels;

Claims WithScopes(std::vector<CodeScope> scopes) {
  Claims c;
  c.scopes = std::move(scopes);
  c.targets_digest = TargetsDigest(c.scopes);
  return c;
}

TEST(CodesLevels, FromCodeLength) {
  EXPECT_EQ(RegionLevel("43"), units::Level::kProvince);
  EXPECT_EQ(RegionLevel("4331"), units::Level::kCity);
  EXPECT_EQ(RegionLevel("433127"), units::Level::kCounty);
  EXPECT_EQ(RegionLevel("433127001"), units::Level::kTownship);
  EXPECT_EQ(RegionLevel("433127001001"), units::Level::kVillage);
  EXPECT_EQ(RegionLevel("4331270"), std::nullopt);
  EXPECT_EQ(RegionLevel("hn-xxfgw"), std::nullopt);
  EXPECT_EQ(RegionLevel("43312a"), std::nullopt);
  EXPECT_EQ(RegionLevel(""), std::nullopt);
}

TEST(CodesValidity, BoundariesAreInclusive) {
  Claims c;
  c.valid_from = Date::FromCivil(2025, 3, 1);
  c.valid_until = Date::FromCivil(2025, 3, 31);
  EXPECT_EQ(CheckValidity(c, Date::FromCivil(2025, 2, 28)), Validity::kNotYetValid);
  EXPECT_EQ(CheckValidity(c, Date::FromCivil(2025, 3, 1)), Validity::kValid);
  EXPECT_EQ(CheckValidity(c, Date::FromCivil(2025, 3, 31)), Validity::kValid);
  EXPECT_EQ(CheckValidity(c, Date::FromCivil(2025, 4, 1)), Validity::kExpired);
  c.valid_until = c.valid_from;  // a one-day code
  EXPECT_EQ(CheckValidity(c, c.valid_from), Validity::kValid);
}

TEST(CodesCovers, TownshipsAndVillagesUnderACounty) {
  const Claims c = WithScopes({{"433127", kTownship | kVillage}});
  EXPECT_TRUE(Covers(c, "433127001"));     // a township of 永顺县
  EXPECT_TRUE(Covers(c, "433127001001"));  // a village under it
  EXPECT_FALSE(Covers(c, "433127"));       // the county itself is not targeted
  EXPECT_FALSE(Covers(c, "4331"));         // nor its city
  EXPECT_FALSE(Covers(c, "433128001"));    // a township of another county
  EXPECT_FALSE(Covers(c, "433126001001"));
  EXPECT_FALSE(Covers(c, "43312700"));  // 8 digits: not a region code
  EXPECT_FALSE(Covers(c, "433127001x"));
  EXPECT_FALSE(Covers(c, ""));
}

TEST(CodesCovers, LevelsSelectWhichUnitsBelow) {
  const Claims townships = WithScopes({{"433127", kTownship}});
  EXPECT_TRUE(Covers(townships, "433127001"));
  EXPECT_FALSE(Covers(townships, "433127001001"));

  const Claims with_self = WithScopes({{"433127", kCounty | kTownship}});
  EXPECT_TRUE(Covers(with_self, "433127"));
  EXPECT_TRUE(Covers(with_self, "433127001"));

  const Claims itself = WithScopes({{"433127", 0}});
  EXPECT_TRUE(Covers(itself, "433127"));
  EXPECT_FALSE(Covers(itself, "433127001"));

  const Claims province = WithScopes({{"43", kAllLevels}});
  EXPECT_TRUE(Covers(province, "43"));
  EXPECT_TRUE(Covers(province, "4331"));
  EXPECT_TRUE(Covers(province, "433127001001"));
  EXPECT_FALSE(Covers(province, "44"));
  EXPECT_FALSE(Covers(province, "440301"));
}

TEST(CodesCovers, SeveralScopes) {
  const Claims c = WithScopes({{"433127", kTownship}, {"433126001", kVillage}});
  EXPECT_TRUE(Covers(c, "433127002"));
  EXPECT_TRUE(Covers(c, "433126001003"));
  EXPECT_FALSE(Covers(c, "433126002003"));
  EXPECT_FALSE(Covers(WithScopes({}), "433127"));
}

TEST(CodesCovers, OrganIdsOnlyByEquality) {
  const Claims c = WithScopes({{"hn-xxfgw", 0}, {"433127", kAllLevels}});
  EXPECT_TRUE(Covers(c, "hn-xxfgw"));
  EXPECT_FALSE(Covers(c, "hn-xxfgw2"));
  EXPECT_FALSE(Covers(c, "hn-xxf"));
  EXPECT_FALSE(Covers(c, "433127-gov"));  // an organ id that starts like a region code
  // An organ scope with levels still covers only the organ itself offline.
  const Claims organ_levels = WithScopes({{"hn-xxfgw", kTownship}});
  EXPECT_TRUE(Covers(organ_levels, "hn-xxfgw"));
  EXPECT_FALSE(Covers(organ_levels, "433127001"));
}

TEST(CodesTargetsDigest, IsASetDigest) {
  const std::vector<CodeScope> a = {{"433127", kTownship | kVillage}, {"433126", kTownship}};
  const std::vector<CodeScope> reversed = {a[1], a[0]};
  const std::vector<CodeScope> duplicated = {a[0], a[1], a[0]};
  EXPECT_EQ(TargetsDigest(a), TargetsDigest(reversed));
  EXPECT_EQ(TargetsDigest(a), TargetsDigest(duplicated));
  EXPECT_NE(TargetsDigest(a), TargetsDigest({{"433127", kTownship}, {"433126", kTownship}}));
  EXPECT_NE(TargetsDigest(a), TargetsDigest({a[0]}));
  EXPECT_NE(TargetsDigest({{"12", 1}, {"3", 1}}), TargetsDigest({{"1", 1}, {"23", 1}}));
  EXPECT_NE(TargetsDigest({}), (std::array<uint8_t, 16>{}));
}

}  // namespace
}  // namespace jianfu::codes
