// Writes JSON text straight into a string, for hot list endpoints where building a
// nlohmann::json tree per row costs more than the database query itself.
// The caller keeps the structure well formed; strings must already be valid UTF-8.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tequio {

class JsonWriter {
 public:
  JsonWriter& begin_object() { return open('{'); }
  JsonWriter& end_object() { return close('}'); }
  JsonWriter& begin_array() { return open('['); }
  JsonWriter& end_array() { return close(']'); }
  JsonWriter& key(std::string_view k);
  JsonWriter& value(std::string_view s);
  JsonWriter& value(const char* s) { return value(std::string_view(s)); }
  JsonWriter& value(int64_t v);
  JsonWriter& value(bool v);
  JsonWriter& null();
  JsonWriter& value(const std::optional<std::string>& v) { return v ? value(std::string_view(*v)) : null(); }
  JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
  JsonWriter& value(const std::optional<int64_t>& v) { return v ? value(*v) : null(); }
  // Inserts already-serialized JSON as one value.
  JsonWriter& raw(std::string_view json);
  std::string take() { return std::move(out_); }
  const std::string& str() const { return out_; }
  void reserve(size_t n) { out_.reserve(n); }

 private:
  JsonWriter& open(char c);
  JsonWriter& close(char c);
  void separate();
  std::string out_;
  bool need_comma_ = false;
};

}  // namespace tequio
