// Internal to jianfu::server: the JSON API's handlers over the registry, the
// checker and the verification codes, and how they share them between the
// worker threads (server.h explains the locking).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <stop_token>
#include <string_view>
#include <thread>
#include <vector>

#include "http.h"
#include "jianfu/codes/verify_cache.h"
#include "jianfu/server/server.h"
#include "metrics.h"

namespace jianfu::server {

// The OpenAPI 3 document (src/server/openapi.json, embedded at build time).
extern const std::string_view kOpenApiJson;

class Api {
 public:
  // run_later runs work on a worker thread later (the server's io_context);
  // without it, work runs at once on the caller's thread.
  Api(const Config& config, Services& services, Metrics& metrics, std::function<std::string()> render_metrics,
      std::function<void(std::function<void()>)> run_later = {});
  void AddRoutes(Router& router);

  // The caller: the account of a valid session cookie; else, with dev_open,
  // the development administrator; else anonymous.
  Principal Authenticate(const Request& request);

 private:
  // Runs fn(store) on a connection of its own from the pool (or, without
  // open_reader, on the registry's own store under the exclusive lock).
  // Reads of filings, and the small writes of sessions, go through it.
  Reply WithReader(const std::function<Reply(store::Store&)>& fn);

  // Whether `unit` is in the subtree the principal covers (always for
  // admin and dev_open). Takes the registry lock shared.
  bool InScope(const Principal& p, std::string_view unit);
  // Whether the principal may see a filing: its issuer is in scope, or it
  // targets a scope the principal's unit lies in.
  bool CanSee(const Principal& p, const demand::Demand& d);

  // The subtree bounds of GET /demands and /findings: what the caller may
  // see (unbounded for admin), and the issuer and target it asked for,
  // each within its subtree (403 otherwise; an unknown target is a 404).
  struct ListBounds {
    std::optional<std::string> visible_to, issuer, reaching;
  };
  std::optional<Reply> ListScope(const Call& call, ListBounds& bounds);
  // The account of that name (out stays empty when there is none), or a 500.
  std::optional<Reply> FindAccount(const std::string& name, std::optional<store::Account>& out);
  Reply Login(const Call& call);
  Reply Logout(const Call& call);
  Reply Me(const Call& call);
  Reply ChangePassword(const Call& call);
  // Failed logins and password changes, per account name and per address:
  // 429 with Retry-After past login_attempts within the window.
  std::optional<Reply> Throttled(const std::string& name, const std::string& address, int64_t now);
  void CountFailure(const std::string& name, const std::string& address, int64_t now);

  Reply Check(const Call& call);
  // POST /api/v1/demands (deferred): a filing joins the queue, and one
  // worker at a time files what has queued as a group (group commit,
  // Registry::FileGroup), answering each when the group has committed.
  void FileDemand(const Call& call, Respond respond);
  void DrainFilings();
  // The reply to a filing: 201 (200 for a dry run), 422 refused or invalid.
  Reply FilingReply(const Result<registry::FilingResult>& result, bool dry_run);
  Reply GetDemand(const Call& call);
  Reply ListDemands(const Call& call);
  Reply ListFindings(const Call& call);
  Reply Ledger(const Call& call);
  Reply Verify(const Call& call);
  Reply Units(const Call& call);

  Reply ImportList(const Call& call);
  Reply ListApprovals(const Call& call);
  Reply GetApproval(const Call& call);
  Reply DecideApproval(const Call& call);
  Reply ListAudit(const Call& call);

  const Config& config_;
  Services& services_;
  Metrics& metrics_;
  std::function<std::string()> render_metrics_;
  std::function<void(std::function<void()>)> run_later_;
  std::optional<codes::VerifyCache> verify_cache_;  // with services_.public_key
  std::string key_fingerprint_;
  std::shared_mutex registry_mu_;  // File: exclusive; in-memory reads: shared
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<store::Store>> readers_;  // idle read-only connections
  // Filings waiting for the next group, and whether a worker is draining.
  struct QueuedFiling {
    registry::Registry::Queued filing;
    Respond respond;
  };
  static constexpr size_t kMaxGroup = 64;
  std::mutex filing_mu_;
  std::vector<QueuedFiling> filing_queue_;
  bool draining_ = false;
  // Checkpoints the database every config_.checkpoint on a connection of
  // its own (store::Store::Checkpoint), so that no filing's commit pays for
  // one; stopped first when the Api goes (declared last).
  void Checkpoints(std::stop_token stop);
  // Failed logins per account name and per address: count and window start.
  std::mutex login_mu_;
  std::map<std::string, std::pair<int, int64_t>> login_failures_;
  std::jthread checkpointer_;
};

// The {id} of a route as a positive integer; nullopt otherwise.
std::optional<int64_t> PathId(const Call& call);

// Reads the `after` and `limit` (1–1000, default 100) of a list route.
std::optional<Reply> ReadPage(const Call& call, store::Page& page);

// Parses a multipart/form-data body (RFC 7578) into its parts. Errors name
// what is malformed.
struct FormPart {
  std::string name;      // form field name
  std::string filename;  // "" when not a file
  std::string content_type;
  std::string_view data;  // points into the body
};
Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body);

}  // namespace jianfu::server
