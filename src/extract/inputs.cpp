// CollectInputs: ripgrep-like expansion of the paths given on the command line.
#include <algorithm>
#include <system_error>

#include "internal.h"

namespace jianfu::extract {

namespace fs = std::filesystem;

namespace {

// Hidden names, and the "~$name.docx" lock files Word and WPS leave next to
// an open document.
bool Hidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return (!name.empty() && name[0] == '.' && name != "." && name != "..") || name.rfind("~$", 0) == 0;
}

void Walk(const fs::path& dir, Inputs& out) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec);
  if (ec) {
    out.errors.push_back(MakeError(ErrorCode::kIo, "无法读取文件夹（" + ec.message() + "）", dir.string()));
    return;
  }
  std::vector<fs::path> subdirs;
  for (const fs::directory_iterator end; it != end; it.increment(ec)) {
    const fs::path& p = it->path();
    if (Hidden(p)) continue;
    std::error_code sec;
    // Follows symbolic links to files; links to folders are not followed
    // (no cycles), like ripgrep without --follow.
    if (it->is_directory(sec) && !it->is_symlink(sec)) {
      subdirs.push_back(p);
    } else if (it->is_regular_file(sec) && FormatFromPath(p)) {
      out.files.push_back(p);
    }
  }
  if (ec) {
    out.errors.push_back(MakeError(ErrorCode::kIo, "读取文件夹时出错（" + ec.message() + "）", dir.string()));
  }
  for (const fs::path& d : subdirs) Walk(d, out);
}

}  // namespace

Inputs CollectInputs(const std::vector<fs::path>& paths) {
  Inputs out;
  for (const fs::path& p : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(p, ec);
    if (!fs::exists(st)) {
      out.errors.push_back(MakeError(ErrorCode::kNotFound, "文件不存在", p.string()));
      continue;
    }
    if (!fs::is_directory(st)) {
      out.files.push_back(p);
      continue;
    }
    Inputs sub;
    Walk(p, sub);
    std::sort(sub.files.begin(), sub.files.end());
    out.files.insert(out.files.end(), sub.files.begin(), sub.files.end());
    out.errors.insert(out.errors.end(), sub.errors.begin(), sub.errors.end());
  }
  return out;
}

}  // namespace jianfu::extract
