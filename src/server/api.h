// Internal to jianfu::server: the JSON API's handlers over the registry, the
// checker and the verification codes, and how they share them between the
// worker threads (server.h explains the locking).
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string_view>
#include <vector>

#include "http.h"
#include "jianfu/server/server.h"
#include "metrics.h"

namespace jianfu::server {

// The OpenAPI 3 document (src/server/openapi.json, embedded at build time).
extern const std::string_view kOpenApiJson;

class Api {
 public:
  Api(const Config& config, Services& services, Metrics& metrics, std::function<std::string()> render_metrics);
  void AddRoutes(Router& router);

 private:
  // Runs fn(store) on a read-only connection from the pool (or, without
  // open_reader, on the registry's own store under the exclusive lock).
  Reply WithReader(const std::function<Reply(store::Store&)>& fn);

  Reply Check(const Call& call);
  Reply FileDemand(const Call& call);
  Reply GetDemand(const Call& call);
  Reply ListDemands(const Call& call);
  Reply ListFindings(const Call& call);
  Reply Ledger(const Call& call);
  Reply Verify(const Call& call);
  Reply Units(const Call& call);

  const Config& config_;
  Services& services_;
  Metrics& metrics_;
  std::function<std::string()> render_metrics_;
  std::shared_mutex registry_mu_;  // File: exclusive; in-memory reads: shared
  std::mutex pool_mu_;
  std::vector<std::unique_ptr<store::Store>> readers_;  // idle read-only connections
};

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
