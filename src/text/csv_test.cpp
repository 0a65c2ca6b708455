#include "jianfu/text/csv.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace jianfu::text {
namespace {

struct Record {
  int line;
  std::vector<std::string> fields;
  bool operator==(const Record&) const = default;
};

std::vector<Record> ReadAll(std::string_view text, std::string* error = nullptr, int* error_line = nullptr) {
  CsvReader csv(text);
  std::vector<Record> out;
  while (csv.Next()) out.push_back({csv.line(), {csv.fields().begin(), csv.fields().end()}});
  if (error) *error = csv.error();
  if (error_line) *error_line = csv.line();
  return out;
}

TEST(Csv, SplitsQuotedAndPlainFields) {
  const auto r = ReadAll("code,name\n11,\"北京市\"\n\"a\"\"b\",,\n");
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], (Record{1, {"code", "name"}}));
  EXPECT_EQ(r[1], (Record{2, {"11", "北京市"}}));
  EXPECT_EQ(r[2], (Record{3, {"a\"b", "", ""}}));
}

TEST(Csv, CountsLinesAcrossQuotedNewlinesBlankLinesAndCrlf) {
  const auto r = ReadAll("\xEF\xBB\xBFid,name\r\n\r\nx,\"two\r\nlines\"\r\ny,z\r\n\n\nw,\"\"");
  ASSERT_EQ(r.size(), 4u);
  EXPECT_EQ(r[0], (Record{1, {"id", "name"}}));  // BOM skipped
  EXPECT_EQ(r[1], (Record{3, {"x", "two\r\nlines"}}));
  EXPECT_EQ(r[2], (Record{5, {"y", "z"}}));
  EXPECT_EQ(r[3], (Record{8, {"w", ""}}));
}

TEST(Csv, UnescapedFieldsStayValidForTheReadersLifetime) {
  CsvReader csv("\"a\"\"1\"\n\"b\"\"2\"\n");
  ASSERT_TRUE(csv.Next());
  const std::string_view first = csv.fields()[0];
  ASSERT_TRUE(csv.Next());
  EXPECT_EQ(first, "a\"1");
  EXPECT_EQ(csv.fields()[0], "b\"2");
}

TEST(Csv, ReportsBadQuotingWithTheLine) {
  std::string error;
  int line = 0;
  EXPECT_EQ(ReadAll("a,b\nc,\"open\nstill open", &error, &line).size(), 1u);
  EXPECT_NE(error.find("引号未闭合"), std::string::npos);
  EXPECT_EQ(line, 2);

  ReadAll("a,b\n\n\"x\"y,z\n", &error, &line);
  EXPECT_NE(error.find("引号后应为逗号或行尾"), std::string::npos);
  EXPECT_EQ(line, 3);

  ReadAll("a,b\nab\"c,d\n", &error, &line);
  EXPECT_NE(error.find("未加引号的字段中出现了引号"), std::string::npos);
  EXPECT_EQ(line, 2);
}

TEST(Csv, EmptyTextHasNoRecords) {
  std::string error = "x";
  EXPECT_TRUE(ReadAll("", &error).empty());
  EXPECT_TRUE(error.empty());
  EXPECT_TRUE(ReadAll("\xEF\xBB\xBF\n\r\n").empty());
}

TEST(Csv, TrimStripsSpacesAndTabs) {
  EXPECT_EQ(Trim(" \t433127 "), "433127");
  EXPECT_EQ(Trim("  "), "");
}

TEST(CsvTable, ReadsNamedColumnsInAnyOrderAndNamesTheFaultyCell) {
  const auto dir = std::filesystem::temp_directory_path() / ("jianfu-csv-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto write = [&](const std::string& name, const std::string& body) {
    std::ofstream(dir / name, std::ios::binary) << body;
    return dir / name;
  };
  auto t = ReadCsvTable(write("ok.csv", "\xEF\xBB\xBFname , id\r\n 灵溪镇 ,433127101\r\n\r\n首车镇,433127102\n"), {"id", "name"});
  ASSERT_TRUE(t.ok()) << t.error().ToString();
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].values, (std::vector<std::string>{"433127101", "灵溪镇"}));
  EXPECT_EQ(t->rows[1].line, 4);

  auto missing = ReadCsvTable(write("missing.csv", "id\n1\n"), {"id", "name"});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().field, "name");
  auto width = ReadCsvTable(write("width.csv", "id,name\n1,a\n2\n"), {"id", "name"});
  ASSERT_FALSE(width.ok());
  EXPECT_EQ(width.error().line, 3);
  auto gbk = ReadCsvTable(write("gbk.csv", "id,name\n1,\xC1\xE9\xCF\xAA\n"), {"id", "name"});
  ASSERT_FALSE(gbk.ok());
  EXPECT_EQ(gbk.error().code, ErrorCode::kEncoding);
  EXPECT_EQ(gbk.error().field, "name");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace jianfu::text
