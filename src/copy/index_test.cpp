// The persistent index: round trip, incremental add, replacement, and every
// way a file can be damaged.
#include "jianfu/copy/index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "jianfu/copy/minhash.h"
#include "test_corpus.h"

namespace jianfu::copy {
namespace {

namespace fs = std::filesystem;

class CopyIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = LoadBuiltinSettings();
    ASSERT_TRUE(s.ok());
    settings_ = *s;
    dir_ = fs::temp_directory_path() / ("jianfu_copy_index_" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "docs");
    const Sketcher sketcher(settings_.normalize, settings_.minhash);
    fingerprint_ = sketcher.normalizer().Fingerprint();
    size_t i = 0;
    for (const auto& text : testing_util::GeneratedCorpus(40, 5)) {
      auto sk = sketcher.Sketch(text);
      ASSERT_TRUE(sk.ok());
      NewDocument d;
      d.path = dir_ / "docs" / ("文件" + std::to_string(i++) + ".txt");
      d.content_hash = sk->content_hash;
      d.shingles = static_cast<uint32_t>(sk->shingles.size());
      d.band_keys = sk->band_keys;
      docs_.push_back(std::move(d));
    }
  }
  void TearDown() override { fs::remove_all(dir_); }

  Result<WriteStats> Write(const fs::path& file, const CopyIndex* base, std::span<const NewDocument> docs) {
    return WriteIndex(file, settings_.minhash, fingerprint_, base, docs);
  }
  static std::string Bytes(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  static void Put(const fs::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary) << bytes;
  }

  Settings settings_;
  fs::path dir_;
  uint64_t fingerprint_ = 0;
  std::vector<NewDocument> docs_;
};

TEST_F(CopyIndexTest, RoundTripKeepsEveryDocumentAndItsPostings) {
  const fs::path file = dir_ / "corpus.jfidx";
  auto stats = Write(file, nullptr, docs_);
  ASSERT_TRUE(stats.ok()) << stats.error().ToString();
  EXPECT_EQ(stats->documents, docs_.size());
  EXPECT_EQ(stats->added, docs_.size());
  auto index = CopyIndex::Open(file);
  ASSERT_TRUE(index.ok()) << index.error().ToString();
  ASSERT_EQ(index->size(), docs_.size());
  EXPECT_EQ(index->minhash().bands, settings_.minhash.bands);
  EXPECT_EQ(index->minhash().seed, settings_.minhash.seed);
  EXPECT_TRUE(index->CheckNormalizer(Normalizer(settings_.normalize)).ok());
  size_t path_bytes = 0;
  for (uint32_t id = 0; id < index->size(); ++id) {
    const IndexedDocument d = index->Document(id);
    EXPECT_EQ(d.path, "docs/文件" + std::to_string(id) + ".txt");  // relative to the index
    EXPECT_EQ(index->ResolvePath(id), docs_[id].path);
    EXPECT_EQ(d.content_hash, docs_[id].content_hash);
    EXPECT_EQ(d.shingles, docs_[id].shingles);
    path_bytes += d.path.size();
    // A document is a candidate of its own keys, and so is everything that
    // shares a stored key with it.
    const auto c = index->Candidates(docs_[id].band_keys);
    EXPECT_TRUE(std::binary_search(c.begin(), c.end(), id));
    for (uint32_t other = 0; other < docs_.size(); ++other) {
      bool shares = false;
      for (size_t b = 0; b < settings_.minhash.bands; ++b)
        shares = shares || (docs_[other].band_keys[b] >> 32) == (docs_[id].band_keys[b] >> 32);
      EXPECT_EQ(std::binary_search(c.begin(), c.end(), other), shares) << id << " " << other;
    }
  }
  // 24 bytes of record and 8 per band for each document, plus its path.
  EXPECT_EQ(index->file_bytes(), 128 + docs_.size() * (24 + 8 * settings_.minhash.bands) + path_bytes);
}

TEST_F(CopyIndexTest, IncrementalAddEqualsOneBuild) {
  const fs::path whole = dir_ / "whole.jfidx", grown = dir_ / "grown.jfidx";
  ASSERT_TRUE(Write(whole, nullptr, docs_).ok());
  const std::span<const NewDocument> all(docs_);
  ASSERT_TRUE(Write(grown, nullptr, all.first(10)).ok());
  for (size_t at = 10; at < docs_.size(); at += 17) {
    auto base = CopyIndex::Open(grown);
    ASSERT_TRUE(base.ok());
    auto stats = Write(grown, &*base, all.subspan(at, std::min<size_t>(17, docs_.size() - at)));
    ASSERT_TRUE(stats.ok());
    EXPECT_EQ(stats->replaced, 0u);
  }
  EXPECT_EQ(Bytes(grown), Bytes(whole));
  // No temporary file is left behind.
  size_t files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++files;
  EXPECT_EQ(files, 3u);  // docs/, whole, grown
}

TEST_F(CopyIndexTest, AddingAKnownPathReplacesItsEntry) {
  const fs::path file = dir_ / "corpus.jfidx";
  ASSERT_TRUE(Write(file, nullptr, docs_).ok());
  NewDocument changed = docs_[1];  // document 3's text now lives at document 1's path
  changed.band_keys = docs_[3].band_keys;
  changed.content_hash = docs_[3].content_hash;
  auto base = CopyIndex::Open(file);
  ASSERT_TRUE(base.ok());
  const std::vector<NewDocument> again = {changed, docs_[2]};  // document 2 as it was
  auto stats = Write(file, &*base, again);
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->replaced, 1u);
  EXPECT_EQ(stats->unchanged, 1u);
  EXPECT_EQ(stats->added, 0u);
  auto index = CopyIndex::Open(file);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->size(), docs_.size());
  EXPECT_EQ(index->Document(1).content_hash, docs_[3].content_hash);
  const auto c = index->Candidates(docs_[3].band_keys);
  EXPECT_TRUE(std::binary_search(c.begin(), c.end(), 1u));
  EXPECT_TRUE(std::binary_search(c.begin(), c.end(), 3u));
  // The base stays readable through its own mapping after the rename.
  EXPECT_EQ(base->Document(1).content_hash, docs_[1].content_hash);
}

TEST_F(CopyIndexTest, EmptyIndexIsValid) {
  const fs::path file = dir_ / "empty.jfidx";
  ASSERT_TRUE(Write(file, nullptr, {}).ok());
  auto index = CopyIndex::Open(file);
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(index->size(), 0u);
  EXPECT_TRUE(index->Candidates(docs_[0].band_keys).empty());
}

TEST_F(CopyIndexTest, TruncatedFilesAreRefusedAtEveryLength) {
  const fs::path file = dir_ / "corpus.jfidx";
  ASSERT_TRUE(Write(file, nullptr, std::span<const NewDocument>(docs_).first(5)).ok());
  const std::string bytes = Bytes(file);
  const fs::path cut = dir_ / "cut.jfidx";
  for (size_t n = 0; n < bytes.size(); n += (n < 160 ? 1 : 53)) {
    Put(cut, bytes.substr(0, n));
    auto index = CopyIndex::Open(cut);
    ASSERT_FALSE(index.ok()) << n;
    EXPECT_EQ(index.error().code, ErrorCode::kCorrupt) << n;
    EXPECT_EQ(index.error().path, cut.string());
    if (n > 0) {
      EXPECT_NE(index.error().message.find("截断"), std::string::npos) << n << index.error().message;
    }
  }
}

TEST_F(CopyIndexTest, DamagedFilesAreRefusedWithTheReason) {
  const fs::path file = dir_ / "corpus.jfidx";
  ASSERT_TRUE(Write(file, nullptr, std::span<const NewDocument>(docs_).first(5)).ok());
  const std::string good = Bytes(file);
  const fs::path bad = dir_ / "bad.jfidx";
  auto open_with = [&](std::string bytes) {
    Put(bad, bytes);
    return CopyIndex::Open(bad);
  };
  auto expect = [](const Result<CopyIndex>& r, ErrorCode code, const std::string& words) {
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code);
    EXPECT_NE(r.error().message.find(words), std::string::npos) << r.error().message;
  };
  std::string b = good;
  b[0] = 'X';
  expect(open_with(b), ErrorCode::kCorrupt, "不是 jianfu 索引文件");
  expect(open_with("这是一个文本文件，不是索引。这是一个文本文件，不是索引。"), ErrorCode::kCorrupt,
         "不是 jianfu 索引文件");
  b = good;
  b[8] = 2;  // version 2
  expect(open_with(b), ErrorCode::kUnsupportedFormat, "版本为 2");
  b = good;
  b[20] ^= 1;  // num_hashes
  expect(open_with(b), ErrorCode::kCorrupt, "文件头已损坏");
  b = good;
  b[good.size() - 3] ^= 0x20;  // a path byte
  expect(open_with(b), ErrorCode::kCorrupt, "校验和不符");
  b = good;
  b[128 + 5 * 24 + 1] ^= 1;  // a posting
  expect(open_with(b), ErrorCode::kCorrupt, "校验和不符");
  expect(open_with(good + "x"), ErrorCode::kCorrupt, "多余数据");

  auto missing = CopyIndex::Open(dir_ / "missing.jfidx");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(CopyIndex::Open(dir_).ok());  // a folder
}

TEST_F(CopyIndexTest, OtherNormalisationRulesAreRefused) {
  const fs::path file = dir_ / "corpus.jfidx";
  ASSERT_TRUE(Write(file, nullptr, std::span<const NewDocument>(docs_).first(3)).ok());
  auto index = CopyIndex::Open(file);
  ASSERT_TRUE(index.ok());
  NormalizeSettings other = settings_.normalize;
  other.level_words.push_back("全盟各旗");
  const auto st = index->CheckNormalizer(Normalizer(other));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("重建索引"), std::string::npos);
}

TEST_F(CopyIndexTest, FailedWritesLeaveTheOldFileAlone) {
  const fs::path file = dir_ / "corpus.jfidx";
  ASSERT_TRUE(Write(file, nullptr, std::span<const NewDocument>(docs_).first(3)).ok());
  const std::string before = Bytes(file);
  auto base = CopyIndex::Open(file);
  ASSERT_TRUE(base.ok());
  NewDocument wrong = docs_[4];
  wrong.band_keys.pop_back();
  EXPECT_FALSE(Write(file, &*base, std::span<const NewDocument>(&wrong, 1)).ok());
  EXPECT_EQ(Bytes(file), before);
  auto no_dir = Write(dir_ / "no" / "such" / "x.jfidx", nullptr, docs_);
  ASSERT_FALSE(no_dir.ok());
  EXPECT_EQ(no_dir.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace jianfu::copy
