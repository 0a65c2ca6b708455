#include <fmt/format.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "jianfu/check/checker.h"
#include "jianfu/eval/eval.h"

namespace jianfu::cli {

namespace {

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
  return out.empty() ? "-" : out;
}

}  // namespace

int RunEval(const EvalArgs& args) {
  auto checker = MakeChecker(args.rules);
  if (!checker) return kExitError;
  auto gold = eval::ReadGold(args.gold);
  if (!gold.ok()) {
    PrintError(gold.error());
    return kExitError;
  }
  const eval::Scores s = eval::Evaluate(*checker, *gold);
  if (args.json) {
    nlohmann::json j;
    auto counts = [](const eval::Counts& c) {
      return nlohmann::json{{"tp", c.tp},           {"fp", c.fp},  {"fn", c.fn}, {"precision", c.Precision()},
                            {"recall", c.Recall()}, {"f1", c.F1()}};
    };
    j["sentences"] = s.sentences;
    j["overall"] = counts(s.overall);
    for (const auto& [cat, c] : s.by_category) j["categories"][cat] = counts(c);
    std::cout << j.dump(2) << '\n';
    return kExitClean;
  }
  std::cout << fmt::format("{:<12}{:>6}{:>6}{:>6}{:>11}{:>8}{:>7}\n", "category", "tp", "fp", "fn",
                           "precision", "recall", "f1");
  auto row = [](const std::string& name, const eval::Counts& c) {
    std::cout << fmt::format("{:<12}{:>6}{:>6}{:>6}{:>11.3f}{:>8.3f}{:>7.3f}\n", name, c.tp, c.fp, c.fn,
                             c.Precision(), c.Recall(), c.F1());
  };
  for (const auto& [cat, c] : s.by_category) row(cat, c);
  row("overall", s.overall);
  std::cout << fmt::format("{} 个句子\n", s.sentences);
  if (args.show_misses) {
    for (const auto& m : s.misses)
      std::cout << fmt::format("{}\tgold={}\tgot={}\t{}\t{}\n", m.id, Join(m.gold), Join(m.predicted),
                               Join(m.evidence), m.text);
  }
  return kExitClean;
}

}  // namespace jianfu::cli
