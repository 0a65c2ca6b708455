// The text reporter: what a clerk reads in a terminal. Chinese labels, the
// matched words marked with 【】 or, with colour, in bold red/yellow/cyan by
// severity. Everything printed from the document (paths, excerpts, rule
// texts) is cleaned of control characters so a document cannot drive the
// terminal.
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "common.h"
#include "jianfu/report/reporter.h"
#include "jianfu/text/utf8.h"

namespace jianfu::report {
namespace {

constexpr std::string_view kReset = "\x1b[0m";
constexpr std::string_view kBold = "\x1b[1m";

std::string_view SeverityLabel(check::Severity s) {
  switch (s) {
    case check::Severity::kBlock:
      return "阻断";
    case check::Severity::kWarn:
      return "警告";
    case check::Severity::kInfo:
      return "提示";
  }
  return "警告";
}

std::string_view SeverityColor(check::Severity s) {
  switch (s) {
    case check::Severity::kBlock:
      return "\x1b[1;31m";  // bold red
    case check::Severity::kWarn:
      return "\x1b[1;33m";  // bold yellow
    case check::Severity::kInfo:
      return "\x1b[1;36m";  // bold cyan
  }
  return "\x1b[1;33m";
}

// Appends s for one-line display: tabs and line breaks become a space, other
// control characters (C0, DEL, C1) and malformed bytes become U+FFFD. Each
// input code point yields exactly one output code point.
void AppendClean(std::string& out, std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    char32_t cp = text::DecodeUtf8(s, pos);
    if (cp == '\t' || cp == '\n' || cp == '\r')
      cp = ' ';
    else if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
      cp = 0xFFFD;
    text::AppendUtf8(out, cp);
  }
}

std::string Clean(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendClean(out, s);
  return out;
}

class TextReporter final : public Reporter {
 public:
  TextReporter(std::ostream& out, TextOptions options) : out_(out), options_(options) {}

  void Document(const check::DocumentReport& doc) override {
    const std::string path = Clean(doc.path);
    std::string s;
    s += Styled(kBold, path);
    s += fmt::format("  类型：{}", DocTypeDisplayName(doc.doc_type));
    if (!doc.doc_type_reason.empty()) s += "（" + Clean(doc.doc_type_reason) + "）";
    s += fmt::format("  正文字数：{}\n", doc.body_chars.words);
    if (doc.findings.empty()) s += "  未发现问题。\n";
    for (const check::Finding& f : doc.findings) AppendFinding(s, path, f);
    if (doc.findings_omitted > 0) s += fmt::format("  另有 {} 处问题未列出。\n", doc.findings_omitted);
    s += '\n';
    out_ << s;
  }

  void FileError(const Error& error) override {
    std::string s;
    if (!error.path.empty()) s += Clean(error.path) + ": ";
    s += Styled(SeverityColor(check::Severity::kBlock), "错误") + "：" + Clean(error.message) + "\n";
    out_ << s;
  }

  void End(const Summary& sum) override {
    std::string s = fmt::format("共检查 {} 个文件：", sum.files_checked);
    if (sum.findings == 0) {
      s += "未发现问题";
    } else {
      s += fmt::format("阻断 {} 处，警告 {} 处，提示 {} 处", sum.block, sum.warn, sum.info);
    }
    if (sum.files_failed > 0) s += fmt::format("；{} 个文件无法读取", sum.files_failed);
    s += "。\n";
    out_ << s;
    out_.flush();
  }

 private:
  std::string Styled(std::string_view style, std::string_view s) const {
    if (!options_.color) return std::string(s);
    return std::string(style) + std::string(s) + std::string(kReset);
  }

  void AppendFinding(std::string& s, const std::string& path, const check::Finding& f) const {
    s += fmt::format("{}:{}:{}  ", path, f.line, f.column);
    s += Styled(SeverityColor(f.severity), "[" + std::string(SeverityLabel(f.severity)) + "]");
    s += ' ';
    s += Styled(kBold, Clean(f.rule));
    if (!f.title.empty()) s += ' ' + Clean(f.title);
    if (!f.category.empty()) {
      const std::string_view zh = CategoryDisplayName(f.category);
      s += "（" + (zh.empty() ? Clean(f.category) : std::string(zh)) + "）";
    }
    s += '\n';
    if (!f.excerpt.empty()) s += "    " + Excerpt(f) + "\n";
    if (!f.message.empty()) s += "    → " + Clean(f.message) + "\n";
    if (!f.citation.empty()) s += "    依据：" + Clean(f.citation) + "\n";
  }

  // The excerpt trimmed to max_excerpt code points around the first match,
  // with "…" where it was cut and the matches marked.
  std::string Excerpt(const check::Finding& f) const {
    const std::vector<size_t> starts = internal::CodePointStarts(f.excerpt);
    const size_t n = starts.size() - 1;

    // Matches as excerpt-relative code point ranges, sorted and merged.
    std::vector<std::pair<size_t, size_t>> marks;
    for (const check::Range& m : f.matches) {
      size_t b = 0, e = 0;
      if (internal::RelativeToExcerpt(f, m, n, &b, &e)) marks.emplace_back(b, e);
    }
    std::sort(marks.begin(), marks.end());
    std::vector<std::pair<size_t, size_t>> merged;
    for (const auto& m : marks) {
      if (!merged.empty() && m.first <= merged.back().second) {
        merged.back().second = std::max(merged.back().second, m.second);
      } else {
        merged.push_back(m);
      }
    }

    // The window [ws, we): centred on the first match (or on the finding's
    // start when there is none), kept inside the excerpt.
    size_t ws = 0, we = n;
    const size_t max = options_.max_excerpt;
    if (max > 0 && n > max) {
      size_t fb = 0, fe = 0;
      if (!merged.empty()) {
        std::tie(fb, fe) = merged.front();
      } else if (!internal::RelativeToExcerpt(f, check::Range{0, 0, f.range.begin, f.range.begin + 1}, n, &fb,
                                              &fe)) {
        fb = fe = 0;
      }
      const size_t len = fe - fb;
      ws = len >= max ? fb : fb - std::min(fb, (max - len) / 2);
      ws = std::min(ws, n - max);
      we = ws + max;
      // Never show part of a later match: end the window before it instead.
      for (size_t k = 1; k < merged.size(); ++k) {
        if (merged[k].first < we && merged[k].second > we)
          we = std::max(merged[k].first, merged.front().second);
      }
    }

    const std::string_view open = options_.color ? SeverityColor(f.severity) : "【";
    const std::string_view close = options_.color ? kReset : "】";
    std::string out;
    if (ws > 0) out += "…";
    size_t i = ws;
    for (const auto& [mb, me] : merged) {
      const size_t b = std::max(mb, ws), e = std::min(me, we);
      if (b >= e) continue;
      AppendClean(out, std::string_view(f.excerpt).substr(starts[i], starts[b] - starts[i]));
      out += open;
      AppendClean(out, std::string_view(f.excerpt).substr(starts[b], starts[e] - starts[b]));
      out += close;
      i = e;
    }
    AppendClean(out, std::string_view(f.excerpt).substr(starts[i], starts[we] - starts[i]));
    if (we < n) out += "…";
    return out;
  }

  std::ostream& out_;
  TextOptions options_;
};

}  // namespace

std::unique_ptr<Reporter> MakeTextReporter(std::ostream& out, TextOptions options) {
  return std::make_unique<TextReporter>(out, options);
}

}  // namespace jianfu::report
