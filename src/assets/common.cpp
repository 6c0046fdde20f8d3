// Shared pieces of the fleet service (assets/internal.h).
#include <set>

#include "assets/internal.h"
#include "core/calendar.h"
#include "core/text.h"
#include "files/uploads.h"

namespace tequio::assets::detail {

using auth::Permission;
using nlohmann::json;

namespace {
json opt_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt_json(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }

const Calendar& mexico_city() {
  static const Calendar cal = *Calendar::make(lft_art74());
  return cal;
}
}  // namespace

json asset_summary(const storage::Row& r) {
  return {{"id", r.i64(0)},
          {"inventory_number", r.str(1)},
          {"type_id", r.i64(2)},
          {"type_name", r.str(3)},
          {"brand", r.str(4)},
          {"model", r.str(5)},
          {"serial", r.str(6)},
          {"status", r.str(7)},
          {"condition", r.str(8)},
          {"area_id", opt_json(r.opt_i64(9))},
          {"area_name", opt_json(r.opt_str(10))},
          {"building", r.str(11)},
          {"floor", r.str(12)},
          {"office", r.str(13)},
          {"custodian_id", opt_json(r.opt_i64(14))},
          {"custodian_name", opt_json(r.opt_str(15))},
          {"warranty_end", opt_json(r.opt_str(16))},
          {"updated_at", r.str(17)}};
}

json asset_record(const storage::Row& r) {
  json j = asset_summary(r);
  j["specs"] = r.str(18);
  j["acquired_on"] = opt_json(r.opt_str(19));
  j["invoice_number"] = r.str(20);
  j["supplier"] = r.str(21);
  j["cost"] = money_json(r.opt_i64(22));
  j["budget_line"] = r.str(23);
  j["funding_source"] = r.str(24);
  j["parent_id"] = opt_json(r.opt_i64(25));
  j["fields"] = json::parse(r.str(26), nullptr, false);
  j["notes"] = r.str(27);
  j["created_at"] = r.str(28);
  return j;
}

std::optional<storage::Row> load_asset(storage::Tx& tx, int64_t id) {
  return tx.query_one(std::string(kAssetSelect) + " WHERE a.id = $1", {id});
}

Error asset_not_found() { return Error::not_found("asset.not_found", "El bien no existe"); }

bool reads_all(const auth::Actor& a) { return a.can(Permission::kAssetsReadAll); }

bool holds(storage::Tx& tx, const auth::Actor& a, int64_t asset_id) {
  if (!a.person_id) return false;
  return tx
      .query_one("SELECT 1 FROM assets WHERE id = $1 AND (custodian_person_id = $2 OR EXISTS (SELECT 1 FROM asset_loans l "
                 "WHERE l.asset_id = assets.id AND l.returned_at IS NULL AND l.person_id = $2))",
                 {asset_id, *a.person_id})
      .has_value();
}

Status need(const auth::Actor& a, Permission p) {
  if (!a.can(p)) return Error::forbidden();
  if (a.via_token && !a.token_can_write && p != Permission::kAssetsReadAll && p != Permission::kAssetsReadOwn)
    return Error::forbidden("token.read_only", "El token de acceso es de solo lectura");
  return Ok();
}

std::string actor_name(const auth::Actor& a) { return a.display_name.empty() ? a.username : a.display_name; }

void add_event(storage::Tx& tx, int64_t asset_id, const auth::Actor& actor, const std::string& kind,
               const std::string& summary, const json& changes, std::optional<int64_t> document_id,
               const std::string& now) {
  tx.execute("INSERT INTO asset_events (asset_id, kind, summary, changes, author_id, author_name, document_id, created_at) "
             "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
             {asset_id, kind, summary, changes.is_null() || changes.empty() ? storage::Param(nullptr) : storage::Param(changes.dump()),
              actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr), actor_name(actor),
              storage::opt(document_id), now});
}

std::string search_key(storage::Tx& tx, int64_t asset_id) {
  auto r = tx.query_one("SELECT a.inventory_number, a.serial, a.brand, a.model, COALESCE(p.full_name, '') FROM assets a "
                        "LEFT JOIN people p ON p.id = a.custodian_person_id WHERE a.id = $1",
                        {asset_id});
  if (!r) return "";
  return fold_for_search(r->str(0) + " " + r->str(1) + " " + r->str(2) + " " + r->str(3) + " " + r->str(4));
}

void refresh_search_key(storage::Tx& tx, int64_t asset_id) {
  tx.execute("UPDATE assets SET search_key = $1 WHERE id = $2", {search_key(tx, asset_id), asset_id});
}

std::string next_folio(storage::Tx& tx, const std::string& series, int year) {
  int64_t n = tx.query_one("INSERT INTO asset_folios (series, year, last) VALUES ($1, $2, 1) "
                           "ON CONFLICT (series, year) DO UPDATE SET last = asset_folios.last + 1 RETURNING last",
                           {series, static_cast<int64_t>(year)})
                  ->i64(0);
  return folio(series, year, n);
}

json load_settings(storage::Tx& tx, const AssetsConfig& config) {
  json s = {{"inventory_pattern", "^[A-Z0-9][A-Z0-9-]{2,39}$"},
            {"label_base_url", config.public_url},
            {"folio_prefix", "RES"}};
  for (auto& r : tx.query("SELECT key, value FROM asset_settings")) {
    json v = json::parse(r.str(1), nullptr, false);
    if (!v.is_discarded() && s.contains(r.str(0))) s[r.str(0)] = v;
  }
  return s;
}

std::optional<PersonInfo> load_person(storage::Tx& tx, int64_t id) {
  auto r = tx.query_one("SELECT p.id, p.full_name, COALESCE(pos.title, p.job_title), a.name, p.area_id, p.email, p.active "
                        "FROM people p JOIN areas a ON a.id = p.area_id LEFT JOIN positions pos ON pos.id = p.position_id "
                        "WHERE p.id = $1",
                        {id});
  if (!r) return std::nullopt;
  PersonInfo p{r->i64(0), r->str(1), r->str(2), r->str(3), r->opt_i64(4), r->opt_str(5), r->boolean(6), {}};
  // The area's head: the holder of the area's top position (no superior inside the area).
  auto head = tx.query_one(
      "SELECT pe.full_name, pos.title FROM positions pos JOIN people pe ON pe.position_id = pos.id AND pe.active = 1 "
      "WHERE pos.area_id = $1 AND (pos.superior_position_id IS NULL OR pos.superior_position_id NOT IN "
      "(SELECT id FROM positions WHERE area_id = $1)) ORDER BY pos.id, pe.id LIMIT 1",
      {*p.area_id});
  if (head) p.area_head = {head->str(0), head->str(1)};
  return p;
}

Signer signer_for(storage::Tx& tx, const auth::Actor& actor) {
  if (actor.person_id)
    if (auto p = load_person(tx, *actor.person_id)) return {p->name, p->position};
  return {actor_name(actor), "Dirección de Sistemas de Información"};
}

std::string local_iso_date(Timestamp t) { return format_date(mexico_city().to_local(t).date); }
std::string local_date(Timestamp t) { return spanish_long_date(local_iso_date(t)); }

WrittenDocument write_document(storage::Tx& tx, const AssetsConfig& config, const auth::Actor& actor,
                               const NewDocument& d, const std::string& now) {
  int year = static_cast<int>(mexico_city().to_local(*parse_iso(now)).date.year());
  json settings = load_settings(tx, config);
  std::string series = d.kind == "no_adeudo" ? "NAD" : settings["folio_prefix"].get<std::string>();
  std::string folio_text = next_folio(tx, series, year);
  std::string date = spanish_long_date(local_iso_date(*parse_iso(now)));
  json assets = json::array();
  std::vector<DocAsset> doc_assets;
  for (int64_t id : d.asset_ids) {
    auto r = tx.query_one("SELECT a.id, a.inventory_number, t.name, a.brand, a.model, a.serial, a.condition, a.specs "
                          "FROM assets a JOIN asset_types t ON t.id = a.type_id WHERE a.id = $1",
                          {id});
    if (!r) continue;
    std::string description = r->str(2) + (r->str(7).empty() ? "" : " — " + r->str(7));
    assets.push_back({{"id", r->i64(0)}, {"inventory_number", r->str(1)}, {"description", description},
                      {"brand", r->str(3)}, {"model", r->str(4)}, {"serial", r->str(5)}, {"condition", r->str(6)}});
    doc_assets.push_back({r->str(1), description, r->str(3), r->str(4), r->str(5), condition_label(r->str(6))});
  }
  Signer dsi = signer_for(tx, actor);
  std::string pdf;
  if (d.kind == "no_adeudo") {
    NoAdeudoDoc doc;
    doc.folio = folio_text;
    doc.date = date;
    doc.servant_name = d.person.name;
    doc.servant_position = d.person.position;
    doc.servant_area = d.person.area_name;
    doc.notes = d.notes;
    doc.dsi = dsi;
    pdf = render_no_adeudo_pdf(doc);
  } else {
    ResguardoDoc doc;
    doc.folio = folio_text;
    doc.date = date;
    doc.kind = d.kind;
    if (d.previous_id)
      if (auto prev = tx.query_one("SELECT folio FROM custody_documents WHERE id = $1", {*d.previous_id}))
        doc.previous_folio = prev->str(0);
    doc.servant_name = d.person.name;
    doc.servant_position = d.person.position;
    doc.servant_area = d.person.area_name;
    doc.assets = doc_assets;
    doc.notes = d.notes;
    doc.servant = {d.person.name, d.person.position};
    doc.area_head = d.person.area_head;
    doc.dsi = dsi;
    pdf = render_resguardo_pdf(doc);
  }
  std::string sha = sha256_hex(pdf);
  files::store_blob(config.data_dir + "/documents", sha, pdf);
  int64_t id = tx
      .query_one("INSERT INTO custody_documents (folio, kind, person_id, person_name, position, area_name, previous_id, "
                 "assets, notes, pdf_sha256, pdf_size, created_by, created_by_name, created_at) "
                 "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id",
                 {folio_text, d.kind, d.person.id, d.person.name, d.person.position, d.person.area_name,
                  storage::opt(d.previous_id), assets.dump(), d.notes, sha, static_cast<int64_t>(pdf.size()),
                  actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr), actor_name(actor), now})
      ->i64(0);
  return {id, folio_text};
}

json document_json(storage::Tx& tx, int64_t id, bool with_assets) {
  auto r = tx.query_one("SELECT d.id, d.folio, d.kind, d.person_id, d.person_name, d.position, d.area_name, d.previous_id, "
                        "p.folio, d.assets, d.notes, d.created_by_name, d.created_at FROM custody_documents d "
                        "LEFT JOIN custody_documents p ON p.id = d.previous_id WHERE d.id = $1",
                        {id});
  if (!r) return nullptr;
  json j = {{"id", r->i64(0)},
            {"folio", r->str(1)},
            {"kind", r->str(2)},
            {"person_id", r->i64(3)},
            {"person_name", r->str(4)},
            {"position", r->str(5)},
            {"area_name", r->str(6)},
            {"previous_id", opt_json(r->opt_i64(7))},
            {"previous_folio", opt_json(r->opt_str(8))},
            {"notes", r->str(10)},
            {"created_by_name", r->str(11)},
            {"created_at", r->str(12)},
            {"pdf_url", "/api/v1/assets/custody/documents/" + std::to_string(r->i64(0)) + "/pdf"}};
  json assets = json::parse(r->str(9), nullptr, false);
  j["asset_count"] = assets.is_array() ? assets.size() : 0;
  if (with_assets) j["assets"] = assets.is_array() ? assets : json::array();
  return j;
}

Page page_of(storage::Tx& tx, const std::string& ids_sql, const storage::Params& params, const PageRequest& page,
             const std::function<json(int64_t)>& item) {
  Page p;
  p.request = page;
  std::vector<int64_t> ids;
  p.total = tx.conn().count_and_slice(ids_sql, params, page.offset(), page.per_page, ids);
  for (int64_t id : ids) p.items.push_back(item(id));
  return p;
}

Result<std::vector<storage::Row>> load_assets_for_change(storage::Tx& tx, const std::vector<int64_t>& ids) {
  if (ids.empty() || ids.size() > 500)
    return Error::invalid("custody.assets_invalid", "Indique de 1 a 500 bienes", "asset_ids");
  std::set<int64_t> seen;
  std::vector<storage::Row> rows;
  for (int64_t id : ids) {
    if (!seen.insert(id).second) return Error::invalid("custody.assets_repeated", "Un bien está repetido", "asset_ids");
    auto r = load_asset(tx, id);
    if (!r) return Error::invalid("asset.not_found", "El bien " + std::to_string(id) + " no existe", "asset_ids");
    rows.push_back(std::move(*r));
  }
  return rows;
}

}  // namespace tequio::assets::detail
