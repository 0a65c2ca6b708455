// include/jianfu/posts/records.h
//
// The input of `jianfu posts analyze` (docs/posts.md, "Input"): one post per
// record, with the fields account, published_at, title and text, as
//   JSON Lines  one JSON object per line; other keys are ignored; title and
//               text may be null or absent (empty); account and
//               published_at are strings;
//   CSV         RFC 4180 with a header line naming at least those four
//               columns (any order, other columns ignored); quoted fields
//               may span lines.
// Both are UTF-8 (a BOM at the start is skipped).
//
// SplitRecords cuts a stream into records; JsonLineParser and
// CsvRecordParser read one record each. A malformed record is an Error with
// a Chinese message (and the field or column concerned); the caller adds the
// line number and moves on.
//
// The parsers are not thread-safe (they own scratch buffers); use one per
// thread. SplitRecords is pure.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"

namespace jianfu::posts {

enum class InputFormat { kJsonl, kCsv };

// "jsonl" or "csv".
const char* InputFormatName(InputFormat f);
// By extension: .jsonl or .ndjson are JSON Lines, .csv is CSV (any case).
// kUnsupportedFormat otherwise, telling the user to pass --input-format.
Result<InputFormat> FormatFromPath(const std::filesystem::path& path);

// The fields of one post. Views into the record or into the parser's
// scratch: valid until the parser's next call.
struct PostFields {
  std::string_view account;
  std::string_view published_at;
  std::string_view title;
  std::string_view text;
};

class JsonLineParser {
 public:
  // One line (without its '\n'). Errors: not JSON, not an object, a value
  // of the wrong type, account missing, empty or not UTF-8. (Malformed
  // UTF-8 in the title or text is left to normalisation, which reads each
  // bad byte as U+FFFD.)
  // A missing published_at is left empty (the timestamp parser reports it).
  Result<PostFields> Parse(std::string_view line);

 private:
  std::string scratch_[4];  // unescaped values, by field
};

class CsvRecordParser {
 public:
  // Reads the header record. Errors (kCorrupt, fatal for the file): a
  // column of the four missing or repeated, malformed quoting.
  Status ReadHeader(std::string_view record);
  // One record after the header. Errors: malformed quoting, a width other
  // than the header's, account empty or not UTF-8.
  Result<PostFields> Parse(std::string_view record);

 private:
  size_t width_ = 0;
  size_t column_[4] = {};  // position of account, published_at, title, text
  std::vector<std::string> scratch_;
};

// A record of the input and the 1-based line it starts on.
struct Record {
  std::string_view text;  // without the line break ("\n" or "\r\n")
  uint64_t line = 0;
};

// Records longer than this are cut at their first line break: a CSV quote
// left open would otherwise swallow the rest of the file into one record.
inline constexpr size_t kMaxRecordBytes = size_t{4} << 20;

// Appends to `out` the records of `buf`, whose first byte is on line
// `line`, and returns the bytes consumed: up to the end of the last complete
// record, or all of `buf` when `last` (the end of the input). Blank lines
// are skipped. For CSV a line break inside quotes does not end a record; a
// record still open after kMaxRecordBytes, or at the end of the input, is
// cut at its first line break (the CSV parser then reports the open quote)
// and the scan restarts on the next line. `line` is advanced past the
// consumed bytes.
size_t SplitRecords(std::string_view buf, InputFormat format, bool last, uint64_t& line,
                    std::vector<Record>& out);

}  // namespace jianfu::posts
