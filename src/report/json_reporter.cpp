// The JSON reporter: one document for the whole run (docs/json-output.md).
// Begin writes the opening, each Document appends one file object, End
// writes the file errors and the summary. Only the errors are kept.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "common.h"
#include "jianfu/report/reporter.h"

namespace jianfu::report {
namespace {

using Json = nlohmann::ordered_json;

// Pretty-prints v (2-space indent, Chinese unescaped, malformed UTF-8
// replaced by U+FFFD) with every line after the first indented by `indent`
// more spaces. JSON strings never hold a raw newline, so this is safe.
std::string Dump(const Json& v, size_t indent) {
  const std::string s = v.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace);
  std::string out;
  out.reserve(s.size() + s.size() / 8);
  for (char c : s) {
    out += c;
    if (c == '\n') out.append(indent, ' ');
  }
  return out;
}

Json RangeJson(const check::Range& r) {
  Json j = Json::object();
  j["start"] = r.begin;
  j["end"] = r.end;
  return j;
}

Json FindingJson(const check::Finding& f) {
  Json j = Json::object();
  j["rule"] = f.rule;
  j["category"] = f.category.empty() ? Json(nullptr) : Json(f.category);
  j["severity"] = check::SeverityName(f.severity);
  j["title"] = f.title;
  j["citation"] = f.citation;
  j["message"] = f.message;
  j["start"] = f.range.begin;
  j["end"] = f.range.end;
  j["line"] = f.line;
  j["column"] = f.column;
  j["excerpt"] = f.excerpt;
  j["excerpt_start"] = f.excerpt_begin;
  Json matches = Json::array();
  for (const check::Range& m : f.matches) {
    Json mj = RangeJson(m);
    mj["text"] = internal::MatchText(f, m);
    matches.push_back(std::move(mj));
  }
  j["matches"] = std::move(matches);
  return j;
}

Json FileJson(const check::DocumentReport& doc) {
  Json j = Json::object();
  j["path"] = doc.path;
  j["format"] = doc.format;
  j["encoding"] = doc.encoding;
  j["doc_type"] = check::DocTypeName(doc.doc_type);
  j["doc_type_reason"] = doc.doc_type_reason;
  j["doc_type_given"] = doc.doc_type_given;
  j["chars"] = doc.body_chars.words;
  j["chars_no_spaces"] = doc.body_chars.chars_no_spaces;
  j["chars_with_spaces"] = doc.body_chars.chars_with_spaces;
  j["total_chars"] = doc.total_chars;
  j["title"] = doc.title;
  Json layout = Json::object();
  for (const check::LayoutPart& part : doc.layout) {
    if (layout.contains(part.name)) continue;  // the first part of a name wins
    Json pj = RangeJson(part.range);
    pj["text"] = part.text;
    layout[part.name] = std::move(pj);
  }
  j["layout"] = std::move(layout);
  Json findings = Json::array();
  for (const check::Finding& f : doc.findings) findings.push_back(FindingJson(f));
  j["findings"] = std::move(findings);
  if (doc.findings_omitted > 0) j["findings_omitted"] = doc.findings_omitted;
  return j;
}

class JsonReporter final : public Reporter {
 public:
  explicit JsonReporter(std::ostream& out) : out_(out) {}

  void Begin() override {
    if (begun_) return;
    begun_ = true;
    out_ << "{\n  \"version\": 1,\n  \"files\": [";
  }

  void Document(const check::DocumentReport& doc) override {
    Begin();
    out_ << (files_++ == 0 ? "\n    " : ",\n    ") << Dump(FileJson(doc), 4);
  }

  void FileError(const Error& error) override { errors_.push_back(error); }

  void End(const Summary& summary) override {
    Begin();
    out_ << (files_ == 0 ? "]" : "\n  ]");
    Json errors = Json::array();
    for (const Error& e : errors_) {
      Json ej = Json::object();
      ej["path"] = e.path;
      ej["code"] = ErrorCodeName(e.code);
      ej["message"] = e.message;
      errors.push_back(std::move(ej));
    }
    errors_.clear();
    Json sj = Json::object();
    sj["files"] = summary.files_checked;
    sj["failed"] = summary.files_failed;
    sj["findings"] = summary.findings;
    sj["block"] = summary.block;
    sj["warn"] = summary.warn;
    sj["info"] = summary.info;
    out_ << ",\n  \"errors\": " << Dump(errors, 2) << ",\n  \"summary\": " << Dump(sj, 2) << "\n}\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  bool begun_ = false;
  size_t files_ = 0;
  std::vector<Error> errors_;
};

}  // namespace

std::unique_ptr<Reporter> MakeJsonReporter(std::ostream& out) {
  return std::make_unique<JsonReporter>(out);
}

}  // namespace jianfu::report
