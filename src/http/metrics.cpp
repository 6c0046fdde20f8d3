#include "http/metrics.h"

#include <sstream>

namespace tequio::http {

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{method, route, status}];
  auto& s = latency_[route];
  ++s.count;
  s.sum += seconds;
  for (size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++s.buckets[i];
}

static std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string Metrics::render(const storage::Pool& pool) {
  std::ostringstream o;
  std::lock_guard lock(mu_);
  o << "# HELP tequio_http_requests_total HTTP requests by route and status.\n"
       "# TYPE tequio_http_requests_total counter\n";
  for (const auto& [key, n] : requests_) {
    const auto& [method, route, status] = key;
    o << "tequio_http_requests_total{method=\"" << method << "\",route=\"" << escape_label(route) << "\",status=\""
      << status << "\"} " << n << "\n";
  }
  o << "# HELP tequio_http_request_duration_seconds Request latency by route.\n"
       "# TYPE tequio_http_request_duration_seconds histogram\n";
  for (const auto& [route, s] : latency_) {
    std::string label = escape_label(route);
    for (size_t i = 0; i < kBuckets.size(); ++i)
      o << "tequio_http_request_duration_seconds_bucket{route=\"" << label << "\",le=\"" << kBuckets[i] << "\"} "
        << s.buckets[i] << "\n";
    o << "tequio_http_request_duration_seconds_bucket{route=\"" << label << "\",le=\"+Inf\"} " << s.count << "\n";
    o << "tequio_http_request_duration_seconds_sum{route=\"" << label << "\"} " << s.sum << "\n";
    o << "tequio_http_request_duration_seconds_count{route=\"" << label << "\"} " << s.count << "\n";
  }
  o << "# HELP tequio_db_pool_connections Database pool size.\n# TYPE tequio_db_pool_connections gauge\n"
    << "tequio_db_pool_connections " << pool.size() << "\n"
    << "# HELP tequio_db_pool_in_use Connections in use.\n# TYPE tequio_db_pool_in_use gauge\n"
    << "tequio_db_pool_in_use " << pool.in_use() << "\n"
    << "# HELP tequio_db_pool_waits_total Times a request waited for a free connection.\n"
       "# TYPE tequio_db_pool_waits_total counter\n"
    << "tequio_db_pool_waits_total " << pool.waits() << "\n";
  return o.str();
}

}  // namespace tequio::http
