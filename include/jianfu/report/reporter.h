// include/jianfu/report/reporter.h
//
// Reporters turn DocumentReports into output: human text (with the matched
// words marked, ANSI colour when asked), JSON (docs/json-output.md) and
// SARIF 2.1.0 (docs/sarif.md). The checker never prints; the CLI and the
// server pick a reporter. A reporter writes to the stream it was given and
// is not thread-safe: call it from one thread, in order Begin, (Document |
// FileError)*, End.
#pragma once

#include <memory>
#include <ostream>
#include <string>
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

struct Summary {
  size_t files_checked = 0;
  size_t files_failed = 0;  // input errors
  size_t findings = 0;
  size_t block = 0, warn = 0, info = 0;
};

class Reporter {
 public:
  virtual ~Reporter() = default;
  virtual void Begin() {}
  virtual void Document(const check::DocumentReport& doc) = 0;
  // A file that could not be read (reported in order with the documents).
  virtual void FileError(const Error& error) = 0;
  virtual void End(const Summary& summary) = 0;
};

struct TextOptions {
  bool color = false;        // ANSI colours (the CLI turns them on for a terminal)
  size_t max_excerpt = 80;   // code points of excerpt shown per finding
};

std::unique_ptr<Reporter> MakeTextReporter(std::ostream& out, TextOptions options = {});
std::unique_ptr<Reporter> MakeJsonReporter(std::ostream& out);
std::unique_ptr<Reporter> MakeSarifReporter(std::ostream& out, std::vector<RuleInfo> rules,
                                            std::string tool_version);

}  // namespace jianfu::report
