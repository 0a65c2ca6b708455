// Exact copied passages: planted copies with edits are found with their
// spans in both texts, unrelated texts give nothing, the share counts the
// lower document's 正文.
#include "jianfu/copy/passages.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "jianfu/text/utf8.h"

namespace jianfu::copy {
namespace {

Settings Builtin() {
  auto s = LoadBuiltinSettings();
  EXPECT_TRUE(s.ok());
  return s.ok() ? *s : Settings{};
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::filesystem::path(JIANFU_SOURCE_DIR) / "tests/fixtures/copy" / name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Slice(std::string_view text, ByteRange r) {
  return std::string(text.substr(r.begin, r.end - r.begin));
}

// The paragraph of `text` starting with `head`, without its trailing "。\n".
std::string Paragraph(const std::string& text, const std::string& head) {
  const size_t b = text.find(head);
  EXPECT_NE(b, std::string::npos) << head;
  const size_t e = text.find("。\n", b);
  return text.substr(b, e - b);
}

TEST(CopyPassages, CountyDraftCopiesThreeParagraphsOfTheCityNotice) {
  const std::string upper = ReadFixture("upper.txt");
  const std::string lower = ReadFixture("lower.txt");
  ASSERT_FALSE(upper.empty());
  auto r = Compare(upper, lower, Builtin());
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_TRUE(r->lower_has_layout);
  EXPECT_TRUE(Slice(lower, r->lower_body).starts_with("为贯彻落实"));
  ASSERT_EQ(r->passages.size(), 3u);
  const auto& p = r->passages;

  // 一: the county's 各乡镇 replaces the city's 各县（市、区）, 城镇 replaces
  // 城市, and the last sentence is dropped: one passage across the edit.
  EXPECT_TRUE(Slice(lower, p[0].lower).starts_with("通知如下。\n　　一、压紧压实防汛责任"))
      << Slice(lower, p[0].lower);
  EXPECT_TRUE(Slice(lower, p[0].lower).ends_with("做到在岗在位、守土尽责")) << Slice(lower, p[0].lower);
  EXPECT_TRUE(Slice(upper, p[0].upper).starts_with("通知如下。\n　　一、压紧压实防汛责任"));
  EXPECT_TRUE(Slice(upper, p[0].upper).ends_with("做到在岗在位、守土尽责"));
  EXPECT_NE(Slice(upper, p[0].upper).find("城市易涝点"), std::string::npos);
  EXPECT_NE(Slice(lower, p[0].lower).find("城镇易涝点"), std::string::npos);
  EXPECT_EQ(p[0].matched_chars + 1, p[0].lower_chars);  // all but 镇

  // 三: the county names its own bureaux, then copies from 要加强会商研判.
  EXPECT_TRUE(Slice(lower, p[1].lower).starts_with("要加强会商研判")) << Slice(lower, p[1].lower);
  EXPECT_TRUE(Slice(lower, p[1].lower).ends_with("“最后一公里"));
  EXPECT_EQ(p[1].matched_chars, p[1].lower_chars);

  // 四: the heading loses 和应急处置 and the second sentence is dropped.
  EXPECT_TRUE(Slice(lower, p[2].lower).starts_with("四、做好转移避险"));
  EXPECT_TRUE(Slice(upper, p[2].upper).starts_with("四、做好转移避险和应急处置"));
  EXPECT_TRUE(Slice(lower, p[2].lower).ends_with("应转必转"));
  EXPECT_EQ(p[2].upper_chars, p[2].lower_chars + 5);

  size_t copied = 0;
  for (const auto& x : p) copied += x.matched_chars;
  EXPECT_EQ(r->copied_chars, copied);
  EXPECT_GT(r->share(), 0.4);
  EXPECT_LT(r->share(), 0.8);
}

TEST(CopyPassages, PlantedCopyWithEditsHasExactSpansInBothTexts) {
  const std::string upper = ReadFixture("upper.txt");
  const std::string source = Paragraph(upper, "要组织力量对病险水库");
  // The copy: a 顿号 becomes a comma, 认真 is inserted, 专人 becomes 专门人员.
  std::string copy = source;
  copy.replace(copy.find("堤防险工险段、"), std::string("堤防险工险段、").size(), "堤防险工险段，");
  copy.insert(copy.find("建立隐患清单"), "认真");
  copy.replace(copy.find("专人"), std::string("专人").size(), "专门人员");
  const std::string before = "清河县地处山区，汛期山洪多发，历年防汛任务繁重。";
  const std::string after = "县水利局要在6月底前将排查结果报县防指办公室汇总。";
  const std::string lower = before + copy + "。" + after;

  auto r = Compare(upper, lower, Builtin());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->lower_has_layout);  // no 公文 parts: the whole text is compared
  ASSERT_EQ(r->passages.size(), 1u);
  const Passage& p = r->passages[0];
  EXPECT_EQ(p.lower.begin, before.size());
  EXPECT_EQ(p.lower.end, before.size() + copy.size());
  EXPECT_EQ(p.upper.begin, upper.find(source));
  EXPECT_EQ(p.upper.end, upper.find(source) + source.size());
  const size_t source_chars = Normalizer(Builtin().normalize).Normalize(source).size();
  EXPECT_EQ(p.upper_chars, source_chars);
  EXPECT_EQ(p.lower_chars, source_chars + 2 + 2);  // 认真, 专门人员 for 专人
  EXPECT_EQ(p.matched_chars, source_chars - 1);    // all but the 人 of 专人
}

TEST(CopyPassages, UnrelatedTextsShareNothing) {
  const std::string upper = ReadFixture("upper.txt");
  const std::string lower =
      "关于做好春季植树造林工作的通知\n各村民委员会：\n"
      "　　春季是植树造林的黄金季节。请各村结合村庄规划，在房前屋后、道路两侧和闲置空地栽植适宜树种，"
      "做到栽一棵、活一棵、成林一片。苗木由镇农业服务中心统一调配，栽植后要及时浇水、培土、扶正，"
      "确保成活率达到九成以上。植树活动坚持群众自愿，不得强制摊派，不得以拍照留痕代替实际栽植。\n";
  auto r = Compare(upper, lower, Builtin());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->passages.empty());
  EXPECT_EQ(r->copied_chars, 0u);
  EXPECT_EQ(r->share(), 0.0);
  EXPECT_GT(r->body_chars, 100u);
}

TEST(CopyPassages, VerbatimCopyOfTheWholeNoticeIsAllCopied) {
  const std::string upper = ReadFixture("upper.txt");
  auto r = Compare(upper, upper, Builtin());
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->lower_has_layout);
  ASSERT_EQ(r->passages.size(), 1u);
  EXPECT_EQ(r->copied_chars, r->body_chars);
  EXPECT_DOUBLE_EQ(r->share(), 1.0);
  // The 正文 only: from 当前 to 硬仗, not the title or the 落款.
  EXPECT_TRUE(Slice(upper, r->passages[0].lower).starts_with("当前我市"));
  EXPECT_TRUE(Slice(upper, r->passages[0].lower).ends_with("硬仗"));
}

TEST(CopyPassages, RepeatedTextGivesOnePassagePerPlaceInTheLower) {
  const std::string upper = ReadFixture("upper.txt");
  const std::string para = Paragraph(upper, "对山洪灾害危险区");
  // The upper repeats the paragraph: the lower's copy is still one passage.
  const std::string upper2 = upper + "\n附件：\n" + para + "。\n";
  auto r = Compare(upper2, "前言一句。" + para + "。结尾一句。", Builtin());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->passages.size(), 1u);
  // The lower copies it twice: two passages, both from the same place.
  r = Compare(upper, para + "。中间插入了一段与上级文件无关的本地工作要求。" + para + "。", Builtin());
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->passages.size(), 2u);
  EXPECT_EQ(r->passages[0].upper.begin, r->passages[1].upper.begin);
  EXPECT_LT(r->passages[0].lower.end, r->passages[1].lower.begin);
}

// Random texts over 400 ideographs with a planted shared run of exactly n
// characters: found for every min_chars <= n, whatever k and window.
TEST(CopyPassages, EveryRunOfMinCharsIsFound) {
  std::mt19937 rng(7);
  auto random_text = [&](size_t n) {
    std::u32string s;
    for (size_t i = 0; i < n; ++i) s += static_cast<char32_t>(0x4E00 + rng() % 400);
    return s;
  };
  PassageSettings p = Builtin().passages;
  for (size_t min_chars : {4u, 6u, 10u, 23u, 30u, 45u}) {
    for (int trial = 0; trial < 20; ++trial) {
      SCOPED_TRACE(testing::Message() << "min_chars " << min_chars << " trial " << trial);
      const std::u32string shared = random_text(min_chars);
      const std::u32string upper = random_text(300) + shared + random_text(300);
      const std::u32string lower = random_text(200) + shared + random_text(200);
      p.min_chars = min_chars;
      p.kgram = std::min<size_t>(8, min_chars);
      p.window = 16;
      const auto chains = FindPassages(upper, lower, p);
      bool found = false;
      for (const auto& c : chains)
        found = found || (c.runs.front().lower <= 200 &&
                          c.runs.back().lower + c.runs.back().length >= 200 + min_chars);
      EXPECT_TRUE(found);
      // One character shorter than asked: not a passage.
      p.min_chars = min_chars + 1;
      for (const auto& c : FindPassages(upper, lower, p)) EXPECT_GE(c.matched(), min_chars + 1);
    }
  }
}

TEST(CopyPassages, MinCharsOverridesTheSettings) {
  const std::string upper = ReadFixture("upper.txt");
  const std::string lower = ReadFixture("lower.txt");
  auto loose = Compare(upper, lower, Builtin(), 12);
  auto strict = Compare(upper, lower, Builtin(), 100);
  ASSERT_TRUE(loose.ok() && strict.ok());
  EXPECT_GT(loose->passages.size(), 3u);  // also the headings and the cited title
  EXPECT_EQ(strict->passages.size(), 1u);
  for (const auto& p : strict->passages) EXPECT_GE(p.matched_chars, 100u);
}

TEST(CopyPassages, EmptyTextsAreErrorsNamingTheSide) {
  auto r = Compare("。。。\n", "防汛工作要求", Builtin());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEmpty);
  EXPECT_EQ(r.error().field, "upper");
  r = Compare("防汛工作要求", "  \n全省\n", Builtin());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "lower");
}

}  // namespace
}  // namespace jianfu::copy
