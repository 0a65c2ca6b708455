#include "jianfu/rules/ruleset.h"

#include <fstream>
#include <set>
#include <sstream>

#include "builtin_rules.h"

namespace jianfu::rules {

std::string FillMessage(std::string message, const std::vector<std::pair<std::string, std::string>>& values) {
  for (const auto& [key, value] : values) {
    const std::string token = "{" + key + "}";
    for (size_t at = message.find(token); at != std::string::npos; at = message.find(token, at + value.size()))
      message.replace(at, token.size(), value);
  }
  return message;
}

const Rule* RuleSet::Find(std::string_view id) const {
  for (const auto& r : rules)
    if (r.id == id) return &r;
  return nullptr;
}

Result<RuleSet> LoadBuiltin() {
  RuleSet set;
  for (const auto& f : BuiltinRuleFiles()) {
    if (auto s = Overlay(set, f.content, std::string(f.name)); !s.ok()) return s.error();
  }
  return set;
}

Status OverlayFile(RuleSet& set, const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return MakeError(ErrorCode::kNotFound, "规则文件不存在或不是普通文件", path.string());
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "无法读取规则文件", path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return Overlay(set, ss.str(), path.string());
}

std::string ExportPatterns(const RuleSet& set) {
  std::set<std::string> seen;
  std::string out;
  for (const auto& r : set.rules) {
    if (!r.enabled || r.kind != RuleKind::kSentence) continue;
    for (std::string t : r.triggers) {
      // Drop the (?<!A|B) prefix, which only jianfu understands.
      if (t.starts_with("(?<!") && t.find(')') != std::string::npos) t.erase(0, t.find(')') + 1);
      if (const size_t open = t.rfind("(?!"); open != std::string::npos && t.ends_with(")")) t.erase(open);
      if (seen.insert(t).second) out += t + "\n";
    }
  }
  return out;
}

}  // namespace jianfu::rules
