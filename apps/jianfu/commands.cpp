#include <iostream>

#include "commands.h"

namespace jianfu::cli {

Result<rules::RuleSet> LoadRules(const std::vector<std::string>& overlays) {
  auto set = rules::LoadBuiltin();
  if (!set.ok()) return set;
  for (const auto& path : overlays) {
    if (auto s = rules::OverlayFile(*set, path); !s.ok()) return s.error();
  }
  return set;
}

void PrintError(const Error& e) { std::cerr << "jianfu: 错误：" << e.ToString() << '\n'; }

}  // namespace jianfu::cli
