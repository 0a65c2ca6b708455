// src/codes/wire.h: the byte-level pieces of the token format (docs/codes.md):
// strict RFC 4648 base32, LEB128 varints, zigzag integers and the unit
// encoding. Not a public header.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace jianfu::codes::internal {

// Calls sodium_init() once per process (thread-safe); false if it failed,
// in which case key generation must not proceed.
bool EnsureSodium();

// RFC 4648 base32 alphabet A-Z 2-7, uppercase, without '=' padding.
std::string Base32Encode(std::span<const uint8_t> bytes);

// Index of the first character outside the alphabet, or npos.
size_t FindNonBase32(std::string_view text);

// Strict inverse of Base32Encode: nullopt unless `text` is exactly what
// Base32Encode produces for some bytes (alphabet only, a possible length,
// unused trailing bits zero). So every byte string has one encoding.
std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text);

inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

// Appends `b` to `v`. (Plain memcpy: g++ 12 reports false -Warray-bounds
// and -Wstringop-overflow for vector::insert of byte ranges at -O3.)
void Append(std::vector<uint8_t>& v, std::span<const uint8_t> b);

// Appends to a byte buffer.
class Writer {
 public:
  void Byte(uint8_t b) { out_.push_back(b); }
  void Bytes(std::span<const uint8_t> b) { Append(out_, b); }
  // Unsigned LEB128, minimal length.
  void Varint(uint64_t v);
  // A unit id: varint header (length << 1 | all_digits), then for an
  // all-digit id of 1-19 digits the varint of its value (the length keeps
  // leading zeros), otherwise the raw bytes.
  void Unit(std::string_view unit);
  const std::vector<uint8_t>& bytes() const { return out_; }

 private:
  std::vector<uint8_t> out_;
};

// Reads what Writer wrote. The first failure (past the end, non-minimal or
// overlong varint, malformed unit) makes ok() false for good; later reads
// return zero values.
class Reader {
 public:
  explicit Reader(std::span<const uint8_t> in) : in_(in) {}
  uint8_t Byte();
  uint64_t Varint();
  std::string Unit();
  // Copies n bytes into out; false (and !ok()) when fewer remain.
  bool Bytes(std::span<uint8_t> out);
  size_t remaining() const { return ok_ ? in_.size() - pos_ : 0; }
  bool ok() const { return ok_; }
  bool AtEnd() const { return ok_ && pos_ == in_.size(); }
  void Fail() { ok_ = false; }

 private:
  std::span<const uint8_t> in_;
  size_t pos_ = 0;
  bool ok_ = true;
};

}  // namespace jianfu::codes::internal
