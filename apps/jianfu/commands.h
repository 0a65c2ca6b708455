// apps/jianfu/commands.h
//
// The subcommands of the jianfu executable. Each Run* returns the process
// exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input
// errors (the convention of ripgrep and vale).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "jianfu/check/checker.h"
#include "jianfu/core/result.h"
#include "jianfu/rules/ruleset.h"

namespace jianfu::cli {

inline constexpr int kExitClean = 0;
inline constexpr int kExitFindings = 1;
inline constexpr int kExitError = 2;

// The built-in rules with each --rules file overlaid in order.
Result<rules::RuleSet> LoadRules(const std::vector<std::string>& overlays);

// A checker for those rules, using the phrase-database cache. On failure it
// prints the error and returns null (the caller exits with kExitError).
std::unique_ptr<check::Checker> MakeChecker(const std::vector<std::string>& overlays);

// Prints "jianfu: 错误：…" on standard error.
void PrintError(const Error& e);

struct CheckArgs {
  std::vector<std::string> paths;    // files or folders; "-" is standard input
  std::string format = "text";       // text | json | sarif
  std::string doc_type = "auto";     // auto | comprehensive | special | general
  std::vector<std::string> rules;    // overlay files
  std::string fail_on = "warn";      // block | warn | info | never
  std::string color = "auto";        // auto | always | never
  std::string stdin_format = "txt";  // txt | md | docx | pdf
  unsigned threads = 0;              // 0: one per core
};
int RunCheck(const CheckArgs& args);

struct RulesArgs {
  std::string action;  // list | export-patterns | validate
  std::vector<std::string> rules;
};
int RunRules(const RulesArgs& args);

struct ExplainArgs {
  std::vector<std::string> sentences;  // empty: read standard input
  std::vector<std::string> rules;
};
// Prints, for each sentence, the cues the checker saw and its verdict.
int RunExplain(const ExplainArgs& args);

struct EvalArgs {
  std::string gold;  // JSON Lines with gold labels
  std::vector<std::string> rules;
  bool show_misses = false;
  bool json = false;
};
int RunEval(const EvalArgs& args);

}  // namespace jianfu::cli
