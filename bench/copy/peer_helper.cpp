// copy_peer: jianfu's side of the comparison with datasketch's MinHashLSH
// (bench/copy/datasketch_peer.py, docs/PERFORMANCE.md "Peer comparison").
//
//   copy_peer export-laws DIR OUT        normalised text of every file under
//                                        DIR (as jianfu dedup reads them),
//                                        one per line
//   copy_peer export-posts N SEED OUT    normalised title and text of N
//                                        generated posts, one per line
//   copy_peer run FILE SCHEME RUNS       times RUNS passes over the texts of
//                                        FILE on one thread and prints JSON
//
// A pass is what the Python script times for datasketch, on the same
// texts: the 5-character shingles of each text, its MinHash signature of
// 128 values (SCHEME one_permutation, jianfu's default, or independent, 128
// hash functions like datasketch), its 21 band keys of 6 rows inserted into
// 21 hash tables (key -> ids); then every text queried (the ids sharing a
// band key, itself included). No exact verification, as in MinHashLSH.query.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <unordered_map>
#include <vector>

#include "jianfu/copy/minhash.h"
#include "jianfu/copy/normalize.h"
#include "jianfu/extract/extract.h"
#include "jianfu/posts/records.h"
#include "jianfu/posts/synthetic.h"
#include "jianfu/text/utf8.h"

namespace {

using namespace jianfu;

int Usage() {
  std::cerr << "usage: copy_peer export-laws DIR OUT | export-posts N SEED OUT | run FILE SCHEME RUNS\n";
  return 2;
}

copy::Settings Builtin() {
  auto s = copy::LoadBuiltinSettings();
  if (!s.ok()) {
    std::cerr << s.error().ToString() << "\n";
    std::exit(2);
  }
  return *s;
}

void WriteLine(std::ofstream& out, const copy::NormalizedText& n) {
  std::string line;
  for (char32_t c : n.chars) text::AppendUtf8(line, c);
  out << line << '\n';
}

int ExportLaws(const std::string& dir, const std::string& path) {
  const copy::Normalizer normalizer(Builtin().normalize);
  auto inputs = extract::CollectInputs({std::filesystem::path(dir)});
  std::sort(inputs.files.begin(), inputs.files.end());
  std::ofstream out(path, std::ios::binary);
  size_t n = 0;
  for (const auto& f : inputs.files) {
    auto text = extract::ExtractFile(f);
    if (!text.ok()) continue;
    const auto norm = normalizer.Normalize(text->text);
    if (norm.empty()) continue;
    WriteLine(out, norm);
    ++n;
  }
  std::cerr << "copy_peer: " << n << " texts from " << dir << "\n";
  return out ? 0 : 2;
}

int ExportPosts(uint64_t count, uint64_t seed, const std::string& path) {
  const copy::Normalizer normalizer(Builtin().normalize);
  posts::SyntheticOptions o;
  o.posts = count;
  o.seed = seed;
  std::string corpus;
  posts::GenerateSynthetic(o, [&](std::string_view piece) { corpus += piece; });
  std::ofstream out(path, std::ios::binary);
  posts::JsonLineParser parser;
  size_t n = 0;
  for (size_t at = 0; at < corpus.size();) {
    const size_t end = corpus.find('\n', at);
    auto f = parser.Parse(std::string_view(corpus).substr(at, end - at));
    at = end + 1;
    if (!f.ok()) continue;
    const auto norm = normalizer.Normalize(std::string(f->title) + "\n" + std::string(f->text));
    if (norm.empty()) continue;
    WriteLine(out, norm);
    ++n;
  }
  std::cerr << "copy_peer: " << n << " generated posts\n";
  return out ? 0 : 2;
}

int Run(const std::string& path, const std::string& scheme, int runs) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Usage();
  std::vector<std::u32string> texts;
  size_t bytes = 0;
  for (std::string line; std::getline(in, line);) {
    bytes += line.size();
    std::u32string chars;
    for (size_t at = 0; at < line.size();) chars += text::DecodeUtf8(line, at);
    texts.push_back(std::move(chars));
  }
  copy::MinHashSettings m = Builtin().minhash;
  m.scheme =
      scheme == "independent" ? copy::MinHashScheme::kIndependent : copy::MinHashScheme::kOnePermutation;
  const copy::MinHasher hasher(m);
  std::cout << "{\"tool\": \"jianfu\", \"scheme\": \"" << copy::MinHashSchemeName(m.scheme)
            << "\", \"docs\": " << texts.size() << ", \"bytes\": " << bytes << ", \"runs\": [";
  for (int r = 0; r < runs; ++r) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::unordered_map<uint64_t, std::vector<uint32_t>>> tables(m.bands);
    std::vector<std::vector<uint64_t>> keys(texts.size());
    for (size_t d = 0; d < texts.size(); ++d) {
      keys[d] = hasher.BandKeys(hasher.Signature(copy::Shingles(texts[d], m.shingle_chars)));
      for (size_t b = 0; b < m.bands; ++b) tables[b][keys[d][b]].push_back(static_cast<uint32_t>(d));
    }
    uint64_t candidates = 0;
    std::vector<uint32_t> found;
    for (size_t d = 0; d < texts.size(); ++d) {
      found.clear();
      for (size_t b = 0; b < m.bands; ++b) {
        const auto& bucket = tables[b].at(keys[d][b]);
        found.insert(found.end(), bucket.begin(), bucket.end());
      }
      std::sort(found.begin(), found.end());
      candidates += static_cast<uint64_t>(std::unique(found.begin(), found.end()) - found.begin());
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << (r ? ", " : "") << "{\"seconds\": " << seconds << ", \"candidates\": " << candidates << "}";
  }
  std::cout << "]}\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> a(argv + 1, argv + argc);
  if (a.size() == 3 && a[0] == "export-laws") return ExportLaws(a[1], a[2]);
  if (a.size() == 4 && a[0] == "export-posts") return ExportPosts(std::stoull(a[1]), std::stoull(a[2]), a[3]);
  if (a.size() == 4 && a[0] == "run") return Run(a[1], a[2], std::stoi(a[3]));
  return Usage();
}
