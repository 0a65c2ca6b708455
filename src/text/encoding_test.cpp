#include "jianfu/text/encoding.h"

#include <gtest/gtest.h>

#include <string>

#include "jianfu/text/utf8.h"

namespace jianfu::text {
namespace {

// UTF-8 -> UTF-16 (little or big endian), test helper.
std::string Utf16(const std::string& s, bool little_endian) {
  std::string out;
  auto unit = [&](char16_t u) {
    const char lo = static_cast<char>(u & 0xFF);
    const char hi = static_cast<char>(u >> 8);
    out += little_endian ? lo : hi;
    out += little_endian ? hi : lo;
  };
  for (size_t pos = 0; pos < s.size();) {
    const char32_t c = DecodeUtf8(s, pos);
    if (c >= 0x10000) {
      unit(static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10)));
      unit(static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF)));
    } else {
      unit(static_cast<char16_t>(c));
    }
  }
  return out;
}

const std::string kSample = "各乡镇要于5月1日前报送材料。\n严禁层层加码！";
// kSample in GBK (produced with Python's codec).
const std::string kSampleGbk =
    "\xB8\xF7\xCF\xE7\xD5\xF2\xD2\xAA\xD3\xDA\x35\xD4\xC2\x31\xC8\xD5\xC7\xB0\xB1\xA8\xCB\xCD\xB2\xC4\xC1\xCF"
    "\xA1\xA3\x0A\xD1\xCF\xBD\xFB\xB2\xE3\xB2\xE3\xBC\xD3\xC2\xEB\xA3\xA1";

TEST(Encoding, PlainUtf8) {
  auto d = DecodeToUtf8(kSample, "a.txt");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->utf8, kSample);
  EXPECT_EQ(d->encoding, "UTF-8");
}

TEST(Encoding, Utf8BomDroppedAndCrlfNormalised) {
  auto d = DecodeToUtf8("\xEF\xBB\xBF第一行\r\n第二行\r第三行\n", "a.txt");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->utf8, "第一行\n第二行\n第三行\n");
  EXPECT_EQ(d->encoding, "UTF-8");
}

TEST(Encoding, Utf8CutOffMidCharacterKeepsTheRest) {
  const std::string cut = kSample + "\xE5\x87";  // "减" without its last byte
  auto d = DecodeToUtf8(cut, "cut.txt");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->utf8, kSample);
  EXPECT_EQ(d->encoding, "UTF-8");
}

TEST(Encoding, Utf8BomWithInvalidBodyFails) {
  auto d = DecodeToUtf8("\xEF\xBB\xBF\xB8\xF7", "a.txt");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kEncoding);
}

TEST(Encoding, Utf16WithBom) {
  const std::string le = "\xFF\xFE" + Utf16("通知：\r\n𠀀字", true);
  auto d = DecodeToUtf8(le, "le.txt");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->utf8, "通知：\n𠀀字");
  EXPECT_EQ(d->encoding, "UTF-16LE");

  const std::string be = "\xFE\xFF" + Utf16(kSample, false);
  auto d2 = DecodeToUtf8(be, "be.txt");
  ASSERT_TRUE(d2.ok()) << d2.error().message;
  EXPECT_EQ(d2->utf8, kSample);
  EXPECT_EQ(d2->encoding, "UTF-16BE");
}

TEST(Encoding, Utf16LongTextCrossesConversionChunks) {
  std::string s;
  for (int i = 0; i < 5000; ++i) s += "减负𠀀";  // surrogate pairs straddle the 8K-unit buffer
  auto d = DecodeToUtf8("\xFF\xFE" + Utf16(s, true), "long.txt");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->utf8, s);
}

TEST(Encoding, Utf16TruncatedOrUnpairedSurrogateFails) {
  std::string le = "\xFF\xFE" + Utf16("通知", true);
  le.pop_back();  // odd length
  EXPECT_EQ(DecodeToUtf8(le, "x").error().code, ErrorCode::kEncoding);
  const std::string lone("\xFF\xFE\x00\xD8\x41\x00", 6);  // high surrogate then 'A'
  EXPECT_EQ(DecodeToUtf8(lone, "x").error().code, ErrorCode::kEncoding);
}

TEST(Encoding, Gbk) {
  auto d = DecodeToUtf8(kSampleGbk, "gbk.txt");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->utf8, kSample);
  EXPECT_EQ(d->encoding, "GB18030");
}

TEST(Encoding, Gb18030FourByteSequence) {
  // "生僻字𠀀在此，各单位要认真落实。" with U+20000 as the four bytes 95 32 82 36.
  const std::string gb =
      "\xC9\xFA\xC6\xA7\xD7\xD6\x95\x32\x82\x36\xD4\xDA\xB4\xCB\xA3\xAC\xB8\xF7\xB5\xA5\xCE\xBB\xD2\xAA\xC8"
      "\xCF"
      "\xD5\xE6\xC2\xE4\xCA\xB5\xA1\xA3";
  auto d = DecodeToUtf8(gb, "gb.txt");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->utf8, "生僻字𠀀在此，各单位要认真落实。");
}

TEST(Encoding, InvalidGbBytesFailInsteadOfReplacement) {
  // 0x81 0x20 is not a GB18030 sequence; 0xFF is never valid.
  auto d = DecodeToUtf8(kSampleGbk + "\x81\x20\xFF", "x.txt");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kEncoding);
  EXPECT_EQ(d.error().message, "无法识别文本编码（既不是 UTF-8 也不是 GB18030/GBK）");
  EXPECT_EQ(d.error().path, "x.txt");
  // A lead byte cut off at the end of the file.
  EXPECT_EQ(DecodeToUtf8(kSampleGbk + "\xB8", "x.txt").error().code, ErrorCode::kEncoding);
}

TEST(Encoding, Big5IsRejected) {
  // "關於進一步減輕基層負擔的通知，請各單位認真貫徹執行。" in Big5: decodes as
  // GB18030 without error, but into rare characters; must not be accepted.
  const std::string big5 =
      "\xC3\xF6\xA9\xF3\xB6\x69\xA4\x40\xA8\x42\xB4\xEE\xBB\xB4\xB0\xF2\xBC\x68\xAD\x74\xBE\xE1\xAA\xBA\xB3"
      "\x71"
      "\xAA\xBE\xA1\x41\xBD\xD0\xA6\x55\xB3\xE6\xA6\xEC\xBB\x7B\xAF\x75\xB3\x65\xB9\xFD\xB0\xF5\xA6\xE6\xA1"
      "\x43";
  auto d = DecodeToUtf8(big5, "big5.txt");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kEncoding);
}

TEST(Encoding, BinaryIsRejected) {
  std::string bin;
  for (int i = 0; i < 512; ++i) bin += static_cast<char>((i * 37 + 11) & 0xFF);
  auto d = DecodeToUtf8(bin, "bin.txt");
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code, ErrorCode::kEncoding);

  // Valid UTF-8 (ASCII) but full of NULs and control characters.
  const std::string ctl("ab\0\0\x01\x02\x03\0cd\0\0\x05\x06", 14);
  EXPECT_EQ(DecodeToUtf8(ctl, "c.txt").error().code, ErrorCode::kEncoding);
  // UTF-16 without a BOM looks like ASCII with every other byte NUL.
  EXPECT_EQ(DecodeToUtf8(Utf16("plain ascii text here", true), "u.txt").error().code, ErrorCode::kEncoding);
}

TEST(Encoding, TrailingNulPaddingIsDropped) {
  const std::string padded = kSample + std::string(64, '\0');
  auto d = DecodeToUtf8(padded, "p.txt");
  ASSERT_TRUE(d.ok()) << d.error().message;
  EXPECT_EQ(d->utf8, kSample);
}

TEST(Encoding, EmptyInputDecodesToEmpty) {
  auto d = DecodeToUtf8("", "e.txt");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->utf8, "");
}

}  // namespace
}  // namespace jianfu::text
