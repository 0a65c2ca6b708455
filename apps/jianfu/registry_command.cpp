// jianfu init | file | demands | findings: the registry from the command
// line. Output is JSON (docs/registry.md); errors are one Chinese line.
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <tuple>

#include "commands.h"
#include "jianfu/audit/audit.h"
#include "jianfu/registry/json.h"

namespace jianfu::cli {

void AddDbOptions(CLI::App& sub, DbArgs& args) {
  sub.add_option("--db", args.db, "数据库：SQLite 文件，或 PostgreSQL 连接串（postgresql://…）")
      ->envname("JIANFU_DB")
      ->capture_default_str();
  sub.add_option("--keys", args.keys, "签名密钥所在文件夹（默认：SQLite 数据库旁；PostgreSQL 为当前文件夹）")
      ->envname("JIANFU_KEYS");
  sub.add_option("--rules", args.rules, "叠加的本地规则文件（TOML），可多次给出")->allow_extra_args(false);
}

std::unique_ptr<registry::Registry> OpenRegistry(const DbArgs& args, bool create) {
  auto rules = LoadRules(args.rules);
  if (!rules) {
    PrintError(rules.error());
    return nullptr;
  }
  auto store = store::OpenStore(args.db, create);
  if (!store) {
    PrintError(store.error());
    return nullptr;
  }
  registry::Options options;
  options.rules = std::move(*rules);
  options.cache_dir = check::DefaultCacheDir();
  if (!create) {
    auto signer = MakeSigner(args.db, args.keys);
    if (!signer) {
      PrintError(signer.error());
      return nullptr;
    }
    options.sign = std::move(*signer);
  }
  auto r = registry::Registry::Open(std::move(*store), std::move(options));
  if (!r) {
    PrintError(r.error());
    return nullptr;
  }
  return std::move(*r);
}

Status CheckNewDatabase(const DbArgs& args) {
  if (!store::IsPostgres(args.db)) {
    if (std::filesystem::exists(args.db))
      return MakeError(ErrorCode::kInvalidArgument, "数据库已存在；不会覆盖", args.db);
    return Ok{};
  }
  auto existing = store::OpenStore(args.db, /*create=*/false);
  if (existing) return MakeError(ErrorCode::kInvalidArgument, "数据库中已有 jianfu 的数据表；不会覆盖", store::DisplayName(args.db));
  if (existing.error().code != ErrorCode::kNotFound) return existing.error();
  return Ok{};
}

namespace {

struct FileArgs {
  DbArgs db;
  std::string path;
  bool dry_run = false;
};

struct DemandsArgs {
  DbArgs db;
  std::string action;  // list | show
  int64_t id = 0;
  std::optional<int> year;
  std::optional<std::string> issuer, kind;
  int64_t after = 0;
  size_t limit = 100;
};

struct FindingsArgs {
  DbArgs db;
  std::optional<int> year;
  std::optional<std::string> issuer, rule, kind;
  int64_t after = 0;
  size_t limit = 100;
};

struct YearArgs {
  DbArgs db;
  int year = 0;
  std::string unit;
};

void PrintJson(const nlohmann::json& j) {
  std::cout << j.dump(2) << '\n';
}

// The whole of a file or standard input ("-"), at most `limit` bytes.
Result<std::string> Slurp(const std::string& path, size_t limit) {
  std::string data;
  if (path == "-") {
    data.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
      return MakeError(ErrorCode::kNotFound, "文件不存在或不是普通文件", path);
    if (std::filesystem::file_size(path, ec) > limit)
      return MakeError(ErrorCode::kTooLarge, "文件过大（上限 " + std::to_string(limit >> 20) + " MB）", path);
    std::ifstream in(path, std::ios::binary);
    if (!in) return MakeError(ErrorCode::kIo, "无法读取", path);
    data.assign(std::istreambuf_iterator<char>(in), {});
  }
  if (data.size() > limit)
    return MakeError(ErrorCode::kTooLarge, "输入过大（上限 " + std::to_string(limit >> 20) + " MB）", path);
  return data;
}

int RunInit(const DbArgs& args) {
  if (auto s = CheckNewDatabase(args); !s.ok()) {
    PrintError(s.error());
    return kExitError;
  }
  if (auto s = CreateKeys(args.db, args.keys); !s.ok()) {
    PrintError(s.error());
    return kExitError;
  }
  auto registry = OpenRegistry(args, /*create=*/true);
  if (!registry) return kExitError;
  const auto [secret, pub] = KeyPaths(args.db, args.keys);
  std::cout << "已创建数据库 " << store::DisplayName(args.db) << " 和签名密钥 " << secret.string()
            << "（私钥，只留本机）、" << pub.string() << "（公钥，可分发给核验方）\n";
  return kExitClean;
}

int RunFile(const FileArgs& args) {
  auto text = Slurp(args.path, demand::kMaxJsonBytes);
  if (!text) {
    PrintError(text.error());
    return kExitError;
  }
  auto d = demand::ParseDemand(*text);
  if (!d) {
    Error e = d.error();
    e.path = args.path;
    PrintError(e);
    return kExitError;
  }
  auto registry = OpenRegistry(args.db, false);
  if (!registry) return kExitError;
  auto r = registry->File(std::move(*d), !args.dry_run, audit::CliActor());
  if (!r) {
    Error e = r.error();
    e.path = args.path;
    PrintError(e);
    return kExitError;
  }
  PrintJson(registry::FilingResultToJson(*r));
  return r->accepted ? kExitClean : kExitFindings;
}

int RunDemands(const DemandsArgs& args) {
  auto registry = OpenRegistry(args.db, false);
  if (!registry) return kExitError;
  if (args.action == "show") {
    auto f = registry->store().GetFiling(args.id);
    if (!f) {
      PrintError(f.error());
      return kExitError;
    }
    if (!f->has_value()) {
      PrintError(MakeError(ErrorCode::kNotFound, "没有第 " + std::to_string(args.id) + " 号事项", {}, "id"));
      return kExitError;
    }
    PrintJson(registry::FilingToJson(**f));
    return kExitClean;
  }
  store::DemandFilter filter;
  filter.year = args.year;
  filter.issuer = args.issuer;
  if (args.kind) {
    filter.kind = demand::ParseKind(*args.kind);
    if (!filter.kind) {
      PrintError(MakeError(ErrorCode::kInvalidArgument, "未知的事项类型", {}, "--kind"));
      return kExitError;
    }
  }
  auto list = registry->store().ListFilings(filter, {args.after, args.limit});
  if (!list) {
    PrintError(list.error());
    return kExitError;
  }
  nlohmann::json out = {{"demands", nlohmann::json::array()}};
  for (const auto& f : *list) out["demands"].push_back(registry::FilingToJson(f));
  if (list->size() == args.limit) out["next_after"] = list->back().demand.id;
  PrintJson(out);
  return kExitClean;
}

int RunFindings(const FindingsArgs& args) {
  auto registry = OpenRegistry(args.db, false);
  if (!registry) return kExitError;
  store::FindingFilter filter;
  filter.year = args.year;
  filter.issuer = args.issuer;
  filter.rule = args.rule;
  if (args.kind) {
    filter.kind = demand::ParseKind(*args.kind);
    if (!filter.kind) {
      PrintError(MakeError(ErrorCode::kInvalidArgument, "未知的事项类型", {}, "--kind"));
      return kExitError;
    }
  }
  auto list = registry->store().ListFindings(filter, {args.after, args.limit});
  if (!list) {
    PrintError(list.error());
    return kExitError;
  }
  nlohmann::json out = {{"findings", nlohmann::json::array()}};
  for (const auto& r : *list) out["findings"].push_back(registry::FindingRowToJson(r));
  if (list->size() == args.limit) out["next_after"] = list->back().id;
  PrintJson(out);
  return kExitClean;
}

int RunLedger(const YearArgs& args) {
  auto registry = OpenRegistry(args.db, false);
  if (!registry) return kExitError;
  auto ledger = registry->LedgerOf(args.unit, args.year);
  if (!ledger) {
    PrintError(ledger.error());
    return kExitError;
  }
  PrintJson(registry::LedgerToJson(*ledger));
  return kExitClean;
}

int RunEvaluate(const YearArgs& args) {
  auto registry = OpenRegistry(args.db, false);
  if (!registry) return kExitError;
  nlohmann::json out = {{"year", args.year}, {"findings", nlohmann::json::array()}};
  for (const auto& f : registry->Evaluate(args.year)) {
    nlohmann::json j = registry::FindingToJson(f.finding);
    j["subject"] = f.subject;
    out["findings"].push_back(std::move(j));
  }
  PrintJson(out);
  return out["findings"].empty() ? kExitClean : kExitFindings;
}

}  // namespace

Command AddLedgerCommand(CLI::App& app) {
  auto args = std::make_shared<YearArgs>();
  auto* c = app.add_subcommand("ledger", "单位台账：按月统计落到本单位的事项和估算耗时");
  c->add_option("--unit", args->unit, "单位编号（区划代码或机关编号）")->required();
  c->add_option("--year", args->year, "年份")->required()->check(CLI::Range(1900, 2199));
  AddDbOptions(*c, args->db);
  return {c, [args] { return RunLedger(*args); }};
}

Command AddEvaluateCommand(CLI::App& app) {
  auto args = std::make_shared<YearArgs>();
  auto* c = app.add_subcommand(
      "evaluate", "按全年数据重新评估汇总类规则（发文总量、综合性会议和督检考、入省和入户频次）");
  c->add_option("--year", args->year, "年份")->required()->check(CLI::Range(1900, 2199));
  AddDbOptions(*c, args->db);
  return {c, [args] { return RunEvaluate(*args); }};
}

Command AddInitCommand(CLI::App& app) {
  auto args = std::make_shared<DbArgs>();
  auto* c = app.add_subcommand("init", "新建登记数据库和签发验证码的密钥");
  AddDbOptions(*c, *args);
  return {c, [args] { return RunInit(*args); }};
}

Command AddFileCommand(CLI::App& app) {
  auto args = std::make_shared<FileArgs>();
  auto* c = app.add_subcommand("file", "登记一项事项（JSON），即时检查并保存；被 block 规则拒绝时退出码为 1");
  c->add_option("file", args->path, "事项 JSON 文件；“-”读标准输入（字段见 docs/demands.md）")->required();
  c->add_flag("--dry-run", args->dry_run, "只检查，不保存");
  AddDbOptions(*c, args->db);
  return {c, [args] { return RunFile(*args); }};
}

Command AddDemandsCommand(CLI::App& app) {
  auto args = std::make_shared<DemandsArgs>();
  auto* c = app.add_subcommand("demands", "列出或查看已登记的事项");
  c->add_option("action", args->action, "list 或 show")->required()->check(CLI::IsMember({"list", "show"}));
  c->add_option("id", args->id, "show 的事项编号");
  c->add_option("--year", args->year, "年份");
  c->add_option("--issuer", args->issuer, "发起单位编号");
  c->add_option("--kind", args->kind, "事项类型");
  c->add_option("--after", args->after, "从此编号之后开始（翻页）");
  c->add_option("--limit", args->limit, "最多几条")->capture_default_str()->check(CLI::Range(1, 10000));
  AddDbOptions(*c, args->db);
  return {c, [args] { return RunDemands(*args); }};
}

Command AddFindingsCommand(CLI::App& app) {
  auto args = std::make_shared<FindingsArgs>();
  auto* c = app.add_subcommand("findings", "按年份、发起单位、规则、事项类型查询问题");
  c->add_option("--year", args->year, "年份");
  c->add_option("--issuer", args->issuer, "发起单位编号");
  c->add_option("--rule", args->rule, "规则编号，如 INS-20");
  c->add_option("--kind", args->kind, "事项类型，如 inspection");
  c->add_option("--after", args->after, "从此编号之后开始（翻页）");
  c->add_option("--limit", args->limit, "最多几条")->capture_default_str()->check(CLI::Range(1, 10000));
  AddDbOptions(*c, args->db);
  return {c, [args] { return RunFindings(*args); }};
}

}  // namespace jianfu::cli
