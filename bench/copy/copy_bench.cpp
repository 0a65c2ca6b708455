// Benchmarks of copy detection (docs/PERFORMANCE.md, "Copy detection").
//
//   Sketch/<scheme>      normalise + shingle + MinHash + band keys of one
//                        generated ~2,000-字 document (one_permutation, the
//                        default, and independent, the classic scheme)
//   Normalize            normalisation alone, same document
//   Compare/fixture      jianfu compare's core on tests/fixtures/copy
//   Compare/laws         the same on two dated versions of a law (corpus)
//   Dedup/laws           sketches of every .md of ../shared/corpus/laws (text
//                        in memory) and FindNearDuplicates, one thread
//   IndexQuery           one query against an index of N generated documents
//                        ($JIANFU_BENCH_INDEX_DOCS, default 100,000): sketch,
//                        Candidates, exact verification of each candidate
//                        (its text regenerated and sketched, standing in
//                        for re-reading the file); counters p50/p99 in µs
//   IndexBuild           generate, sketch (two threads) and WriteIndex
//                        $JIANFU_BENCH_BUILD_DOCS documents (default
//                        100,000; 1,000,000 for the target), one
//                        iteration; counters: generation-only seconds on the
//                        same threads, bytes per document of the file
//
// Generated documents: ~2,000 characters of words drawn from a skewed
// 3,000-word vocabulary of 1-4 ideographs; every tenth one is a
// near-duplicate (3 % of its words replaced) of the one before.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <thread>

#include "jianfu/copy/dedup.h"
#include "jianfu/copy/index.h"
#include "jianfu/copy/minhash.h"
#include "jianfu/copy/passages.h"
#include "jianfu/extract/extract.h"
#include "jianfu/text/utf8.h"

namespace {

namespace fs = std::filesystem;
using namespace jianfu::copy;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "copy_bench: " << what << "\n";
  std::exit(2);
}

const Settings& Builtin() {
  static const Settings s = [] {
    auto r = LoadBuiltinSettings();
    if (!r.ok()) Die(r.error().ToString());
    return *r;
  }();
  return s;
}

fs::path SharedDir() {
  if (const char* d = std::getenv("JIANFU_SHARED_DIR"); d && *d) return d;
  return JIANFU_SHARED_DIR;
}

size_t EnvCount(const char* name, size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<size_t>(std::strtoull(v, nullptr, 10)) : fallback;
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) Die("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Generated document i (deterministic): see the file comment.
class Generator {
 public:
  Generator() {
    std::mt19937 rng(42);
    for (size_t i = 0; i < 3000; ++i) {
      std::string w;
      const size_t len = 1 + rng() % 4;
      for (size_t k = 0; k < len; ++k)
        jianfu::text::AppendUtf8(w, static_cast<char32_t>(0x4E00 + rng() % 3000));
      vocab_.push_back(std::move(w));
    }
  }

  std::string Doc(size_t i) const {
    const size_t base = i % 10 == 1 ? i - 1 : i;
    std::mt19937_64 rng(base * 0x9E3779B97F4A7C15ULL + 1);
    std::mt19937_64 edit(i + 7);
    std::string s;
    s.reserve(6400);
    size_t chars = 0, in_sentence = 0;
    while (chars < 2000) {
      const uint64_t r = rng();
      // Skewed: the square of a uniform number favours small indexes.
      const uint64_t u = r & 0xFFFF;
      size_t w = static_cast<size_t>((((u * u) >> 16) * vocab_.size()) >> 16);
      if (base != i && edit() % 100 < 3) w = edit() % vocab_.size();
      s += vocab_[w];
      chars += vocab_[w].size() / 3;
      if (++in_sentence == 8 + (r >> 60)) {
        s += "。\n";
        in_sentence = 0;
      }
    }
    return s;
  }

 private:
  std::vector<std::string> vocab_;
};

const Generator& Gen() {
  static const Generator g;
  return g;
}

void BM_Sketch(benchmark::State& state, MinHashScheme scheme) {
  MinHashSettings m = Builtin().minhash;
  m.scheme = scheme;
  const Sketcher sketcher(Builtin().normalize, m);
  const std::string doc = Gen().Doc(3);
  for (auto _ : state) benchmark::DoNotOptimize(sketcher.Sketch(doc));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK_CAPTURE(BM_Sketch, one_permutation, MinHashScheme::kOnePermutation)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Sketch, independent, MinHashScheme::kIndependent)->Unit(benchmark::kMicrosecond);

void BM_Normalize(benchmark::State& state) {
  const Normalizer n(Builtin().normalize);
  const std::string doc = Gen().Doc(3);
  for (auto _ : state) benchmark::DoNotOptimize(n.Normalize(doc));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.size()));
}
BENCHMARK(BM_Normalize)->Unit(benchmark::kMicrosecond);

void BM_Compare(benchmark::State& state, const std::string& upper, const std::string& lower) {
  for (auto _ : state) benchmark::DoNotOptimize(Compare(upper, lower, Builtin()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * (upper.size() + lower.size())));
}

void BM_DedupLaws(benchmark::State& state, const std::vector<std::string>* texts) {
  const Sketcher sketcher(Builtin().normalize, Builtin().minhash);
  size_t bytes = 0;
  for (const auto& t : *texts) bytes += t.size();
  for (auto _ : state) {
    std::vector<DocumentSketch> docs;
    docs.reserve(texts->size());
    for (const auto& t : *texts) docs.push_back(*sketcher.Sketch(t));
    benchmark::DoNotOptimize(FindNearDuplicates(docs, Builtin().minhash.threshold));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}

// Sketches docs [0, n) on `threads` threads, calling f(i, sketch).
template <typename F>
void SketchRange(size_t n, unsigned threads, const Sketcher& sketcher, F f) {
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (size_t i = t; i < n; i += threads) f(i, sketcher.Sketch(Gen().Doc(i)));
    });
  for (auto& th : pool) th.join();
}

std::vector<NewDocument> SketchCorpus(size_t n, unsigned threads) {
  const Sketcher sketcher(Builtin().normalize, Builtin().minhash);
  std::vector<NewDocument> docs(n);
  SketchRange(n, threads, sketcher, [&](size_t i, const jianfu::Result<DocumentSketch>& s) {
    docs[i] = {fs::path("docs") / (std::to_string(i) + ".txt"), s->content_hash,
               static_cast<uint32_t>(s->shingles.size()), s->band_keys};
  });
  return docs;
}

fs::path TempIndex(const char* name) {
  return fs::temp_directory_path() / ("jianfu_copy_bench_" + std::to_string(::getpid()) + "_" + name);
}

void BM_IndexQuery(benchmark::State& state) {
  static const size_t n = EnvCount("JIANFU_BENCH_INDEX_DOCS", 100000);
  static const fs::path file = [] {
    const fs::path f = TempIndex("query.jfidx");
    auto st = WriteIndex(f, Builtin().minhash, Normalizer(Builtin().normalize).Fingerprint(), nullptr,
                         SketchCorpus(n, 2));
    if (!st.ok()) Die(st.error().ToString());
    return f;
  }();
  auto index = CopyIndex::Open(file);
  if (!index.ok()) Die(index.error().ToString());
  const Sketcher sketcher(Builtin().normalize, index->minhash());
  std::vector<double> micros;
  size_t q = 0, candidates = 0, matches = 0;
  for (auto _ : state) {
    // Queries: a variant of an indexed document (every other one) or a new
    // document.
    const size_t id = (q++ * 7919) % n;
    const std::string text = Gen().Doc(q % 2 ? id : n + id);
    const auto t0 = std::chrono::steady_clock::now();
    const auto s = sketcher.Sketch(text);
    for (uint32_t c : index->Candidates(s->band_keys)) {
      ++candidates;
      const auto other =
          sketcher.Sketch(Gen().Doc(std::stoul(fs::path(std::string(index->Document(c).path)).stem())));
      matches += Jaccard(s->shingles, other->shingles) >= index->minhash().threshold;
    }
    micros.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(micros.begin(), micros.end());
  state.counters["docs"] = static_cast<double>(n);
  state.counters["p50_us"] = micros[micros.size() / 2];
  state.counters["p99_us"] = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
  state.counters["candidates_per_query"] =
      static_cast<double>(candidates) / static_cast<double>(micros.size());
  state.counters["matches_per_query"] = static_cast<double>(matches) / static_cast<double>(micros.size());
  state.counters["file_bytes_per_doc"] = static_cast<double>(index->file_bytes()) / static_cast<double>(n);
}
BENCHMARK(BM_IndexQuery)->Unit(benchmark::kMicrosecond)->Iterations(2000);

void BM_IndexBuild(benchmark::State& state) {
  const size_t n = EnvCount("JIANFU_BENCH_BUILD_DOCS", 100000);
  const fs::path file = TempIndex("build.jfidx");
  double generate = 0, bytes_per_doc = 0;
  for (auto _ : state) {
    // Generation alone on the same two threads, to subtract.
    const auto g0 = std::chrono::steady_clock::now();
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < 2; ++t)
      pool.emplace_back([&, t] {
        for (size_t i = t; i < n; i += 2) benchmark::DoNotOptimize(Gen().Doc(i));
      });
    for (auto& th : pool) th.join();
    generate = std::chrono::duration<double>(std::chrono::steady_clock::now() - g0).count();
    const auto t0 = std::chrono::steady_clock::now();
    auto st = WriteIndex(file, Builtin().minhash, Normalizer(Builtin().normalize).Fingerprint(), nullptr,
                         SketchCorpus(n, 2));
    if (!st.ok()) Die(st.error().ToString());
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    bytes_per_doc = static_cast<double>(fs::file_size(file)) / static_cast<double>(n);
  }
  fs::remove(file);
  state.counters["docs"] = static_cast<double>(n);
  state.counters["generate_only_s"] = generate;
  state.counters["file_bytes_per_doc"] = bytes_per_doc;
}
BENCHMARK(BM_IndexBuild)->Unit(benchmark::kSecond)->Iterations(1)->UseManualTime();

}  // namespace

int main(int argc, char** argv) {
  const std::string upper = ReadFile(fs::path(JIANFU_SOURCE_DIR) / "tests/fixtures/copy/upper.txt");
  const std::string lower = ReadFile(fs::path(JIANFU_SOURCE_DIR) / "tests/fixtures/copy/lower.txt");
  benchmark::RegisterBenchmark("Compare/fixture", BM_Compare, upper, lower)->Unit(benchmark::kMicrosecond);
  static std::vector<std::string> laws;
  const fs::path dir = SharedDir() / "corpus/laws";
  if (fs::is_directory(dir)) {
    const fs::path old_law = dir / "诉讼与非诉讼程序法/民事诉讼法(2021-12-24).md";
    const fs::path new_law = dir / "诉讼与非诉讼程序法/民事诉讼法(2023-09-01).md";
    if (fs::exists(old_law) && fs::exists(new_law))
      benchmark::RegisterBenchmark("Compare/laws", BM_Compare, ReadFile(old_law), ReadFile(new_law))
          ->Unit(benchmark::kMillisecond);
    for (const auto& f : jianfu::extract::CollectInputs({dir}).files) {
      auto e = jianfu::extract::ExtractFile(f);
      if (e.ok()) laws.push_back(std::move(e->text));
    }
    benchmark::RegisterBenchmark("Dedup/laws", BM_DedupLaws, &laws)->Unit(benchmark::kMillisecond);
  }
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
