#include "helpdesk/model.h"

#include <algorithm>
#include <set>

#include "core/calendar.h"
#include "core/text.h"

namespace tequio::helpdesk {

using nlohmann::json;

namespace {

bool one_of(std::string_view v, std::initializer_list<std::string_view> set) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

const std::vector<std::string_view> kFieldTypes = {"text", "textarea", "number", "date", "select",
                                                   "email", "person", "area", "boolean"};

bool valid_key(std::string_view k) {
  if (k.empty() || k.size() > 40 || !(k[0] >= 'a' && k[0] <= 'z')) return false;
  return std::all_of(k.begin(), k.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

}  // namespace

const std::vector<std::string_view> kStatuses = {"nuevo",   "asignado", "en_proceso", "en_espera_solicitante",
                                                 "en_espera_proveedor", "resuelto", "cerrado", "cancelado"};

bool valid_kind(std::string_view k) { return one_of(k, {"reporte", "solicitud"}); }
bool valid_category_kind(std::string_view k) { return one_of(k, {"reporte", "solicitud", "ambos"}); }
bool valid_channel(std::string_view c) { return one_of(c, {"portal", "telefono", "correo", "presencial"}); }
bool valid_status(std::string_view s) { return std::find(kStatuses.begin(), kStatuses.end(), s) != kStatuses.end(); }
bool valid_assignment(std::string_view r) { return one_of(r, {"manual", "round_robin", "least_open"}); }
bool is_final(std::string_view s) { return one_of(s, {"cerrado", "cancelado"}); }
bool is_open_status(std::string_view s) { return valid_status(s) && !one_of(s, {"resuelto", "cerrado", "cancelado"}); }
bool is_waiting(std::string_view s) { return one_of(s, {"en_espera_solicitante", "en_espera_proveedor"}); }

std::string_view status_label(std::string_view s) {
  if (s == "nuevo") return "Nuevo";
  if (s == "asignado") return "Asignado";
  if (s == "en_proceso") return "En proceso";
  if (s == "en_espera_solicitante") return "En espera del solicitante";
  if (s == "en_espera_proveedor") return "En espera de proveedor";
  if (s == "resuelto") return "Resuelto";
  if (s == "cerrado") return "Cerrado";
  if (s == "cancelado") return "Cancelado";
  return s;
}

std::string_view priority_label(int64_t p) {
  switch (p) {
    case 1: return "Crítica";
    case 2: return "Alta";
    case 3: return "Media";
    default: return "Baja";
  }
}

int64_t derive_priority(int64_t impact, int64_t urgency) {
  int64_t sum = std::clamp<int64_t>(impact, 1, 3) + std::clamp<int64_t>(urgency, 1, 3);
  if (sum <= 2) return 1;
  if (sum == 3) return 2;
  if (sum == 4) return 3;
  return 4;
}

std::vector<std::string> allowed_transitions(std::string_view from, Party party, bool reopen_window_open) {
  std::vector<std::string> out;
  if (party == Party::kStaff) {
    if (from == "nuevo") out = {"en_proceso", "resuelto", "cancelado"};
    else if (from == "asignado" || from == "en_proceso")
      out = {"en_proceso", "en_espera_solicitante", "en_espera_proveedor", "resuelto", "cancelado"};
    else if (is_waiting(from)) out = {"en_proceso", "resuelto", "cancelado"};
    else if (from == "resuelto") out = {"cerrado", "en_proceso"};
    // en_proceso → en_proceso is no move
    std::erase(out, std::string(from));
    return out;
  }
  if (from == "nuevo") out = {"cancelado"};
  else if (from == "resuelto") {
    out = {"cerrado"};
    if (reopen_window_open) out.push_back("en_proceso");
  }
  return out;
}

bool transition_allowed(std::string_view from, std::string_view to, Party party, bool reopen_window_open) {
  auto all = allowed_transitions(from, party, reopen_window_open);
  return std::find(all.begin(), all.end(), to) != all.end();
}

Result<std::vector<FieldSpec>> parse_field_specs(const json& fields) {
  std::vector<FieldError> errors;
  std::vector<FieldSpec> out;
  if (!fields.is_array()) return Error::invalid("category.fields_invalid", "Los campos deben ser una lista", "fields");
  if (fields.size() > 30) return Error::invalid("category.fields_too_many", "Máximo 30 campos por categoría", "fields");
  std::set<std::string> keys;
  for (size_t i = 0; i < fields.size(); ++i) {
    const json& f = fields[i];
    std::string at = "fields[" + std::to_string(i) + "]";
    if (!f.is_object()) {
      errors.push_back({at, "category.field_invalid", "Cada campo debe ser un objeto"});
      continue;
    }
    FieldSpec s;
    for (auto& [k, v] : f.items()) {
      if (k != "key" && k != "label" && k != "type" && k != "required" && k != "options" && k != "max_length")
        errors.push_back({at + "." + k, "unknown_field", "Campo desconocido"});
    }
    if (f.contains("key") && f["key"].is_string()) s.key = f["key"].get<std::string>();
    if (!valid_key(s.key))
      errors.push_back({at + ".key", "category.field_key_invalid",
                        "La clave debe empezar con letra minúscula y usar solo a-z, 0-9 y _ (máx. 40)"});
    else if (!keys.insert(s.key).second)
      errors.push_back({at + ".key", "category.field_key_duplicate", "La clave está repetida"});
    if (f.contains("label") && f["label"].is_string()) s.label = trim(f["label"].get<std::string>());
    if (s.label.empty() || !valid_utf8(s.label) || utf8_length(s.label) > 120)
      errors.push_back({at + ".label", "category.field_label_invalid", "La etiqueta es obligatoria (máx. 120)"});
    if (f.contains("type") && f["type"].is_string()) s.type = f["type"].get<std::string>();
    if (std::find(kFieldTypes.begin(), kFieldTypes.end(), s.type) == kFieldTypes.end())
      errors.push_back({at + ".type", "category.field_type_invalid",
                        "Tipo no válido (texto, área de texto, número, fecha, lista, correo, persona, área, sí/no)"});
    if (f.contains("required")) {
      if (!f["required"].is_boolean()) errors.push_back({at + ".required", "type", "Debe ser verdadero o falso"});
      else s.required = f["required"].get<bool>();
    }
    if (f.contains("max_length")) {
      if (!f["max_length"].is_number_integer() || f["max_length"].get<int64_t>() < 1 ||
          f["max_length"].get<int64_t>() > 4000)
        errors.push_back({at + ".max_length", "category.field_max_length_invalid", "Debe ser un entero entre 1 y 4000"});
      else s.max_length = f["max_length"].get<int64_t>();
    } else if (s.type == "textarea") {
      s.max_length = 4000;
    }
    if (s.type == "select") {
      if (!f.contains("options") || !f["options"].is_array() || f["options"].empty() || f["options"].size() > 50) {
        errors.push_back({at + ".options", "category.field_options_invalid", "Una lista necesita de 1 a 50 opciones"});
      } else {
        std::set<std::string> seen;
        for (auto& o : f["options"]) {
          std::string v = o.is_string() ? trim(o.get<std::string>()) : "";
          if (v.empty() || v.size() > 120 || !valid_utf8(v) || !seen.insert(v).second) {
            errors.push_back({at + ".options", "category.field_options_invalid",
                              "Las opciones deben ser textos distintos, no vacíos (máx. 120)"});
            break;
          }
          s.options.push_back(v);
        }
      }
    } else if (f.contains("options")) {
      errors.push_back({at + ".options", "category.field_options_unexpected", "Solo las listas llevan opciones"});
    }
    out.push_back(std::move(s));
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  return out;
}

json field_specs_json(const std::vector<FieldSpec>& specs) {
  json a = json::array();
  for (auto& s : specs) {
    json f = {{"key", s.key}, {"label", s.label}, {"type", s.type}, {"required", s.required}};
    if (s.type == "select") f["options"] = s.options;
    if (s.type == "text" || s.type == "textarea") f["max_length"] = s.max_length;
    a.push_back(std::move(f));
  }
  return a;
}

Result<json> validate_field_values(const std::vector<FieldSpec>& specs, const json& values) {
  std::vector<FieldError> errors;
  json out = json::object();
  if (!values.is_object()) return Error::invalid("ticket.fields_invalid", "Los datos adicionales deben ser un objeto", "fields");
  for (auto& [k, v] : values.items()) {
    bool known = std::any_of(specs.begin(), specs.end(), [&](const FieldSpec& s) { return s.key == k; });
    if (!known) errors.push_back({"fields." + k, "unknown_field", "Campo desconocido para esta categoría"});
  }
  for (const FieldSpec& s : specs) {
    std::string at = "fields." + s.key;
    const json* v = values.contains(s.key) ? &values.at(s.key) : nullptr;
    bool empty = !v || v->is_null() || (v->is_string() && trim(v->get<std::string>()).empty());
    if (empty) {
      if (s.required) errors.push_back({at, "ticket.field_required", "«" + s.label + "» es obligatorio"});
      continue;
    }
    if (s.type == "text" || s.type == "textarea" || s.type == "select" || s.type == "email" || s.type == "date") {
      if (!v->is_string()) {
        errors.push_back({at, "type", "«" + s.label + "» debe ser texto"});
        continue;
      }
      std::string text = trim(v->get<std::string>());
      if (!valid_utf8(text)) {
        errors.push_back({at, "encoding", "Texto con codificación no válida"});
        continue;
      }
      if (s.type == "select") {
        if (std::find(s.options.begin(), s.options.end(), text) == s.options.end()) {
          errors.push_back({at, "ticket.field_option_invalid", "«" + s.label + "»: elija una de las opciones"});
          continue;
        }
      } else if (s.type == "email") {
        if (!plausible_email(text)) {
          errors.push_back({at, "ticket.field_email_invalid", "«" + s.label + "»: el correo no es válido"});
          continue;
        }
      } else if (s.type == "date") {
        if (!parse_date(text)) {
          errors.push_back({at, "ticket.field_date_invalid", "«" + s.label + "»: use el formato AAAA-MM-DD"});
          continue;
        }
      } else if (static_cast<int64_t>(utf8_length(text)) > s.max_length) {
        errors.push_back({at, "too_long", "«" + s.label + "»: máximo " + std::to_string(s.max_length) + " caracteres"});
        continue;
      }
      out[s.key] = text;
    } else if (s.type == "number") {
      if (!v->is_number()) errors.push_back({at, "type", "«" + s.label + "» debe ser un número"});
      else out[s.key] = *v;
    } else if (s.type == "person" || s.type == "area") {
      if (!v->is_number_integer() || v->get<int64_t>() <= 0)
        errors.push_back({at, "type", "«" + s.label + "» debe ser un identificador"});
      else out[s.key] = v->get<int64_t>();
    } else if (s.type == "boolean") {
      if (!v->is_boolean()) errors.push_back({at, "type", "«" + s.label + "» debe ser sí o no"});
      else out[s.key] = v->get<bool>();
    }
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  return out;
}

std::vector<SlaTarget> default_sla_targets() {
  return {{1, 30, 240}, {2, 60, 480}, {3, 240, 1440}, {4, 480, 2400}};
}

namespace {
// Letters and digits: ASCII, Latin-1 and Latin Extended letters (not × ÷), Greek to the end of
// the general scripts; punctuation such as ¿ ¡ « » – — … separates words.
bool word_codepoint(char32_t cp) {
  if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
  if (cp >= 0xC0 && cp <= 0x24F) return cp != 0xD7 && cp != 0xF7;
  return cp >= 0x370 && cp < 0x2000;
}

// Folded words (letters and digits), at most 12 of them, each cut to 40 bytes on a character boundary.
std::vector<std::string> search_words(std::string_view text) {
  std::string folded = fold_for_search(text);
  std::vector<std::string> words;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty() && words.size() < 12) words.push_back(cur);
    cur.clear();
  };
  for (size_t i = 0; i < folded.size();) {
    unsigned char c = static_cast<unsigned char>(folded[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
    if (i + len > folded.size()) len = 1;
    char32_t cp = c;
    if (len == 2) cp = ((c & 0x1F) << 6) | (folded[i + 1] & 0x3F);
    else if (len == 3) cp = ((c & 0x0F) << 12) | ((folded[i + 1] & 0x3F) << 6) | (folded[i + 2] & 0x3F);
    else if (len == 4)
      cp = ((c & 0x07) << 18) | ((folded[i + 1] & 0x3F) << 12) | ((folded[i + 2] & 0x3F) << 6) | (folded[i + 3] & 0x3F);
    else if (c >= 0x80) cp = 0xFFFD;  // a stray byte never joins a word
    if (word_codepoint(cp)) {
      if (cur.size() + len <= 40) cur.append(folded, i, len);
    } else {
      flush();
    }
    i += len;
  }
  flush();
  return words;
}
}  // namespace

namespace {
// Decodes the code point at i (its byte length in len); malformed bytes read as U+FFFD, length 1.
char32_t decode_at(std::string_view s, size_t i, size_t& len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + len > s.size()) len = 1;
  if (len == 1) return c < 0x80 ? c : 0xFFFD;
  if (len == 2) return ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
  if (len == 3) return ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
  return ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
}
size_t char_start(std::string_view s, size_t i) {
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return i;
}
}  // namespace

std::optional<std::string> highlight(std::string_view text, std::string_view query, size_t max_bytes) {
  auto words = search_words(query);
  if (words.empty() || text.empty()) return std::nullopt;
  std::vector<std::pair<size_t, size_t>> hits;  // byte spans of matching words
  size_t i = 0, word_start = std::string_view::npos;
  auto close_word = [&](size_t end) {
    if (word_start == std::string_view::npos) return;
    std::string folded = fold_for_search(text.substr(word_start, end - word_start));
    for (auto& w : words)
      if (folded.compare(0, w.size(), w) == 0) {
        hits.emplace_back(word_start, end);
        break;
      }
    word_start = std::string_view::npos;
  };
  while (i < text.size()) {
    size_t len;
    char32_t cp = decode_at(text, i, len);
    if (word_codepoint(cp)) {
      if (word_start == std::string_view::npos) word_start = i;
    } else {
      close_word(i);
    }
    i += len;
  }
  close_word(text.size());
  if (hits.empty()) return std::nullopt;
  size_t from = 0, to = text.size();
  if (text.size() > max_bytes) {
    from = char_start(text, hits.front().first > max_bytes / 3 ? hits.front().first - max_bytes / 3 : 0);
    to = std::min(text.size(), from + max_bytes);
    to = char_start(text, to);
    if (to <= hits.front().first) to = hits.front().second;
  }
  std::string out = from > 0 ? "…" : "";
  size_t pos = from;
  for (auto& [b, e] : hits) {
    if (b < from || e > to) continue;
    out.append(text.substr(pos, b - pos));
    out += "«";
    out.append(text.substr(b, e - b));
    out += "»";
    pos = e;
  }
  out.append(text.substr(pos, to - pos));
  if (to < text.size()) out += "…";
  // Line breaks become spaces: an excerpt is one line.
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}

std::optional<std::string> fts5_query(std::string_view text) {
  auto words = search_words(text);
  if (words.empty()) return std::nullopt;
  std::string q;
  for (auto& w : words) {
    if (!q.empty()) q += " AND ";
    q += "\"" + w + "\"*";
  }
  return q;
}

std::optional<std::string> tsquery_text(std::string_view text) {
  auto words = search_words(text);
  if (words.empty()) return std::nullopt;
  std::string q;
  for (auto& w : words) {
    if (!q.empty()) q += " & ";
    q += w + ":*";
  }
  return q;
}

std::string folded_for_index(std::string_view text) { return fold_for_search(text); }

std::string ticket_number(int64_t id) { return "MS-" + std::to_string(id); }

}  // namespace tequio::helpdesk
