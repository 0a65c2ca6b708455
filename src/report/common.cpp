#include "common.h"

#include <algorithm>

#include "jianfu/report/reporter.h"

namespace jianfu::report {

void Summary::Add(const check::DocumentReport& doc) {
  ++files_checked;
  findings += doc.findings.size();
  for (const check::Finding& f : doc.findings) {
    switch (f.severity) {
      case check::Severity::kBlock:
        ++block;
        break;
      case check::Severity::kWarn:
        ++warn;
        break;
      case check::Severity::kInfo:
        ++info;
        break;
    }
  }
}

std::string_view CategoryDisplayName(std::string_view category) {
  struct Name {
    std::string_view id, zh;
  };
  static constexpr Name kNames[] = {
      {"trace", "留痕"},        {"report", "填表报数"}, {"rank", "排名通报"},
      {"metric", "考评指标"},   {"app", "政务应用"},    {"meeting", "会议"},
      {"inspection", "督检考"}, {"second", "借调"},     {"pledge", "责任书/一票否决"},
      {"demo", "创建示范"},     {"shift", "属地下压"},
  };
  for (const Name& n : kNames) {
    if (n.id == category) return n.zh;
  }
  return {};
}

std::string_view DocTypeDisplayName(check::DocType type) {
  switch (type) {
    case check::DocType::kComprehensive:
      return "综合性";
    case check::DocType::kSpecial:
      return "专项";
    case check::DocType::kGeneral:
      return "一般";
  }
  return "一般";
}

namespace internal {

std::vector<size_t> CodePointStarts(std::string_view s) {
  std::vector<size_t> starts;
  starts.reserve(s.size() + 1);
  for (size_t i = 0; i < s.size(); ++i) {
    if (i == 0 || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  }
  starts.push_back(s.size());
  return starts;
}

std::string SliceCodePoints(std::string_view s, size_t begin, size_t end) {
  const std::vector<size_t> starts = CodePointStarts(s);
  const size_t n = starts.size() - 1;
  end = std::min(end, n);
  if (begin >= end) return {};
  return std::string(s.substr(starts[begin], starts[end] - starts[begin]));
}

bool RelativeToExcerpt(const check::Finding& f, const check::Range& r, size_t excerpt_chars, size_t* begin,
                       size_t* end) {
  const size_t lo = f.excerpt_begin;
  const size_t hi = f.excerpt_begin + excerpt_chars;
  const size_t b = std::max(r.begin, lo);
  const size_t e = std::min(r.end, hi);
  if (b >= e) return false;
  *begin = b - lo;
  *end = e - lo;
  return true;
}

std::string MatchText(const check::Finding& f, const check::Range& match) {
  const std::vector<size_t> starts = CodePointStarts(f.excerpt);
  size_t b = 0, e = 0;
  if (!RelativeToExcerpt(f, match, starts.size() - 1, &b, &e)) return {};
  return f.excerpt.substr(starts[b], starts[e] - starts[b]);
}

}  // namespace internal
}  // namespace jianfu::report
