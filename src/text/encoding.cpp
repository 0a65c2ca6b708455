// Placeholder until the extract work lands: accepts only valid UTF-8.
#include "jianfu/text/encoding.h"

#include "jianfu/text/utf8.h"

namespace jianfu::text {

Result<Decoded> DecodeToUtf8(std::string_view bytes, const std::string& path) {
  if (FindInvalidUtf8(bytes) != kNpos) {
    return MakeError(ErrorCode::kEncoding, "无法识别文本编码", path);
  }
  return Decoded{std::string(bytes), "UTF-8"};
}

}  // namespace jianfu::text
