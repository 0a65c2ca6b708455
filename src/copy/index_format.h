// src/copy/index_format.h (internal)
//
// The layout of an index file, version 1 (docs/copy.md): a 128-byte header,
// the document records, the postings of each band, the path strings. All
// integers little-endian; read and written through memcpy, so the mapping
// needs no alignment.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace jianfu::copy::internal {

static_assert(std::endian::native == std::endian::little, "the index format is little-endian");

inline constexpr char kMagic[8] = {'J', 'F', 'C', 'O', 'P', 'Y', 'I', 'X'};
inline constexpr size_t kHeaderBytes = 128;
// Header fields (byte offsets).
inline constexpr size_t kOffVersion = 8;           // u32
inline constexpr size_t kOffHeaderBytes = 12;      // u32, = kHeaderBytes
inline constexpr size_t kOffShingleChars = 16;     // u32
inline constexpr size_t kOffNumHashes = 20;        // u32
inline constexpr size_t kOffBands = 24;            // u32
inline constexpr size_t kOffRows = 28;             // u32
inline constexpr size_t kOffSeed = 32;             // u64
inline constexpr size_t kOffThreshold = 40;        // f64
inline constexpr size_t kOffNormalize = 48;        // u64, Normalizer::Fingerprint
inline constexpr size_t kOffDocCount = 56;         // u64
inline constexpr size_t kOffStringsBytes = 64;     // u64
inline constexpr size_t kOffBodyChecksum = 72;     // u64, of bytes [128, end)
inline constexpr size_t kOffScheme = 80;           // u32, 0 one permutation, 1 independent
inline constexpr size_t kOffHeaderChecksum = 120;  // u64, of bytes [0, 120)
// A document record: u64 content hash, u32 path offset, u32 path bytes,
// u32 shingles, u32 zero.
inline constexpr size_t kDocBytes = 24;
// A posting: u32 band key (StoredKey), u32 document id; each band's postings
// are sorted by (key, id).
inline constexpr size_t kPostingBytes = 8;

inline constexpr uint64_t BodyOffset() {
  return kHeaderBytes;
}
inline constexpr uint64_t DocOffset(uint64_t id) {
  return kHeaderBytes + id * kDocBytes;
}
inline constexpr uint64_t PostingsOffset(uint64_t docs) {
  return kHeaderBytes + docs * kDocBytes;
}
inline constexpr uint64_t StringsOffset(uint64_t docs, uint64_t bands) {
  return PostingsOffset(docs) + docs * bands * kPostingBytes;
}

// The 32 bits of a band key that are stored.
inline uint32_t StoredKey(uint64_t key) {
  return static_cast<uint32_t>(key >> 32);
}

inline uint32_t Load32(const unsigned char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
inline uint64_t Load64(const unsigned char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
// A posting as one number ordered like (key, id).
inline uint64_t Load64Posting(const unsigned char* p) {
  return uint64_t{Load32(p)} << 32 | Load32(p + 4);
}
inline void Store32(unsigned char* p, uint32_t v) {
  std::memcpy(p, &v, 4);
}
inline void Store64(unsigned char* p, uint64_t v) {
  std::memcpy(p, &v, 8);
}

}  // namespace jianfu::copy::internal
