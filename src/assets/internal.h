// Pieces shared by the fleet service's files: the asset row and its JSON, who may read what,
// timeline events, folios, settings and the stored PDF documents.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "assets/documents.h"
#include "assets/model.h"
#include "assets/service.h"
#include "core/paging.h"
#include "storage/db.h"

namespace tequio::assets::detail {

// Columns of AssetSummary, in the order asset_summary() reads them; append " WHERE …".
inline constexpr const char* kAssetSelect =
    "SELECT a.id, a.inventory_number, a.type_id, t.name, a.brand, a.model, a.serial, a.status, a.condition, a.area_id, "
    "ar.name, a.building, a.floor, a.office, a.custodian_person_id, p.full_name, a.warranty_end, a.updated_at, "
    // 18…
    "a.specs, a.acquired_on, a.invoice_number, a.supplier, a.cost_cents, a.budget_line, a.funding_source, a.parent_id, "
    "a.fields, a.notes, a.created_at, t.fields "
    "FROM assets a JOIN asset_types t ON t.id = a.type_id LEFT JOIN areas ar ON ar.id = a.area_id "
    "LEFT JOIN people p ON p.id = a.custodian_person_id";

nlohmann::json asset_summary(const storage::Row& r);
// Summary + the detail columns (without relations, custody, loan, attachments).
nlohmann::json asset_record(const storage::Row& r);
std::optional<storage::Row> load_asset(storage::Tx& tx, int64_t id);

Error asset_not_found();
bool reads_all(const auth::Actor& a);
// Whether a read-own caller holds this asset (custody or open loan).
bool holds(storage::Tx& tx, const auth::Actor& a, int64_t asset_id);
Status need(const auth::Actor& a, auth::Permission p);

std::string actor_name(const auth::Actor& a);
void add_event(storage::Tx& tx, int64_t asset_id, const auth::Actor& actor, const std::string& kind,
               const std::string& summary, const nlohmann::json& changes, std::optional<int64_t> document_id,
               const std::string& now);
// The folded text the list's q matches: number, serial, brand, model, custodian.
std::string search_key(storage::Tx& tx, int64_t asset_id);
void refresh_search_key(storage::Tx& tx, int64_t asset_id);

// Next folio of a yearly series (RES, BAJ): "RES-2026-000001".
std::string next_folio(storage::Tx& tx, const std::string& series, int year);

// Settings with defaults: inventory_pattern, label_base_url, folio_prefix.
nlohmann::json load_settings(storage::Tx& tx, const AssetsConfig& config);

struct PersonInfo {
  int64_t id = 0;
  std::string name, position, area_name;
  std::optional<int64_t> area_id;
  std::optional<std::string> email;
  bool active = true;
  Signer area_head;
};
std::optional<PersonInfo> load_person(storage::Tx& tx, int64_t id);
Signer signer_for(storage::Tx& tx, const auth::Actor& actor);

// Renders and stores a custody document (PDF on disk first, then the row).
struct NewDocument {
  std::string kind;  // asignacion, transferencia, devolucion, no_adeudo
  PersonInfo person;
  std::vector<int64_t> asset_ids;
  std::string notes;
  std::optional<int64_t> previous_id;
};
struct WrittenDocument {
  int64_t id = 0;
  std::string folio;
};
WrittenDocument write_document(storage::Tx& tx, const AssetsConfig& config, const auth::Actor& actor,
                               const NewDocument& d, const std::string& now);
nlohmann::json document_json(storage::Tx& tx, int64_t id, bool with_assets);

// Reads and checks a list of asset ids (1–500, distinct, existing); errors name "asset_ids".
Result<std::vector<storage::Row>> load_assets_for_change(storage::Tx& tx, const std::vector<int64_t>& ids);

// The validated, normalized values of an AssetInput that the row stores.
struct Checked {
  std::optional<std::optional<int64_t>> cost;
  std::optional<nlohmann::json> fields;
  std::optional<std::optional<std::string>> acquired_on, warranty_end;
};
// Validates an asset's input (pattern, type, area, parent, dates, money, custom fields);
// `self_id`, `current_type_id` and `current_fields` describe the stored asset on updates.
Result<Checked> check_input(storage::Tx& tx, const nlohmann::json& settings, const AssetInput& in, bool create,
                            std::optional<int64_t> self_id, int64_t current_type_id, const nlohmann::json& current_fields);
// The values of `values` whose keys the specs still have.
nlohmann::json known_values(const std::vector<helpdesk::FieldSpec>& specs, const nlohmann::json& values);
int64_t insert_asset(storage::Tx& tx, const AssetInput& in, const Checked& c, const std::string& now);
// Writes the fields `in` carries (search_key is refreshed by the caller).
void update_asset_row(storage::Tx& tx, int64_t id, const AssetInput& in, const Checked& c, const std::string& now);

// A WHERE clause built from optional filters, with its $n parameters in order.
struct Where {
  std::string sql;
  storage::Params params;
  void add(const std::string& clause) { sql += (sql.empty() ? " WHERE " : " AND ") + clause; }
  // "$n" of the parameter pushed last.
  std::string next() const { return "$" + std::to_string(params.size()); }
  // Adds `column op $n` with `value` as its parameter.
  void compare(const std::string& column, storage::Param value, const char* op = "=") {
    params.push_back(std::move(value));
    add(column + " " + op + " " + next());
  }
};

// One page of a list: `ids_sql` selects ids in order (count_and_slice walks it once), `item`
// turns each id of the page into its JSON.
Page page_of(storage::Tx& tx, const std::string& ids_sql, const storage::Params& params, const PageRequest& page,
             const std::function<nlohmann::json(int64_t)>& item);

// "12 de marzo de 2026" for today in Mexico City.
std::string local_date(Timestamp t);
std::string local_iso_date(Timestamp t);

}  // namespace tequio::assets::detail
