// include/jianfu/text/encoding.h
//
// Turns the bytes of a plain-text file into UTF-8. Recognises UTF-8 (with or
// without BOM), UTF-16LE/BE with BOM, and GB18030 (a superset of GBK and
// GB2312, which is what Chinese government .txt files use); uses ICU for the
// conversion. Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "jianfu/core/result.h"

namespace jianfu::text {

struct Decoded {
  std::string utf8;      // the text, UTF-8, BOM removed
  std::string encoding;  // "UTF-8", "UTF-16LE", "UTF-16BE" or "GB18030"
};

// Converts `bytes` to UTF-8. `path` names the source in errors only.
// Fails with kEncoding when the bytes are valid in none of the encodings
// above (for example binary data, or Big5 text).
Result<Decoded> DecodeToUtf8(std::string_view bytes, const std::string& path);

}  // namespace jianfu::text
