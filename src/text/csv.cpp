#include "jianfu/text/csv.h"

#include <cstring>
#include <fstream>
#include <system_error>

#include "jianfu/text/utf8.h"

namespace jianfu::text {

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) return MakeError(ErrorCode::kNotFound, "找不到文件", path.string());
  if (std::filesystem::is_directory(status)) {
    return MakeError(ErrorCode::kInvalidArgument, "这是文件夹而不是文件", path.string());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "无法打开文件（没有读取权限或被占用）", path.string());
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size < 0) return MakeError(ErrorCode::kIo, "读取文件时出错", path.string());
  std::string bytes(static_cast<size_t>(size), '\0');
  if (!in.read(bytes.data(), size)) return MakeError(ErrorCode::kIo, "读取文件时出错", path.string());
  return bytes;
}

CsvReader::CsvReader(std::string_view text) : text_(text) {
  if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::Fail(std::string message, int line) {
  error_ = std::move(message);
  line_ = line;
  pos_ = text_.size();
  return false;
}

bool CsvReader::Next() {
  fields_.clear();
  if (!error_.empty()) return false;
  // Blank lines (also "\r\n") separate nothing: skip them.
  while (pos_ < text_.size()) {
    if (text_[pos_] == '\n') {
      ++pos_;
      ++next_line_;
    } else if (text_[pos_] == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') {
      pos_ += 2;
      ++next_line_;
    } else {
      break;
    }
  }
  if (pos_ >= text_.size()) return false;
  line_ = next_line_;
  const char* const data = text_.data();
  const size_t size = text_.size();
  while (true) {
    if (pos_ < size && data[pos_] == '"') {
      // Quoted field: runs to the quote not followed by another quote.
      const int start_line = next_line_;
      const size_t start = pos_ + 1;
      size_t at = start;
      bool escaped = false;
      while (true) {
        const void* q = at < size ? std::memchr(data + at, '"', size - at) : nullptr;
        if (q == nullptr) return Fail("引号未闭合（缺少结束的 \"）", start_line);
        const size_t quote = static_cast<size_t>(static_cast<const char*>(q) - data);
        if (quote + 1 < size && data[quote + 1] == '"') {
          escaped = true;
          at = quote + 2;
          continue;
        }
        at = quote;
        break;
      }
      std::string_view raw(data + start, at - start);
      for (char c : raw) next_line_ += c == '\n' ? 1 : 0;
      if (escaped) {
        std::string& out = unescaped_.emplace_back();
        out.reserve(raw.size());
        for (size_t k = 0; k < raw.size(); ++k) {
          out += raw[k];
          if (raw[k] == '"') ++k;  // the second quote of ""
        }
        raw = out;
      }
      fields_.push_back(raw);
      pos_ = at + 1;
      if (pos_ < size && data[pos_] != ',' && data[pos_] != '\n' &&
          !(data[pos_] == '\r' && pos_ + 1 < size && data[pos_ + 1] == '\n')) {
        return Fail("引号后应为逗号或行尾", next_line_);
      }
    } else {
      const size_t start = pos_;
      while (pos_ < size && data[pos_] != ',' && data[pos_] != '\n') {
        if (data[pos_] == '"')
          return Fail("未加引号的字段中出现了引号（含引号的字段应整体加引号，引号写两遍）", line_);
        ++pos_;
      }
      size_t end = pos_;
      if (end > start && data[end - 1] == '\r' && (pos_ >= size || data[pos_] == '\n')) --end;
      fields_.emplace_back(data + start, end - start);
    }
    // Now at ',', '\r\n', '\n' or the end.
    if (pos_ >= size) return true;
    if (data[pos_] == ',') {
      ++pos_;
      continue;
    }
    if (data[pos_] == '\r') ++pos_;
    ++pos_;  // '\n'
    ++next_line_;
    return true;
  }
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Result<CsvTable> ReadCsvTable(const std::filesystem::path& path, const std::vector<std::string>& columns) {
  const std::string file = path.string();
  auto at = [&](ErrorCode code, int line, std::string field, std::string message) {
    return MakeError(code, std::move(message), file, std::move(field), line);
  };
  std::string wanted;
  for (const auto& c : columns) wanted += (wanted.empty() ? "" : ",") + c;
  auto bytes = ReadWholeFile(path);
  if (!bytes) return bytes.error();
  CsvReader csv(*bytes);
  if (!csv.Next()) {
    if (!csv.error().empty()) return at(ErrorCode::kCorrupt, csv.line(), "", csv.error());
    return at(ErrorCode::kCorrupt, 1, "", "文件为空，缺少表头 " + wanted);
  }
  // index[c]: the position of wanted column c in the file's header.
  std::vector<size_t> index(columns.size(), SIZE_MAX);
  const auto& header = csv.fields();
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string_view name = Trim(header[i]);
    size_t c = 0;
    while (c < columns.size() && name != columns[c]) ++c;
    if (c == columns.size())
      return at(ErrorCode::kCorrupt, csv.line(), std::string(name),
                "表头有未知的列“" + std::string(name) + "”（应为 " + wanted + "）");
    if (index[c] != SIZE_MAX) return at(ErrorCode::kCorrupt, csv.line(), columns[c], "表头中这一列重复");
    index[c] = i;
  }
  for (size_t c = 0; c < columns.size(); ++c)
    if (index[c] == SIZE_MAX) return at(ErrorCode::kCorrupt, csv.line(), columns[c], "表头缺少列 " + columns[c]);
  const size_t width = header.size();
  CsvTable table;
  while (csv.Next()) {
    const auto& f = csv.fields();
    if (f.size() != width)
      return at(ErrorCode::kCorrupt, csv.line(), "",
                "这一行有 " + std::to_string(f.size()) + " 列，表头有 " + std::to_string(width) + " 列");
    CsvTable::Row row;
    row.line = csv.line();
    for (size_t c = 0; c < columns.size(); ++c) {
      const std::string_view v = Trim(f[index[c]]);
      if (FindInvalidUtf8(v) != kNpos)
        return at(ErrorCode::kEncoding, csv.line(), columns[c],
                  "不是有效的 UTF-8 文字（用 Excel 编辑的，请另存为“CSV UTF-8”格式）");
      row.values.emplace_back(v);
    }
    table.rows.push_back(std::move(row));
  }
  if (!csv.error().empty()) return at(ErrorCode::kCorrupt, csv.line(), "", csv.error());
  return table;
}

}  // namespace jianfu::text
