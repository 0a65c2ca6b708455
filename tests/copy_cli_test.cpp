// Drives `jianfu compare`, `jianfu index` and `jianfu dedup` as a user
// would: exit codes, the documented JSON, bad input and damaged indexes.
#include <gtest/gtest.h>
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

using jianfu::testing::Jianfu;
using jianfu::testing::Run;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Code points [start, end) of a UTF-8 string.
std::string CodePoints(const std::string& s, size_t start, size_t end) {
  size_t cp = 0, b = 0, from = std::string::npos;
  for (; b < s.size(); ++b) {
    if ((static_cast<unsigned char>(s[b]) & 0xC0) == 0x80) continue;
    if (cp == start) from = b;
    if (cp == end) break;
    ++cp;
  }
  return from == std::string::npos ? "" : s.substr(from, b - from);
}

class CopyCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jianfu_copy_cli_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "corpus");
    const fs::path fixtures = fs::path(JIANFU_SOURCE_DIR) / "tests/fixtures/copy";
    upper_ = Read(fixtures / "upper.txt");
    lower_ = Read(fixtures / "lower.txt");
    Write("corpus/upper.txt", upper_);
    Write("corpus/lower.txt", lower_);
    // The city notice reissued with a few changes: a near-duplicate.
    std::string v = upper_;
    v.replace(v.find("全市各级各部门"), std::string("全市各级各部门").size(), "全县各级各部门");
    v.replace(v.find("保持通信畅通。"), std::string("保持通信畅通。").size(), "确保通信和电力保障。");
    Write("variant.txt", v);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& content) {
    std::ofstream(dir_ / name, std::ios::binary) << content;
    return Path(name);
  }
  std::string Path(const std::string& name) const { return "'" + (dir_ / name).string() + "'"; }

  fs::path dir_;
  std::string upper_, lower_;
};

TEST_F(CopyCli, CompareReportsTheShareAndEachPassage) {
  auto r = Jianfu("compare " + Path("corpus/upper.txt") + " " + Path("corpus/lower.txt"));
  EXPECT_EQ(r.status, 1) << r.out;  // copies found
  EXPECT_NE(r.out.find("比对正文，408 字"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("其中 233 字（57.1%）与上级文件相同，共 3 段"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("[3] 74 字  下级 第12行第3列至第13行第78列  ←  上级 第16行第3列至第17行第78列"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("上级原文：四、做好转移避险和应急处置"), std::string::npos) << r.out;
}

TEST_F(CopyCli, CompareJsonOffsetsSliceTheExtractedTexts) {
  auto r = Jianfu("compare --format json " + Path("corpus/upper.txt") + " " + Path("corpus/lower.txt"));
  ASSERT_EQ(r.status, 1);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["min_chars"], 30);
  EXPECT_EQ(j["body_chars"], 408);
  EXPECT_EQ(j["copied_chars"], 233);
  EXPECT_NEAR(j["share"].get<double>(), 233.0 / 408.0, 1e-9);
  EXPECT_TRUE(j["lower"]["body"]["from_layout"].get<bool>());
  ASSERT_EQ(j["passages"].size(), 3u);
  for (const auto& p : j["passages"]) {
    for (const char* side : {"lower", "upper"}) {
      const auto& s = p[side];
      for (const char* key : {"start", "end", "line", "column", "end_line", "end_column", "text"})
        EXPECT_TRUE(s.contains(key)) << key;
      const std::string& text = side == std::string("lower") ? lower_ : upper_;
      EXPECT_EQ(CodePoints(text, s["start"], s["end"]), s["text"].get<std::string>());
    }
    EXPECT_LE(p["matched_chars"].get<int>(), p["lower_chars"].get<int>());
  }
}

TEST_F(CopyCli, CompareUnrelatedTextsExitZero) {
  auto other = Write(
      "other.txt",
      "关于做好春季植树造林工作的通知\n各村：\n请结合村庄规划，在房前屋后栽植适宜树种，栽后及时浇水。\n");
  auto r = Jianfu("compare " + Path("corpus/upper.txt") + " " + other);
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("未发现与上级文件相同的段落（每段至少 30 字）"), std::string::npos) << r.out;
  EXPECT_EQ(
      Jianfu("compare --min-chars 200 " + Path("corpus/upper.txt") + " " + Path("corpus/lower.txt")).status,
      0);
}

TEST_F(CopyCli, CompareBadInputIsOneChineseLineNamingTheFile) {
  auto missing = Jianfu("compare " + Path("none.txt") + " " + Path("corpus/lower.txt"), true);
  EXPECT_EQ(missing.status, 2);
  EXPECT_EQ(missing.out, "jianfu: 错误：" + (dir_ / "none.txt").string() + ": 文件不存在\n");
  auto empty = Write("empty.txt", "");
  auto r = Jianfu("compare " + Path("corpus/upper.txt") + " " + empty, true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find((dir_ / "empty.txt").string()), std::string::npos) << r.out;
  auto punct = Write("punct.txt", "。。，，\n全省\n");
  r = Jianfu("compare " + punct + " " + Path("corpus/lower.txt"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "jianfu: 错误：" + (dir_ / "punct.txt").string() +
                       ": 规范化后没有可比较的文字（只有标点、空白或层级词）\n");
  r = Jianfu("compare --min-chars 2 " + Path("corpus/upper.txt") + " " + Path("corpus/lower.txt"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("--min-chars 至少为 4"), std::string::npos);
  auto corrupt = Write("corrupt.docx", "PK\x03\x04 not a zip");
  r = Jianfu("compare " + corrupt + " " + Path("corpus/lower.txt"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("corrupt.docx"), std::string::npos) << r.out;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
}

TEST_F(CopyCli, IndexBuildQueryAndAdd) {
  const std::string index = Path("corpus.jfidx");
  auto r = Jianfu("index build " + Path("corpus") + " -o " + index);
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("2 个文件"), std::string::npos) << r.out;

  r = Jianfu("index query --format json " + index + " " + Path("variant.txt"));
  EXPECT_EQ(r.status, 1) << r.out;  // a near-duplicate found
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["documents"], 2);
  EXPECT_EQ(j["settings"]["num_hashes"], 128);
  ASSERT_EQ(j["queries"].size(), 1u);
  const auto& matches = j["queries"][0]["matches"];
  ASSERT_EQ(matches.size(), 1u);  // the city notice, not the county draft
  EXPECT_EQ(matches[0]["path"], (dir_ / "corpus/upper.txt").string());
  EXPECT_GE(matches[0]["similarity"].get<double>(), 0.8);
  EXPECT_LT(matches[0]["similarity"].get<double>(), 1.0);
  EXPECT_TRUE(j["errors"].empty());

  // The county draft repeats nothing whole; the query excludes itself.
  EXPECT_EQ(Jianfu("index query " + index + " " + Path("corpus/lower.txt")).status, 0);
  EXPECT_EQ(Jianfu("index query " + index + " " + Path("corpus/upper.txt")).status, 0);

  r = Jianfu("index add " + index + " " + Path("variant.txt") + " " + Path("corpus/upper.txt"));
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("新加入 1 个文件，内容有变的 0 个，未变的 1 个，共 3 个文件"), std::string::npos)
      << r.out;
  r = Jianfu("index query " + index + " " + Path("corpus/upper.txt"));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("与索引中 1 个文件相似"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("variant.txt"), std::string::npos) << r.out;
}

TEST_F(CopyCli, QueryReportsIndexedFilesThatAreGone) {
  const std::string index = Path("corpus.jfidx");
  Write("corpus/copy.txt", Read(dir_ / "variant.txt"));
  ASSERT_EQ(Jianfu("index build " + Path("corpus") + " -o " + index).status, 0);
  fs::remove(dir_ / "corpus/copy.txt");
  auto r = Jianfu("index query --format json " + index + " " + Path("variant.txt"));
  EXPECT_EQ(r.status, 2);
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["queries"][0]["matches"].size(), 1u);  // upper.txt is still verified
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["path"], (dir_ / "corpus/copy.txt").string());
  EXPECT_NE(j["errors"][0]["message"].get<std::string>().find("未能核实"), std::string::npos);
}

TEST_F(CopyCli, DamagedIndexesGiveAClearErrorAndNoCrash) {
  ASSERT_EQ(Jianfu("index build " + Path("corpus") + " -o " + Path("corpus.jfidx")).status, 0);
  const std::string bytes = Read(dir_ / "corpus.jfidx");
  Write("cut.jfidx", bytes.substr(0, bytes.size() / 2));
  auto r = Jianfu("index query " + Path("cut.jfidx") + " " + Path("variant.txt"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "jianfu: 错误：" + (dir_ / "cut.jfidx").string() +
                       ": 索引文件不完整（可能被截断），请重建索引\n");
  std::string v2 = bytes;
  v2[8] = 2;
  Write("v2.jfidx", v2);
  r = Jianfu("index add " + Path("v2.jfidx") + " " + Path("variant.txt"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("索引文件格式版本为 2，本程序只能读取版本 1"), std::string::npos) << r.out;
  EXPECT_EQ(Read(dir_ / "v2.jfidx"), v2);  // left alone
  r = Jianfu("index query " + Path("corpus/upper.txt") + " " + Path("variant.txt"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("不是 jianfu 索引文件"), std::string::npos) << r.out;
}

TEST_F(CopyCli, FailedBuildsWriteNothing) {
  fs::create_directories(dir_ / "nothing");
  auto r = Jianfu("index build " + Path("nothing") + " -o " + Path("new.jfidx"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_FALSE(fs::exists(dir_ / "new.jfidx"));
  // An existing index is not replaced by a failed build.
  ASSERT_EQ(Jianfu("index build " + Path("corpus") + " -o " + Path("corpus.jfidx")).status, 0);
  const std::string before = Read(dir_ / "corpus.jfidx");
  Write("nothing/empty.txt", "");
  EXPECT_EQ(Jianfu("index build " + Path("nothing") + " -o " + Path("corpus.jfidx")).status, 2);
  EXPECT_EQ(Read(dir_ / "corpus.jfidx"), before);
  // Into a folder that does not exist.
  r = Jianfu("index build " + Path("corpus") + " -o " + Path("no/such/x.jfidx"), true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("文件夹不存在"), std::string::npos) << r.out;
}

TEST_F(CopyCli, DedupListsPairsAndErrorsAsJson) {
  fs::copy_file(dir_ / "variant.txt", dir_ / "corpus/variant.txt");
  Write("corpus/broken.docx", "PK\x03\x04 not a zip");
  auto r = Jianfu("dedup " + Path("corpus"));
  EXPECT_EQ(r.status, 2);  // one file could not be read; the others were compared
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["documents"], 3);
  EXPECT_EQ(j["settings"]["bands"], 21);
  ASSERT_EQ(j["pairs"].size(), 1u);
  EXPECT_EQ(j["pairs"][0]["a"], (dir_ / "corpus/upper.txt").string());
  EXPECT_EQ(j["pairs"][0]["b"], (dir_ / "corpus/variant.txt").string());
  EXPECT_GE(j["pairs"][0]["similarity"].get<double>(), 0.8);
  ASSERT_EQ(j["errors"].size(), 1u);
  EXPECT_EQ(j["errors"][0]["path"], (dir_ / "corpus/broken.docx").string());
  fs::remove(dir_ / "corpus/broken.docx");
  EXPECT_EQ(Jianfu("dedup " + Path("corpus")).status, 1);
  fs::remove(dir_ / "corpus/variant.txt");
  r = Jianfu("dedup " + Path("corpus"));
  EXPECT_EQ(r.status, 0);
  EXPECT_TRUE(nlohmann::json::parse(r.out)["pairs"].empty());
}

}  // namespace
