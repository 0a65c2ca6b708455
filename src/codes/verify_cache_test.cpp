#include "jianfu/codes/verify_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "jianfu/codes/json.h"

namespace jianfu::codes {
namespace {

Claims ClaimsFor(uint64_t id) {
  Claims c;
  c.demand_id = id;
  c.issuer = "433127-agri";
  c.kind = demand::Kind::kMeeting;
  c.valid_from = Date::FromCivil(2026, 1, 1);
  c.valid_until = Date::FromCivil(2026, 12, 31);
  c.scopes = {{"433127", units::LevelBit(units::Level::kTownship)}};
  c.targets_digest = TargetsDigest(c.scopes);
  return c;
}

class VerifyCacheTest : public ::testing::Test {
 protected:
  KeyPair office = GenerateKeyPair();
  KeyPair other = GenerateKeyPair();
};

TEST_F(VerifyCacheTest, AnswersAsVerifyDoesAndKeepsOnlyGenuineCodes) {
  VerifyCache cache(office.public_key, 8);
  const std::string genuine = Issue(ClaimsFor(1), office.secret);
  const std::string foreign = Issue(ClaimsFor(2), other.secret);
  std::string forged = genuine;
  forged[forged.size() / 2] = forged[forged.size() / 2] == 'A' ? 'B' : 'A';

  for (int round = 0; round < 2; ++round) {  // a miss, then a hit
    auto ok = cache.Verify(genuine);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_EQ((*ok)->claims, ClaimsFor(1));
    EXPECT_EQ((*ok)->claims_json, ClaimsToJson(ClaimsFor(1)).dump());
    for (const std::string& bad : {foreign, forged, std::string("JF"), std::string()}) {
      auto refused = cache.Verify(bad);
      auto direct = codes::Verify(bad, office.public_key);
      ASSERT_FALSE(refused) << bad;
      ASSERT_FALSE(direct);
      EXPECT_EQ(refused.error().message, direct.error().message);
      EXPECT_EQ(refused.error().field, direct.error().field);
    }
  }
  EXPECT_EQ(cache.size(), 1u);  // failures are never remembered
}

TEST_F(VerifyCacheTest, HoldsAtMostItsCapacityAndKeepsWhatIsUsed) {
  VerifyCache cache(office.public_key, 4);
  std::vector<std::string> tokens;
  for (uint64_t id = 1; id <= 20; ++id) tokens.push_back(Issue(ClaimsFor(id), office.secret));
  for (size_t i = 0; i < tokens.size(); ++i) {
    ASSERT_TRUE(cache.Verify(tokens[i]));
    ASSERT_TRUE(cache.Verify(tokens[0]));  // used all along: never dropped
    EXPECT_LE(cache.size(), 4u);
    auto again = cache.Verify(tokens[i]);
    ASSERT_TRUE(again);
    EXPECT_EQ((*again)->claims.demand_id, i + 1);
  }
  EXPECT_GE(cache.size(), 2u);
}

TEST_F(VerifyCacheTest, AConfirmationSticksToTheHeldCodeUntilItIsDropped) {
  VerifyCache cache(office.public_key, 4);
  const std::string a = Issue(ClaimsFor(1), office.secret);
  auto first = cache.Verify(a);
  ASSERT_TRUE(first);
  EXPECT_FALSE((*first)->confirmed);
  (*first)->confirmed = true;
  EXPECT_TRUE((*cache.Verify(a))->confirmed);
  // Pushed out by other codes, a code comes back unconfirmed.
  for (uint64_t id = 3; id <= 10; ++id) ASSERT_TRUE(cache.Verify(Issue(ClaimsFor(id), office.secret)));
  EXPECT_FALSE((*cache.Verify(a))->confirmed);
}

TEST_F(VerifyCacheTest, CapacityZeroRemembersNothing) {
  VerifyCache cache(office.public_key, 0);
  ASSERT_TRUE(cache.Verify(Issue(ClaimsFor(1), office.secret)));
  EXPECT_EQ(cache.size(), 0u);
}

TEST_F(VerifyCacheTest, ManyThreadsGetTheirOwnCodesClaims) {
  VerifyCache cache(office.public_key, 16);
  std::vector<std::string> tokens;
  for (uint64_t id = 1; id <= 40; ++id) tokens.push_back(Issue(ClaimsFor(id), office.secret));
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int n = 0; n < 400; ++n) {
        const size_t i = static_cast<size_t>((n * 7 + t) % 40);
        auto c = cache.Verify(tokens[i]);
        if (!c || (*c)->claims.demand_id != i + 1) ++wrong;
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_LE(cache.size(), 16u);
}

}  // namespace
}  // namespace jianfu::codes
