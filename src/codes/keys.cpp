// Key pairs and key files (keys.h, docs/codes.md).
#include "jianfu/codes/keys.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string_view>

#include "wire.h"

namespace jianfu::codes {

namespace {

constexpr std::string_view kSecretHeader = "jianfu-code-secret-key v1 ed25519";
constexpr std::string_view kPublicHeader = "jianfu-code-public-key v1 ed25519";
constexpr size_t kMaxKeyFile = 4096;

// A byte buffer wiped when it goes out of scope (file contents, seeds).
class Wiped {
 public:
  explicit Wiped(size_t n) : data_(n, '\0') {}
  ~Wiped() { sodium_memzero(data_.data(), data_.size()); }
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  std::string& Text() { return data_; }
  uint8_t* Data() { return reinterpret_cast<uint8_t*>(data_.data()); }

 private:
  std::string data_;
};

std::string ErrnoText(int err) {
  switch (err) {
    case ENOENT:
      return "文件或文件夹不存在";
    case EACCES:
    case EPERM:
      return "没有权限";
    case ENOSPC:
      return "磁盘已满";
    case EROFS:
      return "只读文件系统";
    case EISDIR:
      return "这是文件夹";
    default:
      return std::strerror(err);
  }
}

// Closes a file descriptor on scope exit.
struct Fd {
  int fd = -1;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

bool WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Creates `path` exclusively with exactly `mode` and writes `content`.
Status WriteNewFile(const std::filesystem::path& path, mode_t mode, std::string_view content) {
  Fd f{::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode)};
  if (f.fd < 0) {
    if (errno == EEXIST) {
      return MakeError(ErrorCode::kInvalidArgument,
                       "密钥文件已存在，拒绝覆盖（换新密钥会使已签发的码都无法验证；确需更换请先移走旧文件）",
                       path.string());
    }
    return MakeError(ErrorCode::kIo, "无法创建密钥文件（" + ErrnoText(errno) + "）", path.string());
  }
  // The umask may have removed bits of `mode`; set it exactly.
  if (::fchmod(f.fd, mode) != 0 || !WriteAll(f.fd, content) || ::fsync(f.fd) != 0) {
    const int err = errno;
    ::unlink(path.c_str());
    return MakeError(ErrorCode::kIo, "写入密钥文件时出错（" + ErrnoText(err) + "）", path.string());
  }
  return Ok{};
}

std::string KeyFileText(std::string_view header, const uint8_t* key, size_t size) {
  Wiped b64(sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_ORIGINAL));
  sodium_bin2base64(b64.Text().data(), b64.Text().size(), key, size, sodium_base64_VARIANT_ORIGINAL);
  std::string text;
  text.reserve(header.size() + b64.Text().size() + 2);
  text.append(header).append("\n").append(b64.Text().c_str()).append("\n");
  return text;
}

// Reads a key file of at most kMaxKeyFile bytes. With `secret`, refuses a
// file that group or others may access.
Status ReadKeyFile(const std::filesystem::path& path, bool secret, Wiped& out, size_t& size) {
  const char* what = secret ? "私钥文件" : "公钥文件";
  Fd f{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (f.fd < 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, std::string(what) + "不存在", path.string());
    return MakeError(ErrorCode::kIo, std::string("无法打开") + what + "（" + ErrnoText(errno) + "）",
                     path.string());
  }
  struct stat st {};
  if (::fstat(f.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    return MakeError(ErrorCode::kInvalidArgument, std::string(what) + "不是普通文件", path.string());
  }
  if (secret && (st.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return MakeError(ErrorCode::kInvalidArgument,
                     std::string("私钥文件权限过宽：同组或其他用户可以访问（当前 ") + mode +
                         "，应为 0600；请运行 chmod 600，并考虑私钥是否已泄露）",
                     path.string());
  }
  if (st.st_size > static_cast<off_t>(kMaxKeyFile)) {
    return MakeError(ErrorCode::kCorrupt, std::string("不是 jianfu ") + what + "（文件太大）", path.string());
  }
  size = 0;
  while (size < out.Text().size()) {
    const ssize_t n = ::read(f.fd, out.Text().data() + size, out.Text().size() - size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return MakeError(ErrorCode::kIo, std::string("读取") + what + "时出错", path.string());
    if (n == 0) break;
    size += static_cast<size_t>(n);
  }
  return Ok{};
}

// Parses "<header>\n<base64>\n" into exactly 32 bytes. Never quotes the
// content in its errors.
Status ParseKeyText(const std::filesystem::path& path, bool secret, std::string_view text, uint8_t* key32) {
  const std::string_view header = secret ? kSecretHeader : kPublicHeader;
  const std::string_view other = secret ? kPublicHeader : kSecretHeader;
  const size_t eol = text.find('\n');
  std::string_view first = text.substr(0, eol);
  if (!first.empty() && first.back() == '\r') first.remove_suffix(1);
  if (first != header) {
    std::string msg = secret ? "不是 jianfu 私钥文件" : "不是 jianfu 公钥文件";
    if (first == other)
      msg += secret ? "（这是公钥文件）" : "（这是私钥文件！请改用公钥文件 .pub，私钥不要外传）";
    else
      msg += "（第一行应为“" + std::string(header) + "”）";
    return MakeError(ErrorCode::kCorrupt, msg, path.string());
  }
  std::string_view rest = eol == std::string_view::npos ? std::string_view{} : text.substr(eol + 1);
  while (!rest.empty() && std::strchr(" \t\r\n", rest.back())) rest.remove_suffix(1);
  uint8_t buf[64];
  size_t len = 0;
  const char* end = nullptr;
  const bool decoded = sodium_base642bin(buf, sizeof buf, rest.data(), rest.size(), nullptr, &len, &end,
                                         sodium_base64_VARIANT_ORIGINAL) == 0 &&
                       end == rest.data() + rest.size();
  const bool right = decoded && len == 32;
  if (right) std::memcpy(key32, buf, 32);
  sodium_memzero(buf, sizeof buf);
  if (!decoded) return MakeError(ErrorCode::kCorrupt, "密钥文件第二行不是有效的 base64", path.string());
  if (!right) {
    return MakeError(ErrorCode::kCorrupt,
                     "密钥长度不对（应为 32 字节，实为 " + std::to_string(len) + " 字节）", path.string());
  }
  return Ok{};
}

}  // namespace

namespace internal {

bool EnsureSodium() {
  static const bool kInitialized = sodium_init() >= 0;
  return kInitialized;
}

}  // namespace internal

SecretKey::~SecretKey() {
  sodium_memzero(bytes_.data(), bytes_.size());
}

SecretKey::SecretKey(SecretKey&& other) noexcept : bytes_(other.bytes_) {
  sodium_memzero(other.bytes_.data(), other.bytes_.size());
}

SecretKey& SecretKey::operator=(SecretKey&& other) noexcept {
  if (this != &other) {
    bytes_ = other.bytes_;
    sodium_memzero(other.bytes_.data(), other.bytes_.size());
  }
  return *this;
}

PublicKey SecretKey::Public() const {
  PublicKey pk;
  crypto_sign_ed25519_sk_to_pk(pk.bytes.data(), bytes_.data());
  return pk;
}

KeyPair GenerateKeyPair() {
  internal::EnsureSodium();
  KeyPair kp;
  crypto_sign_keypair(kp.public_key.bytes.data(), kp.secret.mutable_bytes().data());
  return kp;
}

Status GenerateKeys(const std::filesystem::path& secret_path, const std::filesystem::path& public_path) {
  if (!internal::EnsureSodium()) {
    return MakeError(ErrorCode::kIo, "无法初始化密码库 libsodium（系统随机数不可用？）");
  }
  struct stat st {};
  if (::lstat(public_path.c_str(), &st) == 0) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "公钥文件已存在，拒绝覆盖（换新密钥会使已签发的码都无法验证；确需更换请先移走旧文件）",
                     public_path.string());
  }
  KeyPair kp = GenerateKeyPair();
  Wiped seed(32);
  crypto_sign_ed25519_sk_to_seed(seed.Data(), kp.secret.bytes().data());
  std::string secret_text = KeyFileText(kSecretHeader, seed.Data(), 32);
  Status s = WriteNewFile(secret_path, 0600, secret_text);
  sodium_memzero(secret_text.data(), secret_text.size());
  if (!s.ok()) return s;
  s = WriteNewFile(public_path, 0644, KeyFileText(kPublicHeader, kp.public_key.bytes.data(), 32));
  if (!s.ok()) {
    ::unlink(secret_path.c_str());  // no secret key without its public half
    return s;
  }
  return Ok{};
}

Result<SecretKey> LoadSecretKey(const std::filesystem::path& path) {
  internal::EnsureSodium();
  Wiped text(kMaxKeyFile);
  size_t size = 0;
  if (Status s = ReadKeyFile(path, true, text, size); !s.ok()) return s.error();
  Wiped seed(32);
  if (Status s = ParseKeyText(path, true, std::string_view(text.Text()).substr(0, size), seed.Data());
      !s.ok()) {
    return s.error();
  }
  SecretKey key;
  PublicKey pk;
  crypto_sign_seed_keypair(pk.bytes.data(), key.mutable_bytes().data(), seed.Data());
  return key;
}

Result<PublicKey> LoadPublicKey(const std::filesystem::path& path) {
  Wiped text(kMaxKeyFile);
  size_t size = 0;
  if (Status s = ReadKeyFile(path, false, text, size); !s.ok()) return s.error();
  PublicKey key;
  if (Status s = ParseKeyText(path, false, std::string_view(text.Text()).substr(0, size), key.bytes.data());
      !s.ok()) {
    return s.error();
  }
  return key;
}

std::string Fingerprint(const PublicKey& key) {
  internal::EnsureSodium();
  std::array<uint8_t, 16> h{};
  crypto_generichash(h.data(), h.size(), key.bytes.data(), key.bytes.size(), nullptr, 0);
  char hex[17];
  sodium_bin2hex(hex, sizeof hex, h.data(), 8);
  return hex;
}

}  // namespace jianfu::codes
