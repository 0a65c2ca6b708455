#include "copy_common.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "commands.h"
#include "jianfu/extract/extract.h"

namespace jianfu::cli {

std::optional<copy::Settings> LoadCopySettings() {
  auto s = copy::LoadBuiltinSettings();
  if (!s.ok()) {
    PrintError(s.error());
    return std::nullopt;
  }
  return std::move(*s);
}

Result<copy::DocumentSketch> SketchFile(const std::filesystem::path& path, const copy::Sketcher& sketcher) {
  auto text = extract::ExtractFile(path);
  if (!text.ok()) {
    Error e = text.error();
    if (e.path.empty()) e.path = path.string();
    return e;
  }
  auto sketch = sketcher.Sketch(text->text);
  if (!sketch.ok()) {
    Error e = sketch.error();
    e.path = path.string();
    return e;
  }
  return sketch;
}

std::vector<SketchedFile> SketchFiles(const std::vector<std::filesystem::path>& files,
                                      const copy::Sketcher& sketcher, unsigned threads, const char* verb) {
  std::vector<std::optional<Result<copy::DocumentSketch>>> results(files.size());
  std::atomic<size_t> next{0}, done{0};
  auto work = [&] {
    for (size_t i = next++; i < files.size(); i = next++) {
      results[i] = SketchFile(files[i], sketcher);
      ++done;
    }
  };
  unsigned n = threads ? threads : std::max(1u, std::thread::hardware_concurrency());
  n = std::min<unsigned>(n, static_cast<unsigned>(std::max<size_t>(files.size(), 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 1; t < n; ++t) pool.emplace_back(work);
  const bool progress = files.size() >= 50 && isatty(STDERR_FILENO);
  if (progress) {
    // The main thread draws; the workers do the rest.
    std::thread drawer([&] {
      while (done < files.size()) {
        std::cerr << "\r" << verb << " " << done.load() << "/" << files.size() << " 个文件" << std::flush;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
    });
    work();
    for (auto& t : pool) t.join();
    drawer.join();
    std::cerr << "\r" << verb << " " << files.size() << "/" << files.size() << " 个文件\n" << std::flush;
  } else {
    work();
    for (auto& t : pool) t.join();
  }
  std::vector<SketchedFile> out;
  out.reserve(files.size());
  for (size_t i = 0; i < files.size(); ++i) out.push_back({files[i], std::move(*results[i])});
  return out;
}

std::vector<std::filesystem::path> ExpandInputs(const std::vector<std::string>& paths,
                                                std::vector<Error>& errors) {
  std::vector<std::filesystem::path> given(paths.begin(), paths.end());
  auto inputs = extract::CollectInputs(given);
  errors.insert(errors.end(), inputs.errors.begin(), inputs.errors.end());
  return std::move(inputs.files);
}

std::string DisplayPath(const std::filesystem::path& absolute) {
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  if (ec) return absolute.string();
  const auto rel = absolute.lexically_relative(cwd);
  if (rel.empty() || *rel.begin() == "..") return absolute.string();
  return rel.string();
}

std::string DumpJson(const Json& j) {
  return j.dump(2, ' ', false, Json::error_handler_t::replace);
}

Json ErrorJson(const Error& e) {
  Json j = Json::object();
  j["path"] = e.path;
  j["code"] = ErrorCodeName(e.code);
  j["message"] = e.message;
  return j;
}

Json MinHashJson(const copy::MinHashSettings& m) {
  Json j = Json::object();
  j["shingle_chars"] = m.shingle_chars;
  j["num_hashes"] = m.num_hashes;
  j["scheme"] = copy::MinHashSchemeName(m.scheme);
  j["bands"] = m.bands;
  j["rows"] = m.rows;
  j["threshold"] = m.threshold;
  j["seed"] = m.seed;
  return j;
}

}  // namespace jianfu::cli
