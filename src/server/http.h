// Internal to jianfu::server: what a route handler sees (Call) and returns
// (Reply), the caller's Principal and Permissions, the route table, and the
// JSON error format {"error": {"code", "message", "field"}}.
#pragma once

#include <boost/beast/http.hpp>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "jianfu/accounts/accounts.h"
#include "jianfu/core/error.h"

namespace jianfu::server {

namespace http = boost::beast::http;
using Request = http::request<http::string_body>;

// What a caller may do. Routes name the one they need (or none: public).
// The next slice maps accounts, roles and unit subtrees onto these.
enum class Permission : uint8_t {
  kCheckDocuments,   // POST /api/v1/check
  kFileDemands,      // POST /api/v1/demands
  kReadRegistry,     // demands and findings
  kReadLedger,       // a unit's 台账
  kReadUnits,        // the organisation tree (pickers)
  kReadMetrics,      // GET /metrics
  kOwnSession,       // who am I, log out: any authenticated caller
  kProposeLists,     // POST /api/v1/lists/{list}: an office imports, a filer proposes
  kReadApprovals,    // approvals within the subtree
  kDecideApprovals,  // approve or reject, within the subtree
  kReadAudit,        // the audit log (it is not bounded to a subtree)
};
const char* PermissionName(Permission p);  // "demands.file", …

// Who is calling: anonymous; with `dev_open` a development administrator
// holding every permission; or a logged-in account, whose role gives the
// permissions and whose unit bounds what it sees and does (its subtree).
struct Principal {
  enum class Kind : uint8_t { kAnonymous, kDevAdmin, kAccount };
  Kind kind = Kind::kAnonymous;
  std::string name;  // the account
  accounts::Role role = accounts::Role::kAuditor;
  std::string unit;     // root of the subtree the account covers
  std::string session;  // hash of the session token
  std::string csrf;     // what X-CSRF-Token must carry on writes
  bool bearer = false;  // authenticated by an API token (no cookie, so no CSRF check)
  int64_t expires_at = 0;

  bool Has(Permission p) const;
  bool authenticated() const { return kind != Kind::kAnonymous; }
  // Not bounded to a subtree (admin, dev_open).
  bool everywhere() const {
    return kind == Kind::kDevAdmin || (kind == Kind::kAccount && role == accounts::Role::kAdmin);
  }
};

struct QueryParam {
  std::string name, value;
};

struct Call {
  const Request& request;
  std::string path;                           // decoded, without the query
  std::map<std::string, std::string> params;  // {name} segments, decoded
  std::vector<QueryParam> query;              // decoded, in order
  const Principal& principal;
  std::string remote;  // the client's address

  // The value of a query parameter, if given.
  const std::string* Query(std::string_view name) const;
};

struct Reply {
  http::status status = http::status::ok;
  std::string body;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<http::field, std::string>> headers;
};

// A JSON reply (UTF-8, invalid bytes replaced).
Reply JsonReply(http::status status, const nlohmann::json& body);
// {"error": {"code", "message", "field"?}}. `extra` members are added beside
// "error" (e.g. the findings of a refused filing).
Reply ErrorReply(http::status status, std::string_view code, std::string_view message,
                 std::string_view field = {}, nlohmann::json extra = nlohmann::json::object());
// An Error from the library: status chosen by the caller, code from
// ErrorCodeName, message and field kept.
Reply ErrorReply(http::status status, const Error& e);

// Percent-decoding of a path segment or query component ('+' is a space in
// queries only). nullopt for a bad escape or a decoded NUL.
std::optional<std::string> PercentDecode(std::string_view s, bool plus_is_space);

// Splits "a=1&b=2" (decoded). Parameters not in `allowed` and repeated ones
// are refused with a 400 naming the parameter.
std::optional<Reply> ParseQuery(std::string_view query, const std::vector<std::string_view>& allowed,
                                std::vector<QueryParam>& out);

// An integer query parameter within [min, max]; 400 naming it otherwise.
std::optional<Reply> IntQuery(const Call& call, std::string_view name, int64_t min, int64_t max,
                              std::optional<int64_t>& out);

// Whether the request's Content-Type is `type` (parameters such as charset
// ignored, case-insensitive).
bool HasContentType(const Request& request, std::string_view type);
// A 415 naming the types accepted.
Reply UnsupportedMediaType(std::string_view accepted);

using Handler = std::function<Reply(const Call&)>;
// Sends the reply of a deferred request; the server calls it at most once
// (later calls are ignored), from any thread.
using Respond = std::function<void(Reply)>;
// A handler whose reply may come later (a filing waiting for its group's
// commit): it reads what it needs of the Call before it returns (the Call
// does not outlive the call) and answers through Respond, then or later.
using DeferredHandler = std::function<void(const Call&, Respond)>;

struct Route {
  http::verb method = http::verb::get;
  std::string pattern;                   // "/api/v1/demands/{id}"
  std::optional<Permission> permission;  // nullopt: public
  std::vector<std::string_view> query;   // the query parameters it accepts
  Handler handler;                       // either this …
  DeferredHandler deferred = {};         // … or this
};

class Router {
 public:
  void Add(Route route);
  const std::vector<Route>& routes() const { return routes_; }

  struct Resolved {
    const Route* route = nullptr;  // null: no route; see `reply`
    std::map<std::string, std::string> params;
    std::string pattern;         // the matched pattern, for logs and metrics ("" if none)
    std::optional<Reply> reply;  // 400 (bad escape), 404, 405 with Allow
  };
  // Matches a decoded-at-segment-level path and a method.
  Resolved Resolve(http::verb method, std::string_view raw_path) const;

 private:
  std::vector<Route> routes_;
};

}  // namespace jianfu::server
