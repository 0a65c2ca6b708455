// A small deterministic random generator for the demo (xoshiro256**, seeded
// by splitmix64). The standard library's distributions are
// implementation-defined, so the demo draws everything through this class:
// the same seed gives the same year on every platform. Not thread-safe; one
// per thread or per demand.
#pragma once

#include <cmath>
#include <cstdint>
#include <vector>

namespace jianfu::demo {

// splitmix64: mixes one value into a well-spread 64-bit hash.
inline uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}
inline uint64_t Mix(uint64_t a, uint64_t b) {
  return Mix(a ^ Mix(b));
}

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (auto& s : s_) s = seed = Mix(seed);
  }

  uint64_t Next() {
    const uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  // [0, n); n > 0. Multiply-shift: no modulo bias worth the name for n < 2^32.
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
  // [lo, hi], lo <= hi.
  int Between(int lo, int hi) { return lo + static_cast<int>(Below(static_cast<uint32_t>(hi - lo + 1))); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)
  bool Chance(double p) { return Unit() < p; }

  // A Poisson draw: Knuth's product of uniforms for small means, a rounded
  // normal (Box-Muller) above 30.
  uint32_t Poisson(double mean) {
    if (mean <= 0) return 0;
    if (mean < 30) {
      const double limit = std::exp(-mean);
      uint32_t k = 0;
      for (double p = Unit(); p > limit; p *= Unit()) ++k;
      return k;
    }
    const double z = std::sqrt(-2 * std::log(1 - Unit())) * std::cos(6.283185307179586 * Unit());
    const double x = std::round(mean + std::sqrt(mean) * z);
    return x < 0 ? 0 : static_cast<uint32_t>(x);
  }

  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(static_cast<uint32_t>(v.size()))];
  }
  template <typename T, size_t N>
  const T& Pick(const T (&a)[N]) {
    return a[Below(N)];
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  uint64_t s_[4];
};

}  // namespace jianfu::demo
