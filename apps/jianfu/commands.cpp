#include "commands.h"

#include <iostream>

namespace jianfu::cli {

Result<rules::RuleSet> LoadRules(const std::vector<std::string>& overlays) {
  auto set = rules::LoadBuiltin();
  if (!set.ok()) return set;
  for (const auto& path : overlays) {
    if (auto s = rules::OverlayFile(*set, path); !s.ok()) return s.error();
  }
  return set;
}

std::unique_ptr<check::Checker> MakeChecker(const std::vector<std::string>& overlays) {
  auto set = LoadRules(overlays);
  if (!set.ok()) {
    PrintError(set.error());
    return nullptr;
  }
  auto checker = check::Checker::Create(*set, check::DefaultCacheDir());
  if (!checker.ok()) {
    PrintError(checker.error());
    return nullptr;
  }
  return std::move(checker.value());
}

void PrintError(const Error& e) {
  std::cerr << "jianfu: 错误：" << e.ToString() << '\n';
}

}  // namespace jianfu::cli
