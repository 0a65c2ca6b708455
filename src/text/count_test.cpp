#include "jianfu/text/count.h"

#include <gtest/gtest.h>

#include <string>

namespace jianfu::text {
namespace {

// Expectations are counted by hand; docs/counting.md walks through the same
// examples.
struct Expect {
  size_t words, no_spaces, with_spaces;
};

void ExpectCount(std::string_view s, Expect e) {
  const CharCount c = CountChars(s);
  EXPECT_EQ(c.words, e.words) << s;
  EXPECT_EQ(c.chars_no_spaces, e.no_spaces) << s;
  EXPECT_EQ(c.chars_with_spaces, e.with_spaces) << s;
}

TEST(CountChars, Empty) {
  ExpectCount("", {0, 0, 0});
}

TEST(CountChars, CjkAndFullWidthPunctuation) {
  // 关 于 + 2024 + 年 + APP + 推 广 的 通 知 + 。
  ExpectCount("关于2024年APP推广的通知。", {11, 16, 16});
  // Every listed full-width/CJK mark counts one.
  ExpectCount("、。，：；！？“”‘’（）《》【】—…·", {20, 20, 20});
  ExpectCount("——……", {4, 4, 4});
  ExpectCount("（一）", {3, 3, 3});
}

TEST(CountChars, MixedDocumentLine) {
  // 各单位：(4) 请于(2) 2024(1) 年(1) 8(1) 月(1) 6(1) 日前(2) 登录(2) APP(1) ,(1)
  // 填报(2) COVID-19(1) 数据(2) ((1) 共(1) 3.5(1) 万条(2) )(1) !(1) = 29 words;
  // 43 non-space characters, 5 spaces, the line break counts nowhere.
  ExpectCount("各单位：请于 2024年8月6日前 登录APP, 填报 COVID-19 数据(共3.5万条)!\n", {29, 43, 48});
}

TEST(CountChars, WhiteSpaceCountsNoWords) {
  // Two U+3000, a CR LF pair, a tab and a NBSP around 一、总体要求.
  ExpectCount("\u3000\u3000一、总体要求\r\n\t\u00A0", {6, 6, 10});
  ExpectCount("a b\tc\u3000d", {4, 4, 7});
  ExpectCount("\n\n\r\n", {0, 0, 0});
  // Zero-width space and BOM are invisible spaces.
  ExpectCount("\uFEFF\u200B正文", {2, 2, 4});
}

TEST(CountChars, LatinRuns) {
  ExpectCount("APP", {1, 3, 3});
  ExpectCount("2024年", {2, 5, 5});
  ExpectCount("3.5", {1, 3, 3});
  ExpectCount("COVID-19", {1, 8, 8});
  ExpectCount("www.gov.cn", {1, 10, 10});
  ExpectCount("http://www.gov.cn/a.html", {1, 24, 24});
  ExpectCount("1,000元", {2, 6, 6});     // ',' between digits stays in the run
  ExpectCount("a,b", {3, 3, 3});         // but not between letters
  ExpectCount("5.2%", {1, 4, 4});        // % closes a numeric run
  ExpectCount("增长5%以上", {5, 6, 6});  // 增 长 5% 以 上
  ExpectCount("%", {1, 1, 1});
  ExpectCount("a.", {2, 2, 2});  // a trailing '.' is punctuation
  ExpectCount("...", {3, 3, 3});
  ExpectCount("-5", {2, 2, 2});  // a leading '-' is punctuation
  ExpectCount("Hello world", {2, 10, 11});
}

TEST(CountChars, FullWidthLettersAndDigitsFormRuns) {
  ExpectCount("２０２４年ＡＰＰ", {3, 8, 8});
  ExpectCount("２０24", {1, 4, 4});  // mixed widths: one run
  ExpectCount("３.５", {1, 3, 3});
  ExpectCount("50％", {2, 3, 3});  // full-width ％ is a full-width mark
}

TEST(CountChars, HalfWidthPunctuationOutsideRuns) {
  // 各 单 位 , 市 直 各 部 门 : — NFKC-normalised text.
  ExpectCount("各单位,市直各部门:", {10, 10, 10});
  ExpectCount("(一)", {3, 3, 3});
  ExpectCount("\"通知\"", {4, 4, 4});
}

TEST(CountChars, ExtensionBlocksCompatibilityAndMarks) {
  ExpectCount("\U00020000\U0002A700\U00030000", {3, 3, 3});  // Ext B, C, G
  ExpectCount("\uF900\uFA30", {2, 2, 2});                    // compatibility ideographs
  ExpectCount("\u3400", {1, 1, 1});                          // Ext A
  ExpectCount("\u845B\U000E0100", {1, 2, 2});                // 葛 + IVS: one word
  ExpectCount("\u2764\uFE0F", {1, 2, 2});                    // ❤️
  ExpectCount("e\u0301te", {1, 4, 4});                       // combining acute inside a run
}

TEST(CountChars, MalformedBytesCountAsOneSymbolEach) {
  ExpectCount("\xFF", {1, 1, 1});
  ExpectCount("a\xE5\x9F", {3, 3, 3});  // truncated sequence: each stray byte is one
}

// The table in docs/counting.md, row by row.
TEST(CountChars, DocumentedExamples) {
  ExpectCount("关于2024年APP推广的通知。", {11, 16, 16});
  ExpectCount("各单位：请于 2024年8月6日前 登录APP, 填报 COVID-19 数据(共3.5万条)!\n", {29, 43, 48});
  ExpectCount("\u3000\u3000一、总体要求\r\n", {6, 6, 8});
  ExpectCount("增长5.2%", {3, 6, 6});
  ExpectCount("1,000元", {2, 6, 6});
  ExpectCount("a,b", {3, 3, 3});
  ExpectCount("２０２４年ＡＰＰ", {3, 8, 8});
  ExpectCount("50％", {2, 3, 3});
  ExpectCount("各单位,市直各部门:", {10, 10, 10});
  ExpectCount("、。，：；！？“”‘’（）《》【】—…·", {20, 20, 20});
  ExpectCount("\u845B\U000E0100", {1, 2, 2});
  ExpectCount("Hello world", {2, 10, 11});
  ExpectCount("APP，", {2, 4, 4});
  ExpectCount("APP,", {2, 4, 4});
  ExpectCount("（1）", {3, 3, 3});
  ExpectCount("(1)", {3, 3, 3});
  ExpectCount("10:30", {1, 5, 5});
  ExpectCount("APP等", {2, 4, 4});
}

TEST(CountChars, LongTextIsLinear) {
  std::string s;
  for (int i = 0; i < 10000; ++i) s += "为进一步减轻基层负担，2024年起APP填报精简50%。\n";
  const CharCount c = CountChars(s);
  // 为进一步减轻基层负担 (10) ， (1) 2024 (1) 年起 (2) APP (1) 填报精简 (4) 50% (1) 。 (1) = 21
  EXPECT_EQ(c.words, 21u * 10000);
  EXPECT_EQ(c.chars_no_spaces, 28u * 10000);
}

}  // namespace
}  // namespace jianfu::text
