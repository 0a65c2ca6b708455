// PDF reader tests on PDFs written by hand (MakePdf), with exact xref offsets.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "jianfu/extract/extract.h"
#include "jianfu/text/utf8.h"
#include "test_util.h"

namespace jianfu::extract::testing {

namespace {

// Numbers `objs` from 1 (object 1 must be the catalog) and writes the header,
// body, cross-reference table with exact byte offsets, and trailer.
std::string AssemblePdf(const std::vector<std::string>& objs, const std::string& trailer_extra = {}) {
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objs.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += std::to_string(i + 1) + " 0 obj\n" + objs[i] + "\nendobj\n";
  }
  const size_t xref = pdf.size();
  pdf += "xref\n0 " + std::to_string(objs.size() + 1) + "\n0000000000 65535 f \n";
  for (size_t off : offsets) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%010zu 00000 n \n", off);
    pdf += buf;
  }
  pdf += "trailer\n<< /Size " + std::to_string(objs.size() + 1) + " /Root 1 0 R" + trailer_extra + " >>\n";
  pdf += "startxref\n" + std::to_string(xref) + "\n%%EOF\n";
  return pdf;
}

std::string Stream(const std::string& data) {
  return "<< /Length " + std::to_string(data.size()) + " >>\nstream\n" + data + "endstream";
}

// One page showing `content` with font /F1 = `font` (object 3; extra objects
// from 5 on).
std::string OnePagePdf(const std::string& font, const std::string& content,
                       const std::vector<std::string>& extra = {}) {
  std::vector<std::string> objs = {
      "<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [4 0 R] /Count 1 >>", font,
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
      "/Contents " +
          std::to_string(5 + extra.size()) + " 0 R >>"};
  objs.insert(objs.end(), extra.begin(), extra.end());
  objs.push_back(Stream(content));
  return AssemblePdf(objs);
}

}  // namespace

std::string MakePdf(const std::vector<std::vector<std::string>>& pages, bool encrypt) {
  // CIDs 1..n for the distinct characters, in order of first use.
  std::map<char32_t, unsigned> cid;
  std::vector<char32_t> by_cid;
  for (const auto& page : pages) {
    for (const auto& line : page) {
      for (size_t pos = 0; pos < line.size();) {
        const char32_t c = text::DecodeUtf8(line, pos);
        if (cid.emplace(c, static_cast<unsigned>(by_cid.size() + 1)).second) by_cid.push_back(c);
      }
    }
  }
  auto hex4 = [](unsigned v) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%04X", v & 0xFFFF);
    return std::string(buf);
  };

  std::vector<std::string> objs;  // objs[i] is object i+1
  const size_t n_pages = pages.size();
  const size_t first_page = 7;  // object number of the first page
  std::string kids;
  for (size_t i = 0; i < n_pages; ++i) kids += std::to_string(first_page + 2 * i) + " 0 R ";
  objs.push_back("<< /Type /Catalog /Pages 2 0 R >>");
  objs.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(n_pages) + " >>");
  objs.push_back(
      "<< /Type /Font /Subtype /Type0 /BaseFont /JianfuTest /Encoding /Identity-H /DescendantFonts [4 0 R] "
      "/ToUnicode 5 0 R >>");
  objs.push_back(
      "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /JianfuTest /CIDSystemInfo << /Registry (Adobe) "
      "/Ordering (Identity) /Supplement 0 >> /FontDescriptor 6 0 R /DW 1000 /CIDToGIDMap /Identity >>");
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  for (size_t i = 0; i < by_cid.size(); i += 100) {
    const size_t n = std::min<size_t>(100, by_cid.size() - i);
    cmap += std::to_string(n) + " beginbfchar\n";
    for (size_t k = i; k < i + n; ++k) {
      cmap +=
          "<" + hex4(static_cast<unsigned>(k + 1)) + "> <" + hex4(static_cast<unsigned>(by_cid[k])) + ">\n";
    }
    cmap += "endbfchar\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  objs.push_back(Stream(cmap));
  objs.push_back(
      "<< /Type /FontDescriptor /FontName /JianfuTest /Flags 4 /FontBBox [0 -200 1000 800] /ItalicAngle 0 "
      "/Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 >>");
  for (size_t i = 0; i < n_pages; ++i) {
    std::string content;
    int y = 780;
    for (const auto& line : pages[i]) {
      std::string hex;
      for (size_t pos = 0; pos < line.size();) hex += hex4(cid[text::DecodeUtf8(line, pos)]);
      content += "BT /F1 16 Tf 1 0 0 1 72 " + std::to_string(y) + " Tm <" + hex + "> Tj ET\n";
      y -= 28;
    }
    if (pages[i].empty()) content = "0.5 g 100 100 200 200 re f\n";
    objs.push_back(
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        "/Contents " +
        std::to_string(first_page + 2 * i + 1) + " 0 R >>");
    objs.push_back(Stream(content));
  }
  if (encrypt) {
    const std::string o(64, 'A');
    const std::string u(64, '5');
    objs.push_back("<< /Filter /Standard /V 1 /R 2 /O <" + o + "> /U <" + u + "> /P -4 >>");
  }

  std::string trailer;
  if (encrypt) {
    trailer = " /Encrypt " + std::to_string(objs.size()) +
              " 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]";
  }
  return AssemblePdf(objs, trailer);
}

namespace {

TEST(Pdf, ChineseTextThroughToUnicodeCMap) {
  const std::string pdf = MakePdf({{"各乡镇要于5月1日前报送材料", "严禁层层加码"}, {"第二页：不得重复报送"}});
  auto r = ExtractBytes(pdf, Format::kPdf, "a.pdf");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, "各乡镇要于5月1日前报送材料\n严禁层层加码\n第二页：不得重复报送\n");
  EXPECT_EQ(r->format, Format::kPdf);
  EXPECT_EQ(r->encoding, "");
}

TEST(Pdf, FromFileByExtension) {
  TempDir dir;
  WriteFile(dir / "通知.pdf", MakePdf({{"各乡镇要于5月1日前报送材料"}}));
  auto r = ExtractFile(dir / "通知.pdf");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->text, "各乡镇要于5月1日前报送材料\n");
}

TEST(Pdf, NoTextLayerIsEmpty) {
  auto r = ExtractBytes(MakePdf({{}, {}}), Format::kPdf, "scan.pdf");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEmpty);
  EXPECT_EQ(r.error().message, "PDF 没有文字层（可能是扫描件），无法检查");
  EXPECT_EQ(r.error().path, "scan.pdf");
}

TEST(Pdf, TruncatedOrGarbageIsCorrupt) {
  const std::string pdf = MakePdf({{"各乡镇要于5月1日前报送材料"}});
  for (const std::string& bad : {pdf.substr(0, 40), std::string("%PDF-1.7\n") + std::string(300, '\x7F'),
                                 std::string("not a pdf at all, just words"), std::string(1000, '\0')}) {
    auto r = ExtractBytes(bad, Format::kPdf, "bad.pdf");
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::kCorrupt) << r.error().ToString();
    EXPECT_FALSE(r.error().message.empty());
  }
}

TEST(Pdf, EveryPrefixOfAValidFileFailsCleanly) {
  // Truncation anywhere: an error or (when poppler reconstructs the xref) text,
  // never a crash.
  const std::string pdf = MakePdf({{"各乡镇要于5月1日前报送材料"}});
  for (size_t n = 1; n < pdf.size(); n += 7) {
    auto r = ExtractBytes(pdf.substr(0, n), Format::kPdf, "cut.pdf");
    if (r.ok()) {
      EXPECT_FALSE(r->text.empty());
    } else {
      EXPECT_FALSE(r.error().message.empty());
    }
  }
}

TEST(Pdf, PasswordProtectedIsEncrypted) {
  auto r =
      ExtractBytes(MakePdf({{"各乡镇要于5月1日前报送材料"}}, /*encrypt=*/true), Format::kPdf, "locked.pdf");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEncrypted) << r.error().ToString();
  EXPECT_EQ(r.error().message.rfind("文件已加密，无法读取", 0), 0u);
}

TEST(Pdf, PageLimit) {
  Limits limits;
  limits.max_pdf_pages = 2;
  auto r = ExtractBytes(MakePdf({{"一"}, {"二"}, {"三"}}), Format::kPdf, "long.pdf", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kTooLarge);
  EXPECT_NE(r.error().message.find("max_pdf_pages"), std::string::npos);
}

TEST(Pdf, PredefinedChineseCMapNeedsPopplerData) {
  // STSong-Light with GB-EUC-H: a standard CJK font, not embedded, common in
  // PDFs from PDFlib and older government systems. Poppler maps the GB codes
  // through the CMap files of the poppler-data package.
  const std::string font =
      "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-GB-EUC-H /Encoding /GB-EUC-H "
      "/DescendantFonts [5 0 R] >>";
  const std::string cid =
      "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
      "/Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>";
  const std::string desc =
      "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 4 /FontBBox [-25 -254 1000 880] /ItalicAngle "
      "0 "
      "/Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>";
  // "严禁层层加码" in GBK.
  const std::string content = "BT /F1 16 Tf 72 700 Td <D1CFBDFBB2E3B2E3BCD3C2EB> Tj ET\n";
  auto r = ExtractBytes(OnePagePdf(font, content, {cid, desc}), Format::kPdf, "gb.pdf");
  ASSERT_TRUE(r.ok())
      << r.error().ToString()
      << "\n(poppler-data 未安装？它提供中文预定义 CMap；scripts/setup 需要安装 poppler-data)";
  EXPECT_EQ(r->text, "严禁层层加码\n");
}

TEST(Pdf, GarbledTextLayerIsRefused) {
  // What a font without a Unicode mapping looks like: its raw codes.
  const std::string font = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
  std::string content;
  for (int i = 0; i < 6; ++i) {
    content += "BT /F1 12 Tf 72 " + std::to_string(700 - 20 * i) + " Td (!\"#$%&'\\(\\)*+,-./012) Tj ET\n";
  }
  auto r = ExtractBytes(OnePagePdf(font, content), Format::kPdf, "garbled.pdf");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kEncoding);
  EXPECT_NE(r.error().message.find("乱码"), std::string::npos);

  // Ordinary Latin text is not garbled.
  auto latin =
      ExtractBytes(OnePagePdf(font, "BT /F1 12 Tf 72 700 Td (Notice on reducing the burden, 2024.) Tj ET\n"),
                   Format::kPdf, "latin.pdf");
  ASSERT_TRUE(latin.ok()) << latin.error().ToString();
  EXPECT_EQ(latin->text, "Notice on reducing the burden, 2024.\n");
}

TEST(Pdf, UnknownExtensionIsSniffed) {
  TempDir dir;
  WriteFile(dir / "download.bin", MakePdf({{"严禁层层加码"}}));
  auto r = ExtractFile(dir / "download.bin");
  ASSERT_TRUE(r.ok()) << r.error().ToString();
  EXPECT_EQ(r->format, Format::kPdf);
  EXPECT_EQ(r->text, "严禁层层加码\n");
}

}  // namespace
}  // namespace jianfu::extract::testing
