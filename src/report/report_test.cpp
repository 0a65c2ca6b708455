#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "jianfu/report/reporter.h"
#include "jianfu/text/utf8.h"

namespace jianfu::report {
namespace {

using nlohmann::json;

// The checked text of the sample document: offsets below are counted in it.
const std::string kText =
    "关于进一步做好基层减负工作的通知\n"
    "各乡镇（街道）：\n"
    "为落实政务APP整治要求，各村每日须在“掌上通”APP打卡并上传工作照片留痕。\n"
    "每周五前报送统计报表，逐级排名通报。\n";
const std::string kSentence1 = "为落实政务APP整治要求，各村每日须在“掌上通”APP打卡并上传工作照片留痕。";
const std::string kSentence2 = "每周五前报送统计报表，逐级排名通报。";
const std::string kPath = "材料/基层 减负.txt";
const std::string kPathUri = "%E6%9D%90%E6%96%99/%E5%9F%BA%E5%B1%82%20%E5%87%8F%E8%B4%9F.txt";

// Where `needle` occurs in `text` (at or after byte `from`), in bytes and code points.
check::Range RangeOf(const std::string& text, const std::string& needle, size_t from = 0) {
  const size_t b = text.find(needle, from);
  EXPECT_NE(b, std::string::npos) << needle;
  check::Range r;
  r.byte_begin = b;
  r.byte_end = b + needle.size();
  r.begin = text::CountCodePoints(std::string_view(text).substr(0, b));
  r.end = r.begin + text::CountCodePoints(needle);
  return r;
}

check::Finding MakeFinding(const std::string& text, std::string rule, std::string category,
                           check::Severity sev, const std::string& sentence,
                           const std::vector<std::string>& words) {
  check::Finding f;
  f.rule = std::move(rule);
  f.category = std::move(category);
  f.severity = sev;
  f.title = "标题" + f.rule;
  f.citation = "《若干规定》第三条";
  f.message = "请删除" + f.rule + "相关要求。";
  const check::Range s = RangeOf(text, sentence);
  f.excerpt = sentence;
  f.excerpt_begin = s.begin;
  for (const std::string& w : words) f.matches.push_back(RangeOf(text, w, s.byte_begin));
  f.range = f.matches.empty() ? s
                              : check::Range{f.matches.front().byte_begin, f.matches.back().byte_end,
                                             f.matches.front().begin, f.matches.back().end};
  text::TextIndex index(text);
  f.line = index.Line(f.range.byte_begin);
  f.column = index.Column(f.range.byte_begin);
  return f;
}

check::DocumentReport SampleDoc() {
  check::DocumentReport doc;
  doc.path = kPath;
  doc.format = "txt";
  doc.encoding = "GB18030";
  doc.doc_type = check::DocType::kSpecial;
  doc.doc_type_reason = "标题含“通知”";
  doc.body_chars = {57, 59, 60};
  doc.total_chars = text::CountCodePoints(kText);
  doc.title = "关于进一步做好基层减负工作的通知";
  check::LayoutPart title{"title", RangeOf(kText, doc.title), doc.title};
  check::LayoutPart body{"body", RangeOf(kText, kSentence1 + "\n" + kSentence2),
                         kSentence1 + "\n" + kSentence2};
  doc.layout = {title, body};
  check::Finding f1 =
      MakeFinding(kText, "BUR-TRACE", "trace", check::Severity::kWarn, kSentence1, {"APP打卡", "留痕"});
  f1.title = "不得要求拍照留痕";
  doc.findings.push_back(f1);
  doc.findings.push_back(
      MakeFinding(kText, "BUR-REPORT", "report", check::Severity::kBlock, kSentence2, {"报送统计报表"}));
  check::Finding f3 = MakeFinding(kText, "DOC-10", "", check::Severity::kInfo, kSentence2, {});
  f3.excerpt.clear();
  doc.findings.push_back(f3);
  return doc;
}

Error SampleError() {
  return MakeError(ErrorCode::kCorrupt, "文件已损坏，无法打开。", "坏文件.docx");
}

Summary SummaryOf(const std::vector<check::DocumentReport>& docs, size_t errors) {
  Summary s;
  for (const auto& d : docs) s.Add(d);
  for (size_t i = 0; i < errors; ++i) s.AddError();
  return s;
}

std::string RunReporter(Reporter& r, const std::vector<check::DocumentReport>& docs, bool with_error) {
  r.Begin();
  for (const auto& d : docs) r.Document(d);
  if (with_error) r.FileError(SampleError());
  r.End(SummaryOf(docs, with_error ? 1 : 0));
  return {};
}

// ---------------------------------------------------------------- JSON

TEST(JsonReporter, ExactFieldsAndCodePointOffsets) {
  std::ostringstream out;
  auto r = MakeJsonReporter(out);
  RunReporter(*r, {SampleDoc()}, true);
  const std::string raw = out.str();
  EXPECT_NE(raw.find("不得要求拍照留痕"), std::string::npos) << "Chinese must not be \\u-escaped";
  EXPECT_EQ(text::FindInvalidUtf8(raw), text::kNpos);

  const json j = json::parse(raw);
  EXPECT_EQ(j["version"], 1);
  ASSERT_EQ(j["files"].size(), 1u);
  const json& f = j["files"][0];
  EXPECT_EQ(f["path"], kPath);
  EXPECT_EQ(f["format"], "txt");
  EXPECT_EQ(f["encoding"], "GB18030");
  EXPECT_EQ(f["doc_type"], "special");
  EXPECT_EQ(f["doc_type_reason"], "标题含“通知”");
  EXPECT_EQ(f["doc_type_given"], false);
  EXPECT_EQ(f["chars"], 57);
  EXPECT_EQ(f["chars_no_spaces"], 59);
  EXPECT_EQ(f["chars_with_spaces"], 60);
  EXPECT_EQ(f["total_chars"], 85);
  EXPECT_EQ(f["title"], "关于进一步做好基层减负工作的通知");
  EXPECT_EQ(f["layout"]["title"],
            (json{{"start", 0}, {"end", 16}, {"text", "关于进一步做好基层减负工作的通知"}}));
  EXPECT_EQ(f["layout"]["body"]["start"], 26);
  EXPECT_EQ(f["layout"]["body"]["end"], 84);

  ASSERT_EQ(f["findings"].size(), 3u);
  const json& a = f["findings"][0];
  EXPECT_EQ(a["rule"], "BUR-TRACE");
  EXPECT_EQ(a["category"], "trace");
  EXPECT_EQ(a["severity"], "warn");
  EXPECT_EQ(a["title"], "不得要求拍照留痕");
  EXPECT_EQ(a["citation"], "《若干规定》第三条");
  EXPECT_EQ(a["message"], "请删除BUR-TRACE相关要求。");
  EXPECT_EQ(a["start"], 50);
  EXPECT_EQ(a["end"], 64);
  EXPECT_EQ(a["line"], 3);
  EXPECT_EQ(a["column"], 25);
  EXPECT_EQ(a["excerpt"], kSentence1);
  EXPECT_EQ(a["excerpt_start"], 26);
  EXPECT_EQ(a["matches"], (json::array({{{"start", 50}, {"end", 55}, {"text", "APP打卡"}},
                                        {{"start", 62}, {"end", 64}, {"text", "留痕"}}})));
  const json& b = f["findings"][1];
  EXPECT_EQ(b["severity"], "block");
  EXPECT_EQ(b["line"], 4);
  EXPECT_EQ(b["column"], 5);
  EXPECT_EQ(b["matches"][0]["text"], "报送统计报表");
  EXPECT_EQ(b["matches"][0]["start"], 70);
  const json& c = f["findings"][2];
  EXPECT_TRUE(c["category"].is_null());
  EXPECT_EQ(c["severity"], "info");
  EXPECT_EQ(c["excerpt"], "");
  EXPECT_EQ(c["matches"], json::array());

  // Key order is the documented one.
  const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(raw);
  std::vector<std::string> keys;
  for (const auto& [key, value] : ordered["files"][0]["findings"][0].items()) keys.push_back(key);
  EXPECT_EQ(keys,
            (std::vector<std::string>{"rule", "category", "severity", "title", "citation", "message", "start",
                                      "end", "line", "column", "excerpt", "excerpt_start", "matches"}));

  EXPECT_EQ(
      j["errors"],
      (json::array({{{"path", "坏文件.docx"}, {"code", "corrupt"}, {"message", "文件已损坏，无法打开。"}}})));
  EXPECT_EQ(j["summary"],
            (json{{"files", 1}, {"failed", 1}, {"findings", 3}, {"block", 1}, {"warn", 1}, {"info", 1}}));
}

TEST(JsonReporter, MatchTextSlicesByCodePointsWithAstralCharacters) {
  check::DocumentReport doc;
  doc.path = "a.txt";
  const std::string text = "😀表格😀填报APP要求";
  check::Finding f = MakeFinding(text, "BUR-REPORT", "report", check::Severity::kWarn, text, {"填报APP"});
  EXPECT_EQ(f.matches[0].begin, 4u);
  doc.findings.push_back(f);
  std::ostringstream out;
  auto r = MakeJsonReporter(out);
  RunReporter(*r, {doc}, false);
  const json j = json::parse(out.str());
  EXPECT_EQ(j["files"][0]["findings"][0]["matches"][0],
            (json{{"start", 4}, {"end", 9}, {"text", "填报APP"}}));
}

TEST(JsonReporter, StreamsEachDocumentBeforeEnd) {
  std::ostringstream out;
  auto r = MakeJsonReporter(out);
  r->Begin();
  check::DocumentReport d1 = SampleDoc();
  d1.path = "第一份.txt";
  r->Document(d1);
  EXPECT_NE(out.str().find("第一份.txt"), std::string::npos);
  r->FileError(SampleError());
  EXPECT_EQ(out.str().find("坏文件.docx"), std::string::npos) << "errors are written at End";
  check::DocumentReport d2;
  d2.path = "第二份.md";
  r->Document(d2);
  r->End(SummaryOf({d1, d2}, 1));
  const json j = json::parse(out.str());
  ASSERT_EQ(j["files"].size(), 2u);
  EXPECT_EQ(j["files"][1]["path"], "第二份.md");
  EXPECT_EQ(j["files"][1]["layout"], json::object());
  EXPECT_EQ(j["errors"][0]["path"], "坏文件.docx");
  EXPECT_EQ(j["summary"]["files"], 2);
}

TEST(JsonReporter, EmptyRun) {
  std::ostringstream out;
  auto r = MakeJsonReporter(out);
  r->Begin();
  r->End({});
  const json j = json::parse(out.str());
  EXPECT_EQ(j["files"], json::array());
  EXPECT_EQ(j["errors"], json::array());
  EXPECT_EQ(j["summary"]["findings"], 0);
}

TEST(JsonReporter, EscapesQuotesBackslashesAndControlCharacters) {
  check::DocumentReport doc;
  doc.path = "dir\\\"名\".txt";
  check::Finding f;
  f.rule = "R";
  f.message = std::string("引号\"反斜杠\\换行\n制表\t响铃\x07删除\x7f结束");
  doc.findings.push_back(f);
  std::ostringstream out;
  auto r = MakeJsonReporter(out);
  RunReporter(*r, {doc}, false);
  const std::string raw = out.str();
  EXPECT_NE(raw.find(R"(引号\"反斜杠\\换行\n制表\t响铃\u0007删除)"), std::string::npos) << raw;
  for (char c : raw) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 || c == '\n') << "raw control byte " << int(u);
  }
  const json j = json::parse(raw);
  EXPECT_EQ(j["files"][0]["path"], doc.path);
  EXPECT_EQ(j["files"][0]["findings"][0]["message"], f.message);
}

TEST(JsonReporter, MalformedUtf8IsReplacedNotThrown) {
  check::DocumentReport doc;
  doc.path = std::string("bad\xff\xfe.txt");
  std::ostringstream out;
  auto r = MakeJsonReporter(out);
  EXPECT_NO_THROW(RunReporter(*r, {doc}, false));
  const json j = json::parse(out.str());
  EXPECT_EQ(j["files"][0]["path"], "bad\xEF\xBF\xBD\xEF\xBF\xBD.txt");
}

// ---------------------------------------------------------------- SARIF

std::vector<RuleInfo> SampleRules() {
  return {{"DOC-10", "篇幅超限", "《若干规定》第二条", check::Severity::kWarn, ""},
          {"BUR-REPORT", "不得随意要求填表报数", "《若干规定》第五条", check::Severity::kBlock, "report"},
          {"BUR-TRACE", "不得要求拍照留痕", "《若干规定》第三条", check::Severity::kWarn, "trace"}};
}

TEST(SarifReporter, LogShapeRulesResultsAndLevels) {
  std::ostringstream out;
  auto r = MakeSarifReporter(out, SampleRules(), "0.1.0");
  check::DocumentReport doc = SampleDoc();
  check::Finding extra =
      MakeFinding(kText, "BUR-RANK", "rank", check::Severity::kInfo, kSentence2, {"排名通报"});
  doc.findings.push_back(extra);
  RunReporter(*r, {doc}, false);
  const json j = json::parse(out.str());
  EXPECT_EQ(j["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(j["version"], "2.1.0");
  ASSERT_EQ(j["runs"].size(), 1u);
  const json& run = j["runs"][0];
  const json& driver = run["tool"]["driver"];
  EXPECT_EQ(driver["name"], "jianfu");
  EXPECT_EQ(driver["version"], "0.1.0");
  EXPECT_FALSE(driver.contains("informationUri"));
  const json& rules = driver["rules"];
  ASSERT_EQ(rules.size(), 4u);  // three given + BUR-RANK from its finding
  EXPECT_EQ(rules[1], (json{{"id", "BUR-REPORT"},
                            {"name", "BUR-REPORT"},
                            {"shortDescription", {{"text", "不得随意要求填表报数"}}},
                            {"fullDescription", {{"text", "《若干规定》第五条"}}},
                            {"defaultConfiguration", {{"level", "error"}}},
                            {"properties", {{"category", "report"}}}}));
  EXPECT_FALSE(rules[0].contains("properties"));
  EXPECT_EQ(rules[3]["id"], "BUR-RANK");
  EXPECT_EQ(rules[3]["defaultConfiguration"]["level"], "note");
  EXPECT_EQ(run["columnKind"], "unicodeCodePoints");
  EXPECT_EQ(run["invocations"][0]["executionSuccessful"], true);
  EXPECT_FALSE(run["invocations"][0].contains("toolExecutionNotifications"));
  EXPECT_EQ(run["artifacts"], (json::array({{{"location", {{"uri", kPathUri}}}, {"encoding", "GB18030"}}})));

  const json& results = run["results"];
  ASSERT_EQ(results.size(), 4u);
  for (const json& res : results) {
    const size_t idx = res["ruleIndex"];
    ASSERT_LT(idx, rules.size());
    EXPECT_EQ(rules[idx]["id"], res["ruleId"]);
    EXPECT_EQ(res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], kPathUri);
    EXPECT_EQ(res["locations"][0]["physicalLocation"]["artifactLocation"]["index"], 0);
    EXPECT_TRUE(res["partialFingerprints"].contains("jianfuExcerptHash/v1"));
  }
  EXPECT_EQ(results[0]["level"], "warning");
  EXPECT_EQ(results[1]["level"], "error");
  EXPECT_EQ(results[2]["level"], "note");
  EXPECT_EQ(results[3]["level"], "note");
  EXPECT_EQ(results[0]["ruleIndex"], 2);
  EXPECT_EQ(results[0]["message"]["text"], "请删除BUR-TRACE相关要求。 依据：《若干规定》第三条");
  EXPECT_EQ(results[0]["properties"], (json{{"category", "trace"}}));
  EXPECT_FALSE(results[2].contains("properties"));  // DOC-10 has no category
  EXPECT_EQ(results[0]["locations"][0]["physicalLocation"]["region"],
            (json{{"startLine", 3},
                  {"startColumn", 25},
                  {"charOffset", 50},
                  {"charLength", 14},
                  {"snippet", {{"text", kSentence1}}}}));
  EXPECT_FALSE(results[2]["locations"][0]["physicalLocation"]["region"].contains("snippet"));
  EXPECT_NE(results[0]["partialFingerprints"], results[1]["partialFingerprints"]);
}

TEST(SarifReporter, FileErrorsBecomeNotifications) {
  std::ostringstream out;
  auto r = MakeSarifReporter(out, SampleRules(), "");
  r->Begin();
  r->FileError(SampleError());
  r->FileError(MakeError(ErrorCode::kEmpty, "没有文字。", "/abs/空 文件.txt"));
  r->End(SummaryOf({}, 2));
  const json j = json::parse(out.str());
  const json& run = j["runs"][0];
  EXPECT_FALSE(run["tool"]["driver"].contains("version"));
  const json& inv = run["invocations"][0];
  EXPECT_EQ(inv["executionSuccessful"], false);
  const json& notes = inv["toolExecutionNotifications"];
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[0]["level"], "error");
  EXPECT_EQ(notes[0]["message"]["text"], "文件已损坏，无法打开。");
  EXPECT_EQ(notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "%E5%9D%8F%E6%96%87%E4%BB%B6.docx");
  EXPECT_EQ(notes[0]["properties"]["code"], "corrupt");
  EXPECT_EQ(notes[1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///abs/%E7%A9%BA%20%E6%96%87%E4%BB%B6.txt");
  EXPECT_EQ(run["results"], json::array());
  EXPECT_FALSE(run.contains("artifacts"));
  EXPECT_EQ(run["properties"]["summary"]["failed"], 2);
}

// ---------------------------------------------------------------- text

TEST(TextReporter, PlainOutput) {
  std::ostringstream out;
  auto r = MakeTextReporter(out, {});
  RunReporter(*r, {SampleDoc()}, true);
  const std::string s = out.str();
  EXPECT_EQ(s.find('\x1b'), std::string::npos);
  EXPECT_NE(s.find(kPath + "  类型：专项（标题含“通知”）  正文字数：57\n"), std::string::npos) << s;
  EXPECT_NE(s.find(kPath + ":3:25  [警告] BUR-TRACE 不得要求拍照留痕（留痕）\n"), std::string::npos) << s;
  EXPECT_NE(s.find("    为落实政务APP整治要求，各村每日须在“掌上通”【APP打卡】并上传工作照片【留痕】。\n"),
            std::string::npos)
      << s;
  EXPECT_NE(s.find("    → 请删除BUR-TRACE相关要求。\n    依据：《若干规定》第三条\n"), std::string::npos);
  EXPECT_NE(s.find(kPath + ":4:5  [阻断] BUR-REPORT 标题BUR-REPORT（填表报数）\n"), std::string::npos) << s;
  EXPECT_NE(s.find("【报送统计报表】"), std::string::npos);
  EXPECT_NE(s.find("[提示] DOC-10 标题DOC-10\n"), std::string::npos) << s;
  EXPECT_NE(s.find("坏文件.docx: 错误：文件已损坏，无法打开。\n"), std::string::npos) << s;
  EXPECT_TRUE(s.ends_with("共检查 1 个文件：阻断 1 处，警告 1 处，提示 1 处；1 个文件无法读取。\n")) << s;
  EXPECT_EQ(text::FindInvalidUtf8(s), text::kNpos);
}

TEST(TextReporter, CleanRunSummary) {
  std::ostringstream out;
  auto r = MakeTextReporter(out, {});
  check::DocumentReport doc;
  doc.path = "通知.txt";
  RunReporter(*r, {doc, doc, doc}, false);
  const std::string s = out.str();
  EXPECT_NE(s.find("通知.txt  类型：一般  正文字数：0\n  未发现问题。\n"), std::string::npos) << s;
  EXPECT_TRUE(s.ends_with("共检查 3 个文件：未发现问题。\n")) << s;
}

TEST(TextReporter, ColourOutputUsesAnsi) {
  std::ostringstream out;
  auto r = MakeTextReporter(out, {.color = true, .max_excerpt = 80});
  RunReporter(*r, {SampleDoc()}, false);
  const std::string s = out.str();
  EXPECT_NE(s.find("\x1b[1;33mAPP打卡\x1b[0m"), std::string::npos) << s;  // warn: bold yellow
  EXPECT_NE(s.find("\x1b[1;31m报送统计报表\x1b[0m"), std::string::npos);  // block: bold red
  EXPECT_EQ(s.find("【"), std::string::npos);
}

std::string ExcerptLine(const std::string& excerpt, const std::vector<std::string>& words, size_t max) {
  check::DocumentReport doc;
  doc.path = "t.txt";
  doc.findings.push_back(MakeFinding(excerpt, "R", "", check::Severity::kWarn, excerpt, words));
  std::ostringstream out;
  auto r = MakeTextReporter(out, {.color = false, .max_excerpt = max});
  RunReporter(*r, {doc}, false);
  const std::string s = out.str();
  EXPECT_EQ(text::FindInvalidUtf8(s), text::kNpos);
  const size_t b = s.find("\n    ") + 5;
  return s.substr(b, s.find('\n', b) - b);
}

TEST(TextReporter, ExcerptTrimmedAtCodePointBoundaries) {
  const std::string e = "零一二三四五六七八九😀重点打卡甲乙丙丁戊己庚辛壬癸";  // 25 code points, 打卡 at 13
  EXPECT_EQ(ExcerptLine(e, {"打卡"}, 8), "…😀重点【打卡】甲乙丙…");
  EXPECT_EQ(ExcerptLine(e, {"打卡"}, 7), "…重点【打卡】甲乙丙…");
  EXPECT_EQ(ExcerptLine(e, {"打卡"}, 0), "零一二三四五六七八九😀重点【打卡】甲乙丙丁戊己庚辛壬癸");
  EXPECT_EQ(ExcerptLine(e, {"打卡"}, 25), "零一二三四五六七八九😀重点【打卡】甲乙丙丁戊己庚辛壬癸");
  EXPECT_EQ(ExcerptLine(e, {"零一"}, 6), "【零一】二三四五…");
  EXPECT_EQ(ExcerptLine(e, {"壬癸"}, 5), "…己庚辛【壬癸】");
  // A later match the window would cut is left out rather than shown in part.
  EXPECT_EQ(ExcerptLine(e, {"打卡", "乙丙丁"}, 6), "…重点【打卡】甲…");
  EXPECT_EQ(ExcerptLine(e, {"打卡", "乙丙丁"}, 9), "…😀重点【打卡】甲【乙丙丁】…");
  // Adjacent matches are marked as one.
  EXPECT_EQ(ExcerptLine(e, {"打卡", "甲乙"}, 0), "零一二三四五六七八九😀重点【打卡甲乙】丙丁戊己庚辛壬癸");
  // A match longer than the window starts the window and is cut.
  EXPECT_EQ(ExcerptLine(e, {"😀重点打卡甲乙"}, 4), "…【😀重点打】…");
}

TEST(TextReporter, ControlCharactersAreNeutralised) {
  check::DocumentReport doc;
  doc.path = "a\x1b[31m.txt";
  doc.findings.push_back(MakeFinding("第一行\n\x1b]0;x\x07要求打卡", "R", "", check::Severity::kWarn,
                                     "第一行\n\x1b]0;x\x07要求打卡", {"打卡"}));
  std::ostringstream out;
  auto r = MakeTextReporter(out, {});
  RunReporter(*r, {doc}, false);
  const std::string s = out.str();
  EXPECT_EQ(s.find('\x1b'), std::string::npos) << s;
  EXPECT_EQ(s.find('\x07'), std::string::npos);
  EXPECT_NE(s.find("    第一行 \xEF\xBF\xBD]0;x\xEF\xBF\xBD要求【打卡】\n"), std::string::npos) << s;
}

TEST(Names, CategoriesAndDocTypes) {
  EXPECT_EQ(CategoryDisplayName("pledge"), "责任书/一票否决");
  EXPECT_EQ(CategoryDisplayName("shift"), "属地下压");
  EXPECT_EQ(CategoryDisplayName("nope"), "");
  EXPECT_EQ(DocTypeDisplayName(check::DocType::kComprehensive), "综合性");
}

}  // namespace
}  // namespace jianfu::report
