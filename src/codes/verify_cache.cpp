#include "jianfu/codes/verify_cache.h"

#include <algorithm>
#include <utility>

#include "jianfu/codes/json.h"

namespace jianfu::codes {

VerifyCache::VerifyCache(PublicKey key, size_t capacity) : key_(std::move(key)), capacity_(capacity) {}

size_t VerifyCache::size() const {
  std::lock_guard lock(mu_);
  return newer_.size() + older_.size();
}

std::shared_ptr<Verified> VerifyCache::Find(std::string_view token) {
  if (auto it = newer_.find(token); it != newer_.end()) return it->second;
  auto it = older_.find(token);
  if (it == older_.end()) return nullptr;
  std::shared_ptr<Verified> verified = std::move(it->second);
  older_.erase(it);
  Insert(std::string(token), verified);
  return verified;
}

void VerifyCache::Insert(std::string token, std::shared_ptr<Verified> verified) {
  if (newer_.size() >= std::max<size_t>(1, capacity_ / 2)) older_ = std::exchange(newer_, {});
  newer_.insert_or_assign(std::move(token), std::move(verified));
}

Result<std::shared_ptr<Verified>> VerifyCache::Verify(std::string_view token) {
  if (capacity_ > 0) {
    std::lock_guard lock(mu_);
    if (auto held = Find(token)) return held;
  }
  // The signature is checked outside the lock: other lookups go on meanwhile.
  auto claims = codes::Verify(token, key_);
  if (!claims) return claims.error();
  auto verified = std::make_shared<Verified>();
  verified->claims_json = ClaimsToJson(*claims).dump();
  verified->claims = std::move(*claims);
  if (capacity_ == 0) return verified;
  std::lock_guard lock(mu_);
  if (auto held = Find(token)) return held;  // another thread verified it meanwhile
  Insert(std::string(token), verified);
  return verified;
}

}  // namespace jianfu::codes
