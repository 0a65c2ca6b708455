// include/jianfu/posts/analyze.h
//
// `jianfu posts analyze`: who copies whom among government new-media
// accounts, which accounts are dead, and how regularly each posts
// (docs/posts.md gives every definition).
//
// The input is streamed: read in blocks, parsed and sketched on a pool of
// threads. What is kept per post is its account, time and content (16
// bytes); per distinct content (the normalised title and text, copy
// module) a 64-bit hash and a MinHash signature of one byte per value (128
// bytes by default). No text is kept.
//
// A post's ORIGIN is the earliest post (by time, then account name) whose
// content is the same after normalisation or near-identical to it: an LSH
// candidate (the copy module's bands and rows) whose estimated similarity
// reaches the copy module's threshold. A post is a COPY when its origin
// belongs to another account.
//
// Analyze is a pure function of its input and settings (the result does not
// depend on the number of threads). It never prints; progress goes to the
// optional callback, on the calling thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "jianfu/copy/settings.h"
#include "jianfu/core/date.h"
#include "jianfu/core/result.h"
#include "jianfu/posts/records.h"

namespace jianfu::posts {

// Where the bytes come from. `read` fills up to buf.size() bytes and
// returns how many (0 at the end).
struct Input {
  std::string name;   // shown in errors: the path, or "-"
  uint64_t size = 0;  // total bytes when known (for progress), else 0
  std::function<Result<size_t>(std::span<char> buf)> read;
};
// Errors: kNotFound, kInvalidArgument (a folder), kIo (unreadable).
Result<Input> OpenInputFile(const std::filesystem::path& path);
Input StandardInput();
Input StringInput(std::string text, std::string name = "-");

struct Progress {
  enum class Phase { kReading, kMatching, kSummarising } phase = Phase::kReading;
  uint64_t bytes = 0;        // read so far
  uint64_t total_bytes = 0;  // Input::size (0 when unknown)
  uint64_t posts = 0;        // valid posts so far
};

struct AnalyzeOptions {
  InputFormat format = InputFormat::kJsonl;
  // The day "days since the last post" counts to. Default: the China
  // Standard Time day of the latest timestamp in the input.
  std::optional<Date> as_of;
  // An account is inactive when its last post is more than this many days
  // before as_of. Default: 14 (政府网站与政务新媒体检查指标: no update in the
  // two weeks before the check).
  int inactive_days = 14;
  // Worker threads; 0: one per core. Default: 0.
  unsigned threads = 0;
  // Bad lines kept (with their line number and message); all are counted.
  // Default: 20.
  size_t max_errors = 20;
  // Length of Analysis::top_sources. Default: 20.
  size_t top_sources = 20;
  // Length of AccountReport::copied_from. Default: 5.
  size_t top_origins = 5;
  // Fill Analysis::post_origins (tests, audits). Default: false.
  bool record_origins = false;
  // Called on the calling thread after each block read and at each phase.
  std::function<void(const Progress&)> progress;
  // Bytes read at a time. Default: 8 MiB (tests use small blocks).
  size_t block_bytes = size_t{8} << 20;
};

struct SourceCount {
  std::string account;
  uint64_t posts = 0;
};

struct AccountReport {
  std::string account;
  uint64_t posts = 0;
  uint64_t copies = 0;                   // posts whose origin is another account's post
  uint64_t without_text = 0;             // posts with an empty normalised title and text
  uint32_t source_accounts = 0;          // distinct accounts its copies come from
  std::vector<SourceCount> copied_from;  // the top ones, most copies first
  int64_t first_post = 0;                // seconds since the epoch (UTC)
  int64_t last_post = 0;
  int32_t days_since_last_post = 0;  // as_of minus the day of last_post
  bool inactive = false;
  // Gaps between consecutive posts, in days (fractional); absent with one
  // post. Median: mean of the two middle gaps when their number is even;
  // p90: nearest rank, the smallest gap with at least 90 % of gaps <= it.
  std::optional<double> median_gap_days;
  std::optional<double> p90_gap_days;
  uint32_t active_weeks = 0;         // Monday-to-Sunday weeks with a post
  double posts_per_active_week = 0;  // posts / active_weeks
  uint32_t copied_by_accounts = 0;   // accounts that copy its posts
  uint64_t copied_posts = 0;         // their posts that copy it

  double copy_share() const { return posts ? static_cast<double>(copies) / static_cast<double>(posts) : 0.0; }
};

struct TopSource {
  std::string account;
  uint32_t copying_accounts = 0;
  uint64_t copied_posts = 0;
};

struct LineError {
  uint64_t line = 0;
  Error error;  // message and field; path and line filled in
};

struct Analysis {
  std::string input;
  // AnalyzeOptions::as_of, else the day of the latest post; absent when
  // there is neither.
  std::optional<Date> as_of;
  uint64_t lines = 0;  // records read (blank lines and a CSV header excluded)
  uint64_t posts = 0;  // valid records
  uint64_t copies = 0;
  uint64_t contents = 0;  // distinct normalised contents
  // Diagnostics (they vary from run to run): signatures compared (LSH
  // candidates verified; depends on the number of threads), wall-clock
  // seconds of the three phases, and bytes held by the content table.
  uint64_t similarity_checks = 0;
  double reading_seconds = 0;
  double matching_seconds = 0;
  double summarising_seconds = 0;
  uint64_t content_table_bytes = 0;
  uint64_t bad_lines = 0;
  std::vector<LineError> errors;        // the first max_errors, by line
  std::vector<AccountReport> accounts;  // by account name (byte order)
  std::vector<TopSource> top_sources;   // most copying accounts first
  // With record_origins: per valid post, in input order, the index in
  // `accounts` of its origin's account.
  std::vector<uint32_t> post_origins;
  std::vector<uint32_t> post_accounts;  // and of its own account
};

// Reads `input` and analyses it with the copy module's settings (normalize
// and minhash). Errors (fatal): kIo while reading, kCorrupt for a CSV
// header without the four columns. Bad records are not errors: they are
// counted in bad_lines and the run continues.
Result<Analysis> Analyze(Input& input, const copy::Settings& settings, const AnalyzeOptions& options);

}  // namespace jianfu::posts
