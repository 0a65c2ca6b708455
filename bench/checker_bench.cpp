// Micro-benchmarks of the checking pipeline (docs/PERFORMANCE.md).
//
//   Check5000/real       Checker::Check of one real ~5,000-字 公文 from
//                        ../shared/corpus/gov-docs (target < 1 ms)
//   Check5000/generated  the same on a ~5,000-字 公文 built from examples/,
//                        so the benchmark runs without ../shared
//   Laws/*               one thread over every .md of ../shared/corpus/laws:
//                        extract+check, extract alone, check alone (text in
//                        memory), ParseLayout alone, CountChars alone; MB/s
//                        of input (target >= 50 MB/s per core for extract+check)
//   GovDocs/*            the same over the 165 .txt of corpus/gov-docs/text
//   Create/*             Checker::Create without a cache dir (Hyperscan
//                        compile), with an empty one (compile + store) and with
//                        a primed one (load the serialized database);
//                        LoadBuiltinRules (the TOML rules compiled in)
//
// The Checker for Check/Laws/GovDocs is created once, outside the timed
// loops, without a cache dir. Corpus benchmarks are registered only when the
// corpus exists ($JIANFU_SHARED_DIR overrides the compiled-in ../shared).
// Throughput is per CPU second of the benchmark thread (Google Benchmark's
// default), which keeps it meaningful on a shared, noisy machine; Create/*
// use wall time because they touch the disk.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "jianfu/check/checker.h"
#include "jianfu/extract/extract.h"
#include "jianfu/layout/layout.h"
#include "jianfu/rules/ruleset.h"
#include "jianfu/text/count.h"

namespace {

namespace fs = std::filesystem;
using jianfu::check::Checker;
using jianfu::check::CheckOptions;

constexpr size_t kTargetWords = 5000;

[[noreturn]] void Die(const std::string& what) {
  std::cerr << "checker_bench: " << what << "\n";
  std::exit(2);
}

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) Die("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

fs::path SharedDir() {
  if (const char* d = std::getenv("JIANFU_SHARED_DIR"); d && *d) return d;
  return JIANFU_SHARED_DIR;
}

size_t Words(std::string_view text) {
  return jianfu::text::CountChars(text).words;
}

const jianfu::rules::RuleSet& Rules() {
  static const jianfu::rules::RuleSet set = [] {
    auto r = jianfu::rules::LoadBuiltin();
    if (!r.ok()) Die(r.error().ToString());
    return std::move(r.value());
  }();
  return set;
}

// Created once, without a cache dir (nothing touches the disk).
const Checker& TheChecker() {
  static const std::unique_ptr<Checker> checker = [] {
    auto c = Checker::Create(Rules());
    if (!c.ok()) Die(c.error().ToString());
    return std::move(c.value());
  }();
  return *checker;
}

// Text as `jianfu check` would see it (decoded, '\n' line ends).
std::string Clean(const std::string& bytes, const std::string& name) {
  auto e = jianfu::extract::ExtractBytes(bytes, jianfu::extract::Format::kText, name);
  if (!e.ok()) Die(e.error().ToString());
  return std::move(e->text);
}

struct Document {
  std::string name;
  std::string text;
};

// A real 公文 of about kTargetWords 字: the html->txt document of
// corpus/gov-docs whose 字数 (with its title from INDEX.jsonl as the first
// line) is closest to the target; when none is within 10 %, documents are
// appended in id order until the target is reached.
std::optional<Document> RealDocument() {
  const fs::path dir = SharedDir() / "corpus/gov-docs";
  std::ifstream index(dir / "INDEX.jsonl");
  if (!index) return std::nullopt;
  std::vector<Document> docs;
  std::string line;
  while (std::getline(index, line)) {
    const auto e = nlohmann::json::parse(line, nullptr, false);
    if (e.is_discarded() || e.value("format", "") != "html->txt") continue;
    const std::string file = e.value("file", "");
    const std::string title = e["title"].is_string() ? e["title"].get<std::string>() : "";
    if (file.empty() || !fs::exists(dir / file)) continue;
    docs.push_back({e.value("id", file), Clean(title + "\n" + ReadFile(dir / file), file)});
  }
  if (docs.empty()) return std::nullopt;
  auto distance = [](const Document& d) {
    const size_t w = Words(d.text);
    return w > kTargetWords ? w - kTargetWords : kTargetWords - w;
  };
  const auto best = std::min_element(docs.begin(), docs.end(), [&](const Document& a, const Document& b) {
    return distance(a) < distance(b);
  });
  if (distance(*best) * 10 <= kTargetWords) return *best;
  Document out{"concatenated", ""};
  for (const auto& d : docs) {
    if (Words(out.text) >= kTargetWords) break;
    out.name += (out.name == "concatenated" ? ":" : "+") + d.name;
    out.text += d.text;
    if (!out.text.empty() && out.text.back() != '\n') out.text += '\n';
  }
  return out;
}

std::string Numeral(int n) {  // 1..99 in Chinese
  static const char* digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 10) return digits[n];
  return std::string(n >= 20 ? digits[n / 10] : "") + "十" + digits[n % 10];
}

// A ~kTargetWords-字 公文 built from the shipped example: its 版头, title and
// 主送 as they are, its body paragraphs repeated under renumbered headings,
// its 附件说明, 落款 and 版记 at the end.
Document GeneratedDocument() {
  const fs::path file = fs::path(JIANFU_SOURCE_DIR) / "examples/关于开展农村人居环境整治专项督查的通知.txt";
  std::istringstream in(ReadFile(file));
  std::vector<std::string> head, headings, paragraphs, tail;
  std::string line;
  int part = 0;  // 0 head, 1 body, 2 tail
  while (std::getline(in, line)) {
    if (part == 0) {
      head.push_back(line);
      if (line.size() >= 3 && line.substr(line.size() - 3) == "：")
        part = 1;  // 主送 ends with a full-width colon
    } else if (part == 1 && line.rfind("附件", 0) == 0) {
      part = 2;
      tail.push_back(line);
    } else if (part == 1) {
      const auto comma = line.find("、");
      if (comma != std::string::npos && comma <= 6 && line.rfind("（", 0) != 0)
        headings.push_back(line.substr(comma + 3));
      else
        paragraphs.push_back(line);
    } else {
      tail.push_back(line);
    }
  }
  if (head.empty() || paragraphs.empty() || headings.empty() || tail.empty())
    Die("unexpected layout of " + file.string());
  auto join = [](const std::vector<std::string>& lines) {
    std::string s;
    for (const auto& l : lines) s += l + "\n";
    return s;
  };
  const std::string top = join(head), bottom = join(tail);
  std::string body;
  for (int section = 1; Words(top + body + bottom) < kTargetWords && section < 100; ++section) {
    body += Numeral(section) + "、" + headings[static_cast<size_t>(section - 1) % headings.size()] + "\n";
    for (const auto& p : paragraphs) body += p + "\n";
  }
  return {"examples", top + body + bottom};
}

void CheckDocument(benchmark::State& state, const Document& doc) {
  const Checker& checker = TheChecker();
  const CheckOptions options;
  size_t findings = 0;
  for (auto _ : state) {
    auto report = checker.Check(doc.text, options, doc.name);
    findings = report.findings.size();
    benchmark::DoNotOptimize(report);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * doc.text.size()));
  state.SetLabel(doc.name);
  state.counters["chars"] = static_cast<double>(Words(doc.text));
  state.counters["findings"] = static_cast<double>(findings);
}

// Every file of a corpus folder, its size on disk and its extracted text.
struct Corpus {
  std::vector<fs::path> files;
  std::vector<std::string> texts;
  size_t file_bytes = 0, text_bytes = 0;
};

std::optional<Corpus> LoadCorpus(const fs::path& dir) {
  if (!fs::is_directory(dir)) return std::nullopt;
  Corpus c;
  for (const auto& f : jianfu::extract::CollectInputs({dir}).files) {
    auto e = jianfu::extract::ExtractFile(f);
    if (!e.ok()) continue;  // the throughput is of what is read
    c.file_bytes += fs::file_size(f);
    c.text_bytes += e->text.size();
    c.files.push_back(f);
    c.texts.push_back(std::move(e->text));
  }
  if (c.files.empty()) return std::nullopt;
  return c;
}

void RegisterCorpus(const std::string& prefix, const Corpus& corpus) {
  const auto files = static_cast<double>(corpus.files.size());
  benchmark::RegisterBenchmark((prefix + "/ExtractCheck").c_str(), [&corpus, files](benchmark::State& state) {
    const Checker& checker = TheChecker();
    const CheckOptions options;
    size_t findings = 0;
    for (auto _ : state) {
      findings = 0;
      for (const auto& f : corpus.files) {
        auto e = jianfu::extract::ExtractFile(f);
        if (!e.ok()) continue;
        auto report =
            checker.Check(e->text, options, f.string(), jianfu::extract::FormatName(e->format), e->encoding);
        findings += report.findings.size();
      }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.file_bytes));
    state.counters["files"] = files;
    state.counters["findings"] = static_cast<double>(findings);
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark((prefix + "/Extract").c_str(), [&corpus, files](benchmark::State& state) {
    for (auto _ : state) {
      for (const auto& f : corpus.files) {
        auto e = jianfu::extract::ExtractFile(f);
        benchmark::DoNotOptimize(e);
      }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.file_bytes));
    state.counters["files"] = files;
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark((prefix + "/Check").c_str(), [&corpus, files](benchmark::State& state) {
    const Checker& checker = TheChecker();
    const CheckOptions options;
    for (auto _ : state) {
      for (const auto& t : corpus.texts) {
        auto report = checker.Check(t, options);
        benchmark::DoNotOptimize(report);
      }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.text_bytes));
    state.counters["files"] = files;
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark((prefix + "/ParseLayout").c_str(), [&corpus, files](benchmark::State& state) {
    for (auto _ : state) {
      for (const auto& t : corpus.texts) {
        auto layout = jianfu::layout::ParseLayout(t);
        benchmark::DoNotOptimize(layout);
      }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.text_bytes));
    state.counters["files"] = files;
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark((prefix + "/CountChars").c_str(), [&corpus, files](benchmark::State& state) {
    for (auto _ : state) {
      for (const auto& t : corpus.texts) {
        auto count = jianfu::text::CountChars(t);
        benchmark::DoNotOptimize(count);
      }
    }
    state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * corpus.text_bytes));
    state.counters["files"] = files;
  })->Unit(benchmark::kMillisecond);
}

// A fresh, empty folder under the temporary directory.
fs::path NewTempDir() {
  static int serial = 0;
  const fs::path dir = fs::temp_directory_path() /
                       ("jianfu-bench-" + std::to_string(getpid()) + "-" + std::to_string(serial++));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

void CreateNoCache(benchmark::State& state) {
  const auto& rules = Rules();
  for (auto _ : state) {
    auto c = Checker::Create(rules);
    if (!c.ok()) state.SkipWithError(c.error().ToString().c_str());
    benchmark::DoNotOptimize(c);
  }
}

void CreateEmptyCache(benchmark::State& state) {
  const auto& rules = Rules();
  for (auto _ : state) {
    state.PauseTiming();
    const fs::path dir = NewTempDir();
    state.ResumeTiming();
    auto c = Checker::Create(rules, dir);
    state.PauseTiming();
    if (!c.ok()) state.SkipWithError(c.error().ToString().c_str());
    benchmark::DoNotOptimize(c);
    fs::remove_all(dir);
    state.ResumeTiming();
  }
}

void CreateWarmCache(benchmark::State& state) {
  const auto& rules = Rules();
  const fs::path dir = NewTempDir();
  if (auto primed = Checker::Create(rules, dir); !primed.ok())
    state.SkipWithError(primed.error().ToString().c_str());
  for (auto _ : state) {
    auto c = Checker::Create(rules, dir);
    if (!c.ok()) state.SkipWithError(c.error().ToString().c_str());
    benchmark::DoNotOptimize(c);
  }
  fs::remove_all(dir);
}

void LoadBuiltinRules(benchmark::State& state) {
  for (auto _ : state) {
    auto r = jianfu::rules::LoadBuiltin();
    benchmark::DoNotOptimize(r);
  }
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  // Documents and corpora live as long as the benchmarks that use them.
  static std::optional<Document> real = RealDocument();
  static const Document generated = GeneratedDocument();
  const fs::path shared = SharedDir() / "corpus";
  static std::optional<Corpus> laws = LoadCorpus(shared / "laws");
  static std::optional<Corpus> gov = LoadCorpus(shared / "gov-docs/text");

  if (real) {
    benchmark::RegisterBenchmark("Check5000/real", [](benchmark::State& s) {
      CheckDocument(s, *real);
    })->Unit(benchmark::kMicrosecond);
  } else {
    std::cerr << "checker_bench: " << (shared / "gov-docs") << " 不存在，跳过 Check5000/real\n";
  }
  benchmark::RegisterBenchmark("Check5000/generated", [](benchmark::State& s) {
    CheckDocument(s, generated);
  })->Unit(benchmark::kMicrosecond);
  if (laws)
    RegisterCorpus("Laws", *laws);
  else
    std::cerr << "checker_bench: " << (shared / "laws") << " 不存在，跳过 Laws/*\n";
  if (gov)
    RegisterCorpus("GovDocs", *gov);
  else
    std::cerr << "checker_bench: " << (shared / "gov-docs/text") << " 不存在，跳过 GovDocs/*\n";
  benchmark::RegisterBenchmark("Create/no_cache", CreateNoCache)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("Create/empty_cache", CreateEmptyCache)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("Create/warm_cache", CreateWarmCache)
      ->Unit(benchmark::kMillisecond)
      ->UseRealTime();
  benchmark::RegisterBenchmark("LoadBuiltinRules", LoadBuiltinRules)->Unit(benchmark::kMillisecond);

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
