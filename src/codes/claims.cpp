// Claims and what can be decided from them alone: region levels, the targets
// digest, validity and coverage.
#include <sodium.h>

#include <algorithm>

#include "jianfu/codes/codes.h"
#include "wire.h"

namespace jianfu::codes {

namespace {

// Digits of a region code at each level, in units::Level order.
constexpr size_t kRegionDigits[units::kLevelCount] = {2, 4, 6, 9, 12};

}  // namespace

std::optional<units::Level> RegionLevel(std::string_view unit) {
  if (!std::all_of(unit.begin(), unit.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  for (int i = 0; i < units::kLevelCount; ++i) {
    if (unit.size() == kRegionDigits[i]) return static_cast<units::Level>(i);
  }
  return std::nullopt;
}

std::array<uint8_t, 16> TargetsDigest(const std::vector<CodeScope>& scopes) {
  internal::EnsureSodium();
  std::vector<const CodeScope*> sorted;
  sorted.reserve(scopes.size());
  for (const auto& s : scopes) sorted.push_back(&s);
  auto key = [](const CodeScope* s) { return std::pair<std::string_view, uint8_t>(s->unit, s->levels); };
  std::sort(sorted.begin(), sorted.end(), [&](auto* a, auto* b) { return key(a) < key(b); });
  sorted.erase(std::unique(sorted.begin(), sorted.end(), [&](auto* a, auto* b) { return key(a) == key(b); }),
               sorted.end());

  crypto_generichash_state state;
  std::array<uint8_t, 16> out{};
  crypto_generichash_init(&state, nullptr, 0, out.size());
  constexpr std::string_view kContext = "jianfu-targets-v1";
  crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(kContext.data()), kContext.size());
  for (const CodeScope* s : sorted) {
    internal::Writer w;
    w.Varint(s->unit.size());
    crypto_generichash_update(&state, w.bytes().data(), w.bytes().size());
    crypto_generichash_update(&state, reinterpret_cast<const uint8_t*>(s->unit.data()), s->unit.size());
    crypto_generichash_update(&state, &s->levels, 1);
  }
  crypto_generichash_final(&state, out.data(), out.size());
  return out;
}

Validity CheckValidity(const Claims& claims, Date today) {
  if (today < claims.valid_from) return Validity::kNotYetValid;
  if (today > claims.valid_until) return Validity::kExpired;
  return Validity::kValid;
}

bool Covers(const Claims& claims, std::string_view unit) {
  const std::optional<units::Level> region = RegionLevel(unit);
  const units::LevelMask level = region ? units::LevelBit(*region) : 0;
  for (const CodeScope& s : claims.scopes) {
    if (s.unit == unit) {
      // An organ id matches itself; a region code needs its own level unless
      // the scope names only the unit itself.
      if (!region || s.levels == 0 || (s.levels & level)) return true;
      continue;
    }
    if (region && (s.levels & level) && RegionLevel(s.unit) && s.unit.size() < unit.size() &&
        unit.substr(0, s.unit.size()) == s.unit) {
      return true;
    }
  }
  return false;
}

}  // namespace jianfu::codes
