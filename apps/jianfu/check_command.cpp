// `jianfu check`: read every input, check it, report in input order.
// Files are checked on a pool of threads; the reporter sees them in order.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <iostream>
#include <iterator>
#include <mutex>
#include <thread>

#include "commands.h"
#include "jianfu/check/checker.h"
#include "jianfu/extract/extract.h"
#include "jianfu/report/reporter.h"

namespace jianfu::cli {

namespace {

struct Job {
  std::string display;         // path as shown to the user
  std::filesystem::path path;  // empty for standard input
  std::optional<Result<check::DocumentReport>> result;
};

Result<check::DocumentReport> CheckOne(const Job& job, const check::Checker& checker,
                                       const check::CheckOptions& options, const std::string& stdin_bytes,
                                       extract::Format stdin_format) {
  auto text = job.path.empty() ? extract::ExtractBytes(stdin_bytes, stdin_format, job.display)
                               : extract::ExtractFile(job.path);
  if (!text.ok()) {
    Error e = text.error();
    if (e.path.empty()) e.path = job.display;
    return e;
  }
  return checker.Check(text->text, options, job.display, extract::FormatName(text->format), text->encoding);
}

std::vector<report::RuleInfo> RuleInfos(const rules::RuleSet& set) {
  std::vector<report::RuleInfo> out;
  for (const auto& r : set.rules)
    if (r.enabled) out.push_back({r.id, r.title, r.citation, r.severity, r.category});
  return out;
}

}  // namespace

int RunCheck(const CheckArgs& args) {
  auto checker = MakeChecker(args.rules);
  if (!checker) return kExitError;

  check::CheckOptions options;
  if (args.doc_type != "auto") {
    check::DocType t;
    check::ParseDocType(args.doc_type, &t);
    options.doc_type = t;
  }

  // Inputs: standard input for "-" or when no path is given.
  std::vector<Job> jobs;
  std::vector<Error> input_errors;
  std::string stdin_bytes;
  std::vector<std::filesystem::path> paths;
  bool use_stdin = args.paths.empty();
  for (const auto& p : args.paths) {
    if (p == "-")
      use_stdin = true;
    else
      paths.emplace_back(p);
  }
  if (use_stdin) {
    if (args.paths.empty() && isatty(STDIN_FILENO)) {
      PrintError(
          MakeError(ErrorCode::kInvalidArgument, "请给出要检查的文件或文件夹，或通过标准输入传入文本"));
      return kExitError;
    }
    stdin_bytes.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    jobs.push_back({"-", {}, std::nullopt});
  }
  auto inputs = extract::CollectInputs(paths);
  for (auto& f : inputs.files) jobs.push_back({f.string(), f, std::nullopt});
  input_errors = std::move(inputs.errors);
  extract::Format stdin_format = extract::Format::kText;
  if (auto f = extract::FormatFromPath("x." + args.stdin_format)) stdin_format = *f;

  const bool color = args.color == "always" || (args.color == "auto" && isatty(STDOUT_FILENO));
  std::unique_ptr<report::Reporter> reporter;
  if (args.format == "json")
    reporter = report::MakeJsonReporter(std::cout);
  else if (args.format == "sarif")
    reporter = report::MakeSarifReporter(std::cout, RuleInfos(checker->rules()), JIANFU_VERSION);
  else
    reporter = report::MakeTextReporter(std::cout, report::TextOptions{color});

  report::Summary summary;
  check::Severity threshold = check::Severity::kWarn;
  const bool never = args.fail_on == "never";
  if (!never) check::ParseSeverity(args.fail_on, &threshold);
  bool failed_threshold = false;

  reporter->Begin();
  for (const auto& e : input_errors) {
    reporter->FileError(e);
    summary.AddError();
  }

  // Workers take jobs by index; the main thread reports them in order.
  std::mutex mu;
  std::condition_variable done;
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < jobs.size(); i = next++) {
      auto r = CheckOne(jobs[i], *checker, options, stdin_bytes, stdin_format);
      std::lock_guard<std::mutex> lock(mu);
      jobs[i].result = std::move(r);
      done.notify_all();
    }
  };
  unsigned n = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  n = std::min<unsigned>(n, static_cast<unsigned>(std::max<size_t>(jobs.size(), 1)));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < n; ++t) pool.emplace_back(work);

  // Progress on standard error for long runs whose report goes elsewhere
  // (a file or a pipe), redrawn at most every 200 ms.
  const bool progress = jobs.size() >= 50 && isatty(STDERR_FILENO) && !isatty(STDOUT_FILENO);
  auto last_drawn = std::chrono::steady_clock::now();
  auto draw = [&](size_t done_count, bool final) {
    const auto now = std::chrono::steady_clock::now();
    if (!final && now - last_drawn < std::chrono::milliseconds(200)) return;
    last_drawn = now;
    std::cerr << "\r已检查 " << done_count << "/" << jobs.size() << " 个文件" << (final ? "\n" : "")
              << std::flush;
  };

  for (size_t i = 0; i < jobs.size(); ++i) {
    if (progress) draw(i, false);
    std::unique_lock<std::mutex> lock(mu);
    done.wait(lock, [&] { return jobs[i].result.has_value(); });
    auto result = std::move(*jobs[i].result);
    jobs[i].result.reset();
    lock.unlock();
    if (!result.ok()) {
      reporter->FileError(result.error());
      summary.AddError();
      continue;
    }
    summary.Add(*result);
    for (const auto& f : result->findings)
      if (!never && f.severity >= threshold) failed_threshold = true;
    reporter->Document(*result);
  }
  for (auto& t : pool) t.join();
  if (progress) draw(jobs.size(), true);
  reporter->End(summary);
  std::cout.flush();
  if (summary.files_failed > 0) return kExitError;
  return failed_threshold ? kExitFindings : kExitClean;
}

}  // namespace jianfu::cli
