// Plain-text decoding: UTF-8 (BOM or strict validity), UTF-16LE/BE (BOM only)
// and GB18030 via ICU with a STOP callback, so that bytes invalid in the
// encoding fail instead of silently becoming U+FFFD.
#include "jianfu/text/encoding.h"

#include <unicode/ucnv.h>
#include <unicode/ucnv_err.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
#include <memory>

#include "jianfu/text/utf8.h"

namespace jianfu::text {

namespace {

constexpr const char* kUnknownEncoding = "无法识别文本编码（既不是 UTF-8 也不是 GB18030/GBK）";

struct ConverterCloser {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using ConverterPtr = std::unique_ptr<UConverter, ConverterCloser>;

// Converts `bytes` from the ICU charset `charset` to UTF-8, failing on the
// first invalid or truncated sequence. Streams through a fixed UChar buffer so
// the input size is not bounded by int32_t.
bool IcuToUtf8(std::string_view bytes, const char* charset, std::string& out) {
  UErrorCode status = U_ZERO_ERROR;
  ConverterPtr conv(ucnv_open(charset, &status));
  if (U_FAILURE(status) || !conv) return false;
  ucnv_setToUCallBack(conv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  if (U_FAILURE(status)) return false;

  out.clear();
  out.reserve(bytes.size() + bytes.size() / 2);
  std::array<UChar, 8192> buf{};
  const char* src = bytes.data();
  const char* const src_end = bytes.data() + bytes.size();
  char16_t pending_high = 0;  // a high surrogate whose low half is in the next chunk

  auto emit = [&](const UChar* begin, const UChar* end) -> bool {
    for (const UChar* p = begin; p < end; ++p) {
      const auto u = static_cast<char16_t>(*p);
      if (pending_high != 0) {
        if (u < 0xDC00 || u > 0xDFFF) return false;  // unpaired high surrogate
        AppendUtf8(out, 0x10000 + ((static_cast<char32_t>(pending_high) - 0xD800) << 10) + (u - 0xDC00));
        pending_high = 0;
      } else if (u >= 0xD800 && u <= 0xDBFF) {
        pending_high = u;
      } else if (u >= 0xDC00 && u <= 0xDFFF) {
        return false;  // unpaired low surrogate
      } else {
        AppendUtf8(out, u);
      }
    }
    return true;
  };

  for (;;) {
    UChar* target = buf.data();
    status = U_ZERO_ERROR;
    ucnv_toUnicode(conv.get(), &target, buf.data() + buf.size(), &src, src_end, nullptr, /*flush=*/true,
                   &status);
    if (!emit(buf.data(), target)) return false;
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_FAILURE(status)) return false;  // U_ILLEGAL_CHAR_FOUND, U_TRUNCATED_CHAR_FOUND, ...
    break;
  }
  return pending_high == 0;
}

// GB18030 accepts almost any sequence of high bytes as "some" character, so
// Big5 (and other double-byte encodings) decode without error into nonsense.
// Real GBK/GB2312 text uses the GB2312 block (lead and trail bytes A1-FE)
// almost exclusively; when a large share of double-byte characters fall
// outside it, the text is very likely in another encoding.
bool LooksLikeGbText(std::string_view bytes) {
  size_t dbcs = 0;
  size_t outside_gb2312 = 0;
  for (size_t i = 0; i < bytes.size();) {
    const auto b = static_cast<unsigned char>(bytes[i]);
    if (b < 0x80 || i + 1 >= bytes.size()) {
      ++i;
      continue;
    }
    const auto t = static_cast<unsigned char>(bytes[i + 1]);
    if (t >= 0x30 && t <= 0x39) {  // four-byte GB18030 sequence
      ++outside_gb2312;
      ++dbcs;
      i += 4;
      continue;
    }
    ++dbcs;
    // GB2312: symbols in rows A1-A9, hanzi in rows B0-F7 (rows AA-AF and
    // F8-FE are user-defined, mapped to the Private Use Area).
    const bool gb2312_row = (b >= 0xA1 && b <= 0xA9) || (b >= 0xB0 && b <= 0xF7);
    if (!(gb2312_row && t >= 0xA1 && t <= 0xFE)) ++outside_gb2312;
    i += 2;
  }
  if (dbcs < 8) return true;  // too little to judge
  return outside_gb2312 * 4 <= dbcs;
}

// True when the decoded text has the NUL bytes or control characters of a
// binary file. A run of NULs at the very end (padding some tools leave) is
// ignored.
bool LooksBinary(std::string_view utf8) {
  size_t end = utf8.size();
  while (end > 0 && utf8[end - 1] == '\0') --end;
  size_t chars = 0;
  size_t nul = 0;
  size_t controls = 0;
  // Byte by byte (this runs over every input): a code point starts at each
  // non-continuation byte, and C1 controls are C2 80..C2 9F.
  for (size_t i = 0; i < end; ++i) {
    const auto b = static_cast<unsigned char>(utf8[i]);
    if ((b & 0xC0) != 0x80) ++chars;
    if (b == 0) {
      ++nul;
    } else if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' && b != '\v' && b != 0x1A) ||
               b == 0x7F) {
      ++controls;
    } else if (b == 0xC2 && i + 1 < end && static_cast<unsigned char>(utf8[i + 1]) <= 0x9F &&
               static_cast<unsigned char>(utf8[i + 1]) >= 0x80) {
      ++controls;
    }
  }
  if (chars == 0) return false;
  return nul * 100 > chars || controls * 32 > chars || (nul > 0 && chars < 100);
}

// BOM removed, CRLF/CR -> LF, NUL and a trailing DOS EOF (0x1A) dropped.
std::string Normalize(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && (s.back() == '\0' || s.back() == '\x1A')) s.remove_suffix(1);
  std::string out;
  out.reserve(s.size());
  // Copy whole runs between the bytes that change ('\r' and NUL), each
  // found with memchr and looked up again only once passed.
  auto find = [&](char c, size_t from) {
    const size_t at = s.find(c, from);
    return at == std::string_view::npos ? s.size() : at;
  };
  size_t next_cr = find('\r', 0), next_nul = find('\0', 0);
  size_t i = 0;
  while (i < s.size()) {
    if (next_cr < i) next_cr = find('\r', i);
    if (next_nul < i) next_nul = find('\0', i);
    const size_t end = std::min(next_cr, next_nul);
    out.append(s.data() + i, end - i);
    if (end == s.size()) break;
    size_t next = end + 1;
    if (s[end] == '\r') {
      out += '\n';
      if (next < s.size() && s[next] == '\n') ++next;
    }
    i = next;
  }
  return out;
}

Result<Decoded> Finish(const std::string& utf8, const char* encoding, const std::string& path) {
  if (LooksBinary(utf8)) {
    return MakeError(ErrorCode::kEncoding, std::string(kUnknownEncoding) + "：内容像是二进制数据", path);
  }
  return Decoded{Normalize(utf8), encoding};
}

// True when bytes[from..] is the start of a multi-byte UTF-8 sequence cut off
// by the end of the data (a file truncated by `head -c` or a failed copy).
bool IsTruncatedUtf8Tail(std::string_view bytes, size_t from) {
  const size_t n = bytes.size() - from;
  if (n == 0 || n > 3) return false;
  const auto lead = static_cast<unsigned char>(bytes[from]);
  const size_t need = lead >= 0xC2 && lead <= 0xDF   ? 2
                      : lead >= 0xE0 && lead <= 0xEF ? 3
                      : lead >= 0xF0 && lead <= 0xF4 ? 4
                                                     : 0;
  if (need <= n) return false;
  for (size_t i = from + 1; i < bytes.size(); ++i) {
    if ((static_cast<unsigned char>(bytes[i]) & 0xC0) != 0x80) return false;
  }
  return from > 0;
}

}  // namespace

Result<Decoded> DecodeToUtf8(std::string_view bytes, const std::string& path) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    if (const size_t bad = FindInvalidUtf8(bytes); bad != kNpos) {
      return MakeError(ErrorCode::kEncoding,
                       "文件以 UTF-8 BOM 开头，但第 " + std::to_string(bad + 4) + " 字节不是有效的 UTF-8",
                       path);
    }
    return Finish(std::string(bytes), "UTF-8", path);
  }
  const bool le = bytes.substr(0, 2) == "\xFF\xFE";
  const bool be = bytes.substr(0, 2) == "\xFE\xFF";
  if (le || be) {
    const char* name = le ? "UTF-16LE" : "UTF-16BE";
    std::string out;
    if (!IcuToUtf8(bytes.substr(2), name, out)) {
      return MakeError(ErrorCode::kEncoding,
                       std::string("文件以 ") + name + " BOM 开头，但内容不是完整有效的 " + name, path);
    }
    return Finish(out, name, path);
  }
  const size_t bad = FindInvalidUtf8(bytes);
  if (bad == kNpos) return Finish(std::string(bytes), "UTF-8", path);
  if (IsTruncatedUtf8Tail(bytes, bad)) return Finish(std::string(bytes.substr(0, bad)), "UTF-8", path);

  std::string out;
  if (!LooksLikeGbText(bytes) || !IcuToUtf8(bytes, "GB18030", out)) {
    return MakeError(ErrorCode::kEncoding, kUnknownEncoding, path);
  }
  return Finish(out, "GB18030", path);
}

}  // namespace jianfu::text
