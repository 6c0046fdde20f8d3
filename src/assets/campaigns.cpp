// Physical inventory campaigns (levantamiento físico): scans of inventory numbers with the place
// where each asset was found, reconciled against the register of the campaign's areas.
#include <map>
#include <set>

#include "assets/internal.h"
#include "assets/service.h"
#include "core/text.h"
#include "documents/tables.h"

namespace tequio::assets {

using auth::Permission;
using nlohmann::json;
using namespace detail;

namespace {

Error campaign_not_found() { return Error::not_found("campaign.not_found", "El levantamiento no existe"); }

std::string place(const std::string& building, const std::string& floor, const std::string& office) {
  std::string out;
  for (auto* part : {&building, &floor, &office})
    if (!part->empty()) out += (out.empty() ? "" : " / ") + *part;
  return out;
}

struct ReconRow {
  std::string inventory_number;
  std::optional<int64_t> asset_id;
  std::string type_name, area_name, registered, found, result, custodian;
};

struct Campaign {
  json j;
  std::vector<int64_t> area_ids;
};

std::optional<Campaign> load_campaign(storage::Tx& tx, int64_t id) {
  auto r = tx.query_one("SELECT id, name, status, area_ids, notes, opened_at, closed_at FROM inventory_campaigns WHERE id = $1",
                        {id});
  if (!r) return std::nullopt;
  Campaign c;
  json areas = json::array();
  for (auto& a : json::parse(r->str(3), nullptr, false)) {
    int64_t aid = a.get<int64_t>();
    c.area_ids.push_back(aid);
    auto ar = tx.query_one("SELECT name FROM areas WHERE id = $1", {aid});
    areas.push_back({{"id", aid}, {"name", ar ? ar->str(0) : ""}});
  }
  c.j = {{"id", r->i64(0)},   {"name", r->str(1)},      {"status", r->str(2)},
         {"areas", areas},    {"notes", r->str(4)},     {"opened_at", r->str(5)},
         {"closed_at", r->is_null(6) ? json(nullptr) : json(r->str(6))}};
  return c;
}

std::string area_list(const std::vector<int64_t>& ids, storage::Params& params) {
  std::string in;
  for (int64_t id : ids) {
    params.push_back(id);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  return in;
}

// Every asset of the campaign's areas (active ones) and every scan, reconciled.
std::vector<ReconRow> reconcile(storage::Tx& tx, const Campaign& c) {
  std::vector<ReconRow> rows;
  std::map<std::string, size_t> by_number;
  storage::Params params;
  std::string in = area_list(c.area_ids, params);
  for (auto& r : tx.query("SELECT a.id, a.inventory_number, t.name, ar.name, a.building, a.floor, a.office, p.full_name "
                          "FROM assets a JOIN asset_types t ON t.id = a.type_id LEFT JOIN areas ar ON ar.id = a.area_id "
                          "LEFT JOIN people p ON p.id = a.custodian_person_id WHERE a.status <> 'dado_de_baja' AND "
                          "a.area_id IN (" + in + ") ORDER BY a.inventory_number",
                          params)) {
    by_number[r.str(1)] = rows.size();
    rows.push_back({r.str(1), r.i64(0), r.str(2), r.str(3), place(r.str(4), r.str(5), r.str(6)), "", "faltante", r.str(7)});
  }
  int64_t cid = c.j["id"].get<int64_t>();
  for (auto& s : tx.query("SELECT s.inventory_number, s.asset_id, s.building, s.floor, s.office, t.name, ar.name, "
                          "a.building, a.floor, a.office, p.full_name FROM inventory_scans s "
                          "LEFT JOIN assets a ON a.id = s.asset_id LEFT JOIN asset_types t ON t.id = a.type_id "
                          "LEFT JOIN areas ar ON ar.id = a.area_id LEFT JOIN people p ON p.id = a.custodian_person_id "
                          "WHERE s.campaign_id = $1 ORDER BY s.inventory_number",
                          {cid})) {
    std::string found = place(s.str(2), s.str(3), s.str(4));
    auto it = by_number.find(s.str(0));
    if (it == by_number.end()) {
      // Not registered, or registered in another area: unknown to this campaign.
      std::string registered = s.is_null(1) ? "" : place(s.str(7), s.str(8), s.str(9));
      rows.push_back({s.str(0), s.opt_i64(1), s.str(5), s.str(6), registered, found, "desconocido", s.str(10)});
      continue;
    }
    ReconRow& row = rows[it->second];
    row.found = found;
    bool same = found.empty() || fold_for_search(found) == fold_for_search(row.registered);
    row.result = same ? "encontrado" : "otra_ubicacion";
  }
  return rows;
}

json counts_of(const std::vector<ReconRow>& rows, int64_t scanned) {
  json counts = {{"expected", 0}, {"encontrado", 0}, {"otra_ubicacion", 0}, {"faltante", 0}, {"desconocido", 0},
                 {"scanned", scanned}};
  for (auto& r : rows) {
    counts[r.result] = counts[r.result].get<int64_t>() + 1;
    if (r.result != "desconocido") counts["expected"] = counts["expected"].get<int64_t>() + 1;
  }
  return counts;
}

// The campaign's JSON with its reconciliation counts.
json with_counts(storage::Tx& tx, Campaign c) {
  int64_t id = c.j["id"].get<int64_t>();
  int64_t scanned = tx.query_one("SELECT COUNT(*) FROM inventory_scans WHERE campaign_id = $1", {id})->i64(0);
  c.j["counts"] = counts_of(reconcile(tx, c), scanned);
  return c.j;
}

std::string result_label(const std::string& r) {
  if (r == "encontrado") return "Encontrado";
  if (r == "otra_ubicacion") return "En otra ubicación";
  if (r == "faltante") return "Faltante";
  return "Desconocido";
}

}  // namespace

Result<Page> AssetsService::list_campaigns(const auth::Actor& actor, const std::optional<std::string>& status,
                                           const PageRequest& page) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  if (status && *status != "abierta" && *status != "cerrada")
    return Error::invalid("campaign.status_invalid", "Estado: abierta o cerrada", "status");
  Where w;
  if (status) w.compare("status", *status);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  return page_of(tx, "SELECT id FROM inventory_campaigns" + w.sql + " ORDER BY id DESC", w.params, page,
                 [&](int64_t id) { return with_counts(tx, *load_campaign(tx, id)); });
}

Result<json> AssetsService::create_campaign(const auth::Actor& actor, const std::string& name,
                                            const std::vector<int64_t>& area_ids, const std::string& notes) {
  if (auto st = need(actor, Permission::kAssetsManage); !st) return st.error();
  std::vector<FieldError> errors;
  if (trim(name).empty()) errors.push_back({"name", "required", "El nombre es obligatorio"});
  if (area_ids.empty() || area_ids.size() > 200)
    errors.push_back({"area_ids", "campaign.areas_invalid", "Elija de 1 a 200 áreas"});
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  std::set<int64_t> unique(area_ids.begin(), area_ids.end());
  for (int64_t id : unique)
    if (!tx.query_one("SELECT 1 FROM areas WHERE id = $1", {id})) {
      errors.push_back({"area_ids", "campaign.area_not_found", "El área " + std::to_string(id) + " no existe"});
      break;
    }
  if (!errors.empty()) return Error::invalid_fields(errors);
  std::string now = to_iso(this->now());
  json ids(std::vector<int64_t>(unique.begin(), unique.end()));
  int64_t id = tx.query_one("INSERT INTO inventory_campaigns (name, status, area_ids, notes, opened_by, opened_at) "
                            "VALUES ($1, 'abierta', $2, $3, $4, $5) RETURNING id",
                            {trim(name), ids.dump(), trim(notes),
                             actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr), now})
                   ->i64(0);
  auto c = load_campaign(tx, id);
  c->j["counts"] = counts_of(reconcile(tx, *c), 0);
  audit_.record(tx, actor, {"create", "inventory_campaign", std::to_string(id), audit::AuditService::created(c->j)});
  tx.commit();
  return c->j;
}

Result<json> AssetsService::get_campaign(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  auto c = load_campaign(tx, id);
  if (!c) return campaign_not_found();
  return with_counts(tx, *c);
}

Result<json> AssetsService::scan(const auth::Actor& actor, int64_t campaign_id, const std::string& number_in,
                                 const std::string& building, const std::string& floor, const std::string& office,
                                 const std::string& note) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  std::string number = trim(number_in);
  if (number.empty() || number.size() > 60 || !valid_utf8(number))
    return Error::invalid("scan.number_invalid", "Escriba o escanee un número de inventario (máx. 60)", "inventory_number");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto c = load_campaign(tx, campaign_id);
  if (!c) return campaign_not_found();
  if (c->j["status"] != "abierta") return Error::conflict("campaign.closed", "El levantamiento está cerrado");
  auto asset = tx.query_one("SELECT id, area_id, building, floor, office FROM assets WHERE inventory_number = $1", {number});
  std::string now = to_iso(this->now());
  std::optional<int64_t> asset_id = asset ? std::optional<int64_t>(asset->i64(0)) : std::nullopt;
  tx.execute("INSERT INTO inventory_scans (campaign_id, inventory_number, asset_id, building, floor, office, note, "
             "scanned_by, scanned_by_name, scanned_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
             "ON CONFLICT (campaign_id, inventory_number) DO UPDATE SET building = excluded.building, "
             "floor = excluded.floor, office = excluded.office, note = excluded.note, scanned_by = excluded.scanned_by, "
             "scanned_by_name = excluded.scanned_by_name, scanned_at = excluded.scanned_at",
             {campaign_id, number, storage::opt(asset_id), trim(building), trim(floor), trim(office), trim(note),
              actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr), actor_name(actor), now});
  auto s = tx.query_one("SELECT id FROM inventory_scans WHERE campaign_id = $1 AND inventory_number = $2",
                        {campaign_id, number});
  // Where this scan stands in the reconciliation.
  std::string result = "desconocido";
  std::string type_name;
  if (asset) {
    bool in_areas = asset->opt_i64(1) &&
                    std::find(c->area_ids.begin(), c->area_ids.end(), *asset->opt_i64(1)) != c->area_ids.end();
    std::string found = place(trim(building), trim(floor), trim(office));
    std::string registered = place(asset->str(2), asset->str(3), asset->str(4));
    if (in_areas) result = found.empty() || fold_for_search(found) == fold_for_search(registered) ? "encontrado" : "otra_ubicacion";
    add_event(tx, *asset_id, actor, "scan",
              "Verificado en el levantamiento «" + c->j["name"].get<std::string>() + "»" + (found.empty() ? "" : " en " + found),
              nullptr, std::nullopt, now);
  }
  json out = {{"id", s->i64(0)},          {"inventory_number", number}, {"asset_id", asset_id ? json(*asset_id) : json(nullptr)},
              {"result", result},         {"building", trim(building)}, {"floor", trim(floor)},
              {"office", trim(office)},   {"note", trim(note)},         {"scanned_by_name", actor_name(actor)},
              {"scanned_at", now}};
  tx.commit();
  return out;
}

Result<Page> AssetsService::list_scans(const auth::Actor& actor, int64_t campaign_id, const PageRequest& page) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  if (!load_campaign(tx, campaign_id)) return campaign_not_found();
  Page p;
  p.request = page;
  p.total = tx.query_one("SELECT COUNT(*) FROM inventory_scans WHERE campaign_id = $1", {campaign_id})->i64(0);
  for (auto& r : tx.query("SELECT id, inventory_number, asset_id, building, floor, office, note, scanned_by_name, scanned_at "
                          "FROM inventory_scans WHERE campaign_id = $1 ORDER BY scanned_at DESC, id DESC LIMIT $2 OFFSET $3",
                          {campaign_id, page.per_page, page.offset()}))
    p.items.push_back({{"id", r.i64(0)},        {"inventory_number", r.str(1)},
                       {"asset_id", r.is_null(2) ? json(nullptr) : json(r.i64(2))},
                       {"building", r.str(3)},  {"floor", r.str(4)}, {"office", r.str(5)}, {"note", r.str(6)},
                       {"scanned_by_name", r.str(7)}, {"scanned_at", r.str(8)}});
  return p;
}

Result<json> AssetsService::campaign_report(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  auto c = load_campaign(tx, id);
  if (!c) return campaign_not_found();
  auto rows = reconcile(tx, *c);
  int64_t scanned = tx.query_one("SELECT COUNT(*) FROM inventory_scans WHERE campaign_id = $1", {id})->i64(0);
  c->j["counts"] = counts_of(rows, scanned);
  json out = json::array();
  for (auto& r : rows)
    out.push_back({{"inventory_number", r.inventory_number},
                   {"asset_id", r.asset_id ? json(*r.asset_id) : json(nullptr)},
                   {"type_name", r.type_name},
                   {"area_name", r.area_name},
                   {"registered_location", r.registered},
                   {"found_location", r.found},
                   {"result", r.result},
                   {"custodian_name", r.custodian}});
  return json{{"campaign", c->j}, {"rows", out}};
}

Result<File> AssetsService::campaign_report_file(const auth::Actor& actor, int64_t id, const std::string& format) {
  if (format != "pdf" && format != "xlsx")
    return Error::invalid("export.format_invalid", "Formato: json, pdf o xlsx", "format");
  auto report = campaign_report(actor, id);
  if (!report) return report.error();
  const json& c = (*report)["campaign"];
  std::vector<std::vector<std::string>> rows;
  for (auto& r : (*report)["rows"])
    rows.push_back({r["inventory_number"], r["type_name"], r["area_name"], r["custodian_name"], r["registered_location"],
                    r["found_location"], result_label(r["result"])});
  std::vector<std::string> headers = {"No. de inventario", "Tipo", "Área", "Resguardante", "Ubicación registrada",
                                      "Ubicación encontrada", "Resultado"};
  std::string base = "levantamiento-" + std::to_string(id);
  if (format == "xlsx") {
    std::vector<documents::SheetColumn> columns;
    for (auto& h : headers) columns.push_back({h, h == "Resultado" ? 18.0 : 26.0});
    return File{base + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                documents::to_xlsx(columns, rows, "Levantamiento")};
  }
  TableReport t;
  t.title = "Levantamiento físico: " + c["name"].get<std::string>();
  std::string areas;
  for (auto& a : c["areas"]) areas += (areas.empty() ? "" : ", ") + a["name"].get<std::string>();
  t.subtitle = "Áreas: " + areas;
  t.footer = "Levantamiento " + std::to_string(id) + " — " + (c["status"] == "cerrada" ? "cerrado" : "abierto");
  const json& n = c["counts"];
  t.summary = {{"Bienes esperados", std::to_string(n["expected"].get<int64_t>())},
               {"Encontrados", std::to_string(n["encontrado"].get<int64_t>())},
               {"En otra ubicación", std::to_string(n["otra_ubicacion"].get<int64_t>())},
               {"Faltantes", std::to_string(n["faltante"].get<int64_t>())},
               {"Desconocidos", std::to_string(n["desconocido"].get<int64_t>())},
               {"Fecha de emisión", local_date(now())}};
  t.headers = headers;
  t.widths = {1.3, 1.2, 1.6, 1.6, 1.6, 1.6, 1.1};
  t.rows = rows;
  return File{base + ".pdf", "application/pdf", render_table_pdf(t)};
}

Result<json> AssetsService::close_campaign(const auth::Actor& actor, int64_t id) {
  if (auto st = need(actor, Permission::kAssetsManage); !st) return st.error();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto c = load_campaign(tx, id);
  if (!c) return campaign_not_found();
  if (c->j["status"] != "abierta") return Error::conflict("campaign.closed", "El levantamiento ya está cerrado");
  std::string now = to_iso(this->now());
  tx.execute("UPDATE inventory_campaigns SET status = 'cerrada', closed_at = $1 WHERE id = $2", {now, id});
  json after = with_counts(tx, *load_campaign(tx, id));
  audit_.record(tx, actor, {"update", "inventory_campaign", std::to_string(id),
                            {{"status", {{"from", "abierta"}, {"to", "cerrada"}}}, {"counts", after["counts"]}}});
  tx.commit();
  return after;
}

}  // namespace tequio::assets
