// `jianfu compare UPPER LOWER`: the passages of a lower unit's draft copied
// from an upper document (以文件落实文件), as text or JSON (docs/copy.md).
#include <fmt/format.h>

#include <iostream>

#include "commands.h"
#include "copy_common.h"
#include "jianfu/copy/passages.h"
#include "jianfu/extract/extract.h"
#include "jianfu/text/utf8.h"

namespace jianfu::cli {

namespace {

struct CompareArgs {
  std::string upper;            // the upper unit's document
  std::string lower;            // the lower unit's draft
  size_t min_chars = 0;         // 0: rules/copy/copy.toml's min_chars
  std::string format = "text";  // text | json
};

// Where a byte range lies, for users: code-point offsets, line and column.
struct Place {
  size_t start = 0, end = 0;  // code points
  int line = 0, column = 0, end_line = 0, end_column = 0;
};

Place Locate(const text::TextIndex& index, copy::ByteRange r) {
  Place p;
  p.start = index.CharOffset(r.begin);
  p.end = index.CharOffset(r.end);
  p.line = index.Line(r.begin);
  p.column = index.Column(r.begin);
  // The last character's position, so that the range reads inclusively.
  const size_t last = r.end > r.begin ? r.end - 1 : r.begin;
  p.end_line = index.Line(last);
  p.end_column = index.Column(last);
  return p;
}

// The passage on one line: runs of white space become one space, and a long
// passage keeps its first 40 and last 16 characters around "……".
std::string Excerpt(std::string_view s) {
  std::u32string chars;
  bool space = false;
  for (size_t i = 0; i < s.size();) {
    const char32_t c = text::DecodeUtf8(s, i);
    if (c == ' ' || c == '\t' || c == '\n' || c == 0x3000) {
      space = !chars.empty();
      continue;
    }
    if (space) chars += ' ';
    space = false;
    chars += c;
  }
  if (chars.size() > 60) chars = chars.substr(0, 40) + U"……" + chars.substr(chars.size() - 16);
  std::string out;
  for (char32_t c : chars) text::AppendUtf8(out, c);
  return out;
}

Json PlaceJson(const Place& p, std::string_view text) {
  Json j = Json::object();
  j["start"] = p.start;
  j["end"] = p.end;
  j["line"] = p.line;
  j["column"] = p.column;
  j["end_line"] = p.end_line;
  j["end_column"] = p.end_column;
  j["text"] = std::string(text);
  return j;
}

std::string_view Slice(std::string_view text, copy::ByteRange r) {
  return text.substr(r.begin, r.end - r.begin);
}

int RunCompare(const CompareArgs& args) {
  auto settings = LoadCopySettings();
  if (!settings) return kExitError;
  if (args.min_chars != 0 && args.min_chars < 4) {
    PrintError(MakeError(ErrorCode::kInvalidArgument, "--min-chars 至少为 4"));
    return kExitError;
  }
  const std::string* paths[] = {&args.upper, &args.lower};
  std::string texts[2];
  for (int i = 0; i < 2; ++i) {
    auto e = extract::ExtractFile(*paths[i]);
    if (!e.ok()) {
      Error err = e.error();
      if (err.path.empty()) err.path = *paths[i];
      PrintError(err);
      return kExitError;
    }
    texts[i] = std::move(e->text);
  }
  const std::string& upper = texts[0];
  const std::string& lower = texts[1];
  auto cmp = copy::Compare(upper, lower, *settings, args.min_chars);
  if (!cmp.ok()) {
    Error err = cmp.error();
    err.path = err.field == "upper" ? args.upper : args.lower;
    err.field.clear();
    PrintError(err);
    return kExitError;
  }
  const size_t min_chars = args.min_chars ? args.min_chars : settings->passages.min_chars;
  const text::TextIndex upper_index(upper), lower_index(lower);

  if (args.format == "json") {
    Json j = Json::object();
    j["version"] = 1;
    j["upper"] = Json{{"path", args.upper}};
    Json body = PlaceJson(Locate(lower_index, cmp->lower_body), "");
    body.erase("text");
    body["from_layout"] = cmp->lower_has_layout;
    j["lower"] = Json{{"path", args.lower}, {"body", std::move(body)}};
    j["min_chars"] = min_chars;
    j["body_chars"] = cmp->body_chars;
    j["copied_chars"] = cmp->copied_chars;
    j["share"] = cmp->share();
    Json passages = Json::array();
    for (const auto& p : cmp->passages) {
      Json pj = Json::object();
      pj["lower"] = PlaceJson(Locate(lower_index, p.lower), Slice(lower, p.lower));
      pj["upper"] = PlaceJson(Locate(upper_index, p.upper), Slice(upper, p.upper));
      pj["lower_chars"] = p.lower_chars;
      pj["upper_chars"] = p.upper_chars;
      pj["matched_chars"] = p.matched_chars;
      passages.push_back(std::move(pj));
    }
    j["passages"] = std::move(passages);
    std::cout << DumpJson(j) << '\n';
  } else {
    std::cout << fmt::format("上级文件：{}\n下级文件：{}（比对{}，{} 字）\n", args.upper, args.lower,
                             cmp->lower_has_layout ? "正文" : "全文", cmp->body_chars);
    if (cmp->passages.empty()) {
      std::cout << fmt::format("未发现与上级文件相同的段落（每段至少 {} 字）。\n", min_chars);
    } else {
      std::cout << fmt::format(
          "其中 {} 字（{:.1f}%）与上级文件相同，共 {} 段（每段至少 {} 字；不计标点、空白和层级词）。\n",
          cmp->copied_chars, 100.0 * cmp->share(), cmp->passages.size(), min_chars);
    }
    size_t n = 0;
    for (const auto& p : cmp->passages) {
      const Place l = Locate(lower_index, p.lower), u = Locate(upper_index, p.upper);
      std::cout << fmt::format(
          "\n[{}] {} 字  下级 第{}行第{}列至第{}行第{}列  ←  上级 第{}行第{}列至第{}行第{}列\n", ++n,
          p.matched_chars, l.line, l.column, l.end_line, l.end_column, u.line, u.column, u.end_line,
          u.end_column);
      std::cout << "    " << Excerpt(Slice(lower, p.lower)) << '\n';
      if (p.matched_chars < p.lower_chars || p.matched_chars < p.upper_chars)
        std::cout << "    上级原文：" << Excerpt(Slice(upper, p.upper)) << '\n';
    }
  }
  std::cout.flush();
  return cmp->passages.empty() ? kExitClean : kExitFindings;
}

}  // namespace

Command AddCompareCommand(CLI::App& app) {
  auto args = std::make_shared<CompareArgs>();
  auto* cmp = app.add_subcommand("compare", "找出下级文件中照抄上级文件的段落（以文件落实文件）");
  cmp->add_option("upper", args->upper, "上级文件")->required();
  cmp->add_option("lower", args->lower, "下级文件（草稿）")->required();
  cmp->add_option("--min-chars", args->min_chars,
                  "最短段落的字数（不计标点和层级词；默认取 rules/copy/copy.toml 的 min_chars）");
  cmp->add_option("--format,-f", args->format, "输出格式：text、json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return {cmp, [args] { return RunCompare(*args); }};
}

}  // namespace jianfu::cli
