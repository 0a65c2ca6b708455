// Issue and Verify: the token format of docs/codes.md.
#include <sodium.h>

#include <cstdint>

#include "jianfu/codes/codes.h"
#include "wire.h"

namespace jianfu::codes {

namespace {

constexpr std::string_view kPrefix = "JF";
constexpr uint8_t kVersion = 1;
constexpr uint8_t kFlagDigestImplied = 1;
constexpr uint8_t kKnownFlags = kFlagDigestImplied;
// The signature covers this context string followed by the payload, so a
// signature made for a code means nothing anywhere else.
constexpr std::string_view kSignContext = "jianfu-code:";
constexpr size_t kSignatureSize = crypto_sign_BYTES;
// Version, key id (2), flags, and one byte each for demand id, issuer, kind,
// valid_from, span and scope count.
constexpr size_t kMinPayload = 10;

// The token stores a kind as its demand::Kind value and levels as
// units::LevelBit bits; these are part of the format (docs/codes.md).
using demand::Kind;
static_assert(demand::kKindCount == 8 && static_cast<int>(Kind::kDocument) == 0 &&
              static_cast<int>(Kind::kMeeting) == 1 && static_cast<int>(Kind::kInspection) == 2 &&
              static_cast<int>(Kind::kDataRequest) == 3 && static_cast<int>(Kind::kSecondment) == 4 &&
              static_cast<int>(Kind::kApp) == 5 && static_cast<int>(Kind::kTask) == 6 &&
              static_cast<int>(Kind::kActivity) == 7);
static_assert(units::LevelBit(units::Level::kProvince) == 1 && units::LevelBit(units::Level::kCity) == 2 &&
              units::LevelBit(units::Level::kCounty) == 4 && units::LevelBit(units::Level::kTownship) == 8 &&
              units::LevelBit(units::Level::kVillage) == 16 && units::kAllLevels == 31);

// The days a token may carry: jianfu::Date's range, 1900-01-01..2199-12-31
// (what Date::Parse accepts), so every decoded date has a YYYY-MM-DD form.
bool InDateRange(int64_t days) {
  static const int64_t kFirst = Date::FromCivil(1900, 1, 1).days, kLast = Date::FromCivil(2199, 12, 31).days;
  return days >= kFirst && days <= kLast;
}

// The two bytes a token carries to name the key that signed it: the first
// bytes of BLAKE2b-128(public key), as in Fingerprint.
std::array<uint8_t, 2> KeyId(const PublicKey& key) {
  std::array<uint8_t, 16> h{};
  crypto_generichash(h.data(), h.size(), key.bytes.data(), key.bytes.size(), nullptr, 0);
  return {h[0], h[1]};
}

std::vector<uint8_t> SignedMessage(std::span<const uint8_t> payload) {
  std::vector<uint8_t> m;
  m.reserve(kSignContext.size() + payload.size());
  internal::Append(m, {reinterpret_cast<const uint8_t*>(kSignContext.data()), kSignContext.size()});
  internal::Append(m, payload);
  return m;
}

Error Reject(ErrorCode code, std::string message, const char* field) {
  return MakeError(code, std::move(message), {}, field);
}

Error Malformed(std::string detail, const char* field = "token") {
  return Reject(ErrorCode::kCorrupt, "格式错误：" + std::move(detail), field);
}

// Decodes the signed payload; nullopt when it does not follow the layout.
std::optional<Claims> ParsePayload(std::span<const uint8_t> payload) {
  internal::Reader r(payload);
  r.Byte();            // version, checked by the caller
  r.Byte(), r.Byte();  // key id, checked by the caller
  const uint8_t flags = r.Byte();
  if (flags & ~kKnownFlags) return std::nullopt;
  Claims c;
  c.demand_id = r.Varint();
  c.issuer = r.Unit();
  const uint8_t kind = r.Byte();
  if (kind >= demand::kKindCount) return std::nullopt;
  c.kind = static_cast<Kind>(kind);
  const int64_t from = internal::UnZigZag(r.Varint());
  const int64_t span = internal::UnZigZag(r.Varint());
  // Both ends must be in 1900-2199; bound the span first so the sum cannot
  // overflow (any span between two such days is well under 2^20).
  constexpr int64_t kMaxSpan = int64_t{1} << 20;
  if (!InDateRange(from) || span < -kMaxSpan || span > kMaxSpan) return std::nullopt;
  const int64_t until = from + span;
  if (!InDateRange(until)) return std::nullopt;
  c.valid_from.days = static_cast<int32_t>(from);
  c.valid_until.days = static_cast<int32_t>(until);
  const uint64_t count = r.Varint();
  // Each scope takes at least two bytes; this bounds the loop on garbage.
  if (!r.ok() || count > r.remaining() / 2) return std::nullopt;
  for (uint64_t i = 0; i < count && r.ok(); ++i) {
    CodeScope s;
    s.unit = r.Unit();
    s.levels = r.Byte();
    c.scopes.push_back(std::move(s));
  }
  if (flags & kFlagDigestImplied) {
    c.targets_digest = TargetsDigest(c.scopes);
  } else {
    r.Bytes(c.targets_digest);
  }
  if (!r.AtEnd()) return std::nullopt;
  return c;
}

}  // namespace

std::string Issue(const Claims& claims, const SecretKey& key) {
  internal::EnsureSodium();
  const bool implied = claims.targets_digest == TargetsDigest(claims.scopes);
  internal::Writer w;
  w.Byte(kVersion);
  w.Bytes(KeyId(key.Public()));
  w.Byte(implied ? kFlagDigestImplied : 0);
  w.Varint(claims.demand_id);
  w.Unit(claims.issuer);
  w.Byte(static_cast<uint8_t>(claims.kind));
  w.Varint(internal::ZigZag(claims.valid_from.days));
  w.Varint(internal::ZigZag(int64_t{claims.valid_until.days} - claims.valid_from.days));
  w.Varint(claims.scopes.size());
  for (const CodeScope& s : claims.scopes) {
    w.Unit(s.unit);
    w.Byte(s.levels);
  }
  if (!implied) w.Bytes(claims.targets_digest);

  std::vector<uint8_t> token = w.bytes();
  const std::vector<uint8_t> message = SignedMessage(token);
  std::array<uint8_t, kSignatureSize> sig{};
  crypto_sign_detached(sig.data(), nullptr, message.data(), message.size(), key.bytes().data());
  internal::Append(token, sig);
  return std::string(kPrefix) + internal::Base32Encode(token);
}

Result<Claims> Verify(std::string_view token, const PublicKey& key) {
  internal::EnsureSodium();
  if (token.empty()) return Malformed("验证码为空");
  if (token.substr(0, kPrefix.size()) != kPrefix) return Malformed("不是减负验证码（应以 JF 开头）");
  const std::string_view body = token.substr(kPrefix.size());
  if (const size_t bad = internal::FindNonBase32(body); bad != std::string_view::npos) {
    const char c = body[bad];
    const std::string shown = (c > ' ' && c < 0x7f) ? "“" + std::string(1, c) + "”"
                                                    : (c == ' ' ? "空格" : "非 ASCII 字符或控制字符");
    return Malformed("第 " + std::to_string(bad + kPrefix.size() + 1) + " 个字符" + shown +
                     "不是验证码字符（只用大写字母 A–Z 和数字 2–7）");
  }
  auto bytes = internal::Base32Decode(body);
  if (!bytes) return Malformed("长度或末位不对（可能缺字或多字）");
  if (bytes->size() < kMinPayload + kSignatureSize) return Malformed("验证码不完整（太短）");
  if ((*bytes)[0] != kVersion) {
    return Reject(ErrorCode::kUnsupportedFormat,
                  "版本不支持：这是第 " + std::to_string((*bytes)[0]) +
                      " 版验证码，本程序只识别第 1 版（请升级 jianfu；也可能是验证码被改动）",
                  "version");
  }
  const std::array<uint8_t, 2> id = KeyId(key);
  if ((*bytes)[1] != id[0] || (*bytes)[2] != id[1]) {
    return Reject(ErrorCode::kCorrupt, "签名无效（非此公钥签发：可能来自其他单位，或用错了公钥文件）",
                  "key_id");
  }
  const std::span<const uint8_t> all(*bytes);
  const auto payload = all.first(all.size() - kSignatureSize);
  const auto sig = all.last(kSignatureSize);
  const std::vector<uint8_t> message = SignedMessage(payload);
  if (crypto_sign_verify_detached(sig.data(), message.data(), message.size(), key.bytes.data()) != 0) {
    return Reject(ErrorCode::kCorrupt, "签名无效（伪造或被篡改）", "signature");
  }
  auto claims = ParsePayload(payload);
  if (!claims) return Malformed("签名有效但内容无法解析（签发程序可能有误）", "payload");
  return std::move(*claims);
}

}  // namespace jianfu::codes
