// .docx reader tests on packages generated in memory with libzip.
#include <gtest/gtest.h>

#include <chrono>

#include "jianfu/extract/extract.h"
#include "test_util.h"

namespace jianfu::extract::testing {
namespace {

std::string P(const std::string& runs) {
  return "<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>" + runs + "</w:p>";
}
std::string R(const std::string& text) {
  return "<w:r><w:rPr><w:b/></w:rPr><w:t>" + text + "</w:t></w:r>";
}
std::string Tc(const std::string& paras) {
  return "<w:tc><w:tcPr><w:tcW w:w=\"2000\"/></w:tcPr>" + paras + "</w:tc>";
}

Result<Extracted> Docx(const std::string& bytes, const Limits& limits = {}) {
  return ExtractBytes(bytes, Format::kDocx, "t.docx", limits);
}

// Sets the declared uncompressed size of entry `name` in both the local and
// the central header of a zip (to build a lying header).
void PatchDeclaredSize(std::string& zip, const std::string& name, uint32_t size) {
  auto put32 = [&](size_t at) {
    for (int k = 0; k < 4; ++k) zip[at + k] = static_cast<char>((size >> (8 * k)) & 0xFF);
  };
  auto get16 = [&](size_t at) {
    return static_cast<size_t>(static_cast<unsigned char>(zip[at]) |
                               (static_cast<unsigned char>(zip[at + 1]) << 8));
  };
  for (size_t i = 0; i + 46 < zip.size(); ++i) {
    if (zip.compare(i, 4, "PK\x03\x04") == 0 && zip.compare(i + 30, name.size(), name) == 0 &&
        get16(i + 26) == name.size()) {
      put32(i + 22);
    }
    if (zip.compare(i, 4, "PK\x01\x02") == 0 && zip.compare(i + 46, name.size(), name) == 0 &&
        get16(i + 28) == name.size()) {
      put32(i + 24);
    }
  }
}

TEST(Docx, ParagraphsTablesAndTrackedChangesInOrder) {
  const std::string body =
      P(R("关于进一步") + "<w:ins w:id=\"1\" w:author=\"a\">" + R("精简") + "</w:ins>" +
        "<w:del w:id=\"2\" w:author=\"a\">" + "<w:r><w:delText>大量</w:delText></w:r></w:del>" +
        R("文件的通知")) +
      P(R("各乡镇：")) + P("") +
      P("<w:r><w:t xml:space=\"preserve\">一、  "
        "要求</w:t><w:tab/><w:t>如下</w:t><w:br/><w:t>第二行</w:t></w:r>") +
      "<w:tbl><w:tblPr/><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
      "<w:tr>" +
      Tc(P(R("序号"))) + Tc(P(R("报送材料"))) +
      "</w:tr>"
      "<w:tr>" +
      Tc(P(R("1"))) + Tc(P(R("统计表")) + P(R("每月")) + P("")) +
      "</w:tr>"
      "<w:tr><w:trPr><w:del w:id=\"3\" w:author=\"a\"/></w:trPr>" +
      Tc(P(R("删除的行"))) + Tc("") +
      "</w:tr>"
      "<w:tr>" +
      Tc(P(R("2"))) + Tc("") +
      "</w:tr>"
      "</w:tbl>" +
      "<w:sdt><w:sdtPr/><w:sdtContent>" +
      P("<w:hyperlink w:history=\"1\">" + R("链接文字") + "</w:hyperlink>") + "</w:sdtContent></w:sdt>" +
      P(R("见文本框") + "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>" +
        P(R("框内文字")) + "</w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>" +
        P(R("框内文字")) + "</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>") +
      P("<w:r><w:instrText> PAGE </w:instrText></w:r>" + R("落款") + "<w:moveFrom>" + R("移走") +
        "</w:moveFrom>");
  auto r = Docx(MakeDocx(body));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text,
            "关于进一步精简文件的通知\n"
            "各乡镇：\n"
            "\n"
            "一、  要求\t如下\n第二行\n"
            "序号\t报送材料\n"
            "1\t统计表 每月\n"
            "2\t\n"
            "链接文字\n"
            "见文本框\n"
            "框内文字\n"
            "落款\n");
  EXPECT_EQ(r->format, Format::kDocx);
  EXPECT_EQ(r->encoding, "");
}

TEST(Docx, OtherNamespacePrefixAndMainPartFromRels) {
  const std::string doc =
      R"(<?xml version="1.0"?><x:document xmlns:x="http://schemas.openxmlformats.org/wordprocessingml/2006/main">)"
      R"(<x:body><x:p><x:r><x:t>前缀不同&amp;也能读</x:t></x:r></x:p></x:body></x:document>)";
  const std::string rels =
      R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
      R"(<Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>)";
  auto r = Docx(MakeZip({{"_rels/.rels", rels}, {"word/main.xml", doc}}));
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, "前缀不同&也能读\n");
}

TEST(Docx, FromFile) {
  TempDir dir;
  WriteFile(dir / "通知.DOCX", MakeDocx(P(R("严禁层层加码"))));
  auto r = ExtractFile(dir / "通知.DOCX");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, "严禁层层加码\n");
}

TEST(Docx, NotAZipIsCorrupt) {
  const std::string good = MakeDocx(P(R("正文")));
  for (const std::string& bad : {std::string("这不是压缩包，只是文字。"), good.substr(0, good.size() / 2),
                                 std::string("PK\x03\x04", 4) + std::string(100, 'x')}) {
    auto r = Docx(bad);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kCorrupt) << r.error().ToString();
  }
  auto r = Docx("这不是压缩包，只是文字。");
  EXPECT_EQ(r.error().message.rfind("不是有效的 .docx 文件（无法作为 ZIP 打开", 0), 0u) << r.error().message;
}

TEST(Docx, MissingDocumentXmlIsCorrupt) {
  auto r = Docx(MakeZip({{"[Content_Types].xml", kContentTypes}, {"word/styles.xml", "<w:styles/>"}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(r.error().message.find("word/document.xml"), std::string::npos);
}

TEST(Docx, MalformedXmlIsCorruptWithParserReason) {
  auto r = Docx(MakeZip({{"word/document.xml", "<w:document><w:body><w:p></w:body>"}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_NE(r.error().message.find("XML"), std::string::npos);
  EXPECT_NE(r.error().message.find("mismatch"), std::string::npos) << r.error().message;  // pugixml's words

  auto x = Docx(MakeZip({{"word/document.xml", "<html><body>不是 Word</body></html>"}}));
  ASSERT_FALSE(x.ok());
  EXPECT_EQ(x.error().code, ErrorCode::kCorrupt);
}

TEST(Docx, DeepNestingIsRefusedNotACrash) {
  std::string xml =
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p>)";
  for (int i = 0; i < 50000; ++i) xml += "<w:ins>";
  xml += "<w:r><w:t>深</w:t></w:r>";
  for (int i = 0; i < 50000; ++i) xml += "</w:ins>";
  xml += "</w:p></w:body></w:document>";
  auto r = Docx(MakeZip({{"word/document.xml", xml}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
}

TEST(Docx, EmptyBodyIsEmpty) {
  auto r = Docx(MakeDocx(P("") + P(R(" "))));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEmpty);
}

TEST(Docx, ZipBombRefusedQuickly) {
  const auto start = std::chrono::steady_clock::now();
  const std::string bomb = MakeZip({{"[Content_Types].xml", kContentTypes, 0},
                                    {"_rels/.rels", kRels, 0},
                                    {"word/document.xml", "", 300ull << 20}});
  ASSERT_FALSE(bomb.empty());
  EXPECT_LT(bomb.size(), 2u << 20);
  auto r = Docx(bomb);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge) << r.error().ToString();
  EXPECT_NE(r.error().message.find("max_uncompressed_bytes"), std::string::npos) << r.error().message;
  const auto secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("[ zip bomb ] %zu bytes compressed, built and refused in %.2f s\n", bomb.size(), secs);
}

TEST(Docx, CompressionRatioLimit) {
  // 8 MiB of zeros is under the size cap but compresses ~1000:1.
  auto r = Docx(MakeZip({{"word/document.xml", "", 8u << 20}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(r.error().message.find("max_compression_ratio"), std::string::npos) << r.error().message;
}

TEST(Docx, LyingHeaderStillCappedWhileReading) {
  std::string zip = MakeZip({{"word/document.xml", "", 8u << 20}});
  PatchDeclaredSize(zip, "word/document.xml", 1000);  // header claims 1000 bytes
  Limits limits;
  limits.max_uncompressed_bytes = 2u << 20;
  limits.max_compression_ratio = 1u << 30;  // only the byte cap can stop it
  auto r = Docx(zip, limits);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(r.error().code == ErrorCode::kTooLarge || r.error().code == ErrorCode::kCorrupt)
      << r.error().ToString();
  std::printf("[ lying header ] %s\n", r.error().ToString().c_str());

  // With the default ratio limit the real output trips the ratio check.
  auto d = Docx(zip);
  ASSERT_FALSE(d.ok());
  EXPECT_TRUE(d.error().code == ErrorCode::kTooLarge || d.error().code == ErrorCode::kCorrupt)
      << d.error().ToString();
}

TEST(Docx, OleCompoundFileIsEncrypted) {
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(504, '\0');
  for (char c : std::string("EncryptedPackage")) ole += std::string{c, '\0'};
  ole += std::string(1024, '\0');
  TempDir dir;
  WriteFile(dir / "secret.docx", ole);
  auto r = ExtractFile(dir / "secret.docx");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEncrypted);
  EXPECT_EQ(r.error().message.rfind("文件已加密，无法读取", 0), 0u);

  // A bare OLE header is taken as encrypted too; an OLE file with a
  // WordDocument stream and no EncryptedPackage is an old .doc renamed.
  EXPECT_EQ(Docx(ole.substr(0, 512)).error().code, ErrorCode::kEncrypted);
  std::string doc = ole.substr(0, 512);
  for (char c : std::string("WordDocument")) doc += std::string{c, '\0'};
  auto d = Docx(doc);
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_NE(d.error().message.find("请另存为 .docx 或 .pdf"), std::string::npos);
}

TEST(Docx, ZipLevelEncryptionIsEncrypted) {
  // An AES-encrypted document.xml (zip encryption, not Office encryption).
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(out);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  ASSERT_NE(za, nullptr);
  const std::string doc = "<w:document/>";
  const zip_int64_t idx =
      zip_file_add(za, "word/document.xml", zip_source_buffer(za, doc.data(), doc.size(), 0), 0);
  if (zip_file_set_encryption(za, static_cast<zip_uint64_t>(idx), ZIP_EM_AES_256, "pw") != 0) {
    zip_discard(za);
    zip_source_free(out);
    GTEST_SKIP() << "libzip built without AES";
  }
  ASSERT_EQ(zip_close(za), 0);
  std::string bytes;
  ASSERT_EQ(zip_source_open(out), 0);
  char buf[4096];
  zip_int64_t n;
  while ((n = zip_source_read(out, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<size_t>(n));
  zip_source_close(out);
  zip_source_free(out);
  auto r = Docx(bytes);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEncrypted) << r.error().ToString();
}

}  // namespace
}  // namespace jianfu::extract::testing
