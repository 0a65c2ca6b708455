#include "wire.h"

#include <algorithm>
#include <cstring>

namespace jianfu::codes::internal {

namespace {

constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

// Value of a base32 character, or -1.
int Base32Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= '2' && c <= '7') return c - '2' + 26;
  return -1;
}

constexpr size_t kMaxDigits = 19;  // 10^19 - 1 still fits in uint64_t

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

uint64_t Pow10(size_t n) {
  uint64_t p = 1;
  for (size_t i = 0; i < n; ++i) p *= 10;
  return p;
}

}  // namespace

void Append(std::vector<uint8_t>& v, std::span<const uint8_t> b) {
  if (b.empty()) return;
  const size_t n = v.size();
  v.resize(n + b.size());
  std::memcpy(v.data() + n, b.data(), b.size());
}

std::string Base32Encode(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve((bytes.size() * 8 + 4) / 5);
  uint32_t acc = 0;
  int bits = 0;
  for (uint8_t b : bytes) {
    acc = (acc << 8) | b;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out.push_back(kAlphabet[(acc >> bits) & 31]);
    }
    acc &= (1u << bits) - 1;
  }
  if (bits > 0) out.push_back(kAlphabet[(acc << (5 - bits)) & 31]);
  return out;
}

size_t FindNonBase32(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (Base32Value(text[i]) < 0) return i;
  }
  return std::string_view::npos;
}

std::optional<std::vector<uint8_t>> Base32Decode(std::string_view text) {
  std::vector<uint8_t> out;
  out.reserve(text.size() * 5 / 8);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int v = Base32Value(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 5) | static_cast<uint32_t>(v);
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
      acc &= (1u << bits) - 1;
    }
  }
  // A whole character that carried no byte means an impossible length (1, 3
  // or 6 characters past a multiple of 8); leftover bits must be zero.
  if (bits >= 5 || acc != 0) return std::nullopt;
  return out;
}

void Writer::Varint(uint64_t v) {
  while (v >= 0x80) {
    out_.push_back(static_cast<uint8_t>(v | 0x80));
    v >>= 7;
  }
  out_.push_back(static_cast<uint8_t>(v));
}

void Writer::Unit(std::string_view unit) {
  if (AllDigits(unit) && unit.size() <= kMaxDigits) {
    Varint((uint64_t{unit.size()} << 1) | 1);
    uint64_t value = 0;
    for (char c : unit) value = value * 10 + static_cast<uint64_t>(c - '0');
    Varint(value);
    return;
  }
  Varint(uint64_t{unit.size()} << 1);
  Bytes({reinterpret_cast<const uint8_t*>(unit.data()), unit.size()});
}

uint8_t Reader::Byte() {
  if (!ok_ || pos_ >= in_.size()) {
    ok_ = false;
    return 0;
  }
  return in_[pos_++];
}

uint64_t Reader::Varint() {
  uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    const uint8_t b = Byte();
    if (!ok_) return 0;
    const uint64_t part = b & 0x7f;
    // The tenth byte may only carry the top bit of a 64-bit value.
    if (shift == 63 && part > 1) break;
    v |= part << shift;
    if (!(b & 0x80)) {
      if (b == 0 && shift > 0) break;  // non-minimal: a trailing zero group
      return v;
    }
  }
  ok_ = false;
  return 0;
}

std::string Reader::Unit() {
  const uint64_t header = Varint();
  const uint64_t length = header >> 1;
  if (!ok_) return {};
  if (header & 1) {
    const uint64_t value = Varint();
    if (!ok_ || length == 0 || length > kMaxDigits || value >= Pow10(length)) {
      ok_ = false;
      return {};
    }
    std::string digits(length, '0');
    uint64_t rest = value;
    for (size_t i = length; i-- > 0; rest /= 10) digits[i] = static_cast<char>('0' + rest % 10);
    return digits;
  }
  if (length > remaining()) {
    ok_ = false;
    return {};
  }
  std::string s(reinterpret_cast<const char*>(in_.data() + pos_), length);
  pos_ += length;
  // A digit string that fits the numeric form must use it: one encoding per unit.
  if (AllDigits(s) && s.size() <= kMaxDigits) {
    ok_ = false;
    return {};
  }
  return s;
}

bool Reader::Bytes(std::span<uint8_t> out) {
  if (out.size() > remaining()) {
    ok_ = false;
    return false;
  }
  std::copy_n(in_.begin() + static_cast<std::ptrdiff_t>(pos_), out.size(), out.begin());
  pos_ += out.size();
  return true;
}

}  // namespace jianfu::codes::internal
