// Test fixture for jianfu::server: a registry on a fresh database (a
// temporary SQLite file, or with JIANFU_TEST_PG a PostgreSQL schema of its
// own, include/jianfu/store/testing.h) holding the fixture divisions and
// organs (tests/fixtures), real signing keys, the built-in checker, and a
// server on a free loopback port; plus a small synchronous Beast client.
#pragma once

// clang-format off
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "jianfu/codes/codes.h"
#include "jianfu/codes/keys.h"
#include "jianfu/server/server.h"
#include "jianfu/store/testing.h"
#include "jianfu/units/readers.h"

namespace jianfu::server::testing {

namespace beast = boost::beast;
namespace http = beast::http;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;
using Response = http::response<http::string_body>;

// One keep-alive connection. Reads give up after 20 s (SO_RCVTIMEO), so a
// server that never answers fails the test instead of hanging it.
class Client {
 public:
  explicit Client(uint16_t port) : socket_(ioc_) {
    socket_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    timeval tv{20, 0};
    ::setsockopt(socket_.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  }

  Response Send(http::request<http::string_body> req) {
    req.set(http::field::host, "127.0.0.1");
    req.prepare_payload();
    http::write(socket_, req);
    return Read();
  }
  Response Read() {
    Response res;
    beast::error_code ec;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64u << 20);
    http::read(socket_, buffer_, parser, ec);
    if (ec) {
      last_error = ec;
      return Response(http::status::unknown, 11);
    }
    return parser.release();
  }
  Response Get(const std::string& target) { return Send({http::verb::get, target, 11}); }
  // A HEAD request: the response has headers only, whatever Content-Length says.
  Response Head(const std::string& target) {
    http::request<http::string_body> req{http::verb::head, target, 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(socket_, req);
    http::response_parser<http::string_body> parser;
    parser.skip(true);
    beast::error_code ec;
    http::read(socket_, buffer_, parser, ec);
    if (ec) {
      last_error = ec;
      return Response(http::status::unknown, 11);
    }
    return parser.release();
  }
  Response Post(const std::string& target, std::string body, const std::string& type = "application/json") {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::content_type, type);
    req.body() = std::move(body);
    return Send(std::move(req));
  }
  // Raw bytes, for requests a well-behaved client would not send.
  void WriteRaw(std::string_view bytes) { asio::write(socket_, asio::buffer(bytes.data(), bytes.size())); }
  // Exactly n raw bytes (an interim response, which Read would skip).
  std::string ReadRaw(size_t n) {
    std::string out(n, '\0');
    beast::error_code ec;
    asio::read(socket_, asio::buffer(out), ec);
    return ec ? std::string() : out;
  }
  // True when the server has closed the connection (EOF on read).
  bool ServerClosed() {
    char c;
    beast::error_code ec;
    socket_.read_some(asio::buffer(&c, 1), ec);
    return ec == asio::error::eof || ec == asio::error::connection_reset;
  }

  beast::error_code last_error;

 private:
  asio::io_context ioc_;
  tcp::socket socket_;
  beast::flat_buffer buffer_;
};

inline nlohmann::json Json(const Response& r) {
  return nlohmann::json::parse(r.body(), nullptr, /*allow_exceptions=*/false);
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    JIANFU_REQUIRE_BACKEND(store::testing::DefaultBackend());
    dir_ = std::filesystem::temp_directory_path() /
           ("jianfu-server-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    ASSERT_TRUE(codes::GenerateKeys(dir_ / "jianfu.key", dir_ / "jianfu.pub").ok());
    auto secret = codes::LoadSecretKey(dir_ / "jianfu.key");
    ASSERT_TRUE(secret.ok());
    secret_ = std::make_shared<codes::SecretKey>(std::move(*secret));
    auto pub = codes::LoadPublicKey(dir_ / "jianfu.pub");
    ASSERT_TRUE(pub.ok());
    public_key_ = *pub;

    auto rules = rules::LoadBuiltin();
    ASSERT_TRUE(rules.ok());
    rules_ = std::move(*rules);
    cache_ = std::filesystem::temp_directory_path() / "jianfu-test-cache";
    auto checker = check::Checker::Create(rules_, cache_);
    ASSERT_TRUE(checker.ok());
    checker_ = std::move(*checker);
    auto db = store::testing::TestDb::Make(store::testing::DefaultBackend(), dir_);
    ASSERT_TRUE(db.ok()) << db.error().ToString();
    db_ = std::move(*db);
    auto r = OpenRegistry(/*create=*/true);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    registry_ = std::move(*r);
    ImportFixtureUnits();
  }

  void TearDown() override {
    server_.reset();
    registry_.reset();
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  // The test's database as --db takes it: a path or a connection string.
  const std::string& where() const { return db_->where(); }

  // A registry on the test's database with the built-in rules and the
  // test's signing key: the fixture's own (create: making the tables), or
  // another, as a second `jianfu serve` process on the same database opens it.
  Result<std::unique_ptr<registry::Registry>> OpenRegistry(bool create = false) {
    auto store = store::OpenStore(where(), create);
    if (!store) return store.error();
    registry::Options options;
    options.rules = rules_;
    options.cache_dir = cache_;
    options.sign = [key = secret_](const demand::Demand& d) {
      return codes::Issue(registry::CodeClaims(d), *key);
    };
    return registry::Registry::Open(std::move(*store), std::move(options));
  }

  void ImportFixtureUnits() {
    const std::filesystem::path fixtures = JIANFU_SOURCE_DIR "/tests/fixtures";
    auto divisions = units::ReadDivisions(fixtures / "divisions", "");
    ASSERT_TRUE(divisions.ok()) << divisions.error().ToString();
    ASSERT_TRUE(registry_->ImportUnits(std::move(*divisions)).ok());
    const auto& tree = registry_->tree();
    auto region_level = [&](std::string_view id) -> std::optional<units::Level> {
      auto u = tree.Find(id);
      if (!u || !tree.at(*u).is_region()) return std::nullopt;
      return tree.at(*u).level;
    };
    auto known_organ = [&](std::string_view id) {
      auto u = tree.Find(id);
      return u && !tree.at(*u).is_region();
    };
    auto organs = units::ReadOrgans(fixtures / "units/organs.csv", region_level, known_organ);
    ASSERT_TRUE(organs.ok()) << organs.error().ToString();
    ASSERT_TRUE(registry_->ImportUnits(std::move(*organs)).ok());
  }

  // A config for tests: any free loopback port, two threads, development
  // access (unless a test turns it off), short timeouts.
  static Config TestConfig() {
    Config c;
    c.address = "127.0.0.1";
    c.port = 0;
    c.threads = 2;
    c.dev_open = true;
    c.read_timeout = std::chrono::milliseconds(5000);
    c.idle_timeout = std::chrono::milliseconds(5000);
    c.shutdown_timeout = std::chrono::milliseconds(5000);
    return c;
  }

  void StartServer(Config config = TestConfig()) {
    auto started = StartAnother(*registry_, std::move(config));
    ASSERT_TRUE(started.ok()) << started.error().ToString();
    server_ = std::move(*started);
  }

  // A server on `registry`, reading through connections of its own to the
  // test's database, as `jianfu serve` does; its access log is the test's.
  Result<std::unique_ptr<Server>> StartAnother(registry::Registry& registry, Config config = TestConfig()) {
    Services s;
    s.registry = &registry;
    s.checker = checker_.get();
    s.public_key = public_key_;
    s.open_reader = [where = where()] { return store::OpenStore(where, false); };
    s.access_log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
    };
    return Server::Start(std::move(config), std::move(s));
  }

  uint16_t port() const { return server_->port(); }

  // The access log once it has at least `n` lines (a line is written when
  // the response has been sent, which may be after the client read it).
  std::vector<std::string> Log(size_t n) {
    for (int i = 0; i < 2000; ++i) {
      {
        std::lock_guard lock(log_mu_);
        if (log_.size() >= n) return log_;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::lock_guard lock(log_mu_);
    return log_;
  }

  // The inspection of tests/registry_cli_test.cpp: accepted with INS-02.
  static nlohmann::json Inspection() {
    return {{"kind", "inspection"},
            {"issuer", "yx-nyj"},
            {"title", "农业安全生产检查"},
            {"date", "2026-05-11"},
            {"targets", {{{"unit", "433127"}, {"levels", {"township"}}}}},
            {"type", "inspection"},
            {"onsite", true},
            {"plan_item", nullptr}};
  }

  std::filesystem::path dir_, cache_;
  std::unique_ptr<store::testing::TestDb> db_;
  rules::RuleSet rules_;
  std::shared_ptr<codes::SecretKey> secret_;
  codes::PublicKey public_key_;
  std::unique_ptr<check::Checker> checker_;
  std::unique_ptr<registry::Registry> registry_;
  std::unique_ptr<Server> server_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

}  // namespace jianfu::server::testing
