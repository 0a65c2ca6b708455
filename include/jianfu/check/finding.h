// include/jianfu/check/finding.h
//
// Finding: the one thing checking produces. A rule, where it applies in the
// text, and what to do about it. Plain value types.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "jianfu/rules/severity.h"
#include "jianfu/text/count.h"

namespace jianfu::check {

// Severity lives with the rules that declare it; re-exported here.
using rules::ParseSeverity;
using rules::Severity;
using rules::SeverityName;

// A half-open range of the checked text, in bytes and in characters.
struct Range {
  size_t byte_begin = 0, byte_end = 0;
  size_t begin = 0, end = 0;  // code points from the start of the text
};

struct Finding {
  std::string rule;      // rule id, e.g. "DOC-10", "BUR-TRACE"
  std::string category;  // one of the eleven burden categories, or "" (e.g. DOC-10)
  Severity severity = Severity::kWarn;
  std::string title;           // the rule's Chinese title
  std::string citation;        // article of the regulation, Chinese
  std::string message;         // Chinese: what is wrong and what to change
  Range range;                 // the problem spot (the matched words' extent)
  int line = 0;                // 1-based line of range.begin
  int column = 0;              // 1-based column (code points) of range.begin
  std::string excerpt;         // the sentence around the spot, trimmed to a window
  size_t excerpt_begin = 0;    // code point offset of the excerpt in the text
  std::vector<Range> matches;  // the words that triggered it (inside excerpt)
};

// The 公文 types that decide the length limit (rule DOC-10).
enum class DocType { kComprehensive, kSpecial, kGeneral };
// "comprehensive", "special", "general".
const char* DocTypeName(DocType t);
bool ParseDocType(std::string_view name, DocType* out);

// A part of the 公文 layout that was found, for reports.
struct LayoutPart {
  std::string
      name;  // "doc_no", "title", "addressee", "body", "attachments", "signature", "date", "cc", "printed"
  Range range;
  std::string text;  // trimmed to 200 code points for the body
};

// Everything known about one checked document.
struct DocumentReport {
  std::string path;      // as given by the caller ("-" for standard input)
  std::string format;    // "txt", "md", "docx", "pdf"
  std::string encoding;  // source encoding of text files, else ""
  DocType doc_type = DocType::kGeneral;
  std::string doc_type_reason;  // Chinese: why this type (flag, title word, default)
  bool doc_type_given = false;  // true when the caller set it (--doc-type)
  text::CharCount body_chars;   // 正文 counts (see docs/counting.md)
  size_t total_chars = 0;       // code points of the whole extracted text
  std::string title;
  std::vector<LayoutPart> layout;
  std::vector<Finding> findings;  // sorted by position, then rule id
  size_t findings_omitted = 0;    // sentence findings beyond CheckOptions::max_findings
};

}  // namespace jianfu::check
