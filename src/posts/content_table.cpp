// The table of distinct contents (content_table.h).
#include "content_table.h"

#include <bit>

#include "jianfu/copy/hash.h"

namespace jianfu::posts::internal {

using copy::internal::Mix64;

uint64_t HashChars(std::u32string_view chars) {
  const auto* p = reinterpret_cast<const unsigned char*>(chars.data());
  size_t n = chars.size() * sizeof(char32_t);
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ (n * 0xc2b2ae3d27d4eb4fULL);
  for (; n >= 8; p += 8, n -= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = std::rotl(h ^ (w * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL;
  }
  if (n > 0) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = std::rotl(h ^ (w * 0x87c37b91114253d5ULL), 31) * 0x4cf5ad432745937fULL;
  }
  return Mix64(h);
}

ContentTable::ContentTable(size_t signature_bytes) : signature_bytes_(signature_bytes) {
  shards_.reserve(kShards);
  for (uint32_t s = 0; s < kShards; ++s) shards_.push_back(std::make_unique<Shard>());
}

uint32_t ContentTable::Shard::Find(uint64_t hash) const {
  if (slot_values.empty()) return kNoContent;
  const size_t mask = slot_values.size() - 1;
  for (size_t i = (hash >> kShardBits) & mask;; i = (i + 1) & mask) {
    if (slot_values[i] == 0) return kNoContent;
    if (slot_keys[i] == hash) return slot_values[i] - 1;
  }
}

uint32_t ContentTable::Shard::Insert(uint64_t hash) {
  // Keep the load at most one half.
  if (2 * (hashes.size() + 1) > slot_values.size()) {
    const size_t capacity = std::max<size_t>(64, 2 * slot_values.size());
    std::vector<uint64_t> keys(capacity);
    std::vector<uint32_t> values(capacity, 0);
    for (size_t k = 0; k < hashes.size(); ++k) {
      size_t i = (hashes[k] >> kShardBits) & (capacity - 1);
      while (values[i] != 0) i = (i + 1) & (capacity - 1);
      keys[i] = hashes[k];
      values[i] = static_cast<uint32_t>(k + 1);
    }
    slot_keys.swap(keys);
    slot_values.swap(values);
  }
  const size_t mask = slot_values.size() - 1;
  size_t i = (hash >> kShardBits) & mask;
  while (slot_values[i] != 0) i = (i + 1) & mask;
  const auto local = static_cast<uint32_t>(hashes.size());
  slot_keys[i] = hash;
  slot_values[i] = local + 1;
  hashes.push_back(hash);
  return local;
}

void ContentTable::Finish() {
  prefix_.assign(kShards, 0);
  size_ = 0;
  for (uint32_t s = 0; s < kShards; ++s) {
    prefix_[s] = static_cast<uint32_t>(size_);
    size_ += shards_[s]->hashes.size();
  }
}

size_t ContentTable::MemoryBytes() const {
  size_t bytes = 0;
  for (const auto& s : shards_) {
    bytes += s->slot_keys.capacity() * 8 + s->slot_values.capacity() * 4 + s->hashes.capacity() * 8 +
             s->signatures.capacity();
  }
  return bytes;
}

}  // namespace jianfu::posts::internal
