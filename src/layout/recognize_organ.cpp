// Line recognisers for organ names: 署名 lines, the 发文机关 above a title and
// the 主送机关 list; and the prose test that ends the head.
#include "recognize.h"
#include "scan.h"

namespace jianfu::layout::internal {

namespace {

// Last characters of organ names: 政府, 办公厅, 委员会, 局, 中心, 银行, ….
bool IsOrganSuffix(char32_t c) {
  switch (c) {
    case U'府':
    case U'厅':
    case U'局':
    case U'委':
    case U'办':
    case U'室':
    case U'部':
    case U'会':
    case U'院':
    case U'处':
    case U'所':
    case U'署':
    case U'司':
    case U'组':
    case U'站':
    case U'队':
    case U'心':
    case U'行':
    case U'团':
    case U'校':
    case U'社':
    case U'联':
    case U'盟':
    case U'馆':
    case U'场':
    case U'厂':
    case U'科':
    case U'股':
    case U'庭':
    case U'台':
    case U'议':
    case U'区':
    case U'学':
    case U'军':
    case U'关':
    case U'构':
    case U'党':
    case U'宫':
      return true;
    default:
      return false;
  }
}

// Addressee groups end with these as well (各缴存职工, 各房地产开发企业, …).
bool IsAddresseeSuffix(char32_t c) {
  if (IsOrganSuffix(c)) return true;
  switch (c) {
    case U'人':
    case U'工':
    case U'业':
    case U'户':
    case U'生':
    case U'者':
    case U'民':
    case U'道':
    case U'镇':
    case U'乡':
    case U'县':
    case U'市':
    case U'省':
    case U'位':
    case U'门':
    case U'体':
    case U'员':
    case U'园':
    case U'属':
    case U'家':
    case U'方':
    case U'地':
    case U'州':
    case U'盟':
    case U'旗':
    case U'村':
    case U'站':
    case U'司':
    case U'）':
    case U')':
    case U'街':
      return true;
    default:
      return false;
  }
}

}  // namespace

bool IsOrganLine(std::string_view t) {
  const size_t n = CodePoints(t);
  if (n < 2 || n > 90) return false;
  if (HasSentencePunct(t) || Contains(t, "，") || Contains(t, ",") || Contains(t, "：") || Contains(t, ":")) {
    return false;
  }
  if (MatchHeading(t) || IsDateLine(t) || StartsWithAny(t, {"附件", "抄送", "特此"}) || Contains(t, "关于")) {
    return false;
  }
  // Split into organ names at white space and 、; a letter-spaced name
  // ("重 庆 市 体 育 局") shows up as one-character pieces and is joined.
  int pieces = 0, single = 0, good = 0;
  char32_t last_of_all = 0;
  size_t i = 0;
  while (i < t.size()) {
    while (i < t.size()) {
      size_t j = i;
      const char32_t c = Next(t, j);
      if (!IsSpace(c) && c != U'、') break;
      i = j;
    }
    if (i >= t.size()) break;
    const size_t b = i;
    int len = 0;
    while (i < t.size()) {
      size_t j = i;
      const char32_t c = Next(t, j);
      if (IsSpace(c) || c == U'、') break;
      i = j;
      ++len;
    }
    std::string_view piece = t.substr(b, i - b);
    for (std::string_view seal : {"（代章）", "(代章)", "（盖章）", "(盖章)", "（印章）", "（章）"}) {
      if (EndsWith(piece, seal) && piece.size() > seal.size()) piece.remove_suffix(seal.size());
    }
    ++pieces;
    if (len == 1) ++single;
    last_of_all = Last(piece);
    if (len >= 2 && IsOrganSuffix(Last(piece)) && IsCjk(First(piece))) ++good;
  }
  if (pieces == 0) return false;
  if (single == pieces) return pieces >= 3 && IsOrganSuffix(last_of_all);
  return good == pieces - single && good > 0 && single == 0;
}

bool IsAddressee(std::string_view t, bool need_colon) {
  if (need_colon) {
    if (!EndsWithColon(t)) return false;
    t = DropLast(t);
    t = Trim(t);
  }
  const size_t n = CodePoints(t);
  if (n < 2 || n > 250) return false;
  if (HasSentencePunct(t) || Contains(t, "：") || Contains(t, ":")) return false;
  for (std::string_view w : {"如下", "以下", "下列", "原文", "公告", "解读", "附件"}) {
    if (Contains(t, w)) return false;
  }
  if (StartsWithAny(
          t, {"为",   "根据", "按照", "依据", "依照", "遵照", "经",   "现",   "近年", "关于", "抄送", "主送",
              "印发", "特此", "本",   "我",   "对",   "在",   "自",   "从",   "截至", "鉴于", "随着", "目前",
              "当前", "今年", "去年", "日前", "近日", "联系", "电话", "地址", "注",   "请",   "《"})) {
    return false;
  }
  if (MatchHeading(t) || IsMetadataLine(t) || IsDateLine(t)) return false;
  // Every comma-separated group is short; the list names organs.
  bool has_each = Contains(t, "各");
  size_t seg = 0;
  for (size_t i = 0; i < t.size();) {
    const char32_t c = Next(t, i);
    if (c == U'，' || c == U',' || c == U'、') {
      seg = 0;
    } else if (++seg > 50) {
      return false;
    }
  }
  return has_each || IsAddresseeSuffix(Last(t));
}

bool IsProse(std::string_view t) {
  if (HasSentencePunct(t)) return true;
  const size_t n = CodePoints(t);
  return n > 60 && (Contains(t, "，") || Contains(t, ","));
}

}  // namespace jianfu::layout::internal
