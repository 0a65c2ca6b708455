// The demo year as plans (who files what kind of demand on which day) and
// their materialisation into demands. Private to the demo module.
//
// Plans are drawn per organ (Poisson counts from the catalog's rates, days
// from the calendar), then sorted by day: the order of filing. Each plan
// carries a random salt from which its demand is drawn, so a demand depends
// only on the seed and its plan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jianfu/demand/demand.h"
#include "world.h"

namespace jianfu::demo {

enum class Special : uint8_t {
  kNone,
  kComprehensive,  // the 综合性 work meeting or 督查检查考核 of the year
  kPreviousYear,   // a document of the previous year, for DOC-01
};

struct Plan {
  int32_t day;     // Date::days
  uint32_t salt;   // orders a day's plans and seeds the demand
  uint32_t organ;  // index into World::organs
  demand::Kind kind;
  Special special;
  uint16_t seq;  // 1-based rank among the organ's plans of this kind, special and year, by day
};
static_assert(sizeof(Plan) == 16);

struct Year {
  std::vector<Plan> plans;                   // in filing order
  std::vector<uint16_t> previous_documents;  // per organ: documents of the previous year
};

Year MakePlans(const World& world);

struct Made {
  demand::Demand demand;
  // The rules the drawn violation should trip ("MTG-20"); empty for most.
  std::vector<std::string> intended;
  // Townships named one by one in the targets (model indices).
  std::vector<uint32_t> townships;
};

// The demand of a plan, or nullopt when none of its targets is in the
// registry's tree (a smaller scale than the plan was drawn for).
std::optional<Made> MakeDemand(const World& world, const Year& year, const Plan& plan);

}  // namespace jianfu::demo
