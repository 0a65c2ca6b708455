// src/extract/zip_reader.h: read-only access to a ZIP archive held in memory
// (libzip), with the zip-bomb defences of Limits. Not a public header.
#pragma once

#include <zip.h>

#include <memory>
#include <string>
#include <string_view>

#include "jianfu/extract/extract.h"

namespace jianfu::extract::internal {

class ZipReader {
 public:
  // Opens `bytes` (which must outlive the reader). Fails with kCorrupt when
  // the bytes are not a ZIP archive. `path` names the file in errors.
  static Result<std::unique_ptr<ZipReader>> Open(std::string_view bytes, const std::string& path,
                                                 const Limits& limits);
  ~ZipReader();
  ZipReader(const ZipReader&) = delete;
  ZipReader& operator=(const ZipReader&) = delete;

  // True when the archive has an entry named `name` (exact, then
  // case-insensitive match).
  bool Has(const std::string& name) const;

  // Reads entry `name` whole. Before reading, refuses (kTooLarge) an entry
  // whose declared size exceeds what is left of limits.max_uncompressed_bytes
  // or whose declared compression ratio exceeds limits.max_compression_ratio;
  // while reading, stops at the same caps whatever the header said. Fails
  // with kNotFound when there is no such entry, kEncrypted for an encrypted
  // entry, kCorrupt when decompression fails. The bytes read count against
  // the total for later calls.
  Result<std::string> Read(const std::string& name);

 private:
  ZipReader(zip_t* archive, std::string path, const Limits& limits)
      : archive_(archive), path_(std::move(path)), limits_(limits) {}

  zip_t* archive_;
  std::string path_;
  Limits limits_;
  size_t total_read_ = 0;
};

// Entries smaller than this are never refused for their compression ratio:
// small, very repetitive XML parts compress well beyond any sane ratio, and
// cost nothing to inflate.
inline constexpr size_t kRatioCheckFloor = 1u << 20;

}  // namespace jianfu::extract::internal
