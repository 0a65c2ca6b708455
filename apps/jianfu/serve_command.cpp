// jianfu serve: the HTTP API on the registry (docs/server.md).
#include <iostream>

#include "commands.h"
#include "jianfu/server/server.h"

namespace jianfu::cli {

namespace {

struct ServeArgs {
  DbArgs db;
  std::string listen;  // overrides [server] listen of the config file
  std::string config;  // TOML file
};

int RunServe(const ServeArgs& args) {
  server::Config config;
  if (!args.config.empty()) {
    if (auto s = server::LoadConfig(args.config, config); !s.ok()) {
      PrintError(s.error());
      return kExitError;
    }
  }
  if (!args.listen.empty()) {
    if (auto s = server::ParseListen(args.listen, config); !s.ok()) {
      PrintError(s.error());
      return kExitError;
    }
  }
  auto registry = OpenRegistry(args.db, false);
  if (!registry) return kExitError;
  auto checker = MakeChecker(args.db.rules);
  if (!checker) return kExitError;

  server::Services services;
  services.registry = registry.get();
  services.checker = checker.get();
  if (auto key = codes::LoadPublicKey(KeyPaths(args.db.db, args.db.keys).second); key.ok()) {
    services.public_key = *key;
  } else {
    std::cerr << "jianfu: 警告：" << key.error().ToString() << "（/api/v1/verify 不可用）\n";
  }
  const std::string db = args.db.db;
  services.open_reader = [db]() { return store::OpenStore(db, false); };

  auto started = server::Server::Start(config, std::move(services));
  if (!started) {
    PrintError(started.error());
    return kExitError;
  }
  auto& srv = **started;
  srv.ShutdownOnSignals();
  const bool v6 = config.address.find(':') != std::string::npos;
  std::cerr << "jianfu serve：正在监听 http://" << (v6 ? "[" : "") << config.address << (v6 ? "]" : "") << ":"
            << srv.port() << "（数据库 " << store::DisplayName(db) << "；Ctrl-C 或 SIGTERM 停止）\n";
  if (config.dev_open)
    std::cerr << "jianfu: 警告：dev_open 已打开，任何访问者都有全部权限，只可用于本机开发\n";
  srv.Wait();
  std::cerr << "jianfu serve：已停止\n";
  return kExitClean;
}

}  // namespace

Command AddServeCommand(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  auto* c = app.add_subcommand("serve", "启动 HTTP 服务（JSON API，docs/server.md）");
  c->add_option("--listen", args->listen, "监听地址 主机:端口（默认 127.0.0.1:8080）");
  c->add_option("--config", args->config, "配置文件（TOML：[server] 与 [auth]）");
  AddDbOptions(*c, args->db);
  return {c, [args] { return RunServe(*args); }};
}

}  // namespace jianfu::cli
