// src/extract/test_util.h: helpers for the extract tests (temporary folders,
// in-memory .docx packages built with libzip, hand-written PDFs).
#pragma once

#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

namespace jianfu::extract::testing {

namespace fs = std::filesystem;

// A fresh folder under the system temporary directory, removed on scope exit.
class TempDir {
 public:
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "jianfu-extract-XXXXXX").string();
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    path_ = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }
  fs::path operator/(const std::string& rel) const { return path_ / rel; }

 private:
  fs::path path_;
};

inline void WriteFile(const fs::path& p, const std::string& bytes) {
  fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// An entry of a generated zip: name and content, or `zeros` bytes of 0 when
// zeros > 0 (streamed, never held in memory).
struct ZipEntry {
  std::string name;
  std::string content;
  uint64_t zeros = 0;
};

namespace detail {

struct ZeroSource {
  uint64_t size;
  uint64_t pos = 0;
};

inline zip_int64_t ZeroCallback(void* ud, void* data, zip_uint64_t len, zip_source_cmd_t cmd) {
  auto* z = static_cast<ZeroSource*>(ud);
  switch (cmd) {
    case ZIP_SOURCE_OPEN:
      z->pos = 0;
      return 0;
    case ZIP_SOURCE_READ: {
      const zip_uint64_t n = std::min<zip_uint64_t>(len, z->size - z->pos);
      std::fill_n(static_cast<char*>(data), n, '\0');
      z->pos += n;
      return static_cast<zip_int64_t>(n);
    }
    case ZIP_SOURCE_CLOSE:
      return 0;
    case ZIP_SOURCE_STAT: {
      auto* st = static_cast<zip_stat_t*>(data);
      zip_stat_init(st);
      st->size = z->size;
      st->valid |= ZIP_STAT_SIZE;
      return sizeof(zip_stat_t);
    }
    case ZIP_SOURCE_ERROR:
      return 2 * sizeof(int);
    case ZIP_SOURCE_FREE:
      delete z;
      return 0;
    case ZIP_SOURCE_SUPPORTS:
      return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE,
                                            ZIP_SOURCE_STAT, ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default:
      return -1;
  }
}

}  // namespace detail

// Builds a zip archive in memory. Returns "" on failure.
inline std::string MakeZip(const std::vector<ZipEntry>& entries) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* out = zip_source_buffer_create(nullptr, 0, 0, &err);
  zip_source_keep(out);
  zip_t* za = zip_open_from_source(out, ZIP_TRUNCATE, &err);
  if (za == nullptr) return {};
  for (const ZipEntry& e : entries) {
    zip_source_t* s = e.zeros > 0
                          ? zip_source_function(za, detail::ZeroCallback, new detail::ZeroSource{e.zeros})
                          : zip_source_buffer(za, e.content.data(), e.content.size(), 0);
    const zip_int64_t idx = zip_file_add(za, e.name.c_str(), s, ZIP_FL_ENC_UTF_8);
    if (e.zeros > 0) zip_set_file_compression(za, static_cast<zip_uint64_t>(idx), ZIP_CM_DEFLATE, 1);
  }
  if (zip_close(za) != 0) return {};
  std::string bytes;
  if (zip_source_open(out) == 0) {
    char buf[65536];
    zip_int64_t n;
    while ((n = zip_source_read(out, buf, sizeof buf)) > 0) bytes.append(buf, static_cast<size_t>(n));
    zip_source_close(out);
  }
  zip_source_free(out);
  zip_error_fini(&err);
  return bytes;
}

inline const char* kContentTypes =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>)";

inline const char* kRels =
    R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>)";

// A .docx package whose body is `body_xml` (the children of w:body).
inline std::string MakeDocx(const std::string& body_xml) {
  const std::string doc =
      R"(<?xml version="1.0" encoding="UTF-8" standalone="yes"?>)"
      "\n"
      R"(<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" )"
      R"(xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>)" +
      body_xml + R"(<w:sectPr/></w:body></w:document>)";
  return MakeZip(
      {{"[Content_Types].xml", kContentTypes}, {"_rels/.rels", kRels}, {"word/document.xml", doc}});
}

// A PDF with one page per element of `pages`; each page shows its lines of
// text (UTF-8, BMP only) in a Type0 / Identity-H font with a ToUnicode CMap
// and no embedded font program. An empty line list gives a page with only a
// filled rectangle (no text). With `encrypt`, the trailer carries a Standard
// security handler whose /U entry matches no password (a locked file).
std::string MakePdf(const std::vector<std::vector<std::string>>& pages, bool encrypt = false);

}  // namespace jianfu::extract::testing
