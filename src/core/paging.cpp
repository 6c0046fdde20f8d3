#include "core/paging.h"

#include <charconv>

namespace tequio {

std::optional<int64_t> parse_id(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

Result<PageRequest> make_page(const std::optional<std::string>& page, const std::optional<std::string>& per_page,
                              int64_t default_per_page) {
  PageRequest r;
  r.per_page = default_per_page;
  std::vector<FieldError> errors;
  if (page) {
    auto v = parse_id(*page);
    if (!v || *v > 1000000) errors.push_back({"page", "page_invalid", "La página debe ser un número positivo"});
    else r.page = *v;
  }
  if (per_page) {
    auto v = parse_id(*per_page);
    if (!v || *v > kMaxPerPage)
      errors.push_back({"per_page", "per_page_invalid",
                        "Debe ser un número entre 1 y " + std::to_string(kMaxPerPage)});
    else r.per_page = *v;
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  return r;
}

nlohmann::json Page::to_json() const {
  nlohmann::json j = {{"items", items_json.empty() ? items : nlohmann::json::parse(items_json)},
                      {"total", total},
                      {"page", request.page},
                      {"per_page", request.per_page}};
  if (total_capped) j["total_capped"] = true;
  return j;
}

std::string Page::body() const {
  if (items_json.empty()) return to_json().dump();
  return "{\"items\":" + items_json + ",\"page\":" + std::to_string(request.page) +
         ",\"per_page\":" + std::to_string(request.per_page) + ",\"total\":" + std::to_string(total) + (total_capped ? ",\"total_capped\":true}" : "}");
}

}  // namespace tequio
