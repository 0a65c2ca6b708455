#include "jianfu/units/scope.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <optional>

namespace jianfu::units {
namespace {

using nlohmann::json;

// A scope bound to a tree: the subtree interval and the filters.
struct Bound {
  uint32_t root = 0;
  uint32_t end = 0;
  LevelMask levels = 0;
  uint8_t organs = 0;  // bit per OrganType; 0 = regions and organs alike
};

std::optional<Bound> Bind(const UnitTree& tree, const Scope& scope) {
  const std::optional<uint32_t> root = tree.Find(scope.unit);
  if (!root) return std::nullopt;
  Bound b;
  b.root = *root;
  b.end = tree.SubtreeEnd(*root);
  b.levels = scope.levels & kAllLevels;
  for (OrganType t : scope.organ_types) b.organs |= static_cast<uint8_t>(1u << static_cast<int>(t));
  return b;
}

bool Matches(const Bound& b, const Unit& u, uint32_t i) {
  if (b.levels == 0 ? i != b.root : (b.levels & LevelBit(u.level)) == 0) return false;
  return b.organs == 0 || (u.organ_type && (b.organs >> static_cast<int>(*u.organ_type)) & 1u);
}

// Calls emit(begin, end) for each run of covered units in tree order.
// Levels never rise going down the tree, so a subtree whose level is below
// every requested level is skipped whole, and one whose every level is
// requested (with no organ filter) is taken whole.
template <typename Emit>
void Scan(const UnitTree& tree, const Bound& b, const Emit& emit) {
  if (b.levels == 0) {
    if (Matches(b, tree.at(b.root), b.root)) emit(b.root, b.root + 1);
    return;
  }
  for (uint32_t i = b.root; i < b.end;) {
    const Unit& u = tree.at(i);
    const unsigned from_here = static_cast<unsigned>(b.levels) >> static_cast<int>(u.level);
    if (from_here == 0) {
      i = u.subtree_end;
    } else if (b.organs == 0 &&
               from_here == (static_cast<unsigned>(kAllLevels) >> static_cast<int>(u.level))) {
      emit(i, u.subtree_end);
      i = u.subtree_end;
    } else {
      if (Matches(b, u, i)) emit(i, i + 1);
      ++i;
    }
  }
}

Error FieldError(std::string_view prefix, const std::string& field, std::string message) {
  std::string name = prefix.empty() ? field : std::string(prefix) + "." + field;
  return MakeError(ErrorCode::kInvalidArgument, std::move(message), "", std::move(name));
}

}  // namespace

Result<Scope> ParseScope(const json& j, std::string_view field_prefix) {
  if (!j.is_object()) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "范围应为对象，如 {\"unit\": \"433127\", \"levels\": [\"township\"]}", "",
                     std::string(field_prefix));
  }
  Scope scope;
  bool has_unit = false;
  for (const auto& [key, value] : j.items()) {
    if (key == "unit") {
      if (!value.is_string() || value.get_ref<const std::string&>().empty()) {
        return FieldError(field_prefix, key, "应为单位编号（非空字符串，如 \"433127\"）");
      }
      scope.unit = value.get<std::string>();
      has_unit = true;
    } else if (key == "levels" || key == "organ_types") {
      const bool levels = key == "levels";
      if (!value.is_array()) {
        return FieldError(field_prefix, key,
                          levels ? "应为层级名称的数组，如 [\"township\", \"village\"]"
                                 : "应为机构类型名称的数组，如 [\"government\"]");
      }
      for (size_t k = 0; k < value.size(); ++k) {
        const std::string item = fmt::format("{}[{}]", key, k);
        if (!value[k].is_string()) return FieldError(field_prefix, item, "应为字符串");
        const auto& name = value[k].get_ref<const std::string&>();
        if (levels) {
          const std::optional<Level> level = ParseLevel(name);
          if (!level) {
            return FieldError(
                field_prefix, item,
                fmt::format("未知的层级“{}”，应为 province、city、county、township、village 之一", name));
          }
          scope.levels |= LevelBit(*level);
        } else {
          const std::optional<OrganType> type = ParseOrganType(name);
          if (!type) {
            return FieldError(field_prefix, item,
                              fmt::format("未知的机构类型“{}”，应为 party_committee、government、department、"
                                          "coordination_body、office、other 之一",
                                          name));
          }
          scope.organ_types.push_back(*type);
        }
      }
    } else {
      return FieldError(field_prefix, key, "未知的字段（范围只有 unit、levels、organ_types）");
    }
  }
  if (!has_unit) return FieldError(field_prefix, "unit", "缺少单位编号");
  std::sort(scope.organ_types.begin(), scope.organ_types.end());
  scope.organ_types.erase(std::unique(scope.organ_types.begin(), scope.organ_types.end()),
                          scope.organ_types.end());
  return scope;
}

json ScopeToJson(const Scope& scope) {
  json j = json::object();
  j["unit"] = scope.unit;
  if (scope.levels != 0) {
    json levels = json::array();
    for (int l = 0; l < kLevelCount; ++l) {
      if (scope.levels & (1u << l)) levels.push_back(LevelName(static_cast<Level>(l)));
    }
    j["levels"] = std::move(levels);
  }
  if (!scope.organ_types.empty()) {
    json types = json::array();
    for (OrganType t : scope.organ_types) types.push_back(OrganTypeName(t));
    j["organ_types"] = std::move(types);
  }
  return j;
}

Status CheckScope(const UnitTree& tree, const Scope& scope) {
  if (!tree.Find(scope.unit)) {
    return MakeError(ErrorCode::kNotFound, fmt::format("单位 {} 不存在", scope.unit), "", "unit");
  }
  return Ok{};
}

bool Covers(const UnitTree& tree, const Scope& scope, uint32_t unit) {
  const std::optional<Bound> b = Bind(tree, scope);
  return b && unit >= b->root && unit < b->end && Matches(*b, tree.at(unit), unit);
}

std::vector<uint32_t> Expand(const UnitTree& tree, const Scope& scope) {
  std::vector<uint32_t> out;
  const std::optional<Bound> b = Bind(tree, scope);
  if (!b) return out;
  Scan(tree, *b, [&out](uint32_t begin, uint32_t end) {
    for (uint32_t i = begin; i < end; ++i) out.push_back(i);
  });
  return out;
}

size_t CountCovered(const UnitTree& tree, const Scope& scope) {
  size_t count = 0;
  const std::optional<Bound> b = Bind(tree, scope);
  if (b) Scan(tree, *b, [&count](uint32_t begin, uint32_t end) { count += end - begin; });
  return count;
}

}  // namespace jianfu::units
