// .txt / .md: decoding only (see jianfu/text/encoding.h).
#include "internal.h"
#include "jianfu/text/encoding.h"

namespace jianfu::extract::internal {

Result<Extracted> ReadText(std::string_view bytes, Format format, const std::string& path) {
  auto decoded = text::DecodeToUtf8(bytes, path);
  if (!decoded.ok()) return decoded.error();
  return Extracted{std::move(decoded->utf8), format, std::move(decoded->encoding)};
}

}  // namespace jianfu::extract::internal
