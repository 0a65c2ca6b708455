// include/jianfu/text/csv.h
//
// A small RFC 4180 CSV reader over text held in memory (the CSV files users
// import: organs, plans, duty lists), and ReadWholeFile. Fields are views into the text; a quoted field holding
// "" escapes is unescaped into storage the reader keeps until it dies, so
// every view stays valid for the reader's lifetime. Not thread-safe.
#pragma once

#include <deque>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"

namespace jianfu::text {

// The whole file; kNotFound when it does not exist, kIo when unreadable.
Result<std::string> ReadWholeFile(const std::filesystem::path& path);

class CsvReader {
 public:
  // Keeps a view of text, which must outlive the reader. Skips a UTF-8 BOM.
  explicit CsvReader(std::string_view text);

  // Reads the next record, skipping blank lines. False at the end of the
  // text, or on malformed quoting (then error() is non-empty).
  bool Next();

  const std::vector<std::string_view>& fields() const { return fields_; }
  // 1-based line where the current record (or the error) starts.
  int line() const { return line_; }
  // Chinese description of the quoting error, "" when none.
  const std::string& error() const { return error_; }

 private:
  bool Fail(std::string message, int line);

  std::string_view text_;
  size_t pos_ = 0;
  int next_line_ = 1;  // line of text_[pos_]
  int line_ = 0;
  std::vector<std::string_view> fields_;
  std::deque<std::string> unescaped_;
  std::string error_;
};

// s without leading and trailing ASCII spaces and tabs.
std::string_view Trim(std::string_view s);

// A CSV file with a header line naming its columns, as users keep them in
// Excel: the wanted columns in any order, values trimmed and valid UTF-8.
struct CsvTable {
  struct Row {
    int line = 0;                     // 1-based line of the record
    std::vector<std::string> values;  // in the order of the wanted columns
  };
  std::vector<Row> rows;
};
// Reads `path` whose header holds exactly the names in `columns` (any order).
// Errors name the file (Error::path), the line and the column (Error::field),
// in Chinese: a missing, unknown or repeated column, a row of the wrong
// width, malformed quoting, text that is not UTF-8 (kEncoding, with the hint
// to save from Excel as "CSV UTF-8").
Result<CsvTable> ReadCsvTable(const std::filesystem::path& path, const std::vector<std::string>& columns);

}  // namespace jianfu::text
