// Dispatch: file checks, format detection, and the post-processing common to
// every reader (clean-up, emptiness).
#include "jianfu/extract/extract.h"

#include <fstream>
#include <new>
#include <system_error>

#include "internal.h"

namespace jianfu::extract {

namespace fs = std::filesystem;
using namespace internal;

namespace {

constexpr const char* kSupported = "不支持的文件类型（支持 .txt .md .docx .pdf）";

std::string Mib(size_t bytes) {
  const size_t tenths = (bytes * 10 + (1u << 19)) >> 20;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

Error TooLarge(size_t size, const Limits& limits, const std::string& path) {
  return MakeError(ErrorCode::kTooLarge,
                   "文件过大（" + Mib(size) + "，上限 " + Mib(limits.max_file_bytes) + "，max_file_bytes）",
                   path);
}

// Formats jianfu recognises by name but cannot read, with a hint.
std::optional<Error> KnownUnsupported(const std::string& ext, const std::string& path) {
  const char* what = nullptr;
  if (ext == ".doc") what = "旧版 Word（.doc）";
  if (ext == ".wps") what = "WPS 文字（.wps）";
  if (ext == ".ofd") what = "OFD 版式（.ofd）";
  if (ext == ".rtf") what = "RTF（.rtf）";
  if (ext == ".odt") what = "OpenDocument（.odt）";
  if (what == nullptr) return std::nullopt;
  return MakeError(ErrorCode::kUnsupportedFormat,
                   std::string("不支持") + what + "文件，请另存为 .docx 或 .pdf 后再检查", path);
}

// Reads at most limits.max_file_bytes + 1 bytes of `path`.
Result<std::string> ReadCapped(const fs::path& path, const Limits& limits, const std::string& display) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kIo, "无法打开文件（没有读取权限或被占用）", display);
  std::string data;
  std::error_code ec;
  const auto size = fs::file_size(path, ec);
  if (!ec && size <= limits.max_file_bytes) data.reserve(static_cast<size_t>(size));
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    const auto n = static_cast<size_t>(in.gcount());
    if (n > limits.max_file_bytes - data.size()) return TooLarge(data.size() + n, limits, display);
    data.append(buf, n);
  }
  if (in.bad()) return MakeError(ErrorCode::kIo, "读取文件时出错", display);
  return data;
}

Result<Extracted> Dispatch(std::string_view bytes, Format format, const std::string& path,
                           const Limits& limits) {
  switch (format) {
    case Format::kText:
    case Format::kMarkdown:
      return ReadText(bytes, format, path);
    case Format::kDocx:
      return ReadDocx(bytes, path, limits);
    case Format::kPdf:
      return ReadPdf(bytes, path, limits);
  }
  return MakeError(ErrorCode::kInvalidArgument, "未知的文件格式", path);
}

// A file whose extension says nothing: sniffed, then tried as text.
Result<Extracted> ExtractUnknown(std::string_view bytes, const std::string& path, const Limits& limits) {
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) {
    return ExtractBytes(bytes, Format::kPdf, path, limits);
  }
  if (StartsWith(bytes, "PK\x03\x04")) {
    auto r = ExtractBytes(bytes, Format::kDocx, path, limits);
    if (r.ok() || r.error().code != ErrorCode::kCorrupt) return r;
    return MakeError(ErrorCode::kUnsupportedFormat, kSupported, path);
  }
  auto r = ExtractBytes(bytes, Format::kText, path, limits);
  if (!r.ok() && r.error().code == ErrorCode::kEncoding) {
    return MakeError(ErrorCode::kUnsupportedFormat, kSupported, path);
  }
  return r;
}

}  // namespace

const char* FormatName(Format f) {
  switch (f) {
    case Format::kText:
      return "txt";
    case Format::kMarkdown:
      return "md";
    case Format::kDocx:
      return "docx";
    case Format::kPdf:
      return "pdf";
  }
  return "txt";
}

std::optional<Format> FormatFromPath(const fs::path& path) {
  const std::string ext = LowerExtension(path);
  if (ext == ".txt") return Format::kText;
  if (ext == ".md") return Format::kMarkdown;
  if (ext == ".docx") return Format::kDocx;
  if (ext == ".pdf") return Format::kPdf;
  return std::nullopt;
}

Result<Extracted> ExtractBytes(std::string_view bytes, Format format, const std::string& display_path,
                               const Limits& limits) {
  if (bytes.size() > limits.max_file_bytes) return TooLarge(bytes.size(), limits, display_path);
  if (bytes.empty()) return MakeError(ErrorCode::kEmpty, "文件为空", display_path);
  try {
    auto r = Dispatch(bytes, format, display_path, limits);
    if (!r.ok()) return r;
    r->text = CleanText(r->text, /*trim_lines=*/format == Format::kPdf);
    if (IsBlank(r->text)) {
      switch (format) {
        case Format::kPdf:
          return MakeError(ErrorCode::kEmpty, "PDF 没有文字层（可能是扫描件），无法检查", display_path);
        case Format::kDocx:
          return MakeError(ErrorCode::kEmpty, "文档中没有可检查的文字", display_path);
        default:
          return MakeError(ErrorCode::kEmpty, "没有可检查的文字（文件只有空白）", display_path);
      }
    }
    return r;
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kTooLarge, "内存不足，无法读取文件", display_path);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kCorrupt, std::string("读取文件时出错（") + e.what() + "）", display_path);
  }
}

namespace {

Result<Extracted> ExtractFileUnguarded(const fs::path& path, const Limits& limits,
                                       const std::string& display) {
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) {
    if (ec && ec != std::errc::no_such_file_or_directory) {
      return MakeError(ErrorCode::kIo, "无法访问文件（" + ec.message() + "）", display);
    }
    return MakeError(ErrorCode::kNotFound, "文件不存在", display);
  }
  if (fs::is_directory(st)) {
    return MakeError(ErrorCode::kInvalidArgument, "这是文件夹而不是文件（文件夹请交给 CollectInputs 展开）",
                     display);
  }
  if (fs::is_regular_file(st)) {
    const auto size = fs::file_size(path, ec);
    if (!ec && size > limits.max_file_bytes) return TooLarge(static_cast<size_t>(size), limits, display);
  }
  const std::string ext = LowerExtension(path);
  if (auto e = KnownUnsupported(ext, display)) return *e;

  auto data = ReadCapped(path, limits, display);
  if (!data.ok()) return data.error();
  if (const auto format = FormatFromPath(path)) return ExtractBytes(*data, *format, display, limits);
  if (data->empty()) return MakeError(ErrorCode::kEmpty, "文件为空", display);
  return ExtractUnknown(*data, display, limits);
}

}  // namespace

Result<Extracted> ExtractFile(const fs::path& path, const Limits& limits) {
  const std::string display = path.string();
  try {
    return ExtractFileUnguarded(path, limits, display);
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kTooLarge, "内存不足，无法读取文件", display);
  } catch (const std::exception& e) {
    return MakeError(ErrorCode::kIo, std::string("读取文件时出错（") + e.what() + "）", display);
  }
}

}  // namespace jianfu::extract
