// src/posts/content_table.h (internal)
//
// The distinct contents of the posts read so far: a 64-bit hash of the
// normalised text -> content id, and per content the hash and its MinHash
// signature of one byte per value. Sharded by the low bits of the hash,
// each shard behind its own mutex, so that the reading threads insert
// concurrently; a signature is computed outside the lock, only for a hash
// not yet seen.
//
// Ids are (index in shard) << kShardBits | shard; once reading is over,
// Finish numbers the contents densely (Dense). Thread-safe until Finish;
// read-only after.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <vector>

namespace jianfu::posts::internal {

inline constexpr uint32_t kNoContent = UINT32_MAX;

// A hash of code points (the normalised text): a multiply-rotate hash of
// 8-byte words, finalised with MurmurHash3's mixer. Collisions between two
// of n texts happen with probability about n^2 / 2^65.
uint64_t HashChars(std::u32string_view chars);

class ContentTable {
 public:
  static constexpr int kShardBits = 8;
  static constexpr uint32_t kShards = 1u << kShardBits;
  static constexpr uint32_t kMaxPerShard = (UINT32_MAX >> kShardBits);

  explicit ContentTable(size_t signature_bytes);

  // The id of the content with `hash`; when absent, inserts it with the
  // signature written by make_signature(uint8_t* out). kNoContent when a
  // shard is full (2^24 contents).
  template <typename MakeSignature>
  uint32_t FindOrInsert(uint64_t hash, MakeSignature&& make_signature) {
    Shard& s = *shards_[hash & (kShards - 1)];
    {
      std::lock_guard<std::mutex> lock(s.mu);
      if (const uint32_t local = s.Find(hash); local != kNoContent) return Id(hash, local);
    }
    thread_local std::vector<uint8_t> signature;
    signature.resize(signature_bytes_);
    make_signature(signature.data());
    std::lock_guard<std::mutex> lock(s.mu);
    if (const uint32_t local = s.Find(hash); local != kNoContent) return Id(hash, local);
    if (s.hashes.size() >= kMaxPerShard) return kNoContent;
    const uint32_t local = s.Insert(hash);
    s.signatures.insert(s.signatures.end(), signature.begin(), signature.end());
    return Id(hash, local);
  }

  // Numbers the contents 0..size()-1 (shard by shard). REQUIRES: no
  // concurrent FindOrInsert.
  void Finish();
  size_t size() const { return size_; }
  uint32_t Dense(uint32_t id) const { return prefix_[id & (kShards - 1)] + (id >> kShardBits); }
  const uint8_t* Signature(uint32_t id) const {
    return shards_[id & (kShards - 1)]->signatures.data() + size_t{id >> kShardBits} * signature_bytes_;
  }
  uint64_t Hash(uint32_t id) const { return shards_[id & (kShards - 1)]->hashes[id >> kShardBits]; }
  size_t signature_bytes() const { return signature_bytes_; }
  // Calls f(id) for every content, in dense order.
  template <typename F>
  void ForEach(F&& f) const {
    for (uint32_t s = 0; s < kShards; ++s)
      for (uint32_t local = 0; local < shards_[s]->hashes.size(); ++local) f(local << kShardBits | s);
  }
  // Bytes held (for the documentation's memory figures).
  size_t MemoryBytes() const;

 private:
  struct Shard {
    std::mutex mu;
    // Open addressing: slot_keys[i] is a hash when slot_values[i] > 0, the
    // content's index in the shard + 1.
    std::vector<uint64_t> slot_keys;
    std::vector<uint32_t> slot_values;
    std::vector<uint64_t> hashes;     // by index in the shard
    std::vector<uint8_t> signatures;  // by index in the shard, signature_bytes each
    uint32_t Find(uint64_t hash) const;
    uint32_t Insert(uint64_t hash);
  };
  static uint32_t Id(uint64_t hash, uint32_t local) {
    return local << kShardBits | static_cast<uint32_t>(hash & (kShards - 1));
  }

  size_t signature_bytes_;
  std::vector<std::unique_ptr<Shard>> shards_;
  std::vector<uint32_t> prefix_;
  size_t size_ = 0;
};

}  // namespace jianfu::posts::internal
