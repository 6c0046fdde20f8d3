// Transport-neutral request and response. Only http/server.cpp sees Boost.Beast; every
// route file works with these plain structs (and compiles in a fraction of the time).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace tequio::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string path;    // decoded path without query
  std::string raw_path;
  std::vector<std::pair<std::string, std::string>> query;    // decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;
  std::string remote_ip;
  std::string request_id;
  bool secure = false;  // served over TLS (or behind a proxy that says so)

  std::string_view header(std::string_view name) const;
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> cookie(std::string_view name) const;
  std::string_view content_type() const;  // media type without parameters, lower-case
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response json(int status, const nlohmann::json& body);
  static Response no_content();
  static Response text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  static Response problem(const Error& error);
};

// Maps an Error kind to its HTTP status: the one place this mapping lives.
int status_for(ErrorKind kind);

// Splits "a=1&b=%20x" into decoded pairs; returns nullopt on bad percent-encoding.
std::optional<std::vector<std::pair<std::string, std::string>>> parse_query(std::string_view q);
std::optional<std::string> percent_decode(std::string_view s, bool plus_is_space);

}  // namespace tequio::http
