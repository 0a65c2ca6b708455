#include "jianfu/rules/ruleset.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>

namespace jianfu::rules {
namespace {

RuleSet Builtin() {
  auto r = LoadBuiltin();
  EXPECT_TRUE(r.ok()) << r.error().ToString();
  return r.ok() ? *r : RuleSet{};
}

TEST(RuleSet, BuiltinRulesLoadWithCitations) {
  RuleSet set = Builtin();
  for (const char* id : {"DOC-10", "DOC-21", "DOC-22", "INS-11", "INS-12", "APP-06", "APP-07", "DEM-03",
                         "BUR-TRACE", "BUR-REPORT", "BUR-RANK", "BUR-METRIC", "BUR-APP", "BUR-MEETING",
                         "BUR-INSPECTION", "BUR-SECOND", "BUR-PLEDGE", "BUR-DEMO", "BUR-SHIFT"}) {
    const Rule* r = set.Find(id);
    ASSERT_NE(r, nullptr) << id;
    EXPECT_FALSE(r->citation.empty()) << id;
    EXPECT_FALSE(r->title.empty()) << id;
  }
  EXPECT_EQ(set.Find("DOC-10")->params.at("general_limit"), 5000);
  EXPECT_EQ(set.Find("DOC-10")->params.at("special_limit"), 4000);
  EXPECT_FALSE(set.lexicon.negations.empty());
}

TEST(RuleSet, OverlayMergesKeyByKey) {
  RuleSet set = Builtin();
  const size_t triggers = set.Find("BUR-TRACE")->triggers.size();
  ASSERT_TRUE(Overlay(set, R"(
[[rule]]
id = "DOC-10"
[rule.params]
general_limit = 3000

[[rule]]
id = "BUR-TRACE"
severity = "block"
triggers_add = ["工作群晒图"]

[lexicon]
negations_add = ["不提倡"]
names_add = ["考核科"]
)",
                      "province.toml")
                  .ok());
  EXPECT_EQ(set.Find("DOC-10")->params.at("general_limit"), 3000);
  EXPECT_EQ(set.Find("DOC-10")->params.at("special_limit"), 4000);
  EXPECT_EQ(set.Find("BUR-TRACE")->severity, Severity::kBlock);
  EXPECT_EQ(set.Find("BUR-TRACE")->triggers.size(), triggers + 1);
  EXPECT_EQ(set.lexicon.negations.back(), "不提倡");
  EXPECT_EQ(set.lexicon.names.back(), "考核科");
  EXPECT_EQ(set.sources.back(), "province.toml");
}

TEST(RuleSet, SyntaxErrorNamesFileAndLine) {
  RuleSet set = Builtin();
  auto s = Overlay(set, "[[rule]]\nid = \"X-1\"\ntitle = \"未闭合\n", "bad.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kRuleFile);
  EXPECT_EQ(s.error().path, "bad.toml");
  EXPECT_EQ(s.error().line, 3);
}

TEST(RuleSet, WrongTypeNamesTheKey) {
  RuleSet set = Builtin();
  auto s = Overlay(set, "[[rule]]\nid = \"DOC-10\"\n[rule.params]\ngeneral_limit = \"三千\"\n", "bad.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "rule[DOC-10].params.general_limit");
  EXPECT_EQ(s.error().line, 4);
  EXPECT_NE(s.error().ToString().find("bad.toml:4:"), std::string::npos);
}

TEST(RuleSet, UnknownKeysAndValuesAreRejected) {
  RuleSet set = Builtin();
  EXPECT_EQ(Overlay(set, "[[rule]]\nid = \"DOC-10\"\nseverty = \"warn\"\n", "x.toml").error().field,
            "rule[DOC-10].severty");
  EXPECT_EQ(Overlay(set, "[[rule]]\nid = \"DOC-10\"\nseverity = \"fatal\"\n", "x.toml").error().field,
            "rule[DOC-10].severity");
  EXPECT_EQ(Overlay(set, "[[rule]]\nid = \"BUR-TRACE\"\ncategory = \"misc\"\n", "x.toml").error().field,
            "rule[BUR-TRACE].category");
  EXPECT_EQ(Overlay(set, "[lexicon]\nnegatons = []\n", "x.toml").error().field, "lexicon.negatons");
}

TEST(RuleSet, NewRuleMustBeComplete) {
  RuleSet set = Builtin();
  auto s = Overlay(set, "[[rule]]\nid = \"LOCAL-1\"\nkind = \"sentence\"\ntitle = \"本地规则\"\n", "x.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().field, "rule[LOCAL-1].citation");
}

TEST(RuleSet, FailedOverlayLeavesTheSetUnchanged) {
  RuleSet set = Builtin();
  const size_t n = set.rules.size();
  auto s = Overlay(set, "[[rule]]\nid = \"DOC-10\"\n[rule.params]\ngeneral_limit = 1\n[[rule]]\nid = 5\n",
                   "x.toml");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(set.rules.size(), n);
  EXPECT_EQ(set.Find("DOC-10")->params.at("general_limit"), 5000);
}

TEST(RuleSet, ExportPatternsListsTriggersOnce) {
  RuleSet set = Builtin();
  // 留痕 is a trigger of BUR-TRACE and INS-12: one line all the same; guards
  // only jianfu understands are stripped for ripgrep.
  std::istringstream lines(ExportPatterns(set));
  std::map<std::string, int> count;
  for (std::string line; std::getline(lines, line);) ++count[line];
  EXPECT_EQ(count["留痕"], 1);
  EXPECT_EQ(count["报表"], 1);  // from "(?<!通)报表"
  for (const auto& [line, n] : count) {
    EXPECT_EQ(n, 1) << line;
    EXPECT_FALSE(line.starts_with("(?<!")) << line;
  }
}

}  // namespace
}  // namespace jianfu::rules
