#include "matcher.h"

#include <hs/hs.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace jianfu::check {

namespace {
struct ScanContext {
  std::vector<Hit>* hits;
  const std::vector<bool>* need_start;
};
uint64_t Fnv1a(std::string_view s, uint64_t h = 1469598103934665603ULL) {
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return h;
}

// FNV-1a over everything that decides the compiled database.
std::string CacheKey(const std::vector<Pattern>& patterns) {
  uint64_t h = 1469598103934665603ULL;
  auto mix = [&](std::string_view s) { h = Fnv1a("\xFF", Fnv1a(s, h)); };
  mix(hs_version());
  for (const auto& p : patterns) {
    mix(p.expression);
    mix(p.need_start ? "s" : "-");
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return std::string(buf) + ".hsdb";
}

hs_database_t* LoadCached(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return nullptr;
  std::stringstream ss;
  ss << in.rdbuf();
  // The file is the serialised database followed by its FNV-1a checksum, so
  // a damaged file is recompiled rather than handed to Hyperscan.
  std::string bytes = ss.str();
  if (bytes.size() < 8) return nullptr;
  uint64_t stored = 0;
  std::copy_n(bytes.data() + bytes.size() - 8, 8, reinterpret_cast<char*>(&stored));
  bytes.resize(bytes.size() - 8);
  if (stored != Fnv1a(bytes)) return nullptr;
  hs_database_t* db = nullptr;
  if (hs_deserialize_database(bytes.data(), bytes.size(), &db) != HS_SUCCESS) return nullptr;
  return db;
}

void StoreCached(const std::filesystem::path& dir, const std::filesystem::path& file,
                 const hs_database_t* db) {
  char* bytes = nullptr;
  size_t size = 0;
  if (hs_serialize_database(db, &bytes, &size) != HS_SUCCESS) return;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  // Write beside, then rename: a concurrent reader never sees half a file.
  const auto tmp = file.string() + ".tmp" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary);
    const uint64_t sum = Fnv1a(std::string_view(bytes, size));
    if (out) {
      out.write(bytes, static_cast<std::streamsize>(size));
      out.write(reinterpret_cast<const char*>(&sum), sizeof sum);
    }
  }
  free(bytes);  // NOLINT: allocated by Hyperscan with malloc
  std::filesystem::rename(tmp, file, ec);
  if (ec) std::filesystem::remove(tmp, ec);
}

}  // namespace

Result<std::unique_ptr<Matcher>> Matcher::Create(const std::vector<Pattern>& patterns,
                                                 const std::filesystem::path& cache_dir) {
  std::unique_ptr<Matcher> m(new Matcher());
  if (patterns.empty()) return m;
  for (const auto& p : patterns) m->need_start_.push_back(p.need_start);
  const std::filesystem::path cached = cache_dir.empty() ? cache_dir : cache_dir / CacheKey(patterns);
  if (!cached.empty() && (m->db_ = LoadCached(cached)) != nullptr) {
    if (hs_alloc_scratch(m->db_, &m->prototype_) != HS_SUCCESS)
      return MakeError(ErrorCode::kIo, "无法分配匹配所需内存");
    return m;
  }
  std::vector<const char*> exprs;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    exprs.push_back(patterns[i].expression.c_str());
    flags.push_back(HS_FLAG_UTF8 | (patterns[i].need_start ? HS_FLAG_SOM_LEFTMOST : 0));
    ids.push_back(static_cast<unsigned>(i));
  }
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()),
                       HS_MODE_BLOCK, nullptr, &m->db_, &err) != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown";
    const int index = err ? err->expression : -1;
    hs_free_compile_error(err);
    return MakeError(ErrorCode::kRuleFile, "规则中的词语模式无效：" + msg, "", std::to_string(index));
  }
  if (hs_alloc_scratch(m->db_, &m->prototype_) != HS_SUCCESS)
    return MakeError(ErrorCode::kIo, "无法分配匹配所需内存");
  if (!cached.empty()) StoreCached(cache_dir, cached, m->db_);
  return m;
}

Matcher::~Matcher() {
  for (hs_scratch* s : pool_) hs_free_scratch(s);
  if (prototype_) hs_free_scratch(prototype_);
  if (db_) hs_free_database(db_);
}

hs_scratch* Matcher::Borrow() const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!pool_.empty()) {
      hs_scratch* s = pool_.back();
      pool_.pop_back();
      return s;
    }
  }
  hs_scratch* s = nullptr;
  if (hs_clone_scratch(prototype_, &s) != HS_SUCCESS) return nullptr;
  return s;
}

void Matcher::Return(hs_scratch* s) const {
  std::lock_guard<std::mutex> lock(mu_);
  pool_.push_back(s);
}

std::vector<Hit> Matcher::Scan(std::string_view text) const {
  std::vector<Hit> hits;
  if (!db_ || text.empty()) return hits;
  hs_scratch* scratch = Borrow();
  if (!scratch) return hits;
  auto on_match = [](unsigned id, unsigned long long from, unsigned long long to, unsigned,
                     void* ctx) -> int {
    auto* out = static_cast<ScanContext*>(ctx);
    const bool som = (*out->need_start)[id];
    out->hits->push_back(
        {static_cast<uint32_t>(id), static_cast<uint32_t>(som ? from : to), static_cast<uint32_t>(to)});
    return 0;
  };
  ScanContext ctx{&hits, &need_start_};
  hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &ctx);
  Return(scratch);
  std::sort(hits.begin(), hits.end(),
            [](const Hit& a, const Hit& b) { return a.end != b.end ? a.end < b.end : a.begin < b.begin; });
  return hits;
}

}  // namespace jianfu::check
