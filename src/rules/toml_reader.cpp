// Reads one rules TOML document into a RuleSet (see docs/rules.md).
// Every problem becomes an Error with file, line, column and key.
#include <toml++/toml.h>

#include <algorithm>
#include <set>

#include "jianfu/rules/ruleset.h"

namespace jianfu::rules {

namespace {

class Reader {
 public:
  Reader(RuleSet& set, std::string name) : set_(set), name_(std::move(name)) {}

  Status Apply(std::string_view doc) {
    toml::table root;
    try {
      root = toml::parse(doc, name_);
    } catch (const toml::parse_error& e) {
      const auto& b = e.source().begin;
      return MakeError(ErrorCode::kRuleFile, "规则文件语法错误：" + std::string(e.description()), name_, "",
                       static_cast<int>(b.line), static_cast<int>(b.column));
    }
    for (auto&& [key, node] : root) {
      const std::string k(key.str());
      Status s = Ok{};
      if (k == "lexicon")
        s = ReadLexicon(node, k);
      else if (k == "doc_type")
        s = ReadDocType(node, k);
      else if (k == "rule")
        s = ReadRules(node);
      else if (k == "ledger")
        s = ReadParams(node, k, set_.ledger);
      else
        s = Fail(node, k, "未知的键");
      if (!s.ok()) return s;
    }
    set_.sources.push_back(name_);
    return Ok{};
  }

 private:
  Error Fail(const toml::node& node, const std::string& key, const std::string& what) const {
    const auto& b = node.source().begin;
    return MakeError(ErrorCode::kRuleFile, what, name_, key, static_cast<int>(b.line),
                     static_cast<int>(b.column));
  }

  Status ReadStrings(const toml::node& node, const std::string& key, std::vector<std::string>& out) {
    const auto* arr = node.as_array();
    if (!arr) return Fail(node, key, "应为字符串数组");
    for (const auto& item : *arr) {
      const auto* s = item.as_string();
      if (!s) return Fail(item, key, "数组元素应为字符串");
      if (s->get().empty()) return Fail(item, key, "不能是空字符串");
      out.push_back(s->get());
    }
    return Ok{};
  }

  // A string list a table may set: `name = [...]` replaces it, `name_add =
  // [...]` appends to it (an overlay adding phrases).
  using Lists = std::vector<std::pair<std::string_view, std::vector<std::string>*>>;

  // Applies `key = value` when key names one of `lists`; false when it names none.
  bool ApplyList(const std::string& key, const toml::node& value, const Lists& lists, const std::string& path,
                 Status& status) {
    const bool add = key.ends_with("_add");
    const std::string_view base =
        add ? std::string_view(key).substr(0, key.size() - 4) : std::string_view(key);
    for (const auto& [name, list] : lists) {
      if (name != base) continue;
      if (!add) list->clear();
      status = ReadStrings(value, path, *list);
      return true;
    }
    return false;
  }

  Status ReadLexicon(const toml::node& node, const std::string& path) {
    const auto* t = node.as_table();
    if (!t) return Fail(node, path, "应为表");
    Lexicon& lx = set_.lexicon;
    const Lists lists = {{"negations", &lx.negations},
                         {"post_negations", &lx.post_negations},
                         {"scope_resets", &lx.scope_resets},
                         {"narrative", &lx.narrative},
                         {"weak_narrative", &lx.weak_narrative},
                         {"prescriptive", &lx.prescriptive},
                         {"critique", &lx.critique},
                         {"neutral", &lx.neutral},
                         {"public_audience", &lx.public_audience},
                         {"government", &lx.government},
                         {"document_kinds", &lx.document_kinds},
                         {"names", &lx.names}};
    for (auto&& [key, value] : *t) {
      const std::string k(key.str());
      const std::string p = path + "." + k;
      if (k == "heading_max_chars") {
        const auto* i = value.as_integer();
        if (!i || i->get() < 0) return Fail(value, p, "应为非负整数");
        lx.heading_max_chars = i->get();
        continue;
      }
      Status s = Ok{};
      if (!ApplyList(k, value, lists, p, s)) return Fail(value, p, "未知的键");
      if (!s.ok()) return s;
    }
    return Ok{};
  }

  Status ReadDocType(const toml::node& node, const std::string& path) {
    const auto* t = node.as_table();
    if (!t) return Fail(node, path, "应为表");
    const Lists lists = {{"comprehensive", &set_.doc_type.comprehensive},
                         {"special", &set_.doc_type.special}};
    for (auto&& [key, value] : *t) {
      const std::string k(key.str());
      const std::string p = path + "." + k;
      Status s = Ok{};
      if (!ApplyList(k, value, lists, p, s)) return Fail(value, p, "未知的键");
      if (!s.ok()) return s;
    }
    return Ok{};
  }

  Status ReadRules(const toml::node& node) {
    const auto* arr = node.as_array();
    if (!arr || !arr->is_array_of_tables()) return Fail(node, "rule", "应写作 [[rule]] 表数组");
    for (const auto& item : *arr) {
      if (auto s = ReadRule(*item.as_table()); !s.ok()) return s;
    }
    return Ok{};
  }

  Status ReadRule(const toml::table& t) {
    const auto* id_node = t.get("id");
    if (!id_node || !id_node->is_string()) return Fail(t, "rule.id", "每条规则都要有字符串 id");
    const std::string id = id_node->as_string()->get();
    const std::string path = "rule[" + id + "]";
    auto it = std::find_if(set_.rules.begin(), set_.rules.end(), [&](const Rule& r) { return r.id == id; });
    const bool is_new = it == set_.rules.end();
    Rule fresh;
    Rule& rule = is_new ? fresh : *it;
    rule.id = id;
    if (is_new) {
      const auto b = t.source().begin;
      rule.source = name_ + ":" + std::to_string(b.line);
    }

    const Lists rule_lists = {
        {"triggers", &rule.triggers}, {"excludes", &rule.excludes}, {"supersedes", &rule.supersedes},
        {"words", &rule.words}};
    for (auto&& [key, node] : t) {
      const toml::node& value = node;  // a plain reference: lambdas cannot capture bindings before C++20 DR
      const std::string k(key.str());
      const std::string p = path + "." + k;
      auto str = [&](std::string& out) -> Status {
        if (!value.is_string()) return Fail(value, p, "应为字符串");
        out = value.as_string()->get();
        return Ok{};
      };
      Status s = Ok{};
      if (k == "id") continue;
      if (k == "title")
        s = str(rule.title);
      else if (k == "citation")
        s = str(rule.citation);
      else if (k == "message")
        s = str(rule.message);
      else if (k == "category")
        s = ReadCategory(value, p, rule.category);
      else if (k == "kind")
        s = ReadKind(value, p, rule.kind);
      else if (k == "severity")
        s = ReadSeverity(value, p, rule.severity);
      else if (k == "enabled" || k == "qualified") {
        if (!value.is_boolean())
          s = Fail(value, p, "应为 true 或 false");
        else
          (k == "enabled" ? rule.enabled : rule.qualified) = value.as_boolean()->get();
      } else if (ApplyList(k, value, rule_lists, p, s)) {
        // triggers, excludes, supersedes, words (and their _add forms)
      } else if (k == "requires")
        s = ReadRequires(value, p, rule.required);
      else if (k == "params")
        s = ReadParams(value, p, rule.params);
      else
        s = Fail(value, p, "未知的键");
      if (!s.ok()) return s;
    }

    if (is_new) {
      if (rule.title.empty()) return Fail(t, path + ".title", "新规则缺少 title");
      if (rule.citation.empty()) return Fail(t, path + ".citation", "新规则缺少 citation");
      if (rule.message.empty()) return Fail(t, path + ".message", "新规则缺少 message");
      if (rule.kind == RuleKind::kSentence && rule.triggers.empty())
        return Fail(t, path + ".triggers", "sentence 规则至少要有一个 triggers 词");
      set_.rules.push_back(std::move(fresh));
    }
    return Ok{};
  }

  Status ReadCategory(const toml::node& v, const std::string& p, std::string& out) {
    static const std::set<std::string> kCategories = {"trace",  "report",  "rank",       "metric",
                                                      "app",    "meeting", "inspection", "second",
                                                      "pledge", "demo",    "shift"};
    if (!v.is_string()) return Fail(v, p, "应为字符串");
    const std::string c = v.as_string()->get();
    if (!c.empty() && !kCategories.contains(c)) return Fail(v, p, "未知的负担类别：" + c);
    out = c;
    return Ok{};
  }

  Status ReadKind(const toml::node& v, const std::string& p, RuleKind& out) {
    const auto* s = v.as_string();
    if (s && s->get() == "sentence")
      out = RuleKind::kSentence;
    else if (s && s->get() == "length")
      out = RuleKind::kLength;
    else if (s && s->get() == "registry")
      out = RuleKind::kRegistry;
    else
      return Fail(v, p, "kind 应为 sentence、length 或 registry");
    return Ok{};
  }

  Status ReadSeverity(const toml::node& v, const std::string& p, Severity& out) {
    const auto* s = v.as_string();
    if (!s || !ParseSeverity(s->get(), &out)) return Fail(v, p, "severity 应为 block、warn 或 info");
    return Ok{};
  }

  Status ReadRequires(const toml::node& v, const std::string& p, std::vector<std::vector<std::string>>& out) {
    const auto* arr = v.as_array();
    if (!arr) return Fail(v, p, "应为字符串数组的数组");
    out.clear();
    for (const auto& group : *arr) {
      std::vector<std::string> g;
      if (auto s = ReadStrings(group, p, g); !s.ok()) return s;
      if (g.empty()) return Fail(group, p, "每组至少一个词");
      out.push_back(std::move(g));
    }
    return Ok{};
  }

  Status ReadParams(const toml::node& v, const std::string& p, std::map<std::string, int64_t>& out) {
    const auto* t = v.as_table();
    if (!t) return Fail(v, p, "应为表");
    for (auto&& [key, value] : *t) {
      const auto* i = value.as_integer();
      if (!i) return Fail(value, p + "." + std::string(key.str()), "参数应为整数");
      if (i->get() < 0) return Fail(value, p + "." + std::string(key.str()), "参数不能为负数");
      out[std::string(key.str())] = i->get();
    }
    return Ok{};
  }

  RuleSet& set_;
  std::string name_;
};

}  // namespace

Status Overlay(RuleSet& set, std::string_view toml, const std::string& name) {
  RuleSet copy = set;  // a failed overlay leaves `set` untouched
  Reader reader(copy, name);
  if (auto s = reader.Apply(toml); !s.ok()) return s;
  set = std::move(copy);
  return Ok{};
}

}  // namespace jianfu::rules
