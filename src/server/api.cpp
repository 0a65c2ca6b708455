// The route table of the JSON API and the handlers on the in-memory state:
// health, metrics, OpenAPI, verification codes, unit search, the ledger.
#include "api.h"

#include <condition_variable>

#include "jianfu/codes/codes.h"
#include "jianfu/codes/json.h"
#include "jianfu/registry/json.h"

namespace jianfu::server {

using http::verb;
using nlohmann::json;

Api::Api(const Config& config, Services& services, Metrics& metrics,
         std::function<std::string()> render_metrics, std::function<void(std::function<void()>)> run_later)
    : config_(config),
      services_(services),
      metrics_(metrics),
      render_metrics_(std::move(render_metrics)),
      run_later_(std::move(run_later)) {
  if (!run_later_) run_later_ = [](std::function<void()> work) { work(); };
  if (services_.open_reader && config_.checkpoint.count() > 0)
    checkpointer_ = std::jthread([this](std::stop_token stop) { Checkpoints(stop); });
  if (services_.public_key) {
    verify_cache_.emplace(*services_.public_key, config_.verify_cache);
    key_fingerprint_ = codes::Fingerprint(*services_.public_key);
  }
}

void Api::AddRoutes(Router& router) {
  auto bind = [this](Reply (Api::*fn)(const Call&)) {
    return [this, fn](const Call& c) { return (this->*fn)(c); };
  };
  router.Add({verb::get, "/healthz", std::nullopt, {}, [](const Call&) {
                return JsonReply(http::status::ok, {{"status", "ok"}});
              }});
  router.Add({verb::get, "/metrics", Permission::kReadMetrics, {}, [this](const Call&) {
                Reply r;
                r.body = render_metrics_();
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                return r;
              }});
  router.Add({verb::get, "/api/v1/openapi.json", std::nullopt, {}, [](const Call&) {
                Reply r;
                r.body = std::string(kOpenApiJson);
                return r;
              }});
  router.Add({verb::post, "/api/v1/check", Permission::kCheckDocuments, {}, bind(&Api::Check)});
  router.Add({verb::post,
              "/api/v1/demands",
              Permission::kFileDemands,
              {"dry_run"},
              {},
              [this](const Call& c, Respond respond) { FileDemand(c, std::move(respond)); }});
  router.Add({verb::get,
              "/api/v1/demands",
              Permission::kReadRegistry,
              {"year", "issuer", "target", "kind", "after", "limit"},
              bind(&Api::ListDemands)});
  router.Add({verb::get, "/api/v1/demands/{id}", Permission::kReadRegistry, {}, bind(&Api::GetDemand)});
  router.Add({verb::get,
              "/api/v1/findings",
              Permission::kReadRegistry,
              {"year", "issuer", "target", "rule", "kind", "after", "limit"},
              bind(&Api::ListFindings)});
  router.Add({verb::get, "/api/v1/ledger/{unit}", Permission::kReadLedger, {"year"}, bind(&Api::Ledger)});
  router.Add({verb::get, "/api/v1/verify/{code}", std::nullopt, {"unit", "today"}, bind(&Api::Verify)});
  router.Add({verb::get, "/api/v1/units", Permission::kReadUnits, {"q", "limit"}, bind(&Api::Units)});
  router.Add({verb::post, "/api/v1/lists/{list}", Permission::kProposeLists, {}, bind(&Api::ImportList)});
  router.Add({verb::get,
              "/api/v1/approvals",
              Permission::kReadApprovals,
              {"status", "kind", "after", "limit"},
              bind(&Api::ListApprovals)});
  router.Add({verb::get, "/api/v1/approvals/{id}", Permission::kReadApprovals, {}, bind(&Api::GetApproval)});
  router.Add(
      {verb::post, "/api/v1/approvals/{id}", Permission::kDecideApprovals, {}, bind(&Api::DecideApproval)});
  router.Add({verb::get, "/api/v1/audit", Permission::kReadAudit, {"after", "limit"}, bind(&Api::ListAudit)});
  router.Add({verb::post, "/api/v1/login", std::nullopt, {}, bind(&Api::Login)});
  router.Add({verb::post, "/api/v1/logout", Permission::kOwnSession, {}, bind(&Api::Logout)});
  router.Add({verb::get, "/api/v1/me", Permission::kOwnSession, {}, bind(&Api::Me)});
  router.Add({verb::post, "/api/v1/me/password", Permission::kOwnSession, {}, bind(&Api::ChangePassword)});
}

Reply Api::WithReader(const std::function<Reply(store::Store&)>& fn) {
  if (!services_.open_reader) {
    std::unique_lock lock(registry_mu_);
    return fn(services_.registry->store());
  }
  std::unique_ptr<store::Store> reader;
  {
    std::lock_guard lock(pool_mu_);
    if (!readers_.empty()) {
      reader = std::move(readers_.back());
      readers_.pop_back();
    }
  }
  if (!reader) {
    auto opened = services_.open_reader();
    if (!opened) return ErrorReply(http::status::service_unavailable, opened.error());
    reader = std::move(*opened);
  }
  Reply reply = fn(*reader);
  std::lock_guard lock(pool_mu_);
  readers_.push_back(std::move(reader));
  return reply;
}

Reply Api::Verify(const Call& call) {
  if (!verify_cache_)
    return ErrorReply(http::status::service_unavailable, "no_public_key", "服务器没有配置验证码公钥");
  Date today = Date::Today();
  if (const std::string* t = call.Query("today")) {
    auto parsed = Date::Parse(*t, "today");
    if (!parsed)
      return ErrorReply(http::status::bad_request, "invalid_parameter", parsed.error().message, "today");
    today = *parsed;
  }
  const std::string& token = call.params.at("code");
  auto verified = verify_cache_->Verify(token);
  if (!verified)
    return JsonReply(
        http::status::ok,
        {{"genuine", false}, {"reason", verified.error().message}, {"reason_field", verified.error().field}});
  const codes::Verified& v = **verified;
  // Whether this registry holds the demand under this very code (a genuine
  // code whose filing is missing points at a database restored from backup
  // or at another registry sharing the key). Stored filings never change,
  // so once found it is remembered with the code.
  if (!v.confirmed) {
    const auto id = static_cast<int64_t>(v.claims.demand_id);
    Reply failed;
    WithReader([&](store::Store& store) {
      auto code = id > 0 ? store.GetCode(id) : Result<std::optional<std::string>>(std::nullopt);
      if (!code)
        failed = ErrorReply(http::status::internal_server_error, code.error());
      else if (code->has_value() && **code == token)
        (*verified)->confirmed = true;
      return Reply{};
    });
    if (!failed.body.empty()) return failed;
  }
  // The answer, written out in the order nlohmann::json gives its keys,
  // around the claims' JSON kept with the code.
  const std::string* unit = call.Query("unit");
  std::string body = R"({"claims":)" + v.claims_json;
  if (unit) body += std::string(R"(,"covered":)") + (codes::Covers(v.claims, *unit) ? "true" : "false");
  body += R"(,"genuine":true,"key_fingerprint":)" + json(key_fingerprint_).dump();
  body += std::string(R"(,"registered":)") + (v.confirmed ? "true" : "false");
  body += R"(,"today":")" + today.ToString() + '"';
  if (unit) body += R"(,"unit":)" + json(*unit).dump(-1, ' ', false, json::error_handler_t::replace);
  body +=
      std::string(R"(,"validity":")") + codes::ValidityName(codes::CheckValidity(v.claims, today)) + "\"}\n";
  Reply reply;
  reply.body = std::move(body);
  return reply;
}

void Api::Checkpoints(std::stop_token stop) {
  std::unique_ptr<store::Store> store;
  std::mutex mu;
  std::condition_variable_any wake;
  std::unique_lock lock(mu);
  for (;;) {
    wake.wait_for(lock, stop, config_.checkpoint, [] { return false; });
    if (stop.stop_requested()) return;
    if (!store) {
      auto opened = services_.open_reader();
      if (!opened) continue;  // tried again next time; meanwhile SQLite checkpoints in commits
      store = std::move(*opened);
    }
    // Best effort, like SQLite's own; a backend with nothing to do ends the
    // thread and its connection.
    if (auto done = store->Checkpoint(); done && !*done) return;
  }
}

Reply Api::Units(const Call& call) {
  const std::string* q = call.Query("q");
  if (!q || q->empty())
    return ErrorReply(http::status::bad_request, "missing_parameter", "缺少查询参数 q（单位名称或代码）",
                      "q");
  std::optional<int64_t> limit;
  if (auto bad = IntQuery(call, "limit", 1, 200, limit)) return std::move(*bad);
  std::shared_lock lock(registry_mu_);
  const auto& tree = services_.registry->tree();
  json out = {{"units", json::array()}};
  for (uint32_t u : units::Search(tree, *q, static_cast<size_t>(limit.value_or(20))))
    out["units"].push_back(registry::UnitToJson(tree, u));
  return JsonReply(http::status::ok, out);
}

Reply Api::Ledger(const Call& call) {
  std::optional<int64_t> year;
  if (auto bad = IntQuery(call, "year", 1900, 2199, year)) return std::move(*bad);
  if (!InScope(call.principal, call.params.at("unit")))
    return ErrorReply(http::status::forbidden, "out_of_scope", "只能查看本单位及下属单位的台账", "unit");
  // Other processes on the same database may have filed since (docs/server.md,
  // "Several processes"): their filings join the history first. Usually a
  // local check that finds nothing, but it may write the history, so the
  // lock is exclusive for it.
  {
    std::unique_lock refresh(registry_mu_);
    if (auto s = services_.registry->RefreshIfNotified(); !s.ok())
      return ErrorReply(http::status::internal_server_error, s.error());
  }
  std::shared_lock lock(registry_mu_);
  auto ledger = services_.registry->LedgerOf(call.params.at("unit"),
                                             static_cast<int>(year.value_or(Date::Today().year())));
  if (!ledger) {
    const auto status =
        ledger.error().code == ErrorCode::kNotFound ? http::status::not_found : http::status::bad_request;
    return ErrorReply(status, ledger.error());
  }
  return JsonReply(http::status::ok, registry::LedgerToJson(*ledger));
}

}  // namespace jianfu::server
