#include "wire.h"

#include <gtest/gtest.h>

#include <string>

namespace jianfu::codes::internal {
namespace {

std::vector<uint8_t> Bytes(std::string_view s) {
  return {s.begin(), s.end()};
}

TEST(CodesBase32, Rfc4648Vectors) {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},
      {"f", "MY"},
      {"fo", "MZXQ"},
      {"foo", "MZXW6"},
      {"foob", "MZXW6YQ"},
      {"fooba", "MZXW6YTB"},
      {"foobar", "MZXW6YTBOI"},
  };
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(Base32Encode(Bytes(plain)), encoded);
    auto back = Base32Decode(encoded);
    ASSERT_TRUE(back) << encoded;
    EXPECT_EQ(*back, Bytes(plain));
  }
}

TEST(CodesBase32, DecodeIsStrict) {
  EXPECT_FALSE(Base32Decode("MZ"));        // unused trailing bits set
  EXPECT_FALSE(Base32Decode("M"));         // 1 character carries no byte
  EXPECT_FALSE(Base32Decode("MZX"));       // 3 characters: impossible length
  EXPECT_FALSE(Base32Decode("MZXW6Y"));    // 6 characters: impossible length
  EXPECT_FALSE(Base32Decode("mzxw6"));     // lowercase
  EXPECT_FALSE(Base32Decode("MZXW6==="));  // padding
  EXPECT_FALSE(Base32Decode("MZX W6"));    // space
  EXPECT_EQ(FindNonBase32("AB1C"), 2u);    // '1' is not in the alphabet
  EXPECT_EQ(FindNonBase32("AB7C"), std::string_view::npos);
}

TEST(CodesBase32, EveryByteStringHasOneEncoding) {
  std::vector<uint8_t> bytes;
  for (int n = 0; n < 40; ++n) {
    bytes.push_back(static_cast<uint8_t>(n * 37 + 11));
    const std::string e = Base32Encode(bytes);
    ASSERT_EQ(Base32Decode(e), bytes);
    // Changing the last character changes the bytes or is rejected.
    std::string other = e;
    other.back() = other.back() == 'A' ? 'B' : 'A';
    auto d = Base32Decode(other);
    EXPECT_TRUE(!d || *d != bytes);
  }
}

TEST(CodesVarint, RoundTripsAndRejectsNonMinimal) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{300}, uint64_t{1} << 35,
                     ~uint64_t{0}}) {
    Writer w;
    w.Varint(v);
    Reader r(w.bytes());
    EXPECT_EQ(r.Varint(), v);
    EXPECT_TRUE(r.AtEnd());
  }
  const std::vector<std::vector<uint8_t>> bad = {
      {0x80, 0x00},                                                  // non-minimal zero
      {0xff, 0x00},                                                  // trailing zero group
      {0x80},                                                        // cut off
      {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02},  // more than 64 bits
      {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x81, 0x01},
  };
  for (const auto& b : bad) {
    Reader r(b);
    r.Varint();
    EXPECT_FALSE(r.ok());
  }
}

TEST(CodesUnit, PacksDigitsAndKeepsLeadingZeros) {
  for (const char* unit : {"433127", "433127001001", "43", "0012", "0", "9999999999999999999",
                           "12345678901234567890", "hn-xxfgw", "", "县发改委", "43a"}) {
    Writer w;
    w.Unit(unit);
    Reader r(w.bytes());
    EXPECT_EQ(r.Unit(), unit);
    EXPECT_TRUE(r.AtEnd()) << unit;
  }
  Writer county;
  county.Unit("433127");
  EXPECT_EQ(county.bytes().size(), 4u);  // header + 3-byte varint
  Writer village;
  village.Unit("433127001001");
  EXPECT_EQ(village.bytes().size(), 7u);
}

TEST(CodesUnit, RejectsNonCanonicalForms) {
  Writer as_string;  // "433127" written as raw bytes
  as_string.Varint(6 << 1);
  as_string.Bytes(Bytes("433127"));
  Reader r1(as_string.bytes());
  r1.Unit();
  EXPECT_FALSE(r1.ok());

  Writer too_big;  // 2 digits holding 100
  too_big.Varint((2 << 1) | 1);
  too_big.Varint(100);
  Reader r2(too_big.bytes());
  r2.Unit();
  EXPECT_FALSE(r2.ok());

  Writer too_long;  // a string longer than what remains
  too_long.Varint(50 << 1);
  too_long.Bytes(Bytes("abc"));
  Reader r3(too_long.bytes());
  r3.Unit();
  EXPECT_FALSE(r3.ok());
}

TEST(CodesZigZag, RoundTrips) {
  for (int64_t v :
       {int64_t{0}, int64_t{-1}, int64_t{1}, int64_t{-20000}, int64_t{INT32_MAX}, int64_t{INT32_MIN}}) {
    EXPECT_EQ(UnZigZag(ZigZag(v)), v);
  }
  EXPECT_EQ(ZigZag(-1), 1u);
  EXPECT_EQ(ZigZag(1), 2u);
}

}  // namespace
}  // namespace jianfu::codes::internal
