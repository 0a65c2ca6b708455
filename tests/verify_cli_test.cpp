// Drives `jianfu keys generate` and `jianfu verify` as an office would: keys
// made by the command line, codes issued by the library, exit codes 0/1/2.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "jianfu/codes/codes.h"
#include "run_jianfu.h"

namespace {

namespace fs = std::filesystem;
using namespace jianfu::codes;
using jianfu::Date;
using jianfu::units::Level;
using jianfu::units::LevelBit;

using jianfu::testing::Jianfu;
using jianfu::testing::Run;

bool Has(const Run& r, const std::string& s) {
  return r.out.find(s) != std::string::npos;
}

class CodesCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("jianfu_verify_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    ASSERT_EQ(Jianfu("keys generate --dir '" + dir_.string() + "'").status, 0);
    key_ = "--key '" + (dir_ / "jianfu.pub").string() + "'";
    auto sk = LoadSecretKey(dir_ / "jianfu.key");
    ASSERT_TRUE(sk.ok()) << sk.error().ToString();
    Claims c;
    c.demand_id = 4821337;
    c.issuer = "hn-xxfgw";
    c.kind = jianfu::demand::Kind::kInspection;
    c.valid_from = Date::FromCivil(2025, 3, 1);
    c.valid_until = Date::FromCivil(2025, 3, 31);
    c.scopes = {{"433127", LevelBit(Level::kTownship) | LevelBit(Level::kVillage)}};
    c.targets_digest = TargetsDigest(c.scopes);
    token_ = Issue(c, *sk);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  std::string key_, token_;
};

TEST_F(CodesCli, KeysAreWrittenWithRestrictivePermissions) {
  struct stat st {};
  ASSERT_EQ(::stat((dir_ / "jianfu.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  auto again = Jianfu("keys generate --dir '" + dir_.string() + "'", true);
  EXPECT_EQ(again.status, 2);
  EXPECT_TRUE(Has(again, "拒绝覆盖")) << again.out;
}

TEST_F(CodesCli, GenuineValidCoveringExitsZero) {
  auto r = Jianfu("verify " + token_ + " " + key_ + " --today 2025-03-15 --unit 433127001001");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(Has(r, "结论：真码，在有效期内，适用于 433127001001")) << r.out;
  EXPECT_TRUE(Has(r, "事项编号：4821337")) << r.out;
  EXPECT_TRUE(Has(r, "发布单位：hn-xxfgw")) << r.out;
  EXPECT_TRUE(Has(r, "督查检查考核（inspection）")) << r.out;
  EXPECT_TRUE(Has(r, "2025-03-01 至 2025-03-31")) << r.out;
  EXPECT_TRUE(Has(r, "433127（乡级、村级）")) << r.out;
  // Surrounding spaces from a copy and paste are ignored.
  EXPECT_EQ(Jianfu("verify ' " + token_ + " ' " + key_ + " --today 2025-03-31").status, 0);
}

TEST_F(CodesCli, ExpiredOrNotCoveringExitsOne) {
  auto expired = Jianfu("verify " + token_ + " " + key_ + " --today 2025-04-01");
  EXPECT_EQ(expired.status, 1);
  EXPECT_TRUE(Has(expired, "已过期")) << expired.out;
  auto early = Jianfu("verify " + token_ + " " + key_ + " --today 2025-02-28");
  EXPECT_EQ(early.status, 1);
  EXPECT_TRUE(Has(early, "尚未生效")) << early.out;
  auto outside = Jianfu("verify " + token_ + " " + key_ + " --today 2025-03-15 --unit 433128001");
  EXPECT_EQ(outside.status, 1);
  EXPECT_TRUE(Has(outside, "不适用于 433128001")) << outside.out;
}

TEST_F(CodesCli, TamperedForeignAndMalformedExitTwo) {
  std::string tampered = token_;
  tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
  auto t = Jianfu("verify " + tampered + " " + key_ + " --today 2025-03-15");
  EXPECT_EQ(t.status, 2);
  EXPECT_TRUE(Has(t, "无效码")) << t.out;
  EXPECT_TRUE(Has(t, "签名无效（伪造或被篡改）")) << t.out;

  const fs::path other = dir_ / "other";
  ASSERT_EQ(Jianfu("keys generate --dir '" + other.string() + "'").status, 0);
  auto foreign = Jianfu("verify " + token_ + " --key '" + (other / "jianfu.pub").string() + "'");
  EXPECT_EQ(foreign.status, 2);
  EXPECT_TRUE(Has(foreign, "非此公钥签发")) << foreign.out;

  EXPECT_EQ(Jianfu("verify HELLO " + key_).status, 2);
  EXPECT_EQ(Jianfu("verify '' " + key_).status, 2);
}

TEST_F(CodesCli, JsonOutput) {
  auto r = Jianfu("verify " + token_ + " " + key_ + " --today 2025-03-15 --unit 433127001 --format json");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["genuine"], true);
  EXPECT_EQ(j["validity"], "valid");
  EXPECT_EQ(j["covered"], true);
  EXPECT_EQ(j["claims"]["demand_id"], 4821337);
  EXPECT_EQ(j["claims"]["kind"], "inspection");
  EXPECT_EQ(j["claims"]["scopes"][0]["levels"], nlohmann::json({"township", "village"}));

  std::string tampered = token_;
  tampered.back() = tampered.back() == 'A' ? 'Q' : 'A';
  auto bad = Jianfu("verify " + tampered + " " + key_ + " --format json");
  ASSERT_EQ(bad.status, 2);
  auto jb = nlohmann::json::parse(bad.out);
  EXPECT_EQ(jb["genuine"], false);
  EXPECT_FALSE(jb["reason"].get<std::string>().empty());
}

TEST_F(CodesCli, UsageErrorsExitTwo) {
  auto no_key = Jianfu("verify " + token_ + " --key '" + (dir_ / "missing.pub").string() + "'", true);
  EXPECT_EQ(no_key.status, 2);
  EXPECT_TRUE(Has(no_key, "公钥文件不存在")) << no_key.out;
  auto secret_as_key = Jianfu("verify " + token_ + " --key '" + (dir_ / "jianfu.key").string() + "'", true);
  EXPECT_EQ(secret_as_key.status, 2);
  EXPECT_TRUE(Has(secret_as_key, "这是私钥文件")) << secret_as_key.out;
  EXPECT_EQ(Jianfu("verify " + token_ + " " + key_ + " --today 2025-02-30").status, 2);
  // --today follows jianfu::Date: strict YYYY-MM-DD within 1900-2199.
  auto old_day = Jianfu("verify " + token_ + " " + key_ + " --today 1899-12-31", true);
  EXPECT_EQ(old_day.status, 2);
  EXPECT_TRUE(Has(old_day, "--today")) << old_day.out;
  EXPECT_TRUE(Has(old_day, "1900—2199")) << old_day.out;
  EXPECT_EQ(Jianfu("verify " + token_ + " " + key_ + " --today 2200-01-01").status, 2);
  EXPECT_EQ(Jianfu("verify " + token_ + " " + key_ + " --today 2025-3-1").status, 2);
  EXPECT_EQ(Jianfu("verify " + token_ + " " + key_ + " --today 2199-12-31").status, 1);  // expired
  EXPECT_EQ(Jianfu("verify").status, 2);
  EXPECT_EQ(Jianfu("verify " + token_ + " " + key_ + " --format xml").status, 2);
}

}  // namespace
