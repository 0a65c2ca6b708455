// Accounts over HTTP: login, the session cookie and its CSRF token, logout,
// expiry, rate limiting, and a role matrix proving each role is refused
// outside its permissions and its unit's subtree, including by guessing ids.
#include <set>
#include <vector>

#include "jianfu/accounts/accounts.h"
#include "jianfu/audit/audit.h"
#include "test_server.h"

namespace jianfu::server::testing {
namespace {

using nlohmann::json;

struct Session {
  std::string cookie;  // "jianfu_session=…"
  std::string csrf;
};

class AuthTest : public ServerTest {
 protected:
  void AddAccount(const std::string& name, const std::string& role, const std::string& unit) {
    auto a = accounts::NewAccount(name, "password-" + name, role, unit, registry_->tree(), 0);
    ASSERT_TRUE(a.ok()) << a.error().ToString();
    ASSERT_TRUE(registry_->store().AddAccount(*a).ok());
  }

  void StartClosed() {
    Config config = TestConfig();
    config.dev_open = false;
    config.login_attempts = 3;
    StartServer(config);
  }

  Session Login(Client& c, const std::string& name) {
    auto r = c.Post("/api/v1/login", json({{"name", name}, {"password", "password-" + name}}).dump());
    EXPECT_EQ(r.result(), http::status::ok) << r.body();
    const std::string set(r[http::field::set_cookie]);
    return {set.substr(0, set.find(';')), Json(r).value("csrf_token", "")};
  }

  static Response Get(Client& c, const Session& s, const std::string& target) {
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.set(http::field::cookie, s.cookie);
    return c.Send(std::move(req));
  }
  static Response Post(Client& c, const Session& s, const std::string& target, const std::string& body,
                       bool with_csrf = true) {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::cookie, "theme=dark; " + s.cookie);
    req.set(http::field::content_type, "application/json");
    if (with_csrf) req.set("X-CSRF-Token", s.csrf);
    req.body() = body;
    return c.Send(std::move(req));
  }

  static json Demand(const std::string& issuer, const std::string& target) {
    json d = Inspection();
    d["issuer"] = issuer;
    d["targets"] = {{{"unit", target}, {"levels", {"township"}}}};
    return d;
  }
};

TEST_F(AuthTest, LoginSetsAStrictHttpOnlyCookieAndLogoutEndsIt) {
  AddAccount("nyj", "filer", "yx-nyj");
  StartClosed();
  Client c(port());
  auto r = c.Post("/api/v1/login", R"({"name":"nyj","password":"password-nyj"})");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  const std::string cookie(r[http::field::set_cookie]);
  EXPECT_EQ(cookie.rfind("jianfu_session=", 0), 0u);
  for (const char* attr : {"; HttpOnly", "; SameSite=Strict", "; Path=/", "; Max-Age=43200"})
    EXPECT_NE(cookie.find(attr), std::string::npos) << cookie;
  EXPECT_EQ(Json(r)["role"], "filer");
  const Session s{cookie.substr(0, cookie.find(';')), Json(r)["csrf_token"]};

  r = Get(c, s, "/api/v1/me");
  ASSERT_EQ(r.result(), http::status::ok);
  EXPECT_EQ(Json(r)["name"], "nyj");
  EXPECT_EQ(Json(r)["unit"], "yx-nyj");

  EXPECT_EQ(Post(c, s, "/api/v1/logout", "{}", /*with_csrf=*/false).result(), http::status::forbidden);
  r = Post(c, s, "/api/v1/logout", "{}");
  EXPECT_EQ(r.result(), http::status::ok);
  EXPECT_NE(r[http::field::set_cookie].find("Max-Age=0"), std::string::npos);
  EXPECT_EQ(Get(c, s, "/api/v1/me").result(), http::status::unauthorized);
  // Only a hash of the token is stored.
  EXPECT_EQ(registry_->store().GetSession(s.cookie.substr(s.cookie.find('=') + 1)).value(), std::nullopt);
}

TEST_F(AuthTest, WrongPasswordsAreRefusedAlikeThenRateLimited) {
  AddAccount("nyj", "filer", "yx-nyj");
  StartClosed();
  Client c(port());
  auto r = c.Post("/api/v1/login", R"({"name":"nyj","password":"wrong-password"})");
  EXPECT_EQ(r.result(), http::status::unauthorized);
  const json wrong = Json(r);
  r = c.Post("/api/v1/login", R"({"name":"nobody","password":"wrong-password"})");
  EXPECT_EQ(r.result(), http::status::unauthorized);
  EXPECT_EQ(Json(r), wrong);  // the same answer: names cannot be enumerated
  EXPECT_EQ(c.Post("/api/v1/login", R"({"name":"nyj"})").result(), http::status::unprocessable_entity);
  EXPECT_EQ(c.Post("/api/v1/login", R"({"name":"nyj","password":"x")").result(), http::status::bad_request);
  // Third failure from this address, then 429 even with the right password.
  EXPECT_EQ(c.Post("/api/v1/login", R"({"name":"nyj","password":"wrong-again"})").result(),
            http::status::unauthorized);
  r = c.Post("/api/v1/login", R"({"name":"nyj","password":"password-nyj"})");
  EXPECT_EQ(r.result(), http::status::too_many_requests);
  EXPECT_FALSE(r[http::field::retry_after].empty());
}

TEST_F(AuthTest, ExpiredAndForgedSessionsAreAnonymous) {
  AddAccount("nyj", "filer", "yx-nyj");
  store::SessionRecord old;
  old.token_hash = accounts::TokenHash("old-token");
  old.account = "nyj";
  old.csrf = "c";
  old.created_at = 1;
  old.expires_at = 2;
  ASSERT_TRUE(registry_->store().AddSession(old, 0).ok());
  StartClosed();
  Client c(port());
  EXPECT_EQ(Get(c, {"jianfu_session=old-token", "c"}, "/api/v1/me").result(), http::status::unauthorized);
  EXPECT_EQ(Get(c, {"jianfu_session=" + accounts::NewToken(), "c"}, "/api/v1/me").result(),
            http::status::unauthorized);
}

TEST_F(AuthTest, ApiTokensAuthenticateIntegrationsWithoutCookies) {
  AddAccount("prom", "auditor", "43");
  AddAccount("nyj", "filer", "yx-nyj");
  auto add = [&](const std::string& account, store::SessionRecord::Kind kind, int64_t expires) {
    const std::string token = accounts::NewToken();
    store::SessionRecord r;
    r.token_hash = accounts::TokenHash(token);
    r.account = account;
    r.expires_at = expires;
    r.kind = kind;
    EXPECT_TRUE(registry_->store().AddSession(r, 0).ok());
    return token;
  };
  const int64_t later = 4'000'000'000;
  const std::string prom = add("prom", store::SessionRecord::Kind::kApiToken, later);
  const std::string filer = add("nyj", store::SessionRecord::Kind::kApiToken, later);
  const std::string cookie_only = add("prom", store::SessionRecord::Kind::kSession, later);
  const std::string expired = add("prom", store::SessionRecord::Kind::kApiToken, 1);
  StartClosed();
  Client c(port());
  auto get = [&](const std::string& token, const std::string& target) {
    http::request<http::string_body> req{http::verb::get, target, 11};
    req.set(http::field::authorization, "Bearer " + token);
    return c.Send(std::move(req));
  };
  EXPECT_EQ(get(prom, "/metrics").result(), http::status::ok);  // a Prometheus scraper
  EXPECT_EQ(get(cookie_only, "/metrics").result(), http::status::unauthorized);
  EXPECT_EQ(get(expired, "/metrics").result(), http::status::unauthorized);
  EXPECT_EQ(get("nonsense", "/metrics").result(), http::status::unauthorized);
  // A session cookie carrying an API token is not a session.
  EXPECT_EQ(Get(c, {"jianfu_session=" + prom, ""}, "/api/v1/me").result(), http::status::unauthorized);
  // Writes need no CSRF token with a bearer token, and stay within scope.
  http::request<http::string_body> req{http::verb::post, "/api/v1/demands", 11};
  req.set(http::field::authorization, "Bearer " + filer);
  req.set(http::field::content_type, "application/json");
  req.body() = Demand("yx-nyj", "433127").dump();
  EXPECT_EQ(c.Send(req).result(), http::status::created);
  req.body() = Demand("yx-zf", "433127").dump();
  EXPECT_EQ(c.Send(req).result(), http::status::forbidden);
}

// Each role, inside and outside its subtree. The fixture tree: 永顺县 433127
// with townships 433127101 (首车镇), 433127103; organs yx-nyj (农业农村局)
// under yx-zf (县政府); 吉首市 433101 is another county of the same city.
TEST_F(AuthTest, RoleMatrixRefusesEachRoleOutsideItsScope) {
  AddAccount("nyj", "filer", "yx-nyj");
  AddAccount("zf", "filer", "yx-zf");
  AddAccount("sc", "grassroots", "433127101");
  AddAccount("aud", "auditor", "433127");
  AddAccount("office", "office", "43");
  AddAccount("root", "admin", "43");
  StartClosed();
  Client c(port());
  const Session nyj = Login(c, "nyj"), zf = Login(c, "zf"), sc = Login(c, "sc"), aud = Login(c, "aud"),
                office = Login(c, "office"), root = Login(c, "root");

  // Filers file for their own organ and the organs under it, nothing else.
  EXPECT_EQ(Post(c, nyj, "/api/v1/demands", Demand("yx-nyj", "433127").dump()).result(),
            http::status::created);  // 1
  auto r = Post(c, nyj, "/api/v1/demands", Demand("yx-zf", "433127").dump());
  EXPECT_EQ(r.result(), http::status::forbidden);
  EXPECT_EQ(Json(r)["error"]["field"], "issuer");
  EXPECT_EQ(Post(c, zf, "/api/v1/demands", Demand("yx-nyj", "433101").dump()).result(),
            http::status::created);  // 2
  EXPECT_EQ(Post(c, nyj, "/api/v1/demands", Demand("yx-nyj", "433127").dump(), false).result(),
            http::status::forbidden);  // no CSRF token
  for (const Session* s : {&sc, &aud, &office})
    EXPECT_EQ(Post(c, *s, "/api/v1/demands", Demand("yx-nyj", "433127").dump()).result(),
              http::status::forbidden);
  EXPECT_EQ(Post(c, root, "/api/v1/demands", Demand("yx-zf", "433127").dump()).result(),
            http::status::created);  // 3
  json sibling = Demand("yx-zf", "433127103");  // 4: the other township alone
  sibling["title"] = "乡镇安全生产检查";
  EXPECT_EQ(Post(c, root, "/api/v1/demands", sibling.dump()).result(), http::status::created);
  json city = Demand("xz-zf", "433101");  // 5: the city's, to 吉首市's townships
  city["title"] = "州级安全生产检查";
  EXPECT_EQ(Post(c, root, "/api/v1/demands", city.dump()).result(), http::status::created);

  // Guessing ids: the township sees what reaches it (1 and 3, to 433127's
  // townships), not 2 (to 吉首市); the answer for 2 is the same as for 99.
  const json missing = Json(Get(c, sc, "/api/v1/demands/99"));
  EXPECT_EQ(Get(c, sc, "/api/v1/demands/1").result(), http::status::ok);
  EXPECT_EQ(Get(c, sc, "/api/v1/demands/3").result(), http::status::ok);
  r = Get(c, sc, "/api/v1/demands/2");
  EXPECT_EQ(r.result(), http::status::not_found);
  EXPECT_EQ(Json(r)["error"]["code"], missing["error"]["code"]);
  // The filer nyj sees its own filing, not the county government's own (3).
  EXPECT_EQ(Get(c, nyj, "/api/v1/demands/1").result(), http::status::ok);
  EXPECT_EQ(Get(c, nyj, "/api/v1/demands/3").result(), http::status::not_found);
  // The county auditor sees all three issuers' filings under 永顺县.
  for (int id : {1, 2, 3, 4})
    EXPECT_EQ(Get(c, aud, "/api/v1/demands/" + std::to_string(id)).result(), http::status::ok);

  // Lists hold exactly what each may see, page by page.
  auto ids = [&](const Session& s, const std::string& query) {
    std::vector<int64_t> out;
    std::string after = "0";
    for (int pages = 0; pages < 10; ++pages) {
      auto page = Get(c, s, "/api/v1/demands?limit=1&after=" + after + query);
      EXPECT_EQ(page.result(), http::status::ok) << page.body();
      const json body = Json(page);
      for (const auto& d : body["demands"]) out.push_back(d["id"].get<int64_t>());
      if (!body.contains("next_after")) break;
      after = std::to_string(body["next_after"].get<int64_t>());
    }
    return out;
  };
  using Ids = std::vector<int64_t>;
  // The township lists what reaches it, across the rows it may not see (2, 4, 5).
  EXPECT_EQ(ids(sc, ""), (Ids{1, 3}));
  EXPECT_EQ(ids(sc, "&target=433127101"), (Ids{1, 3}));
  r = Get(c, sc, "/api/v1/demands?target=433127103");
  EXPECT_EQ(r.result(), http::status::forbidden);
  EXPECT_EQ(Json(r)["error"]["field"], "target");
  EXPECT_EQ(Get(c, sc, "/api/v1/demands?issuer=yx-nyj").result(), http::status::forbidden);
  // The county's auditor and the province's office list their regions without naming issuers.
  EXPECT_EQ(ids(aud, ""), (Ids{1, 2, 3, 4}));
  EXPECT_EQ(ids(aud, "&target=433127103"), (Ids{1, 3, 4}));
  EXPECT_EQ(ids(aud, "&issuer=yx-nyj"), (Ids{1, 2}));
  EXPECT_EQ(ids(aud, "&issuer=yx-nyj&target=433127101"), (Ids{1}));
  EXPECT_EQ(Get(c, aud, "/api/v1/demands?issuer=xz-zf").result(), http::status::forbidden);
  EXPECT_EQ(ids(office, ""), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(ids(office, "&target=433101"), (Ids{2, 5}));
  // A filer: what it filed; the county government's filings to townships do not reach it.
  EXPECT_EQ(ids(nyj, ""), (Ids{1, 2}));
  EXPECT_EQ(Get(c, nyj, "/api/v1/findings?issuer=yx-zf").result(), http::status::forbidden);
  EXPECT_EQ(ids(root, ""), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(Get(c, root, "/api/v1/demands?target=000000").result(), http::status::not_found);
  // Findings follow their demands.
  r = Get(c, sc, "/api/v1/findings?limit=1000");
  ASSERT_EQ(r.result(), http::status::ok);
  std::set<int64_t> seen;
  const json findings = Json(r);
  for (const auto& f : findings["findings"]) seen.insert(f["demand"].get<int64_t>());
  EXPECT_EQ(seen, (std::set<int64_t>{1, 3}));  // INS-02 on each: not in the annual plan

  // Ledgers: one's own subtree only.
  EXPECT_EQ(Get(c, sc, "/api/v1/ledger/433127101?year=2026").result(), http::status::ok);
  r = Get(c, sc, "/api/v1/ledger/433127103?year=2026");
  EXPECT_EQ(r.result(), http::status::forbidden);
  EXPECT_EQ(Json(r)["error"]["field"], "unit");
  EXPECT_EQ(Get(c, aud, "/api/v1/ledger/433127103?year=2026").result(), http::status::ok);
  EXPECT_EQ(Get(c, aud, "/api/v1/ledger/433101?year=2026").result(), http::status::forbidden);

  // Metrics and checks by role.
  EXPECT_EQ(Get(c, office, "/metrics").result(), http::status::ok);
  EXPECT_EQ(Get(c, nyj, "/metrics").result(), http::status::forbidden);
  EXPECT_EQ(Post(c, aud, "/api/v1/check", R"({"text":"各村要每天拍照上传。"})").result(),
            http::status::forbidden);
  EXPECT_EQ(Post(c, sc, "/api/v1/check", R"({"text":"各村要每天拍照上传。"})").result(), http::status::ok);
  EXPECT_EQ(registry_->store().ListFilings({}, {}).value().size(), 5u);
}

// Changing one's own password: the old one is checked (failures counted
// with failed logins), the new one obeys the rules of `users add`, and the
// account's other sessions end while this one stays.
TEST_F(AuthTest, ChangingThePasswordEndsTheOtherSessions) {
  AddAccount("sc", "grassroots", "433127101");
  StartClosed();  // three failures per name and per address
  Client c(port());
  const Session here = Login(c, "sc"), there = Login(c, "sc");
  auto change = [&](const std::string& old_password, const std::string& new_password, bool csrf = true) {
    return Post(c, here, "/api/v1/me/password",
                json({{"old_password", old_password}, {"new_password", new_password}}).dump(), csrf);
  };
  auto r = change("wrong-password", "新的密码-2026");  // failure 1
  EXPECT_EQ(r.result(), http::status::forbidden);
  EXPECT_EQ(Json(r)["error"]["code"], "wrong_password");
  EXPECT_EQ(Json(r)["error"]["field"], "old_password");
  r = change("password-sc", "short");
  EXPECT_EQ(r.result(), http::status::unprocessable_entity);
  EXPECT_EQ(Json(r)["error"]["field"], "new_password");
  EXPECT_EQ(Post(c, here, "/api/v1/me/password", R"({"old_password":"password-sc"})").result(),
            http::status::unprocessable_entity);
  EXPECT_EQ(change("password-sc", "新的密码-2026", /*csrf=*/false).result(), http::status::forbidden);
  r = change("password-sc", "新的密码-2026");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_EQ(Get(c, here, "/api/v1/me").result(), http::status::ok);
  EXPECT_EQ(Get(c, there, "/api/v1/me").result(), http::status::unauthorized);
  EXPECT_EQ(c.Post("/api/v1/login", R"({"name":"sc","password":"password-sc"})").result(),
            http::status::unauthorized);  // failure 2 from this address
  EXPECT_EQ(c.Post("/api/v1/login", R"({"name":"sc","password":"新的密码-2026"})").result(),
            http::status::ok);
  // Guessing the old password is limited like logging in.
  EXPECT_EQ(change("guess-one", "另一个密码-2026").result(), http::status::forbidden);  // failure 3
  r = change("新的密码-2026", "另一个密码-2026");
  EXPECT_EQ(r.result(), http::status::too_many_requests);
  EXPECT_FALSE(r[http::field::retry_after].empty());
  bool recorded = false;
  ASSERT_TRUE(registry_->store()
                  .ForEachAudit(0,
                                [&](const store::AuditEntry& e) {
                                  recorded = recorded || (e.action == "user.password" && e.actor == "sc");
                                  return true;
                                })
                  .ok());
  EXPECT_TRUE(recorded);
}

// A removed account's sessions and a revoked token stop working with the
// next request: nothing is cached between requests.
TEST_F(AuthTest, RemovedAccountsAndRevokedTokensStopAtOnce) {
  AddAccount("sc", "grassroots", "433127101");
  AddAccount("prom", "auditor", "43");
  const std::string token = accounts::NewToken();
  store::SessionRecord api;
  api.token_hash = accounts::TokenHash(token);
  api.account = "prom";
  api.expires_at = 4'000'000'000;
  api.kind = store::SessionRecord::Kind::kApiToken;
  ASSERT_TRUE(registry_->store().AddSession(api, 0).ok());
  StartClosed();
  Client c(port());
  const Session sc = Login(c, "sc");
  auto bearer = [&] {
    http::request<http::string_body> req{http::verb::get, "/metrics", 11};
    req.set(http::field::authorization, "Bearer " + token);
    return c.Send(std::move(req)).result();
  };
  EXPECT_EQ(bearer(), http::status::ok);
  // A token cannot change the password: it is no login session.
  http::request<http::string_body> req{http::verb::post, "/api/v1/me/password", 11};
  req.set(http::field::authorization, "Bearer " + token);
  req.set(http::field::content_type, "application/json");
  req.body() = R"({"old_password":"password-prom","new_password":"another-password"})";
  EXPECT_EQ(c.Send(req).result(), http::status::bad_request);
  ASSERT_TRUE(registry_->store().DeleteSession(api.token_hash).ok());
  EXPECT_EQ(bearer(), http::status::unauthorized);

  EXPECT_EQ(Get(c, sc, "/api/v1/demands").result(), http::status::ok);
  ASSERT_TRUE(registry_->store().RemoveAccount("sc").ok());
  EXPECT_EQ(Get(c, sc, "/api/v1/demands").result(), http::status::unauthorized);
  EXPECT_EQ(c.Post("/api/v1/login", R"({"name":"sc","password":"password-sc"})").result(),
            http::status::unauthorized);
}

// The office of a region approves what its units propose, each decision a
// recorded act; everything written is in the audit log, which verifies.
TEST_F(AuthTest, TheOfficeDecidesProposalsWithinItsRegionAndEveryWriteIsAudited) {
  AddAccount("nyj", "filer", "yx-nyj");
  AddAccount("sc", "grassroots", "433127101");
  AddAccount("aud", "auditor", "433127");
  AddAccount("js", "office", "433101");  // 吉首市's office: another county
  AddAccount("office", "office", "433127");
  AddAccount("root", "admin", "43");
  StartClosed();
  Client c(port());
  const Session nyj = Login(c, "nyj"), sc = Login(c, "sc"), aud = Login(c, "aud"), js = Login(c, "js"),
                office = Login(c, "office"), root = Login(c, "root");
  const json plan = {
      {"items", {{{"id", "P-9"}, {"unit", "yx-nyj"}, {"name", "农业安全生产检查"}, {"year", 2026}}}}};
  json planned = Demand("yx-nyj", "433127");
  planned["plan_item"] = "P-9";
  auto has_ins02 = [&] {
    auto r = Post(c, nyj, "/api/v1/demands?dry_run=true", planned.dump());
    EXPECT_EQ(r.result(), http::status::ok) << r.body();
    const json body = Json(r);
    for (const auto& f : body["findings"])
      if (f["rule"] == "INS-02") return true;
    return false;
  };
  EXPECT_TRUE(has_ins02());

  // A filer proposes; the item waits for the office.
  auto r = Post(c, nyj, "/api/v1/lists/plan", plan.dump());
  ASSERT_EQ(r.result(), http::status::accepted) << r.body();
  const json proposed = Json(r)["approvals"][0];
  EXPECT_EQ(proposed["status"], "pending");
  EXPECT_EQ(proposed["kind"], "plan");
  EXPECT_EQ(proposed["requested_by"], "nyj");
  const std::string at = "/api/v1/approvals/" + std::to_string(proposed["id"].get<int64_t>());
  EXPECT_TRUE(has_ins02());  // not in force until approved
  json other = plan;
  other["items"][0]["unit"] = "yx-zf";
  r = Post(c, nyj, "/api/v1/lists/plan", other.dump());
  EXPECT_EQ(r.result(), http::status::forbidden);
  EXPECT_EQ(Json(r)["error"]["field"], "items[0].unit");
  other["items"][0]["year"] = "明年";
  EXPECT_EQ(Json(Post(c, office, "/api/v1/lists/plan", other.dump()))["error"]["field"], "items[0].year");
  EXPECT_EQ(Post(c, sc, "/api/v1/lists/plan", plan.dump()).result(), http::status::forbidden);
  EXPECT_EQ(Post(c, nyj, "/api/v1/lists/rota", plan.dump()).result(), http::status::not_found);

  // Who sees it and who decides it.
  EXPECT_EQ(Get(c, aud, at).result(), http::status::ok);
  EXPECT_EQ(Json(Get(c, aud, "/api/v1/approvals?status=pending"))["approvals"].size(), 1u);
  EXPECT_EQ(Get(c, js, at).result(), http::status::not_found);  // outside 吉首市
  EXPECT_TRUE(Json(Get(c, js, "/api/v1/approvals"))["approvals"].empty());
  EXPECT_EQ(Get(c, sc, at).result(), http::status::forbidden);
  const std::string approve = R"({"decision":"approved","note":"列入年度督查检查计划"})";
  EXPECT_EQ(Post(c, aud, at, approve).result(), http::status::forbidden);
  EXPECT_EQ(Post(c, nyj, at, approve).result(), http::status::forbidden);
  EXPECT_EQ(Post(c, js, at, approve).result(), http::status::not_found);
  EXPECT_EQ(Post(c, office, at, R"({"decision":"rejected"})").result(), http::status::unprocessable_entity);
  EXPECT_EQ(Post(c, office, at, R"({"decision":"maybe"})").result(), http::status::unprocessable_entity);
  r = Post(c, office, at, approve);
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_EQ(Json(r)["status"], "approved");
  EXPECT_EQ(Json(r)["decided_by"], "office");
  EXPECT_GT(Json(r)["decided_at"].get<int64_t>(), 0);
  EXPECT_FALSE(has_ins02());  // in force at once
  r = Post(c, root, at, R"({"decision":"rejected","note":"重复"})");
  EXPECT_EQ(r.result(), http::status::conflict);

  // An exception claimed by a justification waits for the office too.
  json app = {{"kind", "app"},
              {"issuer", "yx-nyj"},
              {"title", "森林防火值守打卡"},
              {"date", "2026-05-11"},
              {"app_type", "app"},
              {"audience", "grassroots"},
              {"features", {"checkin"}},
              {"filing_no", "湘政备-1"},
              {"justification", "森林防火应急值守，需打卡"},
              {"targets", {{{"unit", "433127"}, {"levels", {"township"}}}}}};
  r = Post(c, nyj, "/api/v1/demands", app.dump());
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  const auto exceptions = Json(Get(c, office, "/api/v1/approvals?kind=exception"))["approvals"];
  ASSERT_EQ(exceptions.size(), 1u);
  EXPECT_EQ(exceptions[0]["subject"], std::to_string(Json(r)["id"].get<int64_t>()));
  EXPECT_EQ(exceptions[0]["unit"], "yx-nyj");

  // The audit log: administrators only, and intact.
  EXPECT_EQ(Get(c, aud, "/api/v1/audit").result(), http::status::forbidden);
  r = Get(c, root, "/api/v1/audit?limit=1000");
  ASSERT_EQ(r.result(), http::status::ok);
  std::multiset<std::string> actions;
  const json log = Json(r);
  for (const auto& e : log["entries"])
    actions.insert(e["actor"].get<std::string>() + " " + e["action"].get<std::string>());
  for (const char* expected :
       {"nyj login", "office login", "nyj approval.request", "office approval.decide", "nyj demand.file"})
    EXPECT_EQ(actions.count(expected), 1u) << expected;
  auto verified = audit::Verify(registry_->store());
  ASSERT_TRUE(verified.ok());
  EXPECT_TRUE(verified->ok());
  EXPECT_EQ(verified->entries, static_cast<int64_t>(Json(r)["entries"].size()));
}

}  // namespace
}  // namespace jianfu::server::testing
