// include/jianfu/report/reporter.h
//
// Reporters turn DocumentReports into output: human text (with the matched
// words marked, ANSI colour when asked), JSON (docs/json-output.md) and
// SARIF 2.1.0 (docs/sarif.md). The checker never prints; the CLI and the
// server pick a reporter. A reporter writes to the stream it was given and
// is not thread-safe: call it from one thread, in order Begin, (Document |
// FileError)*, End. (Begin is implied by the first other call if omitted.)
//
// Streaming: the text and JSON reporters write each document as it comes
// and keep only the file errors until End; the SARIF reporter writes the
// whole log at End (it keeps the results, not the documents' text).
// Every reporter writes valid UTF-8: malformed input bytes become U+FFFD.
#pragma once

#include <cstddef>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/check/finding.h"
#include "jianfu/core/error.h"

namespace jianfu::report {

// What every output needs to know about the rules beyond the findings
// (SARIF lists every rule in tool.driver.rules).
struct RuleInfo {
  std::string id;
  std::string title;
  std::string citation;
  check::Severity severity = check::Severity::kWarn;
  std::string category;
};

// Totals for End. The reporters print these as given; Add and AddError keep
// them consistent with what was passed to Document and FileError.
struct Summary {
  size_t files_checked = 0;  // documents read and checked (not counting failures)
  size_t files_failed = 0;   // input errors (files that could not be read)
  size_t findings = 0;
  size_t block = 0, warn = 0, info = 0;

  // Counts one checked document and its findings by severity.
  void Add(const check::DocumentReport& doc);
  // Counts one file that could not be read.
  void AddError() { ++files_failed; }
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Begin() {}
  virtual void Document(const check::DocumentReport& doc) = 0;
  // A file that could not be read (reported in order with the documents).
  virtual void FileError(const Error& error) = 0;
  // Writes the closing part and flushes the stream.
  virtual void End(const Summary& summary) = 0;
};

struct TextOptions {
  bool color = false;       // ANSI colours (the CLI turns them on for a terminal)
  size_t max_excerpt = 80;  // code points of excerpt shown per finding (the "…"
                            // marks at cut ends are extra); 0 shows it whole
};

std::unique_ptr<Reporter> MakeTextReporter(std::ostream& out, TextOptions options = {});
std::unique_ptr<Reporter> MakeJsonReporter(std::ostream& out);
// `rules` become tool.driver.rules in this order; a finding whose rule is not
// among them gets a rule entry built from the finding, appended at the end.
// An empty `tool_version` omits tool.driver.version.
std::unique_ptr<Reporter> MakeSarifReporter(std::ostream& out, std::vector<RuleInfo> rules,
                                            std::string tool_version);

// Chinese display name of a burden category ("trace" -> "留痕"); "" for an
// empty or unknown category.
std::string_view CategoryDisplayName(std::string_view category);
// Chinese display name of a 公文 type: "综合性", "专项", "一般".
std::string_view DocTypeDisplayName(check::DocType type);

}  // namespace jianfu::report
