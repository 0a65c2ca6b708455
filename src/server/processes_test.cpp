// Several `jianfu serve` processes on one database behind a load balancer
// (docs/server.md, "Several processes on one database"). Two servers, each
// with its own registry, history and connections, stand in for two
// processes: with JIANFU_TEST_PG they share a PostgreSQL schema, else a
// SQLite file.
#include <atomic>
#include <functional>
#include <set>

#include "jianfu/accounts/accounts.h"
#include "test_server.h"

namespace jianfu::server::testing {
namespace {

using nlohmann::json;

class TwoServers : public ServerTest {
 protected:
  // The second server, on a registry of its own over the same database.
  void StartBoth(Config config = TestConfig()) {
    StartServer(config);
    auto r = OpenRegistry();
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    other_registry_ = std::move(*r);
    auto s = StartAnother(*other_registry_, config);
    ASSERT_TRUE(s.ok()) << s.error().ToString();
    other_ = std::move(*s);
  }
  void TearDown() override {
    other_.reset();
    other_registry_.reset();
    ServerTest::TearDown();
  }

  static bool HasRule(const json& filed, const std::string& rule) {
    for (const auto& f : filed["findings"])
      if (f["rule"] == rule) return true;
    return false;
  }

  // The ledger's total through `c`, once it reaches `want` (another
  // process's filing is announced within milliseconds on PostgreSQL) or
  // after two seconds.
  static int64_t LedgerTotal(Client& c, int64_t want) {
    int64_t total = -1;
    for (int i = 0; i < 200 && total != want; ++i) {
      if (i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
      auto r = c.Get("/api/v1/ledger/433127101?year=2026");
      EXPECT_EQ(r.result(), http::status::ok) << r.body();
      total = Json(r)["total"].value("demands", int64_t{-1});
    }
    return total;
  }

  std::unique_ptr<registry::Registry> other_registry_;
  std::unique_ptr<Server> other_;
};

TEST_F(TwoServers, AFilingThroughOneIsReadVerifiedAndCountedThroughTheOther) {
  StartBoth();
  Client a(port()), b(other_->port());
  auto r = a.Post("/api/v1/demands", Inspection().dump());
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  const json first = Json(r);
  const int64_t id = first["id"];
  const std::string code = first["code"];

  r = b.Get("/api/v1/demands/" + std::to_string(id));
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_EQ(Json(r)["code"], code);
  r = b.Get("/api/v1/verify/" + code + "?unit=433127101&today=2026-05-11");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_TRUE(Json(r)["genuine"].get<bool>());
  EXPECT_TRUE(Json(r)["registered"].get<bool>()) << r.body();

  // B's history holds A's filing: the same inspection the same day through
  // B breaks INS-20 and names A's as related.
  r = b.Post("/api/v1/demands", Inspection().dump());
  ASSERT_EQ(r.result(), http::status::created) << r.body();
  const json second = Json(r);
  EXPECT_EQ(second["id"], id + 1);
  ASSERT_TRUE(HasRule(second, "INS-20")) << r.body();
  for (const auto& f : second["findings"])
    if (f["rule"] == "INS-20") {
      EXPECT_EQ(f["related"], json::array({id}));
    }

  // Each ledger counts both filings, whichever server took them.
  EXPECT_EQ(LedgerTotal(a, 2), 2);
  EXPECT_EQ(LedgerTotal(b, 2), 2);
  r = a.Get("/api/v1/demands?limit=10");
  ASSERT_EQ(r.result(), http::status::ok);
  EXPECT_EQ(Json(r)["demands"].size(), 2u);
}

// Filings through both at once: ids unique and dense, and each server's
// checks see the other's filings, so exactly one comprehensive meeting is
// the issuer's first of the year (MTG-01 names every other).
TEST_F(TwoServers, FilingsThroughBothAtOnceSeeEachOther) {
  StartBoth();
  const json meeting = {{"kind", "meeting"},
                        {"issuer", "yx-nyj"},
                        {"title", "全县农业农村综合工作会议"},
                        {"date", "2026-05-11"},
                        {"targets", {{{"unit", "433127"}, {"levels", {"township"}}}}},
                        {"type", "comprehensive"},
                        {"minutes", 60},
                        {"format", "video"},
                        {"convener_role", "principal"}};
  constexpr int kEach = 10;
  std::atomic<int> without{0};
  std::vector<int64_t> ids[2];
  auto run = [&](uint16_t p, std::vector<int64_t>& out) {
    Client c(p);
    for (int i = 0; i < kEach; ++i) {
      auto r = c.Post("/api/v1/demands", meeting.dump());
      EXPECT_EQ(r.result(), http::status::created) << r.body();
      out.push_back(Json(r).value("id", int64_t{0}));
      if (!HasRule(Json(r), "MTG-01")) ++without;
    }
  };
  { std::jthread x(run, port(), std::ref(ids[0])), y(run, other_->port(), std::ref(ids[1])); }
  EXPECT_EQ(without, 1);
  std::set<int64_t> all(ids[0].begin(), ids[0].end());
  all.insert(ids[1].begin(), ids[1].end());
  EXPECT_EQ(all.size(), size_t{2 * kEach});
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), 2 * kEach);
}

// Sessions live in the database: a login through one server is a session
// on the other, and a logout through either ends it on both.
TEST_F(TwoServers, ALoginThroughOneIsASessionOnTheOther) {
  auto account = accounts::NewAccount("nyj", "password-nyj", "filer", "yx-nyj", registry_->tree(), 0);
  ASSERT_TRUE(account.ok()) << account.error().ToString();
  ASSERT_TRUE(registry_->store().AddAccount(*account).ok());
  Config config = TestConfig();
  config.dev_open = false;
  StartBoth(config);
  Client a(port()), b(other_->port());
  auto r = a.Post("/api/v1/login", R"({"name":"nyj","password":"password-nyj"})");
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  const std::string set(r[http::field::set_cookie]);
  const std::string cookie = set.substr(0, set.find(';'));
  const std::string csrf = Json(r)["csrf_token"];
  auto get_me = [&](Client& c) {
    http::request<http::string_body> req{http::verb::get, "/api/v1/me", 11};
    req.set(http::field::cookie, cookie);
    return c.Send(std::move(req));
  };
  r = get_me(b);
  ASSERT_EQ(r.result(), http::status::ok) << r.body();
  EXPECT_EQ(Json(r)["name"], "nyj");
  http::request<http::string_body> logout{http::verb::post, "/api/v1/logout", 11};
  logout.set(http::field::cookie, cookie);
  logout.set(http::field::content_type, "application/json");
  logout.set("X-CSRF-Token", csrf);
  logout.body() = "{}";
  EXPECT_EQ(b.Send(std::move(logout)).result(), http::status::ok);
  EXPECT_EQ(get_me(a).result(), http::status::unauthorized);
}

}  // namespace
}  // namespace jianfu::server::testing
