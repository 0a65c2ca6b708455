// src/rules/builtin_rules.h (internal)
// The TOML files of rules/, embedded at build time.
#pragma once

#include <string_view>
#include <vector>

namespace jianfu::rules {

struct BuiltinRuleFile {
  std::string_view name;     // "rules/documents.toml"
  std::string_view content;  // the TOML text
};

const std::vector<BuiltinRuleFile>& BuiltinRuleFiles();

}  // namespace jianfu::rules
