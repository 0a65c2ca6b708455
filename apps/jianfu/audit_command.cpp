// jianfu audit verify | list: the hash-chained audit log (docs/audit.md).
#include <ctime>
#include <iostream>

#include "commands.h"
#include "jianfu/audit/audit.h"

namespace jianfu::cli {
namespace {

struct AuditArgs {
  DbArgs db;
  std::string action;               // verify | list (the sub-subcommand given)
  std::vector<std::string> expect;  // anchors SEQ:HASH
  std::string format = "text";
  int64_t after = 0;
  size_t limit = 100;
};

std::string Time(int64_t at) {
  const std::time_t t = static_cast<std::time_t>(at + 8 * 3600);  // 北京时间
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
  return buf;
}

int Verify(store::Store& store, const AuditArgs& args) {
  std::vector<audit::Anchor> anchors;
  for (const auto& text : args.expect) {
    auto a = audit::ParseAnchor(text, "--expect");
    if (!a) {
      PrintError(a.error());
      return kExitError;
    }
    anchors.push_back(std::move(*a));
  }
  auto r = audit::Verify(store, anchors);
  if (!r) {
    PrintError(r.error());
    return kExitError;
  }
  if (args.format == "json") {
    nlohmann::json problems = nlohmann::json::array();
    for (const auto& p : r->problems) problems.push_back({{"seq", p.seq}, {"problem", p.what}});
    std::cout << nlohmann::json{{"intact", r->ok()},
                                {"entries", r->entries},
                                {"head", {{"seq", r->head_seq}, {"hash", r->head_hash}}},
                                {"problem_count", r->problem_count},
                                {"problems", problems}}
                     .dump(2)
              << '\n';
  } else if (r->ok()) {
    std::cout << "审计日志完整：共 " << r->entries << " 条";
    if (r->entries)
      std::cout << "，最新一条 " << r->head_seq << ":" << r->head_hash << "\n（把它另行保存，下次用 --expect "
                << r->head_seq << ":" << r->head_hash << " 核对，日志被整段改写或截断也能发现）";
    std::cout << '\n';
  } else {
    std::cout << "审计日志被改动：发现 " << r->problem_count << " 处问题（共 " << r->entries << " 条）\n";
    for (const auto& p : r->problems)
      std::cout << "  " << (p.seq ? "第 " + std::to_string(p.seq) + " 条：" : std::string("整体：")) << p.what
                << '\n';
    if (r->problem_count > static_cast<int64_t>(r->problems.size()))
      std::cout << "  ……另有 " << r->problem_count - static_cast<int64_t>(r->problems.size()) << " 处\n";
  }
  return r->ok() ? kExitClean : kExitFindings;
}

int List(store::Store& store, const AuditArgs& args) {
  size_t n = 0;
  nlohmann::json all = nlohmann::json::array();
  auto s = store.ForEachAudit(args.after, [&](const store::AuditEntry& e) {
    if (args.format == "json")
      all.push_back(audit::ToJson(e));
    else
      std::cout << e.seq << "  " << Time(e.at) << "  " << (e.actor.empty() ? "（匿名）" : e.actor) << "  "
                << e.action << "  " << e.object << "  " << e.detail << '\n';
    return ++n < args.limit;
  });
  if (!s.ok()) {
    PrintError(s.error());
    return kExitError;
  }
  if (args.format == "json") std::cout << all.dump(2) << '\n';
  return kExitClean;
}

int RunAudit(const AuditArgs& args) {
  // The store alone: verifying needs neither the tree nor the history.
  auto store = store::OpenStore(args.db.db, false);
  if (!store) {
    PrintError(store.error());
    return kExitError;
  }
  return args.action == "verify" ? Verify(**store, args) : List(**store, args);
}

}  // namespace

Command AddAuditCommand(CLI::App& app) {
  auto args = std::make_shared<AuditArgs>();
  auto* c = app.add_subcommand("audit", "审计日志：verify 核对哈希链是否被改动，list 列出条目");
  c->require_subcommand(1);
  // Sub-subcommands rather than a positional action: `verify` is also a
  // top-level command, which CLI11 would otherwise take the word for.
  auto* verify = c->add_subcommand("verify", "核对哈希链：被改动、删除、调换的条目逐条指出（退出码 1）");
  verify->add_option("--expect", args->expect, "此前保存的 序号:哈希，核对该条仍在且未变（可重复）");
  auto* list = c->add_subcommand("list", "列出条目");
  list->add_option("--after", args->after, "从此序号之后开始")->check(CLI::NonNegativeNumber);
  list->add_option("--limit", args->limit, "最多列出条数")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  for (auto* sub : {verify, list}) {
    sub->add_option("--format", args->format, "text 或 json")
        ->capture_default_str()
        ->check(CLI::IsMember({"text", "json"}));
    AddDbOptions(*sub, args->db);
    sub->callback([args, sub] { args->action = sub->get_name(); });
  }
  return {c, [args] { return RunAudit(*args); }};
}

}  // namespace jianfu::cli
