// Drawing demands: secondments, app mandates, tasks and 创建示范 activities,
// and MakeDemand, which dispatches on the plan's kind.
#include <algorithm>

#include "draw.h"

namespace jianfu::demo {
namespace {

std::string Num(int n) {
  return std::to_string(n);
}

// A department of a region ("433127-agri"), drawn among the departments.
std::string SomeDepartment(Draw& x, uint32_t region) {
  const auto& kinds = OrganKinds();
  for (int attempt = 0; attempt < 16; ++attempt) {
    const OrganKind& k = x.rng.Pick(kinds);
    if (k.type == units::OrganType::kDepartment && k.lower) return x.w.OrganId(region, k.key);
  }
  return x.w.OrganId(region, "gov");
}

}  // namespace

bool DrawSecondment(Draw& x) {
  demand::Secondment s;
  using Label = demand::Secondment::Label;
  s.persons = x.rng.Chance(0.7) ? 1 : x.rng.Between(2, 3);
  s.months = x.rng.Between(3, 6);
  const bool county = !x.central() && x.level() == Level::kCounty;
  if (x.rng.Chance(county ? 0.5 : 0.35)) {
    // Borrowing from a county or township unit (原则上不得从县及以下单位借调).
    uint32_t from = units::kNone;
    if (county) {
      for (uint32_t t : x.Pick(x.organ.region, Level::kTownship, 1)) from = t;
    } else {
      const uint32_t root = x.central() ? x.PickProvince() : x.organ.region;
      if (root == units::kNone) return false;
      for (uint32_t c : x.Pick(root, Level::kCounty, 1)) from = c;
      if (from != units::kNone && x.rng.Chance(0.5))
        for (uint32_t t : x.Pick(from, Level::kTownship, 1)) from = t;
    }
    if (from == units::kNone || !x.w.HasOrgans(from)) return false;
    s.from_unit =
        x.w.model().at(from).level == Level::kTownship ? x.w.OrganId(from, "gov") : SomeDepartment(x, from);
    x.Violate("SEC-01");
    if (x.rng.Chance(0.2)) {  // a secondment by another name (SEC-03)
      static constexpr Label kDisguises[] = {Label::kWorkTeam, Label::kShadowStudy, Label::kExchange,
                                             Label::kAttachment};
      s.label = x.rng.Pick(kDisguises);
      x.Violate("SEC-03", 0);
    }
  } else {
    // From the same level, or the level just below when that is a city.
    uint32_t from = x.organ.region;
    if (x.central()) {
      from = x.PickProvince();
    } else if (x.level() == Level::kProvince) {
      for (uint32_t c : x.Pick(x.organ.region, Level::kCity, 1)) from = c;
    }
    if (from == units::kNone || !x.w.HasOrgans(from)) return false;
    s.from_unit = SomeDepartment(x, from);
    if (s.from_unit == x.organ.id) s.from_unit = x.w.OrganId(from, "office");
  }
  if (x.rng.Chance(0.15)) {
    s.months = x.rng.Chance(0.2) ? x.rng.Between(13, 24) : x.rng.Between(7, 12);
    x.Violate("SEC-04");
  }
  x.d().title = "借调工作人员参与" + x.topic + "工作";
  x.d().targets.push_back({s.from_unit, 0, {}});
  x.d().details = std::move(s);
  return true;
}

bool DrawApp(Draw& x) {
  demand::App a;
  using Type = demand::App::Type;
  const double t = x.rng.Unit();
  a.app_type = t < 0.4 ? Type::kMiniProgram : t < 0.65 ? Type::kApp : t < 0.9 ? Type::kGroup : Type::kAccount;
  const double u = x.rng.Unit();
  using Audience = demand::App::Audience;
  a.audience = u < 0.85 ? Audience::kGrassroots : u < 0.95 ? Audience::kInternal : Audience::kPublic;
  static constexpr const char* kFeatures[] = {"photo_upload", "complaint", "notice",
                                              "form_fill",    "message",   "map"};
  for (int n = x.rng.Between(1, 3); n > 0; --n) {
    const char* f = x.rng.Pick(kFeatures);
    if (std::find(a.features.begin(), a.features.end(), f) == a.features.end()) a.features.push_back(f);
  }
  const int year = x.date().year();
  a.filing_no = x.Short() + "政务应用备〔" + Num(year) + "〕" + Num(x.rng.Between(1, 300)) + "号";
  if (x.rng.Chance(0.22)) {  // 打卡, 排名, 在线时长… (APP-05)
    static constexpr const char* kForbidden[] = {"checkin", "ranking", "online_time", "usage_rate_report",
                                                 "forced_login"};
    a.features.push_back(x.rng.Pick(kForbidden));
    x.Violate("APP-05", 0.35);
  }
  if (a.app_type != Type::kGroup && x.rng.Chance(0.07)) {
    a.filing_no.reset();
    x.Violate("APP-02", 0);
  }
  const bool builds =
      a.app_type == Type::kApp || a.app_type == Type::kMiniProgram || a.app_type == Type::kQuickApp;
  if (!x.central() && x.level() >= Level::kTownship && builds && a.audience != Audience::kPublic)
    x.Violate("APP-01");
  static constexpr const char* kTypeNames[] = {"App", "小程序", "快应用", "工作群", "公众号"};
  const std::string place(x.central() ? "全国" : x.w.RegionName(x.organ.region));
  x.d().title = "“" + place + x.topic + "”" + kTypeNames[static_cast<int>(a.app_type)] + "推广使用";
  switch (x.central() ? Level::kProvince : x.level()) {
    case Level::kProvince:
      x.Broadcast(Levels(Level::kCounty, Level::kTownship));
      break;
    case Level::kTownship:
      x.Broadcast(Levels(Level::kVillage));
      break;
    default:
      x.Broadcast(Levels(Level::kTownship, Level::kVillage));
  }
  x.d().details = std::move(a);
  return true;
}

bool DrawTask(Draw& x) {
  demand::Task task;
  task.description = "按照" + x.Whole() + "统一部署，完成" + x.topic + "相关工作，按期反馈进展。";
  x.d().title = x.topic + "工作任务交办";
  if (x.central()) {
    if (uint32_t p = x.PickProvince(); p != units::kNone && x.w.Present(p))
      x.Target(p, Levels(Level::kProvince));
  } else if (x.level() == Level::kCounty) {
    // To one township, naming the item of its duty list (履职事项清单).
    for (uint32_t t : x.Pick(x.organ.region, Level::kTownship, 1)) {
      x.Target(t, Levels(Level::kTownship));
      x.m.townships.push_back(t);
      const double p = x.rng.Unit();
      const std::string prefix = std::string(x.w.RegionId(t)) + "-D";
      auto item = [&](int n) { return prefix + (n < 10 ? "0" : "") + Num(n); };
      const int items = static_cast<int>(DutyItems().size());
      if (p < 0.07) {
        task.duty_item = item(x.rng.Between(items - 2, items));  // taken back by the county departments
        x.Violate("DUTY-01");
      } else if (p < 0.12) {
        x.Violate("DUTY-01");  // outside the list
      } else {
        task.duty_item = item(x.rng.Between(1, items - 3));
      }
    }
  } else if (x.level() == Level::kTownship) {
    for (uint32_t v : x.Pick(x.organ.region, Level::kVillage, x.rng.Between(1, 3)))
      x.Target(v, Levels(Level::kVillage));
  } else {
    for (uint32_t c : x.Pick(x.organ.region, Level::kCounty, x.rng.Between(1, 3)))
      if (x.w.Present(c)) x.Target(c, Levels(Level::kCounty));
  }
  if (x.d().targets.empty()) return false;
  x.d().details = std::move(task);
  return true;
}

bool DrawActivity(Draw& x) {
  demand::Activity act;
  static constexpr const char* kWhat[] = {"示范乡镇", "示范村", "示范单位", "先进集体"};
  act.name = x.Whole() + x.topic + x.rng.Pick(kWhat) + "创建";
  if (x.organ.activities > 0) {
    const int year = x.date().year();
    if (x.rng.Chance(0.9)) {
      act.approved_item = x.organ.id + "-A" + Num(year) + "-" + Num(x.rng.Between(1, x.organ.activities));
    } else {
      if (x.rng.Chance(0.4)) {
        act.name = "全国" + x.topic + "示范县创建";  // a national title nobody approved (DEM-03)
        x.Violate("DEM-03", 0);
      }
      x.Violate("DEM-02", 0);
    }
  } else {
    // Only 党委 and 政府 of counties and above (and provinces, the centre)
    // may run 创建示范, and only approved ones.
    if (!x.central() && x.level() != Level::kProvince) x.Violate("DEM-01", 0);
    x.Violate("DEM-02", 0);
  }
  x.d().title = act.name;
  switch (x.central() ? Level::kProvince : x.level()) {
    case Level::kProvince:
    case Level::kCity:
      x.Broadcast(Levels(Level::kCounty));
      break;
    case Level::kCounty:
      x.Broadcast(Levels(Level::kTownship));
      break;
    default:
      x.Broadcast(Levels(Level::kVillage));
  }
  x.d().details = std::move(act);
  return true;
}

std::optional<Made> MakeDemand(const World& world, const Year& year, const Plan& plan) {
  Made made;
  Draw x(world, year, plan, made);
  demand::Demand& d = made.demand;
  d.kind = plan.kind;
  d.issuer = x.organ.id;
  d.date = x.date();
  if (x.rng.Chance(0.01)) x.Justify();
  bool ok = false;
  switch (plan.kind) {
    case demand::Kind::kDocument:
      ok = DrawDocument(x);
      break;
    case demand::Kind::kMeeting:
      ok = DrawMeeting(x);
      break;
    case demand::Kind::kInspection:
      ok = DrawInspection(x);
      break;
    case demand::Kind::kDataRequest:
      ok = DrawDataRequest(x);
      break;
    case demand::Kind::kSecondment:
      ok = DrawSecondment(x);
      break;
    case demand::Kind::kApp:
      ok = DrawApp(x);
      break;
    case demand::Kind::kTask:
      ok = DrawTask(x);
      break;
    case demand::Kind::kActivity:
      ok = DrawActivity(x);
      break;
  }
  if (!ok || d.targets.empty()) return std::nullopt;
  return made;
}

}  // namespace jianfu::demo
