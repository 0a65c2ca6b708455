// include/jianfu/accounts/accounts.h
//
// Local accounts for the server (docs/server.md): roles, Argon2id password
// hashes (libsodium crypto_pwhash_str), and the random tokens of login
// sessions, of which only a hash is stored. Accounts and sessions are kept
// by the Store (store.h). Thread-safe; no state.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jianfu/core/result.h"
#include "jianfu/store/store.h"
#include "jianfu/units/tree.h"

namespace jianfu::accounts {

// What an account may do, within the subtree of its unit (issue 4):
//   filer       files demands for its own organ; reads what it filed
//   grassroots  its own unit's ledger and the demands that reach it
//   office      the burden-reduction office of a region: reads everything under it
//   auditor     read-only within its region
//   admin       everything, everywhere
enum class Role : uint8_t { kFiler, kGrassroots, kOffice, kAuditor, kAdmin };
const char* RoleName(Role role);   // "filer", …
const char* RoleLabel(Role role);  // "填报单位", …
std::optional<Role> ParseRole(std::string_view name);

inline constexpr size_t kMinPasswordBytes = 8;
inline constexpr size_t kMaxPasswordBytes = 1024;

// Argon2id with libsodium's interactive limits. Errors: a password shorter
// than kMinPasswordBytes or longer than kMaxPasswordBytes (field
// "password"), out of memory.
Result<std::string> HashPassword(std::string_view password);
// Whether `password` matches `hash`; false for a malformed hash. Takes the
// time of one Argon2id hash.
bool VerifyPassword(const std::string& hash, std::string_view password);
// Spends the time VerifyPassword would on an unknown account, so that a
// login's timing does not tell which names exist.
void BurnPasswordTime(std::string_view password);

// A new account, checked: the name (1–64 of A–Z a–z 0–9 . _ - @), the
// password, the role and that the unit exists in `tree`. Errors name the
// field ("name", "password", "role", "unit").
Result<store::Account> NewAccount(std::string_view name, std::string_view password, std::string_view role,
                                  std::string_view unit, const units::UnitTree& tree, int64_t now);

// 32 random bytes, base64url without padding (43 characters).
std::string NewToken();
// What the store keeps of a session token: BLAKE2b-256, hex.
std::string TokenHash(std::string_view token);
// Constant-time comparison of two strings (of any lengths).
bool SecureEquals(std::string_view a, std::string_view b);

}  // namespace jianfu::accounts
