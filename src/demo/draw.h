// What drawing one demand needs: the plan, its organ, a random generator
// seeded from the plan, and helpers for targets, words and violations.
// Private to the demo module (demands.cpp, demands_lists.cpp).
#pragma once

#include <string>
#include <vector>

#include "catalog.h"
#include "rng.h"
#include "year.h"

namespace jianfu::demo {

using units::Level;
using units::LevelBit;
using units::LevelMask;

struct Draw {
  Draw(const World& world, const Year& year, const Plan& plan, Made& made);

  const World& w;
  const Year& y;
  const Plan& plan;
  const Organ& organ;
  const OrganKind& kind;
  Made& m;
  Rng rng;
  std::string topic;  // of the organ's line of work

  demand::Demand& d() { return m.demand; }
  Date date() const { return Date{plan.day}; }
  bool central() const { return organ.central(); }
  Level level() const { return organ.level; }
  std::string Whole() const;       // 全国, 全省, 全县…
  std::string IssuerName() const;  // the organ's name
  std::string Short() const;       // one character for 发文字号: 永, 湘…

  // A scope over a region (present in the registry).
  void Target(uint32_t region, LevelMask levels);
  // The issuer's own region with these levels; for the centre, every province.
  void Broadcast(LevelMask levels);
  // Up to k distinct model regions of `level` under `root` (kCentral: the
  // country), present or not; townships favour the county's busiest one.
  std::vector<uint32_t> Pick(uint32_t root, Level level, int k);
  // A province for the centre's selective demands, weighted by how much
  // attention it draws; kNone when the pick falls outside the model.
  uint32_t PickProvince();

  // Records a drawn violation and, with probability p, a justification.
  void Violate(const char* rule, double justify = 0.3);
  void Justify();
};

inline constexpr LevelMask Levels(Level a) {
  return LevelBit(a);
}
inline constexpr LevelMask Levels(Level a, Level b) {
  return LevelBit(a) | LevelBit(b);
}
inline constexpr LevelMask Levels(Level a, Level b, Level c) {
  return LevelBit(a) | LevelBit(b) | LevelBit(c);
}

// Each returns false when the demand reaches nothing in the registry.
bool DrawDocument(Draw& x);
bool DrawMeeting(Draw& x);
bool DrawInspection(Draw& x);
bool DrawDataRequest(Draw& x);
bool DrawSecondment(Draw& x);
bool DrawApp(Draw& x);
bool DrawTask(Draw& x);
bool DrawActivity(Draw& x);

}  // namespace jianfu::demo
