// Records of the posts input (include/jianfu/posts/records.h).
#include "jianfu/posts/records.h"

#include <algorithm>
#include <cstring>

#include "jianfu/text/csv.h"
#include "jianfu/text/utf8.h"

namespace jianfu::posts {
namespace {

constexpr const char* kFieldNames[4] = {"account", "published_at", "title", "text"};
constexpr int kMaxDepth = 64;

Error RecordError(std::string message, std::string field = {}, int column = 0) {
  return MakeError(ErrorCode::kCorrupt, std::move(message), {}, std::move(field), 0, column);
}

Error AccountNotUtf8() {
  return RecordError("账号名称不是有效的 UTF-8 文字", "account");
}

int FieldIndex(std::string_view key) {
  for (int i = 0; i < 4; ++i)
    if (key == kFieldNames[i]) return i;
  return -1;
}

// The first position from `at` holding '"', '\\' or a control character
// (or s.size()), eight bytes at a time.
size_t SkipPlain(std::string_view s, size_t at) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero = [](uint64_t v) { return (v - kOnes) & ~v & kHigh; };
  while (at + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + at, 8);
    // Control bytes are those below 0x20: w - 0x20.. borrows into the high
    // bit only for them (bytes >= 0x80 are excluded by ~w).
    const uint64_t special =
        has_zero(w ^ (kOnes * '"')) | has_zero(w ^ (kOnes * '\\')) | ((w - kOnes * 0x20) & ~w & kHigh);
    if (special) break;
    at += 8;
  }
  return at;
}

// A strict JSON reader over one line, enough to take the string values of
// the four fields and skip anything else.
class JsonCursor {
 public:
  explicit JsonCursor(std::string_view s) : s_(s) {}

  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\r')) ++pos_;
  }
  bool AtEnd() const { return pos_ >= s_.size(); }
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++pos_;
    return true;
  }
  size_t pos() const { return pos_; }
  int Column() const { return static_cast<int>(text::CountCodePoints(s_.substr(0, pos_)) + 1); }

  // A string at the cursor; `out` views the line, or `scratch` when the
  // string has escapes. False (with why_) when malformed.
  bool String(std::string_view& out, std::string& scratch) {
    if (!Eat('"')) return Fail("应为字符串");
    const size_t start = pos_;
    bool escaped = false;
    while (true) {
      pos_ = SkipPlain(s_, pos_);
      if (pos_ >= s_.size()) return Fail("字符串缺少结束的引号");
      const char c = s_[pos_];
      if (c == '"') break;
      if (static_cast<unsigned char>(c) < 0x20) return Fail("字符串中有未转义的控制字符");
      if (c == '\\') {
        escaped = true;
        pos_ += 2;
        continue;
      }
      ++pos_;
    }
    const std::string_view raw = s_.substr(start, pos_ - start);
    ++pos_;
    if (!escaped) {
      out = raw;
      return true;
    }
    scratch.clear();
    for (size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        const size_t next = std::min(raw.find('\\', i), raw.size());
        scratch.append(raw.data() + i, next - i);
        i = next - 1;
        continue;
      }
      const char e = raw[++i];
      switch (e) {
        case '"':
        case '\\':
        case '/':
          scratch += e;
          break;
        case 'b':
          scratch += '\b';
          break;
        case 'f':
          scratch += '\f';
          break;
        case 'n':
          scratch += '\n';
          break;
        case 'r':
          scratch += '\r';
          break;
        case 't':
          scratch += '\t';
          break;
        case 'u': {
          char32_t cp = Hex4(raw, i + 1);
          if (cp == kBad) return FailAt(start + i, "\\u 转义后应为 4 位十六进制数");
          i += 4;
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            const char32_t low =
                i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' ? Hex4(raw, i + 3) : kBad;
            if (low < 0xDC00 || low > 0xDFFF) return FailAt(start + i, "\\u 转义中的代理项不成对");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return FailAt(start + i, "\\u 转义中的代理项不成对");
          }
          text::AppendUtf8(scratch, cp);
          break;
        }
        default:
          return FailAt(start + i, "字符串中有无效的转义");
      }
    }
    out = scratch;
    return true;
  }

  // Any value, checked and skipped.
  bool SkipValue(int depth = 0) {
    if (depth > kMaxDepth) return Fail("嵌套过深");
    SkipSpace();
    const char c = Peek();
    if (c == '"') {
      std::string_view v;
      return String(v, skip_scratch_);
    }
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      SkipSpace();
      if (Eat(close)) return true;
      while (true) {
        if (c == '{') {
          SkipSpace();
          std::string_view key;
          if (!String(key, skip_scratch_)) return false;
          SkipSpace();
          if (!Eat(':')) return Fail("键后应为冒号");
        }
        if (!SkipValue(depth + 1)) return false;
        SkipSpace();
        if (Eat(close)) return true;
        if (!Eat(',')) return Fail(c == '{' ? "对象中应为逗号或 }" : "数组中应为逗号或 ]");
      }
    }
    for (const char* word : {"true", "false", "null"}) {
      const size_t n = std::strlen(word);
      if (s_.substr(pos_, n) == word) {
        pos_ += n;
        return true;
      }
    }
    return Number();
  }

  bool Number() {
    const size_t start = pos_;
    Eat('-');
    if (Eat('0')) {
    } else if (Digits() == 0) {
      pos_ = start;
      return Fail("不是有效的 JSON 值");
    }
    if (Eat('.') && Digits() == 0) return Fail("数字的小数点后应有数字");
    if (Eat('e') || Eat('E')) {
      if (!Eat('+')) Eat('-');
      if (Digits() == 0) return Fail("数字的指数应有数字");
    }
    return true;
  }

  bool Fail(const char* why) {
    if (why_.empty()) why_ = why;
    return false;
  }
  const std::string& why() const { return why_; }

 private:
  static constexpr char32_t kBad = 0xFFFFFFFF;
  static char32_t Hex4(std::string_view s, size_t at) {
    if (at + 4 > s.size()) return kBad;
    char32_t v = 0;
    for (size_t i = at; i < at + 4; ++i) {
      const char c = s[i];
      const int d = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (d < 0) return kBad;
      v = v * 16 + static_cast<char32_t>(d);
    }
    return v;
  }
  bool FailAt(size_t pos, const char* why) {
    pos_ = pos;
    return Fail(why);
  }
  size_t Digits() {
    const size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') ++pos_;
    return pos_ - start;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string why_;
  std::string skip_scratch_;
};

bool IsBlank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\r') return false;
  return true;
}

}  // namespace

const char* InputFormatName(InputFormat f) {
  return f == InputFormat::kCsv ? "csv" : "jsonl";
}

Result<InputFormat> FormatFromPath(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  for (char& c : ext) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (ext == ".jsonl" || ext == ".ndjson") return InputFormat::kJsonl;
  if (ext == ".csv") return InputFormat::kCsv;
  return MakeError(ErrorCode::kUnsupportedFormat,
                   "无法从扩展名判断输入格式（应为 .jsonl 或 .csv），请用 --input-format jsonl 或 csv 指定",
                   path.string());
}

Result<PostFields> JsonLineParser::Parse(std::string_view line) {
  JsonCursor c(line);
  auto fail = [&]() { return RecordError("不是有效的 JSON：" + c.why(), {}, c.Column()); };
  c.SkipSpace();
  if (!c.Eat('{')) return RecordError("不是 JSON 对象（每行应为一个 {...}）", {}, c.Column());
  PostFields f;
  std::string_view* slot[4] = {&f.account, &f.published_at, &f.title, &f.text};
  bool present[4] = {false, false, false, false};
  std::string key_scratch;
  c.SkipSpace();
  if (!c.Eat('}')) {
    while (true) {
      c.SkipSpace();
      std::string_view key;
      if (!c.String(key, key_scratch)) return fail();
      c.SkipSpace();
      if (!c.Eat(':')) {
        c.Fail("键后应为冒号");
        return fail();
      }
      c.SkipSpace();
      const int field = FieldIndex(key);
      if (field < 0) {
        if (!c.SkipValue()) return fail();
      } else if (c.Peek() == '"') {
        if (!c.String(*slot[field], scratch_[field])) return fail();
        present[field] = true;
      } else if (line.substr(c.pos(), 4) == "null" && field != 0) {
        c.SkipValue();
        *slot[field] = {};
      } else {
        const int column = c.Column();
        return RecordError(std::string("“") + kFieldNames[field] + "”的值应为字符串", kFieldNames[field],
                           column);
      }
      c.SkipSpace();
      if (c.Eat('}')) break;
      if (!c.Eat(',')) {
        c.Fail("对象中应为逗号或 }");
        return fail();
      }
    }
  }
  c.SkipSpace();
  if (!c.AtEnd()) return RecordError("JSON 对象之后还有多余的内容", {}, c.Column());
  f.account = text::Trim(f.account);
  if (!present[0] || f.account.empty()) return RecordError("缺少账号", "account");
  if (text::FindInvalidUtf8(f.account) != text::kNpos) return AccountNotUtf8();
  return f;
}

Status CsvRecordParser::ReadHeader(std::string_view record) {
  text::CsvReader csv(record);
  if (!csv.Next()) {
    return MakeError(ErrorCode::kCorrupt, csv.error().empty() ? "缺少表头" : "表头：" + csv.error(), {}, {},
                     1);
  }
  width_ = csv.fields().size();
  bool seen[4] = {false, false, false, false};
  for (size_t i = 0; i < width_; ++i) {
    const int field = FieldIndex(text::Trim(csv.fields()[i]));
    if (field < 0) continue;
    if (seen[field]) return MakeError(ErrorCode::kCorrupt, "表头中这一列重复", {}, kFieldNames[field], 1);
    seen[field] = true;
    column_[field] = i;
  }
  for (int field = 0; field < 4; ++field) {
    if (!seen[field]) {
      return MakeError(
          ErrorCode::kCorrupt,
          std::string("表头缺少列 ") + kFieldNames[field] + "（应有 account,published_at,title,text）", {},
          kFieldNames[field], 1);
    }
  }
  return Ok{};
}

Result<PostFields> CsvRecordParser::Parse(std::string_view record) {
  text::CsvReader csv(record);
  if (!csv.Next()) return RecordError(csv.error().empty() ? "空行" : csv.error());
  if (csv.fields().size() != width_) {
    return RecordError("这一行有 " + std::to_string(csv.fields().size()) + " 列，表头有 " +
                       std::to_string(width_) + " 列");
  }
  // Fields that were unescaped live in the reader, which dies here: copy.
  scratch_.resize(4);
  std::string_view value[4];
  for (int field = 0; field < 4; ++field) {
    const std::string_view v = csv.fields()[column_[field]];
    if (v.data() >= record.data() && v.data() + v.size() <= record.data() + record.size()) {
      value[field] = v;
    } else {
      scratch_[field].assign(v);
      value[field] = scratch_[field];
    }
  }
  if (csv.Next() || !csv.error().empty())
    return RecordError(csv.error().empty() ? "一行中有多条记录" : csv.error());
  PostFields f{text::Trim(value[0]), value[1], value[2], value[3]};
  if (f.account.empty()) return RecordError("缺少账号", "account");
  if (text::FindInvalidUtf8(f.account) != text::kNpos) return AccountNotUtf8();
  return f;
}

size_t SplitRecords(std::string_view buf, InputFormat format, bool last, uint64_t& line,
                    std::vector<Record>& out) {
  const char* const data = buf.data();
  const size_t size = buf.size();
  size_t pos = 0;
  auto emit = [&](size_t begin, size_t end) {
    std::string_view r(data + begin, end - begin);
    if (!r.empty() && r.back() == '\r') r.remove_suffix(1);
    if (!IsBlank(r)) out.push_back({r, line});
  };
  while (pos < size) {
    size_t end = size;
    uint64_t inner_lines = 0;
    bool open = false;  // a CSV quote still open at `end`
    if (format == InputFormat::kJsonl) {
      const void* nl = std::memchr(data + pos, '\n', size - pos);
      if (nl) end = static_cast<size_t>(static_cast<const char*>(nl) - data);
    } else {
      for (size_t i = pos; i < size; ++i) {
        const char c = data[i];
        if (c == '"') {
          open = !open;
        } else if (c == '\n') {
          if (!open) {
            end = i;
            break;
          }
          ++inner_lines;
        }
      }
    }
    if (end < size) {
      emit(pos, end);
      line += 1 + inner_lines;
      pos = end + 1;
      continue;
    }
    // No complete record left.
    if (!last && (!open || size - pos <= kMaxRecordBytes)) break;
    if (!open) {  // the last record, without a final line break
      emit(pos, size);
      line += inner_lines;
      pos = size;
      break;
    }
    // A quote left open: cut at the first line break, rescan after it.
    const void* nl = std::memchr(data + pos, '\n', size - pos);
    if (!nl) {
      emit(pos, size);
      pos = size;
      break;
    }
    const size_t cut = static_cast<size_t>(static_cast<const char*>(nl) - data);
    emit(pos, cut);
    line += 1;
    pos = cut + 1;
  }
  return pos;
}

}  // namespace jianfu::posts
