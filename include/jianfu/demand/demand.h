// include/jianfu/demand/demand.h
//
// Demand: what an upper-level unit files before imposing it on the
// grassroots — a document, meeting, inspection, data request, secondment,
// app mandate, task or demonstration activity — as a typed value, and its
// JSON form (docs/demands.md lists every field).
//
// ParseDemand validates everything that JSON alone decides (types, enums,
// dates, ranges, unknown or misplaced fields) and names the field in its
// error ("targets[1].levels[0]", "minutes"). Whether units exist is decided
// later by the registry, which holds the organisation tree.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "jianfu/core/date.h"
#include "jianfu/core/result.h"
#include "jianfu/units/scope.h"

namespace jianfu::demand {

enum class Kind : uint8_t { kDocument, kMeeting, kInspection, kDataRequest, kSecondment, kApp, kTask, kActivity };
inline constexpr int kKindCount = 8;
const char* KindName(Kind kind);  // "document", "meeting", …
std::optional<Kind> ParseKind(std::string_view name);
const char* KindLabel(Kind kind);  // 中文: "文件", "会议", …

struct Document {
  enum class DocType : uint8_t { kAuto, kComprehensive, kSpecial, kGeneral } doc_type = DocType::kAuto;
  enum class Form : uint8_t { kRed, kWhite, kMemo, kLetter } form = Form::kRed;  // 红头, 白头, 便笺, 函
  std::string doc_no;                                                           // 发文字号, may be empty
};

struct Meeting {
  enum class Type : uint8_t { kComprehensive, kBusiness, kGroupDiscussion, kOther } type = Type::kOther;
  int minutes = 0;              // planned length
  int main_speech_minutes = 0;  // the principal speech or main report; 0 = none
  enum class Format : uint8_t { kOnsite, kVideo } format = Format::kOnsite;
  enum class ConvenerRole : uint8_t { kPrincipal, kDeputy } convener_role = ConvenerRole::kPrincipal;
  bool requires_principals = false;  // lower units' 主要负责同志 must attend
};

struct Inspection {
  enum class Type : uint8_t { kSupervision, kInspection, kAssessment, kResearch, kEnforcement } type =
      Type::kInspection;  // 督查, 检查, 考核, 调研, 执法
  bool comprehensive = false;
  bool onsite = true;
  std::optional<std::string> plan_item;  // id in the annual plan
  enum class Category : uint8_t { kNone, kEmergencySafety, kDisaster } category = Category::kNone;
  std::optional<Date> end_date;  // last day on site; the filing's date when absent
};

struct DataRequest {
  struct Form {
    std::string name;
    std::vector<std::string> fields;
  };
  std::vector<Form> forms;
  std::optional<Date> due;
};

struct Secondment {
  std::string from_unit;  // the unit the staff come from
  int persons = 1;
  int months = 1;
  enum class Label : uint8_t { kSecondment, kWorkTeam, kShadowStudy, kExchange, kAttachment } label =
      Label::kSecondment;  // 借调, 工作专班, 跟班学习, 交流锻炼, 挂职
};

struct App {
  enum class Type : uint8_t { kApp, kMiniProgram, kQuickApp, kGroup, kAccount } app_type = Type::kApp;
  enum class Audience : uint8_t { kGrassroots, kInternal, kPublic } audience = Audience::kGrassroots;
  std::vector<std::string> features;  // checkin, ranking, online_time, …
  std::optional<std::string> filing_no;  // 备案号; absent = not filed
};

struct Task {
  std::optional<std::string> duty_item;  // id in the township duty list
  std::string description;
};

struct Activity {
  std::optional<std::string> approved_item;  // id in the approved 创建示范 list
  std::string name;
};

using Details = std::variant<Document, Meeting, Inspection, DataRequest, Secondment, App, Task, Activity>;

struct Demand {
  int64_t id = 0;  // assigned by the store; 0 before filing
  Kind kind = Kind::kDocument;
  std::string issuer;  // unit id of the filing organ
  std::string title;
  Date date;  // when it takes effect / is held / starts
  std::vector<units::Scope> targets;
  std::optional<std::string> text;  // body of the 公文 or notice, checked by jianfu::check
  std::optional<std::string> justification;
  Details details;
};

// Limits on what a filing may carry.
inline constexpr size_t kMaxJsonBytes = 8u << 20;
inline constexpr size_t kMaxTextBytes = 4u << 20;
inline constexpr size_t kMaxTargets = 1000;

// Parses and validates one demand. Errors: kInvalidArgument with `field`
// set and a Chinese message; kTooLarge over kMaxJsonBytes.
Result<Demand> ParseDemand(std::string_view json);
Result<Demand> DemandFromJson(const nlohmann::json& j);
// The JSON form ParseDemand reads (plus "id" when set).
nlohmann::json ToJson(const Demand& d);

}  // namespace jianfu::demand
