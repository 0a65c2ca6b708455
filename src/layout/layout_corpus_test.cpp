// ParseLayout over the shared corpus (../shared/corpus/gov-docs): every text
// parses within the invariants, and the 发文字号 / 主送 found agree with the
// INDEX.jsonl labels. Skipped when the corpus is absent.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "jianfu/layout/layout.h"
#include "layout_test_util.h"

namespace jianfu::layout {
namespace {

namespace fs = std::filesystem;
using testing_util::CheckInvariants;
using testing_util::Head;
using testing_util::kNone;
using testing_util::ReadFile;
using testing_util::Text;

// The shared corpus: real documents with INDEX.jsonl labels read off the
// text by simpler rules. Skipped when the corpus is not checked out.
TEST(ParseLayout, SharedCorpusAgreement) {
  const fs::path dir = fs::path(JIANFU_SHARED_DIR) / "corpus/gov-docs";
  if (!fs::exists(dir / "INDEX.jsonl")) GTEST_SKIP() << "no corpus at " << dir;
  std::ifstream index(dir / "INDEX.jsonl");
  auto squash = [](std::string_view s) {  // compare without white space
    std::string out;
    for (size_t i = 0; i < s.size();) {
      if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t') {
        ++i;
      } else if (s.substr(i, 3) == "\u3000") {
        i += 3;
      } else {
        out += s[i++];
      }
    }
    return out;
  };
  int files = 0, doc_total = 0, doc_agree = 0, addr_total = 0, addr_agree = 0;
  size_t bytes = 0;
  std::chrono::nanoseconds elapsed{0};
  std::string line;
  while (std::getline(index, line)) {
    const auto e = nlohmann::json::parse(line);
    const std::string file = e.value("file", "");
    if (file.rfind("text/", 0) != 0) continue;
    const std::string text = ReadFile(dir / file);
    const auto t0 = std::chrono::steady_clock::now();
    const Layout l = ParseLayout(text);
    elapsed += std::chrono::steady_clock::now() - t0;
    bytes += text.size();
    ++files;
    {
      SCOPED_TRACE(file);
      CheckInvariants(text, l);
    }
    const std::string want_doc = e["doc_no"].is_string() ? e["doc_no"].get<std::string>() : "";
    const std::string want_addr = e["addressee"].is_string() ? e["addressee"].get<std::string>() : "";
    if (!want_doc.empty()) {
      ++doc_total;
      const std::string got = l.doc_no ? Text(text, l.doc_no) : "";
      if (squash(got) == squash(want_doc)) {
        ++doc_agree;
      } else {
        std::cout << "  doc_no   " << e["id"].get<std::string>() << ": index " << want_doc << ", parsed "
                  << (got.empty() ? kNone : got) << "\n";
      }
    }
    if (!want_addr.empty()) {
      ++addr_total;
      const std::string got = l.addressee ? Text(text, l.addressee) : "";
      if (squash(got) == squash(want_addr)) {
        ++addr_agree;
      } else {
        std::cout << "  addressee " << e["id"].get<std::string>() << ": index " << Head(want_addr, 30)
                  << ", parsed " << (got.empty() ? kNone : got) << "\n";
      }
    }
  }
  ASSERT_GT(files, 0);
  const double doc_rate = doc_total ? double(doc_agree) / doc_total : 1.0;
  const double addr_rate = addr_total ? double(addr_agree) / addr_total : 1.0;
  std::cout << "corpus: " << files << " files, " << bytes / 1024 << " KiB parsed in "
            << std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count() << " us\n"
            << "doc_no agreement " << doc_agree << "/" << doc_total << " = " << doc_rate << "\n"
            << "addressee agreement " << addr_agree << "/" << addr_total << " = " << addr_rate << "\n";
  // The index labels some body sentences ending in "如下：" and a metadata key
  // ("文件编号：") as 主送; the parser rightly rejects those, which caps the
  // addressee agreement near 0.9.
  EXPECT_GE(doc_rate, 0.95);
  EXPECT_GE(addr_rate, 0.85);
}

}  // namespace
}  // namespace jianfu::layout
