// Reading the posts (phase one) on a pool of threads (include/jianfu/posts/analyze.h).
#include "jianfu/posts/analyze.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "content_table.h"
#include "jianfu/copy/minhash.h"
#include "jianfu/copy/normalize.h"
#include "jianfu/posts/timestamp.h"
#include "summarise.h"

namespace jianfu::posts {

Result<Input> OpenInputFile(const std::filesystem::path& path) {
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) return MakeError(ErrorCode::kNotFound, "找不到文件", path.string());
  if (std::filesystem::is_directory(status))
    return MakeError(ErrorCode::kInvalidArgument, "这是文件夹而不是文件", path.string());
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return MakeError(ErrorCode::kIo, "无法打开文件（没有读取权限或被占用）", path.string());
  auto owned = std::shared_ptr<int>(new int(fd), [](int* p) {
    ::close(*p);
    delete p;
  });
  struct stat st {};
  Input in;
  in.name = path.string();
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) in.size = static_cast<uint64_t>(st.st_size);
  in.read = [owned, name = in.name](std::span<char> buf) -> Result<size_t> {
    while (true) {
      const ssize_t n = ::read(*owned, buf.data(), buf.size());
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return MakeError(ErrorCode::kIo, "读取文件时出错", name);
    }
  };
  return in;
}

Input StandardInput() {
  Input in;
  in.name = "-";
  in.read = [](std::span<char> buf) -> Result<size_t> {
    while (true) {
      const ssize_t n = ::read(STDIN_FILENO, buf.data(), buf.size());
      if (n >= 0) return static_cast<size_t>(n);
      if (errno != EINTR) return MakeError(ErrorCode::kIo, "读取标准输入时出错", "-");
    }
  };
  return in;
}

Input StringInput(std::string text, std::string name) {
  Input in;
  in.name = std::move(name);
  in.size = text.size();
  auto state = std::make_shared<std::pair<std::string, size_t>>(std::move(text), 0);
  in.read = [state](std::span<char> buf) -> Result<size_t> {
    auto& [s, at] = *state;
    const size_t n = std::min(buf.size(), s.size() - at);
    std::copy_n(s.data() + at, n, buf.data());
    at += n;
    return n;
  };
  return in;
}

namespace {

using internal::ContentTable;
using internal::kNoContent;
using internal::PostRow;

// A block of input and, once a worker is done with it, its posts.
struct Batch {
  std::string data;
  std::vector<Record> records;
  // Results: rows whose `account` indexes name_ends; the names concatenated.
  std::vector<PostRow> rows;
  std::string names;
  std::vector<uint32_t> name_ends;
  std::vector<LineError> errors;  // the first max_errors of the batch
  uint64_t bad = 0;
  bool done = false;
};

// What the workers share: read-only settings and the content table.
struct Shared {
  const AnalyzeOptions& options;
  const std::string& input_name;
  copy::Normalizer normalizer;
  copy::MinHasher hasher;
  size_t shingle_chars;
  ContentTable table;
  CsvRecordParser csv_header;  // set before the first CSV batch is queued
};

void ProcessBatch(Shared& shared, Batch& b) {
  thread_local JsonLineParser json;
  CsvRecordParser csv = shared.csv_header;
  std::string joined;
  auto fail = [&](const Record& r, Error e) {
    ++b.bad;
    if (b.errors.size() >= shared.options.max_errors) return;
    e.path = shared.input_name;
    e.line = static_cast<int>(std::min<uint64_t>(r.line, INT32_MAX));
    b.errors.push_back({r.line, std::move(e)});
  };
  for (const Record& r : b.records) {
    auto fields = shared.options.format == InputFormat::kJsonl ? json.Parse(r.text) : csv.Parse(r.text);
    if (!fields.ok()) {
      fail(r, fields.error());
      continue;
    }
    const auto time = ParseTimestamp(fields->published_at);
    if (!time.ok()) {
      fail(r, time.error());
      continue;
    }
    joined.assign(fields->title);
    joined += '\n';
    joined += fields->text;
    const copy::NormalizedText norm = shared.normalizer.Normalize(joined);
    uint32_t content = kNoContent;
    if (!norm.empty()) {
      content = shared.table.FindOrInsert(internal::HashChars(norm.chars), [&](uint8_t* out) {
        const auto shingles = copy::ShingleHashes(norm.chars, shared.shingle_chars);
        const auto signature = shared.hasher.Signature(shingles);
        for (size_t i = 0; i < signature.size(); ++i) out[i] = static_cast<uint8_t>(signature[i]);
      });
      if (content == kNoContent) {
        fail(r, MakeError(ErrorCode::kTooLarge, "不同内容的帖子过多（超过 2^32 条），此条未计入"));
        continue;
      }
    }
    b.names.append(fields->account);
    b.rows.push_back({static_cast<uint32_t>(b.name_ends.size()), content, *time});
    b.name_ends.push_back(static_cast<uint32_t>(b.names.size()));
  }
}

// Account names to ids, looked up without building a string.
struct NameHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

}  // namespace

Result<Analysis> Analyze(Input& input, const copy::Settings& settings, const AnalyzeOptions& options) {
  Shared shared{options,
                input.name,
                copy::Normalizer(settings.normalize),
                copy::MinHasher(settings.minhash),
                settings.minhash.shingle_chars,
                ContentTable(settings.minhash.num_hashes),
                CsvRecordParser()};
  const auto started = std::chrono::steady_clock::now();
  const unsigned threads =
      options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  Analysis out;
  out.input = input.name;
  internal::Collected collected;
  std::unordered_map<std::string, uint32_t, NameHash, std::equal_to<>> account_ids;

  // The pool: workers take batches from `queue`; this thread reads, then
  // merges finished batches in input order (so errors come out by line).
  std::mutex mu;
  std::condition_variable work_ready, batch_done;
  std::deque<Batch*> queue;
  bool closing = false;
  auto worker = [&] {
    while (true) {
      Batch* b;
      {
        std::unique_lock<std::mutex> lock(mu);
        work_ready.wait(lock, [&] { return closing || !queue.empty(); });
        if (queue.empty()) return;
        b = queue.front();
        queue.pop_front();
      }
      ProcessBatch(shared, *b);
      std::lock_guard<std::mutex> lock(mu);
      b->done = true;
      batch_done.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  auto stop = [&] {
    {
      std::lock_guard<std::mutex> lock(mu);
      closing = true;
    }
    work_ready.notify_all();
    for (auto& t : pool) t.join();
    pool.clear();
  };

  std::deque<std::unique_ptr<Batch>> in_flight;
  auto merge_front = [&] {
    {
      std::unique_lock<std::mutex> lock(mu);
      batch_done.wait(lock, [&] { return in_flight.front()->done; });
    }
    Batch& b = *in_flight.front();
    out.lines += b.records.size();
    out.bad_lines += b.bad;
    for (auto& e : b.errors)
      if (out.errors.size() < options.max_errors) out.errors.push_back(std::move(e));
    uint32_t name_begin = 0;
    std::vector<uint32_t> ids(b.name_ends.size());
    for (size_t k = 0; k < b.name_ends.size(); ++k) {
      const std::string_view name(b.names.data() + name_begin, b.name_ends[k] - name_begin);
      name_begin = b.name_ends[k];
      auto it = account_ids.find(name);
      if (it == account_ids.end()) {
        it = account_ids.emplace(std::string(name), static_cast<uint32_t>(collected.names.size())).first;
        collected.names.emplace_back(name);
      }
      ids[k] = it->second;
    }
    for (PostRow row : b.rows) {
      row.account = ids[row.account];
      collected.rows.push_back(row);
    }
    in_flight.pop_front();
  };

  auto front_done = [&] {
    std::lock_guard<std::mutex> lock(mu);
    return in_flight.front()->done;
  };
  const size_t block = std::max<size_t>(options.block_bytes, 64);
  const size_t max_in_flight = 2 * threads + 2;
  std::string carry;
  uint64_t line = 1, bytes = 0;
  bool at_start = true, header_read = options.format != InputFormat::kCsv, eof = false;
  while (!eof) {
    auto b = std::make_unique<Batch>();
    b->data = std::move(carry);
    size_t got = b->data.size();
    b->data.resize(got + block);
    while (got < b->data.size()) {
      auto n = input.read(std::span<char>(b->data.data() + got, b->data.size() - got));
      if (!n.ok()) {
        stop();
        return n.error();
      }
      if (*n == 0) {
        eof = true;
        break;
      }
      got += *n;
      bytes += *n;
    }
    b->data.resize(got);
    std::string_view view = b->data;
    size_t skipped = 0;
    if (at_start && view.size() >= 3) {
      if (view.substr(0, 3) == "\xEF\xBB\xBF") skipped = 3;
      at_start = false;
    } else if (at_start && eof) {
      at_start = false;
    }
    if (at_start) {  // fewer than three bytes so far: wait for more
      carry = std::move(b->data);
      continue;
    }
    const size_t used = SplitRecords(view.substr(skipped), options.format, eof, line, b->records);
    carry.assign(view.substr(skipped + used));
    if (!header_read && !b->records.empty()) {
      if (auto s = shared.csv_header.ReadHeader(b->records.front().text); !s.ok()) {
        stop();
        Error e = s.error();
        e.path = input.name;
        e.line = static_cast<int>(b->records.front().line);
        return e;
      }
      b->records.erase(b->records.begin());
      header_read = true;
    }
    if (!b->records.empty()) {
      while (in_flight.size() >= max_in_flight) merge_front();
      in_flight.push_back(std::move(b));
      {
        std::lock_guard<std::mutex> lock(mu);
        queue.push_back(in_flight.back().get());
      }
      work_ready.notify_one();
    }
    while (!in_flight.empty() && front_done()) merge_front();
    if (options.progress)
      options.progress(Progress{Progress::Phase::kReading, bytes, input.size, collected.rows.size()});
  }
  while (!in_flight.empty()) merge_front();
  stop();
  account_ids = {};

  shared.table.Finish();
  out.posts = collected.rows.size();
  out.contents = shared.table.size();
  out.content_table_bytes = shared.table.MemoryBytes();
  out.reading_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (auto s = internal::Summarise(collected, shared.table, settings.minhash, options, threads, out); !s.ok())
    return s.error();
  return out;
}

}  // namespace jianfu::posts
