// Shingles, MinHash signatures, LSH band keys and in-memory near-duplicates.
#include "jianfu/copy/minhash.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "jianfu/copy/hash.h"
#include "jianfu/copy/dedup.h"
#include "test_corpus.h"

namespace jianfu::copy {
namespace {

Settings Builtin() {
  auto s = LoadBuiltinSettings();
  EXPECT_TRUE(s.ok());
  return s.ok() ? *s : Settings{};
}

TEST(CopyMinHash, ShingleHashesAreShinglesUnsorted) {
  const std::u32string text = U"防汛抗旱防汛抗旱工作作为当前的重要任务防汛抗旱";
  auto hashes = ShingleHashes(text, 5);
  EXPECT_EQ(hashes.size(), text.size() - 4);
  const MinHasher hasher{MinHashSettings{}};
  EXPECT_EQ(hasher.Signature(hashes), hasher.Signature(Shingles(text, 5)));
  std::sort(hashes.begin(), hashes.end());
  hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
  EXPECT_EQ(hashes, Shingles(text, 5));
  EXPECT_EQ(ShingleHashes(U"防汛", 5), Shingles(U"防汛", 5));
}

// The independent scheme runs eight hashes at a time where the processor
// has AVX2 and one at a time for the rest: both must give the header's
// formula, h_i(x) = ((a_i * x32 + b_i) mod 2^64) >> 32, for every i.
TEST(CopyMinHash, IndependentSignatureIsTheDocumentedFormula) {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> shingles(300);
  for (auto& x : shingles) x = rng();
  for (const size_t k : {128u, 13u, 5u}) {
    MinHashSettings m;
    m.scheme = MinHashScheme::kIndependent;
    m.num_hashes = k;
    m.bands = 1;
    m.rows = 1;
    const auto sig = MinHasher{m}.Signature(shingles);
    ASSERT_EQ(sig.size(), k);
    for (size_t i = 0; i < k; ++i) {
      const uint64_t a = internal::SplitMix64(m.seed, 2 * i) | 1, b = internal::SplitMix64(m.seed, 2 * i + 1);
      uint32_t want = UINT32_MAX;
      for (const uint64_t x : shingles) {
        const uint64_t x32 = static_cast<uint32_t>(x ^ (x >> 32));
        want = std::min(want, static_cast<uint32_t>((a * x32 + b) >> 32));
      }
      EXPECT_EQ(sig[i], want) << "k=" << k << " i=" << i;
    }
  }
}

TEST(CopyMinHash, ShinglesAreTheDistinctNGrams) {
  EXPECT_EQ(Shingles(U"防汛抗旱工作", 5).size(), 2u);
  EXPECT_EQ(Shingles(U"防汛抗旱防汛抗旱", 4).size(), 4u);  // 防汛抗旱 twice
  EXPECT_EQ(Shingles(U"防汛", 5).size(), 1u);              // shorter than n: the whole text
  EXPECT_NE(Shingles(U"防汛", 5), Shingles(U"抗旱", 5));
  EXPECT_TRUE(Shingles(U"", 5).empty());
  const auto s = Shingles(U"一二三四五六七八九十", 5);
  EXPECT_TRUE(std::is_sorted(s.begin(), s.end()));
  EXPECT_EQ(s.size(), 6u);
}

TEST(CopyMinHash, JaccardIsExact) {
  const std::vector<uint64_t> a = {1, 2, 3, 4}, b = {3, 4, 5}, none;
  EXPECT_DOUBLE_EQ(Jaccard(a, b), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, a), 1.0);
  EXPECT_DOUBLE_EQ(Jaccard(a, none), 0.0);
  EXPECT_DOUBLE_EQ(Jaccard(none, none), 0.0);
}

TEST(CopyMinHash, BandingIsTunedForPointEight) {
  const auto& m = Builtin().minhash;
  EXPECT_GT(CandidateProbability(0.8, m.bands, m.rows), 0.995);
  EXPECT_GT(CandidateProbability(0.9, m.bands, m.rows), 0.9999);
  EXPECT_LT(CandidateProbability(0.3, m.bands, m.rows), 0.02);
  EXPECT_NEAR(CandidateProbability(0.5, m.bands, m.rows), 0.28, 0.01);
}

// Signatures of sets with a known overlap estimate their Jaccard index:
// each of 128 values agrees with probability J, so the estimate's standard
// deviation is sqrt(J(1 - J) / 128) <= 0.045.
class CopyMinHashScheme : public ::testing::TestWithParam<MinHashScheme> {
 protected:
  MinHashSettings MinHash() const {
    MinHashSettings m = Builtin().minhash;
    m.scheme = GetParam();
    return m;
  }
};

INSTANTIATE_TEST_SUITE_P(Schemes, CopyMinHashScheme,
                         ::testing::Values(MinHashScheme::kOnePermutation, MinHashScheme::kIndependent),
                         [](const auto& info) { return std::string(MinHashSchemeName(info.param)); });

TEST_P(CopyMinHashScheme, SignaturesEstimateJaccard) {
  const MinHasher hasher(MinHash());
  std::mt19937_64 rng(11);
  double total_error = 0;
  int trials = 0;
  for (double target : {0.2, 0.5, 0.8, 0.95}) {
    for (int t = 0; t < 10; ++t) {
      std::vector<uint64_t> common, a, b;
      const size_t n = 2000;
      const size_t shared = static_cast<size_t>(std::lround(2.0 * target * n / (1.0 + target)));
      for (size_t i = 0; i < shared; ++i) common.push_back(rng());
      a = common, b = common;
      for (size_t i = shared; i < n; ++i) a.push_back(rng()), b.push_back(rng());
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      const double exact = Jaccard(a, b);
      const double estimate = EstimateSimilarity(hasher.Signature(a), hasher.Signature(b));
      EXPECT_NEAR(estimate, exact, 5 * std::sqrt(exact * (1 - exact) / 128) + 0.01) << target;
      total_error += std::abs(estimate - exact);
      ++trials;
    }
  }
  EXPECT_LT(total_error / trials, 0.04);
}

TEST(CopyMinHash, IdenticalSetsShareEveryBandAndUnrelatedNone) {
  const Settings s = Builtin();
  const Sketcher sketcher(s.normalize, s.minhash);
  auto a = sketcher.Sketch("全市各级各部门要把防汛抗旱工作作为当前的重要任务，精心组织、周密部署。");
  auto b = sketcher.Sketch("全县各级各部门要把防汛抗旱工作作为当前的重要任务；精心组织，周密部署！");
  auto c = sketcher.Sketch("春季是植树造林的黄金季节，请各村在房前屋后栽植适宜树种，苗木统一调配。");
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->band_keys.size(), s.minhash.bands);
  EXPECT_EQ(a->band_keys, b->band_keys);  // level words and punctuation do not count
  EXPECT_EQ(a->content_hash, b->content_hash);
  EXPECT_EQ(a->shingles, b->shingles);
  for (size_t i = 0; i < a->band_keys.size(); ++i) EXPECT_NE(a->band_keys[i], c->band_keys[i]);
  EXPECT_FALSE(sketcher.Sketch("。，\n 全省").ok());
}

TEST_P(CopyMinHashScheme, SmallSetsFillEveryValue) {
  const MinHasher hasher(MinHash());
  const std::vector<uint64_t> a = {11, 22, 33}, b = {11, 22, 44};
  const auto sa = hasher.Signature(a), sb = hasher.Signature(b);
  for (uint32_t v : sa) EXPECT_NE(v, UINT32_MAX);  // densified: no empty bin
  EXPECT_EQ(hasher.Signature(a), sa);
  // Jaccard 0.5: about half the values agree.
  EXPECT_NEAR(EstimateSimilarity(sa, sb), 0.5, 0.25);
  EXPECT_EQ(hasher.Signature({}), std::vector<uint32_t>(MinHash().num_hashes, UINT32_MAX));
}

TEST_P(CopyMinHashScheme, SeedChangesTheSignature) {
  MinHashSettings m = MinHash();
  const auto shingles = Shingles(U"防汛抗旱工作作为当前的重要任务", 5);
  const auto sig = MinHasher(m).Signature(shingles);
  m.seed += 1;
  EXPECT_NE(MinHasher(m).Signature(shingles), sig);
}

// Every pair FindNearDuplicates returns is verified, and on the generated
// corpus it finds what comparing every pair finds.
TEST_P(CopyMinHashScheme, GeneratedCorpusPairsMatchBruteForce) {
  Settings s = Builtin();
  s.minhash = MinHash();
  const Sketcher sketcher(s.normalize, s.minhash);
  std::vector<DocumentSketch> docs;
  for (const auto& text : testing_util::GeneratedCorpus(120, 3)) docs.push_back(*sketcher.Sketch(text));
  DedupStats stats;
  const auto pairs = FindNearDuplicates(docs, s.minhash.threshold, &stats);
  const auto truth = testing_util::BruteForcePairs(docs, s.minhash.threshold);
  ASSERT_GT(truth.size(), 10u);
  size_t found = 0;
  for (const auto& p : pairs) {
    EXPECT_LT(p.a, p.b);
    EXPECT_DOUBLE_EQ(p.similarity, Jaccard(docs[p.a].shingles, docs[p.b].shingles));
    EXPECT_GE(p.similarity, s.minhash.threshold);
    found += std::find(truth.begin(), truth.end(), std::make_pair(p.a, p.b)) != truth.end();
  }
  EXPECT_EQ(found, pairs.size());  // precision 1.0
  EXPECT_GE(static_cast<double>(found), 0.98 * static_cast<double>(truth.size()));
  EXPECT_GE(stats.candidates, pairs.size());
  // The All-Pairs reference used on the laws corpus agrees with brute force.
  EXPECT_EQ(testing_util::ExactPairs(docs, s.minhash.threshold), truth);
}

TEST(CopyDedup, NothingSimilarGivesNoPairs) {
  const Settings s = Builtin();
  const Sketcher sketcher(s.normalize, s.minhash);
  std::vector<DocumentSketch> docs;
  for (const auto& text : {"关于做好春季植树造林工作的通知，请各村在房前屋后栽植适宜树种。",
                           "关于切实做好防汛抗旱工作的通知，要压紧压实防汛责任，排查风险隐患。",
                           "关于开展农村人居环境整治专项督查的通知，督查采取暗访方式进行。"})
    docs.push_back(*sketcher.Sketch(text));
  EXPECT_TRUE(FindNearDuplicates(docs, s.minhash.threshold).empty());
  EXPECT_TRUE(FindNearDuplicates({}, s.minhash.threshold).empty());
}

}  // namespace
}  // namespace jianfu::copy
