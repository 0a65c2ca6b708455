// Rules decided on the demand itself and the imported lists: the meeting's
// length, the level a secondment comes from, an app's features, a task
// outside a township's duty list, an unapproved 创建示范.
#include <algorithm>

#include "rules.h"

namespace jianfu::registry {
namespace {

using units::Level;

template <typename T>
const T* As(const Context& c) {
  return std::get_if<T>(&c.demand.details);
}

const char* LevelLabelOf(const units::UnitTree& tree, uint32_t u) { return units::LevelLabel(tree.at(u).level); }

std::string NameOf(const units::UnitTree& tree, uint32_t u) { return std::string(tree.at(u).name); }

void Mtg10(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* m = As<demand::Meeting>(c);
  if (m && m->convener_role == demand::Meeting::ConvenerRole::kDeputy && m->requires_principals) out.Add(rule, {});
}

void Mtg20(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* m = As<demand::Meeting>(c);
  const int64_t limit = Param(rule, "max_minutes", 60);
  if (m && m->main_speech_minutes > limit)
    out.Add(rule, {{"minutes", std::to_string(m->main_speech_minutes)}, {"limit", std::to_string(limit)}});
}

void Mtg22(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* m = As<demand::Meeting>(c);
  if (!m) return;
  const bool group = m->type == demand::Meeting::Type::kGroupDiscussion;
  const int64_t limit = group ? Param(rule, "group_discussion_max_minutes", 720) : Param(rule, "other_max_minutes", 240);
  if (m->minutes <= limit) return;
  out.Add(rule, {{"type", group ? "分组讨论会议" : "会议"},
                 {"minutes", std::to_string(m->minutes)},
                 {"limit", std::to_string(limit)},
                 {"rule_text", group ? "分组讨论会议原则上不超过1天半" : "其他会议一般安排半天以内"}});
}

void Ins02(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* ins = As<demand::Inspection>(c);
  if (!ins) return;
  std::string reason;
  if (!ins->plan_item) {
    reason = "没有填写年度计划事项（plan_item）";
  } else if (auto it = c.lists.plan.find(*ins->plan_item); it == c.lists.plan.end()) {
    reason = "年度计划中没有事项“" + *ins->plan_item + "”";
  } else if (it->second.unit != c.demand.issuer) {
    reason = "计划事项“" + *ins->plan_item + "”不属于" + NameOf(c.tree, c.issuer);
  } else if (it->second.year != c.demand.date.year()) {
    reason = "计划事项“" + *ins->plan_item + "”是" + std::to_string(it->second.year) + "年的计划";
  }
  if (!reason.empty()) out.Add(rule, {{"reason", reason}});
}

// Borrowing from a unit at `lowest_level` (county) or below into a unit
// above it.
bool BorrowsFromBelow(const Context& c, const rules::Rule& rule, uint32_t from) {
  const auto lowest = Param(rule, "lowest_level", static_cast<int64_t>(Level::kCounty));
  const auto from_level = static_cast<int64_t>(c.tree.at(from).level);
  return from_level >= lowest && static_cast<int64_t>(c.tree.at(c.issuer).level) < from_level;
}

std::optional<uint32_t> FromUnit(const Context& c) {
  const auto* s = As<demand::Secondment>(c);
  return s ? c.tree.Find(s->from_unit) : std::nullopt;
}

void Sec01(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto from = FromUnit(c);
  if (!from || !BorrowsFromBelow(c, rule, *from)) return;
  out.Add(rule, {{"from", NameOf(c.tree, *from)},
                 {"from_level", LevelLabelOf(c.tree, *from)},
                 {"issuer", NameOf(c.tree, c.issuer)},
                 {"issuer_level", LevelLabelOf(c.tree, c.issuer)}});
}

void Sec03(const Context& c, const rules::Rule& rule, Findings& out) {
  static constexpr const char* kLabels[] = {"借调", "工作专班", "跟班学习", "交流锻炼", "挂职"};
  const auto* s = As<demand::Secondment>(c);
  const auto from = FromUnit(c);
  if (!s || !from || s->label == demand::Secondment::Label::kSecondment) return;
  if (!BorrowsFromBelow(c, rule, *from)) return;
  out.Add(rule, {{"label", kLabels[static_cast<int>(s->label)]},
                 {"from", NameOf(c.tree, *from)},
                 {"issuer", NameOf(c.tree, c.issuer)}});
}

void Sec04(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* s = As<demand::Secondment>(c);
  if (!s) return;
  const int64_t max = Param(rule, "max_months", 6), total = Param(rule, "max_total_months", 12);
  if (s->months <= max) return;
  const std::string reason = s->months > total
                                 ? "超过延长后最长" + std::to_string(total) + "个月"
                                 : "超过一般不超过" + std::to_string(max) + "个月的期限，须经派出单位和本人同意方可延长";
  out.Add(rule, {{"persons", std::to_string(s->persons)}, {"months", std::to_string(s->months)}, {"reason", reason}});
}

const char* AppTypeLabel(demand::App::Type t) {
  static constexpr const char* kLabels[] = {"应用程序", "小程序", "快应用", "工作群", "政务账号"};
  return kLabels[static_cast<int>(t)];
}

void App01(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* a = As<demand::App>(c);
  if (!a || a->audience == demand::App::Audience::kPublic) return;
  if (a->app_type == demand::App::Type::kGroup || a->app_type == demand::App::Type::kAccount) return;
  if (c.tree.at(c.issuer).level <= Level::kCounty) return;
  out.Add(rule, {{"issuer", NameOf(c.tree, c.issuer)},
                 {"level", LevelLabelOf(c.tree, c.issuer)},
                 {"app_type", AppTypeLabel(a->app_type)}});
}

void App02(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* a = As<demand::App>(c);
  if (!a || a->app_type == demand::App::Type::kGroup || a->filing_no) return;
  out.Add(rule, {{"app_type", AppTypeLabel(a->app_type)}});
}

void App05(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* a = As<demand::App>(c);
  if (!a) return;
  std::string found;
  for (const auto& f : a->features)
    if (std::find(rule.words.begin(), rule.words.end(), f) != rule.words.end())
      found += (found.empty() ? "" : "、") + f;
  if (!found.empty()) out.Add(rule, {{"features", found}});
}

void Duty01(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* t = As<demand::Task>(c);
  if (!t) return;
  // Judged only for townships whose duty list was imported.
  for (uint32_t u : c.Grassroots()) {
    const units::Unit& unit = c.tree.at(u);
    if (unit.level != Level::kTownship || !unit.is_region()) continue;
    auto list = c.lists.duty.find(std::string(unit.id));
    if (list == c.lists.duty.end()) continue;
    std::string reason;
    if (!t->duty_item) {
      reason = "没有对应的乡镇履职事项（duty_item），" + std::string(unit.name) + "已有履职事项清单";
    } else if (auto item = list->second.find(*t->duty_item); item == list->second.end()) {
      reason = "“" + *t->duty_item + "”不在" + std::string(unit.name) + "的履职事项清单内";
    } else if (item->second.category == "taken_back") {
      reason = "“" + item->second.name + "”已由上级部门收回，不再由" + std::string(unit.name) + "承担";
    }
    if (!reason.empty()) {
      out.Add(rule, {{"reason", reason}});
      return;  // one finding per task; the first township that fails names it
    }
  }
}

void Dem01(const Context& c, const rules::Rule& rule, Findings& out) {
  if (!As<demand::Activity>(c)) return;
  const units::Unit& u = c.tree.at(c.issuer);
  if (u.level == Level::kProvince) return;
  const bool leadership = !u.organ_type || *u.organ_type == units::OrganType::kPartyCommittee ||
                          *u.organ_type == units::OrganType::kGovernment;
  if (leadership && u.level <= Level::kCounty) return;
  static constexpr const char* kTypes[] = {"党委", "政府", "部门", "议事协调机构", "办公室", "机关"};
  out.Add(rule, {{"issuer", std::string(u.name)},
                 {"level", units::LevelLabel(u.level)},
                 {"type", u.organ_type ? kTypes[static_cast<int>(*u.organ_type)] : "单位"}});
}

void Dem02(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* a = As<demand::Activity>(c);
  if (!a) return;
  std::string reason;
  if (!a->approved_item) {
    reason = "没有填写批准的创建示范项目（approved_item）";
  } else if (auto it = c.lists.activity.find(*a->approved_item); it == c.lists.activity.end()) {
    reason = "批准的创建示范项目目录中没有“" + *a->approved_item + "”";
  } else if (it->second.unit != c.demand.issuer) {
    reason = "创建示范项目“" + it->second.name + "”批准给了其他单位";
  }
  if (!reason.empty()) out.Add(rule, {{"reason", reason}});
}

// DEM-03 is a text rule too (names inside a 公文); on a filed activity its
// name is the campaign's own, so any of the words counts.
void Dem03(const Context& c, const rules::Rule& rule, Findings& out) {
  const auto* a = As<demand::Activity>(c);
  if (!a || a->approved_item) return;
  for (const auto& w : rule.words)
    if (a->name.find(w) != std::string::npos) {
      out.Add(rule, {{"matched", w}});
      return;
    }
}

}  // namespace

void AddSingleRules(std::map<std::string_view, RuleFn>& out) {
  out.insert({{"MTG-10", Mtg10},
              {"MTG-20", Mtg20},
              {"MTG-22", Mtg22},
              {"INS-02", Ins02},
              {"SEC-01", Sec01},
              {"SEC-03", Sec03},
              {"SEC-04", Sec04},
              {"APP-01", App01},
              {"APP-02", App02},
              {"APP-05", App05},
              {"DUTY-01", Duty01},
              {"DEM-01", Dem01},
              {"DEM-02", Dem02},
              {"DEM-03", Dem03}});
}

}  // namespace jianfu::registry
