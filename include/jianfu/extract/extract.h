// include/jianfu/extract/extract.h
//
// Reading documents into plain text: .txt/.md (UTF-8, UTF-16 with BOM,
// GB18030/GBK), .docx (body paragraphs and tables, in document order) and
// .pdf (text layer, via poppler-cpp). Also the ripgrep-like expansion of
// folders into the files to check.
//
// Output text is valid UTF-8 with '\n' line ends: one paragraph (or table row)
// per line, table cells separated by '\t'; no '\r', no NUL, no BOM, no other
// C0 control character than '\t' and '\n' (form feeds become line breaks).
//   .txt/.md  the decoded text, otherwise unchanged (see text/encoding.h).
//   .docx     the body of word/document.xml (the part named by the package's
//             officeDocument relationship): each w:p one line ending in '\n'
//             (w:tab -> '\t', w:br/w:cr -> '\n'); each table row one line,
//             its cells joined by '\t', the paragraphs inside a cell joined by
//             a space; text-box paragraphs on lines after the paragraph that
//             anchors them. Tracked deletions (w:del, w:moveFrom, deleted rows)
//             and field codes are skipped, insertions kept. Headers, footers,
//             footnotes and comments are not read.
//   .pdf      the text layer page by page in poppler's physical layout (so
//             indentation and right-aligned lines such as 落款 and page numbers
//             keep their leading spaces; lines wrap where the PDF wraps them),
//             pages separated by '\n'; trailing spaces, form feeds and runs of
//             blank lines are removed.
// Every failure is an Error naming the file and the reason, in Chinese, on one
// line; no input, however malformed, crashes or hangs. Thread-safe: functions
// keep no shared state (the PDF reader installs, once per process, a poppler
// hook that keeps poppler's diagnostics off stderr).
// Chinese PDFs using the standard non-embedded CJK fonts (STSong-Light with
// GB-EUC-H and the like) need the CMap files of Debian's poppler-data.
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
  // Largest compression ratio (uncompressed / compressed) of one zip entry
  // before it is refused as a bomb; only applied to entries over 1 MiB, both
  // to the declared size and to the bytes actually inflated. Default: 200.
  size_t max_compression_ratio = 200;
  // Largest PDF page count read. Default: 2,000.
  size_t max_pdf_pages = 2000;
};

struct Extracted {
  std::string text;  // see the file comment for the shape
  Format format = Format::kText;
  std::string encoding;  // source encoding for .txt/.md ("UTF-8", "GB18030"...); "" otherwise
};

// Reads and converts one file; errors carry path.string() as their path.
// The format comes from the extension (FormatFromPath). .doc, .wps, .ofd,
// .rtf and .odt are refused (kUnsupportedFormat, with the hint to save as
// .docx or .pdf). Any other extension: a file starting like a PDF or a ZIP is
// read as .pdf / .docx, anything else as text; when that fails the error is
// kUnsupportedFormat. A file over limits.max_file_bytes is refused before it
// is read. Errors: kNotFound, kInvalidArgument (a folder), kIo,
// kUnsupportedFormat, kCorrupt, kEncrypted (password-protected PDF or Office
// file, encrypted zip entry), kTooLarge, kEmpty (no text after extraction;
// e.g. a scanned PDF with no text layer), kEncoding (text in no recognised
// encoding; a PDF whose text layer is garbage because its fonts have no
// Unicode mapping).
Result<Extracted> ExtractFile(const std::filesystem::path& path, const Limits& limits = {});

// Same for bytes already in memory (standard input, uploads), read as
// `format` whatever they look like; `display_path` names them in errors.
Result<Extracted> ExtractBytes(std::string_view bytes, Format format, const std::string& display_path,
                               const Limits& limits = {});

struct Inputs {
  std::vector<std::filesystem::path> files;  // in a stable, sorted order
  std::vector<Error> errors;                 // paths that do not exist, unreadable folders
};

// Expands the given paths the way ripgrep does: a file is taken as given
// (whatever its extension: ExtractFile then decides), a folder is walked
// recursively for files whose extension FormatFromPath knows, skipping hidden
// files and folders (names starting with '.'), Office lock files (names
// starting with "~$") and symbolic links to folders; the files found in one
// folder are sorted by path. Results keep the order of `paths`.
Inputs CollectInputs(const std::vector<std::filesystem::path>& paths);

}  // namespace jianfu::extract
