// Reading client JSON into typed fields with Spanish, per-field errors. Every reader
// rejects unknown fields, wrong types and over-long strings; nothing is written unless
// finish() succeeds.
#pragma once
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace tequio {

// Parses a request body that must be one JSON object (400 when malformed, 422 otherwise).
Result<nlohmann::json> parse_json_object(std::string_view body);

template <class T>
using Nullable = std::optional<std::optional<T>>;  // absent / null / value (PATCH semantics)

class JsonReader {
 public:
  explicit JsonReader(const nlohmann::json& obj) : obj_(obj) {}

  // Required strings are trimmed and must not be empty.
  std::optional<std::string> required_string(const std::string& key, size_t max_len);
  std::optional<std::string> optional_string(const std::string& key, size_t max_len);
  Nullable<std::string> nullable_string(const std::string& key, size_t max_len);
  std::optional<int64_t> required_int(const std::string& key);
  std::optional<int64_t> optional_int(const std::string& key);
  Nullable<int64_t> nullable_int(const std::string& key);
  std::optional<bool> optional_bool(const std::string& key);
  std::optional<std::vector<std::string>> string_list(const std::string& key, bool required,
                                                      size_t max_items, size_t max_len);
  // Any JSON value, for members whose shape the service validates itself (catalog fields).
  std::optional<nlohmann::json> optional_json(const std::string& key) {
    const nlohmann::json* v = get(key);
    if (!v) return std::nullopt;
    return *v;
  }
  bool has(const std::string& key) const { return obj_.contains(key); }

  void error(const std::string& field, const std::string& code, const std::string& message);
  // Reports unknown fields and every collected error as one 422.
  Status finish();

 private:
  const nlohmann::json* get(const std::string& key);
  std::optional<std::string> checked_string(const std::string& key, const nlohmann::json& v, size_t max_len);

  const nlohmann::json& obj_;
  std::set<std::string> seen_;
  std::vector<FieldError> errors_;
};

}  // namespace tequio
