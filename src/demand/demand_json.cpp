// Demand <-> JSON. Validation reads every field through Fields, which
// remembers what it consumed, so a misspelt or misplaced field is an error
// rather than silently ignored.
#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "jianfu/demand/demand.h"
#include "jianfu/text/utf8.h"

namespace jianfu::demand {
namespace {

using nlohmann::json;

// Thrown inside this file only and turned into an Error by DemandFromJson.
struct Invalid {
  Error error;
};

[[noreturn]] void Fail(const std::string& field, const std::string& message) {
  throw Invalid{MakeError(ErrorCode::kInvalidArgument, message, {}, field)};
}

template <size_t N>
using Names = std::array<const char*, N>;

constexpr Names<8> kKindNames = {"document", "meeting", "inspection", "data_request",
                                 "secondment", "app", "task", "activity"};
constexpr Names<8> kKindLabels = {"文件", "会议", "督查检查考核", "填表报数", "借调", "政务应用", "任务", "创建示范"};

std::string JoinNames(const char* const* names, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += (i ? "、" : "") + std::string(names[i]);
  return out;
}

class Fields {
 public:
  Fields(const json& obj, std::string prefix) : obj_(obj), prefix_(std::move(prefix)) {
    if (!obj.is_object()) Fail(prefix_.empty() ? "$" : prefix_, "应为 JSON 对象");
  }

  std::string Name(std::string_view key) const { return prefix_.empty() ? std::string(key) : prefix_ + "." + std::string(key); }

  const json* Get(std::string_view key) {
    used_.push_back(key);
    auto it = obj_.find(key);
    return it == obj_.end() || it->is_null() ? nullptr : &*it;
  }
  const json& Need(std::string_view key) {
    const json* v = Get(key);
    if (!v) Fail(Name(key), "缺少必填字段");
    return *v;
  }

  std::string String(std::string_view key, size_t max_chars, bool required = true) {
    const json* v = required ? &Need(key) : Get(key);
    if (!v) return {};
    if (!v->is_string()) Fail(Name(key), "应为字符串");
    const auto& s = v->get_ref<const std::string&>();
    if (text::FindInvalidUtf8(s) != text::kNpos) Fail(Name(key), "不是有效的 UTF-8 文本");
    // PostgreSQL's text cannot hold U+0000: refused on either backend alike.
    if (s.find('\0') != std::string::npos) Fail(Name(key), "含有 NUL 字符（U+0000）");
    if (required && s.find_first_not_of(" \t\r\n") == std::string::npos) Fail(Name(key), "不能为空");
    if (text::CountCodePoints(s) > max_chars) Fail(Name(key), "过长（最多 " + std::to_string(max_chars) + " 字）");
    return s;
  }
  std::optional<std::string> OptionalString(std::string_view key, size_t max_chars) {
    if (!Get(key)) return std::nullopt;
    return String(key, max_chars);
  }

  int Int(std::string_view key, int lo, int hi, std::optional<int> fallback = std::nullopt) {
    const json* v = fallback ? Get(key) : &Need(key);
    if (!v) return *fallback;
    if (!v->is_number_integer()) Fail(Name(key), "应为整数");
    const auto n = v->get<int64_t>();
    if (n < lo || n > hi) Fail(Name(key), "应在 " + std::to_string(lo) + "—" + std::to_string(hi) + " 之间");
    return static_cast<int>(n);
  }

  bool Bool(std::string_view key, std::optional<bool> fallback = std::nullopt) {
    const json* v = fallback ? Get(key) : &Need(key);
    if (!v) return *fallback;
    if (!v->is_boolean()) Fail(Name(key), "应为 true 或 false");
    return v->get<bool>();
  }

  Date DateField(std::string_view key) {
    const std::string s = String(key, 10);
    auto d = Date::Parse(s, Name(key));
    if (!d) Fail(Name(key), d.error().message);
    return *d;
  }
  std::optional<Date> OptionalDate(std::string_view key) {
    if (!Get(key)) return std::nullopt;
    return DateField(key);
  }

  template <typename E, size_t N>
  E Enum(std::string_view key, const Names<N>& names, std::optional<E> fallback = std::nullopt) {
    const json* v = fallback ? Get(key) : &Need(key);
    if (!v) return *fallback;
    if (v->is_string())
      for (size_t i = 0; i < N; ++i)
        if (v->get_ref<const std::string&>() == names[i]) return static_cast<E>(i);
    Fail(Name(key), "应为以下之一：" + JoinNames(names.data(), N));
  }

  // Everything not read is an error: a typo, or a field of another kind.
  void RejectUnused(std::string_view kind) const {
    for (const auto& [k, v] : obj_.items())
      if (std::find(used_.begin(), used_.end(), k) == used_.end())
        Fail(Name(k), kind.empty() ? "未知字段" : "未知字段，或不属于 " + std::string(kind) + " 类事项");
  }

 private:
  const json& obj_;
  std::string prefix_;
  // The keys asked for: string literals of this file, a dozen at most, so
  // a vector beats a set (decoding is most of rebuilding the history).
  std::vector<std::string_view> used_;
};

constexpr Names<4> kDocTypes = {"auto", "comprehensive", "special", "general"};
constexpr Names<4> kForms = {"red", "white", "memo", "letter"};
constexpr Names<4> kMeetingTypes = {"comprehensive", "business", "group_discussion", "other"};
constexpr Names<2> kFormats = {"onsite", "video"};
constexpr Names<2> kConvenerRoles = {"principal", "deputy"};
constexpr Names<5> kInspectionTypes = {"supervision", "inspection", "assessment", "research", "enforcement"};
constexpr Names<3> kCategories = {"none", "emergency_safety", "disaster"};
constexpr Names<5> kLabels = {"secondment", "work_team", "shadow_study", "exchange", "attachment"};
constexpr Names<5> kAppTypes = {"app", "mini_program", "quick_app", "group", "account"};
constexpr Names<3> kAudiences = {"grassroots", "internal", "public"};

std::vector<std::string> StringList(Fields& f, std::string_view key, size_t max_items, size_t max_chars) {
  const json& v = f.Need(key);
  if (!v.is_array()) Fail(f.Name(key), "应为字符串数组");
  if (v.empty()) Fail(f.Name(key), "不能为空数组");
  if (v.size() > max_items) Fail(f.Name(key), "过多（最多 " + std::to_string(max_items) + " 项）");
  std::vector<std::string> out;
  for (size_t i = 0; i < v.size(); ++i) {
    const std::string name = f.Name(key) + "[" + std::to_string(i) + "]";
    if (!v[i].is_string() || v[i].get_ref<const std::string&>().empty()) Fail(name, "应为非空字符串");
    const auto& s = v[i].get_ref<const std::string&>();
    if (text::FindInvalidUtf8(s) != text::kNpos || text::CountCodePoints(s) > max_chars) Fail(name, "不是有效文本或过长");
    if (s.find('\0') != std::string::npos) Fail(name, "含有 NUL 字符（U+0000）");
    out.push_back(s);
  }
  return out;
}

Details ReadDetails(Kind kind, Fields& f, Date date) {
  switch (kind) {
    case Kind::kDocument: {
      Document d;
      d.doc_type = f.Enum("doc_type", kDocTypes, std::optional{Document::DocType::kAuto});
      d.form = f.Enum<Document::Form>("form", kForms);
      d.doc_no = f.String("doc_no", 64, false);
      return d;
    }
    case Kind::kMeeting: {
      Meeting m;
      m.type = f.Enum<Meeting::Type>("type", kMeetingTypes);
      m.minutes = f.Int("minutes", 1, 14 * 24 * 60);
      m.main_speech_minutes = f.Int("main_speech_minutes", 0, m.minutes, 0);
      m.format = f.Enum<Meeting::Format>("format", kFormats);
      m.convener_role = f.Enum<Meeting::ConvenerRole>("convener_role", kConvenerRoles);
      m.requires_principals = f.Bool("requires_principals", false);
      return m;
    }
    case Kind::kInspection: {
      Inspection i;
      i.type = f.Enum<Inspection::Type>("type", kInspectionTypes);
      i.comprehensive = f.Bool("comprehensive", false);
      i.onsite = f.Bool("onsite");
      i.plan_item = f.OptionalString("plan_item", 64);
      i.category = f.Enum("category", kCategories, std::optional{Inspection::Category::kNone});
      i.end_date = f.OptionalDate("end_date");
      if (i.end_date && *i.end_date < date) Fail("end_date", "不能早于 date");
      if (i.end_date && *i.end_date - date > 366) Fail("end_date", "距 date 超过一年");
      return i;
    }
    case Kind::kDataRequest: {
      DataRequest r;
      const json& forms = f.Need("forms");
      if (!forms.is_array() || forms.empty()) Fail("forms", "应为非空数组");
      if (forms.size() > 200) Fail("forms", "过多（最多 200 张表）");
      for (size_t k = 0; k < forms.size(); ++k) {
        Fields ff(forms[k], "forms[" + std::to_string(k) + "]");
        DataRequest::Form form;
        form.name = ff.String("name", 200);
        form.fields = StringList(ff, "fields", 2000, 200);
        ff.RejectUnused("");
        r.forms.push_back(std::move(form));
      }
      r.due = f.OptionalDate("due");
      if (r.due && *r.due < date) Fail("due", "不能早于 date");
      return r;
    }
    case Kind::kSecondment: {
      Secondment s;
      s.from_unit = f.String("from_unit", 64);
      s.persons = f.Int("persons", 1, 10000);
      s.months = f.Int("months", 1, 120);
      s.label = f.Enum<Secondment::Label>("label", kLabels);
      return s;
    }
    case Kind::kApp: {
      App a;
      a.app_type = f.Enum<App::Type>("app_type", kAppTypes);
      a.audience = f.Enum<App::Audience>("audience", kAudiences);
      if (f.Get("features")) a.features = StringList(f, "features", 100, 64);
      a.filing_no = f.OptionalString("filing_no", 64);
      return a;
    }
    case Kind::kTask: {
      Task t;
      t.duty_item = f.OptionalString("duty_item", 64);
      t.description = f.String("description", 2000);
      return t;
    }
    case Kind::kActivity: {
      Activity a;
      a.approved_item = f.OptionalString("approved_item", 64);
      a.name = f.String("name", 200);
      return a;
    }
  }
  Fail("kind", "未知类型");
}

template <typename E, size_t N>
const char* NameOf(E e, const Names<N>& names) {
  return names[static_cast<size_t>(e)];
}

json DetailsToJson(const Details& details) {
  json j = json::object();
  std::visit(
      [&](const auto& x) {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Document>) {
          j = {{"doc_type", NameOf(x.doc_type, kDocTypes)}, {"form", NameOf(x.form, kForms)}};
          if (!x.doc_no.empty()) j["doc_no"] = x.doc_no;
        } else if constexpr (std::is_same_v<T, Meeting>) {
          j = {{"type", NameOf(x.type, kMeetingTypes)},
               {"minutes", x.minutes},
               {"main_speech_minutes", x.main_speech_minutes},
               {"format", NameOf(x.format, kFormats)},
               {"convener_role", NameOf(x.convener_role, kConvenerRoles)},
               {"requires_principals", x.requires_principals}};
        } else if constexpr (std::is_same_v<T, Inspection>) {
          j = {{"type", NameOf(x.type, kInspectionTypes)},
               {"comprehensive", x.comprehensive},
               {"onsite", x.onsite},
               {"plan_item", x.plan_item ? json(*x.plan_item) : json(nullptr)},
               {"category", NameOf(x.category, kCategories)}};
          if (x.end_date) j["end_date"] = x.end_date->ToString();
        } else if constexpr (std::is_same_v<T, DataRequest>) {
          auto& forms = j["forms"] = json::array();
          for (const auto& f : x.forms) forms.push_back({{"name", f.name}, {"fields", f.fields}});
          if (x.due) j["due"] = x.due->ToString();
        } else if constexpr (std::is_same_v<T, Secondment>) {
          j = {{"from_unit", x.from_unit}, {"persons", x.persons}, {"months", x.months}, {"label", NameOf(x.label, kLabels)}};
        } else if constexpr (std::is_same_v<T, App>) {
          j = {{"app_type", NameOf(x.app_type, kAppTypes)},
               {"audience", NameOf(x.audience, kAudiences)},
               {"features", x.features},
               {"filing_no", x.filing_no ? json(*x.filing_no) : json(nullptr)}};
        } else if constexpr (std::is_same_v<T, Task>) {
          j = {{"duty_item", x.duty_item ? json(*x.duty_item) : json(nullptr)}, {"description", x.description}};
        } else {
          j = {{"approved_item", x.approved_item ? json(*x.approved_item) : json(nullptr)}, {"name", x.name}};
        }
      },
      details);
  return j;
}

}  // namespace

json ToJson(const Demand& d) {
  json j = DetailsToJson(d.details);
  if (d.id) j["id"] = d.id;
  j["kind"] = KindName(d.kind);
  j["issuer"] = d.issuer;
  j["title"] = d.title;
  j["date"] = d.date.ToString();
  auto& targets = j["targets"] = json::array();
  for (const auto& t : d.targets) targets.push_back(units::ScopeToJson(t));
  if (d.text) j["text"] = *d.text;
  if (d.justification) j["justification"] = *d.justification;
  return j;
}

const char* KindName(Kind kind) { return kKindNames[static_cast<size_t>(kind)]; }
const char* KindLabel(Kind kind) { return kKindLabels[static_cast<size_t>(kind)]; }
std::optional<Kind> ParseKind(std::string_view name) {
  for (size_t i = 0; i < kKindNames.size(); ++i)
    if (name == kKindNames[i]) return static_cast<Kind>(i);
  return std::nullopt;
}

Result<Demand> DemandFromJson(const json& j) {
  try {
    Fields f(j, "");
    Demand d;
    if (const json* id = f.Get("id"); id && !id->is_number_integer()) Fail("id", "应为整数");
    d.kind = f.Enum<Kind>("kind", kKindNames);
    d.issuer = f.String("issuer", 64);
    d.title = f.String("title", 200);
    d.date = f.DateField("date");
    const json& targets = f.Need("targets");
    if (!targets.is_array() || targets.empty()) Fail("targets", "应为非空数组（下达对象的范围）");
    if (targets.size() > kMaxTargets) Fail("targets", "过多（最多 " + std::to_string(kMaxTargets) + " 项）");
    for (size_t i = 0; i < targets.size(); ++i) {
      auto scope = units::ParseScope(targets[i], "targets[" + std::to_string(i) + "]");
      if (!scope) Fail(scope.error().field, scope.error().message);
      d.targets.push_back(std::move(*scope));
    }
    d.text = f.OptionalString("text", kMaxTextBytes);
    d.justification = f.OptionalString("justification", 2000);
    d.details = ReadDetails(d.kind, f, d.date);
    f.RejectUnused(KindName(d.kind));
    return d;
  } catch (const Invalid& e) {
    return e.error;
  }
}

Result<Demand> ParseDemand(std::string_view text) {
  if (text.size() > kMaxJsonBytes)
    return MakeError(ErrorCode::kTooLarge, "事项 JSON 过大（上限 " + std::to_string(kMaxJsonBytes >> 20) + " MB）");
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    return MakeError(ErrorCode::kInvalidArgument, "JSON 格式错误（第 " + std::to_string(e.byte) + " 字节附近）", {},
                     "$");
  }
  return DemandFromJson(j);
}

}  // namespace jianfu::demand
