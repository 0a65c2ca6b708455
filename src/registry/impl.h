// Registry::Impl, shared by the files that implement Registry (registry.cpp,
// evaluate.cpp). Private to the module.
#pragma once

#include <algorithm>
#include <memory>
#include <optional>
#include <string>

#include "jianfu/check/checker.h"
#include "jianfu/registry/registry.h"
#include "jianfu/units/scope.h"
#include "rules.h"

namespace jianfu::registry {

struct Registry::Impl {
  std::unique_ptr<store::Store> store;
  Options options;
  std::unique_ptr<check::Checker> checker;
  units::UnitTree tree;
  Lists lists;
  History history;
  // The open batch (BeginBatch): who files and the ids filed so far.
  struct Batch {
    std::string actor;
    int64_t first = 0, last = 0, count = 0;
  };
  std::optional<Batch> batch;

  // Checks list items against the tree (ImportListItems, ProposeListItems).
  Status CheckListItems(const std::vector<store::ListItem>& items) const {
    for (const auto& it : items) {
      auto u = tree.Find(it.unit);
      if (!u)
        return MakeError(ErrorCode::kNotFound, "清单事项“" + it.id + "”的单位“" + it.unit + "”不存在", {},
                         "unit");
      if (it.list == store::ListItem::List::kDuty &&
          (tree.at(*u).level != units::Level::kTownship || !tree.at(*u).is_region()))
        return MakeError(ErrorCode::kInvalidArgument,
                         "履职事项“" + it.id + "”的单位“" + it.unit + "”不是乡镇（街道）", {}, "unit");
    }
    return Ok{};
  }

  // A demand checked against the history as it stands (File, FileGroup):
  // its findings and whether they accept it, and the units it reaches.
  struct Checked {
    FilingResult result;
    std::vector<Reach> reaches;
    uint32_t issuer = 0;
  };
  Result<Checked> Check(const demand::Demand& d) const;
  // Stores an accepted filing (filing.demand as checked) with its code and,
  // when a justification lifted a finding, a pending exception approval
  // requested by `who`; fills *entry's object and detail (its audit entry).
  Status Write(store::Filing& filing, const std::string& who, store::AuditEntry* entry);
  // Adds a stored filing to the history.
  void Remember(const demand::Demand& d, const Checked& checked);

  // Resolves every unit a demand names; errors name the field.
  Result<std::vector<Reach>> ResolveUnits(const demand::Demand& d, uint32_t& issuer) const {
    auto unknown = [](const std::string& id, const std::string& field) {
      return MakeError(ErrorCode::kNotFound, "未知单位“" + id + "”（先用 jianfu units 导入）", {}, field);
    };
    auto i = tree.Find(d.issuer);
    if (!i) return unknown(d.issuer, "issuer");
    issuer = *i;
    std::vector<Reach> reaches;
    for (size_t k = 0; k < d.targets.size(); ++k) {
      auto root = tree.Find(d.targets[k].unit);
      if (!root) return unknown(d.targets[k].unit, "targets[" + std::to_string(k) + "].unit");
      reaches.push_back(Resolve(tree, d.targets[k], *root));
    }
    if (const auto* s = std::get_if<demand::Secondment>(&d.details); s && !tree.Find(s->from_unit))
      return unknown(s->from_unit, "from_unit");
    return reaches;
  }

  void AddText(const demand::Demand& d, Findings& out) const {
    auto add = [&](std::string_view text, check::CheckOptions opts) {
      const auto report = checker->Check(text, opts);
      for (const auto& f : report.findings) {
        const rules::Rule* rule = options.rules.Find(f.rule);
        if (!rule) continue;
        out.Add(*rule, {});
        Finding& g = out.list().back();
        g.message = f.message;  // filled by the checker
        g.excerpt = f.excerpt;
      }
    };
    if (d.text) {
      check::CheckOptions opts;
      if (const auto* doc = std::get_if<demand::Document>(&d.details);
          doc && doc->doc_type != demand::Document::DocType::kAuto)
        opts.doc_type = static_cast<check::DocType>(static_cast<int>(doc->doc_type) - 1);
      add(*d.text, opts);
    }
  }

  // The history of every stored demand; last_id is the newest in it.
  Status RebuildHistory() {
    history = History{};
    last_id = 0;
    return CatchUp();
  }

  // Adds to the history the demands stored after last_id (by other
  // processes, or all of them after RebuildHistory). Unless forced, only
  // when the store says someone else may have written.
  Status CatchUp(bool force = true) {
    if (!force && !store->MayHaveNewDemands()) return Ok{};
    return store->ForEachDemandAfter(last_id, [&](demand::Demand&& d) {
      uint32_t issuer = 0;
      auto reaches = ResolveUnits(d, issuer);
      if (reaches) history.Add(tree, d, *reaches, issuer);
      last_id = std::max(last_id, d.id);
    });
  }

  int64_t last_id = 0;  // the newest demand in the history

  Status LoadTree() {
    auto records = store->LoadUnits();
    if (!records) return records.error();
    auto built = units::UnitTree::Build(std::move(*records));
    if (!built) return built.error();
    tree = std::move(*built);
    return Ok{};
  }
};

}  // namespace jianfu::registry
