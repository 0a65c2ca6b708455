// include/jianfu/posts/synthetic.h
//
// A generated corpus of government new-media posts, for tests and the
// benchmark (`jianfu posts generate`, hidden; docs/posts.md, "Generated
// corpus"). Realistic in the ways that matter to the analysis:
//   - accounts ("江安县教育局" and the like) with power-law activity
//     (Pareto weights, shape 1.2), a share of them dead (they stop posting
//     during the period) and some opened late;
//   - post times over the period, by day and by hour of day;
//   - texts from a skewed vocabulary with the level words copying changes
//     (全市/全县…), short posts mostly, some long articles;
//   - a share of posts copying an earlier original post of another account
//     (preferring the most active accounts), lightly edited: its level words
//     and punctuation changed, sometimes a word replaced, a source line
//     added or a "转发" mark on the title;
//   - timestamps in three styles (local without zone, +08:00, UTC Z).
// Deterministic for a given SyntheticOptions. Not thread-safe to share a
// call's writer; otherwise pure.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "jianfu/core/date.h"
#include "jianfu/posts/records.h"

namespace jianfu::posts {

struct SyntheticOptions {
  uint64_t posts = 100000;
  // Accounts. Default: 0, meaning posts / 90 (at least 10).
  uint32_t accounts = 0;
  // Share of posts that copy an earlier post of another account. Default: 0.6.
  double copy_share = 0.6;
  // Share of accounts that stop posting during the period. Default: 0.15.
  double dead_share = 0.15;
  uint64_t seed = 1;
  Date start = Date::FromCivil(2024, 1, 1);
  int days = 366;
  InputFormat format = InputFormat::kJsonl;
  // Add the planted truth: "truth_origin", the account of the post copied
  // ("" for an original). A JSONL key or a CSV column, which the analysis
  // ignores. Default: false.
  bool truth = false;
};

struct SyntheticSummary {
  uint64_t posts = 0;
  uint64_t copies = 0;  // planted
  uint32_t accounts = 0;
  uint32_t dead_accounts = 0;
  uint64_t bytes = 0;
};

// Writes the corpus through `write` (consecutive pieces of it).
SyntheticSummary GenerateSynthetic(const SyntheticOptions& options,
                                   const std::function<void(std::string_view)>& write);

}  // namespace jianfu::posts
