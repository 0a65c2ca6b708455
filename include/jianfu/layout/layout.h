// include/jianfu/layout/layout.h
//
// Recognises the parts of a 公文 laid out per GB/T 9704-2012 in extracted
// plain text: 发文字号, 标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 附注,
// attachment texts, 抄送 and 印发 (版记). Tolerates documents lacking most
// parts, web-page text (a portal metadata block first, page furniture last)
// and PDF text that breaks lines inside paragraphs: whatever is not found
// stays empty, and the 正文 then defaults to the whole remaining text. One
// linear pass over the lines, no regular expressions. Pure, thread-safe.
// The recognition rules are described in docs/layout.md.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace jianfu::layout {

// A half-open byte range [begin, end) of the text given to ParseLayout.
// Every span found starts and ends on a non-space character: lines are
// trimmed of white space (incl. U+3000, NBSP, '\r').
struct Span {
  size_t begin = 0;
  size_t end = 0;
  bool empty() const { return begin >= end; }
  size_t size() const { return empty() ? 0 : end - begin; }
};

// Numbering style of a heading at the start of a body line.
enum class HeadingKind {
  kPart,     // 第一部分 / 第一编
  kChapter,  // 第一章
  kSection,  // 第一节
  kArticle,  // 第一条
  kLevel1,   // 一、
  kLevel2,   // （一） or (一)
  kLevel3,   // 1. or 1． or 1、
  kLevel4,   // （1） or (1) or 1）
  kLevel5,   // ① … ⑳
};

struct Layout {
  // 发文字号, e.g. 永政发〔2024〕12号 (without surrounding parentheses). Taken
  // from the head of the document, or from a portal metadata block
  // ("[发文字号] …", "文号：…") when the head has none.
  std::optional<Span> doc_no;
  // 标题, from the first line (关于…, or the 发文机关 line right above it) to
  // the line ending in the 文种; a wrapped title spans 2-3 lines, and the
  // range then includes the line breaks between them.
  std::optional<Span> title;
  // 主送机关, the line ending in '：' or ':' after the title (may wrap over
  // up to three lines), colon included.
  std::optional<Span> addressee;
  // 正文: what the length rules count. From the line after the last head
  // part (主送, else 标题/发文字号, else the page metadata) up to the
  // 附件说明, 署名 or 成文日期; never includes any other part. Empty (begin ==
  // end) only when the text is blank or nothing remains between the parts.
  Span body;
  // 附件说明: "附件：1．…" and its numbered continuation lines, between the
  // 正文 and the 署名. The attachment texts themselves (after the 成文日期)
  // are in `attachment_texts`; a consumer scanning "the attachments" for
  // sentences wants both.
  std::optional<Span> attachments;
  // 署名 (发文机关署名): the organ-name lines right above the 成文日期.
  std::optional<Span> signature;
  // 成文日期, e.g. 2024年8月6日, 二〇二四年八月六日, 2024-08-06.
  std::optional<Span> date;
  // 抄送 (with its continuation lines) and the 印发机关和印发日期 line of the 版记.
  std::optional<Span> cc;
  std::optional<Span> printed;
  // Headings inside the body, in order: the numbering and the heading text.
  // A run-in heading ("（一）加强领导。各地要……") ends at its first 。！？;
  // a 第X条 article contributes its label "第X条" only.
  std::vector<Span> headings;
  // Parallel to `headings`: the numbering style of each.
  std::vector<HeadingKind> heading_kinds;
  // 附注 right after the date, e.g. （此件公开发布）.
  std::optional<Span> note;
  // Everything after the 成文日期 (and 附注) up to the 版记: attachment texts
  // ("附件1" / "附件" header line and what follows), the document enclosed by
  // a "关于印发《…》的通知", and in web pages whatever the page appended.
  // Without a date, starts at the first "附件N" header line after the body.
  std::optional<Span> attachment_texts;
  // Lines before the document proper that are not part of it: a portal
  // metadata block (索引号, [发文机构] …), a pkulaw header, page furniture.
  std::optional<Span> preamble;
};

// REQUIRES: text is valid UTF-8 with '\n' line ends (as extract produces);
// "\r\n" and stray invalid bytes are tolerated.
Layout ParseLayout(std::string_view text);

}  // namespace jianfu::layout
