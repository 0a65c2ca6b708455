// src/posts/link.h (internal)
//
// Phase two of the analysis: for each distinct content, the earliest
// content near-identical to it (docs/posts.md, "Copies and origins").
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "content_table.h"
#include "jianfu/copy/settings.h"

namespace jianfu::posts::internal {

// At most this many members of an LSH bucket are verified for one content
// (earliest first), per band.
inline constexpr size_t kMaxChecksPerBand = 64;

// Whether two one-byte-per-value signatures estimate a similarity of at
// least `threshold`: with f the share of equal bytes, the estimate is
// (f - 1/256) / (1 - 1/256) (b-bit MinHash, Li and König 2010).
size_t MinEqualBytes(size_t signature_bytes, double threshold);

// `earliest[d]`: an order key of the earliest post of dense content d (the
// lower the earlier). Returns, per dense content d, the dense content c
// with the smallest earliest[c] among d and the contents an LSH band pairs
// with d and whose signatures verify; `checks` counts the verifications.
// Bands are shared among `threads` threads; the result does not depend on
// their number.
std::vector<uint32_t> LinkContents(const ContentTable& table, std::span<const uint64_t> earliest,
                                   const copy::MinHashSettings& minhash, unsigned threads, uint64_t* checks);

}  // namespace jianfu::posts::internal
