// include/jianfu/check/checker.h
//
// The document checker: text in, DocumentReport out. Given extracted text
// it finds the 公文 layout, counts the 正文, infers the document type, and
// runs every enabled rule of a RuleSet (length limits and the burden
// phrases of each sentence, skipping sentences that forbid, limit, criticise
// or merely report a burden). It never prints and never touches files.
//
// A Checker compiles the rule phrases once (Hyperscan) and is then
// immutable: Check() may be called from many threads at once.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "jianfu/check/finding.h"
#include "jianfu/core/result.h"
#include "jianfu/rules/ruleset.h"

namespace jianfu::check {

struct CheckOptions {
  // Document type given by the user (--doc-type); inferred when unset.
  std::optional<DocType> doc_type;
  // Treat the text as one passage with no 公文 layout (the eval harness and
  // single sentences): no title, no length rule.
  bool passage = false;
  // Most sentence findings reported per document; the rest are counted in
  // DocumentReport::findings_omitted. Bounds memory on pathological input
  // (a finding carries its message and citation). Default: 5,000.
  size_t max_findings = 5000;
};

// $JIANFU_CACHE_DIR, else $XDG_CACHE_HOME/jianfu, else $HOME/.cache/jianfu;
// empty when none is set.
std::filesystem::path DefaultCacheDir();

class Checker {
 public:
  // Compiles the enabled rules of `rules` (copied). Fails with kRuleFile when
  // a pattern is not a valid expression, naming the rule. With a
  // `cache_dir`, the compiled phrase database is kept there for the next
  // process (see DefaultCacheDir); without one, nothing touches the disk.
  static Result<std::unique_ptr<Checker>> Create(const rules::RuleSet& rules,
                                                 const std::filesystem::path& cache_dir = {});

  ~Checker();
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;

  // REQUIRES: text is valid UTF-8 with '\n' line ends (as extract produces).
  // `path`, `format` and `encoding` are copied into the report.
  DocumentReport Check(std::string_view text, const CheckOptions& options, std::string path = "-",
                       std::string format = "txt", std::string encoding = "") const;

  // For rule authors: every cue seen in each sentence of `text` and the
  // verdict, in Chinese (`jianfu explain`).
  std::string Explain(std::string_view text) const;

  const rules::RuleSet& rules() const;

 private:
  struct Impl;
  explicit Checker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jianfu::check
