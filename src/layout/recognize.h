// src/layout/recognize.h
//
// Recognisers for single lines of a 公文 (GB/T 9704-2012 parts). Each takes
// one line already trimmed of white space and answers from that line alone;
// src/layout/layout.cpp decides from their position which answer counts.
// Internal to src/layout.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

#include "jianfu/layout/layout.h"

namespace jianfu::layout::internal {

// Byte range [first, second) inside the line.
using Range = std::pair<size_t, size_t>;

// --- Page furniture before the document -----------------------------------

// "索引号：…", "[发文机构] …", "【法宝引证码】…": a key/value line of a portal
// metadata block or of a pkulaw export header.
bool IsMetadataLine(std::string_view t);
// "发布时间：… 浏览次数：…", "字号：大 中 小", "点击查看政策解读…", "原文链接：…".
bool IsFurnitureLine(std::string_view t);

// --- 版头 and head ---------------------------------------------------------

// The 发文字号 in the line, e.g. 永政发〔2024〕12号, 京政办发[2013]17号,
// 京建发[2017]第112号, 重庆市人民政府令第361号. The line must be the number
// alone (possibly in parentheses) or the number beside other short head items
// separated by white space (签发人, 份号, an index code).
std::optional<Range> FindDocNo(std::string_view t);

// The line ends in a 文种 (通知, 意见, 方案, 办法, …), ignoring a trailing
// "（试行）"-style parenthesis, and could be (the last line of) a 标题.
bool IsTitleEnd(std::string_view t);
// The line could be a non-final line of a wrapped 标题.
bool IsTitleLine(std::string_view t);
// The line starts a 标题 proper: 关于…, 印发…, 转发…, 批转….
bool StartsTitleProper(std::string_view t);
// A 版头 line such as "XX县人民政府文件" or a 份号/密级/紧急程度/签发人 line.
bool IsHeaderMark(std::string_view t);

// An organ name (or several, separated by white space or 、) alone on the
// line: 署名 lines, 发文机关 lines above a title.
bool IsOrganLine(std::string_view t);

// 主送机关: a line (or the joined lines) ending in '：' or ':' naming organs.
// `need_colon` false checks a first line of a wrapped 主送.
bool IsAddressee(std::string_view t, bool need_colon);

// A line of running text (has sentence punctuation, or is long).
bool IsProse(std::string_view t);

// --- Tail -------------------------------------------------------------------

// Parses a date at the start of s (2024年8月6日, 二〇二四年八月六日,
// 2024-08-06, 2024.8.6, 2024/8/6; digits may be full-width, white space may
// separate the parts). Returns the byte length, or 0.
size_t ParseDate(std::string_view s);
// The line is a date and nothing else.
bool IsDateLine(std::string_view t);

// 附注 in parentheses right after the date: （此件公开发布）, （联系人：…）.
bool IsNoteLine(std::string_view t);

// "附件：…" / "附件:" — the start of the 附件说明.
bool IsAttachmentNoteStart(std::string_view t);
// A numbered continuation of the 附件说明: "2．XXXX", "附件2：XXXX".
bool IsAttachmentItem(std::string_view t);
// "附件", "附件1", "附件 2", "附件一" alone on a line: the head of an attachment text.
bool IsAttachmentHeader(std::string_view t);

// "抄送：…" (also 抄报, 分送): the first line of the 抄送 part of the 版记.
bool IsCcLine(std::string_view t);
// "XX办公室　2024年8月7日印发".
bool IsPrintedLine(std::string_view t);

// --- Headings inside the body -------------------------------------------------

struct HeadingMatch {
  HeadingKind kind;
  size_t end;  // byte length of the heading within the line
};
// 一、 / （一） / 1. / （1） / ① / 第一章 / 第一节 / 第一条 / 第一部分 at the
// start of the line.
std::optional<HeadingMatch> MatchHeading(std::string_view t);

}  // namespace jianfu::layout::internal
