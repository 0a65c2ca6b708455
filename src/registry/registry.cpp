#include "jianfu/registry/registry.h"

#include <algorithm>

#include "impl.h"
#include "jianfu/audit/audit.h"
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

Result<FilingResult> Registry::File(demand::Demand d, bool store, const std::string& actor) {
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
      if (held) (void)store.AbortBatch();  // nothing to keep: releases the lock
    }
  } lock{*m.store};
  const bool in_batch = m.batch.has_value();
  for (int attempt = 1;; ++attempt) {
    if (attempt > kOptimistic && !in_batch && !lock.held) {
      if (auto s = m.store->BeginBatch(); !s.ok()) return s.error();
      lock.held = true;
    }
    if (!in_batch || attempt > 1)
      if (auto s = m.CatchUp(/*force=*/attempt > 1); !s.ok()) return s.error();
    auto checked = m.Check(d);
    if (!checked) return checked.error();
    FilingResult& result = checked->result;
    if (!result.accepted || !store) {
      result.filing.demand = std::move(d);
      return std::move(result);
    }
    result.filing.demand = d;
    result.filing.expect_id = m.last_id + 1;
    const std::string& who = in_batch ? m.batch->actor : actor;
    auto write = [&](store::AuditEntry* entry) { return m.Write(result.filing, who, entry); };
    // In a batch the batch's entry covers the filing (CommitBatch); under
    // the lock taken after lost races, the filing and its entry commit with
    // the lock's batch; otherwise audit::Recorded makes them one transaction.
    Status written = Ok{};
    if (in_batch) {
      written = write(nullptr);
    } else if (lock.held) {
      auto entry = audit::Entry(actor, audit::kFile, "");
      written = write(&entry);
      if (written.ok()) written = m.store->AppendAudit(entry);
      if (written.ok()) {
        lock.held = false;
        written = m.store->CommitBatch();
      }
    } else {
      written = audit::Recorded(*m.store, audit::Entry(actor, audit::kFile, ""),
                                [&](store::AuditEntry& e) { return write(&e); });
    }
    if (!written.ok()) {
      if (written.error().field == store::kIdTaken && !lock.held && !in_batch) continue;
      return written.error();
    }
    if (in_batch) {
      if (!m.batch->first) m.batch->first = result.filing.demand.id;
      m.batch->last = result.filing.demand.id;
      ++m.batch->count;
    }
    m.Remember(result.filing.demand, *checked);
    return std::move(result);
  }
}

std::vector<Result<FilingResult>> Registry::FileGroup(std::vector<Queued> queued) {
  Impl& m = *impl_;
  std::vector<Result<FilingResult>> out;
  auto one_by_one = [&] {
    out.clear();
    for (const Queued& q : queued) out.push_back(File(q.demand, true, q.actor));
    return std::move(out);
  };
  if (queued.size() < 2 || m.batch) return one_by_one();
  // The store's write lock for the whole group: nobody else files meanwhile,
  // so one catch-up serves every filing in it.
  if (!m.store->BeginBatch().ok()) return one_by_one();
  // Until committed, the group is undone on the way out, an exception
  // included (a signer that throws): no batch is left open behind it.
  struct Undo {
    Impl& m;
    bool armed = true;
    void Now() {
      if (!armed) return;
      armed = false;
      (void)m.store->AbortBatch();
      (void)m.RebuildHistory();
    }
    ~Undo() { Now(); }
  } undo{m};
  Status s = m.CatchUp();
  for (const Queued& q : queued) {
    if (!s.ok()) break;
    auto checked = m.Check(q.demand);
    if (!checked) {  // an unknown unit: answered as File answers it
      out.push_back(checked.error());
      continue;
    }
    FilingResult& result = checked->result;
    result.filing.demand = q.demand;
    if (result.accepted) {
      result.filing.expect_id = m.last_id + 1;
      auto entry = audit::Entry(q.actor, audit::kFile, "");
      s = m.Write(result.filing, q.actor, &entry);
      if (s.ok()) s = m.store->AppendAudit(entry);
      if (!s.ok()) break;
      m.Remember(result.filing.demand, *checked);
    }
    out.push_back(std::move(result));
  }
  if (s.ok()) s = m.store->CommitBatch();
  if (s.ok()) {
    undo.armed = false;
    return out;
  }
  // Nothing of the group was kept: forget what the history learnt of it, and
  // file each on its own, with File's retries and its own error.
  undo.Now();
  return one_by_one();
}

Result<Registry::Impl::Checked> Registry::Impl::Check(const demand::Demand& d) const {
  Checked checked;
  auto reaches = ResolveUnits(d, checked.issuer);
  if (!reaches) return reaches.error();
  Context ctx{tree, history, lists, d, checked.issuer, std::move(*reaches)};
  Findings findings(d.justification.has_value());
  AddText(d, findings);
  // Registry rules, and text rules that also have a check on the fields.
  for (const auto& rule : options.rules.rules) {
    if (!rule.enabled) continue;
    auto fn = RuleFunctions().find(rule.id);
    if (fn != RuleFunctions().end()) fn->second(ctx, rule, findings);
  }
  FilingResult& result = checked.result;
  result.filing.findings = std::move(findings.list());
  result.accepted =
      std::none_of(result.filing.findings.begin(), result.filing.findings.end(),
                   [](const Finding& f) { return f.severity == rules::Severity::kBlock && !f.justified; });
  checked.reaches = std::move(ctx.reaches);
  return checked;
}

Status Registry::Impl::Write(store::Filing& filing, const std::string& who, store::AuditEntry* entry) {
  auto id = store->AddFiling(filing, [&](int64_t id) {
    demand::Demand signed_copy = filing.demand;
    signed_copy.id = id;
    return options.sign ? options.sign(signed_copy) : std::string();
  });
  if (!id) return id.error();
  const demand::Demand& d = filing.demand;
  nlohmann::json detail = {{"issuer", d.issuer}, {"kind", demand::KindName(d.kind)}, {"code", filing.code}};
  if (std::any_of(filing.findings.begin(), filing.findings.end(),
                  [](const Finding& f) { return f.justified; })) {
    store::Approval a;
    a.kind = "exception";
    a.subject = std::to_string(*id);
    a.unit = d.issuer;
    a.requested_by = who;
    a.requested_at = filing.filed_at;
    if (auto s = store->AddApproval(a); !s.ok()) return s;
    detail["approval"] = a.id;
  }
  if (entry) {
    entry->object = "demand/" + std::to_string(*id);
    entry->detail = detail.dump();
  }
  return Ok{};
}

void Registry::Impl::Remember(const demand::Demand& d, const Checked& checked) {
  history.Add(tree, d, checked.reaches, checked.issuer);
  last_id = d.id;
}

Status Registry::Refresh() {
  return impl_->CatchUp();
}

Status Registry::RefreshIfNotified() {
  return impl_->CatchUp(/*force=*/false);
}

Status Registry::BeginBatch(const std::string& actor) {
  if (auto s = impl_->store->BeginBatch(); !s.ok()) return s;
  impl_->batch = Impl::Batch{actor};
  return Ok{};
}

Status Registry::CommitBatch() {
  Impl& m = *impl_;
  if (!m.batch) return m.store->CommitBatch();
  const Impl::Batch batch = *m.batch;
  m.batch.reset();
  Status s = Ok{};
  if (batch.count > 0) {
    auto e = audit::Entry(batch.actor, audit::kFileBatch, "demands",
                          {{"first", batch.first}, {"last", batch.last}, {"count", batch.count}});
    s = m.store->AppendAudit(e);
  }
  if (s.ok()) s = m.store->CommitBatch();
  if (s.ok()) return s;
  (void)m.store->AbortBatch();
  (void)m.RebuildHistory();
  return s;
}

Status Registry::ImportUnits(std::vector<units::UnitRecord> records, const std::string& actor) {
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
  const size_t count = records.size();
  if (auto s =
          audit::Recorded(*m.store, audit::Entry(actor, audit::kImportUnits, "units", {{"count", count}}),
                          [&](store::AuditEntry&) { return m.store->UpsertUnits(records); });
      !s.ok())
    return s;
  m.tree = std::move(*built);
  return m.RebuildHistory();
}

namespace {
nlohmann::json ListImportDetail(const std::vector<store::ListItem>& items) {
  constexpr size_t kNamed = 50;  // a whole plan may be thousands of items
  nlohmann::json ids = nlohmann::json::array();
  for (size_t i = 0; i < items.size() && i < kNamed; ++i)
    ids.push_back(std::string(store::ListName(items[i].list)) + "/" + items[i].id);
  return {{"count", items.size()}, {"items", std::move(ids)}};
}
}  // namespace

Status Registry::ImportListItems(const std::vector<store::ListItem>& items, const std::string& actor) {
  if (auto s = impl_->CheckListItems(items); !s.ok()) return s;
  if (auto s = audit::Recorded(*impl_->store,
                               audit::Entry(actor, audit::kImportList, "lists", ListImportDetail(items)),
                               [&](store::AuditEntry&) { return impl_->store->UpsertListItems(items); });
      !s.ok())
    return s;
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
