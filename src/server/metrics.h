// Internal to jianfu::server: the counters behind GET /metrics, in the
// Prometheus text exposition format (version 0.0.4). Thread-safe.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace jianfu::server {

class Metrics {
 public:
  // Upper bounds of the latency histogram buckets, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5};

  // One request answered. `route` is the matched pattern, or "unmatched".
  void Observe(std::string_view route, std::string_view method, unsigned status,
               std::chrono::microseconds elapsed);
  // One finding reported by a filing ("filing") or a document check ("check").
  void CountFinding(std::string_view source, std::string_view rule, std::string_view severity);

  // One group of queued filings filed together (Api::DrainFilings).
  void CountGroup(size_t filings);

  std::string Render(size_t in_flight, size_t open_connections) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, unsigned>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::map<std::tuple<std::string, std::string, std::string>, uint64_t> findings_;
  uint64_t groups_ = 0, grouped_ = 0;
};

}  // namespace jianfu::server
