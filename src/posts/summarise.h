// src/posts/summarise.h (internal)
//
// Phases two and three of the analysis, once every post is read: origins
// of the contents (link.h), then the figures per account and for the corpus.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "content_table.h"
#include "jianfu/posts/analyze.h"

namespace jianfu::posts::internal {

// What reading keeps of a valid post: 16 bytes.
struct PostRow {
  uint32_t account = 0;           // index in Collected::names
  uint32_t content = kNoContent;  // ContentTable id
  int64_t time = 0;               // seconds since the epoch
};

struct Collected {
  std::vector<PostRow> rows;       // in input order
  std::vector<std::string> names;  // account names, by first appearance
};

// Fills out.as_of, copies, similarity_checks, accounts, top_sources and (when
// asked) post_origins / post_accounts. REQUIRES: table.Finish() called.
// Errors: kTooLarge with 2^30 accounts or more.
Status Summarise(const Collected& in, const ContentTable& table, const copy::MinHashSettings& minhash,
                 const AnalyzeOptions& options, unsigned threads, Analysis& out);

}  // namespace jianfu::posts::internal
