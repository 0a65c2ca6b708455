// Recall and precision of near-duplicate detection against the exact
// Jaccard index: on a generated corpus with planted near-duplicates (always)
// and on ../shared/corpus/laws, where several laws exist in more than one
// dated version (skipped when the corpus is absent). The figures are
// printed; docs/copy.md records them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <set>
#include <thread>

#include "jianfu/copy/dedup.h"
#include "jianfu/copy/index.h"
#include "jianfu/copy/minhash.h"
#include "jianfu/extract/extract.h"
#include "test_corpus.h"

namespace jianfu::copy {
namespace {

namespace fs = std::filesystem;
using Pairs = std::vector<std::pair<size_t, size_t>>;

struct Score {
  size_t truth = 0, found = 0, correct = 0;
  double recall() const { return truth ? static_cast<double>(correct) / truth : 1.0; }
  double precision() const { return found ? static_cast<double>(correct) / found : 1.0; }
};

Score Measure(const Pairs& found, const Pairs& truth) {
  const std::set<std::pair<size_t, size_t>> t(truth.begin(), truth.end());
  Score s;
  s.truth = truth.size();
  s.found = found.size();
  for (const auto& p : found) s.correct += t.count(p);
  return s;
}

Pairs AsPairs(const std::vector<SimilarPair>& pairs) {
  Pairs out;
  for (const auto& p : pairs) out.emplace_back(p.a, p.b);
  return out;
}

// Sketches of `texts` on two threads.
std::vector<DocumentSketch> SketchAll(const std::vector<std::string>& texts, const Sketcher& sketcher) {
  std::vector<DocumentSketch> docs(texts.size());
  auto work = [&](size_t first) {
    for (size_t i = first; i < texts.size(); i += 2) {
      auto s = sketcher.Sketch(texts[i]);
      if (s.ok()) docs[i] = std::move(*s);
    }
  };
  std::thread t(work, 1);
  work(0);
  t.join();
  return docs;
}

TEST(CopyRecall, GeneratedCorpusWithPlantedNearDuplicates) {
  auto settings = LoadBuiltinSettings();
  ASSERT_TRUE(settings.ok());
  const double t = settings->minhash.threshold;
  const Sketcher sketcher(settings->normalize, settings->minhash);
  const auto texts = testing_util::GeneratedCorpus(300, 17);
  const auto docs = SketchAll(texts, sketcher);
  const Pairs truth = testing_util::BruteForcePairs(docs, t);
  ASSERT_GT(truth.size(), 40u);

  // In memory (jianfu dedup).
  DedupStats stats;
  const Score mem = Measure(AsPairs(FindNearDuplicates(docs, t, &stats)), truth);
  std::cout << "generated corpus: " << docs.size() << " documents, " << truth.size() << " pairs >= " << t
            << ", " << stats.candidates << " candidates; recall " << mem.recall() << ", precision "
            << mem.precision() << "\n";
  EXPECT_GE(mem.recall(), 0.98);
  EXPECT_EQ(mem.precision(), 1.0);

  // Through an index file (jianfu index build + query): each document asks
  // for its candidates, verified the same way.
  const fs::path file =
      fs::temp_directory_path() / ("jianfu_copy_recall_" + std::to_string(::getpid()) + ".jfidx");
  std::vector<NewDocument> added;
  for (size_t i = 0; i < docs.size(); ++i)
    added.push_back({fs::path("doc" + std::to_string(i)), docs[i].content_hash,
                     static_cast<uint32_t>(docs[i].shingles.size()), docs[i].band_keys});
  ASSERT_TRUE(WriteIndex(file, settings->minhash, sketcher.normalizer().Fingerprint(), nullptr, added).ok());
  auto index = CopyIndex::Open(file);
  ASSERT_TRUE(index.ok());
  Pairs via_index;
  for (size_t a = 0; a < docs.size(); ++a)
    for (uint32_t b : index->Candidates(docs[a].band_keys))
      if (b > a && Jaccard(docs[a].shingles, docs[b].shingles) >= t) via_index.emplace_back(a, b);
  fs::remove(file);
  const Score idx = Measure(via_index, truth);
  EXPECT_GE(idx.recall(), 0.98);
  EXPECT_EQ(idx.precision(), 1.0);
  EXPECT_EQ(idx.correct, mem.correct);  // 32-bit stored keys lose nothing here
}

TEST(CopyRecall, LawsCorpusAgainstExactJaccard) {
  const fs::path dir = fs::path(JIANFU_SHARED_DIR) / "corpus/laws";
  if (!fs::is_directory(dir)) GTEST_SKIP() << "no corpus at " << dir;
  auto settings = LoadBuiltinSettings();
  ASSERT_TRUE(settings.ok());
  const double t = settings->minhash.threshold;
  const Sketcher sketcher(settings->normalize, settings->minhash);
  const auto inputs = extract::CollectInputs({dir});
  ASSERT_TRUE(inputs.errors.empty());
  std::vector<std::string> texts;
  for (const auto& f : inputs.files) {
    auto e = extract::ExtractFile(f);
    ASSERT_TRUE(e.ok()) << e.error().ToString();
    texts.push_back(std::move(e->text));
  }
  ASSERT_GT(texts.size(), 1000u);
  const auto docs = SketchAll(texts, sketcher);
  for (const auto& d : docs) ASSERT_FALSE(d.shingles.empty());

  const Pairs truth = testing_util::ExactPairs(docs, t);
  DedupStats stats;
  const auto found = FindNearDuplicates(docs, t, &stats);
  const Score s = Measure(AsPairs(found), truth);
  std::cout << "laws corpus: " << docs.size() << " documents, " << truth.size() << " pairs >= " << t << ", "
            << stats.candidates << " candidates; recall " << s.recall() << ", precision " << s.precision()
            << "\n";
  // Several laws are there in more than one dated version.
  EXPECT_GE(truth.size(), 5u);
  EXPECT_GE(s.recall(), 0.98);
  EXPECT_EQ(s.precision(), 1.0);
}

}  // namespace
}  // namespace jianfu::copy
