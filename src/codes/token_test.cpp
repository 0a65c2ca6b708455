#include <gtest/gtest.h>
#include <sodium.h>

#include <random>

#include "jianfu/codes/codes.h"
#include "wire.h"

namespace jianfu::codes {
namespace {

using demand::Kind;
constexpr units::LevelMask kTownship = units::LevelBit(units::Level::kTownship);
constexpr units::LevelMask kVillage = units::LevelBit(units::Level::kVillage);
using units::kAllLevels;

// One key pair per test run, generated at start-up: no secret in the repo.
class CodesToken : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    office = new KeyPair(GenerateKeyPair());
    foreign = new KeyPair(GenerateKeyPair());
  }
  static void TearDownTestSuite() {
    delete office;
    delete foreign;
  }
  static KeyPair* office;
  static KeyPair* foreign;
};
KeyPair* CodesToken::office = nullptr;
KeyPair* CodesToken::foreign = nullptr;

// A typical code: a county department's inspection of the townships and
// villages of one county and the townships of another.
Claims Typical() {
  Claims c;
  c.demand_id = 4'821'337;
  c.issuer = "hn-xxfgw";
  c.kind = Kind::kInspection;
  c.valid_from = Date::FromCivil(2025, 3, 1);
  c.valid_until = Date::FromCivil(2025, 6, 30);
  c.scopes = {{"433127", kTownship | kVillage}, {"433126", kTownship}};
  c.targets_digest = TargetsDigest(c.scopes);
  return c;
}

// Re-signs raw payload bytes with `key`, as a buggy or hostile signer could.
std::string SignRaw(std::vector<uint8_t> payload, const SecretKey& key) {
  std::vector<uint8_t> message = {'j', 'i', 'a', 'n', 'f', 'u', '-', 'c', 'o', 'd', 'e', ':'};
  message.insert(message.end(), payload.begin(), payload.end());
  std::array<uint8_t, crypto_sign_BYTES> sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), key.bytes().data());
  payload.insert(payload.end(), sig.begin(), sig.end());
  return "JF" + internal::Base32Encode(payload);
}

std::vector<uint8_t> Decode(const std::string& token) {
  return *internal::Base32Decode(token.substr(2));
}

TEST_F(CodesToken, RoundTrip) {
  const Claims c = Typical();
  const std::string token = Issue(c, office->secret);
  auto back = Verify(token, office->public_key);
  ASSERT_TRUE(back.ok()) << back.error().ToString();
  EXPECT_EQ(*back, c);
}

TEST_F(CodesToken, RoundTripsUnusualClaims) {
  std::vector<Claims> cases;
  Claims region_issuer = Typical();
  region_issuer.issuer = "433127";
  cases.push_back(region_issuer);
  Claims no_scopes = Typical();
  no_scopes.scopes.clear();
  no_scopes.targets_digest = TargetsDigest({});
  cases.push_back(no_scopes);
  Claims explicit_digest = Typical();  // the code carries a subset of the targets
  explicit_digest.targets_digest = TargetsDigest({{"43", kAllLevels}});
  cases.push_back(explicit_digest);
  Claims extremes;
  extremes.demand_id = ~uint64_t{0};
  extremes.issuer = "";
  extremes.kind = Kind::kActivity;
  extremes.valid_from = Date::FromCivil(1900, 1, 1);  // jianfu::Date's range
  extremes.valid_until = Date::FromCivil(2199, 12, 31);
  extremes.scopes = {{"0012", 0}, {"12345678901234567890", 255}, {"永顺县发改局", kVillage}, {"", 0}};
  cases.push_back(extremes);
  Claims backwards = Typical();  // a window that ends before it starts still round-trips
  backwards.valid_until = Date::FromCivil(2024, 1, 1);
  cases.push_back(backwards);
  for (int k = 0; k < demand::kKindCount; ++k) {
    Claims c = Typical();
    c.kind = static_cast<Kind>(k);
    c.demand_id = static_cast<uint64_t>(k);
    cases.push_back(c);
  }
  for (const Claims& c : cases) {
    auto back = Verify(Issue(c, office->secret), office->public_key);
    ASSERT_TRUE(back.ok()) << back.error().ToString();
    EXPECT_EQ(*back, c);
  }
}

TEST_F(CodesToken, DatesOutsideTheDateRangeDoNotVerify) {
  for (const auto& [from, until] : {std::pair{Date::FromCivil(1899, 12, 31), Date::FromCivil(2025, 1, 1)},
                                    std::pair{Date::FromCivil(2025, 1, 1), Date::FromCivil(2200, 1, 1)},
                                    std::pair{Date{INT32_MIN}, Date{INT32_MAX}}}) {
    Claims c = Typical();
    c.valid_from = from;
    c.valid_until = until;
    auto r = Verify(Issue(c, office->secret), office->public_key);
    ASSERT_FALSE(r.ok()) << from.days << " " << until.days;
    EXPECT_EQ(r.error().field, "payload");
    EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  }
}

TEST_F(CodesToken, TypicalCodeIsShortAndQrAlphanumeric) {
  const std::string token = Issue(Typical(), office->secret);
  EXPECT_LE(token.size(), 170u) << token;
  EXPECT_EQ(token.substr(0, 2), "JF");
  for (char c : token) EXPECT_TRUE((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')) << c;

  Claims village = Typical();  // one 12-digit village scope, region-code issuer
  village.issuer = "433127";
  village.scopes = {{"433127001001", 0}};
  village.targets_digest = TargetsDigest(village.scopes);
  EXPECT_LE(Issue(village, office->secret).size(), 160u);
}

TEST_F(CodesToken, IssueIsDeterministic) {
  EXPECT_EQ(Issue(Typical(), office->secret), Issue(Typical(), office->secret));
}

TEST_F(CodesToken, EverySingleCharacterChangeIsRejected) {
  const std::string token = Issue(Typical(), office->secret);
  const std::string replacements = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567a019= ";
  size_t tried = 0;
  for (size_t i = 0; i < token.size(); ++i) {
    for (char r : replacements) {
      if (r == token[i]) continue;
      std::string t = token;
      t[i] = r;
      EXPECT_FALSE(Verify(t, office->public_key).ok()) << "position " << i << " -> " << r;
      ++tried;
    }
  }
  EXPECT_GT(tried, token.size() * 30);
}

TEST_F(CodesToken, TruncatedExtendedAndDeletedAreRejected) {
  const std::string token = Issue(Typical(), office->secret);
  for (size_t n = 0; n < token.size(); ++n)
    EXPECT_FALSE(Verify(token.substr(0, n), office->public_key).ok()) << n;
  for (size_t i = 0; i < token.size(); ++i) {
    std::string t = token;
    t.erase(i, 1);
    EXPECT_FALSE(Verify(t, office->public_key).ok()) << i;
  }
  for (const char* tail : {"A", "AA", "Q", "AAAAAAAA", " ", "\n"}) {
    EXPECT_FALSE(Verify(token + tail, office->public_key).ok()) << tail;
  }
}

TEST_F(CodesToken, ForeignKeyIsRejected) {
  const std::string token = Issue(Typical(), foreign->secret);
  auto r = Verify(token, office->public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "key_id");
  EXPECT_EQ(r.error().message.rfind("签名无效", 0), 0u) << r.error().message;

  // A foreign signer that copies the office's key id still fails the signature.
  std::vector<uint8_t> bytes = Decode(Issue(Typical(), office->secret));
  const std::vector<uint8_t> payload(bytes.begin(), bytes.end() - crypto_sign_BYTES);
  auto forged = Verify(SignRaw(payload, foreign->secret), office->public_key);
  ASSERT_FALSE(forged.ok());
  EXPECT_EQ(forged.error().field, "signature");
  EXPECT_EQ(forged.error().message, "签名无效（伪造或被篡改）");
}

TEST_F(CodesToken, AlteredPayloadFailsTheSignature) {
  std::vector<uint8_t> bytes = Decode(Issue(Typical(), office->secret));
  bytes[6] ^= 1;  // inside the demand id
  auto r = Verify("JF" + internal::Base32Encode(bytes), office->public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "signature");
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
}

TEST_F(CodesToken, ReasonsAreSpecific) {
  const PublicKey& key = office->public_key;
  const std::string token = Issue(Typical(), office->secret);
  auto reason = [&](std::string_view t) {
    auto r = Verify(t, key);
    return r.ok() ? std::string("accepted") : r.error().message;
  };
  EXPECT_EQ(reason(""), "格式错误：验证码为空");
  EXPECT_NE(reason("XX" + token.substr(2)).find("应以 JF 开头"), std::string::npos);
  std::string lower = token;
  lower[10] = static_cast<char>(std::tolower(static_cast<unsigned char>(lower[10]) | 0x40));
  EXPECT_NE(reason(lower).find("第 11 个字符"), std::string::npos) << reason(lower);
  EXPECT_NE(reason("JF测试").find("非 ASCII"), std::string::npos);
  EXPECT_NE(reason("JFAAAA").find("太短"), std::string::npos);
  EXPECT_NE(reason("JFA").find("长度"), std::string::npos);

  std::vector<uint8_t> bytes = Decode(token);
  bytes[0] = 2;
  auto v2 = Verify("JF" + internal::Base32Encode(bytes), key);
  ASSERT_FALSE(v2.ok());
  EXPECT_EQ(v2.error().code, ErrorCode::kUnsupportedFormat);
  EXPECT_EQ(v2.error().field, "version");
  EXPECT_EQ(v2.error().message.rfind("版本不支持", 0), 0u);
}

TEST_F(CodesToken, GarbageNeverCrashesAndIsRejected) {
  std::mt19937_64 rng(20250301);
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  for (int i = 0; i < 3000; ++i) {
    std::string t = "JF";
    const size_t n = rng() % 260;
    for (size_t k = 0; k < n; ++k) {
      t += (i % 3 == 0) ? static_cast<char>(rng() & 0xff) : alphabet[rng() % alphabet.size()];
    }
    EXPECT_FALSE(Verify(t, office->public_key).ok());
  }
}

TEST_F(CodesToken, SignedGarbagePayloadNeverCrashes) {
  // Payloads that pass the signature but not the layout: the parser must
  // reject them cleanly (or decode them, when they happen to be well formed).
  std::mt19937_64 rng(7);
  const std::vector<uint8_t> head = Decode(Issue(Typical(), office->secret));
  size_t rejected = 0;
  for (int i = 0; i < 2000; ++i) {
    std::vector<uint8_t> payload(head.begin(), head.begin() + 3);  // version, key id
    const size_t n = 7 + rng() % 60;
    for (size_t k = 0; k < n; ++k) payload.push_back(static_cast<uint8_t>(rng()));
    if (i % 2) payload[3] = static_cast<uint8_t>(rng() % 2);  // valid flags half the time
    auto r = Verify(SignRaw(payload, office->secret), office->public_key);
    if (!r.ok()) {
      EXPECT_EQ(r.error().field, "payload");
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 1000u);

  // Dates far outside 1900-2199, and a span that would overflow, are refused.
  for (uint64_t from : {uint64_t{0}, ~uint64_t{0}, uint64_t{1} << 40}) {
    for (uint64_t span : {uint64_t{0}, ~uint64_t{0}, ~uint64_t{0} - 1, uint64_t{1} << 40}) {
      internal::Writer w;
      w.Bytes(std::span(head).first(3));
      w.Byte(1);  // digest implied
      w.Varint(1);
      w.Unit("433127");
      w.Byte(0);
      w.Varint(from);
      w.Varint(span);
      w.Varint(0);
      auto d = Verify(SignRaw(w.bytes(), office->secret), office->public_key);
      EXPECT_EQ(d.ok(), from == 0 && span == 0) << from << " " << span;
    }
  }

  // Days outside jianfu::Date's 1900-2199 are refused, at either end.
  const int64_t first = Date::FromCivil(1900, 1, 1).days, last = Date::FromCivil(2199, 12, 31).days;
  const struct {
    int64_t from, span;
    bool ok;
  } windows[] = {
      {first, 0, true},           {last, 0, true},       {first, last - first, true},
      {last, first - last, true}, {first - 1, 0, false}, {last + 1, 0, false},
      {first, -1, false},         {last, 1, false},      {first, last - first + 1, false},
      {INT32_MIN, 0, false},      {INT32_MAX, 0, false}, {0, INT32_MAX, false},
  };
  for (const auto& win : windows) {
    internal::Writer w;
    w.Bytes(std::span(head).first(3));
    w.Byte(1);
    w.Varint(1);
    w.Unit("433127");
    w.Byte(0);
    w.Varint(internal::ZigZag(win.from));
    w.Varint(internal::ZigZag(win.span));
    w.Varint(0);
    auto d = Verify(SignRaw(w.bytes(), office->secret), office->public_key);
    EXPECT_EQ(d.ok(), win.ok) << win.from << " " << win.span;
    if (d.ok()) {
      EXPECT_EQ(d->valid_from.days, win.from);
      EXPECT_EQ(d->valid_until.days, win.from + win.span);
    } else {
      EXPECT_EQ(d.error().field, "payload");
    }
  }

  // Trailing bytes after a well-formed payload are refused.
  std::vector<uint8_t> payload(head.begin(), head.end() - crypto_sign_BYTES);
  payload.push_back(0);
  auto r = Verify(SignRaw(payload, office->secret), office->public_key);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "payload");
}

}  // namespace
}  // namespace jianfu::codes
