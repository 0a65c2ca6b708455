#include "jianfu/posts/records.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace jianfu::posts {
namespace {

TEST(PostsRecords, FormatFromExtension) {
  EXPECT_EQ(*FormatFromPath("a/posts.jsonl"), InputFormat::kJsonl);
  EXPECT_EQ(*FormatFromPath("posts.NDJSON"), InputFormat::kJsonl);
  EXPECT_EQ(*FormatFromPath("帖子.CSV"), InputFormat::kCsv);
  const auto r = FormatFromPath("posts.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_NE(r.error().message.find("--input-format"), std::string::npos);
}

TEST(PostsRecords, JsonLineFieldsEscapesAndOtherKeys) {
  JsonLineParser p;
  const auto f = p.Parse(
      R"({"id": 7, "account": " 江安县融媒 ", "meta": {"tags": ["a", {"b": null}], "n": -1.5e3, "ok": true},)"
      R"( "published_at": "2024-03-01", "title": "A\"B\\C\/\u4e2d\ud83d\ude00", "text": "第一行\n第二行"})");
  ASSERT_TRUE(f.ok()) << f.error().ToString();
  EXPECT_EQ(f->account, "江安县融媒");
  EXPECT_EQ(f->published_at, "2024-03-01");
  EXPECT_EQ(f->title, "A\"B\\C/中\xF0\x9F\x98\x80");
  EXPECT_EQ(f->text, "第一行\n第二行");
  // title and text may be null or absent; published_at may be absent (the
  // timestamp parser reports it).
  const auto g = p.Parse(R"({"account":"甲","title":null})");
  ASSERT_TRUE(g.ok());
  EXPECT_TRUE(g->title.empty() && g->text.empty() && g->published_at.empty());
}

TEST(PostsRecords, JsonLineErrors) {
  JsonLineParser p;
  struct Case {
    const char* line;
    const char* message_part;
    const char* field;
  };
  const Case cases[] = {
      {R"({"account": "甲", "published_at": "2024-05-02")", "应为逗号或 }", ""},
      {R"([1, 2])", "不是 JSON 对象", ""},
      {R"("text")", "不是 JSON 对象", ""},
      {R"({"published_at": "2024-05-03"})", "缺少账号", "account"},
      {R"({"account": "  "})", "缺少账号", "account"},
      {R"({"account": null})", "应为字符串", "account"},
      {R"({"account": "甲", "published_at": 20240507})", "应为字符串", "published_at"},
      {R"({"account": "甲", "text": ["a"]})", "应为字符串", "text"},
      {R"({"account": "甲"} x)", "多余的内容", ""},
      {R"({"account": "甲", "x": tru})", "不是有效的 JSON 值", ""},
      {R"({"account": "甲", "x": 01})", "应为逗号或 }", ""},
      {R"({"account": "甲\q"})", "无效的转义", ""},
      {R"({"account": "甲\u12"})", "十六进制", ""},
      {R"({"account": "甲\ud800"})", "代理项", ""},
      {"{\"account\": \"\t甲\"}", "控制字符", ""},
      {R"({"account": "甲)", "缺少结束的引号", ""},
      {R"({"account" "甲"})", "冒号", ""},
      {"{\"account\": \"\xC3\x28\"}", "UTF-8", "account"},
  };
  for (const auto& c : cases) {
    const auto r = p.Parse(c.line);
    ASSERT_FALSE(r.ok()) << c.line;
    EXPECT_NE(r.error().message.find(c.message_part), std::string::npos)
        << c.line << " -> " << r.error().message;
    EXPECT_EQ(r.error().field, c.field) << c.line;
  }
  // Malformed UTF-8 in a title or text is left to normalisation (U+FFFD).
  EXPECT_TRUE(p.Parse("{\"account\": \"甲\", \"text\": \"\xC3\x28\"}").ok());
  // Columns count code points.
  const auto r = p.Parse(R"({"account": "账号", "x": ?})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().column, 24);
}

TEST(PostsRecords, CsvHeaderAndRecords) {
  CsvRecordParser p;
  EXPECT_FALSE(p.ReadHeader("account,title,text").ok());
  EXPECT_NE(p.ReadHeader("account,title,text").error().message.find("published_at"), std::string::npos);
  EXPECT_FALSE(p.ReadHeader("account,published_at,title,text,account").ok());
  ASSERT_TRUE(p.ReadHeader("id, text ,account,published_at,title").ok());
  const auto f = p.Parse("1,\"第一段，含逗号\n第二段\"\"引号\"\"\", 江安县融媒 ,2024-03-01 08:00,标题");
  ASSERT_TRUE(f.ok()) << f.error().ToString();
  EXPECT_EQ(f->account, "江安县融媒");
  EXPECT_EQ(f->published_at, "2024-03-01 08:00");
  EXPECT_EQ(f->title, "标题");
  EXPECT_EQ(f->text, "第一段，含逗号\n第二段\"引号\"");
  EXPECT_NE(p.Parse("1,2,3").error().message.find("3 列"), std::string::npos);
  EXPECT_NE(p.Parse("1,\"open,甲,2024-03-01,t").error().message.find("引号"), std::string::npos);
  EXPECT_NE(p.Parse("1,te\"xt,甲,2024-03-01,t").error().message.find("引号"), std::string::npos);
  EXPECT_EQ(p.Parse("1,text,,2024-03-01,t").error().field, "account");
}

std::vector<std::pair<std::string, uint64_t>> Split(std::string_view buf, InputFormat f, bool last,
                                                    size_t* used = nullptr, uint64_t first_line = 1) {
  std::vector<Record> records;
  uint64_t line = first_line;
  const size_t n = SplitRecords(buf, f, last, line, records);
  if (used) *used = n;
  std::vector<std::pair<std::string, uint64_t>> out;
  for (const auto& r : records) out.emplace_back(r.text, r.line);
  return out;
}

TEST(PostsRecords, SplitJsonLines) {
  size_t used = 0;
  const auto r = Split("a\r\n\n  \nb\nc", InputFormat::kJsonl, false, &used, 10);
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0], (std::pair<std::string, uint64_t>("a", 10)));
  EXPECT_EQ(r[1], (std::pair<std::string, uint64_t>("b", 13)));
  EXPECT_EQ(used, 9u);  // "c" waits for more input
  const auto all = Split("a\nc", InputFormat::kJsonl, true, &used);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].first, "c");
  EXPECT_EQ(used, 3u);
}

TEST(PostsRecords, SplitCsvKeepsQuotedLineBreaks) {
  size_t used = 0;
  const auto r = Split("h1,h2\n1,\"a\nb\"\"\nc\"\n2,x\n3,\"open", InputFormat::kCsv, false, &used);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[1], (std::pair<std::string, uint64_t>("1,\"a\nb\"\"\nc\"", 2)));
  EXPECT_EQ(r[2], (std::pair<std::string, uint64_t>("2,x", 5)));
  EXPECT_EQ(used, std::string_view("h1,h2\n1,\"a\nb\"\"\nc\"\n2,x\n").size());
  // At the end, a quote left open is cut at its first line break and the
  // scan restarts on the next line.
  const auto e = Split("1,\"open\n2,x\n3,y", InputFormat::kCsv, true);
  ASSERT_EQ(e.size(), 3u);
  EXPECT_EQ(e[0], (std::pair<std::string, uint64_t>("1,\"open", 1)));
  EXPECT_EQ(e[1], (std::pair<std::string, uint64_t>("2,x", 2)));
  EXPECT_EQ(e[2], (std::pair<std::string, uint64_t>("3,y", 3)));
  // Before the end, so is a record longer than kMaxRecordBytes.
  std::string big = "1,\"open\n2,x\n";
  big += std::string(kMaxRecordBytes, 'z');
  const auto b = Split(big, InputFormat::kCsv, false, &used);
  ASSERT_GE(b.size(), 2u);
  EXPECT_EQ(b[0].first, "1,\"open");
  EXPECT_EQ(b[1].first, "2,x");
}

}  // namespace
}  // namespace jianfu::posts
