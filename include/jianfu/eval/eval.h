// include/jianfu/eval/eval.h
//
// Measures the burden checker against sentences with gold labels (the
// format of ../shared/eval/dev.jsonl): precision and recall per category and
// micro-averaged over (sentence, category) pairs. A sentence marked
// `negated` has an empty gold set: it must yield no demand.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "jianfu/check/checker.h"
#include "jianfu/core/result.h"

namespace jianfu::eval {

struct GoldSentence {
  std::string id;
  std::string text;
  std::vector<std::string> labels;  // gold categories (empty when negated)
};

// Reads JSON Lines {"id","text","labels","negated"}. A malformed line is an
// error naming the file and line.
Result<std::vector<GoldSentence>> ReadGold(const std::string& path);

struct Counts {
  size_t tp = 0, fp = 0, fn = 0;
  double Precision() const { return tp + fp ? double(tp) / double(tp + fp) : 1.0; }
  double Recall() const { return tp + fn ? double(tp) / double(tp + fn) : 1.0; }
  double F1() const {
    const double p = Precision(), r = Recall();
    return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  }
};

struct Miss {
  std::string id, text;
  std::vector<std::string> gold, predicted;
  std::vector<std::string> evidence;  // "RULE:word,word" of each finding
};

struct Scores {
  Counts overall;
  std::map<std::string, Counts> by_category;
  std::vector<Miss> misses;  // sentences where predicted != gold
  size_t sentences = 0;
};

// Checks each sentence as a passage and compares the categories found.
Scores Evaluate(const check::Checker& checker, const std::vector<GoldSentence>& gold);

}  // namespace jianfu::eval
