#include "doc_type.h"

namespace jianfu::check {

namespace {

const std::string* FindWord(const std::vector<std::string>& words, std::string_view text) {
  for (const auto& w : words)
    if (text.find(w) != std::string_view::npos) return &w;
  return nullptr;
}

}  // namespace

const char* DocTypeChineseName(DocType t) {
  switch (t) {
    case DocType::kComprehensive:
      return "部署综合性工作的文件";
    case DocType::kSpecial:
      return "部署专项工作或具体任务的文件";
    case DocType::kGeneral:
      return "一般文件";
  }
  return "一般文件";
}

DocTypeGuess InferDocType(const rules::DocTypeRules& words, std::string_view title,
                          const std::vector<std::string_view>& headings) {
  if (!title.empty()) {
    // Comprehensive words are checked first: "…工作要点" outranks "…方案".
    if (const auto* w = FindWord(words.comprehensive, title))
      return {DocType::kComprehensive, "标题含“" + *w + "”，按部署综合性工作的文件处理（不受字数限制）"};
    if (const auto* w = FindWord(words.special, title))
      return {DocType::kSpecial, "标题含“" + *w + "”，按部署专项工作或具体任务的文件处理"};
    return {DocType::kGeneral, "标题未显示综合性或专项工作，按一般文件处理"};
  }
  // No title: a document whose first-level headings span many areas reads as
  // comprehensive only when a heading says so; otherwise general.
  for (std::string_view h : headings) {
    if (const auto* w = FindWord(words.comprehensive, h))
      return {DocType::kComprehensive, "未找到标题；小标题含“" + *w + "”，按部署综合性工作的文件处理"};
  }
  return {DocType::kGeneral, "未找到标题，按一般文件处理"};
}

}  // namespace jianfu::check
