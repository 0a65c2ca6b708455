// ParseLayout: finds the GB/T 9704-2012 parts of a 公文 in extracted text.
//
// The text is split into trimmed, non-empty lines once; every step below is
// a bounded scan over those lines (the head looks at most kHeadLines lines,
// the 版记 at most kTailLines from the end, the 署名 at most kSignatureLines
// above the date), so the whole parse is linear in the text size. The rules
// and their reasons are written up in docs/layout.md.
#include "jianfu/layout/layout.h"

#include <algorithm>

#include "recognize.h"
#include "scan.h"

namespace jianfu::layout {

namespace {

using namespace internal;

constexpr size_t kNone = static_cast<size_t>(-1);
constexpr size_t kPreambleLines = 45;   // a portal metadata block lies within these
constexpr size_t kPreambleGap = 3;      // non-metadata lines tolerated inside the block
constexpr size_t kHeadLines = 20;       // 版头 + 标题 + 主送 lie within these
constexpr size_t kTailLines = 15;       // the 版记 lies within these from the end
constexpr size_t kSignatureLines = 16;  // organ lines of a joint 署名
constexpr size_t kAttachmentNoteLines = 20;
constexpr size_t kCcLines = 6;

struct Line {
  size_t begin;  // byte offsets into the text, trimmed of white space
  size_t end;
  std::string_view t;  // the trimmed line
};

std::vector<Line> SplitLines(std::string_view text) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    const std::string_view t = Trim(text.substr(start, nl - start));
    if (!t.empty()) {
      const auto b = static_cast<size_t>(t.data() - text.data());
      lines.push_back({b, b + t.size(), t});
    }
    start = nl + 1;
  }
  return lines;
}

// A short line wholly in parentheses that is not a heading: （试行）.
bool IsParenLine(std::string_view t) {
  const char32_t f = First(t), l = Last(t);
  return (f == U'（' || f == U'(') && (l == U'）' || l == U')') && CodePoints(t) <= 40 && !IsProse(t) &&
         !MatchHeading(t) && !IsNoteLine(t);
}

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text), lines_(SplitLines(text)), n_(lines_.size()) {}

  Layout Run() {
    if (n_ == 0) return layout_;
    FindPreamble();
    FindHead();
    FindTail();
    FindBodyAndAttachmentNote();
    return std::move(layout_);
  }

 private:
  Span Lines(size_t first, size_t last_excl) const {
    return {lines_[first].begin, lines_[last_excl - 1].end};
  }
  std::string_view T(size_t i) const { return lines_[i].t; }
  bool IsPageLine(size_t i) const { return IsMetadataLine(T(i)) || IsFurnitureLine(T(i)); }

  // Portal metadata block / pkulaw header / page furniture at the top.
  void FindPreamble() {
    size_t last = kNone, gap = 0;
    for (size_t i = 0; i < n_ && i < kPreambleLines; ++i) {
      if (IsPageLine(i)) {
        last = i;
        gap = 0;
        continue;
      }
      // The block starts on the first or second line and tolerates a few
      // other lines (a title, a download link) inside.
      if (last == kNone ? i >= 1 : ++gap > kPreambleGap) break;
    }
    if (last == kNone) return;
    head_start_ = last + 1;
    layout_.preamble = Lines(0, last + 1);
  }

  // 发文字号, 标题 and 主送 in the first lines after the preamble.
  void FindHead() {
    // 主送: the first addressee line before any running text.
    size_t head_end = std::min(n_, head_start_ + kHeadLines);
    size_t addr_b = kNone, addr_e = kNone;
    for (size_t i = head_start_; i < head_end; ++i) {
      const std::string_view t = T(i);
      if (IsPageLine(i)) continue;
      if (IsAddressee(t, true)) {
        addr_b = i;
        addr_e = i + 1;
        break;
      }
      if (StartsWith(t, "各") && !EndsWithColon(t) && CodePoints(t) >= 15 && IsAddressee(t, false)) {
        // 主送 wrapped over two or three lines (PDF text).
        if (i + 1 < n_ && IsAddressee(T(i + 1), true)) {
          addr_b = i;
          addr_e = i + 2;
          break;
        }
        if (i + 2 < n_ && !EndsWithColon(T(i + 1)) && IsAddressee(T(i + 1), false) &&
            IsAddressee(T(i + 2), true)) {
          addr_b = i;
          addr_e = i + 3;
          break;
        }
      }
      if (IsProse(t) || MatchHeading(t)) {
        head_end = i;
        break;
      }
    }
    if (addr_b != kNone) {
      head_end = addr_b;
      layout_.addressee = Lines(addr_b, addr_e);
    }

    // 发文字号: in the head; else from the metadata block.
    size_t doc_line = kNone;
    for (size_t i = head_start_; i < head_end && doc_line == kNone; ++i) {
      if (IsPageLine(i)) continue;
      if (auto r = FindDocNo(T(i))) {
        doc_line = i;
        layout_.doc_no = Span{lines_[i].begin + r->first, lines_[i].begin + r->second};
      }
    }
    if (doc_line == kNone) {
      for (size_t i = 0; i < head_start_; ++i) {
        const std::string_view t = T(i);
        if (!IsMetadataLine(t)) continue;
        size_t v = std::min({t.find("：") == std::string_view::npos ? t.size() : t.find("：") + 3,
                             t.find(':') == std::string_view::npos ? t.size() : t.find(':') + 1,
                             t.find(']') == std::string_view::npos ? t.size() : t.find(']') + 1,
                             t.find("】") == std::string_view::npos ? t.size() : t.find("】") + 3});
        const std::string_view value = Trim(t.substr(v));
        if (value.empty()) continue;
        if (auto r = FindDocNo(value)) {
          const size_t base = lines_[i].begin + static_cast<size_t>(value.data() - t.data());
          layout_.doc_no = Span{base + r->first, base + r->second};
          break;
        }
      }
    }

    // 标题: the last line ending in a 文种 before the 主送 / running text,
    // extended upwards over its wrapped lines.
    size_t title_e = kNone;
    for (size_t i = 0; i < head_end; ++i) {
      if (i == doc_line || IsPageLine(i) || IsHeaderMark(T(i))) continue;
      if (IsTitleEnd(T(i))) title_e = i;
    }
    size_t title_b = title_e;
    if (title_e != kNone) {
      while (title_b > 0 && title_e - title_b < 2) {
        const std::string_view cur = T(title_b), prev = T(title_b - 1);
        if (!IsTitleLine(prev) || prev == cur) break;
        if (StartsTitleProper(cur) && !EndsWith(prev, "关于")) break;
        if (IsTitleEnd(prev) && !StartsWith(cur, "的")) break;
        --title_b;
      }
      // The 发文机关 line right above "关于…" belongs to the title, unless it
      // is one of several stacked organ lines (a joint 版头).
      if (StartsTitleProper(T(title_b)) && title_b > 0 && IsOrganLine(T(title_b - 1)) &&
          !IsHeaderMark(T(title_b - 1)) && (title_b < 2 || !IsOrganLine(T(title_b - 2)))) {
        --title_b;
      }
      // A parenthesis on its own line under the title belongs to it:
      // （2024—2026年）, （试行）, （征求意见稿）.
      if (title_e + 1 < n_ && title_e + 1 != doc_line && IsParenLine(T(title_e + 1))) ++title_e;
      layout_.title = Lines(title_b, title_e + 1);
    }

    // The body starts after the last head part.
    body_start_ = head_start_;
    if (addr_e != kNone) body_start_ = std::max(body_start_, addr_e);
    if (title_e != kNone) body_start_ = std::max(body_start_, title_e + 1);
    if (doc_line != kNone) body_start_ = std::max(body_start_, doc_line + 1);
    while (body_start_ < n_ && (IsPageLine(body_start_) || IsHeaderMark(T(body_start_)))) ++body_start_;
  }

  // 版记, 成文日期, 署名, 附注 and attachment texts, from the end.
  void FindTail() {
    const size_t bs = body_start_;
    // Page furniture at the very end (【打印本页】, 分享到, 政策解读：…) is no part.
    size_t end = n_;
    while (end > bs && IsPageLine(end - 1)) --end;
    size_t cc = kNone, printed = kNone;
    for (size_t i = end; i > bs && end - i < kTailLines;) {
      --i;
      if (printed == kNone && cc == kNone && IsPrintedLine(T(i))) printed = i;
      if (IsCcLine(T(i))) {
        cc = i;
        break;
      }
    }
    tail_end_ = end;
    if (printed != kNone) {
      layout_.printed = Lines(printed, printed + 1);
      tail_end_ = printed;
    }
    if (cc != kNone) {
      // Continuation lines up to the 印发 line; not a 附注, page furniture or
      // another document's title.
      const size_t limit = printed != kNone && printed > cc ? printed : end;
      size_t cc_end = cc + 1;
      while (cc_end < limit && cc_end - cc < kCcLines && !IsNoteLine(T(cc_end)) && !IsPageLine(cc_end) &&
             !IsTitleEnd(T(cc_end)) && CodePoints(T(cc_end)) <= 80) {
        ++cc_end;
      }
      layout_.cc = Lines(cc, cc_end);
      tail_end_ = std::min(tail_end_, cc);
    }
    const size_t te = tail_end_;

    // 成文日期: the first date line that closes the document: it is the last
    // line, or sits under an organ name, or is followed by a 附注, an
    // attachment or an enclosed document's title.
    size_t date = kNone;
    for (size_t i = bs; i < te; ++i) {
      if (!IsDateLine(T(i))) continue;
      const bool closes = i + 1 == te || (i > bs && IsOrganLine(T(i - 1))) ||
                          (i + 1 < te && (IsNoteLine(T(i + 1)) || IsAttachmentHeader(T(i + 1)) ||
                                          IsAttachmentNoteStart(T(i + 1)) || IsTitleEnd(T(i + 1))));
      if (closes) {
        date = i;
        break;
      }
    }
    body_end_ = te;
    if (date != kNone) {
      layout_.date = Lines(date, date + 1);
      body_end_ = date;
      size_t after = date + 1;
      if (after < te && IsNoteLine(T(after))) {
        layout_.note = Lines(after, after + 1);
        ++after;
      }
      if (after < te) layout_.attachment_texts = Lines(after, te);
      SignatureAbove(date);
    } else {
      // No date: attachment texts start at a "附件1" header line.
      for (size_t i = bs + 1; i < te; ++i) {
        if (IsAttachmentHeader(T(i))) {
          layout_.attachment_texts = Lines(i, te);
          body_end_ = i;
          break;
        }
      }
      // A 署名 closing the text without a date.
      if (body_end_ == te) SignatureAbove(body_end_);
    }
  }

  // Organ-name lines right above line `below` form the 署名.
  void SignatureAbove(size_t below) {
    size_t b = below;
    while (b > body_start_ && below - b < kSignatureLines && IsOrganLine(T(b - 1))) --b;
    if (b < below && b > body_start_) {
      layout_.signature = Lines(b, below);
      body_end_ = std::min(body_end_, b);
    }
  }

  void FindBodyAndAttachmentNote() {
    size_t bs = body_start_, be = body_end_;
    // 附件说明: "附件：" followed only by numbered items (or short wrapped
    // item lines) up to the 署名/日期.
    for (size_t i = std::max(bs, be > kAttachmentNoteLines ? be - kAttachmentNoteLines : 0); i < be; ++i) {
      if (!IsAttachmentNoteStart(T(i))) continue;
      bool ok = true;
      for (size_t k = i + 1; k < be && ok; ++k) {
        ok = IsAttachmentItem(T(k)) || (!IsProse(T(k)) && CodePoints(T(k)) <= 60 && !MatchHeading(T(k)));
      }
      if (ok) {
        layout_.attachments = Lines(i, be);
        be = i;
        break;
      }
    }
    if (be > bs) {
      layout_.body = Lines(bs, be);
    } else {
      const size_t at = bs < n_ ? lines_[bs].begin : text_.size();
      layout_.body = Span{at, at};
    }
    for (size_t i = bs; i < be; ++i) {
      if (auto h = MatchHeading(T(i))) {
        layout_.headings.push_back(Span{lines_[i].begin, lines_[i].begin + h->end});
        layout_.heading_kinds.push_back(h->kind);
      }
    }
  }

  std::string_view text_;
  std::vector<Line> lines_;
  size_t n_;
  Layout layout_;
  size_t head_start_ = 0;  // first line after the preamble
  size_t body_start_ = 0;  // first body line
  size_t tail_end_ = 0;    // first 版记 line (or n_)
  size_t body_end_ = 0;    // one past the last body line (before 附件说明 is cut)
};

}  // namespace

Layout ParseLayout(std::string_view text) {
  return Parser(text).Run();
}

}  // namespace jianfu::layout
