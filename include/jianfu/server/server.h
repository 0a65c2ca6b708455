// include/jianfu/server/server.h
//
// The HTTP server behind `jianfu serve` (docs/server.md): HTTP/1.1 on
// Boost.Beast/Asio, a JSON API under /api/v1/ on the registry, the checker
// and the verification codes, /healthz, /metrics and the OpenAPI document.
//
// Threading. One io_context is run by a fixed pool of `threads` worker
// threads; each connection is a chain of asynchronous operations on its own
// strand, so a slow or idle client holds no thread, only a socket and a
// timer. Handlers run on the worker threads and are synchronous:
//   - the Checker is immutable and shared freely (checker.h);
//   - the Registry is not thread-safe (registry.h). The server guards it
//     with one std::shared_mutex: File() (which checks, writes the store and
//     updates the in-memory history) takes it exclusively; LedgerOf and unit
//     search take it shared. Filings are therefore serialised — one at a
//     time per process — while reads of the in-memory state run in parallel.
//     Before a ledger the history takes in what other processes on the same
//     database filed (Registry::RefreshIfNotified, exclusively: usually a
//     local check that finds nothing); File does the same itself;
//   - stored filings and findings (GET /api/v1/demands, /findings, /demands/
//     {id}, verify's "registered"), accounts and sessions are read through
//     separate store connections, one per concurrent request at most
//     (`open_reader`), so they never wait for a filing; each read sees
//     committed filings only (SQLite's WAL, PostgreSQL's read committed).
//     Without `open_reader` they use the registry's own store under the
//     exclusive lock.
//
// Authorisation. Every route declares whether it is public or which
// Permission it needs; every handler gets the caller's Principal: a local
// account logged in with POST /api/v1/login (an HttpOnly, SameSite=Strict
// session cookie; writes must echo the session's CSRF token), whose role
// gives its permissions and whose unit bounds them to a subtree; or
// anonymous, and then routes that need a permission answer 401 — unless the
// config sets `dev_open = true`, which makes callers without a session
// development administrators and is refused on any address but loopback.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "jianfu/check/checker.h"
#include "jianfu/codes/keys.h"
#include "jianfu/core/result.h"
#include "jianfu/registry/registry.h"
#include "jianfu/store/store.h"

namespace jianfu::server {

// What `jianfu serve` reads from --listen and the TOML config file
// ([server] and [auth] tables, docs/server.md).
struct Config {
  std::string address = "127.0.0.1";            // IPv4 or IPv6 literal
  uint16_t port = 8080;                         // 0: any free port (Server::port() tells which)
  unsigned threads = 0;                         // 0: one per core
  size_t max_connections = 10'000;              // open connections; more are closed at once
  std::chrono::milliseconds checkpoint{1'000};  // SQLite: checkpoint this often off the request path; 0: off
  size_t verify_cache = 16'384;                 // codes remembered as verified (codes::VerifyCache); 0: off
  size_t max_header_bytes = 16 * 1024;          // over: 431
  size_t max_body_bytes = 16 * 1024 * 1024;     // over: 413
  std::chrono::milliseconds read_timeout{30'000};      // from a request's first byte to its last: else 408
  std::chrono::milliseconds idle_timeout{60'000};      // keep-alive wait for the next request: else closed
  std::chrono::milliseconds write_timeout{30'000};     // writing one response
  std::chrono::milliseconds shutdown_timeout{10'000};  // graceful shutdown, then connections are cut
  std::string access_log = "stderr";                   // "stderr", "off", or a file appended to
  bool dev_open = false;          // development only: callers without a session are administrators
  int session_hours = 12;         // a login lasts this long
  bool cookie_secure = false;     // mark the session cookie Secure (behind HTTPS)
  int login_attempts = 5;         // failed logins per account name and per address …
  int login_window_minutes = 15;  // … within this window, then 429 until it passes
};

// Reads "HOST:PORT" ("127.0.0.1:8080", "[::1]:8080", ":8080" for all
// addresses) into config. Errors name the field "--listen".
Status ParseListen(std::string_view listen, Config& config);

// Reads a TOML config file over the defaults in `config`. Unknown keys and
// values out of range are errors naming file, line, column and key.
Status LoadConfig(const std::filesystem::path& path, Config& config);

// The parts of jianfu the API serves. `registry` is required; the others
// switch their routes on (a route whose part is missing answers 503).
struct Services {
  registry::Registry* registry = nullptr;
  const check::Checker* checker = nullptr;
  std::optional<codes::PublicKey> public_key;
  // Opens one more connection to the registry's database (store::OpenStore,
  // not creating): reads, and the small writes of sessions.
  std::function<Result<std::unique_ptr<store::Store>>()> open_reader;
  // Receives each access-log line (one JSON object, no newline) instead of
  // the config's access_log destination. Called from worker threads.
  std::function<void(std::string_view)> access_log;
};

class Server {
 public:
  // Binds and listens, then starts the worker threads. Errors: the address
  // cannot be bound, dev_open on a non-loopback address, a missing registry.
  static Result<std::unique_ptr<Server>> Start(Config config, Services services);
  ~Server();  // Shutdown() and Wait()
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The port actually bound (useful with port 0).
  uint16_t port() const;

  // Graceful shutdown, idempotent and callable from any thread: stops
  // accepting, closes idle keep-alive connections, lets requests being read
  // or handled finish (their response says Connection: close), and after
  // shutdown_timeout cuts whatever is left.
  void Shutdown();
  // Makes SIGINT and SIGTERM call Shutdown().
  void ShutdownOnSignals();
  // Blocks until every worker thread has ended (after Shutdown).
  void Wait();

  // Requests whose first byte has arrived and whose response is not yet
  // written.
  size_t in_flight() const;

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace jianfu::server
