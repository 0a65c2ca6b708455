#include "jianfu/codes/keys.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "jianfu/codes/codes.h"

namespace jianfu::codes {
namespace {

namespace fs = std::filesystem;

class CodesKeys : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jianfu_keys_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    secret_ = dir_ / "jianfu.key";
    public_ = dir_ / "jianfu.pub";
  }
  void TearDown() override { fs::remove_all(dir_); }

  static unsigned Mode(const fs::path& p) {
    struct stat st {};
    EXPECT_EQ(::stat(p.c_str(), &st), 0) << p;
    return st.st_mode & 07777;
  }
  static std::string Read(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  fs::path Write(const std::string& name, const std::string& content, unsigned mode) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << content;
    fs::permissions(p, static_cast<fs::perms>(mode));
    return p;
  }

  fs::path dir_, secret_, public_;
};

TEST_F(CodesKeys, GenerateWritesBothFilesWithTheirModes) {
  const mode_t old = ::umask(0077);  // a strict umask must not narrow the public key
  auto s = GenerateKeys(secret_, public_);
  ::umask(old);
  ASSERT_TRUE(s.ok()) << s.error().ToString();
  EXPECT_EQ(Mode(secret_), 0600u);
  EXPECT_EQ(Mode(public_), 0644u);
  EXPECT_EQ(Read(secret_).rfind("jianfu-code-secret-key v1 ed25519\n", 0), 0u);
  EXPECT_EQ(Read(public_).rfind("jianfu-code-public-key v1 ed25519\n", 0), 0u);

  const mode_t loose = ::umask(0);  // nor a loose one widen the secret key
  const fs::path s2 = dir_ / "b.key", p2 = dir_ / "b.pub";
  ASSERT_TRUE(GenerateKeys(s2, p2).ok());
  ::umask(loose);
  EXPECT_EQ(Mode(s2), 0600u);
  EXPECT_EQ(Mode(p2), 0644u);
}

TEST_F(CodesKeys, LoadedKeysSignAndVerify) {
  ASSERT_TRUE(GenerateKeys(secret_, public_).ok());
  auto sk = LoadSecretKey(secret_);
  auto pk = LoadPublicKey(public_);
  ASSERT_TRUE(sk.ok()) << sk.error().ToString();
  ASSERT_TRUE(pk.ok()) << pk.error().ToString();
  EXPECT_EQ(sk->Public(), *pk);
  Claims c;
  c.demand_id = 7;
  c.issuer = "433127";
  c.valid_from = Date::FromCivil(2025, 1, 1);
  c.valid_until = Date::FromCivil(2025, 12, 31);
  c.targets_digest = TargetsDigest(c.scopes);
  auto back = Verify(Issue(c, *sk), *pk);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, c);
  EXPECT_EQ(Fingerprint(*pk).size(), 16u);
}

TEST_F(CodesKeys, NeverOverwritesAnExistingKey) {
  ASSERT_TRUE(GenerateKeys(secret_, public_).ok());
  const std::string secret_before = Read(secret_), public_before = Read(public_);
  auto again = GenerateKeys(secret_, public_);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("拒绝覆盖"), std::string::npos);
  EXPECT_EQ(Read(secret_), secret_before);
  EXPECT_EQ(Read(public_), public_before);

  // Only the secret exists: refused, and no public key appears.
  const fs::path lone_pub = dir_ / "lone.pub";
  EXPECT_FALSE(GenerateKeys(secret_, lone_pub).ok());
  EXPECT_FALSE(fs::exists(lone_pub));
  // Only the public key exists: refused, and no secret key appears.
  const fs::path lone_key = dir_ / "lone.key";
  EXPECT_FALSE(GenerateKeys(lone_key, public_).ok());
  EXPECT_FALSE(fs::exists(lone_key));
  EXPECT_EQ(Read(secret_), secret_before);
}

TEST_F(CodesKeys, MissingFolderIsAnError) {
  auto s = GenerateKeys(dir_ / "no" / "jianfu.key", dir_ / "no" / "jianfu.pub");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kIo);
}

TEST_F(CodesKeys, SecretKeyReadableByOthersIsRefused) {
  ASSERT_TRUE(GenerateKeys(secret_, public_).ok());
  const std::string body = Read(secret_).substr(Read(secret_).find('\n') + 1);
  for (unsigned mode : {0640u, 0604u, 0620u, 0660u, 0644u, 0601u}) {
    fs::permissions(secret_, static_cast<fs::perms>(mode));
    auto sk = LoadSecretKey(secret_);
    ASSERT_FALSE(sk.ok()) << std::oct << mode;
    EXPECT_NE(sk.error().message.find("权限过宽"), std::string::npos) << sk.error().message;
    EXPECT_EQ(sk.error().ToString().find(body.substr(0, 20)), std::string::npos);  // no key material
  }
  fs::permissions(secret_, static_cast<fs::perms>(0400));
  EXPECT_TRUE(LoadSecretKey(secret_).ok());
  fs::permissions(secret_, static_cast<fs::perms>(0600));
  EXPECT_TRUE(LoadSecretKey(secret_).ok());
}

TEST_F(CodesKeys, MalformedFilesAreRefusedClearly) {
  // 31 and 33 bytes of base64-encoded key.
  const fs::path short_key = Write("short.key",
                                   "jianfu-code-secret-key v1 ed25519\n"
                                   "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==\n",
                                   0600);
  auto r = LoadSecretKey(short_key);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("长度不对"), std::string::npos) << r.error().message;
  const fs::path long_pub = Write("long.pub",
                                  "jianfu-code-public-key v1 ed25519\n"
                                  "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n",
                                  0644);
  auto p = LoadPublicKey(long_pub);
  ASSERT_FALSE(p.ok());
  EXPECT_NE(p.error().message.find("长度不对"), std::string::npos) << p.error().message;

  EXPECT_FALSE(LoadPublicKey(Write("bad64.pub", "jianfu-code-public-key v1 ed25519\n@@@@\n", 0644)).ok());
  EXPECT_FALSE(LoadPublicKey(Write("empty.pub", "", 0644)).ok());
  EXPECT_FALSE(LoadPublicKey(Write("header.pub", "ssh-ed25519 AAAA\n", 0644)).ok());
  EXPECT_FALSE(LoadPublicKey(Write("big.pub", std::string(10000, 'A'), 0644)).ok());
  EXPECT_FALSE(LoadPublicKey(dir_).ok());  // a folder

  auto missing = LoadPublicKey(dir_ / "none.pub");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_F(CodesKeys, MixedUpFilesAreNamed) {
  ASSERT_TRUE(GenerateKeys(secret_, public_).ok());
  auto as_public = LoadPublicKey(secret_);
  ASSERT_FALSE(as_public.ok());
  EXPECT_NE(as_public.error().message.find("这是私钥文件"), std::string::npos);
  const std::string secret_line = Read(secret_).substr(Read(secret_).find('\n') + 1, 44);
  EXPECT_EQ(as_public.error().ToString().find(secret_line), std::string::npos);

  fs::permissions(public_, static_cast<fs::perms>(0600));
  auto as_secret = LoadSecretKey(public_);
  ASSERT_FALSE(as_secret.ok());
  EXPECT_NE(as_secret.error().message.find("这是公钥文件"), std::string::npos);
}

TEST_F(CodesKeys, MovedFromSecretKeyIsWiped) {
  KeyPair kp = GenerateKeyPair();
  const std::array<uint8_t, 64> before = kp.secret.bytes();
  SecretKey moved = std::move(kp.secret);
  EXPECT_EQ(moved.bytes(), before);
  EXPECT_EQ(kp.secret.bytes(), (std::array<uint8_t, 64>{}));  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(moved.Public(), kp.public_key);
}

}  // namespace
}  // namespace jianfu::codes
