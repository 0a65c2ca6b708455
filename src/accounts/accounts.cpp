#include "jianfu/accounts/accounts.h"

#include <sodium.h>

#include <array>

namespace jianfu::accounts {

namespace {

constexpr std::array<std::pair<Role, const char*>, 5> kRoles = {{{Role::kFiler, "filer"},
                                                                 {Role::kGrassroots, "grassroots"},
                                                                 {Role::kOffice, "office"},
                                                                 {Role::kAuditor, "auditor"},
                                                                 {Role::kAdmin, "admin"}}};

bool InitSodium() {
  static const bool ok = sodium_init() >= 0;
  return ok;
}

}  // namespace

const char* RoleName(Role role) {
  for (const auto& [r, name] : kRoles)
    if (r == role) return name;
  return "";
}

const char* RoleLabel(Role role) {
  switch (role) {
    case Role::kFiler:
      return "填报单位";
    case Role::kGrassroots:
      return "基层单位";
    case Role::kOffice:
      return "减负办";
    case Role::kAuditor:
      return "审计监督";
    case Role::kAdmin:
      return "管理员";
  }
  return "";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [r, n] : kRoles)
    if (name == n) return r;
  return std::nullopt;
}

Result<std::string> HashPassword(std::string_view password) {
  if (password.size() < kMinPasswordBytes)
    return MakeError(ErrorCode::kInvalidArgument, "密码至少 " + std::to_string(kMinPasswordBytes) + " 个字符",
                     {}, "password");
  if (password.size() > kMaxPasswordBytes)
    return MakeError(ErrorCode::kInvalidArgument, "密码过长", {}, "password");
  if (!InitSodium()) return MakeError(ErrorCode::kIo, "无法初始化 libsodium");
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return MakeError(ErrorCode::kIo, "计算密码哈希时内存不足");
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  if (!InitSodium() || password.size() > kMaxPasswordBytes) return false;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void BurnPasswordTime(std::string_view password) {
  static const std::string dummy = HashPassword("jianfu-no-such-account").value();
  (void)VerifyPassword(dummy, password);
}

Result<store::Account> NewAccount(std::string_view name, std::string_view password, std::string_view role,
                                  std::string_view unit, const units::UnitTree& tree, int64_t now) {
  bool valid = !name.empty() && name.size() <= 64;
  for (char c : name)
    valid = valid && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-' || c == '@');
  if (!valid)
    return MakeError(ErrorCode::kInvalidArgument, "账号名应为 1—64 个字母、数字或 . _ - @", {}, "name");
  if (!ParseRole(role))
    return MakeError(ErrorCode::kInvalidArgument, "角色应为 filer、grassroots、office、auditor 或 admin", {},
                     "role");
  if (!tree.Find(unit))
    return MakeError(ErrorCode::kNotFound, "单位“" + std::string(unit) + "”不存在（先导入单位）", {}, "unit");
  auto hash = HashPassword(password);
  if (!hash) return hash.error();
  store::Account a;
  a.name = std::string(name);
  a.password_hash = std::move(*hash);
  a.role = std::string(role);
  a.unit = std::string(unit);
  a.created_at = now;
  return a;
}

std::string NewToken() {
  InitSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

std::string TokenHash(std::string_view token) {
  InitSodium();
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

bool SecureEquals(std::string_view a, std::string_view b) {
  // Compare digests so that the time does not depend on where they differ
  // nor (beyond hashing) on their lengths.
  return sodium_memcmp(TokenHash(a).data(), TokenHash(b).data(), 64) == 0;
}

}  // namespace jianfu::accounts
