// POST /api/v1/check: a document as JSON text or as an uploaded file, checked
// by the document checker; the answer is what `jianfu check --format json`
// prints for it (docs/json-output.md).
#include <sstream>

#include "api.h"
#include "jianfu/extract/extract.h"
#include "jianfu/report/reporter.h"

namespace jianfu::server {

using nlohmann::json;

namespace {

struct Document {
  std::string name = "-";  // shown as the report's path
  std::string bytes;
  extract::Format format = extract::Format::kText;
  std::optional<check::DocType> doc_type;
};

std::optional<Reply> ReadDocType(const std::string& value, std::optional<check::DocType>& out) {
  if (value == "auto") return std::nullopt;
  check::DocType t;
  if (!check::ParseDocType(value, &t))
    return ErrorReply(http::status::unprocessable_entity, "invalid_field",
                      "doc_type 应为 auto、comprehensive、special 或 general", "doc_type");
  out = t;
  return std::nullopt;
}

std::optional<Reply> FromJson(const std::string& body, Document& doc) {
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    return ErrorReply(http::status::bad_request, "invalid_json",
                      "请求体不是合法的 JSON（第 " + std::to_string(e.byte) + " 字节附近）");
  }
  if (!j.is_object())
    return ErrorReply(http::status::unprocessable_entity, "invalid_field", "请求体应为 JSON 对象");
  for (const auto& [key, value] : j.items()) {
    if (key == "text") {
      if (!value.is_string())
        return ErrorReply(http::status::unprocessable_entity, "invalid_field", "text 应为字符串", "text");
      doc.bytes = value.get<std::string>();
    } else if (key == "doc_type") {
      if (!value.is_string())
        return ErrorReply(http::status::unprocessable_entity, "invalid_field", "doc_type 应为字符串",
                          "doc_type");
      if (auto bad = ReadDocType(value.get<std::string>(), doc.doc_type)) return bad;
    } else if (key == "name") {
      if (!value.is_string())
        return ErrorReply(http::status::unprocessable_entity, "invalid_field", "name 应为字符串", "name");
      doc.name = value.get<std::string>();
    } else {
      return ErrorReply(http::status::unprocessable_entity, "unknown_field", "不认识的字段“" + key + "”",
                        key);
    }
  }
  if (!j.contains("text"))
    return ErrorReply(http::status::unprocessable_entity, "missing_field",
                      "缺少字段 text（要检查的公文全文）", "text");
  return std::nullopt;
}

std::optional<Reply> FromUpload(const Request& request, Document& doc) {
  auto parts = ParseMultipart(request[http::field::content_type], request.body());
  if (!parts)
    return ErrorReply(http::status::bad_request, "invalid_multipart", parts.error().message, "body");
  bool have_file = false;
  for (const auto& part : *parts) {
    if (part.name == "file") {
      if (have_file)
        return ErrorReply(http::status::bad_request, "invalid_multipart", "只能上传一个文件", "file");
      have_file = true;
      doc.name = part.filename.empty() ? "upload" : part.filename;
      doc.bytes = std::string(part.data);
      auto format = extract::FormatFromPath(doc.name);
      if (!format) {
        // No known extension: sniff PDF and ZIP (.docx), else text; refuse
        // the Office formats extract does not read.
        const std::string_view data = part.data;
        const auto dot = doc.name.rfind('.');
        const std::string ext = dot == std::string::npos ? "" : doc.name.substr(dot);
        if (!ext.empty() && ext != ".txt")
          return ErrorReply(
              http::status::unsupported_media_type, "unsupported_format",
              "不支持“" + ext + "”文件（支持 .docx .pdf .txt .md；.doc .wps 请另存为 .docx 或 .pdf）",
              "file");
        format = data.substr(0, 5) == "%PDF-"                             ? extract::Format::kPdf
                 : data.substr(0, 4) == std::string_view("PK\x03\x04", 4) ? extract::Format::kDocx
                                                                          : extract::Format::kText;
      }
      doc.format = *format;
    } else if (part.name == "doc_type") {
      if (auto bad = ReadDocType(std::string(part.data), doc.doc_type)) return bad;
    } else {
      return ErrorReply(http::status::unprocessable_entity, "unknown_field",
                        "不认识的表单字段“" + part.name + "”", part.name);
    }
  }
  if (!have_file)
    return ErrorReply(http::status::unprocessable_entity, "missing_field",
                      "缺少表单字段 file（要检查的文件）", "file");
  return std::nullopt;
}

}  // namespace

Reply Api::Check(const Call& call) {
  if (!services_.checker)
    return ErrorReply(http::status::service_unavailable, "no_checker", "服务器没有启用公文检查");
  Document doc;
  if (HasContentType(call.request, "application/json")) {
    if (auto bad = FromJson(call.request.body(), doc)) return std::move(*bad);
  } else if (HasContentType(call.request, "multipart/form-data")) {
    if (auto bad = FromUpload(call.request, doc)) return std::move(*bad);
  } else {
    return UnsupportedMediaType("application/json 或 multipart/form-data");
  }
  auto text = extract::ExtractBytes(doc.bytes, doc.format, doc.name);
  if (!text) {
    const auto status = text.error().code == ErrorCode::kTooLarge ? http::status::payload_too_large
                                                                  : http::status::unprocessable_entity;
    Error e = text.error();
    if (e.field.empty()) e.field = HasContentType(call.request, "application/json") ? "text" : "file";
    return ErrorReply(status, e);
  }
  check::CheckOptions options;
  options.doc_type = doc.doc_type;
  const check::DocumentReport report = services_.checker->Check(
      text->text, options, doc.name, extract::FormatName(text->format), text->encoding);
  for (const auto& f : report.findings)
    metrics_.CountFinding("check", f.rule, rules::SeverityName(f.severity));
  std::ostringstream out;
  auto reporter = report::MakeJsonReporter(out);
  report::Summary summary;
  summary.Add(report);
  reporter->Begin();
  reporter->Document(report);
  reporter->End(summary);
  Reply reply;
  reply.body = std::move(out).str();
  return reply;
}

}  // namespace jianfu::server
