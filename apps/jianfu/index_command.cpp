// `jianfu index build|add|query`: the persistent near-duplicate index
// (include/jianfu/copy/index.h, docs/copy.md).
#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <optional>

#include "commands.h"
#include "copy_common.h"
#include "jianfu/copy/index.h"

namespace jianfu::cli {

namespace {

struct IndexArgs {
  std::string action;              // build | add | query
  std::string index;               // the index file (add, query)
  std::vector<std::string> paths;  // files or folders
  std::string output;              // the index file to write (build)
  std::string format = "text";     // text | json (query)
  unsigned threads = 0;            // 0: one per core
};

// The files under `paths`, sketched, as documents to add; the errors (paths
// and files that cannot be read) are printed and counted in *errors.
std::vector<copy::NewDocument> ReadDocuments(const std::vector<std::string>& paths,
                                             const copy::Sketcher& sketcher, unsigned threads,
                                             size_t* errors) {
  std::vector<Error> missing;
  const auto files = ExpandInputs(paths, missing);
  for (const auto& e : missing) PrintError(e);
  *errors += missing.size();
  std::vector<copy::NewDocument> out;
  for (auto& f : SketchFiles(files, sketcher, threads, "已读取")) {
    if (!f.sketch.ok()) {
      PrintError(f.sketch.error());
      ++*errors;
      continue;
    }
    out.push_back({f.path, f.sketch->content_hash, static_cast<uint32_t>(f.sketch->shingles.size()),
                   std::move(f.sketch->band_keys)});
  }
  return out;
}

int Build(const IndexArgs& args, const copy::Settings& settings) {
  if (args.output.empty()) {
    PrintError(MakeError(ErrorCode::kInvalidArgument, "请用 -o 给出索引文件", "", "-o"));
    return kExitError;
  }
  size_t errors = 0;
  const copy::Sketcher sketcher(settings.normalize, settings.minhash);
  const auto docs = ReadDocuments(args.paths, sketcher, args.threads, &errors);
  if (docs.empty()) {
    PrintError(MakeError(ErrorCode::kEmpty, "没有可以编入索引的文件，未写入索引", args.output));
    return kExitError;
  }
  auto stats =
      copy::WriteIndex(args.output, settings.minhash, sketcher.normalizer().Fingerprint(), nullptr, docs);
  if (!stats.ok()) {
    PrintError(stats.error());
    return kExitError;
  }
  std::cout << fmt::format("已建立索引 {}：{} 个文件", args.output, stats->documents);
  if (errors) std::cout << fmt::format("（另有 {} 个无法读取，未编入）", errors);
  std::cout << "\n";
  return errors ? kExitError : kExitClean;
}

int Add(const IndexArgs& args, const copy::Settings& settings) {
  auto index = copy::CopyIndex::Open(args.index);
  if (!index.ok()) {
    PrintError(index.error());
    return kExitError;
  }
  // Sketch with the index's own parameters; the rules must be the same.
  const copy::Sketcher sketcher(settings.normalize, index->minhash());
  if (auto st = index->CheckNormalizer(sketcher.normalizer()); !st.ok()) {
    PrintError(st.error());
    return kExitError;
  }
  size_t errors = 0;
  const auto docs = ReadDocuments(args.paths, sketcher, args.threads, &errors);
  if (!docs.empty()) {
    auto stats =
        copy::WriteIndex(args.index, index->minhash(), index->normalize_fingerprint(), &*index, docs);
    if (!stats.ok()) {
      PrintError(stats.error());
      return kExitError;
    }
    std::cout << fmt::format("已更新索引 {}：新加入 {} 个文件，内容有变的 {} 个，未变的 {} 个，共 {} 个文件",
                             args.index, stats->added, stats->replaced, stats->unchanged, stats->documents);
  } else {
    std::cout << fmt::format("索引 {} 未改变", args.index);
  }
  if (errors) std::cout << fmt::format("（{} 个无法读取，未编入）", errors);
  std::cout << "\n";
  return errors ? kExitError : kExitClean;
}

struct Match {
  std::string path;
  double similarity;
};

int Query(const IndexArgs& args, const copy::Settings& settings) {
  auto index = copy::CopyIndex::Open(args.index);
  if (!index.ok()) {
    PrintError(index.error());
    return kExitError;
  }
  const copy::Sketcher sketcher(settings.normalize, index->minhash());
  if (auto st = index->CheckNormalizer(sketcher.normalizer()); !st.ok()) {
    PrintError(st.error());
    return kExitError;
  }
  const double threshold = index->minhash().threshold;
  std::vector<Error> errors;
  const auto files = ExpandInputs(args.paths, errors);
  for (const auto& e : errors) PrintError(e);
  // Indexed documents re-read to verify a candidate, kept for later queries
  // (nullopt: unreadable, reported once).
  std::map<uint32_t, std::optional<copy::DocumentSketch>> verified;
  Json queries = Json::array();
  bool any = false;
  for (auto& q : SketchFiles(files, sketcher, args.threads, "已查询")) {
    if (!q.sketch.ok()) {
      errors.push_back(q.sketch.error());
      PrintError(q.sketch.error());
      continue;
    }
    std::error_code ec;
    const auto self = std::filesystem::weakly_canonical(q.path, ec);
    std::vector<Match> matches;
    for (uint32_t id : index->Candidates(q.sketch->band_keys)) {
      const auto path = index->ResolvePath(id);
      if (std::filesystem::weakly_canonical(path, ec) == self) continue;  // the query itself
      auto it = verified.find(id);
      if (it == verified.end()) {
        auto sketch = SketchFile(path, sketcher);
        if (!sketch.ok()) {
          Error e = sketch.error();
          e.message = "索引中的文件无法读取，未能核实相似度：" + e.message;
          errors.push_back(e);
          PrintError(e);
        }
        it = verified.emplace(id, sketch.ok() ? std::optional(std::move(*sketch)) : std::nullopt).first;
      }
      if (!it->second) continue;
      const double s = copy::Jaccard(q.sketch->shingles, it->second->shingles);
      if (s >= threshold) matches.push_back({DisplayPath(path), s});
    }
    std::sort(matches.begin(), matches.end(), [](const Match& a, const Match& b) {
      return a.similarity != b.similarity ? a.similarity > b.similarity : a.path < b.path;
    });
    any = any || !matches.empty();
    if (args.format == "json") {
      Json m = Json::array();
      for (const auto& x : matches) m.push_back(Json{{"path", x.path}, {"similarity", x.similarity}});
      queries.push_back(Json{{"path", q.path.string()}, {"matches", std::move(m)}});
    } else if (matches.empty()) {
      std::cout << fmt::format("{}：索引中没有相似的文件（相似度 ≥ {:.2f}）\n", q.path.string(), threshold);
    } else {
      std::cout << fmt::format("{}：与索引中 {} 个文件相似（相似度 ≥ {:.2f}）\n", q.path.string(),
                               matches.size(), threshold);
      for (const auto& x : matches) std::cout << fmt::format("    {:.3f}  {}\n", x.similarity, x.path);
    }
  }
  if (args.format == "json") {
    Json j = Json::object();
    j["version"] = 1;
    j["index"] = args.index;
    j["documents"] = index->size();
    j["settings"] = MinHashJson(index->minhash());
    j["queries"] = std::move(queries);
    Json ej = Json::array();
    for (const auto& e : errors) ej.push_back(ErrorJson(e));
    j["errors"] = std::move(ej);
    std::cout << DumpJson(j) << '\n';
  }
  std::cout.flush();
  if (!errors.empty()) return kExitError;
  return any ? kExitFindings : kExitClean;
}

int RunIndex(const IndexArgs& args) {
  auto settings = LoadCopySettings();
  if (!settings) return kExitError;
  if (args.action == "build") return Build(args, *settings);
  if (args.action == "add") return Add(args, *settings);
  return Query(args, *settings);
}

}  // namespace

Command AddIndexCommand(CLI::App& app) {
  auto args = std::make_shared<IndexArgs>();
  auto* ix = app.add_subcommand("index", "建立、扩充和查询近似重复文件的索引");
  ix->require_subcommand(1);
  auto* ib = ix->add_subcommand("build", "为文件或文件夹建立索引");
  ib->add_option("paths", args->paths, "文件或文件夹")->required();
  ib->add_option("-o,--output", args->output, "要写入的索引文件")->required();
  auto* ia = ix->add_subcommand("add", "向索引加入文件（同一路径的文件会被更新）");
  auto* iq = ix->add_subcommand("query", "查询与给定文件近似重复的已编入索引的文件");
  for (auto* sub : {ia, iq}) {
    sub->add_option("index", args->index, "索引文件")->required();
    sub->add_option("paths", args->paths, "文件或文件夹")->required();
  }
  iq->add_option("--format,-f", args->format, "输出格式：text、json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  for (auto* sub : {ib, ia, iq}) sub->add_option("--threads,-j", args->threads, "并行线程数（0 为按核数）");
  return {ix, [args, ib, ia] {
            args->action = ib->parsed() ? "build" : ia->parsed() ? "add" : "query";
            return RunIndex(*args);
          }};
}

}  // namespace jianfu::cli
