#include "metrics.h"

#include <fmt/format.h>

namespace jianfu::server {

namespace {

// A label value with \, " and newline escaped.
std::string Label(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::Observe(std::string_view route, std::string_view method, unsigned status,
                      std::chrono::microseconds elapsed) {
  const double seconds = static_cast<double>(elapsed.count()) / 1e6;
  std::lock_guard lock(mu_);
  ++requests_[{std::string(route), std::string(method), status}];
  Histogram& h = latency_[std::string(route)];
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::CountFinding(std::string_view source, std::string_view rule, std::string_view severity) {
  std::lock_guard lock(mu_);
  ++findings_[{std::string(source), std::string(rule), std::string(severity)}];
}

void Metrics::CountGroup(size_t filings) {
  std::lock_guard lock(mu_);
  ++groups_;
  grouped_ += filings;
}

std::string Metrics::Render(size_t in_flight, size_t open_connections) const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP jianfu_http_requests_total HTTP requests answered, by route pattern, method and status.\n";
  out += "# TYPE jianfu_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [route, method, status] = key;
    out += fmt::format("jianfu_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{}\"}} {}\n",
                       Label(route), Label(method), status, n);
  }
  out +=
      "# HELP jianfu_http_request_duration_seconds Time from a request's last byte to its response, by "
      "route.\n";
  out += "# TYPE jianfu_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    for (size_t i = 0; i < kBuckets.size(); ++i)
      out += fmt::format("jianfu_http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n",
                         Label(route), kBuckets[i], h.buckets[i]);
    out += fmt::format("jianfu_http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n",
                       Label(route), h.count);
    out += fmt::format("jianfu_http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", Label(route), h.sum);
    out +=
        fmt::format("jianfu_http_request_duration_seconds_count{{route=\"{}\"}} {}\n", Label(route), h.count);
  }
  out +=
      "# HELP jianfu_findings_total Findings reported since start, by source (filing, check), rule and "
      "severity.\n";
  out += "# TYPE jianfu_findings_total counter\n";
  for (const auto& [key, n] : findings_) {
    const auto& [source, rule, severity] = key;
    out += fmt::format("jianfu_findings_total{{source=\"{}\",rule=\"{}\",severity=\"{}\"}} {}\n",
                       Label(source), Label(rule), Label(severity), n);
  }
  out += "# HELP jianfu_filing_groups_total Groups of queued filings filed in one transaction.\n";
  out += "# TYPE jianfu_filing_groups_total counter\n";
  out += fmt::format("jianfu_filing_groups_total {}\n", groups_);
  out +=
      "# HELP jianfu_filing_group_filings_total Filings in those groups (over groups: the mean group "
      "size).\n";
  out += "# TYPE jianfu_filing_group_filings_total counter\n";
  out += fmt::format("jianfu_filing_group_filings_total {}\n", grouped_);
  out += "# HELP jianfu_http_requests_in_flight Requests being read, handled or answered.\n";
  out += "# TYPE jianfu_http_requests_in_flight gauge\n";
  out += fmt::format("jianfu_http_requests_in_flight {}\n", in_flight);
  out += "# HELP jianfu_http_connections_open Open client connections.\n";
  out += "# TYPE jianfu_http_connections_open gauge\n";
  out += fmt::format("jianfu_http_connections_open {}\n", open_connections);
  return out;
}

}  // namespace jianfu::server
