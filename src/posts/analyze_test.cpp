// Analyze on the hand-made fixtures of tests/fixtures/posts (their content
// is explained in docs/posts.md, "Worked example").
#include "jianfu/posts/analyze.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "jianfu/posts/output.h"
#include "jianfu/posts/timestamp.h"

namespace jianfu::posts {
namespace {

const copy::Settings& Settings() {
  static const copy::Settings s = *copy::LoadBuiltinSettings();
  return s;
}

std::string Fixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(JIANFU_SOURCE_DIR) / "tests/fixtures/posts" / name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Analysis AnalyzeText(const std::string& text, AnalyzeOptions options = {}) {
  Input in = StringInput(text, "posts");
  auto r = Analyze(in, Settings(), options);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().ToString());
  return r.ok() ? std::move(*r) : Analysis{};
}

const AccountReport& Find(const Analysis& a, const std::string& name) {
  for (const auto& acc : a.accounts)
    if (acc.account == name) return acc;
  static const AccountReport none;
  ADD_FAILURE() << "no account " << name;
  return none;
}

void ExpectFixtureFigures(const Analysis& a) {
  EXPECT_EQ(a.posts, 14u);
  EXPECT_EQ(a.bad_lines, 0u);
  ASSERT_EQ(a.accounts.size(), 6u);
  // Accounts come out by name (byte order: 北 U+5317 < 安 U+5B89 < 江 < 河 < 清).
  EXPECT_EQ(a.accounts[0].account, "北山县发布");
  EXPECT_EQ(a.accounts[1].account, "安平县发布");
  ASSERT_TRUE(a.as_of);
  EXPECT_EQ(a.as_of->ToString(), "2024-03-10");

  // The city's notice copied twice (once identical after normalisation, once
  // edited) and its job fair notice once; its own repost is not a copy.
  const auto& city = Find(a, "江安市发布");
  EXPECT_EQ(city.posts, 3u);
  EXPECT_EQ(city.copies, 0u);
  EXPECT_EQ(city.copied_by_accounts, 2u);
  EXPECT_EQ(city.copied_posts, 3u);
  const auto& county = Find(a, "江安县融媒");
  EXPECT_EQ(county.copies, 2u);
  ASSERT_EQ(county.copied_from.size(), 1u);
  EXPECT_EQ(county.copied_from[0].account, "江安市发布");
  EXPECT_EQ(county.copied_from[0].posts, 2u);
  EXPECT_EQ(county.source_accounts, 1u);
  // Its post on a fire-prevention campaign shares words with the notice but
  // is no copy; the police's anti-fraud post is original too.
  const auto& police = Find(a, "清平县公安");
  EXPECT_EQ(police.posts, 2u);
  EXPECT_EQ(police.copies, 1u);
  EXPECT_EQ(police.copied_from[0].account, "江安市发布");
  // The same weather text at the same second: the origin is the account
  // whose name comes first.
  EXPECT_EQ(Find(a, "北山县发布").copies, 0u);
  EXPECT_EQ(Find(a, "安平县发布").copies, 1u);
  EXPECT_EQ(Find(a, "安平县发布").copied_from[0].account, "北山县发布");
  EXPECT_EQ(a.copies, 4u);
  ASSERT_EQ(a.top_sources.size(), 2u);
  EXPECT_EQ(a.top_sources[0].account, "江安市发布");
  EXPECT_EQ(a.top_sources[0].copying_accounts, 2u);
  EXPECT_EQ(a.top_sources[0].copied_posts, 3u);
  EXPECT_EQ(a.top_sources[1].account, "北山县发布");

  // The education bureau stopped in January: 60 days before 10 March 2024.
  const auto& dead = Find(a, "河东区教育局");
  EXPECT_EQ(dead.posts, 4u);
  EXPECT_EQ(dead.days_since_last_post, 60);
  EXPECT_TRUE(dead.inactive);
  // Its gaps: 1 day, 2 days, 5 days 16 hours (the last post has a date only,
  // which is midnight).
  ASSERT_TRUE(dead.median_gap_days && dead.p90_gap_days);
  EXPECT_DOUBLE_EQ(*dead.median_gap_days, 2.0);
  EXPECT_NEAR(*dead.p90_gap_days, 5.0 + 16.0 / 24, 1e-12);
  EXPECT_EQ(dead.active_weeks, 2u);
  EXPECT_DOUBLE_EQ(dead.posts_per_active_week, 2.0);
  // The city: gaps 4 d 1 h and 4 d 23 h; weeks of 26 Feb and 4 March.
  EXPECT_EQ(city.days_since_last_post, 0);
  EXPECT_FALSE(city.inactive);
  EXPECT_DOUBLE_EQ(*city.median_gap_days, 4.5);
  EXPECT_NEAR(*city.p90_gap_days, 4.0 + 23.0 / 24, 1e-12);
  EXPECT_EQ(city.active_weeks, 2u);
  EXPECT_DOUBLE_EQ(city.posts_per_active_week, 1.5);
  EXPECT_EQ(FormatTimestamp(city.first_post), "2024-03-01T09:00:00+08:00");
}

TEST(PostsAnalyze, FixtureJsonLines) {
  ExpectFixtureFigures(AnalyzeText(Fixture("posts.jsonl")));
}

TEST(PostsAnalyze, FixtureCsvGivesTheSameFigures) {
  AnalyzeOptions o;
  o.format = InputFormat::kCsv;
  ExpectFixtureFigures(AnalyzeText(Fixture("posts.csv"), o));
}

TEST(PostsAnalyze, ResultDoesNotDependOnThreadsOrBlocks) {
  AnalyzeOptions one;
  one.threads = 1;
  AnalyzeOptions many;
  many.threads = 3;
  many.block_bytes = 97;  // records split across many small blocks
  const Analysis a = AnalyzeText(Fixture("posts.jsonl"), one), b = AnalyzeText(Fixture("posts.jsonl"), many);
  std::ostringstream ja, jb;
  WriteJson(a, Settings().minhash, one, ja);
  WriteJson(b, Settings().minhash, many, jb);
  EXPECT_EQ(ja.str(), jb.str());
  ExpectFixtureFigures(b);
}

TEST(PostsAnalyze, AsOfAndInactiveDays) {
  AnalyzeOptions o;
  o.as_of = Date::FromCivil(2024, 3, 20);
  o.inactive_days = 10;
  const Analysis a = AnalyzeText(Fixture("posts.jsonl"), o);
  EXPECT_EQ(Find(a, "江安市发布").days_since_last_post, 10);
  EXPECT_FALSE(Find(a, "江安市发布").inactive);  // more than 10 days is inactive
  EXPECT_TRUE(Find(a, "江安县融媒").inactive);   // 12 days
  EXPECT_EQ(Find(a, "河东区教育局").days_since_last_post, 70);
}

TEST(PostsAnalyze, MalformedLinesAreCountedWithTheirLineNumbers) {
  AnalyzeOptions o;
  o.max_errors = 5;
  const Analysis a = AnalyzeText(Fixture("bad.jsonl"), o);
  EXPECT_EQ(a.posts, 2u);
  EXPECT_EQ(a.lines, 10u);  // the blank line 3 is not a record
  EXPECT_EQ(a.bad_lines, 8u);
  ASSERT_EQ(a.errors.size(), 5u);
  const uint64_t lines[] = {2, 4, 5, 6, 7};
  const char* fields[] = {"", "account", "published_at", "published_at", "published_at"};
  for (size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(a.errors[i].line, lines[i]);
    EXPECT_EQ(a.errors[i].error.line, static_cast<int>(lines[i]));
    EXPECT_EQ(a.errors[i].error.path, "posts");
    EXPECT_EQ(a.errors[i].error.field, fields[i]) << i;
  }
  EXPECT_NE(a.errors[2].error.message.find("2024/05/04"), std::string::npos);
  EXPECT_EQ(a.errors[3].error.message, "缺少发布时间");
  EXPECT_NE(a.errors[4].error.message.find("不存在"), std::string::npos);
  // The two good posts are analysed.
  EXPECT_EQ(Find(a, "甲县发布").posts, 1u);
  EXPECT_EQ(Find(a, "乙县发布").posts, 1u);
}

TEST(PostsAnalyze, EmptyInputs) {
  for (const char* text : {"", "\n\n", "\xEF\xBB\xBF"}) {
    const Analysis a = AnalyzeText(text);
    EXPECT_EQ(a.posts, 0u);
    EXPECT_TRUE(a.accounts.empty());
    EXPECT_FALSE(a.as_of);
  }
  AnalyzeOptions csv;
  csv.format = InputFormat::kCsv;
  EXPECT_EQ(AnalyzeText("", csv).posts, 0u);
  EXPECT_EQ(AnalyzeText("account,published_at,title,text\n", csv).posts, 0u);
  // A CSV header without the four columns stops the run.
  Input in = StringInput("name,time\n甲,2024-01-01\n", "x.csv");
  const auto r = Analyze(in, Settings(), csv);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().path, "x.csv");
  EXPECT_EQ(r.error().line, 1);
}

TEST(PostsAnalyze, PostsWithoutTextCountButAreNeverCopies) {
  const std::string text =
      "{\"account\":\"甲\",\"published_at\":\"2024-01-01\",\"title\":\"\",\"text\":\"。。！\"}\n"
      "{\"account\":\"乙\",\"published_at\":\"2024-01-02\",\"title\":\"\",\"text\":\"\"}\n";
  const Analysis a = AnalyzeText(text);
  EXPECT_EQ(a.posts, 2u);
  EXPECT_EQ(a.copies, 0u);
  EXPECT_EQ(a.contents, 0u);
  EXPECT_EQ(Find(a, "乙").without_text, 1u);
}

TEST(PostsAnalyze, ReadErrorsStopTheRun) {
  Input in;
  in.name = "broken";
  in.read = [](std::span<char>) -> Result<size_t> {
    return MakeError(ErrorCode::kIo, "读取文件时出错", "broken");
  };
  const auto r = Analyze(in, Settings(), {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  const auto missing = OpenInputFile("/nonexistent/posts.jsonl");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace jianfu::posts
