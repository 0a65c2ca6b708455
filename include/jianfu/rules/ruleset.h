// include/jianfu/rules/ruleset.h
//
// The rules as data. A RuleSet is read from TOML (docs/rules.md): the files
// under rules/ are compiled into the binary as the defaults, and a local file
// given with --rules overlays them (a province tightens a limit, adds
// phrases, disables a rule) without a rebuild. A malformed file is an Error
// of kind kRuleFile naming the file, line, column and key.
//
// Immutable once loaded; safe to share between threads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jianfu/core/result.h"
#include "jianfu/rules/severity.h"

namespace jianfu::rules {

// The fixed set of rule kinds implemented in C++ (the "extends" of a rule).
enum class RuleKind {
  kSentence,  // phrases in a sentence that imposes (not forbids) something
  kLength,    // 正文 length against the limit of the document type (DOC-10)
  kRegistry,  // decided on a filed demand and its history (jianfu::registry)
};

struct Rule {
  std::string id;  // "DOC-10", "BUR-TRACE", ...
  RuleKind kind = RuleKind::kSentence;
  bool enabled = true;
  std::string title;     // Chinese
  std::string citation;  // Chinese: document and article
  std::string message;   // Chinese; {placeholders} filled by the rule kind
  std::string category;  // burden category, or "" for rules that are not one
  Severity severity = Severity::kWarn;
  // The regulation says 一般 or 原则上: a finding of this rule on a demand
  // that carries a justification (or an approved exception) is kept but
  // marked justified instead of counting against the filer.
  bool qualified = false;

  // kSentence: the sentence must contain a trigger that no negation governs,
  // a match of every `required` group, and no `excludes` match. Patterns are
  // regular expressions in Hyperscan syntax (usually plain words).
  std::vector<std::string> triggers;
  std::vector<std::vector<std::string>> required;  // TOML key "requires"
  std::vector<std::string> excludes;
  // Registry checks: the literal values a rule looks for in a demand's
  // fields (APP-05's forbidden features, DEM-03's words in an activity name).
  std::vector<std::string> words;
  // Rules whose finding on the same sentence this one replaces (a specific
  // rule such as DOC-21 supersedes the general BUR-REPORT).
  std::vector<std::string> supersedes;

  // kLength and others: numeric parameters ("general_limit" = 5000, ...).
  std::map<std::string, int64_t> params;

  std::string source;  // "file:line" where the rule was defined, for messages
};

// Words that decide whether a sentence imposes anything at all.
struct Lexicon {
  // Forbid or limit what follows them in the sentence (不得, 严禁, 原则上不…).
  std::vector<std::string> negations;
  // Forbid or cut what precedes them in the same clause ("报表一律压减").
  std::vector<std::string> post_negations;
  // A clause that starts a new demand after a negation (，要 / ，须 / ，请).
  std::vector<std::string> scope_resets;
  // The sentence reports what happened (news, summaries): imposes nothing.
  std::vector<std::string> narrative;
  // Cues that lean to narration (分别) but also occur in demands: the
  // sentence imposes nothing only when it has no prescriptive word.
  std::vector<std::string> weak_narrative;
  // Words of a requirement stated now (要, 须, 应, 请, 负责, 于…前, 纳入…).
  std::vector<std::string> prescriptive;
  // The sentence describes or criticises a bad practice: imposes nothing.
  std::vector<std::string> critique;
  // Definitions and sentences addressed to the public: impose nothing on units.
  std::vector<std::string> neutral;
  // A sentence that names enterprises or citizens (public) and no government
  // body or grassroots unit (government) regulates the public, not the
  // grassroots: it imposes nothing in jianfu's sense.
  std::vector<std::string> public_audience;
  std::vector<std::string> government;
  // Words that end the title of a document (通知, 方案, 办法…): burden
  // words inside 《…》 ending in one of them only name that document.
  std::vector<std::string> document_kinds;
  // Names of this document, a body or a post (本考核办法, 督查机构): burden
  // words inside such a name only name it and demand nothing.
  std::vector<std::string> names;
  // A numbered line this short without a sentence end (一、督查内容) is a
  // heading, which names a topic and imposes nothing. Default: 30.
  int64_t heading_max_chars = 30;
};
// A pattern starting with '^' matches only at the start of a sentence; one
// starting with (?<!A|B) does not match right after A or B, and one ending
// with (?!A|B) not right before A or B (A, B literal words).

// How the document type is inferred from the title and headings (DOC-10).
struct DocTypeRules {
  std::vector<std::string> comprehensive;  // title words of 综合性 documents
  std::vector<std::string> special;        // title words of 专项/具体任务 documents
};

struct RuleSet {
  std::vector<Rule> rules;
  Lexicon lexicon;
  DocTypeRules doc_type;
  // How much time each kind of demand costs a unit it reaches, for the
  // ledger (rules/ledger.toml [ledger]): minutes or hours as the key says.
  std::map<std::string, int64_t> ledger;
  std::vector<std::string> sources;  // names of the files loaded, in order

  const Rule* Find(std::string_view id) const;
};

// The rules compiled into the binary from rules/*.toml.
Result<RuleSet> LoadBuiltin();

// Applies one TOML document on top of `set`. `name` is used in errors.
// Rules with a known id are merged key by key (arrays replace, `*_add`
// arrays append); new ids are added and must be complete.
Status Overlay(RuleSet& set, std::string_view toml, const std::string& name);
Status OverlayFile(RuleSet& set, const std::filesystem::path& path);

// Fills the {name} placeholders of a rule message with values.
std::string FillMessage(std::string message, const std::vector<std::pair<std::string, std::string>>& values);

// Every trigger pattern of the enabled rules, one per line, for
// `jianfu rules export-patterns` (a grep/ripgrep -f file).
std::string ExportPatterns(const RuleSet& set);

}  // namespace jianfu::rules
