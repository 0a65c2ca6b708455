#include "history.h"

#include <algorithm>
#include <set>

namespace jianfu::registry {

Reach Resolve(const units::UnitTree& /*tree*/, const units::Scope& scope, uint32_t root) {
  Reach r;
  r.root = root;
  r.levels = scope.levels;
  for (auto t : scope.organ_types) r.organ_mask |= static_cast<uint8_t>(1u << static_cast<int>(t));
  return r;
}

bool Covers(const units::UnitTree& tree, const Reach& r, uint32_t unit) {
  if (!tree.IsUnder(unit, r.root)) return false;
  const units::Unit& u = tree.at(unit);
  if (r.levels == 0) return unit == r.root;
  if (!(r.levels & units::LevelBit(u.level))) return false;
  if (r.organ_mask == 0) return true;
  return u.organ_type && (r.organ_mask & (1u << static_cast<int>(*u.organ_type)));
}

bool Intersects(const units::UnitTree& tree, const Reach& a, const Reach& b) {
  const bool a_in_b = tree.IsUnder(a.root, b.root), b_in_a = tree.IsUnder(b.root, a.root);
  if (!a_in_b && !b_in_a) return false;
  const Reach& inner = a_in_b ? a : b;
  const Reach& outer = a_in_b ? b : a;
  if (inner.levels == 0) return Covers(tree, outer, inner.root);
  if (outer.levels == 0) return Covers(tree, inner, outer.root);
  if (inner.organ_mask && outer.organ_mask && !(inner.organ_mask & outer.organ_mask)) return false;
  // Some shared level at or below the inner root's own level. (Whether the
  // tree holds a unit there is not checked: subtrees reach the village.)
  const units::LevelMask shared = inner.levels & outer.levels;
  const int top = static_cast<int>(tree.at(inner.root).level);
  for (int l = top; l < units::kLevelCount; ++l)
    if (shared & (1u << l)) return true;
  return false;
}

void ScopeIndex::Add(const Entry& e) {
  List& list = by_root_[e.reach.root];
  auto at = std::upper_bound(list.entries.begin(), list.entries.end(), e.from,
                             [](Date d, const Entry& x) { return d < x.from; });
  list.entries.insert(at, e);
  list.max_span = std::max(list.max_span, e.to - e.from);
}

ScopeIndex::Peak ScopeIndex::MaxOver(const units::UnitTree& tree, const std::vector<uint32_t>& units, Date from,
                                     Date to) const {
  Peak best;
  for (uint32_t u : units) {
    size_t count = 0;
    for (uint32_t a = u; a != units::kNone; a = tree.at(a).parent) {
      auto it = by_root_.find(a);
      if (it == by_root_.end()) continue;
      const List& list = it->second;
      // Entries overlapping [from, to] start in [from - max_span, to].
      auto lo = std::lower_bound(list.entries.begin(), list.entries.end(), from + (-list.max_span),
                                 [](const Entry& x, Date d) { return x.from < d; });
      for (auto e = lo; e != list.entries.end() && e->from <= to; ++e)
        if (e->to >= from && Covers(tree, e->reach, u)) ++count;
    }
    if (count > best.count) {
      best.count = count;
      best.unit = u;
    }
  }
  if (best.count == 0) return best;
  // Collect the ids for the peak unit only.
  for (uint32_t a = best.unit; a != units::kNone; a = tree.at(a).parent) {
    auto it = by_root_.find(a);
    if (it == by_root_.end()) continue;
    for (const Entry& e : it->second.entries)
      if (e.from <= to && e.to >= from && Covers(tree, e.reach, best.unit)) best.ids.push_back(e.id);
  }
  std::sort(best.ids.begin(), best.ids.end());
  return best;
}

uint32_t ProvinceOf(const units::UnitTree& tree, uint32_t unit) {
  while (tree.at(unit).parent != units::kNone) unit = tree.at(unit).parent;
  return unit;
}

bool CountsTowardProvinceCap(const units::UnitTree& tree, const demand::Inspection& ins, uint32_t issuer,
                             uint32_t province) {
  if (!ins.onsite || ins.category != demand::Inspection::Category::kNone) return false;
  return !tree.IsUnder(issuer, province);
}

void History::Add(const units::UnitTree& tree, const demand::Demand& d, const std::vector<Reach>& reaches,
                  uint32_t issuer) {
  const int year = d.date.year();
  Fact& fact = facts.emplace_back();
  fact.id = d.id;
  fact.kind = d.kind;
  fact.date = d.date;
  fact.reaches = reaches;
  if (const auto* m = std::get_if<demand::Meeting>(&d.details)) {
    fact.quantity = static_cast<uint32_t>(m->minutes);
    fact.onsite = m->format == demand::Meeting::Format::kOnsite;
  } else if (const auto* i = std::get_if<demand::Inspection>(&d.details)) {
    fact.quantity = static_cast<uint32_t>(i->end_date.value_or(d.date) - d.date + 1);
    fact.onsite = i->onsite;
  } else if (const auto* r = std::get_if<demand::DataRequest>(&d.details)) {
    for (const auto& form : r->forms) fact.quantity += static_cast<uint32_t>(form.fields.size());
  }
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, demand::Document>) {
          ++counts_[CountKey(Key::kDocuments, issuer, year)];
          if (x.form != demand::Document::Form::kRed) ++counts_[CountKey(Key::kNonRedDocuments, issuer, year)];
        } else if constexpr (std::is_same_v<T, demand::Meeting>) {
          if (x.type == demand::Meeting::Type::kComprehensive)
            ++counts_[CountKey(Key::kComprehensiveMeetings, issuer, year)];
        } else if constexpr (std::is_same_v<T, demand::Inspection>) {
          if (x.comprehensive) ++counts_[CountKey(Key::kComprehensiveInspections, issuer, year)];
          if (x.onsite) {
            const Date end = x.end_date.value_or(d.date);
            for (const Reach& r : reaches) visits.Add({d.id, d.date, end, r});
            std::set<uint32_t> provinces;
            for (const Reach& r : reaches) provinces.insert(ProvinceOf(tree, r.root));
            for (uint32_t p : provinces)
              if (CountsTowardProvinceCap(tree, x, issuer, p)) ++province_visits_[(uint64_t{p} << 16) | static_cast<uint16_t>(year)];
          }
        } else if constexpr (std::is_same_v<T, demand::DataRequest>) {
          for (const Reach& r : reaches) data_requests.Add({d.id, d.date, d.date, r});
          const auto use = static_cast<uint32_t>(data_uses.size());
          data_uses.push_back({d.id, d.date, d.title, reaches});
          std::set<uint32_t> provinces;
          for (const Reach& r : reaches) provinces.insert(ProvinceOf(tree, r.root));
          std::set<std::string> seen;
          for (const auto& form : x.forms)
            for (const auto& field : form.fields)
              if (seen.insert(field).second) {
                auto& by_province = fields[field];
                for (uint32_t p : provinces) by_province[p].push_back(use);
              }
        } else if constexpr (std::is_same_v<T, demand::App>) {
          if (x.audience == demand::App::Audience::kGrassroots) apps.push_back({d.id, x.features, reaches});
        }
      },
      d.details);
}

uint32_t History::Count(Key key, uint32_t issuer, int year) const {
  auto it = counts_.find(CountKey(key, issuer, year));
  return it == counts_.end() ? 0 : it->second;
}

uint32_t History::ProvinceVisits(uint32_t province, int year) const {
  auto it = province_visits_.find((uint64_t{province} << 16) | static_cast<uint16_t>(year));
  return it == province_visits_.end() ? 0 : it->second;
}

}  // namespace jianfu::registry
