// include/jianfu/extract/extract.h
//
// Reading documents into plain text: .txt/.md (UTF-8, UTF-16 with BOM,
// GB18030/GBK), .docx (body paragraphs and tables, in document order) and
// .pdf (text layer, via poppler-cpp). Also the ripgrep-like expansion of
// folders into the files to check.
//
// Output text is UTF-8 with '\n' line ends: one paragraph (or table row) per
// line, table cells separated by '\t'; no '\r', no NUL, no BOM.
// Every failure is an Error naming the file and the reason, in Chinese; no
// input, however malformed, crashes or hangs. Thread-safe: functions keep no
// shared state.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jianfu/core/result.h"

namespace jianfu::extract {

enum class Format { kText, kMarkdown, kDocx, kPdf };

// "txt", "md", "docx", "pdf".
const char* FormatName(Format f);

// Format from the file extension (case-insensitive); nullopt for others.
std::optional<Format> FormatFromPath(const std::filesystem::path& path);

struct Limits {
  // Largest input file read at all. Default: 64 MiB.
  size_t max_file_bytes = 64u << 20;
  // Largest total uncompressed size of the .docx parts read (zip-bomb cap).
  // Default: 128 MiB.
  size_t max_uncompressed_bytes = 128u << 20;
  // Largest compression ratio of one zip entry before it is refused as a
  // bomb. Default: 200.
  size_t max_compression_ratio = 200;
  // Largest PDF page count read. Default: 2,000.
  size_t max_pdf_pages = 2000;
};

struct Extracted {
  std::string text;      // see the file comment for the shape
  Format format = Format::kText;
  std::string encoding;  // source encoding for .txt/.md ("UTF-8", "GB18030"...); "" otherwise
};

// Reads and converts one file. `display_path` is used in errors (defaults to
// path.string()). Errors: kNotFound, kIo, kUnsupportedFormat, kCorrupt,
// kEncrypted, kTooLarge, kEmpty (no text after extraction; e.g. a scanned
// PDF with no text layer), kEncoding.
Result<Extracted> ExtractFile(const std::filesystem::path& path, const Limits& limits = {});

// Same for bytes already in memory (standard input, uploads).
Result<Extracted> ExtractBytes(std::string_view bytes, Format format, const std::string& display_path,
                               const Limits& limits = {});

struct Inputs {
  std::vector<std::filesystem::path> files;  // in a stable, sorted order
  std::vector<Error> errors;                 // paths that do not exist, unreadable folders
};

// Expands the given paths the way ripgrep does: a file is taken as given
// (whatever its extension: ExtractFile then decides), a folder is walked
// recursively for files whose extension FormatFromPath knows, skipping hidden
// files and folders (names starting with '.'), sorted by path.
Inputs CollectInputs(const std::vector<std::filesystem::path>& paths);

}  // namespace jianfu::extract
