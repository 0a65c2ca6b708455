// include/jianfu/codes/verify_cache.h
//
// VerifyCache: a bounded memo of codes::Verify for one public key. A code's
// claims are a pure function of the code and the key, so a code verified once
// need not have its Ed25519 signature checked again (about 110 µs on the
// benchmark machine, most of a verify request's CPU). Only codes that verify
// are kept; a code that fails is checked every time (docs/codes.md).
//
// At most `capacity` codes are held, in two generations: a hit in the older
// generation moves the code to the newer one, and when the newer one is full
// the older is dropped — least-recently-used, roughly, at O(1) per lookup.
// Capacity 0 turns the memo off. Thread-safe.
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "jianfu/codes/codes.h"

namespace jianfu::codes {

class VerifyCache {
 public:
  VerifyCache(PublicKey key, size_t capacity);

  // codes::Verify(token, key), remembered when it succeeds.
  Result<Claims> Verify(std::string_view token);

  const PublicKey& key() const { return key_; }
  size_t capacity() const { return capacity_; }
  size_t size() const;  // codes held now (both generations)

 private:
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  using Generation = std::unordered_map<std::string, Claims, Hash, std::equal_to<>>;

  const PublicKey key_;
  const size_t capacity_;
  mutable std::mutex mu_;
  Generation newer_, older_;  // each holds at most capacity_ / 2 (at least 1)
};

}  // namespace jianfu::codes
