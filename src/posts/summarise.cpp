// Origins, per-account figures and the copy graph's sources (summarise.h).
#include "summarise.h"

#include <algorithm>
#include <chrono>
#include <numeric>

#include "jianfu/posts/rhythm.h"
#include "jianfu/posts/timestamp.h"
#include "link.h"

namespace jianfu::posts::internal {
namespace {

// Order keys of posts: (time, rank of the account name) packed in 64 bits,
// 34 for the time since kTimeBase and 30 for the rank.
constexpr int kRankBits = 30;
constexpr uint64_t kRankMask = (uint64_t{1} << kRankBits) - 1;
constexpr int64_t kTimeBase = -2209161600;  // 1899-12-30T00:00:00Z, before any accepted time

uint64_t OrderKey(int64_t time, uint32_t rank) {
  return static_cast<uint64_t>(time - kTimeBase) << kRankBits | rank;
}

}  // namespace

Status Summarise(const Collected& in, const ContentTable& table, const copy::MinHashSettings& minhash,
                 const AnalyzeOptions& options, unsigned threads, Analysis& out) {
  const size_t accounts = in.names.size();
  if (accounts > kRankMask) return MakeError(ErrorCode::kTooLarge, "账号超过 2^30 个");
  auto report = [&](Progress::Phase phase) {
    if (options.progress) options.progress(Progress{phase, 0, 0, in.rows.size()});
  };
  report(Progress::Phase::kMatching);
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();

  // Accounts ranked by name; reports come out in that order.
  std::vector<uint32_t> by_rank(accounts), rank(accounts);
  std::iota(by_rank.begin(), by_rank.end(), 0);
  std::sort(by_rank.begin(), by_rank.end(),
            [&](uint32_t a, uint32_t b) { return in.names[a] < in.names[b]; });
  for (uint32_t r = 0; r < accounts; ++r) rank[by_rank[r]] = r;

  // The earliest post of each content, then of its near-identical contents.
  std::vector<uint64_t> earliest(table.size(), UINT64_MAX);
  int64_t latest = INT64_MIN;
  for (const PostRow& p : in.rows) {
    latest = std::max(latest, p.time);
    if (p.content == kNoContent) continue;
    uint64_t& e = earliest[table.Dense(p.content)];
    e = std::min(e, OrderKey(p.time, rank[p.account]));
  }
  const std::vector<uint32_t> best = LinkContents(table, earliest, minhash, threads, &out.similarity_checks);
  const auto matched = Clock::now();
  out.matching_seconds = std::chrono::duration<double>(matched - start).count();
  report(Progress::Phase::kSummarising);

  if (options.as_of) {
    out.as_of = *options.as_of;
  } else if (!in.rows.empty()) {
    out.as_of = LocalDate(latest);
  }

  // Per post: its origin's rank; copies as (copier rank, origin rank).
  out.accounts.assign(accounts, AccountReport{});
  std::vector<uint64_t> edges;
  if (options.record_origins) {
    out.post_origins.reserve(in.rows.size());
    out.post_accounts.reserve(in.rows.size());
  }
  std::vector<uint32_t> count(accounts + 1, 0);
  for (const PostRow& p : in.rows) {
    const uint32_t own = rank[p.account];
    AccountReport& a = out.accounts[own];
    ++a.posts;
    ++count[own + 1];
    uint32_t origin = own;
    if (p.content == kNoContent) {
      ++a.without_text;
    } else {
      origin = static_cast<uint32_t>(earliest[best[table.Dense(p.content)]] & kRankMask);
    }
    if (origin != own) {
      ++a.copies;
      ++out.copies;
      edges.push_back(uint64_t{own} << 32 | origin);
    }
    if (options.record_origins) {
      out.post_origins.push_back(origin);
      out.post_accounts.push_back(own);
    }
  }

  // Sources of each account, and who copies whom.
  std::sort(edges.begin(), edges.end());
  std::vector<SourceCount> sources;
  for (size_t g = 0; g < edges.size();) {
    const uint32_t copier = static_cast<uint32_t>(edges[g] >> 32);
    sources.clear();
    size_t e = g;
    while (e < edges.size() && (edges[e] >> 32) == copier) {
      size_t f = e;
      while (f < edges.size() && edges[f] == edges[e]) ++f;
      const uint32_t origin = static_cast<uint32_t>(edges[e]);
      sources.push_back({in.names[by_rank[origin]], f - e});
      ++out.accounts[origin].copied_by_accounts;
      out.accounts[origin].copied_posts += f - e;
      e = f;
    }
    AccountReport& a = out.accounts[copier];
    a.source_accounts = static_cast<uint32_t>(sources.size());
    // Most copies first; equal counts by name (sources are in rank order).
    std::stable_sort(sources.begin(), sources.end(),
                     [](const SourceCount& x, const SourceCount& y) { return x.posts > y.posts; });
    if (sources.size() > options.top_origins) sources.resize(options.top_origins);
    a.copied_from = sources;
    g = e;
  }
  edges = {};

  // Times per account (a counting sort by rank), then last post and rhythm.
  for (size_t r = 1; r <= accounts; ++r) count[r] += count[r - 1];
  std::vector<int64_t> times(in.rows.size());
  {
    std::vector<uint32_t> fill(count.begin(), count.end() - 1);
    for (const PostRow& p : in.rows) times[fill[rank[p.account]]++] = p.time;
  }
  for (uint32_t r = 0; r < accounts; ++r) {
    AccountReport& a = out.accounts[r];
    a.account = in.names[by_rank[r]];
    const auto first = times.begin() + count[r], last = times.begin() + count[r + 1];
    std::sort(first, last);
    a.first_post = *first;
    a.last_post = *(last - 1);
    a.days_since_last_post = out.as_of ? *out.as_of - LocalDate(a.last_post) : 0;
    a.inactive = a.days_since_last_post > options.inactive_days;
    const Rhythm rhythm = ComputeRhythm(std::span<const int64_t>(&*first, static_cast<size_t>(last - first)));
    a.median_gap_days = rhythm.median_gap_days;
    a.p90_gap_days = rhythm.p90_gap_days;
    a.active_weeks = rhythm.active_weeks;
    a.posts_per_active_week = rhythm.posts_per_active_week;
  }

  // The largest sources: most copying accounts, then most copied posts.
  std::vector<uint32_t> order;
  for (uint32_t r = 0; r < accounts; ++r)
    if (out.accounts[r].copied_by_accounts > 0) order.push_back(r);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t x, uint32_t y) {
    const AccountReport &a = out.accounts[x], &b = out.accounts[y];
    if (a.copied_by_accounts != b.copied_by_accounts) return a.copied_by_accounts > b.copied_by_accounts;
    return a.copied_posts > b.copied_posts;
  });
  if (order.size() > options.top_sources) order.resize(options.top_sources);
  for (uint32_t r : order)
    out.top_sources.push_back(
        {out.accounts[r].account, out.accounts[r].copied_by_accounts, out.accounts[r].copied_posts});
  out.summarising_seconds = std::chrono::duration<double>(Clock::now() - matched).count();
  return Ok{};
}

}  // namespace jianfu::posts::internal
