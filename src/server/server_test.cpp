// The HTTP core over real sockets: keep-alive, limits, timeouts, errors for
// bad requests, the authorisation default, the access log, metrics and
// graceful shutdown.
#include <set>
#include <thread>

#include "jianfu/audit/audit.h"
#include "test_server.h"

namespace jianfu::server::testing {
namespace {

using nlohmann::json;

TEST_F(ServerTest, KeepAliveServesSeveralRequestsOnOneConnection) {
  StartServer();
  Client c(port());
  for (const std::string target : {"/healthz", "/api/v1/openapi.json", "/api/v1/units?q=%E6%B0%B8%E9%A1%BA",
                                   "/api/v1/demands", "/healthz"}) {
    auto r = c.Get(target);
    ASSERT_EQ(r.result(), http::status::ok) << target << ": " << r.body();
    EXPECT_TRUE(r.keep_alive());
    EXPECT_FALSE(Json(r).is_discarded()) << target;
  }
  EXPECT_EQ(Log(5).size(), 5u);
}

TEST_F(ServerTest, UnknownRoutesAre404AndWrongMethods405WithAllow) {
  StartServer();
  Client c(port());
  auto r = c.Get("/api/v1/nothing");
  EXPECT_EQ(r.result(), http::status::not_found);
  EXPECT_EQ(Json(r)["error"]["code"], "not_found");
  EXPECT_FALSE(Json(r)["error"]["message"].get<std::string>().empty());

  r = c.Send({http::verb::delete_, "/api/v1/demands", 11});
  EXPECT_EQ(r.result(), http::status::method_not_allowed);
  EXPECT_EQ(r[http::field::allow], "POST, GET, HEAD");
  EXPECT_EQ(Json(r)["error"]["code"], "method_not_allowed");

  r = c.Post("/healthz", "{}");
  EXPECT_EQ(r.result(), http::status::method_not_allowed);
  EXPECT_EQ(r[http::field::allow], "GET, HEAD");
  // HEAD is a GET without its body: same status and length, on a
  // connection that goes on serving.
  const std::string body = c.Get("/api/v1/openapi.json").body();
  r = c.Head("/api/v1/openapi.json");
  EXPECT_EQ(r.result(), http::status::ok);
  EXPECT_EQ(r[http::field::content_length], std::to_string(body.size()));
  EXPECT_TRUE(r.body().empty());
  EXPECT_EQ(c.Head("/api/v1/demands?limit=0").result(),
            http::status::bad_request);  // the GET route's rules hold
  r = c.Head("/api/v1/check");
  EXPECT_EQ(r.result(), http::status::method_not_allowed);
  EXPECT_EQ(r[http::field::allow], "POST");
  // The connection is still good after client errors.
  EXPECT_EQ(c.Get("/healthz").result(), http::status::ok);
}

TEST_F(ServerTest, BodyOverTheLimitIs413) {
  Config config = TestConfig();
  config.max_body_bytes = 1024;
  StartServer(config);
  {
    Client c(port());
    auto r = c.Post("/api/v1/check", json({{"text", std::string(4096, 'x')}}).dump());
    EXPECT_EQ(r.result(), http::status::payload_too_large) << r.body();
    EXPECT_EQ(Json(r)["error"]["code"], "body_too_large");
    EXPECT_FALSE(r.keep_alive());
  }
  {
    // Refused on the header alone: the body is never sent.
    Client c(port());
    c.WriteRaw(
        "POST /api/v1/demands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        "Content-Length: 10000000\r\n\r\n");
    auto r = c.Read();
    EXPECT_EQ(r.result(), http::status::payload_too_large);
    EXPECT_TRUE(c.ServerClosed());
  }
  EXPECT_TRUE(registry_->store().ListFilings({}, {}).value().empty());
}

TEST_F(ServerTest, HeaderOverTheLimitIs431AndGarbageIs400) {
  Config config = TestConfig();
  config.max_header_bytes = 2048;
  StartServer(config);
  {
    Client c(port());
    http::request<http::string_body> req{http::verb::get, "/healthz", 11};
    req.set("X-Padding", std::string(4096, 'a'));
    auto r = c.Send(req);
    EXPECT_EQ(r.result(), http::status::request_header_fields_too_large);
    EXPECT_EQ(Json(r)["error"]["code"], "header_too_large");
  }
  {
    Client c(port());
    c.WriteRaw("NOT HTTP AT ALL\r\n\r\n");
    auto r = c.Read();
    EXPECT_EQ(r.result(), http::status::bad_request);
    EXPECT_EQ(Json(r)["error"]["code"], "bad_request");
  }
  {
    Client c(port());
    c.WriteRaw("GET healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    auto r = c.Read();
    EXPECT_EQ(r.result(), http::status::bad_request);
  }
}

TEST_F(ServerTest, ExpectContinueGetsAnInterimResponseBeforeTheBody) {
  StartServer();
  Client c(port());
  const std::string body = Inspection().dump();
  c.WriteRaw(
      "POST /api/v1/demands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Expect: 100-continue\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n");
  EXPECT_EQ(c.ReadRaw(25), "HTTP/1.1 100 Continue\r\n\r\n");
  c.WriteRaw(body);
  EXPECT_EQ(c.Read().result(), http::status::created);
}

TEST_F(ServerTest, ConnectionsOverTheLimitAreClosed) {
  Config config = TestConfig();
  config.max_connections = 1;
  StartServer(config);
  Client first(port());
  EXPECT_EQ(first.Get("/healthz").result(), http::status::ok);
  Client second(port());
  EXPECT_TRUE(second.ServerClosed());
  EXPECT_EQ(first.Get("/healthz").result(), http::status::ok);
}

// Connections opened together wait in the backlog, which the server takes
// in bursts after each accept: every one is served, and the limit holds
// within a burst as it does one at a time.
TEST_F(ServerTest, ABurstOfConnectionsIsServed) {
  Config config = TestConfig();
  config.threads = 1;
  StartServer(config);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 100; ++i) clients.push_back(std::make_unique<Client>(port()));
  for (auto& c : clients) EXPECT_EQ(c->Get("/healthz").result(), http::status::ok);
}

TEST_F(ServerTest, TheConnectionLimitHoldsForABurst) {
  Config config = TestConfig();
  config.threads = 1;
  config.max_connections = 3;
  StartServer(config);
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < 10; ++i) clients.push_back(std::make_unique<Client>(port()));
  int served = 0;
  for (auto& c : clients) served += c->Get("/healthz").result() == http::status::ok;
  EXPECT_EQ(served, 3);
}

TEST_F(ServerTest, SlowClientTimesOutWithoutHoldingAWorker) {
  Config config = TestConfig();
  config.threads = 1;
  config.read_timeout = std::chrono::milliseconds(1500);
  StartServer(config);
  Client slow(port());
  slow.WriteRaw("GET /healthz HTTP/1.1\r\nHost: x\r\n");  // and then nothing
  // The only worker thread is free for others meanwhile.
  Client fast(port());
  EXPECT_EQ(fast.Get("/healthz").result(), http::status::ok);
  auto r = slow.Read();
  EXPECT_EQ(r.result(), http::status::request_timeout);
  EXPECT_EQ(Json(r)["error"]["code"], "request_timeout");
  EXPECT_TRUE(slow.ServerClosed());
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosed) {
  Config config = TestConfig();
  config.idle_timeout = std::chrono::milliseconds(200);
  StartServer(config);
  Client c(port());
  EXPECT_EQ(c.Get("/healthz").result(), http::status::ok);
  EXPECT_TRUE(c.ServerClosed());  // blocks until the idle timeout closes it
}

TEST_F(ServerTest, NonPublicRoutesNeedLoginByDefault) {
  Config config = TestConfig();
  config.dev_open = false;
  StartServer(config);
  Client c(port());
  for (const std::string target : {"/api/v1/demands", "/api/v1/demands/1", "/api/v1/findings", "/metrics",
                                   "/api/v1/ledger/433127101", "/api/v1/units?q=a"}) {
    auto r = c.Get(target);
    EXPECT_EQ(r.result(), http::status::unauthorized) << target;
    EXPECT_EQ(Json(r)["error"]["code"], "unauthenticated");
    EXPECT_FALSE(r[http::field::www_authenticate].empty());
  }
  auto r = c.Post("/api/v1/demands", Inspection().dump());
  EXPECT_EQ(r.result(), http::status::unauthorized);
  EXPECT_EQ(c.Post("/api/v1/check", R"({"text":"x"})").result(), http::status::unauthorized);
  EXPECT_TRUE(registry_->store().ListFilings({}, {}).value().empty());
  // Public routes answer.
  EXPECT_EQ(c.Get("/healthz").result(), http::status::ok);
  EXPECT_EQ(c.Get("/api/v1/openapi.json").result(), http::status::ok);
  EXPECT_EQ(c.Get("/api/v1/verify/JFAAAA").result(), http::status::ok);
}

TEST_F(ServerTest, DevOpenIsRefusedOffLoopback) {
  Config config = TestConfig();
  config.address = "0.0.0.0";
  Services s;
  s.registry = registry_.get();
  auto started = Server::Start(config, std::move(s));
  ASSERT_FALSE(started.ok());
  EXPECT_EQ(started.error().field, "auth.dev_open");
}

TEST_F(ServerTest, AccessLogNamesTheRequestButNoSecrets) {
  StartServer();
  Client c(port());
  http::request<http::string_body> req{http::verb::post, "/api/v1/check?token=QUERY-SECRET", 11};
  req.set(http::field::authorization, "Bearer AUTH-SECRET");
  req.set(http::field::cookie, "session=COOKIE-SECRET");
  req.set(http::field::content_type, "application/json");
  req.body() = json({{"text", "BODY-SECRET 各村要每天拍照上传至工作群。"}}).dump();
  auto r = c.Send(req);
  // An unknown bearer token is not dev_open's administrator: refused.
  EXPECT_EQ(r.result(), http::status::unauthorized);
  EXPECT_EQ(c.Get("/api/v1/units?q=%E6%B0%B8").result(), http::status::ok);
  const auto log = Log(2);
  ASSERT_EQ(log.size(), 2u);
  for (const auto& line : log) {
    for (const char* secret : {"QUERY-SECRET", "AUTH-SECRET", "COOKIE-SECRET", "BODY-SECRET", "拍照"})
      EXPECT_EQ(line.find(secret), std::string::npos) << line;
    const json j = json::parse(line);
    for (const char* key : {"ts", "remote", "method", "path", "route", "status", "bytes", "us"})
      EXPECT_TRUE(j.contains(key)) << key << " in " << line;
  }
  const json first = json::parse(log[0]);
  EXPECT_EQ(first["method"], "POST");
  EXPECT_EQ(first["path"], "/api/v1/check");
  EXPECT_EQ(first["query"], "token=***");
  EXPECT_EQ(first["status"], 401);
  EXPECT_GT(first["bytes"].get<int>(), 0);
}

TEST_F(ServerTest, MetricsCountRequestsLatenciesAndFindings) {
  StartServer();
  Client c(port());
  EXPECT_EQ(c.Get("/healthz").result(), http::status::ok);
  EXPECT_EQ(c.Get("/nowhere").result(), http::status::not_found);
  EXPECT_EQ(c.Post("/api/v1/demands", Inspection().dump()).result(), http::status::created);
  auto r = c.Get("/metrics");
  ASSERT_EQ(r.result(), http::status::ok);
  EXPECT_NE(r[http::field::content_type].find("text/plain"), std::string::npos);
  const std::string& m = r.body();
  EXPECT_NE(m.find("jianfu_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1"),
            std::string::npos)
      << m;
  EXPECT_NE(m.find("jianfu_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1"),
            std::string::npos);
  EXPECT_NE(m.find("jianfu_http_request_duration_seconds_bucket{route=\"/api/v1/demands\",le=\"+Inf\"} 1"),
            std::string::npos);
  EXPECT_NE(m.find("jianfu_findings_total{source=\"filing\",rule=\"INS-02\",severity=\"warn\"} 1"),
            std::string::npos);
  EXPECT_NE(m.find("# TYPE jianfu_http_request_duration_seconds histogram"), std::string::npos);
}

// Filings (exclusive lock) and reads (shared lock, pooled connections) from
// several connections at once: every filing gets its own id, every read
// answers, nothing is lost.
TEST_F(ServerTest, ConcurrentFilingsAndReadsStayConsistent) {
  StartServer();
  constexpr int kClients = 4, kEach = 8;
  std::vector<std::vector<int64_t>> ids(kClients);
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t)
    clients.emplace_back([&, t] {
      Client c(port());
      for (int i = 0; i < kEach; ++i) {
        auto r = c.Post("/api/v1/demands", Inspection().dump());
        EXPECT_EQ(r.result(), http::status::created) << r.body();
        const int64_t id = Json(r).value("id", int64_t{0});
        ids[t].push_back(id);
        EXPECT_EQ(c.Get("/api/v1/demands/" + std::to_string(id)).result(), http::status::ok);
        EXPECT_EQ(c.Get("/api/v1/demands?limit=1000").result(), http::status::ok);
        EXPECT_EQ(c.Get("/api/v1/ledger/433127101?year=2026").result(), http::status::ok);
      }
    });
  for (auto& t : clients) t.join();
  std::set<int64_t> all;
  for (const auto& v : ids) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), size_t{kClients * kEach});
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kClients * kEach);
  Client c(port());
  const json ledger = Json(c.Get("/api/v1/ledger/433127101?year=2026"));
  EXPECT_EQ(ledger["total"]["demands"], kClients * kEach);
  // Filed in groups (group commit), each filing still with its own entry in
  // an unbroken audit chain; the groups account for every filing.
  size_t entries = 0;
  ASSERT_TRUE(registry_->store()
                  .ForEachAudit(0,
                                [&](const store::AuditEntry& e) {
                                  entries += e.action == "demand.file";
                                  return true;
                                })
                  .ok());
  EXPECT_EQ(entries, size_t{kClients * kEach});
  EXPECT_TRUE(audit::Verify(registry_->store())->ok());
  const std::string metrics = c.Get("/metrics").body();
  EXPECT_NE(metrics.find("jianfu_filing_group_filings_total " + std::to_string(kClients * kEach) + "\n"),
            std::string::npos)
      << metrics;
}

TEST_F(ServerTest, GracefulShutdownFinishesTheRequestInFlight) {
  StartServer();
  const uint16_t bound = port();
  Client idle(bound);
  EXPECT_EQ(idle.Get("/healthz").result(), http::status::ok);
  ASSERT_EQ(Log(1).size(), 1u);  // that request is over on the server's side too

  const std::string body = Inspection().dump();
  Client busy(port());
  busy.WriteRaw(
      "POST /api/v1/demands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 10));
  // Wait until the server has started reading it.
  for (int i = 0; i < 2000 && server_->in_flight() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ASSERT_EQ(server_->in_flight(), 1u);
  server_->Shutdown();
  EXPECT_TRUE(idle.ServerClosed());  // the idle connection is closed at once
  busy.WriteRaw(body.substr(10));
  auto r = busy.Read();
  EXPECT_EQ(r.result(), http::status::created) << r.body();
  EXPECT_FALSE(r.keep_alive());
  server_->Wait();
  EXPECT_EQ(registry_->store().ListFilings({}, {}).value().size(), 1u);
  // No longer accepting.
  boost::asio::io_context ioc;
  tcp::socket s(ioc);
  beast::error_code ec;
  s.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), bound), ec);
  EXPECT_TRUE(ec);
}

}  // namespace
}  // namespace jianfu::server::testing
