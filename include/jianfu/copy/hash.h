// The hash functions of copy detection, also used by jianfu::posts. They
// define the on-disk index format (docs/copy.md): changing any of them
// requires a new index version.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace jianfu::copy::internal {

// The finaliser of MurmurHash3 (64-bit): a bijection that mixes every input
// bit into every output bit.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// SplitMix64: the i-th output of the generator seeded with `seed`.
inline uint64_t SplitMix64(uint64_t seed, uint64_t i) {
  uint64_t z = seed + (i + 1) * 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// A hash of a sequence of code points (k-grams, shingles): a polynomial in
// an odd base modulo 2^64, then mixed. HashChars(s, n) of the same n code
// points is the same wherever they occur.
inline constexpr uint64_t kPolyBase = 0x100000001b3ULL * 0x9e3779b97f4a7c15ULL | 1;

inline uint64_t HashChars(const char32_t* s, size_t n) {
  uint64_t h = 0;
  for (size_t i = 0; i < n; ++i) h = h * kPolyBase + static_cast<uint64_t>(s[i]) + 1;
  return Mix64(h);
}

// A checksum of bytes, 8 at a time (little-endian words), for detecting
// damaged files; not cryptographic. The total length is part of the
// starting state, so it is given up front; Update may be called with pieces
// of any size.
class Checksummer {
 public:
  explicit Checksummer(uint64_t total_bytes, uint64_t seed = 0)
      : h_(seed ^ (total_bytes * 0x9e3779b97f4a7c15ULL)) {}

  void Update(const unsigned char* p, size_t n) {
    if (fill_ > 0) {
      const size_t take = n < 8 - fill_ ? n : 8 - fill_;
      std::memcpy(carry_ + fill_, p, take);
      fill_ += take, p += take, n -= take;
      if (fill_ < 8) return;
      Word(carry_);
      fill_ = 0;
    }
    for (; n >= 8; p += 8, n -= 8) Word(p);
    std::memcpy(carry_, p, n);
    fill_ = n;
  }

  uint64_t Final() {
    uint64_t tail = 0;
    for (size_t k = 0; k < fill_; ++k) tail |= static_cast<uint64_t>(carry_[k]) << (8 * k);
    Mix(tail);
    return Mix64(h_);
  }

 private:
  void Word(const unsigned char* p) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    Mix(w);
  }
  void Mix(uint64_t w) { h_ = std::rotl(h_ ^ (w * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL; }

  uint64_t h_;
  unsigned char carry_[8] = {};
  size_t fill_ = 0;
};

inline uint64_t Checksum(const unsigned char* p, size_t n, uint64_t seed = 0) {
  Checksummer c(n, seed);
  c.Update(p, n);
  return c.Final();
}

inline uint64_t Checksum(std::string_view s, uint64_t seed = 0) {
  return Checksum(reinterpret_cast<const unsigned char*>(s.data()), s.size(), seed);
}

}  // namespace jianfu::copy::internal
