// include/jianfu/posts/output.h
//
// The two outputs of `jianfu posts analyze` (docs/posts.md, "Output"):
// JSON, one document with the corpus figures, the largest sources, every
// account and the bad lines; and CSV, one row per account. Both are
// written as they go (an account at a time). Thread-compatible: pure
// functions of their arguments, writing only to `out`.
#pragma once

#include <ostream>

#include "jianfu/copy/settings.h"
#include "jianfu/posts/analyze.h"

namespace jianfu::posts {

// The JSON output, version 1. `settings` are the MinHash parameters used.
void WriteJson(const Analysis& a, const copy::MinHashSettings& settings, const AnalyzeOptions& options,
               std::ostream& out);

// The CSV output: a header line, then one row per account (RFC 4180, UTF-8
// without BOM, "\n" line ends).
void WriteCsv(const Analysis& a, std::ostream& out);

}  // namespace jianfu::posts
