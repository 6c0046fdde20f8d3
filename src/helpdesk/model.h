// The helpdesk's rules that need no storage: ticket vocabularies, the status machine, the
// impact × urgency priority matrix, catalog field specs and their validation, default SLA
// targets, and the full-text query builders. Everything here is pure and unit-tested.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace tequio::helpdesk {

// Codes stored in the database and exchanged in the API; Spanish labels live in the web catalog.
bool valid_kind(std::string_view kind);            // reporte, solicitud
bool valid_category_kind(std::string_view kind);   // reporte, solicitud, ambos
bool valid_channel(std::string_view channel);      // portal, telefono, correo, presencial (programado: system only)
bool valid_status(std::string_view status);
bool valid_assignment(std::string_view rule);      // manual, round_robin, least_open
bool is_final(std::string_view status);            // cerrado, cancelado
bool is_open_status(std::string_view status);      // not resuelto, cerrado, cancelado
bool is_waiting(std::string_view status);          // en_espera_solicitante, en_espera_proveedor
std::string_view status_label(std::string_view status);      // Spanish, for e-mails and reports
std::string_view priority_label(int64_t priority);           // crítica, alta, media, baja
extern const std::vector<std::string_view> kStatuses;

// impact and urgency 1 (high) … 3 (low) → priority 1 (crítica) … 4 (baja).
int64_t derive_priority(int64_t impact, int64_t urgency);

// Who is asking for a transition.
enum class Party { kStaff, kRequester };
// The statuses a ticket may move to by POST …/transition (assignment moves to `asignado`).
std::vector<std::string> allowed_transitions(std::string_view from, Party party, bool reopen_window_open);
bool transition_allowed(std::string_view from, std::string_view to, Party party, bool reopen_window_open);

// A catalog category's extra field.
struct FieldSpec {
  std::string key, label, type;  // text, textarea, number, date, select, email, person, area, boolean
  bool required = false;
  std::vector<std::string> options;  // select
  int64_t max_length = 200;          // text types
};
// Parses and validates a category's `fields` array (errors name "fields[2].key" …).
Result<std::vector<FieldSpec>> parse_field_specs(const nlohmann::json& fields);
nlohmann::json field_specs_json(const std::vector<FieldSpec>& specs);
// Checks a ticket's values against the specs: unknown keys, missing required values, wrong
// types, options, lengths. Errors name "fields.<key>". Returns the normalized values (strings
// trimmed, empty optional values dropped). person/area values are ids; the caller checks they exist.
Result<nlohmann::json> validate_field_values(const std::vector<FieldSpec>& specs, const nlohmann::json& values);

struct SlaTarget {
  int64_t priority = 3;
  int64_t response_minutes = 0;
  int64_t resolution_minutes = 0;
};
// Working-time targets (calendar minutes inside working hours): crítica 30 min / 4 h,
// alta 1 h / 8 h, media 4 h / 24 h, baja 8 h / 40 h.
std::vector<SlaTarget> default_sla_targets();

// Full-text query text → backend syntax; nullopt when the text has no searchable word.
// Words are folded (case, accents) and matched as prefixes; all words must match.
std::optional<std::string> fts5_query(std::string_view text);     // "impresora"* AND "falla"*
std::optional<std::string> tsquery_text(std::string_view text);   // impresora:* & falla:*
// Marks the words of `text` that the search matches (folded, as prefixes, like the indexes do)
// with « and », cut to an excerpt of about `max_bytes` around the first match ("…" where cut);
// nullopt when no word matches. Both backends highlight the same way.
std::optional<std::string> highlight(std::string_view text, std::string_view query, size_t max_bytes = 200);
// The folded text PostgreSQL indexes (to_tsvector('spanish', folded)).
std::string folded_for_index(std::string_view text);

// Ticket number as people see it: "MS-123".
std::string ticket_number(int64_t id);

}  // namespace tequio::helpdesk
