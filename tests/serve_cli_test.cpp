// `jianfu serve` as a process: configured by a TOML file, files a demand over
// HTTP, writes its access log, and on SIGTERM stops cleanly with exit 0,
// the filing kept. With JIANFU_TEST_PG every command here (serve, users,
// demands) works on a PostgreSQL schema of its own ($JIANFU_DB), and two
// serve processes share it.
// clang-format off
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <boost/asio.hpp>
// clang-format on
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>

#include "jianfu/store/testing.h"
#include "registry_folder.h"
#include "run_jianfu.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

class ServeCli : public jianfu::testing::RegistryFolder {
 protected:
  ServeCli() : RegistryFolder("jianfu_serve_cli_") {}

  void TearDown() override {
    earlier_.emplace_back(pid_, err_);
    for (auto [pid, err] : earlier_) {
      if (pid > 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
      }
      if (err) std::fclose(err);
    }
    RegistryFolder::TearDown();
  }

  static json Inspection() {
    return {{"kind", "inspection"},
            {"issuer", "yx-nyj"},
            {"title", "农业安全生产检查"},
            {"date", "2026-05-11"},
            {"targets", {{{"unit", "433127"}, {"levels", {"township"}}}}},
            {"type", "inspection"},
            {"onsite", true}};
  }

  // Starts `jianfu serve ARGS` in dir_ and returns the port it reports;
  // pid_ and err_ are the last one started.
  int Serve(const std::vector<std::string>& args) {
    if (pid_ > 0) earlier_.emplace_back(pid_, err_);
    pid_ = -1;
    err_ = nullptr;
    int fds[2];
    if (::pipe(fds) != 0) return 0;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 2);
      ::close(fds[0]);
      ::close(fds[1]);
      if (::chdir(dir_.c_str()) != 0) ::_exit(127);
      std::vector<char*> argv{const_cast<char*>(JIANFU_BINARY), const_cast<char*>("serve")};
      for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
      argv.push_back(nullptr);
      ::execv(JIANFU_BINARY, argv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    err_ = ::fdopen(fds[0], "r");
    char line[4096];
    while (std::fgets(line, sizeof line, err_)) {
      stderr_ += line;
      std::smatch m;
      const std::string s = line;
      if (std::regex_search(s, m, std::regex("http://127\\.0\\.0\\.1:([0-9]+)"))) return std::stoi(m[1]);
    }
    return 0;
  }

  // The rest of the server's standard error, once it has exited.
  std::string RestOfStderr() {
    char line[4096];
    while (std::fgets(line, sizeof line, err_)) stderr_ += line;
    return stderr_;
  }

  pid_t pid_ = -1;
  FILE* err_ = nullptr;
  std::vector<std::pair<pid_t, FILE*>> earlier_;  // servers started before the last
  std::string stderr_;
};

// One HTTP/1.1 request with Connection: close; the whole response.
std::string Http(int port, const std::string& method, const std::string& target, const std::string& body = "",
                 const std::string& headers = "") {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket s(ioc);
  s.connect({boost::asio::ip::make_address("127.0.0.1"), static_cast<unsigned short>(port)});
  const std::string req = method + " " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + headers +
                          "Content-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                          "\r\n\r\n" + body;
  boost::asio::write(s, boost::asio::buffer(req));
  std::string out;
  boost::system::error_code ec;
  char buf[4096];
  while (size_t n = s.read_some(boost::asio::buffer(buf), ec)) out.append(buf, n);
  return out;
}

TEST_F(ServeCli, ServesFromAConfigFileAndStopsOnSigterm) {
  std::ofstream(dir_ / "jianfu.toml") << "[server]\nlisten = \"127.0.0.1:0\"\nthreads = 2\n"
                                         "access_log = \"access.log\"\n[auth]\ndev_open = true\n";
  const int port = Serve({"--config", "jianfu.toml"});
  ASSERT_GT(port, 0) << stderr_;
  EXPECT_NE(Http(port, "GET", "/healthz").find("200 OK"), std::string::npos);
  const json inspection = Inspection();
  const std::string filed = Http(port, "POST", "/api/v1/demands", inspection.dump());
  EXPECT_NE(filed.find("201 Created"), std::string::npos) << filed;

  ASSERT_EQ(::kill(pid_, SIGTERM), 0);
  int status = 0;
  ASSERT_EQ(::waitpid(pid_, &status, 0), pid_);
  pid_ = -1;
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(RestOfStderr().find("已停止"), std::string::npos) << stderr_;
  EXPECT_NE(stderr_.find("dev_open"), std::string::npos);  // the warning

  std::ifstream log(dir_ / "access.log");
  std::string line;
  int lines = 0;
  while (std::getline(log, line)) {
    ++lines;
    EXPECT_TRUE(json::parse(line).contains("status"));
  }
  EXPECT_EQ(lines, 2);
  const json list = json::parse(Jianfu("demands list").out);
  EXPECT_EQ(list["demands"].size(), 1u);
}

// The body of a response read by Http.
json Body(const std::string& response) {
  const size_t at = response.find("\r\n\r\n");
  return json::parse(at == std::string::npos ? "" : response.substr(at + 4), nullptr, false);
}

// Two `jianfu serve` processes on one database, as behind a load balancer
// (docs/server.md): a filing through one is read, verified as registered
// and counted in the history through the other.
TEST_F(ServeCli, TwoProcessesOnOneDatabaseSeeEachOthersFilings) {
  std::ofstream(dir_ / "open.toml")
      << "[server]\nlisten = \"127.0.0.1:0\"\nthreads = 2\naccess_log = \"off\"\n"
         "[auth]\ndev_open = true\n";
  const int a = Serve({"--config", "open.toml"});
  ASSERT_GT(a, 0) << stderr_;
  const int b = Serve({"--config", "open.toml"});
  ASSERT_GT(b, 0) << stderr_;
  const json inspection = Inspection();
  std::string r = Http(a, "POST", "/api/v1/demands", inspection.dump());
  ASSERT_NE(r.find("201 Created"), std::string::npos) << r;
  const json first = Body(r);
  const std::string id = std::to_string(first["id"].get<int64_t>()), code = first["code"];
  r = Http(b, "GET", "/api/v1/demands/" + id);
  ASSERT_NE(r.find("200 OK"), std::string::npos) << r;
  EXPECT_EQ(Body(r)["code"], code);
  r = Http(b, "GET", "/api/v1/verify/" + code);
  EXPECT_EQ(Body(r)["registered"], true) << r;
  r = Http(b, "POST", "/api/v1/demands", inspection.dump());
  ASSERT_NE(r.find("201 Created"), std::string::npos) << r;
  const json second = Body(r);
  bool ins20 = false;
  for (const auto& f : second["findings"]) ins20 = ins20 || f["rule"] == "INS-20";
  EXPECT_TRUE(ins20) << r;
}

TEST_F(ServeCli, AccountsAddedFromTheCommandLineLogIn) {
  auto r = Jianfu("users add nyj --role filer --unit yx-nyj < /dev/null");
  EXPECT_EQ(r.status, 2);  // no password
  r = jianfu::testing::Jianfu("users add nyj --role filer --unit yx-nyj", true,
                              "cd '" + dir_.string() + "' && printf 'secret-password\\n' | ");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("填报单位"), std::string::npos);
  r = jianfu::testing::Jianfu("users add nyj --role filer --unit yx-nyj", true,
                              "cd '" + dir_.string() + "' && printf 'secret-password\\n' | ");
  EXPECT_EQ(r.status, 2);  // exists
  const json list = json::parse(Jianfu("users list").out);
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0]["role"], "filer");
  EXPECT_FALSE(list[0].contains("password_hash"));

  r = jianfu::testing::Jianfu("users token nyj --days 30", false, "cd '" + dir_.string() + "' && ");
  ASSERT_EQ(r.status, 0);
  const std::string token = r.out.substr(0, r.out.find('\n'));
  EXPECT_EQ(token.size(), 43u) << r.out;
  EXPECT_EQ(Jianfu("users token nobody").status, 2);

  const int port = Serve({"--listen", "127.0.0.1:0"});
  ASSERT_GT(port, 0) << stderr_;
  EXPECT_NE(Http(port, "GET", "/api/v1/demands").find("401"), std::string::npos);
  EXPECT_NE(Http(port, "GET", "/api/v1/me", "", "Authorization: Bearer " + token + "\r\n").find("200 OK"),
            std::string::npos);
  const std::string login =
      Http(port, "POST", "/api/v1/login", R"({"name":"nyj","password":"secret-password"})");
  EXPECT_NE(login.find("200 OK"), std::string::npos) << login;
  EXPECT_NE(login.find("Set-Cookie: jianfu_session="), std::string::npos);
}

// An account's lifecycle from the command line, against a running server:
// a revoked token, a reset password and a removed account stop working at
// once, and each change is in the audit log.
TEST_F(ServeCli, AccountsArePasswdResetRevokedAndRemovedFromTheCommandLine) {
  auto with_input = [&](const std::string& input, const std::string& args) {
    return jianfu::testing::Jianfu(args, true, "cd '" + dir_.string() + "' && printf '" + input + "\\n' | ");
  };
  ASSERT_EQ(with_input("secret-password", "users add nyj --role filer --unit yx-nyj").status, 0);
  auto r = jianfu::testing::Jianfu("users token nyj --days 30", false, "cd '" + dir_.string() + "' && ");
  ASSERT_EQ(r.status, 0);
  const std::string token = r.out.substr(0, r.out.find('\n'));
  const int port = Serve({"--listen", "127.0.0.1:0"});
  ASSERT_GT(port, 0) << stderr_;
  auto login = [&](const std::string& password) {
    const std::string response =
        Http(port, "POST", "/api/v1/login", json({{"name", "nyj"}, {"password", password}}).dump());
    const size_t at = response.find("Set-Cookie: ");
    if (response.find("200 OK") == std::string::npos || at == std::string::npos) return std::string();
    return "Cookie: " + response.substr(at + 12, response.find(';', at) - at - 12) + "\r\n";
  };
  auto me = [&](const std::string& headers) { return Http(port, "GET", "/api/v1/me", "", headers); };
  const std::string cookie = login("secret-password");
  ASSERT_FALSE(cookie.empty());
  const std::string bearer = "Authorization: Bearer " + token + "\r\n";
  EXPECT_NE(me(bearer).find("200 OK"), std::string::npos);

  // The token and the session, by id; the token revoked.
  const json tokens = json::parse(Jianfu("users tokens nyj").out);
  ASSERT_EQ(tokens.size(), 2u);
  std::string api_id;
  for (const auto& t : tokens)
    if (t["kind"] == "api") api_id = t["id"];
  ASSERT_EQ(api_id.size(), 12u);
  EXPECT_EQ(Jianfu("users revoke-token nyj zzzzzz").status, 2);
  EXPECT_EQ(Jianfu("users revoke-token nyj " + api_id).status, 0);
  EXPECT_NE(me(bearer).find("401"), std::string::npos);
  EXPECT_NE(me(cookie).find("200 OK"), std::string::npos);

  // An administrator's reset ends the sessions; the new password logs in.
  EXPECT_EQ(with_input("short", "users passwd nyj").status, 2);
  EXPECT_EQ(with_input("another-password", "users passwd nobody").status, 2);
  ASSERT_EQ(with_input("another-password", "users passwd nyj").status, 0);
  EXPECT_NE(me(cookie).find("401"), std::string::npos);
  EXPECT_TRUE(login("secret-password").empty());
  const std::string again = login("another-password");
  ASSERT_FALSE(again.empty());

  ASSERT_EQ(Jianfu("users remove nyj").status, 0);
  EXPECT_NE(me(again).find("401"), std::string::npos);
  EXPECT_EQ(Jianfu("users remove nyj").status, 2);
  EXPECT_EQ(json::parse(Jianfu("users list").out).size(), 0u);
  const std::string log = Jianfu("audit list").out;
  for (const char* action : {"token.revoke", "user.password", "user.remove"})
    EXPECT_NE(log.find(action), std::string::npos) << action << "\n" << log;
  EXPECT_EQ(Jianfu("audit verify").status, 0);
}

TEST_F(ServeCli, BadConfigIsAChineseErrorNamingTheKey) {
  std::ofstream(dir_ / "bad.toml") << "[server]\nthreads = -1\n";
  auto r = Jianfu("serve --config bad.toml");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("server.threads"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("错误"), std::string::npos);
  std::ofstream(dir_ / "open.toml") << "[auth]\ndev_open = true\n";
  r = Jianfu("serve --config open.toml --listen 0.0.0.0:0");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("dev_open"), std::string::npos) << r.out;
}

}  // namespace
