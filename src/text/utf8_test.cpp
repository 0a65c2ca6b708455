#include "jianfu/text/utf8.h"

#include <gtest/gtest.h>

#include "jianfu/text/sentence.h"

namespace jianfu::text {
namespace {

TEST(Utf8, FindsInvalidSequences) {
  EXPECT_EQ(FindInvalidUtf8("基层减负 ok"), kNpos);
  EXPECT_EQ(FindInvalidUtf8("ab\xC0\xAF"), 2u);      // overlong '/'
  EXPECT_EQ(FindInvalidUtf8("ab\xED\xA0\x80"), 2u);  // surrogate
  EXPECT_EQ(FindInvalidUtf8("\xE5\x9F"), 0u);        // truncated
  EXPECT_EQ(FindInvalidUtf8("12345678\xFF"), 8u);    // after the ASCII fast path
}

TEST(Utf8, DecodesAndEncodesRoundTrip) {
  const std::string s = "减A😀";
  std::string back;
  for (size_t pos = 0; pos < s.size();) AppendUtf8(back, DecodeUtf8(s, pos));
  EXPECT_EQ(back, s);
  EXPECT_EQ(CountCodePoints(s), 3u);
}

TEST(TextIndex, MapsBytesToCharsLinesColumns) {
  const std::string s = "第一行\n第二行abc\n";
  TextIndex idx(s);
  const size_t b = s.find("abc");
  EXPECT_EQ(idx.CharOffset(b), 7u);
  EXPECT_EQ(idx.Line(b), 2);
  EXPECT_EQ(idx.Column(b), 4);
  EXPECT_EQ(idx.Line(0), 1);
  auto [lb, le] = idx.LineBounds(2);
  EXPECT_EQ(s.substr(lb, le - lb), "第二行abc");
}

TEST(Sentences, SplitAtTerminatorsKeepingClosers) {
  const std::string s = "各乡镇要报送材料。“不得留痕！”\n第三句；第四句";
  auto v = SplitSentences(s);
  ASSERT_EQ(v.size(), 4u);
  EXPECT_EQ(s.substr(v[0].begin, v[0].end - v[0].begin), "各乡镇要报送材料。");
  EXPECT_EQ(s.substr(v[1].begin, v[1].end - v[1].begin), "“不得留痕！”");
  EXPECT_EQ(s.substr(v[3].begin, v[3].end - v[3].begin), "第四句");
}

}  // namespace
}  // namespace jianfu::text

namespace jianfu::text {
namespace {

TEST(Sentences, RunOnTextIsCutIntoBoundedPieces) {
  std::string s;
  for (int i = 0; i < 2000; ++i) s += "各村要报送台账，";  // 24 bytes a clause, no sentence end
  const auto v = SplitSentences(s);
  ASSERT_GT(v.size(), 1u);
  size_t covered = 0;
  for (const auto& x : v) {
    EXPECT_LE(x.end - x.begin, 2 * kMaxSentenceBytes + 4);
    EXPECT_TRUE(s.substr(x.end - 3, 3) == "，" || x.end == s.size());
    covered += x.end - x.begin;
  }
  EXPECT_EQ(covered, s.size());
  std::string no_commas(3 * kMaxSentenceBytes, 'a');
  for (const auto& x : SplitSentences(no_commas)) EXPECT_LE(x.end - x.begin, 2 * kMaxSentenceBytes + 1);
}

}  // namespace
}  // namespace jianfu::text
