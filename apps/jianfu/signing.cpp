// The registry's code signer: an accepted demand's claims signed with the
// office's secret key, which lives beside the database or in --keys
// (KeyPaths).
#include <tuple>

#include "commands.h"
#include "jianfu/codes/codes.h"
#include "jianfu/codes/keys.h"
#include "jianfu/store/store.h"

namespace jianfu::cli {

std::pair<std::filesystem::path, std::filesystem::path> KeyPaths(const std::string& db, const std::string& keys) {
  if (!keys.empty() || store::IsPostgres(db)) {
    const std::filesystem::path dir = keys.empty() ? std::filesystem::path(".") : std::filesystem::path(keys);
    return {dir / codes::kDefaultSecretKeyFile, dir / codes::kDefaultPublicKeyFile};
  }
  std::filesystem::path p(db);
  return {std::filesystem::path(p).replace_extension(".key"),
          std::filesystem::path(p).replace_extension(".pub")};
}

Status CreateKeys(const std::string& db, const std::string& keys) {
  const auto [secret, pub] = KeyPaths(db, keys);
  if (!keys.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(keys, ec);
    if (ec) return MakeError(ErrorCode::kIo, "无法创建密钥文件夹（" + ec.message() + "）", keys, "--keys");
  }
  return codes::GenerateKeys(secret, pub);
}

Result<registry::CodeSigner> MakeSigner(const std::string& db, const std::string& keys) {
  auto key = codes::LoadSecretKey(KeyPaths(db, keys).first);
  if (!key) return key.error();
  auto shared = std::make_shared<codes::SecretKey>(std::move(*key));
  return registry::CodeSigner(
      [shared](const demand::Demand& d) { return codes::Issue(registry::CodeClaims(d), *shared); });
}

}  // namespace jianfu::cli
