// ReadOrgans: the organs CSV (id,name,region,type,parent).
#include <fmt/format.h>

#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jianfu/text/csv.h"
#include "jianfu/units/readers.h"

namespace jianfu::units {
namespace {

namespace fs = std::filesystem;

enum Column { kId, kName, kRegion, kType, kParent, kColumnCount };
constexpr std::array<const char*, kColumnCount> kColumns = {"id", "name", "region", "type", "parent"};

constexpr const char* kTypeList = "party_committee、government、department、coordination_body、office、other";

struct Pending {
  UnitRecord record;
  int line = 0;
  bool parent_is_organ = false;  // parent names an organ, not the region
};

class OrganReader {
 public:
  OrganReader(const fs::path& path, const RegionLevelFn& region_level, const KnownOrganFn& known_organ)
      : path_(path.string()), region_level_(region_level), known_organ_(known_organ) {}

  Result<std::vector<UnitRecord>> Read(const fs::path& path) {
    if (!region_level_) return At(ErrorCode::kInvalidArgument, 0, "region", "没有提供区划层级的查询");
    auto table = text::ReadCsvTable(path, {kColumns.begin(), kColumns.end()});
    if (!table.ok()) return table.error();
    for (const auto& row : table->rows) {
      if (Status s = ReadRow(row.line, row.values); !s.ok()) return s.error();
    }
    if (Status s = CheckParents(); !s.ok()) return s.error();
    std::vector<UnitRecord> out;
    out.reserve(rows_.size());
    for (Pending& p : rows_) out.push_back(std::move(p.record));
    return out;
  }

 private:
  Error At(ErrorCode code, int line, std::string field, std::string message) const {
    return MakeError(code, std::move(message), path_, std::move(field), line);
  }

  Status ReadRow(int line, const std::vector<std::string>& v) {
    if (v[kId].empty()) return At(ErrorCode::kInvalidArgument, line, "id", "机构编号为空");
    if (auto [it, fresh] = ids_.try_emplace(std::string(v[kId]), rows_.size()); !fresh) {
      return At(ErrorCode::kInvalidArgument, line, "id",
                fmt::format("机构编号 {} 重复（第 {} 行已有）", v[kId], rows_[it->second].line));
    }
    if (region_level_(v[kId])) {
      return At(ErrorCode::kInvalidArgument, line, "id", fmt::format("机构编号 {} 与区划代码相同", v[kId]));
    }
    if (v[kName].empty()) return At(ErrorCode::kInvalidArgument, line, "name", "名称为空");
    if (v[kRegion].empty()) return At(ErrorCode::kInvalidArgument, line, "region", "所属区划为空");
    const std::optional<Level> level = region_level_(v[kRegion]);
    if (!level) {
      return At(ErrorCode::kInvalidArgument, line, "region", fmt::format("所属区划 {} 不存在", v[kRegion]));
    }
    const std::optional<OrganType> type = ParseOrganType(v[kType]);
    if (!type) {
      return At(ErrorCode::kInvalidArgument, line, "type",
                fmt::format("机构类型“{}”无效，应为 {} 之一", v[kType], kTypeList));
    }
    Pending& p = rows_.emplace_back();
    p.line = line;
    p.record.id.assign(v[kId]);
    p.record.name.assign(v[kName]);
    p.record.level = *level;
    p.record.organ_type = type;
    p.record.region.assign(v[kRegion]);
    if (v[kParent].empty() || v[kParent] == v[kRegion]) {
      p.record.parent = p.record.region;
    } else if (region_level_(v[kParent])) {
      return At(ErrorCode::kInvalidArgument, line, "parent",
                fmt::format("上级 {} 是区划代码：直属本区划的机构 parent 留空，或写它的 region {}",
                            v[kParent], v[kRegion]));
    } else {
      p.record.parent.assign(v[kParent]);
      p.parent_is_organ = true;
    }
    return Ok{};
  }

  // Parents named by id: in this file (no loops, not at a deeper level) or
  // known before.
  Status CheckParents() const {
    std::vector<uint32_t> parent(rows_.size(), UINT32_MAX);
    for (size_t i = 0; i < rows_.size(); ++i) {
      const Pending& p = rows_[i];
      if (!p.parent_is_organ) continue;
      if (auto it = ids_.find(p.record.parent); it != ids_.end()) {
        const Pending& up = rows_[it->second];
        if (p.record.level < up.record.level) {
          return At(
              ErrorCode::kInvalidArgument, p.line, "parent",
              fmt::format("机构属于{}区划，层级高于它的上级 {}（{}，第 {} 行）", LevelLabel(p.record.level),
                          up.record.id, LevelLabel(up.record.level), up.line));
        }
        parent[i] = static_cast<uint32_t>(it->second);
      } else if (!known_organ_ || !known_organ_(p.record.parent)) {
        return At(ErrorCode::kInvalidArgument, p.line, "parent",
                  fmt::format("上级机构 {} 既不在本文件中，也不是已有的机构", p.record.parent));
      }
    }
    // Walk each chain once: 0 unvisited, 1 on the current walk, 2 done.
    std::vector<uint8_t> state(rows_.size(), 0);
    std::vector<uint32_t> walk;
    for (uint32_t start = 0; start < rows_.size(); ++start) {
      walk.clear();
      uint32_t at = start;
      while (at != UINT32_MAX && state[at] == 0) {
        state[at] = 1;
        walk.push_back(at);
        at = parent[at];
      }
      if (at != UINT32_MAX && state[at] == 1) {
        // The loop is the walk from `at` on; report it at its first line.
        size_t from = 0;
        while (walk[from] != at) ++from;
        std::string chain;
        uint32_t first = at;
        for (size_t k = from; k < walk.size(); ++k) {
          chain += rows_[walk[k]].record.id + " → ";
          if (rows_[walk[k]].line < rows_[first].line) first = walk[k];
        }
        chain += rows_[at].record.id;
        return At(ErrorCode::kInvalidArgument, rows_[first].line, "parent",
                  fmt::format("上级关系构成循环：{}", chain));
      }
      for (uint32_t w : walk) state[w] = 2;
    }
    return Ok{};
  }

  std::string path_;
  const RegionLevelFn& region_level_;
  const KnownOrganFn& known_organ_;
  std::vector<Pending> rows_;
  std::unordered_map<std::string, size_t> ids_;  // id -> index in rows_
};

}  // namespace

Result<std::vector<UnitRecord>> ReadOrgans(const fs::path& csv, const RegionLevelFn& region_level,
                                           const KnownOrganFn& known_organ) {
  OrganReader reader(csv, region_level, known_organ);
  return reader.Read(csv);
}

}  // namespace jianfu::units
