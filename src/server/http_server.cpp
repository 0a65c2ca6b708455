// The HTTP/1.1 core: listener, sessions (keep-alive, limits, timeouts),
// graceful shutdown and the access log. The API itself is in api*.cpp.
// clang-format off
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange without it
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
// clang-format on
#include <atomic>
#include <cstdio>
#include <ctime>
#include <list>
#include <mutex>
#include <thread>

#include "api.h"
#include "http.h"
#include "jianfu/server/server.h"
#include "metrics.h"

namespace jianfu::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

class Session;

struct Server::Impl {
  // Declared before the io_context so that they outlive it: destroying it
  // destroys the handlers still queued (after a shutdown timeout), and with
  // them Sessions, whose destructors touch these.
  Config config;
  Services services;
  std::atomic<size_t> in_flight{0};
  std::atomic<size_t> connections{0};
  std::atomic<bool> stopping{false};
  std::atomic<bool> destroying{false};
  std::mutex sessions_mu;
  std::list<std::weak_ptr<Session>> sessions;
  std::mutex log_mu;
  std::FILE* log_file = nullptr;  // stderr, a file, or null (off)
  Metrics metrics;

  asio::io_context ioc;
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  asio::steady_timer accept_timer{acceptor.get_executor()};
  uint64_t accepted = 0;  // connections accepted (under sessions_mu)
  asio::signal_set signals{ioc};
  asio::steady_timer shutdown_timer{ioc};
  std::vector<std::thread> threads;
  Router router;
  std::unique_ptr<Api> api;

  ~Impl() {
    destroying = true;
    if (log_file && log_file != stderr) std::fclose(log_file);
  }
  // Connections accepted at once from the backlog after each async accept.
  static constexpr int kAcceptBurst = 64;

  void Accept();
  void Admit(tcp::socket socket);  // a Session, unless max_connections are open
  void Shutdown();
  void MaybeFinished();
  void Log(std::string_view line);
  // The reply, or nullopt when a deferred route will answer through respond.
  std::optional<Reply> Handle(const Request& req, const std::string& remote, std::string& route,
                              const Respond& respond);
};

namespace {

// Query parameters whose values never reach the log.
bool Secret(std::string name) {
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const char* s : {"token", "pass", "secret", "key", "session", "auth", "cookie"})
    if (name.find(s) != std::string::npos) return true;
  return false;
}

// The query string with the values of secret-looking parameters replaced.
std::string RedactQuery(std::string_view query) {
  std::string out;
  size_t start = 0;
  while (start <= query.size() && !query.empty()) {
    size_t end = query.find('&', start);
    if (end == std::string_view::npos) end = query.size();
    std::string_view part = query.substr(start, end - start);
    const size_t eq = part.find('=');
    if (!out.empty()) out += '&';
    if (eq != std::string_view::npos && Secret(std::string(part.substr(0, eq))))
      out += std::string(part.substr(0, eq)) + "=***";
    else
      out += part;
    start = end + 1;
  }
  return out;
}

std::string UtcNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900, tm.tm_mon + 1,
                tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

}  // namespace

// One client connection: idle wait -> read one request -> handle -> write,
// repeated while keep-alive holds. Every step runs on the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Server::Impl& server)
      : stream_(std::move(socket)), server_(server), read_timer_(stream_.get_executor()) {
    ++server_.connections;
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ = ep.address().to_string();
  }
  ~Session() {
    if (counted_) --server_.in_flight;
    --server_.connections;
    server_.MaybeFinished();
  }

  void Start() {
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Idle, shared_from_this()));
  }

  // Graceful shutdown: an idle connection is closed now; one in the middle
  // of a request finishes it and closes after the response.
  void Stop() {
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      beast::error_code ignored;  // the socket may be closed already
      if (self->phase_ == Phase::kIdle) self->stream_.socket().cancel(ignored);
    });
  }

 private:
  enum class Phase { kIdle, kReading, kWriting, kClosing };

  void Idle() {
    if (server_.stopping) return Close();
    if (buffer_.size() > 0) return Read();  // a pipelined request is already here
    phase_ = Phase::kIdle;
    stream_.expires_after(server_.config.idle_timeout);
    stream_.async_read_some(buffer_.prepare(4096),
                            beast::bind_front_handler(&Session::OnIdle, shared_from_this()));
  }

  void OnIdle(beast::error_code ec, size_t n) {
    if (ec) return Close();  // idle timeout, client closed, or shutdown
    buffer_.commit(n);
    Read();
  }

  void Read() {
    phase_ = Phase::kReading;
    if (!counted_) {
      counted_ = true;
      ++server_.in_flight;
    }
    parser_.emplace();
    parser_->header_limit(static_cast<uint32_t>(server_.config.max_header_bytes));
    parser_->body_limit(server_.config.max_body_bytes);
    // The read timeout cancels the read rather than closing the socket (as
    // tcp_stream's own expiry would), so the client still gets its 408.
    stream_.expires_never();
    timed_out_ = false;
    read_timer_.expires_after(server_.config.read_timeout);
    read_timer_.async_wait(
        [self = shared_from_this(), generation = ++read_generation_](beast::error_code ec) {
          if (ec || generation != self->read_generation_ || self->phase_ != Phase::kReading) return;
          self->timed_out_ = true;
          beast::error_code ignored;
          self->stream_.socket().cancel(ignored);
        });
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  // A client that sent "Expect: 100-continue" (curl does for bodies over
  // 1 KiB) waits for the interim response before sending the body; one
  // whose body is over the limit got its 413 from the header already.
  void OnHeader(beast::error_code ec, size_t n) {
    if (ec) return OnRead(ec, n);
    if (parser_->is_done()) return OnRead(ec, n);  // no body (a GET): nothing more to read
    const std::string_view expect = parser_->get()[http::field::expect];
    if (!parser_->is_done() && beast::iequals(expect, "100-continue")) {
      static constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
      return asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                               [self = shared_from_this()](beast::error_code ec, size_t) {
                                 if (ec) return self->OnRead(ec, 0);
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    read_timer_.cancel();
    ++read_generation_;
    if (timed_out_) return Fail(http::status::request_timeout, "request_timeout", "请求超时：客户端发送太慢");
    if (ec == http::error::body_limit)
      return Fail(http::status::payload_too_large, "body_too_large",
                  "请求体过大（上限 " + std::to_string(server_.config.max_body_bytes) + " 字节）");
    if (ec == http::error::header_limit)
      return Fail(http::status::request_header_fields_too_large, "header_too_large",
                  "请求头过大（上限 " + std::to_string(server_.config.max_header_bytes) + " 字节）");
    // A malformed request (bad method, target, version, header, chunk…);
    // a client that closed mid-request gets no answer.
    if (ec && ec.category() == http::make_error_code(http::error::bad_target).category() &&
        ec != http::error::end_of_stream && ec != http::error::partial_message)
      return Fail(http::status::bad_request, "bad_request", "HTTP 请求格式错误");
    if (ec) return Close();

    Request req = parser_->release();
    parser_.reset();
    const auto started = Clock::now();
    const bool keep_alive = req.keep_alive();
    const unsigned version = req.version();
    method_ = std::string(req.method_string());
    target_ = std::string(req.target());
    head_ = req.method() == http::verb::head;
    // A deferred reply is written on this connection's strand, so after
    // this handler has returned, whichever thread answers.
    Respond respond = [self = shared_from_this(), keep_alive, version, started](Reply reply) {
      asio::post(self->stream_.get_executor(),
                 [self, reply = std::move(reply), keep_alive, version, started]() mutable {
                   self->Write(std::move(reply), keep_alive && !self->server_.stopping, version, started);
                 });
    };
    std::string route;
    std::optional<Reply> reply = server_.Handle(req, remote_, route, respond);
    route_ = route.empty() ? "unmatched" : route;
    if (reply) Write(std::move(*reply), keep_alive && !server_.stopping, version, started);
  }

  // Answers a request that could not be read, then closes.
  void Fail(http::status status, std::string_view code, const std::string& message) {
    method_ = parser_ && parser_->is_header_done() ? std::string(parser_->get().method_string()) : "-";
    target_ = parser_ && parser_->is_header_done() ? std::string(parser_->get().target()) : "-";
    route_ = "unmatched";
    head_ = false;
    parser_.reset();
    Write(ErrorReply(status, code, message), false, 11, Clock::now());
  }

  void Write(Reply reply, bool keep_alive, unsigned version, Clock::time_point started) {
    phase_ = Phase::kWriting;
    started_ = started;
    auto res = std::make_shared<http::response<http::string_body>>(reply.status, version);
    res->set(http::field::server, "jianfu");
    res->set(http::field::content_type, reply.content_type);
    res->set(http::field::cache_control, "no-store");
    res->set("X-Content-Type-Options", "nosniff");
    for (auto& [field, value] : reply.headers) res->set(field, value);
    res->body() = std::move(reply.body);
    res->keep_alive(keep_alive);
    res->prepare_payload();
    if (head_) res->body().clear();  // the GET's headers, Content-Length included, and no body
    response_ = res;
    stream_.expires_after(server_.config.write_timeout);
    http::async_write(stream_, *res, beast::bind_front_handler(&Session::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t) {
    const auto elapsed = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_);
    const unsigned status = response_->result_int();
    const bool keep_alive = response_->keep_alive();
    LogRequest(status, response_->body().size(), elapsed);
    server_.metrics.Observe(route_, method_, status, elapsed);
    response_.reset();
    if (counted_) {
      counted_ = false;
      --server_.in_flight;
    }
    if (ec) return Close();
    if (!keep_alive) return Linger();
    Idle();
  }

  void LogRequest(unsigned status, size_t bytes, std::chrono::microseconds elapsed) {
    if (!server_.log_file && !server_.services.access_log) return;
    const size_t q = target_.find('?');
    std::string path = target_.substr(0, q);
    if (path.size() > 512) path.resize(512);
    nlohmann::json line = {{"ts", UtcNow()}, {"remote", remote_},    {"method", method_},
                           {"path", path},   {"route", route_},      {"status", status},
                           {"bytes", bytes}, {"us", elapsed.count()}};
    if (q != std::string::npos) line["query"] = RedactQuery(std::string_view(target_).substr(q + 1, 512));
    server_.Log(line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  }

  // Half-closes, then discards what the client still sends (at most 1 MiB,
  // at most a second) so that closing does not reset the connection before
  // the client has read the response (a 413 sent before the body was read).
  void Linger() {
    phase_ = Phase::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    if (ec) return Close();
    stream_.expires_after(std::chrono::seconds(1));
    Drain();
  }
  void Drain() {
    stream_.async_read_some(asio::buffer(discard_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (1u << 20)) return self->Close();
                              self->Drain();
                            });
  }

  void Close() {
    phase_ = Phase::kClosing;
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();
  }

  beast::tcp_stream stream_;
  Server::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<http::response<http::string_body>> response_;
  Phase phase_ = Phase::kIdle;
  bool counted_ = false;  // counted in server_.in_flight
  std::string remote_, method_, target_, route_;
  bool head_ = false;  // the request being answered is a HEAD
  Clock::time_point started_;
  asio::steady_timer read_timer_;
  uint64_t read_generation_ = 0;  // which read a firing read_timer_ belongs to
  bool timed_out_ = false;
  std::array<char, 8192> discard_;
  size_t drained_ = 0;
};

void Server::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (stopping || !acceptor.is_open()) return;
    if (ec) {
      // Out of file descriptors or the like: retry shortly rather than spin.
      accept_timer.expires_after(std::chrono::milliseconds(50));
      accept_timer.async_wait([this](beast::error_code) { Accept(); });
      return;
    }
    Admit(std::move(socket));
    // Then the connections already waiting in the backlog, without waiting
    // (the acceptor is non-blocking). Each async_accept completes behind
    // every handler already queued, so under load a burst of new
    // connections was let in one per pass through the queue: 256 at once
    // waited up to two seconds for their first response
    // (docs/PERFORMANCE.md, "Server"). Bounded, so accepting cannot starve
    // the connections already open.
    for (int i = 0; i < kAcceptBurst && !stopping; ++i) {
      tcp::socket next(asio::make_strand(ioc));
      beast::error_code e;
      acceptor.accept(next, e);
      if (e) break;  // would_block: the backlog is empty; an error: async_accept meets it again
      Admit(std::move(next));
    }
    Accept();
  });
}

void Server::Impl::Admit(tcp::socket socket) {
  if (connections >= config.max_connections) {
    beast::error_code ignored;
    socket.close(ignored);  // over the limit: refused at once
    return;
  }
  auto session = std::make_shared<Session>(std::move(socket), *this);
  {
    std::lock_guard lock(sessions_mu);
    if (++accepted % 256 == 0)
      sessions.remove_if([](const std::weak_ptr<Session>& w) { return w.expired(); });
    sessions.push_back(session);
  }
  session->Start();
}

void Server::Impl::Shutdown() {
  if (stopping.exchange(true)) return;
  asio::post(acceptor.get_executor(), [this] {
    beast::error_code ec;
    acceptor.close(ec);
    accept_timer.cancel();
  });
  asio::post(ioc, [this] {
    beast::error_code ec;
    signals.cancel(ec);
    shutdown_timer.expires_after(config.shutdown_timeout);
    shutdown_timer.async_wait([this](beast::error_code ec) {
      if (!ec) ioc.stop();  // time is up: cut what is left
    });
    MaybeFinished();
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::lock_guard lock(sessions_mu);
    for (auto& w : sessions)
      if (auto s = w.lock()) live.push_back(std::move(s));
  }
  for (auto& s : live) s->Stop();
}

void Server::Impl::MaybeFinished() {
  if (stopping && !destroying && connections == 0) asio::post(ioc, [this] { shutdown_timer.cancel(); });
}

void Server::Impl::Log(std::string_view line) {
  if (services.access_log) return services.access_log(line);
  if (!log_file) return;
  std::lock_guard lock(log_mu);
  std::fwrite(line.data(), 1, line.size(), log_file);
  std::fputc('\n', log_file);
  std::fflush(log_file);
}

std::optional<Reply> Server::Impl::Handle(const Request& req, const std::string& remote, std::string& route,
                                          const Respond& respond) {
  const std::string_view target = req.target();
  if (target.empty() || target.front() != '/')
    return ErrorReply(http::status::bad_request, "bad_target", "请求地址应以 / 开头");
  const size_t q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? std::string_view() : target.substr(q + 1);
  auto resolved = router.Resolve(req.method(), path);
  route = resolved.pattern;
  if (resolved.reply) return std::move(*resolved.reply);
  const Route& r = *resolved.route;
  const Principal principal = api->Authenticate(req);
  if (r.permission && !principal.Has(*r.permission)) {
    if (!principal.authenticated()) {
      Reply reply = ErrorReply(http::status::unauthorized, "unauthenticated", "需要登录后才能使用此功能");
      reply.headers.emplace_back(http::field::www_authenticate, "Bearer realm=\"jianfu\"");
      return reply;
    }
    return ErrorReply(http::status::forbidden, "forbidden",
                      std::string("没有权限（需要 ") + PermissionName(*r.permission) + "）");
  }
  // A write on a session cookie must carry the session's CSRF token, which
  // another site's page cannot read. (A browser never sends a bearer token
  // by itself, so API tokens need none.)
  const bool safe = req.method() == http::verb::get || req.method() == http::verb::head;
  if (principal.kind == Principal::Kind::kAccount && !principal.bearer && !safe &&
      !accounts::SecureEquals(req["X-CSRF-Token"], principal.csrf))
    return ErrorReply(http::status::forbidden, "csrf", "缺少或错误的 X-CSRF-Token（登录时返回的 csrf_token）",
                      "X-CSRF-Token");
  Call call{req, std::string(path), std::move(resolved.params), {}, principal, remote};
  if (auto bad = ParseQuery(query, r.query, call.query)) return std::move(*bad);
  auto internal = [] {
    return ErrorReply(http::status::internal_server_error, "internal", "服务器内部错误");
  };
  if (r.deferred) {
    auto answered = std::make_shared<std::atomic<bool>>(false);
    Respond once = [answered, respond](Reply reply) {
      if (!answered->exchange(true)) respond(std::move(reply));
    };
    try {
      r.deferred(call, once);
    } catch (const std::exception&) {
      once(internal());
    }
    return std::nullopt;
  }
  try {
    return r.handler(call);
  } catch (const std::exception&) {
    return internal();
  }
}

// ---- Server ----

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  Shutdown();
  Wait();
}

uint16_t Server::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::Shutdown() {
  impl_->Shutdown();
}

void Server::ShutdownOnSignals() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([impl = impl_.get()](beast::error_code ec, int) {
    if (!ec) impl->Shutdown();
  });
}

void Server::Wait() {
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
}

size_t Server::in_flight() const {
  return impl_->in_flight;
}

Result<std::unique_ptr<Server>> Server::Start(Config config, Services services) {
  if (!services.registry) return MakeError(ErrorCode::kInvalidArgument, "服务器缺少登记库（registry）");
  beast::error_code ec;
  const auto address = asio::ip::make_address(config.address, ec);
  if (ec)
    return MakeError(ErrorCode::kInvalidArgument, "监听地址“" + config.address + "”不是 IP 地址", {},
                     "--listen");
  if (config.dev_open && !address.is_loopback())
    return MakeError(ErrorCode::kInvalidArgument,
                     "dev_open（开发模式：任何人都有全部权限）只能监听本机回环地址（127.0.0.1 或 ::1）", {},
                     "auth.dev_open");
  auto impl = std::make_unique<Impl>();
  impl->config = std::move(config);
  impl->services = std::move(services);
  Impl& m = *impl;
  if (!m.services.access_log) {
    if (m.config.access_log == "stderr") {
      m.log_file = stderr;
    } else if (m.config.access_log != "off") {
      m.log_file = std::fopen(m.config.access_log.c_str(), "a");
      if (!m.log_file)
        return MakeError(ErrorCode::kIo, "无法打开访问日志文件", m.config.access_log, "server.access_log");
    }
  }
  m.api = std::make_unique<Api>(
      m.config, m.services, m.metrics, [&m] { return m.metrics.Render(m.in_flight, m.connections); },
      [&m](std::function<void()> work) { asio::post(m.ioc, std::move(work)); });
  m.api->AddRoutes(m.router);

  const tcp::endpoint endpoint(address, m.config.port);
  m.acceptor.open(endpoint.protocol(), ec);
  if (!ec) m.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) m.acceptor.bind(endpoint, ec);
  if (!ec) m.acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (!ec) m.acceptor.non_blocking(true, ec);  // Accept() drains the backlog without blocking
  if (ec)
    return MakeError(
        ErrorCode::kIo,
        "无法监听 " + m.config.address + ":" + std::to_string(m.config.port) + "（" + ec.message() + "）", {},
        "--listen");
  m.Accept();
  const unsigned n = m.config.threads ? m.config.threads : std::max(1u, std::thread::hardware_concurrency());
  for (unsigned i = 0; i < n; ++i)
    m.threads.emplace_back([&m] {
      // A handler that throws must not end the worker (Handle already
      // turns exceptions into 500s; this is the last line).
      while (true) {
        try {
          m.ioc.run();
          return;
        } catch (const std::exception& e) {
          m.Log(nlohmann::json{{"ts", UtcNow()}, {"error", "worker"}, {"what", e.what()}}.dump(
              -1, ' ', false, nlohmann::json::error_handler_t::replace));
        }
      }
    });
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

}  // namespace jianfu::server
