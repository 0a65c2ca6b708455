// jianfu users add | list | token: local accounts for the server and API
// tokens for system integrations (docs/server.md).
// The password is read from standard input (without echo on a terminal),
// never from the command line, where ps and shell history would keep it.
#include <termios.h>
#include <unistd.h>

#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "jianfu/accounts/accounts.h"

namespace jianfu::cli {

namespace {

struct UsersArgs {
  DbArgs db;
  std::string action;  // add | list | token
  std::string name, role, unit;
  int days = 365;  // token
};

// One line of standard input; on a terminal, prompted and not echoed.
std::string ReadPassword(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << '\n';
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int RunUsers(const UsersArgs& args) {
  auto registry = OpenRegistry(args.db, false);
  if (!registry) return kExitError;
  if (args.action == "list") {
    auto list = registry->store().ListAccounts();
    if (!list) {
      PrintError(list.error());
      return kExitError;
    }
    nlohmann::json out = nlohmann::json::array();
    for (const auto& a : *list)
      out.push_back({{"name", a.name}, {"role", a.role}, {"unit", a.unit}, {"created_at", a.created_at}});
    std::cout << out.dump(2) << '\n';
    return kExitClean;
  }
  if (args.action == "token") {
    // An API token for a system integration (Authorization: Bearer …),
    // acting as this account; printed once, only its hash is kept.
    auto account = registry->store().GetAccount(args.name);
    if (!account || !account->has_value()) {
      PrintError(account ? MakeError(ErrorCode::kNotFound, "账号“" + args.name + "”不存在", {}, "name")
                         : account.error());
      return kExitError;
    }
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    const std::string token = accounts::NewToken();
    store::SessionRecord record;
    record.token_hash = accounts::TokenHash(token);
    record.account = args.name;
    record.created_at = now;
    record.expires_at = now + int64_t{args.days} * 86400;
    record.kind = store::SessionRecord::Kind::kApiToken;
    if (auto s = registry->store().AddSession(record, now); !s.ok()) {
      PrintError(s.error());
      return kExitError;
    }
    std::cerr << "账号 " << args.name << " 的 API 令牌（" << args.days
              << " 天内有效；只显示这一次，请求头 Authorization: Bearer 令牌）：\n";
    std::cout << token << '\n';
    return kExitClean;
  }
  if (args.name.empty() || args.role.empty() || args.unit.empty()) {
    PrintError(MakeError(ErrorCode::kInvalidArgument, "users add 需要 NAME、--role 和 --unit"));
    return kExitError;
  }
  const std::string password = ReadPassword("密码（至少 8 个字符）：");
  auto account = accounts::NewAccount(args.name, password, args.role, args.unit, registry->tree(),
                                      static_cast<int64_t>(std::time(nullptr)));
  if (!account) {
    PrintError(account.error());
    return kExitError;
  }
  if (auto s = registry->store().AddAccount(*account); !s.ok()) {
    PrintError(s.error());
    return kExitError;
  }
  const auto role = *accounts::ParseRole(args.role);
  std::cout << "已添加账号 " << args.name << "（" << accounts::RoleLabel(role) << "，范围：" << args.unit
            << " 及下属单位）\n";
  return kExitClean;
}

}  // namespace

Command AddUsersCommand(CLI::App& app) {
  auto args = std::make_shared<UsersArgs>();
  auto* c = app.add_subcommand("users", "管理服务器的本地账号（密码从标准输入读取）");
  c->add_option("action", args->action, "add、list 或 token（为系统对接签发 API 令牌）")
      ->required()
      ->check(CLI::IsMember({"add", "list", "token"}));
  c->add_option("name", args->name, "账号名（add、token）");
  c->add_option("--days", args->days, "令牌有效天数（token）")
      ->capture_default_str()
      ->check(CLI::Range(1, 3650));
  c->add_option("--role", args->role, "角色：filer、grassroots、office、auditor、admin")
      ->check(CLI::IsMember({"filer", "grassroots", "office", "auditor", "admin"}));
  c->add_option("--unit", args->unit, "账号所属单位（区划代码或机关编号），权限限于其下属范围");
  AddDbOptions(*c, args->db);
  return {c, [args] { return RunUsers(*args); }};
}

}  // namespace jianfu::cli
