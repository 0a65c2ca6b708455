// Placeholder: plain UTF-8 text only, until the readers land.
#include "jianfu/extract/extract.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "jianfu/text/encoding.h"

namespace jianfu::extract {

const char* FormatName(Format f) {
  switch (f) {
    case Format::kText: return "txt";
    case Format::kMarkdown: return "md";
    case Format::kDocx: return "docx";
    case Format::kPdf: return "pdf";
  }
  return "txt";
}

std::optional<Format> FormatFromPath(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".txt") return Format::kText;
  if (ext == ".md") return Format::kMarkdown;
  if (ext == ".docx") return Format::kDocx;
  if (ext == ".pdf") return Format::kPdf;
  return std::nullopt;
}

Result<Extracted> ExtractBytes(std::string_view bytes, Format format, const std::string& display_path,
                               const Limits&) {
  auto d = text::DecodeToUtf8(bytes, display_path);
  if (!d.ok()) return d.error();
  return Extracted{std::move(d->utf8), format, d->encoding};
}

Result<Extracted> ExtractFile(const std::filesystem::path& path, const Limits& limits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return MakeError(ErrorCode::kNotFound, "无法打开文件", path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ExtractBytes(ss.str(), FormatFromPath(path).value_or(Format::kText), path.string(), limits);
}

Inputs CollectInputs(const std::vector<std::filesystem::path>& paths) {
  Inputs r;
  for (const auto& p : paths) r.files.push_back(p);
  return r;
}

}  // namespace jianfu::extract
