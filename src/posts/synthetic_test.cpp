// The generated corpus against its planted truth: every planted copy should
// be found with the right origin, and no original taken for a copy.
#include "jianfu/posts/synthetic.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "jianfu/posts/analyze.h"

namespace jianfu::posts {
namespace {

std::string Generate(const SyntheticOptions& o, SyntheticSummary* summary = nullptr) {
  std::string text;
  const auto s = GenerateSynthetic(o, [&](std::string_view piece) { text += piece; });
  if (summary) *summary = s;
  return text;
}

TEST(PostsSynthetic, DeterministicAndWellFormed) {
  SyntheticOptions o;
  o.posts = 2000;
  o.seed = 5;
  EXPECT_EQ(Generate(o), Generate(o));
  o.format = InputFormat::kCsv;
  o.truth = true;
  SyntheticSummary s;
  const std::string csv = Generate(o, &s);
  EXPECT_EQ(s.posts, 2000u);
  EXPECT_EQ(s.bytes, csv.size());
  EXPECT_GT(s.copies, 900u);
  AnalyzeOptions ao;
  ao.format = InputFormat::kCsv;
  Input in = StringInput(csv);
  const auto a = Analyze(in, *copy::LoadBuiltinSettings(), ao);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->posts, 2000u);
  EXPECT_EQ(a->bad_lines, 0u);
}

TEST(PostsSynthetic, PlantedCopiesFoundWithTheirOrigin) {
  SyntheticOptions o;
  o.posts = 30000;
  o.seed = 11;
  o.truth = true;
  SyntheticSummary summary;
  const std::string text = Generate(o, &summary);
  AnalyzeOptions ao;
  ao.record_origins = true;
  Input in = StringInput(text);
  const auto r = Analyze(in, *copy::LoadBuiltinSettings(), ao);
  ASSERT_TRUE(r.ok());
  const Analysis& a = *r;
  ASSERT_EQ(a.posts, o.posts);
  ASSERT_EQ(a.post_origins.size(), o.posts);

  std::istringstream lines(text);
  std::string line;
  size_t i = 0, planted = 0, found = 0, wrong_origin = 0, originals = 0, false_copies = 0;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    const std::string truth = j["truth_origin"];
    const bool copy = a.post_origins[i] != a.post_accounts[i];
    ASSERT_EQ(a.accounts[a.post_accounts[i]].account, j["account"].get<std::string>());
    if (truth.empty()) {
      ++originals;
      false_copies += copy;
    } else {
      ++planted;
      if (copy && a.accounts[a.post_origins[i]].account == truth) ++found;
      if (copy && a.accounts[a.post_origins[i]].account != truth) ++wrong_origin;
    }
    ++i;
  }
  ASSERT_EQ(i, o.posts);
  ASSERT_EQ(planted, summary.copies);
  const double recall = static_cast<double>(found) / planted;
  std::cout << "planted " << planted << ", found with the right origin " << found << " (" << recall
            << "), wrong origin " << wrong_origin << ", originals taken for copies " << false_copies << " of "
            << originals << ", signatures compared " << a.similarity_checks << "\n";
  EXPECT_GE(recall, 0.97);
  EXPECT_LE(wrong_origin, planted / 500);
  EXPECT_LE(false_copies, originals / 500);
  // Dead accounts stop at least 30 days before the end: all are inactive.
  uint64_t inactive = 0;
  for (const auto& acc : a.accounts) inactive += acc.inactive;
  EXPECT_GE(inactive, summary.dead_accounts);
}

}  // namespace
}  // namespace jianfu::posts
