// include/jianfu/codes/codes.h
//
// Verification codes (一事一码). An accepted demand gets a code: a compact
// token signed with the office's Ed25519 key (keys.h) carrying the demand id,
// issuer, kind, validity window, the target scopes and a digest of them. The
// module offers:
//   - Claims, what a code says, and TargetsDigest;
//   - Issue (claims + secret key -> token) and Verify (token + public key ->
//     claims, or an Error whose Chinese message gives the reason);
//   - CheckValidity (expired / not yet valid on a given day) and Covers
//     (whether a unit is among the code's targets), both offline.
//
// A token is "JF" followed by RFC 4648 base32 (uppercase, no padding) of a
// versioned binary payload and its 64-byte Ed25519 signature, so a QR code
// can hold it in alphanumeric mode; a typical code (one or two scopes) is
// about 160 characters. The byte layout is in docs/codes.md.
//
// Days are jianfu::Date, kinds demand::Kind and levels units::Level /
// units::LevelMask; the token stores their numeric values (kind 0..7 in
// demand::Kind order, level bits province=1 .. village=16).
//
// Everything here is a pure function of its arguments: thread-safe, no I/O.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/codes/keys.h"
#include "jianfu/core/date.h"
#include "jianfu/core/result.h"
#include "jianfu/demand/demand.h"
#include "jianfu/units/unit.h"

namespace jianfu::codes {

// The level of a region code by its length (2 province, 4 city, 6 county,
// 9 township, 12 village; all digits), or nullopt when `unit` is not a region
// code (an organ id such as "hn-xxfgw").
std::optional<units::Level> RegionLevel(std::string_view unit);

// One target scope: a unit and which levels under it are targeted.
struct CodeScope {
  std::string unit;             // region code ("433127") or organ id ("hn-xxfgw")
  units::LevelMask levels = 0;  // units::LevelBit bits; 0 = the unit itself only
  bool operator==(const CodeScope&) const = default;
};

// What a code says. Round-trips exactly through Issue and Verify.
struct Claims {
  uint64_t demand_id = 0;
  std::string issuer;  // unit id of the filing unit: organ id or region code
  demand::Kind kind = demand::Kind::kDocument;
  // Inclusive; both within 1900-01-01..2199-12-31, jianfu::Date's range (a
  // code issued with other dates does not verify).
  Date valid_from, valid_until;
  std::vector<CodeScope> scopes;
  std::array<uint8_t, 16> targets_digest{};  // normally TargetsDigest(scopes)
  bool operator==(const Claims&) const = default;
};

// BLAKE2b-128 of the scopes as a set: sorted by (unit bytes, levels), exact
// duplicates dropped, each encoded as varint length, unit bytes, levels byte,
// after the context string "jianfu-targets-v1". Order-independent.
std::array<uint8_t, 16> TargetsDigest(const std::vector<CodeScope>& scopes);

// Signs the claims. When claims.targets_digest == TargetsDigest(claims.scopes)
// the digest is implied and not written, which keeps codes short. Dates
// outside 1900-2199 are written as given, but Verify refuses such a code.
std::string Issue(const Claims& claims, const SecretKey& key);

// Checks a token against the office's public key and decodes it. The token
// must be exact: uppercase, no spaces (trim before calling). On failure the
// Error has code kCorrupt (kUnsupportedFormat for a version this build does
// not know), a Chinese message starting with the reason (格式错误,
// 版本不支持, 签名无效（伪造或被篡改）, 签名无效（非此公钥签发…）), and
// `field` naming the part at fault: "token", "version", "key_id",
// "signature" or "payload" (a signed payload that does not follow the
// layout, including a date outside 1900-2199). Never crashes on any input.
Result<Claims> Verify(std::string_view token, const PublicKey& key);

enum class Validity { kValid, kNotYetValid, kExpired };
// kValid when valid_from <= today <= valid_until.
Validity CheckValidity(const Claims& claims, Date today);

// Whether `unit` is among the code's targets, decided offline from the
// scopes alone. Region codes are hierarchical by prefix (province 2 digits,
// city 4, county 6, township 9, village 12), so a region unit U is covered by
// a scope S when
//   - U == S.unit and (S.levels == 0 or U's level is in S.levels), or
//   - S.unit is a region code and a proper prefix of U, and U's level is in
//     S.levels (e.g. {"433127", township|village} covers 433127001 and
//     433127001001 but not 433127 itself, nor 433128001).
// An organ id (anything that is not a region code) is covered only by a scope
// whose unit is that same id; a scope naming an organ covers only that organ.
bool Covers(const Claims& claims, std::string_view unit);

}  // namespace jianfu::codes
