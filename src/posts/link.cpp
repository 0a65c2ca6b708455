// Near-identical contents by LSH over one-byte signatures (link.h).
#include "link.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <thread>

#include "jianfu/copy/hash.h"

namespace jianfu::posts::internal {
namespace {

using copy::internal::Mix64;

// Sorts values whose top 32 bits are uniform hashes (equal for the members
// of one bucket): scattered by their top bits into at most 2^18 buckets,
// then each bucket sorted.
void SortByKey(std::vector<uint64_t>& v, std::vector<uint64_t>& scratch) {
  const size_t n = v.size();
  if (n < 256) {
    std::sort(v.begin(), v.end());
    return;
  }
  // 2^18 counters (1 MiB) stay in cache; buckets of ~n / 2^18 are then sorted.
  const int bits = std::min(18, static_cast<int>(std::bit_width(n)) - 1);
  const int shift = 64 - bits;
  std::vector<uint32_t> start((size_t{1} << bits) + 1, 0);
  for (uint64_t x : v) ++start[(x >> shift) + 1];
  for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
  scratch.resize(n);
  std::vector<uint32_t> fill(start.begin(), start.end() - 1);
  for (uint64_t x : v) scratch[fill[x >> shift]++] = x;
  for (size_t b = 0; b + 1 < start.size(); ++b) {
    const auto first = scratch.begin() + start[b], last = scratch.begin() + start[b + 1];
    if (last - first > 16) {
      std::sort(first, last);
      continue;
    }
    for (auto i = first + (first != last); i < last; ++i)
      for (auto j = i; j > first && *(j - 1) > *j; --j) std::iter_swap(j - 1, j);
  }
  v.swap(scratch);
}

size_t EqualBytes(const uint8_t* a, const uint8_t* b, size_t n) {
  size_t same = 0;
  for (size_t i = 0; i < n; ++i) same += a[i] == b[i];
  return same;
}

// The key of one band: its rows' bytes, mixed with the band number.
uint32_t BandKey(const uint8_t* signature, size_t band, size_t rows, uint64_t seed) {
  uint64_t h = Mix64(seed ^ (band + 1) * 0x9e3779b97f4a7c15ULL);
  uint64_t word = 0;
  for (size_t r = 0; r < rows; ++r) {
    word = word << 8 | signature[band * rows + r];
    if (r % 8 == 7 || r + 1 == rows) {
      h = Mix64(h ^ word) + 0x632be59bd9b4e019ULL;
      word = 0;
    }
  }
  return static_cast<uint32_t>(h >> 32);
}

}  // namespace

size_t MinEqualBytes(size_t signature_bytes, double threshold) {
  const double f = threshold * (1.0 - 1.0 / 256) + 1.0 / 256;
  return static_cast<size_t>(std::ceil(f * static_cast<double>(signature_bytes) - 1e-9));
}

std::vector<uint32_t> LinkContents(const ContentTable& table, std::span<const uint64_t> earliest,
                                   const copy::MinHashSettings& minhash, unsigned threads, uint64_t* checks) {
  const size_t n = table.size();
  const size_t sig_bytes = table.signature_bytes();
  const size_t min_equal = MinEqualBytes(sig_bytes, minhash.threshold);
  std::vector<uint32_t> ids;  // packed ids, in dense order
  ids.reserve(n);
  table.ForEach([&](uint32_t id) { ids.push_back(id); });
  // Contents ranked by their earliest post: a bucket sorted by (key, rank)
  // lists its members earliest first, and "earlier" is "smaller rank",
  // without looking anything up. (Contents whose earliest posts tie are
  // ranked in any order: they have the same origin.)
  std::vector<uint32_t> by_rank(n), rank(n);
  {
    std::vector<std::pair<uint64_t, uint32_t>> order(n);
    for (size_t d = 0; d < n; ++d) order[d] = {earliest[d], static_cast<uint32_t>(d)};
    std::sort(order.begin(), order.end());
    for (size_t r = 0; r < n; ++r) {
      by_rank[r] = order[r].second;
      rank[order[r].second] = static_cast<uint32_t>(r);
    }
  }
  auto signature = [&](uint32_t r) { return table.Signature(ids[by_rank[r]]); };

  threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(minhash.bands)));
  std::vector<std::vector<uint32_t>> best(threads);  // by rank: the rank of the earliest match
  std::vector<uint64_t> thread_checks(threads, 0);
  auto work = [&](unsigned t) {
    auto& mine = best[t];
    mine.resize(n);
    for (size_t r = 0; r < n; ++r) mine[r] = static_cast<uint32_t>(r);
    std::vector<uint64_t> entries(n), scratch;
    uint64_t count = 0;
    for (size_t band = t; band < minhash.bands; band += threads) {
      // Signatures are read in memory order; entries carry ranks.
      for (size_t d = 0; d < n; ++d)
        entries[d] =
            uint64_t{BandKey(table.Signature(ids[d]), band, minhash.rows, minhash.seed)} << 32 | rank[d];
      SortByKey(entries, scratch);
      for (size_t g = 0; g < n;) {
        size_t e = g + 1;
        while (e < n && (entries[e] >> 32) == (entries[g] >> 32)) ++e;
        for (size_t i = g + 1; i < e; ++i) {
          const auto ri = static_cast<uint32_t>(entries[i]);
          uint32_t& found = mine[ri];
          const uint8_t* sig = nullptr;
          const size_t limit = std::min(i, g + kMaxChecksPerBand);
          for (size_t j = g; j < limit; ++j) {
            // Once a member is no earlier than the best match found, none
            // after it can improve.
            const auto rj = static_cast<uint32_t>(entries[j]);
            if (rj >= found) break;
            if (!sig) sig = signature(ri);
            ++count;
            if (EqualBytes(sig, signature(rj), sig_bytes) >= min_equal) {
              found = rj;
              break;
            }
          }
        }
        g = e;
      }
    }
    thread_checks[t] = count;
  };
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& th : pool) th.join();
  for (unsigned t = 1; t < threads; ++t)
    for (size_t r = 0; r < n; ++r) best[0][r] = std::min(best[0][r], best[t][r]);
  if (checks) {
    *checks = 0;
    for (uint64_t c : thread_checks) *checks += c;
  }
  std::vector<uint32_t> out(n);
  for (size_t d = 0; d < n; ++d) out[d] = by_rank[best[0][rank[d]]];
  return out;
}

}  // namespace jianfu::posts::internal
