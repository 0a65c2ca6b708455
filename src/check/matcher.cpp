#include "matcher.h"

#include <hs/hs.h>

#include <algorithm>

namespace jianfu::check {

namespace {
struct ScanContext {
  std::vector<Hit>* hits;
  const std::vector<bool>* need_start;
};
}  // namespace

Result<std::unique_ptr<Matcher>> Matcher::Create(const std::vector<Pattern>& patterns) {
  std::unique_ptr<Matcher> m(new Matcher());
  if (patterns.empty()) return m;
  std::vector<const char*> exprs;
  std::vector<unsigned> flags;
  std::vector<unsigned> ids;
  for (size_t i = 0; i < patterns.size(); ++i) {
    exprs.push_back(patterns[i].expression.c_str());
    flags.push_back(HS_FLAG_UTF8 | (patterns[i].need_start ? HS_FLAG_SOM_LEFTMOST : 0));
    ids.push_back(static_cast<unsigned>(i));
  }
  for (const auto& p : patterns) m->need_start_.push_back(p.need_start);
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(exprs.data(), flags.data(), ids.data(), static_cast<unsigned>(exprs.size()), HS_MODE_BLOCK,
                       nullptr, &m->db_, &err) != HS_SUCCESS) {
    std::string msg = err && err->message ? err->message : "unknown";
    const int index = err ? err->expression : -1;
    hs_free_compile_error(err);
    return MakeError(ErrorCode::kRuleFile, "规则中的词语模式无效：" + msg, "", std::to_string(index));
  }
  if (hs_alloc_scratch(m->db_, &m->prototype_) != HS_SUCCESS)
    return MakeError(ErrorCode::kIo, "无法分配匹配所需内存");
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
    out->hits->push_back({static_cast<uint32_t>(id), static_cast<uint32_t>(som ? from : to), static_cast<uint32_t>(to)});
    return 0;
  };
  ScanContext ctx{&hits, &need_start_};
  hs_scan(db_, text.data(), static_cast<unsigned>(text.size()), 0, scratch, on_match, &ctx);
  Return(scratch);
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.end != b.end ? a.end < b.end : a.begin < b.begin;
  });
  return hits;
}

}  // namespace jianfu::check
