// Pagination shared by every list endpoint: ?page=1&per_page=50 → {items,total,page,per_page}.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace tequio {

struct PageRequest {
  int64_t page = 1;
  int64_t per_page = 50;
  int64_t offset() const { return (page - 1) * per_page; }
};

inline constexpr int64_t kMaxPerPage = 200;

Result<PageRequest> make_page(const std::optional<std::string>& page, const std::optional<std::string>& per_page,
                              int64_t default_per_page = 50);

// Parses a positive id from text (query parameters, path segments).
std::optional<int64_t> parse_id(const std::string& s);

struct Page {
  nlohmann::json items = nlohmann::json::array();
  // Hot lists write their items straight to JSON text (JsonWriter); then this holds the array
  // and `items` stays empty.
  std::string items_json;
  int64_t total = 0;
  // Long lists may stop counting: then `total` is a lower bound and the body says
  // "total_capped": true (the member is absent otherwise).
  bool total_capped = false;
  PageRequest request;
  nlohmann::json to_json() const;
  // The response body, without building a JSON tree when items_json is set.
  std::string body() const;
};

}  // namespace tequio
