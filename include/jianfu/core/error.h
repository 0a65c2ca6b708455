// include/jianfu/core/error.h
//
// Error: a value describing why an operation failed, for a user to read.
// Every fallible jianfu function returns Result<T> (result.h) carrying one of
// these instead of throwing. `message` is Simplified Chinese (it is shown to
// users); the other fields locate the problem. Plain value type, thread-safe
// to copy.
#pragma once

#include <string>
#include <utility>

namespace jianfu {

enum class ErrorCode {
  kInvalidArgument,    // bad option or value given by the caller
  kNotFound,           // file or folder does not exist
  kIo,                 // could not read or write
  kUnsupportedFormat,  // file type jianfu does not read
  kCorrupt,            // file is damaged or not what its name says
  kEncrypted,          // file is password-protected
  kTooLarge,           // over a size limit (file, zip entry, total)
  kEmpty,              // no text at all
  kEncoding,           // text is in no encoding jianfu recognises
  kRuleFile,           // a rules TOML file is malformed
  kConflict,           // the thing is no longer in the state the request assumes
};

// Stable English name of a code ("corrupt", "too_large", ...), for JSON.
const char* ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInvalidArgument;
  std::string message;  // Chinese, one line, says what is wrong
  std::string path;     // file the error is about, if any
  std::string field;    // key, option or field, if any
  int line = 0;         // 1-based, 0 when unknown
  int column = 0;       // 1-based, 0 when unknown

  // "path:line:column: message (field)", omitting the parts that are empty.
  std::string ToString() const;
};

// Builds an Error; use it rather than brace-initialising (which must name
// every field under -Wextra).
inline Error MakeError(ErrorCode code, std::string message, std::string path = {}, std::string field = {},
                       int line = 0, int column = 0) {
  return Error{code, std::move(message), std::move(path), std::move(field), line, column};
}

}  // namespace jianfu
