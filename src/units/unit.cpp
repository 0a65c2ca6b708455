#include "jianfu/units/unit.h"

#include <array>

namespace jianfu::units {
namespace {

constexpr std::array<const char*, kLevelCount> kLevelNames = {"province", "city", "county", "township",
                                                              "village"};
constexpr std::array<const char*, kLevelCount> kLevelLabels = {"省级", "市级", "县级", "乡级", "村级"};
constexpr std::array<const char*, kOrganTypeCount> kOrganTypeNames = {
    "party_committee", "government", "department", "coordination_body", "office", "other"};

}  // namespace

const char* LevelName(Level level) {
  return kLevelNames[static_cast<size_t>(level)];
}

const char* LevelLabel(Level level) {
  return kLevelLabels[static_cast<size_t>(level)];
}

std::optional<Level> ParseLevel(std::string_view name) {
  for (size_t i = 0; i < kLevelNames.size(); ++i) {
    if (name == kLevelNames[i]) return static_cast<Level>(i);
  }
  return std::nullopt;
}

const char* OrganTypeName(OrganType type) {
  return kOrganTypeNames[static_cast<size_t>(type)];
}

std::optional<OrganType> ParseOrganType(std::string_view name) {
  for (size_t i = 0; i < kOrganTypeNames.size(); ++i) {
    if (name == kOrganTypeNames[i]) return static_cast<OrganType>(i);
  }
  return std::nullopt;
}

}  // namespace jianfu::units
