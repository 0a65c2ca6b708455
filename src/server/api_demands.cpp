// Filing demands and reading stored filings and findings:
// POST /api/v1/demands, GET /api/v1/demands[/{id}], GET /api/v1/findings.
#include <algorithm>
#include <charconv>
#include <iterator>
#include <utility>

#include "api.h"
#include "jianfu/demand/demand.h"
#include "jianfu/registry/json.h"

namespace jianfu::server {

using nlohmann::json;

namespace {

std::optional<Reply> ReadKind(const Call& call, std::optional<demand::Kind>& out) {
  const std::string* k = call.Query("kind");
  if (!k) return std::nullopt;
  out = demand::ParseKind(*k);
  if (!out)
    return ErrorReply(
        http::status::bad_request, "invalid_parameter",
        "未知的事项类型“" + *k + "”（document meeting inspection data_request secondment app task activity）",
        "kind");
  return std::nullopt;
}

std::optional<Reply> ReadYear(const Call& call, std::optional<int>& out) {
  std::optional<int64_t> year;
  if (auto bad = IntQuery(call, "year", 1900, 2199, year)) return bad;
  if (year) out = static_cast<int>(*year);
  return std::nullopt;
}

}  // namespace

std::optional<Reply> ReadPage(const Call& call, store::Page& page) {
  std::optional<int64_t> after, limit;
  if (auto bad = IntQuery(call, "after", 0, INT64_MAX, after)) return bad;
  if (auto bad = IntQuery(call, "limit", 1, 1000, limit)) return bad;
  page.after = after.value_or(0);
  page.limit = static_cast<size_t>(limit.value_or(100));
  return std::nullopt;
}

namespace {

// Reads a filing request: its dry_run flag and the demand, or the reply
// refusing it.
std::optional<Reply> ReadFiling(const Call& call, bool& dry_run, demand::Demand& out) {
  if (!HasContentType(call.request, "application/json")) return UnsupportedMediaType("application/json");
  if (const std::string* d = call.Query("dry_run")) {
    if (*d != "true" && *d != "false")
      return ErrorReply(http::status::bad_request, "invalid_parameter", "dry_run 应为 true 或 false",
                        "dry_run");
    dry_run = *d == "true";
  }
  const std::string& body = call.request.body();
  if (body.size() > demand::kMaxJsonBytes)
    return ErrorReply(http::status::payload_too_large, "too_large",
                      "事项 JSON 过大（上限 " + std::to_string(demand::kMaxJsonBytes >> 20) + " MB）");
  json j;
  try {
    j = json::parse(body);
  } catch (const json::parse_error& e) {
    return ErrorReply(http::status::bad_request, "invalid_json",
                      "请求体不是合法的 JSON（第 " + std::to_string(e.byte) + " 字节附近）");
  }
  auto parsed = demand::DemandFromJson(j);
  if (!parsed)
    return ErrorReply(http::status::unprocessable_entity, "invalid_demand", parsed.error().message,
                      parsed.error().field);
  out = std::move(*parsed);
  return std::nullopt;
}

}  // namespace

Reply Api::FilingReply(const Result<registry::FilingResult>& result, bool dry_run) {
  if (!result) {
    const Error& e = result.error();
    if (e.code == ErrorCode::kNotFound || e.code == ErrorCode::kInvalidArgument)
      return ErrorReply(http::status::unprocessable_entity, "invalid_demand", e.message, e.field);
    return ErrorReply(http::status::internal_server_error, e);
  }
  for (const auto& f : result->filing.findings)
    metrics_.CountFinding(dry_run ? "dry_run" : "filing", f.rule, rules::SeverityName(f.severity));
  json out = registry::FilingResultToJson(*result);
  if (!result->accepted) {
    size_t blocks = 0;
    for (const auto& f : result->filing.findings)
      if (f.severity == rules::Severity::kBlock && !f.justified) ++blocks;
    return ErrorReply(http::status::unprocessable_entity, "refused",
                      "事项被 " + std::to_string(blocks) + " 条 block 规则拒绝，未登记（见 findings）", {},
                      std::move(out));
  }
  if (dry_run) return JsonReply(http::status::ok, out);
  Reply reply = JsonReply(http::status::created, out);
  reply.headers.emplace_back(http::field::location,
                             "/api/v1/demands/" + std::to_string(result->filing.demand.id));
  return reply;
}

void Api::FileDemand(const Call& call, Respond respond) {
  bool dry_run = false;
  demand::Demand d;
  if (auto bad = ReadFiling(call, dry_run, d)) return respond(std::move(*bad));
  if (!InScope(call.principal, d.issuer))
    return respond(ErrorReply(http::status::forbidden, "out_of_scope",
                              "只能以本单位（或下属单位）名义登记事项", "issuer"));
  if (dry_run) {
    Result<registry::FilingResult> result = [&] {
      std::unique_lock lock(registry_mu_);
      return services_.registry->File(std::move(d), false, call.principal.name);
    }();
    return respond(FilingReply(result, true));
  }
  bool start = false;
  {
    std::lock_guard lock(filing_mu_);
    filing_queue_.push_back({{std::move(d), call.principal.name}, std::move(respond)});
    start = !std::exchange(draining_, true);
  }
  if (start) run_later_([this] { DrainFilings(); });
}

void Api::DrainFilings() {
  for (;;) {
    std::vector<QueuedFiling> group;
    {
      std::lock_guard lock(filing_mu_);
      if (filing_queue_.empty()) {
        draining_ = false;
        return;
      }
      const auto end =
          filing_queue_.begin() + static_cast<std::ptrdiff_t>(std::min(filing_queue_.size(), kMaxGroup));
      group.assign(std::make_move_iterator(filing_queue_.begin()), std::make_move_iterator(end));
      filing_queue_.erase(filing_queue_.begin(), end);
    }
    metrics_.CountGroup(group.size());
    std::vector<registry::Registry::Queued> filings;
    for (auto& q : group) filings.push_back(std::move(q.filing));
    std::vector<Result<registry::FilingResult>> results;
    try {
      std::unique_lock lock(registry_mu_);
      results = services_.registry->FileGroup(std::move(filings));
    } catch (const std::exception&) {
      results.clear();  // each is answered 500 below; the group was undone
    }
    for (size_t i = 0; i < group.size(); ++i)
      group[i].respond(i < results.size()
                           ? FilingReply(results[i], false)
                           : ErrorReply(http::status::internal_server_error, "internal", "服务器内部错误"));
  }
}

std::optional<int64_t> PathId(const Call& call) {
  const std::string& text = call.params.at("id");
  int64_t id = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Reply Api::GetDemand(const Call& call) {
  const auto parsed = PathId(call);
  if (!parsed) return ErrorReply(http::status::bad_request, "invalid_parameter", "事项编号应为正整数", "id");
  const int64_t id = *parsed;
  std::optional<store::Filing> filing;
  Reply failed;
  WithReader([&](store::Store& store) {
    auto f = store.GetFiling(id);
    if (!f)
      failed = ErrorReply(http::status::internal_server_error, f.error());
    else
      filing = std::move(*f);
    return Reply{};
  });
  if (!failed.body.empty()) return failed;
  // A filing the caller may not see is as absent as one that does not
  // exist, so ids cannot be probed. (CanSee takes the registry lock, which
  // WithReader may hold: checked outside it.)
  if (!filing || !CanSee(call.principal, filing->demand))
    return ErrorReply(http::status::not_found, "not_found", "没有第 " + std::to_string(id) + " 号事项", "id");
  return JsonReply(http::status::ok, registry::FilingToJson(*filing));
}

// A caller bounded to a subtree lists what CanSee lets it see: the store
// filters by the subtree (DemandFilter::visible_to), so that every page is
// full of visible rows and next_after skips none. issuer and target narrow
// the list to units within the subtree.
std::optional<Reply> Api::ListScope(const Call& call, ListBounds& bounds) {
  if (!call.principal.everywhere()) bounds.visible_to = call.principal.unit;
  if (const std::string* issuer = call.Query("issuer")) {
    if (!InScope(call.principal, *issuer))
      return ErrorReply(http::status::forbidden, "out_of_scope", "只能查看本单位及下属单位登记的事项",
                        "issuer");
    bounds.issuer = *issuer;
  }
  if (const std::string* target = call.Query("target")) {
    if (!InScope(call.principal, *target))
      return ErrorReply(http::status::forbidden, "out_of_scope", "只能查看到达本单位及下属单位的事项",
                        "target");
    std::shared_lock lock(registry_mu_);
    if (!services_.registry->tree().Find(*target))
      return ErrorReply(http::status::not_found, "not_found", "没有单位“" + *target + "”", "target");
    bounds.reaching = *target;
  }
  return std::nullopt;
}

Reply Api::ListDemands(const Call& call) {
  ListBounds bounds;
  if (auto bad = ListScope(call, bounds)) return std::move(*bad);
  store::DemandFilter filter;
  filter.visible_to = bounds.visible_to;
  filter.issuer = bounds.issuer;
  filter.reaching = bounds.reaching;
  store::Page page;
  if (auto bad = ReadPage(call, page)) return std::move(*bad);
  if (auto bad = ReadYear(call, filter.year)) return std::move(*bad);
  if (auto bad = ReadKind(call, filter.kind)) return std::move(*bad);
  return WithReader([&](store::Store& store) {
    auto list = store.ListFilings(filter, page);
    if (!list) return ErrorReply(http::status::internal_server_error, list.error());
    json out = {{"demands", json::array()}};
    for (const auto& f : *list) out["demands"].push_back(registry::FilingToJson(f));
    if (list->size() == page.limit) out["next_after"] = list->back().demand.id;
    return JsonReply(http::status::ok, out);
  });
}

Reply Api::ListFindings(const Call& call) {
  ListBounds bounds;
  if (auto bad = ListScope(call, bounds)) return std::move(*bad);
  store::FindingFilter filter;
  filter.visible_to = bounds.visible_to;
  filter.issuer = bounds.issuer;
  filter.reaching = bounds.reaching;
  store::Page page;
  if (auto bad = ReadPage(call, page)) return std::move(*bad);
  if (auto bad = ReadYear(call, filter.year)) return std::move(*bad);
  if (auto bad = ReadKind(call, filter.kind)) return std::move(*bad);
  if (const std::string* rule = call.Query("rule")) filter.rule = *rule;
  return WithReader([&](store::Store& store) {
    auto list = store.ListFindings(filter, page);
    if (!list) return ErrorReply(http::status::internal_server_error, list.error());
    json out = {{"findings", json::array()}};
    for (const auto& r : *list) out["findings"].push_back(registry::FindingRowToJson(r));
    if (list->size() == page.limit) out["next_after"] = list->back().id;
    return JsonReply(http::status::ok, out);
  });
}

}  // namespace jianfu::server
