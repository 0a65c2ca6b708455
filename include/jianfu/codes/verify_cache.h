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

#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "jianfu/codes/codes.h"

namespace jianfu::codes {

// A code that verified: its claims, their compact JSON (ClaimsToJson, what
// a verify answer carries) and whether the caller has confirmed the code
// for good (the server: the registry holds the demand under this very code,
// which never changes, as stored filings are never altered).
struct Verified {
  Claims claims;
  std::string claims_json;
  std::atomic<bool> confirmed{false};
};

class VerifyCache {
 public:
  VerifyCache(PublicKey key, size_t capacity);

  // codes::Verify(token, key), remembered when it succeeds: a code held
  // returns the same Verified every time (so a confirmation sticks to it).
  Result<std::shared_ptr<Verified>> Verify(std::string_view token);

  const PublicKey& key() const { return key_; }
  size_t capacity() const { return capacity_; }
  size_t size() const;  // codes held now (both generations)

 private:
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  using Generation = std::unordered_map<std::string, std::shared_ptr<Verified>, Hash, std::equal_to<>>;
  // Under mu_: the held code, moved into the newer generation; or null.
  std::shared_ptr<Verified> Find(std::string_view token);
  void Insert(std::string token, std::shared_ptr<Verified> verified);

  const PublicKey key_;
  const size_t capacity_;
  mutable std::mutex mu_;
  Generation newer_, older_;  // each holds at most capacity_ / 2 (at least 1)
};

}  // namespace jianfu::codes
