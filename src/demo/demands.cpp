// Drawing demands: the helpers of Draw, then documents, meetings,
// inspections and data requests. Rates of violations are per demand; each
// drawn violation names the rule it should trip (Made::intended).
#include <algorithm>
#include <array>
#include <set>

#include "draw.h"

namespace jianfu::demo {

namespace {

constexpr const char* kJustifications[] = {
    "确因防汛抗旱应急需要，经本级党委主要负责同志批准",
    "落实上级统一部署，已报本级党委办公室备案",
    "涉及安全生产紧急事项，属特殊情况",
    "经本级为基层减负工作机制审核同意",
};

std::string Num(int n) {
  return std::to_string(n);
}

// The first character of a UTF-8 name.
std::string FirstChar(std::string_view s) {
  if (s.empty()) return "";
  const auto b = static_cast<unsigned char>(s[0]);
  const size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
  return std::string(s.substr(0, std::min(n, s.size())));
}

}  // namespace

Draw::Draw(const World& world, const Year& year, const Plan& p, Made& made)
    : w(world),
      y(year),
      plan(p),
      organ(world.organs[p.organ]),
      kind(OrganKinds()[organ.kind]),
      m(made),
      rng(Mix(world.options().seed ^ 0xd1b54a32d192ed03ull, (uint64_t{p.organ} << 32) | p.salt)) {
  const auto& topics = Domains()[kind.domain].topics;
  topic = rng.Pick(topics);
}

std::string Draw::Whole() const {
  if (central()) return "全国";
  return WholeOf(level(), w.RegionName(organ.region));
}

std::string Draw::IssuerName() const {
  return central() ? kind.central : OrganName(kind, level(), w.RegionName(organ.region));
}

std::string Draw::Short() const {
  return central() ? "" : FirstChar(w.RegionName(organ.region));
}

void Draw::Target(uint32_t region, LevelMask levels) {
  d().targets.push_back({std::string(w.RegionId(region)), levels, {}});
}

void Draw::Broadcast(LevelMask levels) {
  if (!central()) return Target(organ.region, levels);
  for (uint32_t p : w.Below(kCentral, Level::kProvince))
    if (w.Present(p)) Target(p, levels);
}

std::vector<uint32_t> Draw::Pick(uint32_t root, Level level, int k) {
  const auto range = w.Below(root, level);
  std::vector<uint32_t> out;
  if (range.empty() || k <= 0) return out;
  const size_t want = std::min<size_t>(static_cast<size_t>(k), range.size());
  const bool hot =
      level == Level::kTownship && root != kCentral && w.model().at(root).level == Level::kCounty;
  for (int attempt = 0; out.size() < want && attempt < 8 * k; ++attempt) {
    uint32_t u = range[rng.Below(static_cast<uint32_t>(range.size()))];
    if (hot && rng.Chance(0.15)) u = w.HotTownship(root);
    if (std::find(out.begin(), out.end(), u) == out.end()) out.push_back(u);
  }
  std::sort(out.begin(), out.end());
  return out;
}

uint32_t Draw::PickProvince() {
  const auto provinces = w.Below(kCentral, Level::kProvince);
  for (int attempt = 0; attempt < 20; ++attempt) {
    const uint32_t i = rng.Below(31);  // the country's 31 provinces
    // Some provinces draw more central attention than others.
    const double weight = 0.4 + 1.2 * static_cast<double>(Mix(w.options().seed, i) % 1000) / 1000;
    if (!rng.Chance(weight / 1.6)) continue;
    return i < provinces.size() ? provinces[i] : units::kNone;
  }
  return units::kNone;
}

void Draw::Violate(const char* rule, double justify) {
  m.intended.push_back(rule);
  if (!d().justification && rng.Chance(justify)) Justify();
}

void Draw::Justify() {
  d().justification = rng.Pick(kJustifications);
}

bool DrawDocument(Draw& x) {
  demand::Document doc;
  const bool previous = x.plan.special == Special::kPreviousYear;
  const int year = x.date().year();
  // One issuer in twenty turns 红头 into 白头, 便笺 and 函 (DOC-05 finds it).
  const bool evader = Mix(x.w.options().seed, x.plan.organ) % 20 == 0;
  const double f = x.rng.Unit();
  using Form = demand::Document::Form;
  doc.form = f < (evader ? 0.4 : 0.8) ? Form::kRed
             : f < 0.92               ? Form::kWhite
             : f < 0.97               ? Form::kMemo
                                      : Form::kLetter;
  const double t = x.rng.Unit();
  using DocType = demand::Document::DocType;
  doc.doc_type = t < 0.7 ? DocType::kAuto : t < 0.9 ? DocType::kSpecial : DocType::kGeneral;
  if (doc.form == Form::kRed || doc.form == Form::kLetter)
    doc.doc_no = x.Short() + x.kind.abbr + (doc.form == Form::kLetter ? "函" : "发") + "〔" + Num(year) +
                 "〕" + Num(x.plan.seq) + "号";
  static constexpr const char* kVerbs[] = {"做好", "进一步加强", "扎实开展", "切实抓好", "统筹推进"};
  const double s = x.rng.Unit();
  auto& title = x.d().title;
  if (s < 0.55) {
    title = "关于" + std::string(x.rng.Pick(kVerbs)) + Num(year) + "年" + x.topic + "工作的通知";
  } else if (s < 0.8) {
    title = "关于印发《" + x.Whole() + x.topic + "工作方案》的通知";
  } else {
    title = "关于开展" + x.topic + "专项行动的通知";
  }

  switch (x.central() ? Level::kProvince : x.level()) {
    case Level::kProvince:
      if (x.central()) {
        x.Broadcast(Levels(Level::kProvince));
      } else {
        const double r = x.rng.Unit();
        x.Broadcast(r < 0.7   ? Levels(Level::kCity, Level::kCounty)
                    : r < 0.9 ? Levels(Level::kCounty)
                              : Levels(Level::kCity, Level::kCounty, Level::kTownship));
      }
      break;
    case Level::kCity:
      x.Broadcast(x.rng.Chance(0.6) ? Levels(Level::kCounty) : Levels(Level::kCounty, Level::kTownship));
      break;
    case Level::kCounty:
      x.Broadcast(x.rng.Chance(0.85) ? Levels(Level::kTownship) : Levels(Level::kTownship, Level::kVillage));
      break;
    default:
      x.Broadcast(Levels(Level::kVillage));
  }

  if (!previous && x.plan.seq > x.y.previous_documents[x.plan.organ] &&
      x.y.previous_documents[x.plan.organ] > 0)
    x.Violate("DOC-01", 0.1);
  // This year's documents mostly carry their text, which the checker reads.
  if (!previous && x.rng.Chance(0.6)) {
    const std::string lower = LowerAddressees(x.level(), x.central());
    std::string text =
        title + "\n\n" + lower + "：\n为深入贯彻落实上级有关部署，切实做好" + x.topic +
        "工作，现将有关事项通知如下。\n一、提高思想认识。" + lower + "要充分认识" + x.topic +
        "工作的重要意义，加强组织领导，明确责任分工。\n二、突出工作重点。要聚焦" + x.topic +
        "中的突出问题，加强统筹协调，确保各项措施落地见效。\n三、强化工作保障。要加强经费保障，"
        "优化服务方式，切实减轻基层负担。\n";
    if (x.rng.Chance(0.08)) {
      text += "请" + lower + "于每月5日前将工作落实情况报送至" + x.IssuerName() + "。\n";
      x.Violate("DOC-21");
    }
    if (x.rng.Chance(0.06)) {
      text += lower + "要结合实际制定具体实施方案，并于10日内报备。\n";
      x.Violate("DOC-22");
    }
    if (x.rng.Chance(0.04)) {
      text += lower + "要及时上传工作照片和视频资料。\n";
      x.Violate("APP-07");
    }
    text += x.IssuerName() + "\n" + x.date().ToString() + "\n";
    x.d().text = std::move(text);
  }
  x.d().details = std::move(doc);
  return true;
}

bool DrawMeeting(Draw& x) {
  demand::Meeting mt;
  using Type = demand::Meeting::Type;
  const bool comprehensive = x.plan.special == Special::kComprehensive;
  const double t = x.rng.Unit();
  mt.type = comprehensive ? Type::kComprehensive
            : t < 0.65    ? Type::kBusiness
            : t < 0.92    ? Type::kOther
                          : Type::kGroupDiscussion;
  switch (mt.type) {
    case Type::kComprehensive:
      mt.minutes = 30 * x.rng.Between(4, 8);
      mt.main_speech_minutes = x.rng.Between(40, 60);
      break;
    case Type::kBusiness:
      mt.minutes = 30 * x.rng.Between(2, 5);
      mt.main_speech_minutes = x.rng.Between(15, 45);
      break;
    case Type::kOther:
      mt.minutes = 30 * x.rng.Between(2, 6);
      mt.main_speech_minutes = x.rng.Between(0, 40);
      break;
    case Type::kGroupDiscussion:
      mt.minutes = 60 * x.rng.Between(4, 10);
      mt.main_speech_minutes = x.rng.Between(20, 50);
      break;
  }
  if (x.rng.Chance(0.05)) {  // a long main speech (主要讲话超过1小时)
    mt.main_speech_minutes = x.rng.Between(65, 100);
    mt.minutes = std::max(mt.minutes, mt.main_speech_minutes + 30 * x.rng.Between(1, 3));
    x.Violate("MTG-20");
  }
  if (!comprehensive && x.rng.Chance(0.03)) {  // longer than half a day, or 1.5 days of discussion
    mt.minutes = mt.type == Type::kGroupDiscussion ? 60 * x.rng.Between(13, 16) : 30 * x.rng.Between(9, 16);
    x.Violate("MTG-22");
  }
  if (mt.minutes > 240 && mt.type != Type::kGroupDiscussion && !comprehensive &&
      std::find(x.m.intended.begin(), x.m.intended.end(), "MTG-22") == x.m.intended.end())
    x.Violate("MTG-22");
  const double video =
      x.central() ? 0.85 : std::array{0.8, 0.6, 0.35, 0.15, 0.1}[static_cast<int>(x.level())];
  mt.format = x.rng.Chance(video) ? demand::Meeting::Format::kVideo : demand::Meeting::Format::kOnsite;
  const bool principal = comprehensive || x.rng.Chance(0.45);
  mt.convener_role =
      principal ? demand::Meeting::ConvenerRole::kPrincipal : demand::Meeting::ConvenerRole::kDeputy;
  mt.requires_principals = principal && x.rng.Chance(0.3);
  if (!principal && x.rng.Chance(0.07)) {  // a deputy's meeting that summons the principals
    mt.requires_principals = true;
    x.Violate("MTG-10");
  }
  if (comprehensive && x.plan.seq >= 2) x.Violate("MTG-01");

  const int year = x.date().year();
  if (comprehensive) {
    x.d().title = Num(year) + "年" + x.IssuerName() + "工作会议";
  } else {
    static constexpr const char* kNames[] = {"工作推进会", "工作调度会", "专题部署会", "工作座谈会",
                                             "现场推进会"};
    x.d().title = x.Whole() + x.topic + x.rng.Pick(kNames);
  }
  switch (x.central() ? Level::kProvince : x.level()) {
    case Level::kProvince:
      x.Broadcast(x.central() ? Levels(Level::kProvince) : Levels(Level::kCity, Level::kCounty));
      break;
    case Level::kCity:
      x.Broadcast(x.rng.Chance(0.6) ? Levels(Level::kCounty) : Levels(Level::kCounty, Level::kTownship));
      break;
    case Level::kCounty:
      x.Broadcast(Levels(Level::kTownship));
      break;
    default:
      x.Broadcast(Levels(Level::kVillage));
  }
  x.d().details = mt;
  return true;
}

bool DrawInspection(Draw& x) {
  demand::Inspection ins;
  using Type = demand::Inspection::Type;
  const bool comprehensive = x.plan.special == Special::kComprehensive;
  const int month = x.date().month();
  const double t = x.rng.Unit();
  if (comprehensive) {
    ins.type = (month == 12 || month == 1) ? Type::kAssessment : Type::kSupervision;
  } else if ((month == 12 || month == 1) && t < 0.4) {
    ins.type = Type::kAssessment;
  } else {
    const double u = x.rng.Unit();
    ins.type = u < 0.22   ? Type::kSupervision
               : u < 0.62 ? Type::kInspection
               : u < 0.87 ? Type::kResearch
                          : Type::kEnforcement;
  }
  ins.comprehensive = comprehensive;
  ins.onsite = comprehensive || x.rng.Chance(ins.type == Type::kResearch ? 0.95 : 0.8);
  const std::string_view key = x.kind.key;
  using Category = demand::Inspection::Category;
  if ((key == "emergency" || key == "safety-board") && x.rng.Chance(0.5)) {
    ins.category = Category::kEmergencySafety;
  } else if ((key == "water" || key == "flood-hq" || key == "land") && month >= 5 && month <= 9 &&
             x.rng.Chance(0.4)) {
    ins.category = Category::kDisaster;
  } else if (x.rng.Chance(0.03)) {
    ins.category = Category::kEmergencySafety;
  }
  const int year = x.date().year();
  const std::string plan_prefix = x.organ.id + "-P" + Num(year) + "-";
  const double p = x.rng.Unit();
  if (p < 0.06) {
    x.Violate("INS-02");  // 计划外: no plan item
  } else if (p < 0.1) {
    ins.plan_item = plan_prefix + Num(x.organ.plans + x.rng.Between(1, 5));  // not in the plan
    x.Violate("INS-02");
  } else {
    ins.plan_item = plan_prefix + Num(x.rng.Between(1, x.organ.plans));
  }
  int days = 0;
  if (comprehensive) {
    days = x.rng.Between(3, 9);
  } else if (!ins.onsite) {
    days = x.rng.Between(7, 20);  // 书面检查: the days to send materials
  } else if (x.central() || x.level() == Level::kProvince) {
    days = x.rng.Between(1, 4);
  } else {
    days = x.rng.Chance(0.6) ? 0 : x.rng.Between(1, 2);
  }
  if (days) ins.end_date = x.date() + days;
  if (x.plan.seq >= 2 && comprehensive) x.Violate("INS-01");

  static constexpr const char* kTypeNames[] = {"专项督查", "检查", "考核", "专题调研", "执法检查"};
  x.d().title = comprehensive ? Num(year) + "年度" + x.Whole() + "综合考核"
                              : Num(year) + "年" + x.topic + kTypeNames[static_cast<int>(ins.type)];

  // Targets: the whole jurisdiction for the comprehensive one, else a few
  // units drawn down the tree.
  auto townships_of = [&](uint32_t county, int k, LevelMask levels) {
    for (uint32_t t : x.Pick(county, Level::kTownship, k))
      if (x.w.Present(t)) {
        x.Target(t, levels);
        x.m.townships.push_back(t);
      }
  };
  const LevelMask township = Levels(Level::kTownship);
  if (comprehensive) {
    if (x.central()) {
      x.Broadcast(Levels(Level::kProvince));  // 国务院大督查: every province
    } else {
      x.Broadcast(Levels(x.level() == Level::kCounty     ? Level::kTownship
                         : x.level() == Level::kTownship ? Level::kVillage
                                                         : Level::kCounty));
    }
  } else if (x.central()) {
    if (uint32_t p = x.PickProvince(); p != units::kNone)
      for (uint32_t c : x.Pick(p, Level::kCounty, x.rng.Between(1, 2)))
        townships_of(c, x.rng.Between(1, 2), township);
  } else if (x.level() == Level::kProvince) {
    for (uint32_t c : x.Pick(x.organ.region, Level::kCounty, x.rng.Between(2, 4)))
      townships_of(c, x.rng.Between(1, 3),
                   x.rng.Chance(0.2) ? Levels(Level::kTownship, Level::kVillage) : township);
  } else if (x.level() == Level::kCity) {
    for (uint32_t c : x.Pick(x.organ.region, Level::kCounty, x.rng.Between(1, 3)))
      townships_of(c, x.rng.Between(1, 2), township);
  } else if (x.level() == Level::kCounty) {
    townships_of(x.organ.region, x.rng.Between(1, 4),
                 x.rng.Chance(0.25) ? Levels(Level::kTownship, Level::kVillage) : township);
  } else {
    for (uint32_t v : x.Pick(x.organ.region, Level::kVillage, x.rng.Between(1, 4)))
      x.Target(v, Levels(Level::kVillage));
  }
  if (x.d().targets.empty()) return false;

  if (x.rng.Chance(0.4)) {
    std::string text = "为推动" + x.topic + "各项工作落实，经研究，决定开展" + x.d().title + "。\n";
    if (x.rng.Chance(0.06)) {
      text += "检查期间，请被检查单位党委书记、行政主要负责同志全程陪同并汇报工作。\n";
      x.Violate("INS-10");
    }
    if (ins.type == Type::kAssessment && !comprehensive && x.rng.Chance(0.03)) {
      text += "考核时以会议记录、工作照片等佐证材料作为评分依据。\n";
      x.Violate("INS-12", 0);
    }
    text += "检查组将坚持轻车简从，不搞层层陪同，不增加基层负担。\n";
    x.d().text = std::move(text);
  }
  x.d().details = std::move(ins);
  return true;
}

bool DrawDataRequest(Draw& x) {
  demand::DataRequest req;
  const auto& fields = Domains()[x.kind.domain].fields;
  const int forms = x.rng.Chance(0.7) ? 1 : x.rng.Chance(0.83) ? 2 : 3;
  const int month = x.date().month();
  static constexpr const char* kQuarters[] = {"一季度", "二季度", "三季度", "四季度"};
  for (int f = 0; f < forms; ++f) {
    demand::DataRequest::Form form;
    // Forms ask for a month's, a quarter's or the year's figures; the
    // period is part of each field's name.
    const double period = x.rng.Unit();
    std::string prefix;
    if (period < 0.65) {
      prefix = Num(month) + "月";
      form.name = x.topic + prefix + "工作进度表";
    } else if (period < 0.93) {
      prefix = kQuarters[(month - 1) / 3];
      form.name = x.topic + prefix + "情况统计表";
    } else {
      prefix = Num(x.date().year()) + "年";
      form.name = x.topic + "年度统计表";
    }
    // Each department asks for its own share of its line's figures.
    const size_t window = std::min<size_t>(5, fields.size());
    const size_t first = x.organ.kind * 3 % fields.size();
    std::set<size_t> picked;
    const int n = x.rng.Between(3, static_cast<int>(window));
    while (static_cast<int>(picked.size()) < n) picked.insert((first + x.rng.Below(window)) % fields.size());
    for (size_t i : picked) form.fields.push_back(prefix + fields[i]);
    // The fields every line of work asks for again (最多报一次 is DATA-01).
    if (x.rng.Chance(0.12))
      for (int c = x.rng.Between(1, 2); c > 0; --c) {
        std::string common = x.rng.Pick(CommonFields());
        if (std::find(form.fields.begin(), form.fields.end(), common) == form.fields.end())
          form.fields.push_back(std::move(common));
      }
    req.forms.push_back(std::move(form));
  }
  req.due = x.date() + x.rng.Between(3, 10);
  x.d().title = "关于报送" + x.topic + "有关数据的通知";
  const double r = x.rng.Unit();
  switch (x.central() ? Level::kProvince : x.level()) {
    case Level::kProvince:
      if (x.central()) {
        x.Broadcast(r < 0.6 ? Levels(Level::kProvince) : Levels(Level::kCounty));
      } else {
        x.Broadcast(r < 0.6    ? Levels(Level::kCounty)
                    : r < 0.85 ? Levels(Level::kTownship)
                               : Levels(Level::kVillage));
      }
      break;
    case Level::kCity:
      x.Broadcast(r < 0.45   ? Levels(Level::kCounty)
                  : r < 0.85 ? Levels(Level::kTownship)
                             : Levels(Level::kVillage));
      break;
    case Level::kCounty:
      x.Broadcast(r < 0.65 ? Levels(Level::kTownship) : Levels(Level::kVillage));
      break;
    default:
      x.Broadcast(Levels(Level::kVillage));
  }
  x.d().details = std::move(req);
  return true;
}

}  // namespace jianfu::demo
