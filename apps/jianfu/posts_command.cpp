// `jianfu posts analyze POSTS.jsonl|csv`: copies, dead accounts and posting
// rhythm of government new-media accounts (include/jianfu/posts/, docs/posts.md).
// `jianfu posts generate` (hidden) writes the synthetic corpus of the tests
// and the benchmark.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "copy_common.h"
#include "jianfu/posts/analyze.h"
#include "jianfu/posts/output.h"
#include "jianfu/posts/synthetic.h"

namespace jianfu::cli {
namespace {

struct PostsArgs {
  std::string path;
  std::string input_format;  // "" (by extension), jsonl, csv
  std::string format = "json";
  std::string as_of;
  int inactive_days = 14;
  unsigned threads = 0;
  size_t max_errors = 20;
  size_t top = 20;
  bool stats = false;
};

struct GenerateArgs {
  uint64_t posts = 100000;
  uint32_t accounts = 0;
  uint64_t seed = 1;
  double copy_share = 0.6;
  double dead_share = 0.15;
  std::string format = "jsonl";
  bool truth = false;
};

std::string Megabytes(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / 1e6);
  return buf;
}

// Draws progress on standard error when it is a terminal, at most five
// times a second, and only once the run has taken a second.
class ProgressLine {
 public:
  ProgressLine() : enabled_(isatty(STDERR_FILENO) != 0), start_(Clock::now()) {}
  ~ProgressLine() {
    if (drawn_) std::cerr << "\r\033[K" << std::flush;
  }
  void operator()(const posts::Progress& p) {
    if (!enabled_) return;
    const auto now = Clock::now();
    const bool phase_change = p.phase != last_phase_;
    if (now - start_ < std::chrono::seconds(1) ||
        (!phase_change && now - last_ < std::chrono::milliseconds(200)))
      return;
    last_ = now;
    last_phase_ = p.phase;
    drawn_ = true;
    std::cerr << "\r\033[K";
    switch (p.phase) {
      case posts::Progress::Phase::kReading:
        if (p.total_bytes) {
          const uint64_t percent = std::min<uint64_t>(100, p.bytes * 100 / p.total_bytes);
          std::cerr << "[" << std::string(percent / 5, '#') << std::string(20 - percent / 5, ' ') << "] "
                    << percent << "% ";
        }
        std::cerr << "已读取 " << Megabytes(p.bytes);
        if (p.total_bytes) std::cerr << " / " << Megabytes(p.total_bytes);
        std::cerr << "，" << p.posts << " 条帖子";
        break;
      case posts::Progress::Phase::kMatching:
        std::cerr << "正在比对 " << p.posts << " 条帖子的相似内容…";
        break;
      case posts::Progress::Phase::kSummarising:
        std::cerr << "正在汇总各账号…";
        break;
    }
    std::cerr << std::flush;
  }

 private:
  using Clock = std::chrono::steady_clock;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_, last_{};
  posts::Progress::Phase last_phase_ = posts::Progress::Phase::kReading;
};

int RunAnalyze(const PostsArgs& args) {
  auto settings = LoadCopySettings();
  if (!settings) return kExitError;
  posts::AnalyzeOptions options;
  options.inactive_days = args.inactive_days;
  options.threads = args.threads;
  options.max_errors = args.max_errors;
  options.top_sources = args.top;
  if (!args.as_of.empty()) {
    auto d = Date::Parse(args.as_of, "--as-of");
    if (!d.ok()) {
      PrintError(d.error());
      return kExitError;
    }
    options.as_of = *d;
  }
  if (!args.input_format.empty()) {
    options.format = args.input_format == "csv" ? posts::InputFormat::kCsv : posts::InputFormat::kJsonl;
  } else if (args.path == "-") {
    PrintError(
        MakeError(ErrorCode::kInvalidArgument, "从标准输入读取时请用 --input-format jsonl 或 csv 指定格式"));
    return kExitError;
  } else {
    auto f = posts::FormatFromPath(args.path);
    if (!f.ok()) {
      PrintError(f.error());
      return kExitError;
    }
    options.format = *f;
  }
  auto input =
      args.path == "-" ? Result<posts::Input>(posts::StandardInput()) : posts::OpenInputFile(args.path);
  if (!input.ok()) {
    PrintError(input.error());
    return kExitError;
  }
  Result<posts::Analysis> analysis = MakeError(ErrorCode::kIo, "");
  {
    ProgressLine progress;
    options.progress = [&progress](const posts::Progress& p) { progress(p); };
    analysis = posts::Analyze(*input, *settings, options);
  }
  if (!analysis.ok()) {
    PrintError(analysis.error());
    return kExitError;
  }
  for (const auto& e : analysis->errors) PrintError(e.error);
  if (analysis->bad_lines > 0) {
    std::cerr << "jianfu: 共 " << analysis->bad_lines << " 行有误，已跳过";
    if (analysis->bad_lines > analysis->errors.size())
      std::cerr << "（上面列出前 " << analysis->errors.size() << " 行）";
    std::cerr << "；其余 " << analysis->posts << " 条帖子已分析\n";
  }
  if (args.stats) {
    const auto& a = *analysis;
    std::fprintf(
        stderr,
        "jianfu: 读取与签名 %.2f 秒，比对 %.2f 秒，汇总 %.2f 秒；%llu 条帖子，%llu 种内容（内容表 %.1f MB），"
        "比较签名 %llu 次\n",
        a.reading_seconds, a.matching_seconds, a.summarising_seconds,
        static_cast<unsigned long long>(a.posts), static_cast<unsigned long long>(a.contents),
        static_cast<double>(a.content_table_bytes) / 1e6,
        static_cast<unsigned long long>(a.similarity_checks));
  }
  if (args.format == "csv") {
    posts::WriteCsv(*analysis, std::cout);
  } else {
    posts::WriteJson(*analysis, settings->minhash, options, std::cout);
  }
  std::cout.flush();
  if (!std::cout) {
    PrintError(MakeError(ErrorCode::kIo, "写出结果时出错"));
    return kExitError;
  }
  return kExitClean;
}

int RunGenerate(const GenerateArgs& args) {
  posts::SyntheticOptions o;
  o.posts = args.posts;
  o.accounts = args.accounts;
  o.seed = args.seed;
  o.copy_share = args.copy_share;
  o.dead_share = args.dead_share;
  o.format = args.format == "csv" ? posts::InputFormat::kCsv : posts::InputFormat::kJsonl;
  o.truth = args.truth;
  bool ok = true;
  const auto summary = posts::GenerateSynthetic(o, [&](std::string_view piece) {
    ok = ok && std::fwrite(piece.data(), 1, piece.size(), stdout) == piece.size();
  });
  if (!ok || std::fflush(stdout) != 0) {
    PrintError(MakeError(ErrorCode::kIo, "写出结果时出错"));
    return kExitError;
  }
  std::cerr << "jianfu: 已生成 " << summary.posts << " 条帖子（" << summary.accounts << " 个账号，其中 "
            << summary.dead_accounts << " 个中途停更；" << summary.copies << " 条转载），"
            << Megabytes(summary.bytes) << "\n";
  return kExitClean;
}

}  // namespace

Command AddPostsCommand(CLI::App& app) {
  auto args = std::make_shared<PostsArgs>();
  auto gen = std::make_shared<GenerateArgs>();
  auto* posts = app.add_subcommand("posts", "政务新媒体帖子分析：转载来源、停更账号、发布节奏");
  posts->require_subcommand(1);
  auto* an =
      posts->add_subcommand("analyze", "分析帖子（JSON Lines 或 CSV：account, published_at, title, text）");
  an->add_option("path", args->path, "帖子文件（.jsonl 或 .csv）；“-”为标准输入")->required();
  an->add_option("--input-format", args->input_format, "输入格式：jsonl、csv（默认按扩展名）")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  an->add_option("--format,-f", args->format, "输出格式：json、csv（每个账号一行）")
      ->check(CLI::IsMember({"json", "csv"}))
      ->capture_default_str();
  an->add_option("--as-of", args->as_of,
                 "计算“距上次发布天数”的日期 YYYY-MM-DD（默认为数据中最晚的发布日期）");
  an->add_option("--inactive-days", args->inactive_days, "超过多少天未发布视为停更")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  an->add_option("--threads,-j", args->threads, "并行线程数（0 为按核数）");
  an->add_option("--max-errors", args->max_errors, "列出的有误行数（全部计数）")->capture_default_str();
  an->add_option("--top", args->top, "列出被转载最多的来源账号个数")->capture_default_str();
  an->add_flag("--stats", args->stats, "在标准错误上报告各阶段用时")->group("");  // hidden, for benchmarks

  auto* g = posts->add_subcommand("generate", "生成模拟帖子（测试与基准用）");
  g->group("");  // hidden
  g->add_option("--posts,-n", gen->posts, "帖子数")->capture_default_str();
  g->add_option("--accounts", gen->accounts, "账号数（0 为帖子数 / 90）");
  g->add_option("--seed", gen->seed, "随机种子")->capture_default_str();
  g->add_option("--copy-share", gen->copy_share, "转载比例")->check(CLI::Range(0.0, 1.0));
  g->add_option("--dead-share", gen->dead_share, "中途停更的账号比例")->check(CLI::Range(0.0, 1.0));
  g->add_option("--format,-f", gen->format, "jsonl 或 csv")->check(CLI::IsMember({"jsonl", "csv"}));
  g->add_flag("--truth", gen->truth, "加上真实来源列 truth_origin");

  return {posts, [args, gen, an] { return an->parsed() ? RunAnalyze(*args) : RunGenerate(*gen); }};
}

}  // namespace jianfu::cli
