#include "jianfu/codes/json.h"

namespace jianfu::codes {

std::vector<units::Level> LevelsOf(units::LevelMask mask) {
  std::vector<units::Level> levels;
  for (int i = 0; i < units::kLevelCount; ++i) {
    const auto level = static_cast<units::Level>(i);
    if (mask & units::LevelBit(level)) levels.push_back(level);
  }
  return levels;
}

const char* ValidityName(Validity v) {
  switch (v) {
    case Validity::kValid:
      return "valid";
    case Validity::kNotYetValid:
      return "not_yet_valid";
    case Validity::kExpired:
      return "expired";
  }
  return "";
}

std::string DigestHex(const std::array<uint8_t, 16>& digest) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (uint8_t b : digest) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out;
}

nlohmann::json ClaimsToJson(const Claims& c) {
  nlohmann::json scopes = nlohmann::json::array();
  for (const auto& s : c.scopes) {
    nlohmann::json levels = nlohmann::json::array();
    for (units::Level level : LevelsOf(s.levels)) levels.push_back(units::LevelName(level));
    scopes.push_back({{"unit", s.unit}, {"levels", levels}});
  }
  return {{"demand_id", c.demand_id},
          {"issuer", c.issuer},
          {"kind", demand::KindName(c.kind)},
          {"valid_from", c.valid_from.ToString()},
          {"valid_until", c.valid_until.ToString()},
          {"scopes", scopes},
          {"targets_digest", DigestHex(c.targets_digest)}};
}

}  // namespace jianfu::codes
