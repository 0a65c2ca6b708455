// Writing an index file (WriteIndex in include/jianfu/copy/index.h): the
// records of the base index and the new documents, each band's postings
// merged in (key, id) order, into a temporary file renamed over the target.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>
#include <utility>

#include "jianfu/copy/hash.h"
#include "index_format.h"
#include "jianfu/copy/index.h"

namespace jianfu::copy {

namespace fs = std::filesystem;
using namespace internal;

namespace {

// One document of the file being written.
struct Entry {
  std::string stored;  // path relative to the index folder (or absolute)
  uint64_t content_hash = 0;
  uint32_t shingles = 0;
  const NewDocument* added = nullptr;  // null: unchanged from the base
};

// Buffered writes to a file descriptor, with the checksum of what follows
// the header.
class Writer {
 public:
  Writer(int fd, uint64_t body_bytes) : fd_(fd), sum_(body_bytes) { buf_.reserve(kBuffer); }

  void Put(const unsigned char* p, size_t n) {
    while (n > 0) {
      const size_t take = std::min(n, kBuffer - buf_.size());
      buf_.insert(buf_.end(), p, p + take);
      p += take, n -= take;
      if (buf_.size() == kBuffer) Flush();
    }
  }
  void Put32(uint32_t v) {
    if (buf_.size() + 4 > kBuffer) Flush();
    const size_t at = buf_.size();
    buf_.resize(at + 4);
    Store32(buf_.data() + at, v);
  }
  void Put64(uint64_t v) {
    if (buf_.size() + 8 > kBuffer) Flush();
    const size_t at = buf_.size();
    buf_.resize(at + 8);
    Store64(buf_.data() + at, v);
  }
  bool Flush() {
    sum_.Update(buf_.data(), buf_.size());
    size_t done = 0;
    while (ok_ && done < buf_.size()) {
      const ssize_t w = ::write(fd_, buf_.data() + done, buf_.size() - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0)
        ok_ = false;
      else
        done += static_cast<size_t>(w);
    }
    buf_.clear();
    return ok_;
  }
  uint64_t Checksum() { return sum_.Final(); }

 private:
  static constexpr size_t kBuffer = 1 << 20;
  int fd_;
  Checksummer sum_;
  std::vector<unsigned char> buf_;
  bool ok_ = true;
};

std::string Key(const fs::path& p) {
  return p.lexically_normal().string();
}

}  // namespace

Result<WriteStats> WriteIndex(const fs::path& file, const MinHashSettings& minhash,
                              uint64_t normalize_fingerprint, const CopyIndex* base,
                              std::span<const NewDocument> added) {
  std::error_code ec;
  const fs::path target = fs::absolute(file, ec).lexically_normal();
  if (ec) return MakeError(ErrorCode::kIo, "无法确定索引文件的位置", file.string());
  const fs::path dir = target.parent_path();
  auto stored_path = [&](const fs::path& abs) {
    fs::path rel = abs.lexically_relative(dir);
    return rel.empty() ? abs.string() : rel.string();
  };

  if (base) {
    const MinHashSettings& b = base->minhash();
    if (b.shingle_chars != minhash.shingle_chars || b.num_hashes != minhash.num_hashes ||
        b.bands != minhash.bands || b.rows != minhash.rows || b.seed != minhash.seed ||
        b.scheme != minhash.scheme || normalize_fingerprint != base->normalize_fingerprint())
      return MakeError(ErrorCode::kInvalidArgument, "新文件的参数与原索引不同，不能合并", file.string());
  }

  // Entries: the base's, then each new path (replacing a base entry in place).
  WriteStats stats;
  std::vector<Entry> entries;
  std::unordered_map<std::string, size_t> by_path;
  std::vector<bool> replaced;
  if (base) {
    for (uint32_t id = 0; id < base->size(); ++id) {
      const IndexedDocument d = base->Document(id);
      const fs::path abs = base->ResolvePath(id);
      by_path.emplace(Key(abs), entries.size());
      entries.push_back({stored_path(abs), d.content_hash, d.shingles, nullptr});
    }
    replaced.assign(entries.size(), false);
  }
  for (const NewDocument& doc : added) {
    if (doc.band_keys.size() != minhash.bands)
      return MakeError(ErrorCode::kInvalidArgument, "文档的分带数与索引参数不符", doc.path.string());
    const fs::path abs = fs::absolute(doc.path, ec).lexically_normal();
    if (ec) return MakeError(ErrorCode::kIo, "无法确定文件的位置", doc.path.string());
    Entry e{stored_path(abs), doc.content_hash, doc.shingles, &doc};
    auto [it, fresh] = by_path.emplace(Key(abs), entries.size());
    if (fresh) {
      entries.push_back(std::move(e));
      ++stats.added;
    } else {
      if (it->second < replaced.size() && !replaced[it->second]) {
        replaced[it->second] = true;
        ++(entries[it->second].content_hash == doc.content_hash ? stats.unchanged : stats.replaced);
      }
      entries[it->second] = std::move(e);
    }
  }
  const uint64_t docs = entries.size();
  uint64_t strings = 0;
  for (const Entry& e : entries) strings += e.stored.size();
  if (docs > UINT32_MAX || strings > UINT32_MAX)
    return MakeError(ErrorCode::kTooLarge, "索引过大（文档数或路径总长超过 2^32）", file.string());
  stats.documents = docs;

  // New postings of each band, sorted by (key, id).
  const size_t bands = minhash.bands;
  std::vector<std::vector<uint64_t>> fresh(bands);
  for (uint64_t id = 0; id < docs; ++id) {
    if (!entries[id].added) continue;
    for (size_t b = 0; b < bands; ++b)
      fresh[b].push_back(uint64_t{StoredKey(entries[id].added->band_keys[b])} << 32 | id);
  }
  for (auto& f : fresh) std::sort(f.begin(), f.end());

  std::string tmp = (dir / (target.filename().string() + ".tmp.XXXXXX")).string();
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) {
    if (!fs::is_directory(dir, ec))
      return MakeError(ErrorCode::kNotFound, "索引文件所在的文件夹不存在", file.string());
    return MakeError(ErrorCode::kIo, "无法在索引文件所在的文件夹中创建临时文件", file.string());
  }
  auto fail = [&](const char* what) -> Error {
    ::close(fd);
    ::unlink(tmp.c_str());
    return MakeError(ErrorCode::kIo, what, file.string());
  };

  unsigned char header[kHeaderBytes] = {};
  const uint64_t body = docs * (kDocBytes + kPostingBytes * bands) + strings;
  Writer w(fd, body);
  // The body first, from offset 128; the header last, at offset 0.
  if (::lseek(fd, kHeaderBytes, SEEK_SET) < 0) return fail("无法写入索引文件");

  uint64_t offset = 0;
  for (const Entry& e : entries) {
    w.Put64(e.content_hash);
    w.Put32(static_cast<uint32_t>(offset));
    w.Put32(static_cast<uint32_t>(e.stored.size()));
    w.Put32(e.shingles);
    w.Put32(0);
    offset += e.stored.size();
  }
  for (size_t b = 0; b < bands; ++b) {
    // Merge the base postings (minus replaced documents) with the new ones.
    std::vector<uint64_t> kept;
    if (base) {
      kept.reserve(base->size());
      const unsigned char* p = base->data_ + PostingsOffset(base->size()) + b * base->size() * kPostingBytes;
      for (size_t k = 0; k < base->size(); ++k, p += kPostingBytes) {
        const uint64_t posting = Load64Posting(p);
        if (!replaced[posting & 0xFFFFFFFFu]) kept.push_back(posting);
      }
    }
    const auto& f = fresh[b];
    size_t i = 0, j = 0;
    while (i < kept.size() || j < f.size()) {
      const uint64_t p = (j == f.size() || (i < kept.size() && kept[i] < f[j])) ? kept[i++] : f[j++];
      w.Put32(static_cast<uint32_t>(p >> 32));
      w.Put32(static_cast<uint32_t>(p));
    }
  }
  for (const Entry& e : entries)
    w.Put(reinterpret_cast<const unsigned char*>(e.stored.data()), e.stored.size());
  if (!w.Flush()) return fail("写入索引文件失败（磁盘已满或无权限？）");

  std::memcpy(header, kMagic, 8);
  Store32(header + kOffVersion, kIndexVersion);
  Store32(header + kOffHeaderBytes, kHeaderBytes);
  Store32(header + kOffShingleChars, static_cast<uint32_t>(minhash.shingle_chars));
  Store32(header + kOffNumHashes, static_cast<uint32_t>(minhash.num_hashes));
  Store32(header + kOffBands, static_cast<uint32_t>(bands));
  Store32(header + kOffRows, static_cast<uint32_t>(minhash.rows));
  Store64(header + kOffSeed, minhash.seed);
  Store64(header + kOffThreshold, std::bit_cast<uint64_t>(minhash.threshold));
  Store64(header + kOffNormalize, normalize_fingerprint);
  Store64(header + kOffDocCount, docs);
  Store64(header + kOffStringsBytes, strings);
  Store64(header + kOffBodyChecksum, w.Checksum());
  Store32(header + kOffScheme, minhash.scheme == MinHashScheme::kIndependent ? 1 : 0);
  Store64(header + kOffHeaderChecksum, Checksum(header, kOffHeaderChecksum));
  if (::pwrite(fd, header, kHeaderBytes, 0) != static_cast<ssize_t>(kHeaderBytes))
    return fail("写入索引文件失败");
  // Keep the permissions of the file replaced; a new one gets rw-r--r--.
  struct stat st {};
  const mode_t mode = ::stat(target.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0644;
  if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) return fail("写入索引文件失败");
  if (::close(fd) != 0) {
    ::unlink(tmp.c_str());
    return MakeError(ErrorCode::kIo, "写入索引文件失败", file.string());
  }
  if (::rename(tmp.c_str(), target.c_str()) != 0) {
    ::unlink(tmp.c_str());
    return MakeError(ErrorCode::kIo, "无法用新索引替换原文件", file.string());
  }
  return stats;
}

}  // namespace jianfu::copy
