// Runs every tests/cases/**/*.case file: a document and the findings it must
// produce, as "line:column RULE" lines (docs/cases.md). Exact match: a
// missing or an extra finding fails the case.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "jianfu/check/checker.h"

namespace jianfu {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string input;
  std::vector<std::string> expect;
  check::CheckOptions options;
};

Case ParseCase(const fs::path& path) {
  std::ifstream in(path);
  std::string line, section;
  Case c;
  while (std::getline(in, line)) {
    if (line.starts_with("--- ")) {
      section = line.substr(4);
      continue;
    }
    if (section == "input") {
      c.input += line + "\n";
    } else if (section == "expect") {
      if (!line.empty() && line[0] != '#') c.expect.push_back(line);
    } else if (section == "options") {
      if (line == "passage: true") c.options.passage = true;
      if (line.starts_with("doc-type: ")) {
        check::DocType t;
        if (check::ParseDocType(line.substr(10), &t)) c.options.doc_type = t;
      }
    }
  }
  return c;
}

std::vector<fs::path> CaseFiles() {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(fs::path(JIANFU_SOURCE_DIR) / "tests/cases"))
    if (e.path().extension() == ".case") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Cases, EveryCaseProducesExactlyItsFindings) {
  auto rules = rules::LoadBuiltin();
  ASSERT_TRUE(rules.ok()) << rules.error().ToString();
  auto checker = check::Checker::Create(*rules);
  ASSERT_TRUE(checker.ok()) << checker.error().ToString();
  const auto files = CaseFiles();
  ASSERT_GE(files.size(), 5u);
  for (const auto& path : files) {
    const Case c = ParseCase(path);
    ASSERT_FALSE(c.input.empty()) << path;
    std::vector<std::string> got;
    for (const auto& f : (*checker)->Check(c.input, c.options).findings)
      got.push_back(std::to_string(f.line) + ":" + std::to_string(f.column) + " " + f.rule);
    EXPECT_EQ(got, c.expect) << "case " << path.filename().string() << "\n" << (*checker)->Explain(c.input);
  }
}

}  // namespace
}  // namespace jianfu
