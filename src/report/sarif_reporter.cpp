// The SARIF 2.1.0 reporter (docs/sarif.md). Results are collected as they
// come and the whole log is written at End, because tool.driver.rules must
// also list rules first seen in findings.
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "common.h"
#include "jianfu/report/reporter.h"

namespace jianfu::report {
namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSchema = "https://json.schemastore.org/sarif-2.1.0.json";

const char* Level(check::Severity s) {
  switch (s) {
    case check::Severity::kBlock:
      return "error";
    case check::Severity::kWarn:
      return "warning";
    case check::Severity::kInfo:
      return "note";
  }
  return "warning";
}

bool Unreserved(unsigned char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~';
}

// A file path as a URI reference (RFC 3986): '/' separators are kept, every
// byte outside the unreserved set is percent-encoded (so spaces and Chinese
// become %XX of their UTF-8 bytes). An absolute path becomes a file:// URI.
std::string PathToUri(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  if (!path.empty() && path.front() == '/') out = "file://";
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (Unreserved(c) || c == '/') {
      out += ch;
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    }
  }
  return out;
}

Json Message(std::string text) {
  Json m = Json::object();
  m["text"] = std::move(text);
  return m;
}

// 64-bit FNV-1a, as 16 hex digits: a fingerprint that survives the finding
// moving to another line.
std::string Fingerprint(const check::Finding& f) {
  uint64_t h = 14695981039346656037ULL;
  auto mix = [&h](std::string_view s) {
    for (char c : s) {
      h ^= static_cast<unsigned char>(c);
      h *= 1099511628211ULL;
    }
    h ^= 0xFF;  // separator
    h *= 1099511628211ULL;
  };
  mix(f.rule);
  for (const check::Range& m : f.matches) mix(internal::MatchText(f, m));
  mix(f.excerpt);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out(16, '0');
  for (int i = 15; i >= 0; --i, h >>= 4) out[static_cast<size_t>(i)] = kHex[h & 0xF];
  return out;
}

class SarifReporter final : public Reporter {
 public:
  SarifReporter(std::ostream& out, std::vector<RuleInfo> rules, std::string version)
      : out_(out), version_(std::move(version)) {
    for (RuleInfo& r : rules) AddRule(std::move(r));
  }

  void Document(const check::DocumentReport& doc) override {
    const std::string uri = PathToUri(doc.path);
    const size_t artifact = AddArtifact(uri, doc.encoding);
    for (const check::Finding& f : doc.findings) results_.push_back(Result(f, uri, artifact));
  }

  void FileError(const Error& error) override {
    Json n = Json::object();
    n["level"] = "error";
    n["message"] = Message(error.message);
    if (!error.path.empty()) {
      Json physical = Json::object();
      physical["artifactLocation"] = Json::object({{"uri", PathToUri(error.path)}});
      if (error.line > 0) {
        Json region = Json::object({{"startLine", error.line}});
        if (error.column > 0) region["startColumn"] = error.column;
        physical["region"] = std::move(region);
      }
      n["locations"] = Json::array({Json::object({{"physicalLocation", std::move(physical)}})});
    }
    n["properties"] = Json::object({{"code", ErrorCodeName(error.code)}});
    notifications_.push_back(std::move(n));
  }

  void End(const Summary& summary) override {
    Json driver = Json::object();
    driver["name"] = "jianfu";
    if (!version_.empty()) driver["version"] = version_;
    Json rules = Json::array();
    for (const RuleInfo& r : rules_) rules.push_back(RuleJson(r));
    driver["rules"] = std::move(rules);

    Json invocation = Json::object();
    invocation["executionSuccessful"] = notifications_.empty();
    if (!notifications_.empty()) invocation["toolExecutionNotifications"] = std::move(notifications_);

    Json run = Json::object();
    run["tool"] = Json::object({{"driver", std::move(driver)}});
    run["invocations"] = Json::array({std::move(invocation)});
    if (!artifacts_.empty()) run["artifacts"] = std::move(artifacts_);
    run["columnKind"] = "unicodeCodePoints";
    run["results"] = std::move(results_);
    run["properties"] = Json::object({{"summary", Json::object({{"files", summary.files_checked},
                                                                {"failed", summary.files_failed},
                                                                {"findings", summary.findings},
                                                                {"block", summary.block},
                                                                {"warn", summary.warn},
                                                                {"info", summary.info}})}});
    Json log = Json::object();
    log["$schema"] = kSchema;
    log["version"] = "2.1.0";
    log["runs"] = Json::array({std::move(run)});
    out_ << log.dump(2, ' ', /*ensure_ascii=*/false, Json::error_handler_t::replace) << '\n';
    out_.flush();
    results_ = Json::array();
    artifacts_ = Json::array();
    notifications_ = Json::array();
  }

 private:
  size_t AddRule(RuleInfo rule) {
    auto [it, inserted] = rule_index_.try_emplace(rule.id, rules_.size());
    if (inserted) rules_.push_back(std::move(rule));
    return it->second;
  }

  size_t AddArtifact(const std::string& uri, const std::string& encoding) {
    auto [it, inserted] = artifact_index_.try_emplace(uri, artifacts_.size());
    if (inserted) {
      Json a = Json::object();
      a["location"] = Json::object({{"uri", uri}});
      if (!encoding.empty()) a["encoding"] = encoding;
      artifacts_.push_back(std::move(a));
    }
    return it->second;
  }

  static Json RuleJson(const RuleInfo& r) {
    Json j = Json::object();
    j["id"] = r.id;
    j["name"] = r.id;
    j["shortDescription"] = Message(r.title);
    j["fullDescription"] = Message(r.citation.empty() ? r.title : r.citation);
    j["defaultConfiguration"] = Json::object({{"level", Level(r.severity)}});
    if (!r.category.empty()) j["properties"] = Json::object({{"category", r.category}});
    return j;
  }

  Json Result(const check::Finding& f, const std::string& uri, size_t artifact) {
    auto it = rule_index_.find(f.rule);
    const size_t rule_index = it != rule_index_.end()
                                  ? it->second
                                  : AddRule(RuleInfo{f.rule, f.title, f.citation, f.severity, f.category});

    Json region = Json::object();
    if (f.line > 0) {
      region["startLine"] = f.line;
      if (f.column > 0) region["startColumn"] = f.column;
    }
    region["charOffset"] = f.range.begin;
    region["charLength"] = f.range.end > f.range.begin ? f.range.end - f.range.begin : 0;
    if (!f.excerpt.empty()) region["snippet"] = Message(f.excerpt);

    Json physical = Json::object();
    physical["artifactLocation"] = Json::object({{"uri", uri}, {"index", artifact}});
    physical["region"] = std::move(region);

    Json j = Json::object();
    j["ruleId"] = f.rule;
    j["ruleIndex"] = rule_index;
    j["level"] = Level(f.severity);
    j["message"] = Message(f.citation.empty() ? f.message : f.message + " 依据：" + f.citation);
    j["locations"] = Json::array({Json::object({{"physicalLocation", std::move(physical)}})});
    j["partialFingerprints"] = Json::object({{"jianfuExcerptHash/v1", Fingerprint(f)}});
    if (!f.category.empty()) j["properties"] = Json::object({{"category", f.category}});
    return j;
  }

  std::ostream& out_;
  std::string version_;
  std::vector<RuleInfo> rules_;
  std::unordered_map<std::string, size_t> rule_index_;
  std::unordered_map<std::string, size_t> artifact_index_;
  Json results_ = Json::array();
  Json artifacts_ = Json::array();
  Json notifications_ = Json::array();
};

}  // namespace

std::unique_ptr<Reporter> MakeSarifReporter(std::ostream& out, std::vector<RuleInfo> rules,
                                            std::string tool_version) {
  return std::make_unique<SarifReporter>(out, std::move(rules), std::move(tool_version));
}

}  // namespace jianfu::report
