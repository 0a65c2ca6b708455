// Runs the jianfu executable (JIANFU_BINARY, set by tests/CMakeLists.txt)
// through the shell, for the tests that drive the command line.
#pragma once

#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace jianfu::testing {

struct Run {
  int status = -1;  // exit status; -1 when it did not exit normally
  std::string out;  // standard output, and standard error when asked
};

// Runs `[prefix] jianfu ARGS`; `prefix` may be e.g. "cd DIR && " or
// "cat FILE | ". Standard error is dropped, added to `out` (with_stderr), or
// written to `stderr_file` when one is named.
inline Run Jianfu(const std::string& args, bool with_stderr = false, const std::string& prefix = "",
                  const std::string& stderr_file = "") {
  const std::string err = !stderr_file.empty() ? " 2>'" + stderr_file + "'"
                          : with_stderr        ? " 2>&1"
                                               : " 2>/dev/null";
  const std::string cmd = prefix + std::string(JIANFU_BINARY) + " " + args + err;
  Run r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

}  // namespace jianfu::testing
