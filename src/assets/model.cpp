#include "assets/model.h"

#include <algorithm>
#include <cstdio>

#include "core/calendar.h"
#include "core/text.h"

namespace tequio::assets {

using nlohmann::json;

bool valid_status(std::string_view s) { return std::find(kStatuses.begin(), kStatuses.end(), s) != kStatuses.end(); }
bool valid_condition(std::string_view s) {
  return std::find(kConditions.begin(), kConditions.end(), s) != kConditions.end();
}

std::string status_label(std::string_view s) {
  if (s == "en_almacen") return "En almacén";
  if (s == "asignado") return "Asignado";
  if (s == "en_prestamo") return "En préstamo";
  if (s == "en_reparacion") return "En reparación";
  if (s == "baja_en_tramite") return "Baja en trámite";
  if (s == "dado_de_baja") return "Dado de baja";
  return std::string(s);
}

std::string condition_label(std::string_view s) {
  if (s == "bueno") return "Bueno";
  if (s == "regular") return "Regular";
  if (s == "malo") return "Malo";
  return std::string(s);
}

bool manual_move_allowed(std::string_view from, std::string_view to, bool has_custodian) {
  if (from == "en_almacen" && to == "en_reparacion") return true;
  if (from == "asignado" && to == "en_reparacion") return true;
  if (from == "en_reparacion") return to == (has_custodian ? "asignado" : "en_almacen");
  return false;
}

Result<std::vector<helpdesk::FieldSpec>> parse_type_fields(const json& v) {
  auto specs = helpdesk::parse_field_specs(v);
  if (!specs) return specs.error();
  std::vector<FieldError> errors;
  for (size_t i = 0; i < specs->size(); ++i)
    if (std::find(kAssetFieldTypes.begin(), kAssetFieldTypes.end(), (*specs)[i].type) == kAssetFieldTypes.end())
      errors.push_back({"fields[" + std::to_string(i) + "].type", "asset_type.field_type_invalid",
                        "Tipo no válido para un bien (texto, número, fecha o lista)"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  return specs;
}

std::optional<int64_t> parse_money_text(std::string_view in) {
  std::string s = trim(in);
  if (!s.empty() && s[0] == '$') s = trim(s.substr(1));
  std::string digits;
  bool seen_point = false;
  int decimals = 0;
  for (char c : s) {
    if (c == ',') {
      if (seen_point) return std::nullopt;
      continue;  // thousands separator
    }
    if (c == '.') {
      if (seen_point) return std::nullopt;
      seen_point = true;
      continue;
    }
    if (c < '0' || c > '9') return std::nullopt;
    if (seen_point && ++decimals > 2) return std::nullopt;
    digits += c;
  }
  if (digits.empty() || digits.size() > 15) return std::nullopt;
  while (decimals < 2) {
    digits += '0';
    ++decimals;
  }
  return std::stoll(digits);
}

std::optional<int64_t> parse_money(const json& v) {
  if (v.is_number_integer()) {
    int64_t n = v.get<int64_t>();
    if (n < 0 || n > 9'999'999'999'999) return std::nullopt;
    return n * 100;
  }
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (!(d >= 0) || d > 9'999'999'999'999.0) return std::nullopt;
    double cents = d * 100;
    auto rounded = static_cast<int64_t>(cents + 0.5);
    if (std::abs(cents - static_cast<double>(rounded)) > 1e-6 * std::max(1.0, cents)) return std::nullopt;  // > 2 decimals
    return rounded;
  }
  if (v.is_string()) return parse_money_text(v.get<std::string>());
  return std::nullopt;
}

json money_json(const std::optional<int64_t>& cents) {
  if (!cents) return nullptr;
  return static_cast<double>(*cents) / 100.0;
}

std::string money_text(int64_t cents) {
  std::string whole = std::to_string(cents / 100);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  char dec[4];
  std::snprintf(dec, sizeof dec, "%02d", static_cast<int>(cents % 100));
  return "$" + grouped + "." + dec;
}

std::optional<std::string> normalize_date(std::string_view in) {
  std::string s = trim(in);
  if (auto d = parse_date(s)) return format_date(*d);
  // DD/MM/YYYY (how dates are written in Mexico), also with '-'.
  if (s.size() == 10 && (s[2] == '/' || s[2] == '-') && s[5] == s[2]) {
    std::string iso = s.substr(6, 4) + "-" + s.substr(3, 2) + "-" + s.substr(0, 2);
    if (auto d = parse_date(iso)) return format_date(*d);
  }
  return std::nullopt;
}

std::string folio(std::string_view series, int year, int64_t n) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*s-%d-%06lld", static_cast<int>(series.size()), series.data(), year,
                static_cast<long long>(n));
  return buf;
}

std::string spanish_long_date(std::string_view iso) {
  static const char* kMonths[] = {"enero", "febrero", "marzo",      "abril",   "mayo",      "junio",
                                  "julio", "agosto",  "septiembre", "octubre", "noviembre", "diciembre"};
  auto d = parse_date(iso);
  if (!d) return std::string(iso);
  return std::to_string(static_cast<unsigned>(d->day())) + " de " + kMonths[static_cast<unsigned>(d->month()) - 1] +
         " de " + std::to_string(static_cast<int>(d->year()));
}

}  // namespace tequio::assets
