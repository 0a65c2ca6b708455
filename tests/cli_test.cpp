// Drives the jianfu executable as a user would: exit codes, output formats,
// bad input and rule overlays.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_jianfu.h"

namespace {

namespace fs = std::filesystem;

using jianfu::testing::Jianfu;
using jianfu::testing::Run;

class Cli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jianfu_cli_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    const fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    return "'" + p.string() + "'";
  }
  fs::path dir_;
};

TEST_F(Cli, CleanDocumentExitsZero) {
  auto f = Write("clean.txt", "关于做好春季植树工作的通知\n各单位：\n请结合实际做好春季植树工作。\n");
  auto r = Jianfu("check --color never " + f);
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("未发现问题"), std::string::npos) << r.out;
}

TEST_F(Cli, FindingsExitOneAndFailOnControlsIt) {
  auto f = Write("burden.txt", "各村要每天在工作群打卡签到并上传工作照片。\n");
  EXPECT_EQ(Jianfu("check " + f).status, 1);
  EXPECT_EQ(Jianfu("check --fail-on block " + f).status, 0);
  EXPECT_EQ(Jianfu("check --fail-on never " + f).status, 0);
}

TEST_F(Cli, JsonOutputFollowsTheDocumentedShape) {
  auto f = Write("burden.txt", "各村要每天在工作群打卡签到并上传工作照片。\n");
  auto r = Jianfu("check --format json " + f);
  ASSERT_EQ(r.status, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  ASSERT_EQ(j["files"].size(), 1u);
  const auto& file = j["files"][0];
  EXPECT_TRUE(file.contains("doc_type"));
  EXPECT_TRUE(file.contains("chars"));
  ASSERT_FALSE(file["findings"].empty());
  for (const auto& finding : file["findings"]) {
    for (const char* key :
         {"rule", "category", "severity", "citation", "message", "start", "end", "line", "excerpt"})
      EXPECT_TRUE(finding.contains(key)) << key;
    const std::string sev = finding["severity"];
    EXPECT_TRUE(sev == "block" || sev == "warn" || sev == "info");
  }
}

TEST_F(Cli, SarifOutputIsSarif210) {
  auto f = Write("burden.txt", "各村要每天在工作群打卡签到并上传工作照片。\n");
  auto j = nlohmann::json::parse(Jianfu("check --format sarif " + f).out);
  EXPECT_EQ(j["version"], "2.1.0");
  ASSERT_FALSE(j["runs"][0]["results"].empty());
  EXPECT_FALSE(j["runs"][0]["tool"]["driver"]["rules"].empty());
}

TEST_F(Cli, StandardInputIsChecked) {
  auto f = Write("in.txt", "各乡镇要签订安全生产责任书。\n");
  auto r = Jianfu("check --format json < " + f);
  ASSERT_EQ(r.status, 1);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["files"][0]["path"], "-");
}

TEST_F(Cli, BadFilesGiveExitTwoAndTheOthersAreStillChecked) {
  auto good = Write("good.txt", "各乡镇要签订安全生产责任书。\n");
  auto corrupt = Write("corrupt.docx", "PK\x03\x04 this is not really a zip");
  auto empty = Write("empty.txt", "");
  auto r = Jianfu("check --format json " + good + " " + corrupt + " " + empty + " '" +
                  (dir_ / "missing.pdf").string() + "'");
  EXPECT_EQ(r.status, 2);
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["files"].size(), 1u);
  EXPECT_EQ(j["errors"].size(), 3u);
  for (const auto& e : j["errors"]) EXPECT_FALSE(e["message"].get<std::string>().empty());
}

TEST_F(Cli, FolderIsSearchedForDocuments) {
  fs::create_directories(dir_ / "sub" / ".hidden");
  Write("sub/a.txt", "各乡镇要签订安全生产责任书。\n");
  Write("sub/b.md", "# 通知\n请各村于5月1日前报送统计表。\n");
  Write("sub/.hidden/c.txt", "各乡镇要签订安全生产责任书。\n");
  Write("sub/d.jpg", "not a document");
  auto j = nlohmann::json::parse(Jianfu("check --format json '" + (dir_ / "sub").string() + "'").out);
  EXPECT_EQ(j["files"].size(), 2u);
  EXPECT_TRUE(j["errors"].empty());
}

TEST_F(Cli, RulesOverlayTightensTheLimit) {
  std::string body = "关于做好防汛工作的通知\n各乡镇：\n";
  for (int i = 0; i < 20; ++i) body += "汛期将至，各地要高度重视防汛准备工作。\n";
  auto doc = Write("long.txt", body);
  EXPECT_EQ(Jianfu("check --doc-type general --format json " + doc).out.find("DOC-10"), std::string::npos);
  auto rules = Write("local.toml", "[[rule]]\nid = \"DOC-10\"\n[rule.params]\ngeneral_limit = 100\n");
  EXPECT_NE(Jianfu("check --doc-type general --format json --rules " + rules + " " + doc).out.find("DOC-10"),
            std::string::npos);
}

TEST_F(Cli, MalformedRulesFileIsReportedWithFileLineAndKey) {
  auto doc = Write("a.txt", "各乡镇要签订安全生产责任书。\n");
  auto rules = Write("bad.toml", "[[rule]]\nid = \"DOC-10\"\n[rule.params]\ngeneral_limit = \"三千\"\n");
  auto r = Jianfu("check --rules " + rules + " " + doc, true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("bad.toml:4:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("general_limit"), std::string::npos) << r.out;
}

TEST_F(Cli, UsageErrorsExitTwo) {
  const auto bad = Jianfu("check --format xml x.txt", true);
  EXPECT_EQ(bad.status, 2);
  EXPECT_NE(bad.out.find("用法错误"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("--format"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("xml"), std::string::npos) << bad.out;
  EXPECT_EQ(Jianfu("frobnicate").status, 2);
}

TEST_F(Cli, ExportPatternsFeedsGrep) {
  auto r = Jianfu("rules export-patterns");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("一票否决\n"), std::string::npos);
}

}  // namespace
