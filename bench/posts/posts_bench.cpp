// Benchmarks of `jianfu posts analyze` (docs/PERFORMANCE.md, "Posts").
//
//   Analyze/<threads>   the whole analysis of $JIANFU_BENCH_POSTS generated
//                       posts (default 200,000; JSON Lines held in memory)
//                       on 1 and 2 threads; items = posts
//   JsonLine            parsing one generated JSON line
//   Timestamp           parsing one timestamp
//
// The 10-million-post run goes through the command line instead
// (bench/posts/run_10m.sh), so that reading the file is part of it.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <string>

#include "jianfu/posts/analyze.h"
#include "jianfu/posts/records.h"
#include "jianfu/posts/synthetic.h"
#include "jianfu/posts/timestamp.h"

namespace {

using namespace jianfu::posts;

const std::string& Corpus() {
  static const std::string text = [] {
    SyntheticOptions o;
    const char* n = std::getenv("JIANFU_BENCH_POSTS");
    o.posts = n && *n ? std::strtoull(n, nullptr, 10) : 200000;
    std::string out;
    GenerateSynthetic(o, [&](std::string_view piece) { out += piece; });
    return out;
  }();
  return text;
}

const jianfu::copy::Settings& Settings() {
  static const jianfu::copy::Settings s = [] {
    auto r = jianfu::copy::LoadBuiltinSettings();
    if (!r.ok()) {
      std::cerr << r.error().ToString() << "\n";
      std::exit(2);
    }
    return *r;
  }();
  return s;
}

void BM_Analyze(benchmark::State& state) {
  const std::string& text = Corpus();
  AnalyzeOptions o;
  o.threads = static_cast<unsigned>(state.range(0));
  uint64_t posts = 0;
  for (auto _ : state) {
    Input in = StringInput(text);
    auto r = Analyze(in, Settings(), o);
    if (!r.ok()) state.SkipWithError(r.error().message.c_str());
    posts = r.ok() ? r->posts : 0;
    benchmark::DoNotOptimize(posts);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * posts));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Analyze)->Name("Analyze")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_JsonLine(benchmark::State& state) {
  const std::string& text = Corpus();
  const std::string line = text.substr(0, text.find('\n'));
  JsonLineParser p;
  for (auto _ : state) {
    auto f = p.Parse(line);
    benchmark::DoNotOptimize(f);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * line.size()));
}
BENCHMARK(BM_JsonLine)->Name("JsonLine");

void BM_Timestamp(benchmark::State& state) {
  for (auto _ : state) {
    auto t = ParseTimestamp("2024-03-01T08:30:15+08:00");
    benchmark::DoNotOptimize(t);
  }
}
BENCHMARK(BM_Timestamp)->Name("Timestamp");

}  // namespace

BENCHMARK_MAIN();
