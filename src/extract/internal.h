// src/extract/internal.h: pieces shared by the readers of the extract module.
// Not a public header.
#pragma once

#include <string>
#include <string_view>

#include "jianfu/extract/extract.h"

namespace jianfu::extract::internal {

// Each reader returns the raw text of one format; ExtractBytes then applies
// CleanText and the emptiness check common to all formats.
Result<Extracted> ReadText(std::string_view bytes, Format format, const std::string& path);
Result<Extracted> ReadDocx(std::string_view bytes, const std::string& path, const Limits& limits);
Result<Extracted> ReadPdf(std::string_view bytes, const std::string& path, const Limits& limits);

// Makes extracted text fit the shape promised in extract.h: valid UTF-8
// (malformed bytes become U+FFFD), '\n' line ends (CRLF, CR, form feed,
// U+2028/U+2029 and vertical tab become '\n'), no NUL or other C0 control
// except '\t' and '\n', no BOM / U+FEFF. With `trim_lines`, trailing spaces
// and tabs are removed from every line and runs of more than two blank lines
// are collapsed (for PDF layout artefacts).
std::string CleanText(std::string_view in, bool trim_lines);

// True when `s` holds nothing but whitespace (ASCII, U+3000, NBSP, ...).
bool IsBlank(std::string_view s);

// Lower-cased extension with the dot (".docx"), "" when none.
std::string LowerExtension(const std::filesystem::path& path);

inline bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

}  // namespace jianfu::extract::internal
