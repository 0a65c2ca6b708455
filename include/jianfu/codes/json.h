// include/jianfu/codes/json.h
//
// The JSON form of a verified code, shared by `jianfu verify --format json`
// and GET /api/v1/verify/{code} so both say the same (docs/codes.md).
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "jianfu/codes/codes.h"

namespace jianfu::codes {

// The levels in a mask, from the top; bits above village are ignored.
std::vector<units::Level> LevelsOf(units::LevelMask mask);

// "valid", "not_yet_valid", "expired".
const char* ValidityName(Validity v);

// {"demand_id","issuer","kind","valid_from","valid_until","scopes": [{"unit","levels"}],"targets_digest"}
nlohmann::json ClaimsToJson(const Claims& c);

// 32 lowercase hex digits.
std::string DigestHex(const std::array<uint8_t, 16>& digest);

}  // namespace jianfu::codes
