// Line recognisers for the layout parser: 版头/head parts and page furniture.
// Organ names and 主送 are in recognize_organ.cpp; the tail parts (dates,
// 附件, 版记) and headings in recognize_tail.cpp.
#include "recognize.h"

#include "scan.h"

namespace jianfu::layout::internal {

namespace {

// Keys of portal metadata blocks and pkulaw headers (white space removed).
constexpr std::string_view kMetadataKeys[] = {
    "索引号",   "信息索引号", "索取号",   "统一编号",   "信息名称", "名称",         "标题",
    "文件名称", "分类",       "主题分类", "组配分类",   "体裁分类", "服务对象分类", "主题",
    "发文机构", "发布机构",   "发文机关", "发文单位",   "制发机关", "联合发文单位", "所属机构",
    "成文日期", "发文日期",   "发布日期", "生成日期",   "公开日期", "印发日期",     "实施日期",
    "施行日期", "生效日期",   "废止日期", "失效日期",   "有效期",   "文号",         "发文字号",
    "文件编号", "编号",       "主题词",   "关键词",     "文件状态", "有效性",       "时效性",
    "效力状态", "效力级别",   "公开方式", "公开范围",   "公开时限", "公开属性",     "法定主动公开分类",
    "内容概述", "内容概要",   "摘要",     "解读",       "政策解读", "来源",         "信息来源",
    "文件来源", "发布时间",   "浏览次数", "法宝引证码", "原文链接", "时效"};

bool IsMetadataKey(std::string_view key) {
  for (std::string_view k : kMetadataKeys) {
    if (EqualsIgnoringSpace(key, k)) return true;
  }
  return false;
}

bool IsOpenBracket(char32_t c) {
  return c == U'〔' || c == U'[' || c == U'［' || c == U'【' || c == U'(' || c == U'（' || c == U'〖' ||
         c == U'﹝' || c == U'{' || c == U'｛';
}
bool IsCloseBracket(char32_t c) {
  return c == U'〕' || c == U']' || c == U'］' || c == U'】' || c == U')' || c == U'）' || c == U'〗' ||
         c == U'﹞' || c == U'}' || c == U'｝';
}

// Tries to match a 发文字号 whose open bracket starts at s[open]. On success
// returns the range from the first prefix character to after 号.
std::optional<Range> MatchDocNoAt(std::string_view s, size_t open) {
  // Prefix: CJK ideographs immediately before the bracket (white space allowed
  // between them and the bracket).
  size_t b = open;
  while (b > 0) {
    size_t j = b;
    if (!IsSpace(Prev(s, j))) break;
    b = j;
  }
  size_t prefix_end = b;
  int prefix = 0;
  while (b > 0 && prefix < 20) {
    size_t j = b;
    if (!IsCjk(Prev(s, j))) break;
    b = j;
    ++prefix;
  }
  if (prefix == 0 || prefix_end == 0) return std::nullopt;
  if (b > 0) {
    size_t j = b;
    const char32_t before = Prev(s, j);
    if (!IsSpace(before) && before != U'（' && before != U'(') return std::nullopt;
  }
  size_t i = open;
  Next(s, i);  // the bracket
  SkipSpaces(s, i);
  if (SkipDigits(s, i) != 4) return std::nullopt;
  SkipSpaces(s, i);
  if (i >= s.size() || !IsCloseBracket(Next(s, i))) return std::nullopt;
  SkipSpaces(s, i);
  if (StartsWith(s.substr(i), "第")) {
    i += 3;
    SkipSpaces(s, i);
  }
  const int digits = SkipDigits(s, i);
  if (digits < 1 || digits > 6) return std::nullopt;
  SkipSpaces(s, i);
  if (!StartsWith(s.substr(i), "号")) return std::nullopt;
  i += 3;
  if (i < s.size()) {
    size_t j = i;
    const char32_t after = Next(s, j);
    if (!IsSpace(after) && after != U'）' && after != U')') return std::nullopt;
  }
  return Range{b, i};
}

// What may share a line with the 发文字号: nothing, an index code or 份号
// without Chinese, or a 签发人/密级/紧急程度 mark.
bool IsHeadExtra(std::string_view s) {
  s = Trim(s);
  if (s.empty()) return true;
  for (std::string_view w : {"签发人", "签 发 人", "密级", "绝密", "机密", "秘密", "特急", "加急", "★"}) {
    if (Contains(s, w)) return true;
  }
  for (size_t i = 0; i < s.size();) {
    if (IsCjk(Next(s, i))) return false;
  }
  return true;
}

// Strips one pair of parentheses around the whole line; returns the offset.
std::string_view StripOuterParens(std::string_view t, size_t& offset) {
  offset = 0;
  const char32_t f = First(t), l = Last(t);
  if ((f == U'（' || f == U'(') && (l == U'）' || l == U')')) {
    const std::string_view inner = DropLast(DropFirst(t));
    offset = t.size() - DropFirst(t).size();
    const std::string_view trimmed = Trim(inner);
    offset += static_cast<size_t>(trimmed.data() - inner.data());
    return trimmed;
  }
  return t;
}

// 文种 words a 标题 ends with (GB/T 9704 and common 规范性文件 kinds).
constexpr std::string_view kDocKinds[] = {
    "通知", "通报", "意见", "方案", "办法", "规定", "决定",   "决议",   "命令", "公告",  "通告",
    "公报", "报告", "请示", "批复", "函",   "纪要", "规划",   "要点",   "细则", "规则",  "条例",
    "措施", "计划", "指引", "指南", "制度", "标准", "议案",   "答复",   "说明", "章程",  "守则",
    "准则", "安排", "清单", "目录", "提纲", "建议", "倡议书", "公开信", "通令", "嘉奖令"};

// Drops trailing parentheses such as （试行）, （征求意见稿）, （2023-2025年）.
std::string_view StripTrailingParens(std::string_view t) {
  for (int round = 0; round < 2; ++round) {
    const char32_t l = Last(t);
    if (l != U'）' && l != U')') break;
    size_t i = t.size();
    Prev(t, i);
    int n = 0;
    bool found = false;
    while (i > 0 && n < 24) {
      const char32_t c = Prev(t, i);
      if (c == U'（' || c == U'(') {
        found = true;
        break;
      }
      ++n;
    }
    if (!found) break;
    t = Trim(t.substr(0, i));
  }
  return t;
}

}  // namespace

bool IsMetadataLine(std::string_view t) {
  if (t.empty()) return false;
  const char32_t f = First(t);
  if (f == U'[' || f == U'【' || f == U'［') {
    // "[主题分类] …": a short bracketed key.
    size_t i = 0;
    Next(t, i);
    const size_t key_begin = i;
    int n = 0;
    while (i < t.size() && n <= 10) {
      size_t j = i;
      const char32_t c = Next(t, j);
      if (c == U']' || c == U'】' || c == U'］') {
        const std::string_view key = t.substr(key_begin, i - key_begin);
        return n >= 2 && (IsMetadataKey(key) || n <= 8);
      }
      if (!IsCjk(c) && !IsSpace(c)) return false;
      i = j;
      ++n;
    }
    return false;
  }
  // "key：value" with a known key.
  size_t colon = t.find("：");
  const size_t ascii = t.find(':');
  if (ascii != std::string_view::npos && (colon == std::string_view::npos || ascii < colon)) colon = ascii;
  if (colon == std::string_view::npos || colon > 40) return false;
  return IsMetadataKey(t.substr(0, colon));
}

bool IsFurnitureLine(std::string_view t) {
  if (CodePoints(t) > 160) return false;
  for (std::string_view w : {"浏览次数", "浏览量", "字号：", "字号:", "字体：", "字体:", "【字体", "打印本页",
                             "关闭窗口", "【关闭", "收藏", "分享到", "点击查看", "查看政策解读", "扫一扫",
                             "法宝引证码", "原文链接", "PDF格式下载", "【打印"}) {
    if (Contains(t, w)) return true;
  }
  if (StartsWithAny(t, {"发布时间", "发布日期", "来源：", "来源:", "分享："})) return true;
  // A file name left by a download link: "….docx", "….pdf".
  for (std::string_view ext : {".doc", ".docx", ".wps", ".pdf", ".ofd", ".xls", ".xlsx", ".zip", ".rar"}) {
    if (EndsWith(t, ext)) return true;
  }
  return false;
}

std::optional<Range> FindDocNo(std::string_view line) {
  if (line.empty() || CodePoints(line) > 300) return std::nullopt;
  if (Contains(line, "。") || Contains(line, "，") || Contains(line, "；")) return std::nullopt;
  size_t offset = 0;
  const std::string_view t = StripOuterParens(line, offset);
  for (size_t i = 0; i < t.size();) {
    const size_t at = i;
    const char32_t c = Next(t, i);
    if (!IsOpenBracket(c)) continue;
    if (auto r = MatchDocNoAt(t, at)) {
      if (!IsHeadExtra(t.substr(0, r->first)) || !IsHeadExtra(t.substr(r->second))) return std::nullopt;
      return Range{r->first + offset, r->second + offset};
    }
  }
  // 令: "重庆市人民政府令第361号" / "…令 第 361 号", the whole line.
  const size_t ling = t.find("令");
  if (ling != std::string_view::npos && ling > 0 && EndsWith(t, "号")) {
    size_t i = ling + 3;
    SkipSpaces(t, i);
    if (StartsWith(t.substr(i), "第")) {
      i += 3;
      SkipSpaces(t, i);
      const int digits = SkipDigits(t, i);
      SkipSpaces(t, i);
      bool cjk_prefix = true;
      for (size_t k = 0; k < ling && cjk_prefix;) cjk_prefix = IsCjk(Next(t, k));
      if (digits >= 1 && digits <= 6 && i + 3 == t.size() && cjk_prefix)
        return Range{offset, offset + t.size()};
    }
  }
  return std::nullopt;
}

bool IsTitleEnd(std::string_view t) {
  const size_t n = CodePoints(t);
  if (n < 2 || n > 120) return false;
  if (HasSentencePunct(t) || EndsWithColon(t) || EndsWith(t, "，") || EndsWith(t, ",")) return false;
  if (MatchHeading(t) || StartsWithAny(t, {"附件", "抄送", "主题词", "特此"})) return false;
  if (IsMetadataLine(t) || IsFurnitureLine(t)) return false;
  const std::string_view core = StripTrailingParens(t);
  for (std::string_view k : kDocKinds) {
    if (EndsWith(core, k) && core.size() > k.size()) return true;
  }
  return false;
}

bool IsTitleLine(std::string_view t) {
  const size_t n = CodePoints(t);
  if (n < 2 || n > 60) return false;
  if (HasSentencePunct(t) || Contains(t, "：") || Contains(t, ":")) return false;
  if (MatchHeading(t) || StartsWithAny(t, {"附件", "抄送", "主题词", "特此"})) return false;
  if (IsMetadataLine(t) || IsFurnitureLine(t) || IsHeaderMark(t) || IsDateLine(t) || FindDocNo(t))
    return false;
  for (size_t i = 0; i < t.size();) {
    if (IsCjk(Next(t, i))) return true;
  }
  return false;
}

bool StartsTitleProper(std::string_view t) {
  return StartsWithAny(t, {"关于", "印发", "转发", "批转", "《关于"});
}

bool IsHeaderMark(std::string_view t) {
  // 版头 "XX人民政府文件", possibly letter-spaced ("永 安 县 … 文 件").
  if (CodePoints(t) <= 60) {
    size_t i = t.size();
    if (i > 0 && Prev(t, i) == U'件') {
      while (i > 0) {
        size_t j = i;
        if (!IsSpace(Prev(t, j))) break;
        i = j;
      }
      if (i > 0 && Prev(t, i) == U'文') return IsOrganLine(Trim(t.substr(0, i)));
    }
  }
  if (StartsWithAny(t, {"签发人", "签 发 人", "份号", "密级", "紧急程度", "绝密", "机密", "秘密", "特急",
                        "加急", "特提", "平急"})) {
    return CodePoints(t) <= 40;
  }
  // 份号: a run of digits alone.
  size_t i = 0;
  const int digits = SkipDigits(t, i);
  return digits >= 2 && i == t.size();
}

}  // namespace jianfu::layout::internal
