#include "core/json_input.h"

#include "core/text.h"

namespace tequio {

Result<nlohmann::json> parse_json_object(std::string_view body) {
  if (!valid_utf8(body))
    return Error::bad_request("json.invalid_utf8", "El cuerpo de la solicitud no es UTF-8 válido");
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) return Error::bad_request("json.malformed", "El cuerpo de la solicitud no es JSON válido");
  if (!doc.is_object()) return Error::invalid("json.not_object", "Se esperaba un objeto JSON", "$");
  return doc;
}

const nlohmann::json* JsonReader::get(const std::string& key) {
  seen_.insert(key);
  auto it = obj_.find(key);
  if (it == obj_.end()) return nullptr;
  return &*it;
}

void JsonReader::error(const std::string& field, const std::string& code, const std::string& message) {
  errors_.push_back({field, code, message});
}

std::optional<std::string> JsonReader::checked_string(const std::string& key, const nlohmann::json& v,
                                                      size_t max_len) {
  if (!v.is_string()) {
    error(key, "type_string", "Debe ser texto");
    return std::nullopt;
  }
  std::string s = trim(v.get_ref<const std::string&>());
  if (utf8_length(s) > max_len) {
    error(key, "too_long", "Máximo " + std::to_string(max_len) + " caracteres");
    return std::nullopt;
  }
  for (unsigned char c : s) {
    if (c < 0x20 && c != '\n' && c != '\t' && c != '\r') {
      error(key, "control_chars", "Contiene caracteres de control no permitidos");
      return std::nullopt;
    }
  }
  return s;
}

std::optional<std::string> JsonReader::required_string(const std::string& key, size_t max_len) {
  const auto* v = get(key);
  if (!v || v->is_null()) {
    error(key, "required", "Este campo es obligatorio");
    return std::nullopt;
  }
  auto s = checked_string(key, *v, max_len);
  if (s && s->empty()) {
    error(key, "required", "Este campo es obligatorio");
    return std::nullopt;
  }
  return s;
}

std::optional<std::string> JsonReader::optional_string(const std::string& key, size_t max_len) {
  const auto* v = get(key);
  if (!v || v->is_null()) return std::nullopt;
  return checked_string(key, *v, max_len);
}

Nullable<std::string> JsonReader::nullable_string(const std::string& key, size_t max_len) {
  const auto* v = get(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<std::string>{};
  auto s = checked_string(key, *v, max_len);
  if (!s) return std::nullopt;
  if (s->empty()) return std::optional<std::string>{};
  return std::optional<std::string>{*s};
}

std::optional<int64_t> JsonReader::required_int(const std::string& key) {
  const auto* v = get(key);
  if (!v || v->is_null()) {
    error(key, "required", "Este campo es obligatorio");
    return std::nullopt;
  }
  if (!v->is_number_integer()) {
    error(key, "type_integer", "Debe ser un número entero");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

std::optional<int64_t> JsonReader::optional_int(const std::string& key) {
  const auto* v = get(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_number_integer()) {
    error(key, "type_integer", "Debe ser un número entero");
    return std::nullopt;
  }
  return v->get<int64_t>();
}

Nullable<int64_t> JsonReader::nullable_int(const std::string& key) {
  const auto* v = get(key);
  if (!v) return std::nullopt;
  if (v->is_null()) return std::optional<int64_t>{};
  if (!v->is_number_integer()) {
    error(key, "type_integer", "Debe ser un número entero");
    return std::nullopt;
  }
  return std::optional<int64_t>{v->get<int64_t>()};
}

std::optional<bool> JsonReader::optional_bool(const std::string& key) {
  const auto* v = get(key);
  if (!v || v->is_null()) return std::nullopt;
  if (!v->is_boolean()) {
    error(key, "type_boolean", "Debe ser verdadero o falso");
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<std::vector<std::string>> JsonReader::string_list(const std::string& key, bool required,
                                                                size_t max_items, size_t max_len) {
  const auto* v = get(key);
  if (!v || v->is_null()) {
    if (required) error(key, "required", "Este campo es obligatorio");
    return std::nullopt;
  }
  if (!v->is_array()) {
    error(key, "type_array", "Debe ser una lista");
    return std::nullopt;
  }
  if (v->size() > max_items) {
    error(key, "too_many", "Máximo " + std::to_string(max_items) + " elementos");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : *v) {
    auto s = checked_string(key, item, max_len);
    if (!s) return std::nullopt;
    out.push_back(*s);
  }
  return out;
}

Status JsonReader::finish() {
  for (auto it = obj_.begin(); it != obj_.end(); ++it)
    if (!seen_.count(it.key())) error(it.key(), "unknown_field", "Campo no reconocido");
  if (errors_.empty()) return Ok();
  return Error::invalid_fields(errors_);
}

}  // namespace tequio
