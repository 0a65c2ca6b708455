// include/jianfu/layout/layout.h
//
// Recognises the parts of a 公文 laid out per GB/T 9704-2012 in extracted
// plain text: 发文字号, 标题, 主送机关, 正文, 附件说明, 署名, 成文日期, 抄送 and
// 印发 (版记). Tolerates documents lacking most parts: whatever is not found
// stays empty, and the 正文 then defaults to the whole remaining text.
// Pure function, thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace jianfu::layout {

// A half-open byte range [begin, end) of the text given to ParseLayout.
struct Span {
  size_t begin = 0;
  size_t end = 0;
  bool empty() const { return begin >= end; }
  size_t size() const { return empty() ? 0 : end - begin; }
};

struct Layout {
  std::optional<Span> doc_no;       // 发文字号, e.g. 永政发〔2024〕12号
  std::optional<Span> title;        // 标题 (may span several lines; joined range)
  std::optional<Span> addressee;    // 主送机关, the line ending in '：'
  Span body;                        // 正文: what the length rules count
  std::optional<Span> attachments;  // 附件说明 (附件：1. …) and attachment texts
  std::optional<Span> signature;    // 署名 (发文机关署名)
  std::optional<Span> date;         // 成文日期, e.g. 2024年8月6日
  std::optional<Span> cc;           // 抄送
  std::optional<Span> printed;      // 印发机关和印发日期
  std::vector<Span> headings;       // 一、 （一） 1. headings inside the body, in order
};

// REQUIRES: text is valid UTF-8 with '\n' line ends (as extract produces).
Layout ParseLayout(std::string_view text);

}  // namespace jianfu::layout
