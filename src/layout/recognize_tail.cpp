// Line recognisers for the tail of a 公文 (成文日期, 附注, 附件, 版记) and for
// the headings inside the body.
#include "recognize.h"
#include "scan.h"

namespace jianfu::layout::internal {

namespace {

int ParseNumber(std::string_view s, size_t& i, int max_digits, int max_value) {
  const size_t start = i;
  int value = 0, n = 0;
  while (i < s.size() && n < max_digits + 1) {
    size_t j = i;
    const int d = DigitValue(Next(s, j));
    if (d < 0) break;
    value = value * 10 + d;
    i = j;
    ++n;
  }
  if (n == 0 || n > max_digits || value > max_value || value == 0) {
    i = start;
    return -1;
  }
  return value;
}

// Year: four digits, or four of 〇○零一二…九 (二〇二四).
bool ParseYear(std::string_view s, size_t& i) {
  size_t j = i;
  if (SkipDigits(s, j) == 4) {
    i = j;
    return true;
  }
  j = i;
  int n = 0;
  while (j < s.size() && n < 5) {
    size_t k = j;
    const char32_t c = Next(s, k);
    if (!IsChineseNumeral(c) || c == U'十' || c == U'百' || c == U'两') {
      if (c != U'O' && c != U'0') break;
    }
    j = k;
    ++n;
  }
  if (n != 4) return false;
  i = j;
  return true;
}

// Month or day: 1-2 digits within range, or 1-3 Chinese numerals (十二, 三十一).
bool ParseSmall(std::string_view s, size_t& i, int max_value) {
  if (ParseNumber(s, i, 2, max_value) > 0) return true;
  size_t j = i;
  const int n = SkipChineseNumerals(s, j);
  if (n < 1 || n > 3) return false;
  i = j;
  return true;
}

bool ConsumeWord(std::string_view s, size_t& i, std::string_view w) {
  SkipSpaces(s, i);
  if (!StartsWith(s.substr(i), w)) return false;
  i += w.size();
  SkipSpaces(s, i);
  return true;
}

// Byte offset just after the first 。！？ that has more text after it, or npos.
size_t RunInEnd(std::string_view t, size_t from) {
  for (size_t i = from; i < t.size();) {
    const char32_t c = Next(t, i);
    if (c == U'。' || c == U'！' || c == U'？') return i < t.size() ? i : std::string_view::npos;
  }
  return std::string_view::npos;
}

}  // namespace

size_t ParseDate(std::string_view s) {
  // ISO-like: 2024-08-06, 2024.8.6, 2024/8/6 (ASCII digits and separators).
  {
    size_t i = 0;
    if (SkipDigits(s, i) == 4 && i < s.size() && (s[i] == '-' || s[i] == '.' || s[i] == '/')) {
      const char sep = s[i++];
      if (ParseNumber(s, i, 2, 12) > 0 && i < s.size() && s[i] == sep) {
        ++i;
        if (ParseNumber(s, i, 2, 31) > 0) {
          size_t j = i;
          if (j >= s.size() || DigitValue(Next(s, j)) < 0) return i;
        }
      }
    }
  }
  size_t i = 0;
  if (!ParseYear(s, i)) return 0;
  if (!ConsumeWord(s, i, "年")) return 0;
  if (!ParseSmall(s, i, 12)) return 0;
  if (!ConsumeWord(s, i, "月")) return 0;
  if (!ParseSmall(s, i, 31)) return 0;
  SkipSpaces(s, i);
  if (!StartsWith(s.substr(i), "日")) return 0;
  return i + 3;
}

bool IsDateLine(std::string_view t) {
  const size_t n = ParseDate(t);
  return n > 0 && n == t.size();
}

bool IsNoteLine(std::string_view t) {
  const char32_t f = First(t), l = Last(t);
  if (!((f == U'（' || f == U'(') && (l == U'）' || l == U')'))) return false;
  if (CodePoints(t) > 80) return false;
  for (std::string_view w : {"此件", "此页", "联系人", "联系电话", "公开", "发至", "删减"}) {
    if (Contains(t, w)) return true;
  }
  return false;
}

bool IsAttachmentNoteStart(std::string_view t) {
  if (!StartsWith(t, "附件")) return false;
  size_t i = 6;
  SkipSpaces(t, i);
  SkipDigits(t, i);
  SkipSpaces(t, i);
  const std::string_view rest = t.substr(i);
  return StartsWith(rest, "：") || StartsWith(rest, ":");
}

bool IsAttachmentItem(std::string_view t) {
  if (IsAttachmentNoteStart(t)) return true;
  size_t i = 0;
  const char32_t f = First(t);
  if (f == U'（' || f == U'(') {
    Next(t, i);
    const int d = SkipDigits(t, i);
    if (d < 1 || d > 2 || i >= t.size()) return false;
    const char32_t c = Next(t, i);
    return c == U'）' || c == U')';
  }
  const int d = SkipDigits(t, i);
  if (d < 1 || d > 2 || i >= t.size()) return false;
  const char32_t c = Next(t, i);
  if (c != U'.' && c != U'．' && c != U'、' && c != U' ' && c != U'\u3000' && c != U'：' && c != U':')
    return false;
  return i >= t.size() || DigitValue(First(t.substr(i))) < 0;
}

bool IsAttachmentHeader(std::string_view t) {
  if (!StartsWith(t, "附件")) return false;
  size_t i = 6;
  SkipSpaces(t, i);
  if (SkipDigits(t, i) == 0) SkipChineseNumerals(t, i);
  SkipSpaces(t, i);
  return i == t.size();
}

bool IsCcLine(std::string_view t) {
  if (!StartsWithAny(t, {"抄送", "抄报", "分送"})) return false;
  size_t i = 6;
  SkipSpaces(t, i);
  return i < t.size();
}

bool IsPrintedLine(std::string_view t) {
  if (!EndsWith(t, "印发") || CodePoints(t) > 80) return false;
  const std::string_view u = Trim(t.substr(0, t.size() - 6));
  for (size_t p = 0; p < u.size();) {
    const size_t n = ParseDate(u.substr(p));
    if (n > 0 && p + n == u.size()) return true;
    Next(u, p);
  }
  return false;
}

std::optional<HeadingMatch> MatchHeading(std::string_view t) {
  if (t.empty()) return std::nullopt;
  size_t i = 0;
  const char32_t f = Next(t, i);

  if (f == U'第') {
    if (SkipChineseNumerals(t, i) == 0 && SkipDigits(t, i) == 0) return std::nullopt;
    SkipSpaces(t, i);
    const std::string_view rest = t.substr(i);
    if (StartsWith(rest, "部分") || StartsWith(rest, "编")) return HeadingMatch{HeadingKind::kPart, t.size()};
    if (StartsWith(rest, "章")) return HeadingMatch{HeadingKind::kChapter, t.size()};
    if (StartsWith(rest, "节")) return HeadingMatch{HeadingKind::kSection, t.size()};
    if (StartsWith(rest, "条")) return HeadingMatch{HeadingKind::kArticle, i + 3};
    return std::nullopt;
  }

  auto run_in = [&](HeadingKind kind, size_t label_end) {
    const size_t e = RunInEnd(t, label_end);
    return HeadingMatch{kind, e == std::string_view::npos ? t.size() : e};
  };

  if (IsChineseNumeral(f)) {
    i = 0;
    const int n = SkipChineseNumerals(t, i);
    if (n > 4 || i >= t.size()) return std::nullopt;
    if (Next(t, i) != U'、') return std::nullopt;
    return run_in(HeadingKind::kLevel1, i);
  }
  if (f == U'（' || f == U'(') {
    const int cn = SkipChineseNumerals(t, i);
    const int dn = cn == 0 ? SkipDigits(t, i) : 0;
    if ((cn == 0 && dn == 0) || cn > 4 || dn > 3 || i >= t.size()) return std::nullopt;
    const char32_t c = Next(t, i);
    if (c != U'）' && c != U')') return std::nullopt;
    return run_in(cn > 0 ? HeadingKind::kLevel2 : HeadingKind::kLevel4, i);
  }
  if (DigitValue(f) >= 0) {
    i = 0;
    const int dn = SkipDigits(t, i);
    if (dn > 3 || i >= t.size()) return std::nullopt;
    const char32_t c = Next(t, i);
    if (c == U'）' || c == U')') return run_in(HeadingKind::kLevel4, i);
    if (c != U'.' && c != U'．' && c != U'、') return std::nullopt;
    if (i < t.size() && DigitValue(First(t.substr(i))) >= 0) return std::nullopt;  // 1.5亿元
    return run_in(HeadingKind::kLevel3, i);
  }
  if (f >= 0x2460 && f <= 0x2473) return run_in(HeadingKind::kLevel5, i);  // ①…⑳
  if (f >= 0x2474 && f <= 0x2487) return run_in(HeadingKind::kLevel4, i);  // ⑴…⒇
  return std::nullopt;
}

}  // namespace jianfu::layout::internal
