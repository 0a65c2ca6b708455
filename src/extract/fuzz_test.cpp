// Seeded random mutations of valid inputs: every result is text or an Error
// with a one-line message; nothing crashes, hangs or trips the sanitizers.
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "jianfu/extract/extract.h"
#include "test_util.h"

namespace jianfu::extract::testing {
namespace {

std::string Mutate(std::string s, std::mt19937& rng) {
  std::uniform_int_distribution<int> kind(0, 3);
  const int edits = 1 + static_cast<int>(rng() % 8);
  for (int e = 0; e < edits && !s.empty(); ++e) {
    const size_t at = rng() % s.size();
    switch (kind(rng)) {
      case 0:
        s[at] = static_cast<char>(rng());
        break;  // byte
      case 1:
        s[at] = static_cast<char>(s[at] ^ (1 << (rng() % 8)));
        break;  // bit
      case 2:
        s.resize(at);
        break;  // truncate
      default:
        s.insert(at, std::string(1 + rng() % 16, static_cast<char>(rng())));
        break;
    }
  }
  return s;
}

void Check(const std::string& bytes, Format f) {
  auto r = ExtractBytes(bytes, f, "fuzz");
  if (r.ok()) {
    EXPECT_FALSE(r->text.empty());
    EXPECT_EQ(r->text.find('\r'), std::string::npos);
    EXPECT_EQ(r->text.find('\0'), std::string::npos);
  } else {
    EXPECT_FALSE(r.error().message.empty());
    EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << r.error().message;
  }
}

TEST(Fuzz, MutatedInputsNeverCrash) {
  std::mt19937 rng(20240501);
  const std::string docx = MakeDocx(
      "<w:p><w:r><w:t>各乡镇要于5月1日前报送材料</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>表</w:t>"
      "</w:r></w:p></w:tc></w:tr></w:tbl>");
  const std::string pdf = MakePdf({{"各乡镇要于5月1日前报送材料", "严禁层层加码"}});
  const std::string gbk = "\xB8\xF7\xCF\xE7\xD5\xF2\xD2\xAA\xD3\xDA\x35\xD4\xC2\x31\xC8\xD5\r\n";
  // JIANFU_FUZZ_ITERS=20000 for a longer run by hand.
  const char* env = std::getenv("JIANFU_FUZZ_ITERS");
  const int iters = env != nullptr ? std::atoi(env) : 300;
  for (int i = 0; i < iters; ++i) {
    Check(Mutate(docx, rng), Format::kDocx);
    Check(Mutate(pdf, rng), Format::kPdf);
    Check(Mutate(gbk, rng), Format::kText);
  }
}

}  // namespace
}  // namespace jianfu::extract::testing
