// apps/jianfu/commands.h
//
// The subcommands of the jianfu executable. Each Run* returns the process
// exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or input
// errors (the convention of ripgrep and vale).
#pragma once

#include <CLI/CLI.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "jianfu/check/checker.h"
#include "jianfu/core/result.h"
#include "jianfu/registry/registry.h"
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

// ---- The registry commands (issue 3). Each Add*Command declares its
// subcommand and options on `app` and returns how to run it once parsed.

struct Command {
  CLI::App* sub = nullptr;
  std::function<int()> run;
};

// --db (default ./jianfu.db, or $JIANFU_DB), --keys and --rules, shared by
// every registry command. --db is a SQLite file or a PostgreSQL connection
// string (store::IsPostgres); passing a password in $JIANFU_DB or
// ~/.pgpass keeps it out of the process list.
struct DbArgs {
  std::string db = "jianfu.db";
  std::string keys;  // folder of jianfu.key and jianfu.pub; "" = the default (KeyPaths)
  std::vector<std::string> rules;
};
void AddDbOptions(CLI::App& sub, DbArgs& args);

// Errors unless args.db is new: a SQLite file that does not exist, or a
// PostgreSQL database without jianfu's tables (jianfu init, demo generate).
Status CheckNewDatabase(const DbArgs& args);

// The registry on args.db with its rules and code signer; prints the error
// and returns null on failure. `create` makes a new database (jianfu init).
std::unique_ptr<registry::Registry> OpenRegistry(const DbArgs& args, bool create);

// The signing keys: in the folder `keys` (--keys, $JIANFU_KEYS) when given
// (jianfu.key, secret, 0600; jianfu.pub, public, for verifiers); otherwise
// beside a SQLite database (jianfu.db -> jianfu.key, jianfu.pub), and for a
// PostgreSQL database in the current folder (the secret key never goes into
// the shared database).
std::pair<std::filesystem::path, std::filesystem::path> KeyPaths(const std::string& db, const std::string& keys);
Status CreateKeys(const std::string& db, const std::string& keys);
Result<registry::CodeSigner> MakeSigner(const std::string& db, const std::string& keys);

Command AddInitCommand(CLI::App& app);
Command AddFileCommand(CLI::App& app);
Command AddDemandsCommand(CLI::App& app);
Command AddFindingsCommand(CLI::App& app);
Command AddLedgerCommand(CLI::App& app);
Command AddEvaluateCommand(CLI::App& app);
Command AddUnitsCommand(CLI::App& app);
Command AddListsCommand(CLI::App& app);
Command AddVerifyCommand(CLI::App& app);
Command AddKeysCommand(CLI::App& app);

// jianfu demo generate: a synthetic year into a new database (docs/demo.md).
Command AddDemoCommand(CLI::App& app);

// The HTTP server (docs/server.md); runs until SIGINT or SIGTERM.
Command AddServeCommand(CLI::App& app);
// Local accounts of the server (jianfu users add | list).
Command AddUsersCommand(CLI::App& app);
// The audit log (docs/audit.md): `audit verify` exits 1 when the log was
// tampered with, `audit list` prints entries.
Command AddAuditCommand(CLI::App& app);

// Copy detection (docs/copy.md). Exit 1 means copies or near-duplicates
// were found.
Command AddCompareCommand(CLI::App& app);
Command AddIndexCommand(CLI::App& app);
Command AddDedupCommand(CLI::App& app);

// Posts of government new-media accounts (docs/posts.md): `posts analyze`.
// Exit 0 once the analysis is written (bad lines are reported, not fatal).
Command AddPostsCommand(CLI::App& app);

}  // namespace jianfu::cli
