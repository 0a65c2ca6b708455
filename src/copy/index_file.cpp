// The index file (include/jianfu/copy/index.h, format in docs/copy.md):
// opening by mmap with full validation, candidate lookup, and writing.
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "jianfu/copy/hash.h"
#include "index_format.h"
#include "jianfu/copy/index.h"

namespace jianfu::copy {

namespace fs = std::filesystem;
using namespace internal;

namespace {

Error Corrupt(const fs::path& file, const std::string& what) {
  return MakeError(ErrorCode::kCorrupt, what, file.string());
}

}  // namespace

Result<CopyIndex> CopyIndex::Open(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return MakeError(ErrorCode::kNotFound, "索引文件不存在", file.string());
    return MakeError(ErrorCode::kIo, "无法打开索引文件", file.string());
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return MakeError(ErrorCode::kInvalidArgument, "索引文件不是普通文件", file.string());
  }
  CopyIndex index;
  index.file_ = file;
  std::error_code ec;
  index.dir_ = fs::absolute(file, ec).lexically_normal().parent_path();
  index.size_ = static_cast<size_t>(st.st_size);
  if (index.size_ > 0) {
    void* p = ::mmap(nullptr, index.size_, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED) {
      ::close(fd);
      return MakeError(ErrorCode::kIo, "无法映射索引文件到内存", file.string());
    }
    index.data_ = static_cast<const unsigned char*>(p);
  }
  ::close(fd);

  const unsigned char* d = index.data_;
  const size_t size = index.size_;
  if (size < 8 || std::memcmp(d, kMagic, 8) != 0) {
    if (size > 0 && size < 8 && std::memcmp(d, kMagic, size) == 0)
      return Corrupt(file, "索引文件不完整（可能被截断），请重建索引");
    return Corrupt(file, "不是 jianfu 索引文件（文件头标识不符）");
  }
  if (size < kHeaderBytes) return Corrupt(file, "索引文件不完整（可能被截断），请重建索引");
  const uint32_t version = Load32(d + kOffVersion);
  if (version != kIndexVersion)
    return MakeError(ErrorCode::kUnsupportedFormat,
                     "索引文件格式版本为 " + std::to_string(version) + "，本程序只能读取版本 " +
                         std::to_string(kIndexVersion) + "，请用 jianfu index build 重建索引",
                     file.string());
  if (Load32(d + kOffHeaderBytes) != kHeaderBytes ||
      Load64(d + kOffHeaderChecksum) != Checksum(d, kOffHeaderChecksum))
    return Corrupt(file, "索引文件头已损坏（校验和不符），请重建索引");

  MinHashSettings& m = index.minhash_;
  m.shingle_chars = Load32(d + kOffShingleChars);
  m.num_hashes = Load32(d + kOffNumHashes);
  m.bands = Load32(d + kOffBands);
  m.rows = Load32(d + kOffRows);
  m.seed = Load64(d + kOffSeed);
  m.threshold = std::bit_cast<double>(Load64(d + kOffThreshold));
  const uint32_t scheme = Load32(d + kOffScheme);
  m.scheme = scheme == 1 ? MinHashScheme::kIndependent : MinHashScheme::kOnePermutation;
  index.normalize_fingerprint_ = Load64(d + kOffNormalize);
  const uint64_t docs = Load64(d + kOffDocCount);
  const uint64_t strings = Load64(d + kOffStringsBytes);
  if (m.shingle_chars < 1 || m.shingle_chars > 64 || m.num_hashes < 1 || m.num_hashes > 1024 || m.bands < 1 ||
      m.rows < 1 || m.bands * m.rows > m.num_hashes || !(m.threshold > 0 && m.threshold <= 1) || scheme > 1 ||
      docs > UINT32_MAX || strings > UINT32_MAX)
    return Corrupt(file, "索引文件的参数无效，请重建索引");
  index.docs_ = docs;
  index.strings_ = strings;
  const uint64_t expected = BodyOffset() + docs * (kDocBytes + kPostingBytes * m.bands) + strings;
  if (size < expected) return Corrupt(file, "索引文件不完整（可能被截断），请重建索引");
  if (size > expected) return Corrupt(file, "索引文件末尾有多余数据，文件已损坏，请重建索引");
  if (Load64(d + kOffBodyChecksum) != Checksum(d + kHeaderBytes, size - kHeaderBytes))
    return Corrupt(file, "索引文件已损坏（校验和不符），请重建索引");

  // References inside the body (a checksum only proves the bytes are the
  // ones written; the writer might have been another program).
  for (uint64_t i = 0; i < docs; ++i) {
    const unsigned char* r = d + DocOffset(i);
    if (uint64_t{Load32(r + 8)} + Load32(r + 12) > strings) return Corrupt(file, "索引文件的路径表已损坏");
  }
  const unsigned char* postings = d + PostingsOffset(docs);
  for (uint64_t i = 0; i < docs * m.bands; ++i) {
    if (Load32(postings + i * kPostingBytes + 4) >= docs) return Corrupt(file, "索引文件的倒排表已损坏");
    if (i % docs != 0 &&
        Load64Posting(postings + i * kPostingBytes) < Load64Posting(postings + (i - 1) * kPostingBytes))
      return Corrupt(file, "索引文件的倒排表未排序，文件已损坏");
  }
  return index;
}

CopyIndex::CopyIndex(CopyIndex&& other) noexcept {
  *this = std::move(other);
}

CopyIndex& CopyIndex::operator=(CopyIndex&& other) noexcept {
  if (this == &other) return *this;
  Release();
  file_ = std::move(other.file_);
  dir_ = std::move(other.dir_);
  data_ = std::exchange(other.data_, nullptr);
  size_ = std::exchange(other.size_, 0);
  minhash_ = other.minhash_;
  normalize_fingerprint_ = other.normalize_fingerprint_;
  docs_ = std::exchange(other.docs_, 0);
  strings_ = std::exchange(other.strings_, 0);
  return *this;
}

CopyIndex::~CopyIndex() {
  Release();
}

void CopyIndex::Release() {
  if (data_) ::munmap(const_cast<unsigned char*>(data_), size_);
  data_ = nullptr;
  size_ = 0;
}

Status CopyIndex::CheckNormalizer(const Normalizer& normalizer) const {
  if (normalizer.Fingerprint() == normalize_fingerprint_) return Ok{};
  return MakeError(ErrorCode::kInvalidArgument,
                   "索引建立时的规范化规则（层级词表）与当前设置不同，请用 jianfu index build 重建索引",
                   file_.string());
}

IndexedDocument CopyIndex::Document(uint32_t id) const {
  const unsigned char* r = data_ + DocOffset(id);
  const unsigned char* s = data_ + StringsOffset(docs_, minhash_.bands);
  IndexedDocument doc;
  doc.content_hash = Load64(r);
  doc.path = std::string_view(reinterpret_cast<const char*>(s) + Load32(r + 8), Load32(r + 12));
  doc.shingles = Load32(r + 16);
  return doc;
}

fs::path CopyIndex::ResolvePath(uint32_t id) const {
  const fs::path stored(std::string(Document(id).path));
  return (dir_ / stored).lexically_normal();
}

std::vector<uint32_t> CopyIndex::Candidates(std::span<const uint64_t> band_keys) const {
  std::vector<uint32_t> out;
  if (docs_ == 0) return out;
  const unsigned char* postings = data_ + PostingsOffset(docs_);
  const size_t bands = std::min(band_keys.size(), minhash_.bands);
  for (size_t b = 0; b < bands; ++b) {
    const unsigned char* base = postings + b * docs_ * kPostingBytes;
    const uint32_t key = StoredKey(band_keys[b]);
    size_t lo = 0, hi = docs_;
    while (lo < hi) {
      const size_t mid = lo + (hi - lo) / 2;
      if (Load32(base + mid * kPostingBytes) < key)
        lo = mid + 1;
      else
        hi = mid;
    }
    for (; lo < docs_ && Load32(base + lo * kPostingBytes) == key; ++lo)
      out.push_back(Load32(base + lo * kPostingBytes + 4));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace jianfu::copy
