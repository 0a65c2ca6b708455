// include/jianfu/units/tree.h
//
// UnitTree: every region and organ, numbered in pre-order so that the
// subtree of unit i is the index interval [i, SubtreeEnd(i)). Children are
// ordered by id, a region's organs before its child regions. "Is u under a?"
// is then two comparisons, and a scope (scope.h) is an interval plus filters.
//
// Memory: 48 bytes per unit, its id and name, and 8 to 16 bytes of hash
// table: the whole country (665,276 regions) takes about 92 bytes a unit,
// 61 MB. Immutable after Build; safe to share between threads. Move-only:
// Unit's string views point into the tree's own storage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"
#include "jianfu/units/unit.h"

namespace jianfu::units {

inline constexpr uint32_t kNone = UINT32_MAX;

struct Unit {
  std::string_view id;
  std::string_view name;
  uint32_t parent = kNone;   // index of the parent, kNone for a root
  uint32_t region = 0;       // index of the unit's region: itself for a region
  uint32_t subtree_end = 0;  // one past the last index of the subtree
  Level level = Level::kProvince;
  std::optional<OrganType> organ_type;  // nullopt: a region
  uint8_t depth = 0;                    // 0 for a root

  bool is_region() const { return !organ_type.has_value(); }
};

class UnitTree {
 public:
  // Deepest nesting Build accepts (roots are depth 0, villages depth 4).
  static constexpr int kMaxDepth = 255;

  UnitTree() = default;
  UnitTree(UnitTree&&) = default;
  UnitTree& operator=(UnitTree&&) = default;
  UnitTree(const UnitTree&) = delete;
  UnitTree& operator=(const UnitTree&) = delete;

  // Links records given in any order. An organ's parent is its region or
  // another organ (of any region at or above its level: a 派出所 may sit
  // under the county's 公安局). Errors (kInvalidArgument, field "id",
  // "parent" or "region", message naming the ids): an empty or duplicate id,
  // an unknown parent, a region under an organ, a unit whose level is above
  // its parent's, an organ directly under a region not its own, an organ
  // whose region is unknown, not a region or of another level, a cycle,
  // nesting deeper than kMaxDepth.
  static Result<UnitTree> Build(std::vector<UnitRecord> records);

  uint32_t size() const { return static_cast<uint32_t>(units_.size()); }
  bool empty() const { return units_.empty(); }

  // Index of the unit with this id; O(1).
  std::optional<uint32_t> Find(std::string_view id) const;

  // REQUIRES: i < size()
  const Unit& at(uint32_t i) const { return units_[i]; }
  uint32_t SubtreeEnd(uint32_t i) const { return units_[i].subtree_end; }
  // Whether u is `ancestor` or below it; O(1).
  bool IsUnder(uint32_t u, uint32_t ancestor) const {
    return u >= ancestor && u < units_[ancestor].subtree_end;
  }
  // The ancestors of i from its root down to i itself.
  std::vector<uint32_t> Path(uint32_t i) const;
  // Names along Path(i) joined by '/': "湖南省/湘西土家族苗族自治州/永顺县".
  std::string PathName(uint32_t i) const;
  // The children of i in tree order.
  std::vector<uint32_t> Children(uint32_t i) const;
  // The roots (provinces, and any unit without a parent) in tree order.
  std::vector<uint32_t> Roots() const;

  // Approximate heap bytes held by the tree.
  size_t MemoryBytes() const;

 private:
  std::vector<Unit> units_;
  std::vector<char> chars_;      // ids and names; Unit's views point here
  std::vector<uint64_t> slots_;  // hash of ids: hash tag << 32 | unit index (tree.cpp)
};

// Units whose name contains `query` or whose id starts with it, in tree
// order after an exact id match; at most `limit`. A linear scan (tens of
// milliseconds over the whole country), meant for pickers.
std::vector<uint32_t> Search(const UnitTree& tree, std::string_view query, size_t limit);

}  // namespace jianfu::units
