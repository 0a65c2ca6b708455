// MakePlans: how many demands of each kind every organ files, on which days.
#include <algorithm>

#include "calendar.h"
#include "year.h"

namespace jianfu::demo {
namespace {

using demand::Kind;
using units::OrganType;

// The chance that an organ holds its year's 综合性 work meeting, and runs a
// 综合性 督查检查考核 (a second one of either is the violation MTG-01 or
// INS-01 finds).
struct Comprehensive {
  double meeting, inspection;
};

Comprehensive ComprehensiveOf(const Organ& o) {
  if (o.level >= units::Level::kTownship && !o.central()) return {0, 0};
  switch (OrganKinds()[o.kind].type) {
    case OrganType::kPartyCommittee:
    case OrganType::kGovernment:
      return {0.9, 0.8};
    case OrganType::kOffice:
      return {0.3, 0.6};
    case OrganType::kCoordinationBody:
      return {0.5, 0.3};
    default:
      return {0.85, 0.12};
  }
}

}  // namespace

Year MakePlans(const World& w) {
  const Options& options = w.options();
  const Calendar year(w.year()), previous(w.year() - 1);
  Year out;
  out.previous_documents.assign(w.organs.size(), 0);
  const double share = std::min(1.0, options.volume);
  for (uint32_t i = 0; i < w.organs.size(); ++i) {
    const Organ& o = w.organs[i];
    Rng rng(Mix(options.seed, i));
    auto add = [&](Kind kind, Date day, Special special) {
      out.plans.push_back({day.days, static_cast<uint32_t>(rng.Next()), i, kind, special, 0});
    };
    const Rates r = RatesOf(o, options.volume);
    // Documents: the previous year's, then this year's — fewer for most
    // issuers (一般只减不增), more for one in five.
    const double documents = r[static_cast<int>(Kind::kDocument)];
    const uint32_t before = rng.Poisson(documents);
    for (uint32_t n = 0; n < before; ++n)
      add(Kind::kDocument, previous.Sample(Season::kOffice, rng), Special::kPreviousYear);
    out.previous_documents[i] = static_cast<uint16_t>(std::min<uint32_t>(before, UINT16_MAX));
    const uint32_t now = rng.Poisson(documents * (rng.Chance(0.2) ? 1.15 : 0.9));
    for (uint32_t n = 0; n < now; ++n)
      add(Kind::kDocument, year.Sample(Season::kOffice, rng), Special::kNone);
    for (int k = 1; k < demand::kKindCount; ++k) {
      const auto kind = static_cast<Kind>(k);
      const Season season = kind == Kind::kInspection ? Season::kInspection : Season::kOffice;
      const uint32_t count = rng.Poisson(r[k]);
      for (uint32_t n = 0; n < count; ++n) add(kind, year.Sample(season, rng), Special::kNone);
    }
    const Comprehensive c = ComprehensiveOf(o);
    if (rng.Chance(c.meeting * share)) {
      add(Kind::kMeeting, year.Sample(Season::kAnnualMeeting, rng), Special::kComprehensive);
      if (rng.Chance(0.1)) add(Kind::kMeeting, year.Sample(Season::kOffice, rng), Special::kComprehensive);
    }
    if (rng.Chance(c.inspection * share)) {
      add(Kind::kInspection, year.Sample(Season::kInspection, rng), Special::kComprehensive);
      if (rng.Chance(0.1))
        add(Kind::kInspection, year.Sample(Season::kInspection, rng), Special::kComprehensive);
    }
  }
  std::sort(out.plans.begin(), out.plans.end(), [](const Plan& a, const Plan& b) {
    if (a.day != b.day) return a.day < b.day;
    if (a.salt != b.salt) return a.salt < b.salt;
    return a.organ < b.organ;
  });
  // Ranks per organ, kind and special, in date order.
  constexpr size_t kSlots = 3 * demand::kKindCount;
  std::vector<uint16_t> rank(w.organs.size() * kSlots, 0);
  for (Plan& p : out.plans) {
    uint16_t& r = rank[p.organ * kSlots + static_cast<size_t>(p.special) * demand::kKindCount +
                       static_cast<size_t>(p.kind)];
    if (r < UINT16_MAX) ++r;
    p.seq = r;
  }
  return out;
}

}  // namespace jianfu::demo
