// Unit tests of the pieces under the HTTP core: routing, query and
// percent-decoding, multipart bodies, the config file and --listen.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "api.h"
#include "http.h"

namespace jianfu::server {
namespace {

Router TwoRoutes() {
  Router r;
  r.Add({http::verb::get, "/api/v1/demands", std::nullopt, {}, [](const Call&) { return Reply{}; }});
  r.Add({http::verb::post, "/api/v1/demands", std::nullopt, {}, [](const Call&) { return Reply{}; }});
  r.Add({http::verb::get, "/api/v1/demands/{id}", std::nullopt, {}, [](const Call&) { return Reply{}; }});
  return r;
}

TEST(Router, MatchesPatternsAndDecodesParameters) {
  Router r = TwoRoutes();
  auto m = r.Resolve(http::verb::get, "/api/v1/demands/%34%32");
  ASSERT_TRUE(m.route);
  EXPECT_EQ(m.params.at("id"), "42");
  EXPECT_EQ(m.pattern, "/api/v1/demands/{id}");
  EXPECT_EQ(r.Resolve(http::verb::post, "/api/v1/demands").route->method, http::verb::post);
}

TEST(Router, UnknownPathsAndMethods) {
  Router r = TwoRoutes();
  auto m = r.Resolve(http::verb::get, "/api/v1/demand");
  ASSERT_TRUE(m.reply);
  EXPECT_EQ(m.reply->status, http::status::not_found);
  EXPECT_EQ(r.Resolve(http::verb::get, "/api/v1/demands/").reply->status,
            http::status::not_found);  // empty id
  m = r.Resolve(http::verb::put, "/api/v1/demands");
  ASSERT_TRUE(m.reply);
  EXPECT_EQ(m.reply->status, http::status::method_not_allowed);
  ASSERT_EQ(m.reply->headers.size(), 1u);
  EXPECT_EQ(m.reply->headers[0].second, "GET, POST, HEAD");
  EXPECT_EQ(r.Resolve(http::verb::get, "/api/v1/demands/%zz").reply->status, http::status::bad_request);
  const auto body = nlohmann::json::parse(m.reply->body);
  EXPECT_EQ(body["error"]["code"], "method_not_allowed");
}

TEST(Query, DecodesAndRefusesUnknownRepeatedAndMalformed) {
  std::vector<QueryParam> q;
  EXPECT_FALSE(ParseQuery("q=%E6%B0%B8+%E9%A1%BA&limit=5", {"q", "limit"}, q));
  ASSERT_EQ(q.size(), 2u);
  EXPECT_EQ(q[0].value, "永 顺");
  q.clear();
  auto bad = ParseQuery("q=1&x=2", {"q"}, q);
  ASSERT_TRUE(bad);
  EXPECT_EQ(nlohmann::json::parse(bad->body)["error"]["field"], "x");
  q.clear();
  EXPECT_TRUE(ParseQuery("q=1&q=2", {"q"}, q));
  q.clear();
  EXPECT_TRUE(ParseQuery("q=%4", {"q"}, q));
  q.clear();
  EXPECT_TRUE(ParseQuery("q=%00", {"q"}, q));
  EXPECT_EQ(PercentDecode("a%2Fb", false), "a/b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_FALSE(PercentDecode("%", false));
  EXPECT_FALSE(PercentDecode("%g0", false));
}

TEST(Multipart, ReadsFieldsAndFiles) {
  const std::string body =
      "preamble\r\n--XyZ\r\nContent-Disposition: form-data; name=\"doc_type\"\r\n\r\nspecial\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a; b.txt\"\r\n"
      "Content-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n--XyZ--\r\n";
  auto parts = ParseMultipart("multipart/form-data; boundary=\"XyZ\"", body);
  ASSERT_TRUE(parts.ok()) << parts.error().ToString();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "doc_type");
  EXPECT_EQ((*parts)[0].data, "special");
  EXPECT_EQ((*parts)[1].filename, "a; b.txt");
  EXPECT_EQ((*parts)[1].content_type, "text/plain");
  EXPECT_EQ((*parts)[1].data, "line 1\r\nline 2");
}

TEST(Multipart, RefusesMalformedBodies) {
  EXPECT_FALSE(ParseMultipart("multipart/form-data", "--x\r\n\r\n").ok());  // no boundary
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=x", "nothing here").ok());
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=x",
                              "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nunterminated")
                   .ok());
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=x", "--x\r\nX: y\r\n\r\ndata\r\n--x--").ok());
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=x",
                              "--x\r\nContent-Disposition: attachment\r\n\r\nd\r\n--x--")
                   .ok());
  std::string many;
  for (int i = 0; i < 20; ++i) many += "--x\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nv\r\n";
  many += "--x--\r\n";
  EXPECT_FALSE(ParseMultipart("multipart/form-data; boundary=x", many).ok());
}

TEST(Config, ListenAddresses) {
  Config c;
  ASSERT_TRUE(ParseListen("127.0.0.1:9000", c).ok());
  EXPECT_EQ(c.address, "127.0.0.1");
  EXPECT_EQ(c.port, 9000);
  ASSERT_TRUE(ParseListen("[::1]:0", c).ok());
  EXPECT_EQ(c.address, "::1");
  EXPECT_EQ(c.port, 0);
  ASSERT_TRUE(ParseListen(":8080", c).ok());
  EXPECT_EQ(c.address, "0.0.0.0");
  for (const char* bad : {"127.0.0.1", "127.0.0.1:99999", "::1:80", "host:x"}) {
    auto s = ParseListen(bad, c);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.error().field, "--listen");
  }
}

class ConfigFile : public ::testing::Test {
 protected:
  std::filesystem::path Write(const std::string& text) {
    path_ = std::filesystem::temp_directory_path() /
            ("jianfu-server-config-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(path_) << text;
    return path_;
  }
  void TearDown() override { std::filesystem::remove(path_); }
  std::filesystem::path path_;
};

TEST_F(ConfigFile, ReadsEveryKey) {
  Config c;
  auto s = LoadConfig(Write(R"([server]
listen = "127.0.0.1:9090"
threads = 3
max_connections = 50
max_header_bytes = 8192
max_body_bytes = 1048576
read_timeout_ms = 1000
idle_timeout_ms = 2000
write_timeout_ms = 3000
shutdown_timeout_ms = 4000
access_log = "off"
[auth]
dev_open = true
)"),
                      c);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(c.port, 9090);
  EXPECT_EQ(c.threads, 3u);
  EXPECT_EQ(c.max_connections, 50u);
  EXPECT_EQ(c.max_header_bytes, 8192u);
  EXPECT_EQ(c.max_body_bytes, 1048576u);
  EXPECT_EQ(c.read_timeout.count(), 1000);
  EXPECT_EQ(c.idle_timeout.count(), 2000);
  EXPECT_EQ(c.write_timeout.count(), 3000);
  EXPECT_EQ(c.shutdown_timeout.count(), 4000);
  EXPECT_EQ(c.access_log, "off");
  EXPECT_TRUE(c.dev_open);
}

TEST_F(ConfigFile, ErrorsNameTheKeyAndLine) {
  Config c;
  auto s = LoadConfig(Write("[server]\nthreads = 2\nread_timeout = 5\n"), c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "server.read_timeout");
  EXPECT_EQ(s.error().line, 3);
  s = LoadConfig(Write("[server]\nmax_body_bytes = \"big\"\n"), c);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "server.max_body_bytes");
  s = LoadConfig(Write("[auth]\ndev_open = 1\n"), c);
  EXPECT_EQ(s.error().field, "auth.dev_open");
  s = LoadConfig(Write("[database]\nurl = \"x\"\n"), c);
  EXPECT_EQ(s.error().field, "database");
  s = LoadConfig(Write("[server\n"), c);
  ASSERT_FALSE(s.ok());
  EXPECT_GT(s.error().line, 0);
  EXPECT_EQ(c.threads, 0u);  // nothing applied from failed files
}

}  // namespace
}  // namespace jianfu::server
