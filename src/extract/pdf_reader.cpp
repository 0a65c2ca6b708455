// .pdf: the text layer, page by page, via poppler-cpp.
#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <climits>
#include <memory>
#include <mutex>
#include <string>

#include "internal.h"
#include "jianfu/text/utf8.h"

namespace jianfu::extract::internal {

namespace {

// Poppler reports every oddity of a damaged file on stderr; the caller gets
// an Error instead. The hook is process-wide, installed once.
void SilencePoppler() {
  static std::once_flag once;
  std::call_once(once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

// Some PDF producers (the Beijing 市政府公报 among them) use fonts whose codes
// have no Unicode mapping; poppler then returns the raw codes, which come out
// as ASCII punctuation, Latin-1 letters and Private Use characters, with
// almost no Chinese. Checking such text would silently find nothing, so it is
// refused. Real documents in the corpus score below 2% "odd" characters,
// garbled ones above 55%.
bool LooksGarbled(std::string_view s) {
  size_t total = 0;
  size_t cjk = 0;
  size_t odd = 0;
  for (size_t pos = 0; pos < s.size();) {
    const char32_t c = text::DecodeUtf8(s, pos);
    if (c <= 0x20 || (c >= 0x7F && c <= 0xA0) || c == 0x3000) continue;  // spaces and controls
    ++total;
    if ((c >= 0x3400 && c <= 0x9FFF) || (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
        c >= 0x20000) {
      ++cjk;
    } else if ((c < 0x80 && !(c >= '0' && c <= '9') && !(c >= 'A' && c <= 'Z') && !(c >= 'a' && c <= 'z')) ||
               (c >= 0xA1 && c <= 0xFF) || (c >= 0xE000 && c <= 0xF8FF) || c == 0xFFFD) {
      ++odd;
    }
  }
  return total >= 20 && odd * 10 > total * 3 && cjk * 2 < total;
}

// Page text without its trailing blank lines, spaces and form feed.
void AppendPage(std::string& out, const poppler::byte_array& page) {
  size_t n = page.size();
  while (n > 0 && (page[n - 1] == '\n' || page[n - 1] == '\f' || page[n - 1] == ' ' || page[n - 1] == '\r' ||
                   page[n - 1] == '\t')) {
    --n;
  }
  if (n == 0) return;
  out.append(page.data(), n);
  out += '\n';
}

}  // namespace

Result<Extracted> ReadPdf(std::string_view bytes, const std::string& path, const Limits& limits) {
  SilencePoppler();
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return MakeError(ErrorCode::kTooLarge, "PDF 文件过大，无法读取", path);
  }
  if (bytes.substr(0, 1024).find("%PDF-") == std::string_view::npos) {
    return MakeError(ErrorCode::kCorrupt, "不是有效的 PDF 文件（缺少 %PDF 文件头）", path);
  }
  // Poppler keeps a pointer to the bytes: they outlive `doc` here.
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!doc) return MakeError(ErrorCode::kCorrupt, "不是有效的 PDF 文件（文件损坏或不完整，无法打开）", path);
  if (doc->is_locked())
    return MakeError(ErrorCode::kEncrypted, "文件已加密，无法读取（PDF 设有打开密码）", path);

  const int pages = doc->pages();
  if (pages < 0 || static_cast<size_t>(pages) > limits.max_pdf_pages) {
    return MakeError(ErrorCode::kTooLarge,
                     "PDF 有 " + std::to_string(pages) + " 页，超过页数上限（" +
                         std::to_string(limits.max_pdf_pages) + " 页，max_pdf_pages）",
                     path);
  }
  std::string text;
  for (int i = 0; i < pages; ++i) {
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (!page) continue;
    // Physical layout keeps indentation and right-aligned lines (落款, page
    // numbers) recognisable; CleanText later trims the line ends.
    AppendPage(text, page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8());
  }
  if (LooksGarbled(text)) {
    return MakeError(ErrorCode::kEncoding,
                     "PDF 文字层是乱码（字体没有 Unicode 映射），无法检查；请改用 .docx 原件或重新导出的 PDF",
                     path);
  }
  return Extracted{std::move(text), Format::kPdf, ""};
}

}  // namespace jianfu::extract::internal
