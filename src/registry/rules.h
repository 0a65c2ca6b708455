// The registry rules: one C++ function per rule id, with its thresholds and
// message from the rule's TOML (kind = "registry"). Private to the module.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "history.h"
#include "jianfu/registry/registry.h"

namespace jianfu::registry {

// The imported lists the rules consult.
struct Lists {
  std::unordered_map<std::string, store::ListItem> plan;      // by id
  std::unordered_map<std::string, store::ListItem> activity;  // by id
  // Township duty lists: township id -> item id -> item.
  std::unordered_map<std::string, std::unordered_map<std::string, store::ListItem>> duty;
  void Add(const store::ListItem& item);
};

struct Context {
  Context(const units::UnitTree& t, const History& h, const Lists& l, const demand::Demand& d, uint32_t i,
          std::vector<Reach> r)
      : tree(t), history(h), lists(l), demand(d), issuer(i), reaches(std::move(r)) {}

  const units::UnitTree& tree;
  const History& history;
  const Lists& lists;
  const demand::Demand& demand;
  uint32_t issuer = 0;
  std::vector<Reach> reaches;  // the targets, resolved
  // Townships and villages the targets cover (expanded once, for the rules
  // that count per grassroots unit).
  const std::vector<uint32_t>& Grassroots() const;

 private:
  mutable std::vector<uint32_t> grassroots_;
  mutable bool expanded_ = false;
};

// Collects the findings of one filing.
class Findings {
 public:
  explicit Findings(bool justified) : justified_(justified) {}
  using Vars = std::vector<std::pair<std::string, std::string>>;
  // A finding of `rule` with its message filled from `vars`; justified when
  // the rule is qualified (一般/原则上) and the demand carries a reason.
  void Add(const rules::Rule& rule, const Vars& vars, std::vector<int64_t> related = {});
  std::vector<Finding>& list() { return list_; }

 private:
  bool justified_;
  std::vector<Finding> list_;
};

using RuleFn = void (*)(const Context&, const rules::Rule&, Findings&);

// Every registry rule this build implements, by id.
const std::map<std::string_view, RuleFn>& RuleFunctions();

// The rule's parameter, or `fallback` when the TOML leaves it out.
int64_t Param(const rules::Rule& rule, const std::string& name, int64_t fallback);

// Registers the rules of each file (single_rules.cpp, history_rules.cpp).
void AddSingleRules(std::map<std::string_view, RuleFn>& out);
void AddHistoryRules(std::map<std::string_view, RuleFn>& out);

}  // namespace jianfu::registry
