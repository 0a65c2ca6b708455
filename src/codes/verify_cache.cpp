#include "jianfu/codes/verify_cache.h"

#include <algorithm>
#include <utility>

namespace jianfu::codes {

VerifyCache::VerifyCache(PublicKey key, size_t capacity) : key_(std::move(key)), capacity_(capacity) {}

size_t VerifyCache::size() const {
  std::lock_guard lock(mu_);
  return newer_.size() + older_.size();
}

Result<Claims> VerifyCache::Verify(std::string_view token) {
  if (capacity_ == 0) return codes::Verify(token, key_);
  const size_t half = std::max<size_t>(1, capacity_ / 2);
  {
    std::lock_guard lock(mu_);
    if (auto it = newer_.find(token); it != newer_.end()) return it->second;
    if (auto it = older_.find(token); it != older_.end()) {
      Claims claims = it->second;
      if (newer_.size() >= half)
        older_ = std::exchange(newer_, {});
      else
        older_.erase(it);
      newer_.emplace(std::string(token), claims);
      return claims;
    }
  }
  // The signature is checked outside the lock: other lookups go on meanwhile.
  auto claims = codes::Verify(token, key_);
  if (!claims) return claims;
  std::lock_guard lock(mu_);
  if (newer_.size() >= half) older_ = std::exchange(newer_, {});
  newer_.emplace(std::string(token), *claims);
  return claims;
}

}  // namespace jianfu::codes
