// Sessions and scopes: POST /api/v1/login, POST /api/v1/logout,
// GET /api/v1/me, the session cookie, and the subtree checks handlers use.
#include <boost/beast/core/string.hpp>
#include <ctime>

#include "api.h"
#include "jianfu/audit/audit.h"
#include "jianfu/units/scope.h"

namespace jianfu::server {

using nlohmann::json;
namespace beast = boost::beast;

namespace {

constexpr std::string_view kCookie = "jianfu_session";

int64_t Now() {
  return static_cast<int64_t>(std::time(nullptr));
}

// The value of the session cookie in a Cookie header, or "".
std::string_view SessionCookie(std::string_view header) {
  while (!header.empty()) {
    const size_t semi = header.find(';');
    std::string_view pair = header.substr(0, semi);
    header = semi == std::string_view::npos ? std::string_view() : header.substr(semi + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > kCookie.size() && pair.substr(0, kCookie.size()) == kCookie &&
        pair[kCookie.size()] == '=')
      return pair.substr(kCookie.size() + 1);
  }
  return {};
}

json PrincipalJson(const Principal& p) {
  if (p.kind == Principal::Kind::kDevAdmin) return {{"name", "dev"}, {"role", "admin"}, {"dev_open", true}};
  return {
      {"name", p.name}, {"role", accounts::RoleName(p.role)}, {"unit", p.unit}, {"expires_at", p.expires_at}};
}

}  // namespace

Principal Api::Authenticate(const Request& request) {
  Principal p;
  // An API token (Authorization: Bearer …) or else the session cookie; a
  // token of the other kind, expired or unknown, leaves the caller anonymous.
  const std::string_view authorization = request[http::field::authorization];
  const bool bearer = authorization.size() > 7 && beast::iequals(authorization.substr(0, 7), "Bearer ");
  const std::string_view token =
      bearer ? authorization.substr(7) : SessionCookie(request[http::field::cookie]);
  const auto kind = bearer ? store::SessionRecord::Kind::kApiToken : store::SessionRecord::Kind::kSession;
  if (!token.empty() && token.size() <= 128) {
    const std::string hash = accounts::TokenHash(token);
    WithReader([&](store::Store& store) {
      auto session = store.GetSession(hash);
      if (!session || !session->has_value() || (*session)->kind != kind || (*session)->expires_at <= Now())
        return Reply{};
      auto account = store.GetAccount((*session)->account);
      if (!account || !account->has_value()) return Reply{};
      const auto role = accounts::ParseRole((*account)->role);
      if (!role) return Reply{};
      p.kind = Principal::Kind::kAccount;
      p.name = (*account)->name;
      p.role = *role;
      p.unit = (*account)->unit;
      p.session = hash;
      p.csrf = (*session)->csrf;
      p.expires_at = (*session)->expires_at;
      p.bearer = bearer;
      return Reply{};
    });
  }
  if (!p.authenticated() && !bearer && config_.dev_open) p.kind = Principal::Kind::kDevAdmin;
  return p;
}

bool Api::InScope(const Principal& p, std::string_view unit) {
  if (p.everywhere()) return true;
  if (p.kind != Principal::Kind::kAccount) return false;
  std::shared_lock lock(registry_mu_);
  const auto& tree = services_.registry->tree();
  const auto u = tree.Find(unit), root = tree.Find(p.unit);
  return u && root && tree.IsUnder(*u, *root);
}

bool Api::CanSee(const Principal& p, const demand::Demand& d) {
  if (InScope(p, d.issuer)) return true;
  if (p.kind != Principal::Kind::kAccount) return false;
  std::shared_lock lock(registry_mu_);
  const auto& tree = services_.registry->tree();
  const auto mine = tree.Find(p.unit);
  if (!mine) return false;
  const units::Unit& me = tree.at(*mine);
  for (const auto& t : d.targets) {
    const auto root = tree.Find(t.unit);
    if (!root) continue;
    if (tree.IsUnder(*root, *mine)) return true;  // the scope lies inside my subtree
    if (!tree.IsUnder(*mine, *root)) continue;
    if (units::Covers(tree, t, *mine)) return true;  // it targets me
    // It targets levels below mine, within a subtree that holds mine.
    const units::LevelMask below = static_cast<units::LevelMask>(~((units::LevelBit(me.level) << 1) - 1));
    if (me.is_region() && (t.levels & below)) return true;
  }
  return false;
}

std::optional<Reply> Api::Throttled(const std::string& name, const std::string& address, int64_t now) {
  const int64_t window = int64_t{config_.login_window_minutes} * 60;
  std::lock_guard lock(login_mu_);
  for (const auto& key : {"name:" + name, "addr:" + address}) {
    auto it = login_failures_.find(key);
    if (it == login_failures_.end()) continue;
    if (now - it->second.second >= window) {
      login_failures_.erase(it);
    } else if (it->second.first >= config_.login_attempts) {
      Reply r =
          ErrorReply(http::status::too_many_requests, "too_many_attempts", "密码错误次数过多，请稍后再试");
      r.headers.emplace_back(http::field::retry_after, std::to_string(window - (now - it->second.second)));
      return r;
    }
  }
  return std::nullopt;
}

void Api::CountFailure(const std::string& name, const std::string& address, int64_t now) {
  const int64_t window = int64_t{config_.login_window_minutes} * 60;
  std::lock_guard lock(login_mu_);
  // Names sprayed by an attacker must not grow the table without bound.
  if (login_failures_.size() > 100'000)
    std::erase_if(login_failures_, [&](const auto& e) { return now - e.second.second >= window; });
  for (const auto& key : {"name:" + name, "addr:" + address}) {
    auto& [count, since] = login_failures_[key];
    if (count == 0) since = now;
    ++count;
  }
}

namespace {

// A JSON object body whose `keys` are all strings (login, password change),
// or the 4xx refusing it.
std::optional<Reply> ReadStrings(const Call& call, std::initializer_list<const char*> keys, json& out) {
  if (!HasContentType(call.request, "application/json")) return UnsupportedMediaType("application/json");
  out = json::parse(call.request.body(), nullptr, false);
  if (out.is_discarded())
    return ErrorReply(http::status::bad_request, "invalid_json", "请求体不是合法的 JSON");
  for (const char* key : keys)
    if (!out.is_object() || !out.contains(key) || !out[key].is_string())
      return ErrorReply(http::status::unprocessable_entity, "missing_field",
                        std::string("缺少字段 ") + key + "（字符串）", key);
  return std::nullopt;
}

}  // namespace

std::optional<Reply> Api::FindAccount(const std::string& name, std::optional<store::Account>& out) {
  std::optional<Reply> failed;
  WithReader([&](store::Store& store) {
    auto a = store.GetAccount(name);
    if (!a)
      failed = ErrorReply(http::status::internal_server_error, a.error());
    else
      out = std::move(*a);
    return Reply{};
  });
  return failed;
}

Reply Api::Login(const Call& call) {
  json j;
  if (auto bad = ReadStrings(call, {"name", "password"}, j)) return std::move(*bad);
  const std::string name = j["name"], password = j["password"];

  // Rate limit per name and per address, counted before the (slow) hash.
  const int64_t now = Now();
  if (auto limited = Throttled(name, call.remote, now)) return std::move(*limited);
  std::optional<store::Account> account;
  if (auto failed = FindAccount(name, account)) return std::move(*failed);
  const bool ok = account ? accounts::VerifyPassword(account->password_hash, password)
                          : (accounts::BurnPasswordTime(password), false);
  if (!ok) {
    CountFailure(name, call.remote, now);
    Reply failed_write;
    WithReader([&](store::Store& store) {
      auto e = audit::Entry("", audit::kLoginFailed, "account/" + name,
                            {{"address", call.remote}, {"known", account.has_value()}});
      if (auto s = store.AppendAudit(e); !s.ok())
        failed_write = ErrorReply(http::status::internal_server_error, s.error());
      return Reply{};
    });
    if (!failed_write.body.empty()) return failed_write;
    return ErrorReply(http::status::unauthorized, "invalid_credentials", "账号或密码错误");
  }
  {
    std::lock_guard lock(login_mu_);
    login_failures_.erase("name:" + name);
  }
  const std::string token = accounts::NewToken();
  store::SessionRecord session;
  session.token_hash = accounts::TokenHash(token);
  session.account = account->name;
  session.csrf = accounts::NewToken();
  session.created_at = now;
  session.expires_at = now + int64_t{config_.session_hours} * 3600;
  session.kind = store::SessionRecord::Kind::kSession;
  return WithReader([&](store::Store& store) {
    auto entry =
        audit::Entry(account->name, audit::kLogin, "account/" + account->name, {{"address", call.remote}});
    if (auto s = audit::Recorded(store, std::move(entry),
                                 [&](store::AuditEntry&) { return store.AddSession(session, now); });
        !s.ok())
      return ErrorReply(http::status::internal_server_error, s.error());
    Reply r = JsonReply(http::status::ok, {{"name", account->name},
                                           {"role", account->role},
                                           {"unit", account->unit},
                                           {"csrf_token", session.csrf},
                                           {"expires_at", session.expires_at}});
    r.headers.emplace_back(http::field::set_cookie, std::string(kCookie) + "=" + token +
                                                        "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
                                                        std::to_string(session.expires_at - now) +
                                                        (config_.cookie_secure ? "; Secure" : ""));
    return r;
  });
}

Reply Api::Logout(const Call& call) {
  if (call.principal.kind != Principal::Kind::kAccount || call.principal.bearer)
    return ErrorReply(http::status::bad_request, "no_session", "没有登录会话");
  return WithReader([&](store::Store& store) {
    auto entry = audit::Entry(call.principal.name, audit::kLogout, "account/" + call.principal.name,
                              {{"address", call.remote}});
    if (auto s =
            audit::Recorded(store, std::move(entry),
                            [&](store::AuditEntry&) { return store.DeleteSession(call.principal.session); });
        !s.ok())
      return ErrorReply(http::status::internal_server_error, s.error());
    Reply r = JsonReply(http::status::ok, {{"logged_out", true}});
    r.headers.emplace_back(http::field::set_cookie,
                           std::string(kCookie) + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    return r;
  });
}

// The caller's own password, from a login session (an API token cannot
// change it). The old password is checked like a login's, failures counted
// with the login's; the other sessions of the account end, this one stays.
Reply Api::ChangePassword(const Call& call) {
  if (call.principal.kind != Principal::Kind::kAccount || call.principal.bearer)
    return ErrorReply(http::status::bad_request, "no_session", "没有登录会话");
  json j;
  if (auto bad = ReadStrings(call, {"old_password", "new_password"}, j)) return std::move(*bad);
  const std::string& name = call.principal.name;
  const int64_t now = Now();
  if (auto limited = Throttled(name, call.remote, now)) return std::move(*limited);
  std::optional<store::Account> account;
  if (auto failed = FindAccount(name, account)) return std::move(*failed);
  if (!account) return ErrorReply(http::status::unauthorized, "unauthenticated", "账号已不存在");
  if (!accounts::VerifyPassword(account->password_hash, j["old_password"].get<std::string>())) {
    CountFailure(name, call.remote, now);
    return ErrorReply(http::status::forbidden, "wrong_password", "原密码错误", "old_password");
  }
  auto hash = accounts::HashPassword(j["new_password"].get<std::string>());
  if (!hash)
    return ErrorReply(http::status::unprocessable_entity, "invalid_field", hash.error().message,
                      "new_password");
  {
    std::lock_guard lock(login_mu_);
    login_failures_.erase("name:" + name);
  }
  return WithReader([&](store::Store& store) {
    auto entry = audit::Entry(name, audit::kUserPassword, "account/" + name,
                              {{"reset", false}, {"address", call.remote}});
    if (auto s = audit::Recorded(
            store, std::move(entry),
            [&](store::AuditEntry&) { return store.SetPassword(name, *hash, call.principal.session); });
        !s.ok())
      return ErrorReply(http::status::internal_server_error, s.error());
    return JsonReply(http::status::ok, {{"changed", true}});
  });
}

Reply Api::Me(const Call& call) {
  return JsonReply(http::status::ok, PrincipalJson(call.principal));
}

}  // namespace jianfu::server
