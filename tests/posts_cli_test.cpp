// Drives `jianfu posts analyze` as a user would: the documented JSON and
// CSV, standard input, bad lines and unreadable files.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "run_jianfu.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

using jianfu::testing::Jianfu;
using Outcome = jianfu::testing::Run;

std::string Fixture(const std::string& name) {
  return "'" + (fs::path(JIANFU_SOURCE_DIR) / "tests/fixtures/posts" / name).string() + "'";
}

const json* Account(const json& j, const std::string& name) {
  for (const auto& a : j["accounts"])
    if (a["account"] == name) return &a;
  return nullptr;
}

TEST(PostsCli, JsonOutput) {
  const Outcome r = Jianfu("posts analyze " + Fixture("posts.jsonl"));
  ASSERT_EQ(r.status, 0) << r.out;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["as_of"], "2024-03-10");
  EXPECT_EQ(j["settings"]["bands"], 21);
  EXPECT_EQ(j["settings"]["threshold"], 0.8);
  EXPECT_EQ(j["summary"]["posts"], 14);
  EXPECT_EQ(j["summary"]["accounts"], 6);
  EXPECT_EQ(j["summary"]["copies"], 4);
  EXPECT_EQ(j["summary"]["inactive_accounts"], 1);
  EXPECT_EQ(j["top_sources"][0]["account"], "江安市发布");
  EXPECT_EQ(j["top_sources"][0]["copying_accounts"], 2);
  EXPECT_EQ(j["top_sources"][0]["copied_posts"], 3);
  const json* county = Account(j, "江安县融媒");
  ASSERT_NE(county, nullptr);
  EXPECT_EQ((*county)["copies"], 2);
  EXPECT_EQ((*county)["copy_share"], 0.6667);
  EXPECT_EQ((*county)["copied_from"][0]["account"], "江安市发布");
  const json* dead = Account(j, "河东区教育局");
  ASSERT_NE(dead, nullptr);
  EXPECT_EQ((*dead)["days_since_last_post"], 60);
  EXPECT_EQ((*dead)["inactive"], true);
  EXPECT_EQ((*dead)["median_gap_days"], 2.0);
  EXPECT_EQ((*dead)["p90_gap_days"], 5.6667);
  EXPECT_EQ((*dead)["last_post"], "2024-01-10T00:00:00+08:00");
  const json* weather = Account(j, "北山县发布");
  ASSERT_NE(weather, nullptr);
  EXPECT_TRUE((*weather)["median_gap_days"].is_null());
  EXPECT_EQ(j["errors"]["count"], 0);
}

TEST(PostsCli, CsvInputAndOutput) {
  const Outcome a = Jianfu("posts analyze " + Fixture("posts.jsonl"));
  const Outcome b = Jianfu("posts analyze " + Fixture("posts.csv"));
  ASSERT_EQ(b.status, 0);
  json ja = json::parse(a.out), jb = json::parse(b.out);
  ja.erase("input");
  jb.erase("input");
  EXPECT_EQ(ja, jb);

  const Outcome c = Jianfu("posts analyze --format csv " + Fixture("posts.csv"));
  ASSERT_EQ(c.status, 0);
  std::istringstream lines(c.out);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("account,posts,copies,copy_share,", 0), 0u);
  int rows = 0;
  bool seen = false;
  while (std::getline(lines, line)) {
    ++rows;
    if (line.rfind("江安县融媒,", 0) == 0) {
      seen = true;
      EXPECT_EQ(line.rfind("江安县融媒,3,2,0.6667,0,1,江安市发布,2,2024-03-01T15:30:00+08:00,", 0), 0u)
          << line;
    }
  }
  EXPECT_EQ(rows, 6);
  EXPECT_TRUE(seen);
}

TEST(PostsCli, StandardInputNeedsItsFormat) {
  const Outcome ok = Jianfu("posts analyze --input-format jsonl --as-of 2024-03-20 -", false,
                            "cat " + Fixture("posts.jsonl") + " | ");
  ASSERT_EQ(ok.status, 0);
  const json j = json::parse(ok.out);
  EXPECT_EQ(j["input"], "-");
  EXPECT_EQ(j["as_of"], "2024-03-20");
  EXPECT_EQ(j["summary"]["posts"], 14);
  const Outcome no = Jianfu("posts analyze - < /dev/null", true);
  EXPECT_EQ(no.status, 2);
  EXPECT_NE(no.out.find("--input-format"), std::string::npos);
}

TEST(PostsCli, BadLinesAreReportedAndTheRunContinues) {
  const fs::path err_file =
      fs::temp_directory_path() / ("jianfu_posts_cli_err_" + std::to_string(::getpid()));
  const Outcome r =
      Jianfu("posts analyze --max-errors 3 " + Fixture("bad.jsonl"), false, "", err_file.string());
  ASSERT_EQ(r.status, 0);
  std::ifstream in(err_file);
  std::stringstream ss;
  ss << in.rdbuf();
  fs::remove(err_file);
  const std::string err = ss.str();
  EXPECT_NE(err.find("bad.jsonl:2:"), std::string::npos) << err;
  EXPECT_NE(err.find("bad.jsonl:4: 缺少账号"), std::string::npos) << err;
  EXPECT_NE(err.find("bad.jsonl:5: 时间“2024/05/04 08:00”"), std::string::npos) << err;
  EXPECT_EQ(err.find("bad.jsonl:6:"), std::string::npos) << err;  // beyond --max-errors
  EXPECT_NE(err.find("共 8 行有误"), std::string::npos) << err;
  const json j = json::parse(r.out);
  EXPECT_EQ(j["summary"]["posts"], 2);
  EXPECT_EQ(j["summary"]["bad_lines"], 8);
  EXPECT_EQ(j["errors"]["count"], 8);
  ASSERT_EQ(j["errors"]["shown"].size(), 3u);
  EXPECT_EQ(j["errors"]["shown"][1]["line"], 4);
  EXPECT_EQ(j["errors"]["shown"][1]["field"], "account");
}

TEST(PostsCli, UnreadableInputsAreClearErrors) {
  const fs::path dir = fs::temp_directory_path() / ("jianfu_posts_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  Outcome r = Jianfu("posts analyze '" + (dir / "none.jsonl").string() + "'", true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("找不到文件"), std::string::npos) << r.out;
  r = Jianfu("posts analyze '" + (dir / "x.txt").string() + "'", true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--input-format"), std::string::npos) << r.out;
  r = Jianfu("posts analyze --input-format csv '" + dir.string() + "'", true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("文件夹"), std::string::npos) << r.out;
  std::ofstream(dir / "header.csv") << "name,time\n甲,2024-01-01\n";
  r = Jianfu("posts analyze '" + (dir / "header.csv").string() + "'", true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("表头缺少列 account"), std::string::npos) << r.out;
  r = Jianfu("posts analyze --as-of 2024-02-30 " + Fixture("posts.jsonl"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--as-of"), std::string::npos) << r.out;
  std::ofstream(dir / "empty.jsonl") << "";
  r = Jianfu("posts analyze '" + (dir / "empty.jsonl").string() + "'");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(json::parse(r.out)["summary"]["posts"], 0);
  if (::geteuid() != 0) {  // root reads anything
    std::ofstream(dir / "locked.jsonl") << "{}\n";
    fs::permissions(dir / "locked.jsonl", fs::perms::none);
    r = Jianfu("posts analyze '" + (dir / "locked.jsonl").string() + "'", true);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.out.find("无法打开文件"), std::string::npos) << r.out;
  }
  fs::remove_all(dir);
}

TEST(PostsCli, GeneratedCorpusThroughAPipe) {
  const Outcome r = Jianfu("posts analyze --input-format jsonl -j 2 -", false,
                           std::string(JIANFU_BINARY) + " posts generate -n 3000 --seed 3 2>/dev/null | ");
  ASSERT_EQ(r.status, 0);
  const json j = json::parse(r.out);
  EXPECT_EQ(j["summary"]["posts"], 3000);
  EXPECT_GT(j["summary"]["copy_share"].get<double>(), 0.4);
  EXPECT_FALSE(j["top_sources"].empty());
}

}  // namespace
