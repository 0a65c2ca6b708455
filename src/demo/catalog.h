// The demo's vocabulary: which organs sit at each level, what they work on,
// how often they file each kind of demand, and the words of titles, forms,
// duty lists and notices. Plain constant data (catalog.cpp); private to the
// demo module.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/demand/demand.h"
#include "jianfu/units/unit.h"

namespace jianfu::demo {

// One line of work (农业农村, 应急…): topics for titles, fields for forms.
struct Domain {
  std::vector<const char*> topics;  // "春耕生产", "动物防疫"…
  std::vector<const char*> fields;  // "生猪存栏量（头）"…
};

// Demands of each kind an organ files in a year (means of Poisson draws),
// indexed by demand::Kind.
using Rates = std::array<double, demand::kKindCount>;

// One kind of organ, repeated in every region of the levels it exists at.
struct OrganKind {
  const char* key;       // id suffix: "433127-agri"
  const char* central;   // name at the centre ("农业农村部"), nullptr: none
  const char* province;  // name after the province's name ("农业农村厅"), nullptr: none
  const char* lower;     // name after a city's or county's name ("农业农村局"), nullptr: none
  units::OrganType type;
  bool party;        // a 党委 department: "中共" + region + "委" + name
  bool township;     // exists in townships (党委, 政府 only)
  int domain;        // index into Domains()
  const char* abbr;  // for 发文字号: 永农发〔2026〕3号
  Rates factor;      // multiplies the level's base rates
};

const std::vector<OrganKind>& OrganKinds();
const std::vector<Domain>& Domains();
// The level's base rates for one department (OrganKind::factor 1).
// `central`: the 中央和国家机关 (filed at province level in the tree).
const Rates& BaseRates(units::Level level, bool central);

// Fields that every line of work asks for (户籍人口, 脱贫户数…): asked again
// and again, they are what DATA-01 (最多报一次) finds.
const std::vector<const char*>& CommonFields();

// Township duty list items (履职事项清单).
struct DutyItem {
  const char* name;
  const char* category;  // basic | cooperative | taken_back
};
const std::vector<DutyItem>& DutyItems();

// How a region is spoken of in a notice: "全县", "全州", "全镇"…
std::string WholeOf(units::Level level, std::string_view region_name);
// The units a notice addresses below a level: "各乡镇（街道）", "各村（社区）"…
const char* LowerAddressees(units::Level issuer_level, bool central);

}  // namespace jianfu::demo
