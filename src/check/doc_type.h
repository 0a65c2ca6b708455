// src/check/doc_type.h (internal)
// Infers the 公文 type that decides the length limit (rule DOC-10).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "jianfu/check/finding.h"
#include "jianfu/rules/ruleset.h"

namespace jianfu::check {

struct DocTypeGuess {
  DocType type = DocType::kGeneral;
  std::string reason;  // Chinese
};

// `title` may be empty; `headings` are the body's first-level headings.
DocTypeGuess InferDocType(const rules::DocTypeRules& words, std::string_view title,
                          const std::vector<std::string_view>& headings);

// Chinese name used in messages: 综合性工作 / 专项工作或具体任务 / 一般.
const char* DocTypeChineseName(DocType t);

}  // namespace jianfu::check
