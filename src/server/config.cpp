// jianfu serve's configuration: --listen and the TOML file (docs/server.md).
#include <toml++/toml.h>

#include <charconv>

#include "jianfu/server/server.h"

namespace jianfu::server {

Status ParseListen(std::string_view listen, Config& config) {
  const auto bad = [&](const std::string& why) {
    return MakeError(ErrorCode::kInvalidArgument, "监听地址“" + std::string(listen) + "”有误：" + why, {},
                     "--listen");
  };
  const size_t colon = listen.rfind(':');
  if (colon == std::string_view::npos) return bad("应为 主机:端口，如 127.0.0.1:8080");
  std::string_view host = listen.substr(0, colon), port = listen.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  else if (host.find(':') != std::string_view::npos)
    return bad("IPv6 地址要写在方括号中，如 [::1]:8080");
  unsigned value = 0;
  auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value > 65535)
    return bad("端口应为 0—65535 的整数");
  config.address = host.empty() ? "0.0.0.0" : std::string(host);
  config.port = static_cast<uint16_t>(value);
  return Ok{};
}

namespace {

class Reader {
 public:
  explicit Reader(const std::filesystem::path& path) : path_(path.string()) {}

  Error Fail(const toml::node& node, const std::string& key, const std::string& what) const {
    const auto& src = node.source();
    return MakeError(ErrorCode::kInvalidArgument, what, path_, key, static_cast<int>(src.begin.line),
                     static_cast<int>(src.begin.column));
  }

  // An integer within [min, max].
  Result<int64_t> Int(const toml::node& node, const std::string& key, int64_t min, int64_t max) const {
    const auto* v = node.as_integer();
    if (!v || v->get() < min || v->get() > max)
      return Fail(node, key, key + " 应为 " + std::to_string(min) + "—" + std::to_string(max) + " 的整数");
    return v->get();
  }

  Status Server(const toml::table& t, Config& c) const {
    for (const auto& [k, node] : t) {
      const std::string key = "server." + std::string(k.str());
      auto ms = [&](std::chrono::milliseconds& out) -> Status {
        auto v = Int(node, key, 1, 3'600'000);
        if (!v) return v.error();
        out = std::chrono::milliseconds(*v);
        return Ok{};
      };
      Status s = Ok{};
      if (k == "listen") {
        const auto* v = node.as_string();
        if (!v) return Fail(node, key, "listen 应为字符串，如 \"127.0.0.1:8080\"");
        s = ParseListen(v->get(), c);
        if (!s.ok()) return Fail(node, key, s.error().message);
      } else if (k == "threads") {
        auto v = Int(node, key, 0, 1024);
        if (!v) return v.error();
        c.threads = static_cast<unsigned>(*v);
      } else if (k == "max_connections") {
        auto v = Int(node, key, 1, 1'000'000);
        if (!v) return v.error();
        c.max_connections = static_cast<size_t>(*v);
      } else if (k == "checkpoint_ms") {
        auto v = Int(node, key, 0, 3'600'000);
        if (!v) return v.error();
        c.checkpoint = std::chrono::milliseconds(*v);
      } else if (k == "verify_cache") {
        auto v = Int(node, key, 0, 10'000'000);
        if (!v) return v.error();
        c.verify_cache = static_cast<size_t>(*v);
      } else if (k == "max_header_bytes") {
        auto v = Int(node, key, 1024, 1 << 20);
        if (!v) return v.error();
        c.max_header_bytes = static_cast<size_t>(*v);
      } else if (k == "max_body_bytes") {
        auto v = Int(node, key, 1024, int64_t{1} << 30);
        if (!v) return v.error();
        c.max_body_bytes = static_cast<size_t>(*v);
      } else if (k == "read_timeout_ms") {
        s = ms(c.read_timeout);
      } else if (k == "idle_timeout_ms") {
        s = ms(c.idle_timeout);
      } else if (k == "write_timeout_ms") {
        s = ms(c.write_timeout);
      } else if (k == "shutdown_timeout_ms") {
        s = ms(c.shutdown_timeout);
      } else if (k == "access_log") {
        const auto* v = node.as_string();
        if (!v || v->get().empty()) return Fail(node, key, "access_log 应为 \"stderr\"、\"off\" 或文件路径");
        c.access_log = v->get();
      } else {
        return Fail(node, key, "不认识的配置项 " + key);
      }
      if (!s.ok()) return s;
    }
    return Ok{};
  }

  Status Auth(const toml::table& t, Config& c) const {
    for (const auto& [k, node] : t) {
      const std::string key = "auth." + std::string(k.str());
      const auto* flag = node.as_boolean();
      if (k == "dev_open" || k == "cookie_secure") {
        if (!flag) return Fail(node, key, key + " 应为 true 或 false");
        (k == "dev_open" ? c.dev_open : c.cookie_secure) = flag->get();
      } else if (k == "session_hours") {
        auto v = Int(node, key, 1, 24 * 30);
        if (!v) return v.error();
        c.session_hours = static_cast<int>(*v);
      } else if (k == "login_attempts") {
        auto v = Int(node, key, 1, 1000);
        if (!v) return v.error();
        c.login_attempts = static_cast<int>(*v);
      } else if (k == "login_window_minutes") {
        auto v = Int(node, key, 1, 24 * 60);
        if (!v) return v.error();
        c.login_window_minutes = static_cast<int>(*v);
      } else {
        return Fail(node, key, "不认识的配置项 " + key);
      }
    }
    return Ok{};
  }

 private:
  std::string path_;
};

}  // namespace

Status LoadConfig(const std::filesystem::path& path, Config& config) {
  toml::table root;
  try {
    root = toml::parse_file(path.string());
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    if (!std::filesystem::exists(path))
      return MakeError(ErrorCode::kNotFound, "配置文件不存在", path.string());
    return MakeError(ErrorCode::kInvalidArgument, "配置文件格式错误：" + std::string(e.description()),
                     path.string(), {}, static_cast<int>(src.begin.line), static_cast<int>(src.begin.column));
  }
  Reader reader(path);
  Config c = config;
  for (const auto& [k, node] : root) {
    const auto* table = node.as_table();
    Status s = Ok{};
    if (k == "server" && table) {
      s = reader.Server(*table, c);
    } else if (k == "auth" && table) {
      s = reader.Auth(*table, c);
    } else {
      return reader.Fail(node, std::string(k.str()),
                         "不认识的配置项 " + std::string(k.str()) + "（应为 [server] 或 [auth]）");
    }
    if (!s.ok()) return s;
  }
  config = std::move(c);
  return Ok{};
}

}  // namespace jianfu::server
