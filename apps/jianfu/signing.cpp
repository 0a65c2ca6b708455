// The registry's code signer: an accepted demand's claims signed with the
// office's secret key, which lives beside the database (KeyPaths).
#include <tuple>

#include "commands.h"
#include "jianfu/codes/codes.h"
#include "jianfu/codes/keys.h"

namespace jianfu::cli {

std::pair<std::filesystem::path, std::filesystem::path> KeyPaths(const std::string& db) {
  std::filesystem::path p(db);
  return {std::filesystem::path(p).replace_extension(".key"),
          std::filesystem::path(p).replace_extension(".pub")};
}

Status CreateKeys(const std::string& db) {
  const auto [secret, pub] = KeyPaths(db);
  return codes::GenerateKeys(secret, pub);
}

Result<registry::CodeSigner> MakeSigner(const std::string& db) {
  auto key = codes::LoadSecretKey(KeyPaths(db).first);
  if (!key) return key.error();
  auto shared = std::make_shared<codes::SecretKey>(std::move(*key));
  return registry::CodeSigner(
      [shared](const demand::Demand& d) { return codes::Issue(registry::CodeClaims(d), *shared); });
}

}  // namespace jianfu::cli
