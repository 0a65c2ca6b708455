// MinHash signatures and LSH band keys (include/jianfu/copy/minhash.h).
#include "jianfu/copy/minhash.h"

#include <immintrin.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include "jianfu/copy/hash.h"

namespace jianfu::copy {

namespace {

// Sorts hashes (uniform 64-bit values) and removes duplicates: one pass
// scattering them into about n/2 buckets by their top bits, then an
// insertion sort of each bucket (a few values; equal ones do not move).
void SortUnique(std::vector<uint64_t>& v) {
  const size_t n = v.size();
  if (n < 64) {
    std::sort(v.begin(), v.end());
  } else {
    const int bits = std::bit_width(n) - 1;  // 2^bits <= n: 1 to 2 per bucket
    const int shift = 64 - bits;
    std::vector<uint32_t> start((size_t{1} << bits) + 1, 0);
    for (uint64_t x : v) ++start[(x >> shift) + 1];
    for (size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    std::vector<uint64_t> out(n);
    std::vector<uint32_t> fill(start.begin(), start.end() - 1);
    for (uint64_t x : v) out[fill[x >> shift]++] = x;
    for (size_t b = 0; b + 1 < start.size(); ++b) {
      const auto first = out.begin() + start[b], last = out.begin() + start[b + 1];
      if (last - first > 32) {
        std::sort(first, last);
        continue;
      }
      for (auto i = first + (first != last); i < last; ++i)
        for (auto j = i; j > first && *(j - 1) > *j; --j) std::iter_swap(j - 1, j);
    }
    v.swap(out);
  }
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::vector<uint64_t> Shingles(std::u32string_view chars, size_t n) {
  std::vector<uint64_t> out = ShingleHashes(chars, n);
  SortUnique(out);
  return out;
}

std::vector<uint64_t> ShingleHashes(std::u32string_view chars, size_t n) {
  std::vector<uint64_t> out;
  if (chars.empty()) return out;
  n = std::max<size_t>(n, 1);
  if (chars.size() < n) {
    out.push_back(internal::HashChars(chars.data(), chars.size()));
    return out;
  }
  out.reserve(chars.size() - n + 1);
  // HashChars of every window, rolled: the polynomial of window i + 1 from
  // that of window i (all arithmetic modulo 2^64).
  uint64_t top = 1;  // kPolyBase^(n - 1)
  for (size_t k = 1; k < n; ++k) top *= internal::kPolyBase;
  uint64_t h = 0;
  for (size_t k = 0; k < n; ++k) h = h * internal::kPolyBase + static_cast<uint64_t>(chars[k]) + 1;
  out.push_back(internal::Mix64(h));
  for (size_t i = n; i < chars.size(); ++i) {
    h = (h - (static_cast<uint64_t>(chars[i - n]) + 1) * top) * internal::kPolyBase +
        static_cast<uint64_t>(chars[i]) + 1;
    out.push_back(internal::Mix64(h));
  }
  return out;
}

double Jaccard(std::span<const uint64_t> a, std::span<const uint64_t> b) {
  if (a.empty() && b.empty()) return 0.0;
  size_t i = 0, j = 0, common = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

double CandidateProbability(double s, size_t bands, size_t rows) {
  return 1.0 - std::pow(1.0 - std::pow(s, static_cast<double>(rows)), static_cast<double>(bands));
}

MinHasher::MinHasher(const MinHashSettings& settings)
    : settings_(settings), permutation_(internal::SplitMix64(settings.seed, UINT32_MAX)) {
  for (size_t i = 0; i < settings.num_hashes; ++i) {
    const uint64_t a = internal::SplitMix64(settings.seed, 2 * i) | 1;
    const uint64_t b = internal::SplitMix64(settings.seed, 2 * i + 1);
    a_lo_.push_back(static_cast<uint32_t>(a));
    a_hi_.push_back(static_cast<uint32_t>(a >> 32));
    b_lo_.push_back(static_cast<uint32_t>(b));
    b_hi_.push_back(static_cast<uint32_t>(b >> 32));
  }
}

namespace {

// The independent scheme's loop, the hot spot of a like-for-like comparison
// with other MinHash tools: for every shingle x and hash i,
//   h_i(x) = high32((a_i * x32 + b_i) mod 2^64)
//          = high32(a_lo_i * x32 + b_lo_i) + a_hi_i * x32 + b_hi_i  (mod 2^32).
void MinOverIndependentHashes(std::span<const uint64_t> shingles, const uint32_t* a_lo, const uint32_t* a_hi,
                              const uint32_t* b_lo, const uint32_t* b_hi, size_t from, size_t k,
                              uint32_t* s) {
  for (const uint64_t x : shingles) {
    const uint32_t x32 = static_cast<uint32_t>(x ^ (x >> 32));
    for (size_t i = from; i < k; ++i) {
      const uint64_t low = uint64_t{a_lo[i]} * x32 + b_lo[i];
      const uint32_t v = static_cast<uint32_t>(low >> 32) + a_hi[i] * x32 + b_hi[i];
      s[i] = v < s[i] ? v : s[i];
    }
  }
}

// The same with AVX2, eight hashes at a time, their minima kept in a
// register across all the shingles. Returns how many hashes it did (a
// multiple of eight); the caller does the rest.
__attribute__((target("avx2"))) size_t MinOverIndependentHashesAvx2(
    std::span<const uint64_t> shingles, const uint32_t* a_lo, const uint32_t* a_hi, const uint32_t* b_lo,
    const uint32_t* b_hi, size_t k, uint32_t* s) {
  const __m256i low_halves = _mm256_set1_epi64x(0xffffffff);
  size_t i = 0;
  for (; i + 8 <= k; i += 8) {
    const __m256i alo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a_lo + i));
    const __m256i ahi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(a_hi + i));
    const __m256i blo = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b_lo + i));
    const __m256i bhi = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(b_hi + i));
    // _mm256_mul_epu32 multiplies the even 32-bit lanes: the odd ones are
    // shifted down to be multiplied too.
    const __m256i alo_odd = _mm256_srli_epi64(alo, 32);
    const __m256i blo_even = _mm256_and_si256(blo, low_halves), blo_odd = _mm256_srli_epi64(blo, 32);
    __m256i m = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(s + i));
    for (const uint64_t x : shingles) {
      const __m256i xv = _mm256_set1_epi32(static_cast<int>(static_cast<uint32_t>(x ^ (x >> 32))));
      const __m256i even = _mm256_add_epi64(_mm256_mul_epu32(alo, xv), blo_even);
      const __m256i odd = _mm256_add_epi64(_mm256_mul_epu32(alo_odd, xv), blo_odd);
      // The high halves of the 64-bit sums, back in their 32-bit lanes.
      const __m256i high = _mm256_blend_epi32(_mm256_srli_epi64(even, 32), odd, 0b10101010);
      const __m256i v = _mm256_add_epi32(_mm256_add_epi32(high, _mm256_mullo_epi32(ahi, xv)), bhi);
      m = _mm256_min_epu32(m, v);
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(s + i), m);
  }
  return i;
}

}  // namespace

std::vector<uint32_t> MinHasher::Signature(std::span<const uint64_t> shingles) const {
  const size_t k = settings_.num_hashes;
  std::vector<uint32_t> sig(k, UINT32_MAX);
  uint32_t* s = sig.data();
  if (settings_.scheme == MinHashScheme::kIndependent) {
    static const bool avx2 = __builtin_cpu_supports("avx2");
    const size_t done = avx2 ? MinOverIndependentHashesAvx2(shingles, a_lo_.data(), a_hi_.data(),
                                                            b_lo_.data(), b_hi_.data(), k, s)
                             : 0;
    MinOverIndependentHashes(shingles, a_lo_.data(), a_hi_.data(), b_lo_.data(), b_hi_.data(), done, k, s);
    return sig;
  }
  // One permutation: the high 32 bits of the shingle's hash choose its bin,
  // the low 32 bits are its value.
  std::vector<bool> filled(k, false);
  for (const uint64_t x : shingles) {
    const uint64_t h = internal::Mix64(x ^ permutation_);
    const size_t bin = static_cast<size_t>(((h >> 32) * k) >> 32);
    const uint32_t v = static_cast<uint32_t>(h);
    s[bin] = v < s[bin] ? v : s[bin];
    filled[bin] = true;
  }
  if (shingles.empty()) return sig;
  // Optimal densification: an empty bin i takes the value of the first
  // filled bin in its own pseudo-random probe sequence (the same sequence in
  // every document), so that two documents' bins still agree with
  // probability equal to their Jaccard index.
  for (size_t i = 0; i < k; ++i) {
    if (filled[i]) continue;
    for (uint64_t attempt = 0;; ++attempt) {
      const uint64_t r = internal::SplitMix64(permutation_ ^ (uint64_t{i} << 32), attempt);
      const size_t j = static_cast<size_t>(((r >> 32) * k) >> 32);
      if (filled[j]) {
        s[i] = s[j];
        break;
      }
    }
  }
  return sig;
}

std::vector<uint64_t> MinHasher::BandKeys(std::span<const uint32_t> signature) const {
  std::vector<uint64_t> keys(settings_.bands);
  for (size_t band = 0; band < settings_.bands; ++band) {
    uint64_t h = internal::Mix64(settings_.seed ^ (band + 1));
    for (size_t r = 0; r < settings_.rows; ++r)
      h = internal::Mix64(h * internal::kPolyBase + signature[band * settings_.rows + r]);
    keys[band] = h;
  }
  return keys;
}

double EstimateSimilarity(std::span<const uint32_t> a, std::span<const uint32_t> b) {
  const size_t n = std::min(a.size(), b.size());
  if (n == 0) return 0.0;
  size_t same = 0;
  for (size_t i = 0; i < n; ++i) same += a[i] == b[i];
  return static_cast<double>(same) / static_cast<double>(n);
}

Sketcher::Sketcher(const NormalizeSettings& normalize, const MinHashSettings& minhash)
    : normalizer_(normalize), hasher_(minhash) {}

Result<DocumentSketch> Sketcher::Sketch(std::string_view text) const {
  const NormalizedText norm = normalizer_.Normalize(text);
  if (norm.empty()) return MakeError(ErrorCode::kEmpty, "规范化后没有可比较的文字（只有标点、空白或层级词）");
  DocumentSketch out;
  out.chars = norm.size();
  out.content_hash = internal::Checksum(reinterpret_cast<const unsigned char*>(norm.chars.data()),
                                        norm.chars.size() * sizeof(char32_t));
  out.shingles = Shingles(norm.chars, hasher_.settings().shingle_chars);
  out.band_keys = hasher_.BandKeys(hasher_.Signature(out.shingles));
  return out;
}

}  // namespace jianfu::copy
