// ExtractFile / ExtractBytes on text files and the checks common to all formats.
#include "jianfu/extract/extract.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "test_util.h"

namespace jianfu::extract::testing {
namespace {

const std::string kSample = "各乡镇要于5月1日前报送材料。\n严禁层层加码！\n";
// kSample in GBK.
const std::string kSampleGbk =
    "\xB8\xF7\xCF\xE7\xD5\xF2\xD2\xAA\xD3\xDA\x35\xD4\xC2\x31\xC8\xD5\xC7\xB0\xB1\xA8\xCB\xCD\xB2\xC4\xC1\xCF"
    "\xA1\xA3\r\n\xD1\xCF\xBD\xFB\xB2\xE3\xB2\xE3\xBC\xD3\xC2\xEB\xA3\xA1\r\n";

TEST(Format, FromPathAndName) {
  EXPECT_EQ(FormatFromPath("a/b.TXT"), Format::kText);
  EXPECT_EQ(FormatFromPath("b.Md"), Format::kMarkdown);
  EXPECT_EQ(FormatFromPath("通知.DOCX"), Format::kDocx);
  EXPECT_EQ(FormatFromPath("x.pdf"), Format::kPdf);
  EXPECT_EQ(FormatFromPath("x.doc"), std::nullopt);
  EXPECT_EQ(FormatFromPath("README"), std::nullopt);
  EXPECT_STREQ(FormatName(Format::kDocx), "docx");
  EXPECT_STREQ(FormatName(Format::kMarkdown), "md");
}

TEST(TextFile, GbkWithCrlf) {
  TempDir dir;
  WriteFile(dir / "gbk.txt", kSampleGbk);
  auto r = ExtractFile(dir / "gbk.txt");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, kSample);
  EXPECT_EQ(r->encoding, "GB18030");
  EXPECT_EQ(r->format, Format::kText);
}

TEST(TextFile, Utf8BomAndCrlf) {
  TempDir dir;
  WriteFile(dir / "bom.md", "\xEF\xBB\xBF# 通知\r\n\r\n正文\r");
  auto r = ExtractFile(dir / "bom.md");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, "# 通知\n\n正文\n");
  EXPECT_EQ(r->encoding, "UTF-8");
  EXPECT_EQ(r->format, Format::kMarkdown);
}

TEST(TextFile, Utf16LeBom) {
  // "通知\r\n" in UTF-16LE with BOM.
  const std::string bytes("\xFF\xFE\x1A\x90\xE5\x77\x0D\x00\x0A\x00", 10);
  auto r = ExtractBytes(bytes, Format::kText, "u16.txt");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, "通知\n");
  EXPECT_EQ(r->encoding, "UTF-16LE");
}

TEST(TextFile, ControlCharactersOtherThanTabAreDropped) {
  const std::string tail = "各乡镇要于5月1日前报送材料，严禁层层加码，不得要求基层重复填报。";
  auto r = ExtractBytes("一\t二\f三\x1B\xE2\x80\xA8四" + tail, Format::kText, "c.txt");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, "一\t二\n三\n四" + tail);
}

TEST(TextFile, EmptyAndBlank) {
  TempDir dir;
  WriteFile(dir / "empty.txt", "");
  auto r = ExtractFile(dir / "empty.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEmpty);
  EXPECT_EQ(r.error().message, "文件为空");

  auto b = ExtractBytes(" \r\n\t\xE3\x80\x80\n", Format::kText, "blank.txt");  // includes U+3000
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::kEmpty);
  EXPECT_NE(b.error().message.find("没有可检查的文字"), std::string::npos);
}

TEST(TextFile, BinaryGarbageIsEncodingError) {
  std::string bin;
  for (int i = 0; i < 4096; ++i) bin += static_cast<char>((i * 131 + 7) % 256);
  TempDir dir;
  WriteFile(dir / "garbage.txt", bin);
  auto r = ExtractFile(dir / "garbage.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEncoding);
  EXPECT_EQ(r.error().message.rfind("无法识别文本编码（既不是 UTF-8 也不是 GB18030/GBK）", 0), 0u);
  EXPECT_EQ(r.error().path, (dir / "garbage.txt").string());
}

TEST(Files, MissingFileAndDirectory) {
  TempDir dir;
  auto r = ExtractFile(dir / "nope.txt");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message, "文件不存在");
  EXPECT_EQ(r.error().path, (dir / "nope.txt").string());

  auto d = ExtractFile(dir.path());
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kInvalidArgument);
}

TEST(Files, OversizeFileRefusedBeforeReading) {
  TempDir dir;
  WriteFile(dir / "big.txt", std::string(5000, 'a'));
  Limits limits;
  limits.max_file_bytes = 4096;
  auto r = ExtractFile(dir / "big.txt", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(r.error().message.find("max_file_bytes"), std::string::npos);

  auto b = ExtractBytes(std::string(5000, 'a'), Format::kText, "stdin", limits);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().code, ErrorCode::kTooLarge);
}

TEST(Files, OldFormatsAreUnsupportedWithHint) {
  TempDir dir;
  for (const char* name : {"a.doc", "b.WPS", "c.ofd"}) {
    WriteFile(dir / name, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 whatever");
    auto r = ExtractFile(dir / name);
    ASSERT_FALSE(r.ok()) << name;
    EXPECT_EQ(r.error().code, ErrorCode::kUnsupportedFormat) << name;
    EXPECT_NE(r.error().message.find("请另存为 .docx 或 .pdf"), std::string::npos) << name;
  }
}

TEST(Files, UnknownExtensionTriedAsText) {
  TempDir dir;
  WriteFile(dir / "notes", kSampleGbk);
  auto r = ExtractFile(dir / "notes");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, kSample);
  EXPECT_EQ(r->format, Format::kText);

  WriteFile(dir / "photo.jpg",
            std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00\x01", 12) + std::string(200, '\x01'));
  auto j = ExtractFile(dir / "photo.jpg");
  ASSERT_FALSE(j.ok());
  EXPECT_EQ(j.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_EQ(j.error().message, "不支持的文件类型（支持 .txt .md .docx .pdf）");
}

TEST(Files, WrongFormatForContentNeverCrashes) {
  // Text read as .docx and .pdf, and the other way round.
  for (Format f : {Format::kText, Format::kMarkdown, Format::kDocx, Format::kPdf}) {
    for (const std::string& bytes :
         {std::string("各乡镇要于5月1日前报送材料"), std::string("PK\x03\x04", 4), std::string("%PDF-1.4"),
          std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8)}) {
      auto r = ExtractBytes(bytes, f, "x");
      if (r.ok()) {
        EXPECT_FALSE(r->text.empty());
      } else {
        EXPECT_FALSE(r.error().message.empty());
        EXPECT_EQ(r.error().message.find('\n'), std::string::npos);
      }
    }
  }
}

TEST(Files, ConcurrentExtraction) {
  const std::string docx = MakeDocx("<w:p><w:r><w:t>严禁层层加码</w:t></w:r></w:p>");
  const std::string pdf = MakePdf({{"严禁层层加码"}});
  std::atomic<int> good{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10; ++i) {
        good += ExtractBytes(docx, Format::kDocx, "a.docx").ok() &&
                ExtractBytes(pdf, Format::kPdf, "a.pdf").ok() &&
                ExtractBytes(kSampleGbk, Format::kText, "a.txt").ok();
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(good.load(), 80);
}

}  // namespace
}  // namespace jianfu::extract::testing
