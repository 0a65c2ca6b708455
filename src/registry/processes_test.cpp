// Several processes filing into one database (docs/registry.md,
// "PostgreSQL"): each registry reads what the others stored before it
// checks, so the history rules see every earlier demand, whichever process
// filed it. Two registries on two connections stand in for two processes;
// with JIANFU_TEST_PG they share a PostgreSQL schema, else a SQLite file.
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>

#include "test_fixture.h"

namespace jianfu::registry::testing {
namespace {

using nlohmann::json;

json Comprehensive() {
  return {{"type", "comprehensive"}, {"minutes", 60}, {"format", "video"}, {"convener_role", "principal"}};
}

TEST_F(RegistryTest, AnotherProcessesFilingsCountInTheHistory) {
  auto other = OpenAnother();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  // Two comprehensive meetings of one issuer in a year break MTG-01: the
  // first filed here, the second by the other process.
  auto first = File(Make("meeting", Comprehensive()));
  ASSERT_TRUE(first.accepted);
  EXPECT_TRUE(Rules(first).empty());
  auto second = (*other)->File(Make("meeting", Comprehensive()));
  ASSERT_TRUE(second.ok()) << second.error().ToString();
  EXPECT_EQ(second->filing.demand.id, 2);
  EXPECT_EQ(Rules(*second), std::vector<std::string>{"MTG-01"});
  auto third = File(Make("meeting", Comprehensive()));  // this one has not seen the second yet
  EXPECT_EQ(third.filing.demand.id, 3);
  EXPECT_TRUE(Has(third, "MTG-01"));
  // Refresh brings the other's filings into the ledger and Evaluate too.
  ASSERT_TRUE((*other)->Refresh().ok());
  auto ledger = (*other)->LedgerOf("433127101", 2026);
  ASSERT_TRUE(ledger.ok());
  uint32_t meetings = 0;
  for (const auto& m : ledger->months)
    for (uint32_t n : m.demands) meetings += n;
  EXPECT_EQ(meetings, 3u);
}

// RefreshIfNotified (what the server calls before a ledger) reads the other
// process's filings once the store has heard of them: at once on SQLite,
// within milliseconds on PostgreSQL (NOTIFY).
TEST_F(RegistryTest, RefreshIfNotifiedReadsWhatTheStoreHeardOf) {
  auto other = OpenAnother();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  ASSERT_TRUE(registry_->RefreshIfNotified().ok());
  ASSERT_TRUE((*other)->File(Make("meeting", Comprehensive())).ok());
  auto meetings = [&] {
    auto ledger = registry_->LedgerOf("433127101", 2026);
    EXPECT_TRUE(ledger.ok());
    uint32_t n = 0;
    for (const auto& m : ledger->months)
      for (uint32_t k : m.demands) n += k;
    return n;
  };
  uint32_t seen = 0;
  for (int i = 0; i < 200 && seen == 0; ++i) {
    if (i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(registry_->RefreshIfNotified().ok());
    seen = meetings();
  }
  EXPECT_EQ(seen, 1u);
  ASSERT_TRUE(registry_->RefreshIfNotified().ok());  // nothing new: nothing read twice
  EXPECT_EQ(meetings(), 1u);
}

// Two processes filing at once: whoever loses the race to store reads the
// winner's filing and checks again, so exactly one of all these meetings is
// the year's first, and every other one names MTG-01.
TEST_F(RegistryTest, ProcessesFilingAtOnceEachSeeTheOthers) {
  auto other = OpenAnother();
  ASSERT_TRUE(other.ok()) << other.error().ToString();
  constexpr int kEach = 25;
  std::atomic<int> without{0}, failed{0};
  std::mutex errors_mu;
  std::string errors;
  auto run = [&](Registry* r) {
    for (int i = 0; i < kEach; ++i) {
      auto res = r->File(Make("meeting", Comprehensive()));
      if (!res.ok() || !res->accepted) {
        ++failed;
        std::lock_guard lock(errors_mu);
        errors += (res.ok() ? std::string("refused") : res.error().ToString()) + "\n";
        continue;
      }
      if (std::none_of(res->filing.findings.begin(), res->filing.findings.end(),
                       [](const Finding& f) { return f.rule == "MTG-01"; }))
        ++without;
    }
  };
  {
    std::jthread a(run, registry_.get()), b(run, other->get());
  }
  EXPECT_EQ(failed, 0) << errors;
  EXPECT_EQ(without, 1);
  auto all = registry_->store().ListFilings({}, {0, 1000});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u * kEach);
  for (size_t i = 0; i < all->size(); ++i) EXPECT_EQ((*all)[i].demand.id, static_cast<int64_t>(i + 1));
}

}  // namespace
}  // namespace jianfu::registry::testing
