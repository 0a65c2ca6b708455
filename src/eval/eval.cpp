#include "jianfu/eval/eval.h"

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "jianfu/text/utf8.h"

namespace jianfu::eval {

Result<std::vector<GoldSentence>> ReadGold(const std::string& path) {
  std::ifstream in(path);
  if (!in) return MakeError(ErrorCode::kNotFound, "无法打开评测文件", path);
  std::vector<GoldSentence> out;
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto fail = [&](const std::string& what, const std::string& field) {
      return MakeError(ErrorCode::kInvalidArgument, what, path, field, n);
    };
    nlohmann::json j = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) return fail("不是有效的 JSON 对象", "");
    if (!j.contains("text") || !j["text"].is_string()) return fail("缺少字符串字段", "text");
    GoldSentence g;
    g.id = j.value("id", std::to_string(n));
    g.text = j["text"].get<std::string>();
    if (text::FindInvalidUtf8(g.text) != text::kNpos) return fail("文本不是有效的 UTF-8", "text");
    const bool negated = j.value("negated", false);
    if (j.contains("labels")) {
      if (!j["labels"].is_array()) return fail("应为字符串数组", "labels");
      for (const auto& l : j["labels"]) {
        if (!l.is_string()) return fail("应为字符串数组", "labels");
        if (!negated) g.labels.push_back(l.get<std::string>());
      }
    }
    out.push_back(std::move(g));
  }
  return out;
}

Scores Evaluate(const check::Checker& checker, const std::vector<GoldSentence>& gold) {
  Scores s;
  check::CheckOptions options;
  options.passage = true;
  for (const auto& g : gold) {
    std::set<std::string> want(g.labels.begin(), g.labels.end());
    std::set<std::string> got;
    std::vector<std::string> evidence;
    for (const auto& f : checker.Check(g.text, options).findings) {
      if (f.category.empty()) continue;
      got.insert(f.category);
      std::string e = f.rule + ":";
      for (const auto& m : f.matches) e += g.text.substr(m.byte_begin, m.byte_end - m.byte_begin) + ",";
      evidence.push_back(e);
    }
    for (const auto& c : got) {
      auto& k = s.by_category[c];
      (want.contains(c) ? k.tp : k.fp)++;
      (want.contains(c) ? s.overall.tp : s.overall.fp)++;
    }
    for (const auto& c : want) {
      if (got.contains(c)) continue;
      s.by_category[c].fn++;
      s.overall.fn++;
    }
    if (got != want)
      s.misses.push_back({g.id, g.text, {want.begin(), want.end()}, {got.begin(), got.end()}, evidence});
    ++s.sentences;
  }
  return s;
}

}  // namespace jianfu::eval
