// Robustness over the shared corpus of real government documents: every
// original file either yields text or a readable Error, never a crash.
#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "jianfu/extract/extract.h"
#include "test_util.h"

namespace jianfu::extract::testing {
namespace {

const fs::path kCorpus = fs::path(JIANFU_SHARED_DIR) / "corpus" / "gov-docs";

TEST(Corpus, EveryOriginalYieldsTextOrAnError) {
  const fs::path dir = kCorpus / "original";
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " not present";
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());

  std::map<std::string, int> text_by_ext;
  std::map<std::string, int> total_by_ext;
  std::map<std::string, int> errors;  // "ext:code" -> count
  for (const fs::path& f : files) {
    const std::string ext = f.extension().string();
    ++total_by_ext[ext];
    auto r = ExtractFile(f);
    if (r.ok()) {
      EXPECT_FALSE(r->text.empty()) << f;
      EXPECT_EQ(r->text.find('\r'), std::string::npos) << f;
      EXPECT_EQ(r->text.find('\0'), std::string::npos) << f;
      ++text_by_ext[ext];
    } else {
      EXPECT_FALSE(r.error().message.empty()) << f;
      EXPECT_EQ(r.error().message.find('\n'), std::string::npos) << f;
      EXPECT_EQ(r.error().path, f.string());
      ++errors[ext + ":" + ErrorCodeName(r.error().code)];
    }
  }
  EXPECT_EQ(text_by_ext[".docx"], total_by_ext[".docx"]) << "every .docx must give text";
  // README: 4 scans with no text layer (g0162-g0165) and 14 PDFs whose fonts
  // have no Unicode mapping (g0166-g0179); every other PDF has real text.
  EXPECT_EQ(errors[".pdf:empty"], 4);
  EXPECT_EQ(errors[".pdf:encoding"], 14);
  EXPECT_EQ(text_by_ext[".pdf"], total_by_ext[".pdf"] - 18)
      << "g0161 needs poppler-data (Chinese predefined CMaps) to be installed";
  for (const char* ext : {".doc", ".wps", ".ofd"}) {
    EXPECT_EQ(errors[std::string(ext) + ":unsupported_format"], total_by_ext[ext]) << ext;
  }

  std::string line = "[ corpus ] " + std::to_string(files.size()) + " originals;";
  for (const auto& [ext, n] : total_by_ext) {
    line += " " + ext + " " + std::to_string(text_by_ext[ext]) + "/" + std::to_string(n) + " text";
  }
  line += "; errors:";
  for (const auto& [key, n] : errors) line += " " + key + "=" + std::to_string(n);
  std::printf("%s\n", line.c_str());
}

TEST(Corpus, EveryTextFileDecodes) {
  const fs::path dir = kCorpus / "text";
  if (!fs::is_directory(dir)) GTEST_SKIP() << dir << " not present";
  Inputs in = CollectInputs({dir});
  EXPECT_TRUE(in.errors.empty());
  int ok = 0;
  for (const fs::path& f : in.files) {
    auto r = ExtractFile(f);
    ASSERT_TRUE(r.ok()) << r.error().ToString();
    EXPECT_EQ(r->encoding, "UTF-8") << f;
    ++ok;
  }
  std::printf("[ corpus ] %d/%zu text files decoded\n", ok, in.files.size());
}

}  // namespace
}  // namespace jianfu::extract::testing
