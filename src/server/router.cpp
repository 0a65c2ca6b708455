// The route table, query parsing and the JSON error format (http.h).
#include <cctype>
#include <charconv>

#include "http.h"

namespace jianfu::server {

const char* PermissionName(Permission p) {
  switch (p) {
    case Permission::kCheckDocuments:
      return "documents.check";
    case Permission::kFileDemands:
      return "demands.file";
    case Permission::kReadRegistry:
      return "registry.read";
    case Permission::kReadLedger:
      return "ledger.read";
    case Permission::kReadUnits:
      return "units.read";
    case Permission::kReadMetrics:
      return "metrics.read";
    case Permission::kOwnSession:
      return "session";
    case Permission::kProposeLists:
      return "lists.propose";
    case Permission::kReadApprovals:
      return "approvals.read";
    case Permission::kDecideApprovals:
      return "approvals.decide";
    case Permission::kReadAudit:
      return "audit.read";
  }
  return "";
}

bool Principal::Has(Permission p) const {
  using accounts::Role;
  if (kind == Kind::kDevAdmin) return true;
  if (kind != Kind::kAccount) return false;
  switch (p) {
    case Permission::kOwnSession:
    case Permission::kReadRegistry:
    case Permission::kReadLedger:
    case Permission::kReadUnits:
      return true;
    case Permission::kCheckDocuments:
      return role != Role::kAuditor;
    case Permission::kFileDemands:
      return role == Role::kFiler || role == Role::kAdmin;
    case Permission::kReadMetrics:
      return role == Role::kOffice || role == Role::kAuditor || role == Role::kAdmin;
    case Permission::kProposeLists:
      return role == Role::kFiler || role == Role::kOffice || role == Role::kAdmin;
    case Permission::kReadApprovals:
      return role != Role::kGrassroots;
    case Permission::kDecideApprovals:
      return role == Role::kOffice || role == Role::kAdmin;
    case Permission::kReadAudit:
      return role == Role::kAdmin;
  }
  return false;
}

const std::string* Call::Query(std::string_view name) const {
  for (const auto& q : query)
    if (q.name == name) return &q.value;
  return nullptr;
}

Reply JsonReply(http::status status, const nlohmann::json& body) {
  Reply r;
  r.status = status;
  r.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  r.body += '\n';
  return r;
}

Reply ErrorReply(http::status status, std::string_view code, std::string_view message, std::string_view field,
                 nlohmann::json extra) {
  nlohmann::json error = {{"code", code}, {"message", message}};
  if (!field.empty()) error["field"] = field;
  extra["error"] = std::move(error);
  return JsonReply(status, extra);
}

Reply ErrorReply(http::status status, const Error& e) {
  return ErrorReply(status, ErrorCodeName(e.code), e.message, e.field);
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    const size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) return out;
    start = end + 1;
  }
}

}  // namespace

std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '%') {
      if (i + 2 >= s.size()) return std::nullopt;
      const int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi < 0 || lo < 0) return std::nullopt;
      c = static_cast<char>(hi * 16 + lo);
      if (c == '\0') return std::nullopt;
      i += 2;
    } else if (c == '+' && plus_is_space) {
      c = ' ';
    }
    out += c;
  }
  return out;
}

std::optional<Reply> ParseQuery(std::string_view query, const std::vector<std::string_view>& allowed,
                                std::vector<QueryParam>& out) {
  if (query.empty()) return std::nullopt;
  for (std::string_view part : Split(query, '&')) {
    if (part.empty()) continue;
    const size_t eq = part.find('=');
    auto name = PercentDecode(part.substr(0, eq), true);
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1), true);
    if (!name || !value)
      return ErrorReply(http::status::bad_request, "bad_query", "查询参数的百分号编码有误",
                        name ? *name : "");
    bool known = false;
    for (auto a : allowed) known = known || a == *name;
    if (!known)
      return ErrorReply(http::status::bad_request, "unknown_parameter", "不认识的查询参数“" + *name + "”",
                        *name);
    for (const auto& q : out)
      if (q.name == *name)
        return ErrorReply(http::status::bad_request, "repeated_parameter", "查询参数重复", *name);
    out.push_back({std::move(*name), std::move(*value)});
  }
  return std::nullopt;
}

std::optional<Reply> IntQuery(const Call& call, std::string_view name, int64_t min, int64_t max,
                              std::optional<int64_t>& out) {
  const std::string* v = call.Query(name);
  if (!v) return std::nullopt;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (v->empty() || ec != std::errc() || end != v->data() + v->size() || n < min || n > max)
    return ErrorReply(http::status::bad_request, "invalid_parameter",
                      "查询参数应为 " + std::to_string(min) + "—" + std::to_string(max) + " 的整数", name);
  out = n;
  return std::nullopt;
}

bool HasContentType(const Request& request, std::string_view type) {
  std::string_view value = request[http::field::content_type];
  value = value.substr(0, value.find(';'));
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  if (value.size() != type.size()) return false;
  for (size_t i = 0; i < value.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(value[i])) != type[i]) return false;
  return true;
}

Reply UnsupportedMediaType(std::string_view accepted) {
  return ErrorReply(http::status::unsupported_media_type, "unsupported_media_type",
                    "不支持的请求体类型（Content-Type 应为 " + std::string(accepted) + "）", "Content-Type");
}

void Router::Add(Route route) {
  routes_.push_back(std::move(route));
}

Router::Resolved Router::Resolve(http::verb method, std::string_view raw_path) const {
  Resolved out;
  const auto segments = Split(raw_path, '/');
  std::string allow;
  for (const auto& route : routes_) {
    const auto pattern = Split(route.pattern, '/');
    if (pattern.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool match = true;
    for (size_t i = 0; i < pattern.size() && match; ++i) {
      const auto p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        auto decoded = PercentDecode(segments[i], false);
        if (!decoded) {
          out.pattern = route.pattern;
          out.reply = ErrorReply(http::status::bad_request, "bad_path", "路径的百分号编码有误");
          return out;
        }
        if (decoded->empty()) match = false;
        params[std::string(p.substr(1, p.size() - 2))] = std::move(*decoded);
      } else if (p != segments[i]) {
        match = false;
      }
    }
    if (!match) continue;
    out.pattern = route.pattern;
    // HEAD is GET without the body (RFC 9110 9.3.2); the session drops it.
    if (route.method == method || (method == http::verb::head && route.method == http::verb::get)) {
      out.route = &route;
      out.params = std::move(params);
      return out;
    }
    if (allow.find(std::string(http::to_string(route.method))) == std::string::npos)
      allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(route.method));
  }
  if (!allow.empty()) {
    if (allow.find("GET") != std::string::npos) allow += ", HEAD";
    out.reply =
        ErrorReply(http::status::method_not_allowed, "method_not_allowed",
                   "此地址不支持 " + std::string(http::to_string(method)) + " 方法（可用：" + allow + "）");
    out.reply->headers.emplace_back(http::field::allow, allow);
    return out;
  }
  out.pattern.clear();
  out.reply = ErrorReply(http::status::not_found, "not_found", "没有这个地址");
  return out;
}

}  // namespace jianfu::server
