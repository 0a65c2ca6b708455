// `jianfu dedup PATHS...`: the near-duplicate pairs within a corpus, as JSON
// (include/jianfu/copy/dedup.h, docs/copy.md).
#include <iostream>

#include "commands.h"
#include "copy_common.h"
#include "jianfu/copy/dedup.h"

namespace jianfu::cli {
namespace {

struct DedupArgs {
  std::vector<std::string> paths;  // files or folders
  unsigned threads = 0;            // 0: one per core
};

int RunDedup(const DedupArgs& args) {
  auto settings = LoadCopySettings();
  if (!settings) return kExitError;
  std::vector<Error> errors;
  const auto files = ExpandInputs(args.paths, errors);
  const copy::Sketcher sketcher(settings->normalize, settings->minhash);
  std::vector<std::filesystem::path> paths;
  std::vector<copy::DocumentSketch> docs;
  for (auto& f : SketchFiles(files, sketcher, args.threads, "已读取")) {
    if (!f.sketch.ok()) {
      errors.push_back(f.sketch.error());
      continue;
    }
    paths.push_back(f.path);
    docs.push_back(std::move(*f.sketch));
  }
  copy::DedupStats stats;
  const auto pairs = copy::FindNearDuplicates(docs, settings->minhash.threshold, &stats);

  Json j = Json::object();
  j["version"] = 1;
  j["settings"] = MinHashJson(settings->minhash);
  j["documents"] = docs.size();
  j["candidates"] = stats.candidates;
  Json pj = Json::array();
  for (const auto& p : pairs)
    pj.push_back(Json{{"a", paths[p.a].string()}, {"b", paths[p.b].string()}, {"similarity", p.similarity}});
  j["pairs"] = std::move(pj);
  Json ej = Json::array();
  for (const auto& e : errors) {
    PrintError(e);  // also on standard error, for whoever redirected the JSON
    ej.push_back(ErrorJson(e));
  }
  j["errors"] = std::move(ej);
  std::cout << DumpJson(j) << '\n';
  std::cout.flush();
  if (!errors.empty()) return kExitError;
  return pairs.empty() ? kExitClean : kExitFindings;
}

}  // namespace

Command AddDedupCommand(CLI::App& app) {
  auto args = std::make_shared<DedupArgs>();
  auto* dd = app.add_subcommand("dedup", "找出文件之间的近似重复（JSON 输出）");
  dd->add_option("paths", args->paths, "文件或文件夹")->required();
  dd->add_option("--threads,-j", args->threads, "并行线程数（0 为按核数）");
  return {dd, [args] { return RunDedup(*args); }};
}

}  // namespace jianfu::cli
