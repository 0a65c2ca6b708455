// apps/jianfu/copy_common.h
//
// What the copy-detection commands (compare, index, dedup) share: loading
// the settings, reading and sketching many files on a pool of threads with
// progress on a terminal, and the JSON conventions (docs/copy.md).
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "jianfu/copy/minhash.h"
#include "jianfu/copy/settings.h"
#include "jianfu/core/result.h"

namespace jianfu::cli {

// rules/copy/copy.toml as compiled in; on error prints it and returns nullopt.
std::optional<copy::Settings> LoadCopySettings();

// Reads one file (extract::ExtractFile) and sketches it; errors name the file.
Result<copy::DocumentSketch> SketchFile(const std::filesystem::path& path, const copy::Sketcher& sketcher);

struct SketchedFile {
  std::filesystem::path path;
  Result<copy::DocumentSketch> sketch;
};

// SketchFile for every file, on `threads` threads (0: one per core), in the
// order given. When standard error is a terminal and there are 50 files or
// more, "<verb> i/n 个文件" is redrawn there at most every 200 ms.
std::vector<SketchedFile> SketchFiles(const std::vector<std::filesystem::path>& files,
                                      const copy::Sketcher& sketcher, unsigned threads, const char* verb);

// The files under `paths` (folders walked like `jianfu check`); paths that
// do not exist or cannot be read are appended to `errors`.
std::vector<std::filesystem::path> ExpandInputs(const std::vector<std::string>& paths,
                                                std::vector<Error>& errors);

// An absolute path as shown to users: relative to the working folder when
// it lies inside it, else absolute.
std::string DisplayPath(const std::filesystem::path& absolute);

using Json = nlohmann::ordered_json;

// Two-space indentation, Chinese unescaped, invalid UTF-8 replaced: the
// conventions of docs/json-output.md.
std::string DumpJson(const Json& j);
// {"path", "code", "message"} of an error.
Json ErrorJson(const Error& e);
// The MinHash parameters, for the JSON outputs.
Json MinHashJson(const copy::MinHashSettings& m);

}  // namespace jianfu::cli
