#include "jianfu/check/checker.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "jianfu/text/utf8.h"

namespace jianfu::check {
namespace {

class CheckerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto rules = rules::LoadBuiltin();
    ASSERT_TRUE(rules.ok()) << rules.error().ToString();
    auto c = Checker::Create(*rules);
    ASSERT_TRUE(c.ok()) << c.error().ToString();
    checker_ = std::move(c.value()).release();
  }
  static void TearDownTestSuite() { delete checker_; }

  static std::set<std::string> Categories(const std::string& sentence) {
    CheckOptions o;
    o.passage = true;
    std::set<std::string> out;
    for (const auto& f : checker_->Check(sentence, o).findings)
      if (!f.category.empty()) out.insert(f.category);
    return out;
  }
  static std::set<std::string> Rules(const std::string& text, CheckOptions o = {}) {
    std::set<std::string> out;
    for (const auto& f : checker_->Check(text, o).findings) out.insert(f.rule);
    return out;
  }
  static Checker* checker_;
};
Checker* CheckerTest::checker_ = nullptr;

using Set = std::set<std::string>;

TEST_F(CheckerTest, DemandsAreFound) {
  EXPECT_EQ(Categories("各乡镇要于5月10日前将统计表报送县统计局。"), Set{"report"});
  EXPECT_EQ(Categories("各村要每天拍照上传巡查照片至工作群。"), (Set{"trace", "app"}));
  EXPECT_EQ(Categories("县直各单位要与所属乡镇签订目标责任书，实行一票否决。"), Set{"pledge"});
}

TEST_F(CheckerTest, ProhibitionsAreNotDemands) {
  EXPECT_TRUE(Categories("不得要求基层拍照留痕。").empty());
  EXPECT_TRUE(Categories("原则上不从乡镇借调工作人员。").empty());
  EXPECT_TRUE(Categories("严禁以属地管理名义将责任下压至乡镇和村居。").empty());
  EXPECT_TRUE(Categories("不得将点赞量、转发量、学习时长等作为考评依据。").empty());
}

TEST_F(CheckerTest, NarrativeAndCritiqueAreNotDemands) {
  EXPECT_TRUE(Categories("近日，某镇召开会议，签订了责任书。").empty());
  EXPECT_TRUE(Categories("有的单位打着跟班学习旗号，大量借调工作人员。").empty());
}

TEST_F(CheckerTest, ScopeResetRestoresADemandAfterANegation) {
  EXPECT_EQ(Categories("不得漏报迟报，须于每月5日前上报统计表。"), Set{"report"});
}

TEST_F(CheckerTest, LookAroundGuardsApplyToLexiconCues) {
  // "分为" (divided into) marks a definition, but not inside "满分为".
  EXPECT_EQ(Categories("全年基础分满分为120分，各乡镇要于每月5日前报送统计表。"), Set{"report"});
  EXPECT_TRUE(Categories("报表分为月报表和年报表。").empty());
  // "通报表扬" is praise, not a 报表.
  EXPECT_EQ(Categories("对排名前10的村予以通报表扬。"), Set{"rank"});
}

TEST_F(CheckerTest, NegationInsideParenthesesSpeaksOnlyOfTheAside) {
  // The limit in the aside does not reach the meeting after it...
  EXPECT_EQ(Categories("各乡镇要于周五前报送工作简报（原则上不超过1000字），每周参加视频调度会。"),
            (Set{"report", "meeting"}));
  // ...but still forbids what the aside itself names.
  EXPECT_EQ(Categories("请各乡镇按时报送汇总材料（不得要求村里拍照留痕）。"), Set{"report"});
  // A negation outside the parentheses governs what is inside them.
  EXPECT_TRUE(Categories("不得要求基层（含村、社区）拍照留痕。").empty());
}

TEST_F(CheckerTest, NamesOfThisDocumentBodiesAndPostsDemandNothing) {
  EXPECT_TRUE(Categories("为提高工作效率，特制定本考核办法。").empty());
  EXPECT_EQ(Categories("按照本考核办法，每季度对各乡镇进行一次考核。"), Set{"inspection"});
  EXPECT_TRUE(Categories("督查机构应当对督查人员开展业务培训。").empty());
  EXPECT_EQ(Categories("督查人员每月到各村开展督查。"), Set{"inspection"});
  EXPECT_TRUE(Categories("发现问题及时通知包村干部。").empty());
  EXPECT_EQ(Categories("各镇实行领导包村，包村干部要每周入村。"), Set{"shift"});
}

TEST_F(CheckerTest, ShiftNeedsALevelBelowToShiftTo) {
  EXPECT_FALSE(Categories("督查组实行组长负责制。").contains("shift"));
  EXPECT_EQ(Categories("各村实行村支书负责制。"), Set{"shift"});
  EXPECT_FALSE(Categories("各责任单位负责制定实施细则。").contains("shift"));
  EXPECT_TRUE(Categories("各成员单位是本部门数据安全的责任主体。").empty());
  EXPECT_EQ(Categories("乡镇是辖区安全生产的责任主体。"), Set{"shift"});
  EXPECT_EQ(Categories("工作中要层层压实责任。"), Set{"shift"});
}

TEST_F(CheckerTest, PartyInspectionOfLowerUnitsIsInspection) {
  EXPECT_EQ(Categories("县委巡察组要对各村开展巡察。"), Set{"inspection"});
  EXPECT_EQ(Categories("抽调干部参加上级巡察工作。"), Set{"second"});
}

TEST_F(CheckerTest, AspectQuestionsAndPermissionsImposeNothing) {
  EXPECT_EQ(Categories("各乡镇要组织填报统计表。"), Set{"report"});
  EXPECT_TRUE(Categories("各乡镇正在组织填报统计表。").empty());
  EXPECT_TRUE(Categories("各乡镇已于上月报送统计表。").empty());
  EXPECT_TRUE(Categories("各乡镇每月都要报送统计表吗？").empty());
  EXPECT_TRUE(Categories("各村也可自行建立工作台账。").empty());
  EXPECT_EQ(Categories("各村要建立工作台账，也可采用电子台账。"), Set{"trace"});
  EXPECT_TRUE(Categories("一些乡镇存在材料报送不及时等问题。").empty());
}

TEST_F(CheckerTest, StoriesGatesAssociationsAndEnforcementImposeNothing) {
  // Events told in sequence, and a demand someone else made, reported.
  EXPECT_TRUE(Categories("每到一处，先是由技术人员安装考勤软件，随后演示如何打卡。").empty());
  EXPECT_TRUE(Categories("县政府对各乡镇工作进度提出明确要求，每周督办。").empty());
  EXPECT_EQ(Categories("按照县里提出的要求，各乡镇要每周报送进度。"), Set{"report"});
  // A sentence ending at an approval gate limits the act; one that goes on demands it.
  EXPECT_TRUE(Categories("工作群由办公室管理，入群需经办公室同意。").empty());
  EXPECT_EQ(Categories("报表须经领导审核后上报。"), Set{"report"});
  // An association's ranking is not the government's.
  EXPECT_TRUE(Categories("本月政务抖音号排行由市新媒体协会发布。").empty());
  // Checks that seek out the public's violations are law enforcement.
  EXPECT_TRUE(Categories("村干部要对辖区进行巡回检查，查处违规焚烧行为。").empty());
  EXPECT_EQ(Categories("县里将对各村禁烧工作进行巡回检查。"), Set{"inspection"});
}

TEST_F(CheckerTest, LeaningToNarrationWithoutARequirementImposesNothing) {
  EXPECT_TRUE(Categories("班子成员分别深入各村，对禁烧工作进行督导检查。").empty());
  EXPECT_EQ(Categories("各乡镇要分别于5月底前报送统计表。"), Set{"report"});
  EXPECT_EQ(Categories("市、县分别开展评选活动，各村至少推荐3户参评。"), Set{"demo"});
}

TEST_F(CheckerTest, LegalLiabilityIsNotAPledge) {
  EXPECT_TRUE(Categories("构成犯罪的，依法追究刑事责任。").empty());
  EXPECT_EQ(Categories("对未完成目标任务的乡镇，追究主要负责人的责任。"), Set{"pledge"});
}

TEST_F(CheckerTest, SpecificRuleSupersedesGeneral) {
  const auto r = Rules("请各县于6月30日前将贯彻落实情况报送市政府办公室。");
  EXPECT_TRUE(r.contains("DOC-21"));
  EXPECT_FALSE(r.contains("BUR-REPORT"));
}

TEST_F(CheckerTest, FindingLocatesTheWords) {
  const std::string text = "第一段没有问题。\n第二段：各村要建立台账。\n";
  auto report = checker_->Check(text, {});
  ASSERT_EQ(report.findings.size(), 1u);
  const auto& f = report.findings[0];
  EXPECT_EQ(f.rule, "BUR-TRACE");
  EXPECT_EQ(f.line, 2);
  EXPECT_EQ(f.range.begin, 9u + 9u);  // code points: line 1 (8 + newline), then "第二段：各村要建立"
  EXPECT_EQ(f.range.end - f.range.begin, 2u);
  EXPECT_EQ(f.excerpt, "第二段：各村要建立台账。");
  ASSERT_EQ(f.matches.size(), 1u);
}

TEST_F(CheckerTest, LengthLimitDependsOnDocType) {
  std::string body;
  for (int i = 0; i < 450; ++i) body += "这是一段用于测试篇幅的正文。\n";  // 14 per line, 6,300 in all
  CheckOptions general;
  general.doc_type = DocType::kGeneral;
  EXPECT_TRUE(Rules(body, general).contains("DOC-10"));
  CheckOptions comprehensive;
  comprehensive.doc_type = DocType::kComprehensive;
  EXPECT_FALSE(Rules(body, comprehensive).contains("DOC-10"));
}

TEST_F(CheckerTest, OverlayTightensTheLimit) {
  auto rules = rules::LoadBuiltin();
  ASSERT_TRUE(rules.ok());
  ASSERT_TRUE(
      rules::Overlay(*rules, "[[rule]]\nid = \"DOC-10\"\n[rule.params]\ngeneral_limit = 100\n", "local.toml")
          .ok());
  auto c = Checker::Create(*rules);
  ASSERT_TRUE(c.ok());
  std::string body;
  for (int i = 0; i < 10; ++i) body += "这是一段用于测试篇幅的正文。\n";
  CheckOptions o;
  o.doc_type = DocType::kGeneral;
  auto report = (*c)->Check(body, o);
  ASSERT_EQ(report.findings.size(), 1u);
  EXPECT_EQ(report.findings[0].rule, "DOC-10");
  EXPECT_NE(report.findings[0].message.find("100"), std::string::npos);
}

// A checker for the built-in rules (no cache unless given).
std::unique_ptr<Checker> NewChecker(const std::filesystem::path& cache_dir = {}) {
  auto rules = rules::LoadBuiltin();
  EXPECT_TRUE(rules.ok());
  auto checker = Checker::Create(*rules, cache_dir);
  EXPECT_TRUE(checker.ok());
  return checker.ok() ? std::move(checker.value()) : nullptr;
}

TEST(CheckerCache, CachedDatabaseGivesTheSameFindingsAndSurvivesDamage) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("jianfu_cache_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  const std::string text = "各村要每天拍照上传巡查照片至工作群，并于每月5日前报送统计表。\n";
  auto findings = [&](const Checker& c) {
    std::vector<std::string> out;
    for (const auto& f : c.Check(text, {}).findings)
      out.push_back(f.rule + "@" + std::to_string(f.range.begin));
    return out;
  };
  auto first = NewChecker(dir);
  ASSERT_TRUE(first);
  ASSERT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator{}), 1);
  const fs::path file = fs::directory_iterator(dir)->path();
  auto second = NewChecker(dir);  // loads the file
  ASSERT_TRUE(second);
  EXPECT_EQ(findings(*first), findings(*second));
  EXPECT_FALSE(findings(*first).empty());
  {  // Flip one byte: the checksum rejects the file and the matcher recompiles.
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    char c = 0;
    f.read(&c, 1);
    f.seekp(4096);
    c = static_cast<char>(c ^ 0x5A);
    f.write(&c, 1);
  }
  auto third = NewChecker(dir);
  ASSERT_TRUE(third);
  EXPECT_EQ(findings(*first), findings(*third));
  fs::remove_all(dir);
}

// Random documents from the characters the layout and sentence code branch
// on (brackets, colons, list numbers, terminators, line breaks): every check
// must finish with findings inside the text. Run under ASan/UBSan in CI.
TEST(CheckerRobustness, RandomDocumentsNeverBreakTheChecker) {
  const auto checker = NewChecker();
  ASSERT_TRUE(checker);
  // clang-format off
  const std::vector<std::string> pieces = {
      "各乡镇", "要", "不得", "报送", "台账", "拍照", "考核", "排名", "通报", "《", "》", "（", "）", "(", ")",
      "：", ":", "。", "；", "，", "\n", "\n\n", "一、", "（一）", "1.", "第一条", "附件：", "抄送：",
      "2024年8月6日", "〔2024〕12号", "关于", "的通知", "印发", " ", "\t", "“", "”", "a", "7", "😀", "減", "#"};
  // clang-format on
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(state >> 33);
  };
  const int rounds = std::getenv("JIANFU_FUZZ_ROUNDS") ? std::atoi(std::getenv("JIANFU_FUZZ_ROUNDS")) : 1500;
  for (int round = 0; round < rounds; ++round) {
    std::string text;
    const size_t n = next() % (round % 10 == 0 ? 400 : 60);
    for (size_t i = 0; i < n; ++i) text += pieces[next() % pieces.size()];
    CheckOptions options;
    options.passage = round % 3 == 0;
    const DocumentReport r = checker->Check(text, options);
    const size_t chars = text::CountCodePoints(text);
    for (const auto& f : r.findings) {
      ASSERT_LE(f.range.begin, f.range.end) << text;
      ASSERT_LE(f.range.end, chars) << text;
      ASSERT_GE(f.line, 1) << text;
    }
    for (const auto& part : r.layout) ASSERT_LE(part.range.end, chars) << part.name << "\n" << text;
  }
}

TEST(CheckerLimits, FindingsBeyondTheCapAreCountedNotKept) {
  const auto checker = NewChecker();
  ASSERT_TRUE(checker);
  std::string text;
  for (int i = 0; i < 30; ++i) text += "各村要建立台账。\n";
  CheckOptions o;
  o.passage = true;
  o.max_findings = 10;
  const auto r = checker->Check(text, o);
  EXPECT_EQ(r.findings.size(), 10u);
  EXPECT_EQ(r.findings_omitted, 20u);
  EXPECT_EQ(r.findings.front().line, 1);
  EXPECT_EQ(r.findings.back().line, 10);
}

}  // namespace
}  // namespace jianfu::check
