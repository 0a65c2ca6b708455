#include "jianfu/core/error.h"

namespace jianfu {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kIo:
      return "io";
    case ErrorCode::kUnsupportedFormat:
      return "unsupported_format";
    case ErrorCode::kCorrupt:
      return "corrupt";
    case ErrorCode::kEncrypted:
      return "encrypted";
    case ErrorCode::kTooLarge:
      return "too_large";
    case ErrorCode::kEmpty:
      return "empty";
    case ErrorCode::kEncoding:
      return "encoding";
    case ErrorCode::kRuleFile:
      return "rule_file";
    case ErrorCode::kConflict:
      return "conflict";
  }
  return "unknown";
}

std::string Error::ToString() const {
  std::string out;
  if (!path.empty()) {
    out += path;
    if (line > 0) {
      out += ':' + std::to_string(line);
      if (column > 0) out += ':' + std::to_string(column);
    }
    out += ": ";
  }
  out += message;
  if (!field.empty()) out += "（" + field + "）";
  return out;
}

}  // namespace jianfu
