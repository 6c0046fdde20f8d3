// The computer fleet's vocabulary and rules that need no storage: asset statuses and the moves
// between them, conditions, custom-field specs of asset types and their values, money and dates
// as clients send them, and the folio format of documents.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "helpdesk/model.h"

namespace tequio::assets {

inline const std::vector<std::string> kStatuses = {"en_almacen",     "asignado",        "en_prestamo",
                                                   "en_reparacion",  "baja_en_tramite", "dado_de_baja"};
inline const std::vector<std::string> kConditions = {"bueno", "regular", "malo"};

bool valid_status(std::string_view s);
bool valid_condition(std::string_view s);
std::string status_label(std::string_view s);     // Spanish
std::string condition_label(std::string_view s);  // Spanish

// Moves a person may make by hand (POST /assets/{id}/status); the custody, loan and disposal
// flows move the status themselves. `has_custodian`: a repaired asset goes back to its custodian.
bool manual_move_allowed(std::string_view from, std::string_view to, bool has_custodian);

// Custom fields of asset types use the helpdesk catalog's field specs (helpdesk/model.h),
// limited to these types ("select" is shown as «Lista»).
inline const std::vector<std::string> kAssetFieldTypes = {"text", "number", "date", "select"};
// Parses a type's field list and checks the types are among kAssetFieldTypes.
Result<std::vector<helpdesk::FieldSpec>> parse_type_fields(const nlohmann::json& v);

// Money in MXN as clients send it (a JSON number or text "12,345.50") → centavos.
std::optional<int64_t> parse_money(const nlohmann::json& v);
std::optional<int64_t> parse_money_text(std::string_view s);
nlohmann::json money_json(const std::optional<int64_t>& cents);
std::string money_text(int64_t cents);  // "$12,345.50"

// Dates: "YYYY-MM-DD"; import files also bring "DD/MM/YYYY".
std::optional<std::string> normalize_date(std::string_view s);

// "RES-2026-000123"
std::string folio(std::string_view series, int year, int64_t n);

// "25 de noviembre de 2026" for a YYYY-MM-DD date.
std::string spanish_long_date(std::string_view iso_date);

}  // namespace tequio::assets
