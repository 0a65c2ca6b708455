// jianfu users add | list | passwd | remove | token | tokens | revoke-token:
// local accounts for the server and API tokens for system integrations
// (docs/server.md). Every change is recorded in the audit log.
// The password is read from standard input (without echo on a terminal),
// never from the command line, where ps and shell history would keep it.
#include <termios.h>
#include <unistd.h>

#include <ctime>
#include <functional>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "commands.h"
#include "jianfu/accounts/accounts.h"
#include "jianfu/audit/audit.h"

namespace jianfu::cli {

namespace {

struct UsersArgs {
  DbArgs db;
  std::string action;  // add | list | passwd | remove | token | tokens | revoke-token
  std::string name, role, unit;
  std::string token;  // revoke-token: an id as `tokens` lists it, or "all"
  int days = 365;     // token
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

// How `tokens` names a token or session: the first hex digits of its hash
// (neither the token nor the whole hash, which is what the server looks up).
std::string TokenId(const store::SessionRecord& r) {
  return r.token_hash.substr(0, 12);
}

Error NoAccount(const std::string& name) {
  return MakeError(ErrorCode::kNotFound, "账号“" + name + "”不存在", {}, "name");
}

// Runs `write` with its audit entry; prints the error and says false on failure.
bool Record(store::Store& store, store::AuditEntry entry, const std::function<Status()>& write) {
  if (auto s = audit::Recorded(store, std::move(entry), [&](store::AuditEntry&) { return write(); });
      !s.ok()) {
    PrintError(s.error());
    return false;
  }
  return true;
}

int RunAccountChange(const UsersArgs& args, store::Store& store) {
  if (args.name.empty()) {
    PrintError(MakeError(ErrorCode::kInvalidArgument, "users " + args.action + " 需要账号名 NAME"));
    return kExitError;
  }
  auto account = store.GetAccount(args.name);
  if (!account || !account->has_value()) {
    PrintError(account ? NoAccount(args.name) : account.error());
    return kExitError;
  }
  const std::string object = "account/" + args.name;
  if (args.action == "passwd") {
    // An administrator's reset: every login session of the account ends.
    auto hash = accounts::HashPassword(ReadPassword("新密码（至少 8 个字符）："));
    if (!hash) {
      PrintError(hash.error());
      return kExitError;
    }
    if (!Record(store, audit::Entry(audit::CliActor(), audit::kUserPassword, object, {{"reset", true}}),
                [&] { return store.SetPassword(args.name, *hash, ""); }))
      return kExitError;
    std::cout << "已重设账号 " << args.name << " 的密码，其登录会话已全部结束\n";
    return kExitClean;
  }
  if (args.action == "remove") {
    const auto& a = **account;
    if (!Record(
            store,
            audit::Entry(audit::CliActor(), audit::kUserRemove, object, {{"role", a.role}, {"unit", a.unit}}),
            [&] { return store.RemoveAccount(args.name); }))
      return kExitError;
    std::cout << "已删除账号 " << args.name << "，其登录会话和 API 令牌即时失效\n";
    return kExitClean;
  }
  auto sessions = store.ListSessions(args.name);
  if (!sessions) {
    PrintError(sessions.error());
    return kExitError;
  }
  if (args.action == "tokens") {
    const int64_t now = static_cast<int64_t>(std::time(nullptr));
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : *sessions)
      out.push_back({{"id", TokenId(r)},
                     {"kind", r.kind == store::SessionRecord::Kind::kApiToken ? "api" : "session"},
                     {"created_at", r.created_at},
                     {"expires_at", r.expires_at},
                     {"expired", r.expires_at <= now}});
    std::cout << out.dump(2) << '\n';
    return kExitClean;
  }
  // revoke-token
  std::vector<std::string> hashes;
  nlohmann::json ids = nlohmann::json::array();
  for (const auto& r : *sessions)
    if (args.token == "all" || (args.token.size() >= 6 && TokenId(r).rfind(args.token, 0) == 0)) {
      hashes.push_back(r.token_hash);
      ids.push_back(TokenId(r));
    }
  if (args.token.empty() || hashes.empty() || (args.token != "all" && hashes.size() > 1)) {
    PrintError(MakeError(ErrorCode::kNotFound,
                         hashes.size() > 1
                             ? "令牌编号“" + args.token + "”不唯一，请写得更长"
                             : "账号 " + args.name + " 没有编号为“" + args.token +
                                   "”的令牌（jianfu users tokens " + args.name + " 列出；或写 all）",
                         {}, "token"));
    return kExitError;
  }
  if (!Record(store,
              audit::Entry(audit::CliActor(), audit::kTokenRevoke, object,
                           {{"tokens", ids}, {"count", hashes.size()}}),
              [&]() -> Status {
                for (const auto& h : hashes)
                  if (auto s = store.DeleteSession(h); !s.ok()) return s;
                return Ok{};
              }))
    return kExitError;
  std::cout << "已吊销账号 " << args.name << " 的 " << hashes.size() << " 个令牌或会话，即时生效\n";
  return kExitClean;
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
  if (args.action == "passwd" || args.action == "remove" || args.action == "tokens" ||
      args.action == "revoke-token")
    return RunAccountChange(args, registry->store());
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
    auto entry = audit::Entry(audit::CliActor(), audit::kTokenAdd, "account/" + args.name,
                              {{"expires_at", record.expires_at}});
    if (auto s =
            audit::Recorded(registry->store(), std::move(entry),
                            [&](store::AuditEntry&) { return registry->store().AddSession(record, now); });
        !s.ok()) {
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
  auto entry = audit::Entry(audit::CliActor(), audit::kUserAdd, "account/" + args.name,
                            {{"role", account->role}, {"unit", account->unit}});
  if (auto s = audit::Recorded(registry->store(), std::move(entry),
                               [&](store::AuditEntry&) { return registry->store().AddAccount(*account); });
      !s.ok()) {
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
  c->add_option("action", args->action,
                "add、list、passwd（重设密码）、remove（删除账号）、token（为系统对接签发 API 令牌）、"
                "tokens（列出令牌和会话）或 revoke-token（吊销）")
      ->required()
      ->check(CLI::IsMember({"add", "list", "passwd", "remove", "token", "tokens", "revoke-token"}));
  c->add_option("name", args->name, "账号名");
  c->add_option("token", args->token, "revoke-token：令牌编号（tokens 列出的 id，至少前 6 位），或 all");
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
