// multipart/form-data (RFC 7578) for POST /api/v1/check uploads.
#include <cctype>

#include "api.h"

namespace jianfu::server {

namespace {

constexpr size_t kMaxParts = 16;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// The value of `name` among "; name=value" or "; name=\"value\"" parameters.
std::optional<std::string> Param(std::string_view header, std::string_view name) {
  size_t pos = header.find(';');
  while (pos != std::string_view::npos) {
    std::string_view rest = header.substr(pos + 1);
    const size_t eq = rest.find('=');
    if (eq == std::string_view::npos) return std::nullopt;
    const std::string key = Lower(Trim(rest.substr(0, eq)));
    rest = Trim(rest.substr(eq + 1));
    std::string value;
    size_t used = 0;
    if (!rest.empty() && rest.front() == '"') {
      size_t i = 1;
      for (; i < rest.size() && rest[i] != '"'; ++i) {
        if (rest[i] == '\\' && i + 1 < rest.size()) ++i;
        value += rest[i];
      }
      if (i >= rest.size()) return std::nullopt;  // unterminated quote
      used = i + 1;
    } else {
      used = std::min(rest.find(';'), rest.size());
      value = std::string(Trim(rest.substr(0, used)));
    }
    if (key == name) return value;
    const size_t next = rest.find(';', used);
    if (next == std::string_view::npos) return std::nullopt;
    pos = (header.size() - rest.size()) + next;
  }
  return std::nullopt;
}

Error Bad(const std::string& why) {
  return MakeError(ErrorCode::kInvalidArgument, "multipart 请求体格式错误：" + why, {}, "body");
}

}  // namespace

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body) {
  auto boundary = Param(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 70) return Bad("缺少或不合法的 boundary");
  const std::string delimiter = "--" + *boundary;
  // The first delimiter: at the start or after a preamble line.
  size_t pos = body.substr(0, delimiter.size()) == delimiter ? 0 : body.find("\r\n" + delimiter);
  if (pos == std::string_view::npos) return Bad("找不到分隔行");
  if (pos != 0) pos += 2;
  std::vector<FormPart> parts;
  while (true) {
    pos += delimiter.size();
    if (body.substr(pos, 2) == "--") return parts;  // the closing delimiter
    const size_t line_end = body.find("\r\n", pos);
    if (line_end == std::string_view::npos) return Bad("分隔行后没有换行");
    pos = line_end + 2;
    const size_t headers_end = body.find("\r\n\r\n", pos - 2);
    if (headers_end == std::string_view::npos) return Bad("分段的头部没有结束");
    FormPart part;
    bool disposition = false;
    std::string_view headers = body.substr(pos, headers_end + 2 - pos);
    while (!headers.empty()) {
      const size_t eol = headers.find("\r\n");
      std::string_view line = headers.substr(0, eol);
      headers = eol == std::string_view::npos ? std::string_view() : headers.substr(eol + 2);
      if (line.empty()) continue;
      const size_t colon = line.find(':');
      if (colon == std::string_view::npos) return Bad("分段头部缺少冒号");
      const std::string name = Lower(Trim(line.substr(0, colon)));
      const std::string_view value = Trim(line.substr(colon + 1));
      if (name == "content-disposition") {
        if (Lower(value.substr(0, 9)) != "form-data") return Bad("Content-Disposition 应为 form-data");
        auto field = Param(value, "name");
        if (!field) return Bad("分段缺少 name");
        part.name = *field;
        if (auto f = Param(value, "filename")) part.filename = *f;
        disposition = true;
      } else if (name == "content-type") {
        part.content_type = std::string(value);
      }
    }
    if (!disposition) return Bad("分段缺少 Content-Disposition");
    pos = headers_end + 4;
    const size_t next = body.find("\r\n" + delimiter, pos);
    if (next == std::string_view::npos) return Bad("缺少结束分隔行");
    part.data = body.substr(pos, next - pos);
    parts.push_back(std::move(part));
    if (parts.size() > kMaxParts) return Bad("分段过多（上限 " + std::to_string(kMaxParts) + "）");
    pos = next + 2;
  }
}

}  // namespace jianfu::server
