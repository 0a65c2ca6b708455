#include <fmt/format.h>

#include <iostream>
#include <iterator>

#include "commands.h"
#include "jianfu/check/checker.h"
#include "jianfu/text/utf8.h"

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
  auto checker = MakeChecker(args.rules);
  if (!checker) return kExitError;
  const rules::RuleSet& rules = checker->rules();
  if (args.action == "validate") {
    std::cout << fmt::format("规则有效：{} 条规则，来自 {} 个文件。\n", rules.rules.size(),
                             rules.sources.size());
    return kExitClean;
  }
  for (const auto& rule : rules.rules) {
    std::cout << fmt::format("{:<15} {:<6} {:<11} {}{}\n", rule.id, rules::SeverityName(rule.severity),
                             rule.category.empty() ? "-" : rule.category, rule.title,
                             rule.enabled ? "" : "（已停用）");
  }
  return kExitClean;
}

int RunExplain(const ExplainArgs& args) {
  auto checker = MakeChecker(args.rules);
  if (!checker) return kExitError;
  std::string text;
  for (const auto& s : args.sentences) text += s + "\n";
  if (args.sentences.empty()) text.assign(std::istreambuf_iterator<char>(std::cin), {});
  if (text::FindInvalidUtf8(text) != text::kNpos) {
    PrintError(MakeError(ErrorCode::kEncoding, "输入不是有效的 UTF-8 文本", "-"));
    return kExitError;
  }
  std::cout << checker->Explain(text);
  return kExitClean;
}

}  // namespace jianfu::cli
