// include/jianfu/codes/keys.h
//
// The office's Ed25519 key pair for verification codes (一事一码): the secret
// key signs codes (codes.h Issue), the public key lets anyone verify them
// offline (codes.h Verify). Key files are text, documented in docs/codes.md:
//
//   jianfu-code-secret-key v1 ed25519        jianfu-code-public-key v1 ed25519
//   <base64 of the 32-byte Ed25519 seed>     <base64 of the 32-byte public key>
//
// The secret key file is created with mode 0600 and is refused when group or
// others have any permission on it. Nothing here prints, and no error message
// ever contains key material.
//
// PublicKey is a plain value. SecretKey is move-only and wipes its bytes when
// destroyed. All functions are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>

#include "jianfu/core/result.h"

namespace jianfu::codes {

// File names `jianfu keys generate` and `jianfu verify` use by default.
inline constexpr const char* kDefaultSecretKeyFile = "jianfu.key";
inline constexpr const char* kDefaultPublicKeyFile = "jianfu.pub";

struct PublicKey {
  std::array<uint8_t, 32> bytes{};
  bool operator==(const PublicKey&) const = default;
};

class SecretKey {
 public:
  SecretKey() = default;
  ~SecretKey();
  SecretKey(const SecretKey&) = delete;
  SecretKey& operator=(const SecretKey&) = delete;
  SecretKey(SecretKey&& other) noexcept;
  SecretKey& operator=(SecretKey&& other) noexcept;

  // libsodium's 64-byte form (seed followed by the public key). Empty
  // (all zero) for a default-constructed key.
  const std::array<uint8_t, 64>& bytes() const { return bytes_; }
  // For the loaders, which fill the key in place (no copy left behind).
  std::array<uint8_t, 64>& mutable_bytes() { return bytes_; }

  // The public half.
  PublicKey Public() const;

 private:
  std::array<uint8_t, 64> bytes_{};
};

struct KeyPair {
  SecretKey secret;
  PublicKey public_key;
};

// A fresh key pair in memory (for tests and for GenerateKeys).
KeyPair GenerateKeyPair();

// Writes a fresh key pair to two files. The secret file is opened with
// O_CREAT|O_EXCL and mode 0600 (set again with fchmod, whatever the umask);
// the public file gets 0644. Refuses, changing nothing, when either file
// already exists. On a failure after the secret file was created, both files
// are removed. The parent folders must exist.
Status GenerateKeys(const std::filesystem::path& secret_path, const std::filesystem::path& public_path);

// Reads a secret key file. Errors: missing file, permissions wider than 0600
// (any group or other bit), wrong header, wrong length.
Result<SecretKey> LoadSecretKey(const std::filesystem::path& path);

// Reads a public key file. Errors: missing file, wrong header, wrong length.
Result<PublicKey> LoadPublicKey(const std::filesystem::path& path);

// A short fingerprint for people to compare keys: 16 lowercase hex digits of
// BLAKE2b(public key).
std::string Fingerprint(const PublicKey& key);

}  // namespace jianfu::codes
