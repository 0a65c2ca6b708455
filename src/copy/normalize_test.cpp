// Normalisation for copy detection and the settings file it reads.
#include "jianfu/copy/normalize.h"

#include <gtest/gtest.h>

#include <string>

#include "jianfu/copy/settings.h"

namespace jianfu::copy {
namespace {

Settings Builtin() {
  auto s = LoadBuiltinSettings();
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().ToString());
  return s.ok() ? *s : Settings{};
}

std::u32string Norm(const std::string& text) {
  return Normalizer(Builtin().normalize).Normalize(text).chars;
}

TEST(CopyNormalize, RemovesPunctuationAndWhiteSpace) {
  EXPECT_EQ(Norm("一、压紧压实防汛责任。\n　　要（1）加强“会商”研判；\t滚动发布！"),
            U"一压紧压实防汛责任要1加强会商研判滚动发布");
  EXPECT_EQ(Norm("a, b. c!"), U"abc");
}

TEST(CopyNormalize, RemovesMarkdownAndMathSymbols) {
  EXPECT_EQ(Norm("# 第一章 总则\n> 引用 | 表格 `代码` ~~删除~~ a+b=c <x>"),
            U"第一章总则引用表格代码删除abcx");
}

TEST(CopyNormalize, FoldsFullWidthAndCase) {
  EXPECT_EQ(Norm("ＡＰＰ打卡１２次，App打卡12次"), U"app打卡12次app打卡12次");
}

TEST(CopyNormalize, LevelWordsOfEveryKindAreRemoved) {
  // A county copying the city's sentence changes only the level words.
  const std::u32string city = Norm("全市各级各部门要把防汛工作作为当前的重要任务。");
  EXPECT_EQ(city, U"各级各部门要把防汛工作作为当前的重要任务");
  EXPECT_EQ(Norm("全县各级各部门要把防汛工作作为当前的重要任务。"), city);
  EXPECT_EQ(Norm("当前我市已全面进入主汛期"), Norm("当前我县已全面进入主汛期"));
  EXPECT_EQ(Norm("本省行政区域内"), U"行政区域内");
  EXPECT_EQ(Norm("经市政府同意"), U"经同意");
}

TEST(CopyNormalize, LevelWordsMatchAcrossPunctuationLongestFirst) {
  // "各省（区、市）" is the word 各省区市, not 各省 followed by 区市.
  EXPECT_EQ(Norm("各省（区、市）要抓好落实"), U"要抓好落实");
  EXPECT_EQ(Norm("各县（市、区）要抓好落实"), U"要抓好落实");
  // 省委办公厅 is removed whole, not as 省委 leaving 办公厅.
  EXPECT_EQ(Norm("省委办公厅印发"), U"印发");
  // Words split by a line break are still found.
  EXPECT_EQ(Norm("全\n省"), U"");
}

TEST(CopyNormalize, OffsetsMapBackToTheOriginal) {
  const std::string text = "各县（市、区）要严格落实，\n城市易涝点。";
  const NormalizedText n = Normalizer(Builtin().normalize).Normalize(text);
  ASSERT_EQ(n.chars, U"要严格落实城市易涝点");
  ASSERT_EQ(n.offsets.size(), n.chars.size());
  EXPECT_EQ(text.substr(n.offsets[0], 3), "要");
  const ByteRange all = n.Span(text, 0, n.size());
  EXPECT_EQ(text.substr(all.begin, all.end - all.begin), "要严格落实，\n城市易涝点");
  const ByteRange city = n.Span(text, 5, 7);
  EXPECT_EQ(text.substr(city.begin, city.end - city.begin), "城市");
}

TEST(CopyNormalize, RangeIsRespectedAndOffsetsStayAbsolute) {
  const std::string text = "标题\n正文第一句。\n落款";
  const size_t begin = text.find("正文"), end = text.find("\n落款");
  const NormalizedText n = Normalizer(Builtin().normalize).Normalize(text, {begin, end});
  EXPECT_EQ(n.chars, U"正文第一句");
  EXPECT_EQ(n.offsets.front(), begin);
  // A range starting inside a UTF-8 sequence starts at the next character.
  EXPECT_EQ(Normalizer(Builtin().normalize).Normalize(text, {begin + 1, end}).chars, U"文第一句");
}

TEST(CopyNormalize, MalformedUtf8IsKeptAsReplacementCharacter) {
  const std::string text = std::string("防汛") + "\xff\xfe" + "工作" + "\xe6";
  const NormalizedText n = Normalizer(Builtin().normalize).Normalize(text);
  EXPECT_EQ(n.chars, U"防汛\uFFFD\uFFFD工作\uFFFD");
  EXPECT_EQ(n.offsets.back(), text.size() - 1);
  const ByteRange r = n.Span(text, 0, n.size());
  EXPECT_EQ(r.end, text.size());
  // A truncated sequence before a character: its span is its one byte.
  const std::string cut = std::string("\xe6") + "中";
  const NormalizedText m = Normalizer(Builtin().normalize).Normalize(cut);
  ASSERT_EQ(m.chars, U"\uFFFD中");
  EXPECT_EQ(m.Span(cut, 0, 1).end, 1u);
  EXPECT_EQ(m.Span(cut, 1, 2).end, cut.size());
}

TEST(CopyNormalize, EmptyAndPunctuationOnlyTextsNormaliseToNothing) {
  EXPECT_TRUE(Norm("").empty());
  EXPECT_TRUE(Norm("。，、\n\t  ——……").empty());
  EXPECT_TRUE(Norm("全国全省各市我县").empty());
}

TEST(CopyNormalize, FingerprintFollowsTheWordList) {
  NormalizeSettings a{{"全省", "全市"}};
  NormalizeSettings b{{"全市", "全省", "全市"}};  // same set, other order
  NormalizeSettings c{{"全省", "全市", "全县"}};
  EXPECT_EQ(Normalizer(a).Fingerprint(), Normalizer(b).Fingerprint());
  EXPECT_NE(Normalizer(a).Fingerprint(), Normalizer(c).Fingerprint());
}

TEST(CopySettings, BuiltinFileLoadsWithItsDocumentedDefaults) {
  const Settings s = Builtin();
  EXPECT_EQ(s.sources, std::vector<std::string>{"rules/copy/copy.toml"});
  EXPECT_GT(s.normalize.level_words.size(), 50u);
  EXPECT_EQ(s.passages.min_chars, 30u);
  EXPECT_EQ(s.minhash.num_hashes, 128u);
  EXPECT_EQ(s.minhash.shingle_chars, 5u);
  EXPECT_LE(s.minhash.bands * s.minhash.rows, s.minhash.num_hashes);
  EXPECT_DOUBLE_EQ(s.minhash.threshold, 0.8);
}

TEST(CopySettings, OverlayAddsWordsAndReplacesValues) {
  Settings s = Builtin();
  const size_t words = s.normalize.level_words.size();
  ASSERT_TRUE(OverlaySettings(s,
                              "[normalize]\nlevel_words_add = [\"全盟各旗\"]\n[passages]\nmin_chars = 50\n",
                              "local.toml")
                  .ok());
  EXPECT_EQ(s.normalize.level_words.size(), words + 1);
  EXPECT_EQ(s.passages.min_chars, 50u);
  EXPECT_EQ(s.sources.back(), "local.toml");
}

TEST(CopySettings, BadFilesNameFileLineAndKeyAndChangeNothing) {
  Settings s = Builtin();
  const Settings before = s;
  auto st = OverlaySettings(s, "[passages]\nmin_chars = \"thirty\"\n", "bad.toml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kRuleFile);
  EXPECT_EQ(st.error().path, "bad.toml");
  EXPECT_EQ(st.error().field, "passages.min_chars");
  EXPECT_EQ(st.error().line, 2);

  st = OverlaySettings(s, "[minhash]\nbands = 40\n", "bad.toml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "minhash.bands");

  st = OverlaySettings(s, "[passages]\nmin_chars = 0\n", "bad.toml");
  ASSERT_FALSE(st.ok());

  st = OverlaySettings(s, "[minhash]\nthreshold = 1.5\n", "bad.toml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "minhash.threshold");

  st = OverlaySettings(s, "[passage]\nmin_chars = 10\n", "bad.toml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().field, "passage");

  st = OverlaySettings(s, "[normalize]\nlevel_words = [\"\"]\n", "bad.toml");
  ASSERT_FALSE(st.ok());

  st = OverlaySettings(s, "[normalize\n", "bad.toml");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().line, 1);

  EXPECT_EQ(s.passages.min_chars, before.passages.min_chars);
  EXPECT_EQ(s.minhash.bands, before.minhash.bands);
  EXPECT_EQ(s.normalize.level_words, before.normalize.level_words);
}

}  // namespace
}  // namespace jianfu::copy
