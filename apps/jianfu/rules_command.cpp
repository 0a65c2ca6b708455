#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "jianfu/check/checker.h"

namespace jianfu::cli {

int RunRules(const RulesArgs& args) {
  auto set = LoadRules(args.rules);
  if (!set.ok()) {
    PrintError(set.error());
    return kExitError;
  }
  if (args.action == "export-patterns") {
    std::cout << rules::ExportPatterns(*set);
    return kExitClean;
  }
  // Compiling proves every pattern is a valid expression.
  auto checker = check::Checker::Create(*set, check::DefaultCacheDir());
  if (!checker.ok()) {
    PrintError(checker.error());
    return kExitError;
  }
  if (args.action == "validate") {
    std::cout << fmt::format("规则有效：{} 条规则，来自 {} 个文件。\n", set->rules.size(), set->sources.size());
    return kExitClean;
  }
  for (const auto& rule : set->rules) {
    std::cout << fmt::format("{:<15} {:<6} {:<11} {}{}\n", rule.id, rules::SeverityName(rule.severity),
                             rule.category.empty() ? "-" : rule.category, rule.title, rule.enabled ? "" : "（已停用）");
  }
  return kExitClean;
}

}  // namespace jianfu::cli
