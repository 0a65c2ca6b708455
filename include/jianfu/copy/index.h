// include/jianfu/copy/index.h
//
// A persistent near-duplicate index (`jianfu index build/add/query`): the
// LSH band keys of every document of a corpus, in one file that is
// memory-mapped rather than read, so that an office can ask "which earlier
// documents does this one repeat?" across years of issuance.
//
// The index keeps no text and no shingles: per document a 24-byte record
// (content hash of the normalised text, shingle count, where its path is)
// and one 8-byte posting (band key, document) per band, 192 bytes with the
// default 21 bands, plus the path. A query takes the documents sharing a
// band key with the query (Candidates); the caller then verifies each by the
// exact Jaccard index, re-reading the candidate from its path (the documents
// themselves are what the caller keeps).
//
// Paths are stored relative to the folder of the index file, so the index
// and the corpus can move together; ResolvePath gives the path to open.
// The format, versioned and checksummed, is specified in docs/copy.md. Adding
// documents rewrites the file: the existing postings and the new ones are
// merged into a temporary file next to it, which then replaces it, so a
// failure leaves the old index intact.
//
// CopyIndex is immutable once opened and thread-safe; it owns its mapping
// and is movable, not copyable.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "jianfu/copy/normalize.h"
#include "jianfu/copy/settings.h"
#include "jianfu/core/result.h"

namespace jianfu::copy {

// The file format version this build reads and writes.
inline constexpr uint32_t kIndexVersion = 1;

struct IndexedDocument {
  std::string_view path;  // as stored: relative to the index file's folder
  uint64_t content_hash = 0;
  uint32_t shingles = 0;
};

struct NewDocument;
struct WriteStats;

class CopyIndex {
 public:
  // Maps and validates `file`: magic, version, header checksum, parameters,
  // exact size, body checksum and every stored reference. Errors: kNotFound,
  // kIo, kUnsupportedFormat (another format version), kCorrupt (not an
  // index, truncated, damaged). Nothing malformed is ever dereferenced.
  static Result<CopyIndex> Open(const std::filesystem::path& file);

  CopyIndex(CopyIndex&& other) noexcept;
  CopyIndex& operator=(CopyIndex&& other) noexcept;
  CopyIndex(const CopyIndex&) = delete;
  CopyIndex& operator=(const CopyIndex&) = delete;
  ~CopyIndex();

  // The parameters the index was built with; query sketches must use them.
  const MinHashSettings& minhash() const { return minhash_; }
  uint64_t normalize_fingerprint() const { return normalize_fingerprint_; }
  // kInvalidArgument (naming the index file) when `normalizer` is not the
  // one the index was built with.
  Status CheckNormalizer(const Normalizer& normalizer) const;

  size_t size() const { return docs_; }
  size_t file_bytes() const { return size_; }
  const std::filesystem::path& file() const { return file_; }  // as given to Open
  // REQUIRES: id < size()
  IndexedDocument Document(uint32_t id) const;
  // The stored path made absolute against the index file's folder.
  std::filesystem::path ResolvePath(uint32_t id) const;

  // Documents sharing at least one band key with `band_keys` (one per band,
  // MinHasher::BandKeys), sorted, distinct. Keys are stored as 32 bits, so a
  // few unrelated documents may appear: verify.
  std::vector<uint32_t> Candidates(std::span<const uint64_t> band_keys) const;

 private:
  friend Result<WriteStats> WriteIndex(const std::filesystem::path& file, const MinHashSettings& minhash,
                                       uint64_t normalize_fingerprint, const CopyIndex* base,
                                       std::span<const NewDocument> added);
  CopyIndex() = default;
  void Release();

  std::filesystem::path file_;
  std::filesystem::path dir_;            // absolute folder of file_
  const unsigned char* data_ = nullptr;  // the mapping, or null when empty
  size_t size_ = 0;
  MinHashSettings minhash_;
  uint64_t normalize_fingerprint_ = 0;
  size_t docs_ = 0;
  size_t strings_ = 0;
};

// A document to add to an index.
struct NewDocument {
  std::filesystem::path path;  // as the caller opens it
  uint64_t content_hash = 0;   // DocumentSketch::content_hash
  uint32_t shingles = 0;       // DocumentSketch::shingles.size()
  std::vector<uint64_t> band_keys;
};

struct WriteStats {
  size_t documents = 0;  // in the file written
  size_t added = 0;      // new paths
  size_t replaced = 0;   // paths already in `base` whose text changed
  size_t unchanged = 0;  // paths already in `base` with the same text
};

// Writes to `file` the documents of `base` (null for a new index) and
// `added`; an added path already in `base` (or given twice) replaces the
// earlier entry. `minhash` and `normalize_fingerprint` must be base's when
// base is given. Written to a temporary file in the same folder, then
// renamed over `file`: on failure `file` is left as it was. Errors: kIo,
// kTooLarge (over 2^32 documents or 4 GiB of paths).
Result<WriteStats> WriteIndex(const std::filesystem::path& file, const MinHashSettings& minhash,
                              uint64_t normalize_fingerprint, const CopyIndex* base,
                              std::span<const NewDocument> added);

}  // namespace jianfu::copy
