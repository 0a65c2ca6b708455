// include/jianfu/units/scope.h
//
// Scope: the targets of a demand as a rule, not a list. {"unit": "433127",
// "levels": ["township", "village"]} is every township and village under
// 永顺县, whatever the tree holds when it is asked. A scope is stored as
// written; testing one unit is O(1) and expanding it scans one interval of
// the UnitTree. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"
#include "jianfu/units/tree.h"
#include "jianfu/units/unit.h"

namespace jianfu::units {

struct Scope {
  std::string unit;  // id of the subtree root
  // Levels covered within the subtree, the root included. Default: 0, the
  // unit itself only.
  LevelMask levels = 0;
  // Organ types covered, sorted and unique. Default: empty, regions and
  // organs alike; otherwise organs of these types only.
  std::vector<OrganType> organ_types;
};

// Reads {"unit": "433127", "levels": ["township", "village"],
// "organ_types": ["government"]} ("levels" and "organ_types" optional).
// Errors (kInvalidArgument) name the field, prefixed with `field_prefix`
// ("targets[2]" gives "targets[2].levels[1]"): a missing or non-string
// unit, an unknown level or organ type, a wrong type, an unknown key.
// Whether the unit exists is CheckScope's business.
Result<Scope> ParseScope(const nlohmann::json& json, std::string_view field_prefix = "");
// The JSON ParseScope reads; empty "levels" and "organ_types" are left out.
nlohmann::json ScopeToJson(const Scope& scope);

// An error (kNotFound, field "unit") when the scope's unit is not in the tree.
Status CheckScope(const UnitTree& tree, const Scope& scope);

// Whether the scope covers `unit`: inside the subtree, at one of the levels
// (or the root itself when levels is 0), and of one of the organ types.
// False when the scope's unit is not in the tree. O(1).
bool Covers(const UnitTree& tree, const Scope& scope, uint32_t unit);
// Every covered unit in tree order (empty when the unit is not in the tree).
std::vector<uint32_t> Expand(const UnitTree& tree, const Scope& scope);
// The number of units Expand returns, without building the list.
size_t CountCovered(const UnitTree& tree, const Scope& scope);

}  // namespace jianfu::units
