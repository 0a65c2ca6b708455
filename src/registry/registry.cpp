#include "jianfu/registry/registry.h"

#include <algorithm>

#include "impl.h"
#include "jianfu/check/checker.h"
#include "jianfu/units/scope.h"

namespace jianfu::registry {

// ---- helpers shared by the rule files (rules.h) ----

void Lists::Add(const store::ListItem& item) {
  switch (item.list) {
    case store::ListItem::List::kPlan:
      plan[item.id] = item;
      break;
    case store::ListItem::List::kActivity:
      activity[item.id] = item;
      break;
    case store::ListItem::List::kDuty:
      duty[item.unit][item.id] = item;
      break;
  }
}

const std::vector<uint32_t>& Context::Grassroots() const {
  if (expanded_) return grassroots_;
  expanded_ = true;
  for (const auto& scope : demand.targets)
    for (uint32_t u : units::Expand(tree, scope))
      if (tree.at(u).level >= units::Level::kTownship && tree.at(u).is_region()) grassroots_.push_back(u);
  std::sort(grassroots_.begin(), grassroots_.end());
  grassroots_.erase(std::unique(grassroots_.begin(), grassroots_.end()), grassroots_.end());
  return grassroots_;
}

void Findings::Add(const rules::Rule& rule, const Vars& vars, std::vector<int64_t> related) {
  Finding f;
  f.rule = rule.id;
  f.severity = rule.severity;
  f.justified = justified_ && rule.qualified;
  f.title = rule.title;
  f.message = rules::FillMessage(rule.message, vars);
  f.citation = rule.citation;
  f.related = std::move(related);
  list_.push_back(std::move(f));
}

int64_t Param(const rules::Rule& rule, const std::string& name, int64_t fallback) {
  auto it = rule.params.find(name);
  return it == rule.params.end() ? fallback : it->second;
}

const std::map<std::string_view, RuleFn>& RuleFunctions() {
  static const auto* table = [] {
    auto* t = new std::map<std::string_view, RuleFn>;
    AddSingleRules(*t);
    AddHistoryRules(*t);
    return t;
  }();
  return *table;
}

codes::Claims CodeClaims(const demand::Demand& d) {
  codes::Claims c;
  c.demand_id = static_cast<uint64_t>(d.id);
  c.issuer = d.issuer;
  c.kind = d.kind;
  std::tie(c.valid_from, c.valid_until) = ValidityWindow(d);
  for (const auto& t : d.targets) c.scopes.push_back({t.unit, t.levels});
  c.targets_digest = codes::TargetsDigest(c.scopes);
  return c;
}

std::pair<Date, Date> ValidityWindow(const demand::Demand& d) {
  Date until = d.date + 365;
  if (const auto* m = std::get_if<demand::Meeting>(&d.details)) {
    until = d.date + static_cast<int32_t>((m->minutes - 1) / (24 * 60));
  } else if (const auto* i = std::get_if<demand::Inspection>(&d.details)) {
    until = i->end_date.value_or(d.date);
  } else if (const auto* r = std::get_if<demand::DataRequest>(&d.details)) {
    until = r->due.value_or(d.date + 30);
  } else if (const auto* s = std::get_if<demand::Secondment>(&d.details)) {
    const int months = d.date.month() - 1 + s->months;
    until = Date::FromCivil(d.date.year() + months / 12, months % 12 + 1, 1) + (d.date.day() - 2);
  }
  return {d.date, until};
}

// ---- the registry ----

Registry::Registry(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Registry::~Registry() = default;

Result<std::unique_ptr<Registry>> Registry::Open(std::unique_ptr<store::Store> store, Options options) {
  for (const auto& rule : options.rules.rules)
    if (rule.enabled && rule.kind == rules::RuleKind::kRegistry && !RuleFunctions().count(rule.id))
      return MakeError(ErrorCode::kRuleFile, "规则 " + rule.id + " 的 kind 为 registry，但本程序没有实现它",
                       rule.source, "kind");
  auto impl = std::make_unique<Impl>();
  impl->store = std::move(store);
  impl->options = std::move(options);
  auto checker = check::Checker::Create(impl->options.rules, impl->options.cache_dir);
  if (!checker) return checker.error();
  impl->checker = std::move(*checker);
  if (auto s = impl->LoadTree(); !s.ok()) return s.error();
  auto items = impl->store->LoadListItems();
  if (!items) return items.error();
  for (const auto& it : *items) impl->lists.Add(it);
  if (auto s = impl->RebuildHistory(); !s.ok()) return s.error();
  return std::unique_ptr<Registry>(new Registry(std::move(impl)));
}

Result<FilingResult> Registry::File(demand::Demand d, bool store) {
  Impl& m = *impl_;
  // Another process may have filed since: read that first (inside a batch
  // nobody else can, once the batch holds the store's write lock), and if
  // someone files between this check and the store, check again. After a
  // few lost races, take the store's write lock (a one-filing batch) before
  // reading and checking, so a slow process cannot be starved by fast ones.
  constexpr int kOptimistic = 3;
  struct Lock {
    store::Store& store;
    bool held = false;
    ~Lock() {
      if (held) (void)store.CommitBatch();  // nothing was stored: releases the lock
    }
  } lock{*m.store};
  for (int attempt = 1;; ++attempt) {
    if (attempt > kOptimistic && !m.in_batch && !lock.held) {
      if (auto s = m.store->BeginBatch(); !s.ok()) return s.error();
      lock.held = true;
    }
    if (!m.in_batch || attempt > 1)
      if (auto s = m.CatchUp(/*force=*/attempt > 1); !s.ok()) return s.error();
    uint32_t issuer = 0;
    auto reaches = m.ResolveUnits(d, issuer);
    if (!reaches) return reaches.error();
    Context ctx{m.tree, m.history, m.lists, d, issuer, std::move(*reaches)};
    Findings findings(d.justification.has_value());
    m.AddText(d, findings);
    // Registry rules, and text rules that also have a check on the fields.
    for (const auto& rule : m.options.rules.rules) {
      if (!rule.enabled) continue;
      auto fn = RuleFunctions().find(rule.id);
      if (fn != RuleFunctions().end()) fn->second(ctx, rule, findings);
    }

    FilingResult result;
    result.filing.findings = std::move(findings.list());
    result.accepted =
        std::none_of(result.filing.findings.begin(), result.filing.findings.end(),
                     [](const Finding& f) { return f.severity == rules::Severity::kBlock && !f.justified; });
    if (result.accepted && store) {
      result.filing.demand = d;
      result.filing.expect_id = m.last_id + 1;
      auto id = m.store->AddFiling(result.filing, [&](int64_t id) {
        demand::Demand signed_copy = d;
        signed_copy.id = id;
        return m.options.sign ? m.options.sign(signed_copy) : std::string();
      });
      if (!id && id.error().field == store::kIdTaken && !lock.held) continue;
      if (!id) return id.error();
      if (lock.held) {
        lock.held = false;
        if (auto s = m.store->CommitBatch(); !s.ok()) return s.error();
      }
      m.history.Add(m.tree, result.filing.demand, ctx.reaches, issuer);
      m.last_id = *id;
    } else {
      result.filing.demand = std::move(d);
    }
    return result;
  }
}

Status Registry::Refresh() {
  return impl_->CatchUp();
}

Status Registry::RefreshIfNotified() {
  return impl_->CatchUp(/*force=*/false);
}

Status Registry::BeginBatch() {
  auto s = impl_->store->BeginBatch();
  if (s.ok()) impl_->in_batch = true;
  return s;
}

Status Registry::CommitBatch() {
  impl_->in_batch = false;
  auto s = impl_->store->CommitBatch();
  if (s.ok()) return s;
  (void)impl_->RebuildHistory();
  return s;
}

Status Registry::ImportUnits(std::vector<units::UnitRecord> records) {
  Impl& m = *impl_;
  auto current = m.store->LoadUnits();
  if (!current) return current.error();
  // Check the merged tree before writing anything.
  std::vector<units::UnitRecord> merged = std::move(*current);
  {
    std::unordered_map<std::string, size_t> at;
    for (size_t i = 0; i < merged.size(); ++i) at[merged[i].id] = i;
    for (const auto& r : records) {
      auto it = at.find(r.id);
      if (it == at.end()) {
        at[r.id] = merged.size();
        merged.push_back(r);
      } else {
        merged[it->second] = r;
      }
    }
  }
  auto built = units::UnitTree::Build(std::move(merged));
  if (!built) return built.error();
  if (auto s = m.store->UpsertUnits(records); !s.ok()) return s;
  m.tree = std::move(*built);
  return m.RebuildHistory();
}

Status Registry::ImportListItems(const std::vector<store::ListItem>& items) {
  for (const auto& it : items) {
    auto u = impl_->tree.Find(it.unit);
    if (!u)
      return MakeError(ErrorCode::kNotFound, "清单事项“" + it.id + "”的单位“" + it.unit + "”不存在", {},
                       "unit");
    if (it.list == store::ListItem::List::kDuty &&
        (impl_->tree.at(*u).level != units::Level::kTownship || !impl_->tree.at(*u).is_region()))
      return MakeError(ErrorCode::kInvalidArgument,
                       "履职事项“" + it.id + "”的单位“" + it.unit + "”不是乡镇（街道）", {}, "unit");
  }
  if (auto s = impl_->store->UpsertListItems(items); !s.ok()) return s;
  for (const auto& it : items) impl_->lists.Add(it);
  return Ok{};
}

const units::UnitTree& Registry::tree() const {
  return impl_->tree;
}
store::Store& Registry::store() {
  return *impl_->store;
}
const rules::RuleSet& Registry::rules() const {
  return impl_->options.rules;
}

}  // namespace jianfu::registry
