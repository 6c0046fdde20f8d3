// The asset register: types and their custom fields, settings, assets (create, edit, read,
// lists with filters, export), the timeline, manual status moves and attachments.
#include <regex>

#include "assets/internal.h"
#include "assets/service.h"
#include "core/calendar.h"
#include "core/text.h"
#include "documents/tables.h"
#include "files/uploads.h"

namespace tequio::assets {

using auth::Permission;
using nlohmann::json;
using namespace detail;

AssetsService::AssetsService(storage::Pool& pool, audit::AuditService& audit, AssetsConfig config)
    : pool_(pool), audit_(audit), config_(std::move(config)) {}

std::string AssetsService::label_base_url(storage::Tx& tx) {
  return load_settings(tx, config_)["label_base_url"].get<std::string>();
}

// ---- types ---------------------------------------------------------------------------------------

namespace {

json type_json(const storage::Row& r) {
  return {{"id", r.i64(0)},          {"code", r.str(1)},     {"name", r.str(2)},
          {"fields", json::parse(r.str(3), nullptr, false)}, {"active", r.boolean(4)},
          {"asset_count", r.i64(5)}};
}

constexpr const char* kTypeSelect =
    "SELECT t.id, t.code, t.name, t.fields, t.active, (SELECT COUNT(*) FROM assets a WHERE a.type_id = t.id) "
    "FROM asset_types t";

void validate_type(const TypeInput& in, bool create, std::vector<FieldError>& errors) {
  if (create && !in.code) errors.push_back({"code", "required", "La clave es obligatoria"});
  if (create && !in.name) errors.push_back({"name", "required", "El nombre es obligatorio"});
  if (in.code) {
    static const std::regex kCode("^[A-Z][A-Z0-9_-]{0,19}$");
    if (!std::regex_match(*in.code, kCode))
      errors.push_back({"code", "asset_type.code_invalid", "La clave usa mayúsculas, dígitos, - y _ (máx. 20)"});
  }
  if (in.fields) {
    auto specs = parse_type_fields(*in.fields);
    if (!specs)
      for (auto& f : specs.error().fields) errors.push_back(f);
  }
}

std::optional<std::vector<helpdesk::FieldSpec>> type_specs(storage::Tx& tx, int64_t type_id, bool* active = nullptr) {
  auto r = tx.query_one("SELECT fields, active FROM asset_types WHERE id = $1", {type_id});
  if (!r) return std::nullopt;
  if (active) *active = r->boolean(1);
  auto specs = helpdesk::parse_field_specs(json::parse(r->str(0), nullptr, false));
  return specs ? *specs : std::vector<helpdesk::FieldSpec>{};
}

}  // namespace

Result<json> AssetsService::list_types(const auth::Actor& actor) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  json items = json::array();
  for (auto& r : tx.query(std::string(kTypeSelect) + " ORDER BY t.name")) items.push_back(type_json(r));
  return json{{"items", items}};
}

Result<json> AssetsService::create_type(const auth::Actor& actor, const TypeInput& in) {
  if (auto st = need(actor, Permission::kAssetsManage); !st) return st.error();
  std::vector<FieldError> errors;
  validate_type(in, true, errors);
  if (!errors.empty()) return Error::invalid_fields(errors);
  std::string fields = in.fields ? helpdesk::field_specs_json(*parse_type_fields(*in.fields)).dump() : "[]";
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  std::string now = to_iso(this->now());
  int64_t id;
  try {
    id = tx.query_one("INSERT INTO asset_types (code, name, fields, active, created_at, updated_at) "
                      "VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
                      {*in.code, *in.name, fields, in.active.value_or(true), now})
             ->i64(0);
  } catch (const storage::DbError& e) {
    if (e.unique_violation())
      return Error::conflict("asset_type.taken", "Ya existe un tipo con esa clave o ese nombre", "code");
    throw;
  }
  json after = type_json(*tx.query_one(std::string(kTypeSelect) + " WHERE t.id = $1", {id}));
  audit_.record(tx, actor, {"create", "asset_type", std::to_string(id), audit::AuditService::created(after)});
  tx.commit();
  return after;
}

Result<json> AssetsService::update_type(const auth::Actor& actor, int64_t id, const TypeInput& in) {
  if (auto st = need(actor, Permission::kAssetsManage); !st) return st.error();
  std::vector<FieldError> errors;
  validate_type(in, false, errors);
  if (!errors.empty()) return Error::invalid_fields(errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = tx.query_one(std::string(kTypeSelect) + " WHERE t.id = $1", {id});
  if (!row) return Error::not_found("asset_type.not_found", "El tipo de bien no existe");
  json before = type_json(*row);
  storage::UpdateBuilder u("asset_types");
  u.set("updated_at", to_iso(now()));
  if (in.code) u.set("code", *in.code);
  if (in.name) u.set("name", *in.name);
  if (in.fields) u.set("fields", helpdesk::field_specs_json(*parse_type_fields(*in.fields)).dump());
  if (in.active) u.set("active", *in.active);
  try {
    u.execute_by_id(tx, id);
  } catch (const storage::DbError& e) {
    if (e.unique_violation())
      return Error::conflict("asset_type.taken", "Ya existe un tipo con esa clave o ese nombre", "code");
    throw;
  }
  json after = type_json(*tx.query_one(std::string(kTypeSelect) + " WHERE t.id = $1", {id}));
  audit_.record(tx, actor, {"update", "asset_type", std::to_string(id), audit::AuditService::diff(before, after)});
  tx.commit();
  return after;
}

// ---- settings ------------------------------------------------------------------------------------

Result<json> AssetsService::get_settings(const auth::Actor& actor) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  return load_settings(tx, config_);
}

Result<json> AssetsService::update_settings(const auth::Actor& actor, const json& patch) {
  if (auto st = need(actor, Permission::kAssetsManage); !st) return st.error();
  std::vector<FieldError> errors;
  for (auto& [k, v] : patch.items()) {
    if (k == "inventory_pattern") {
      bool ok = v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().size() <= 200;
      if (ok) {
        try {
          std::regex re(v.get<std::string>());
        } catch (const std::regex_error&) {
          ok = false;
        }
      }
      if (!ok) errors.push_back({k, "asset_settings.pattern_invalid", "La expresión regular no es válida (máx. 200)"});
    } else if (k == "label_base_url") {
      std::string s = v.is_string() ? v.get<std::string>() : "";
      bool ok = (s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0) && s.size() <= 200 &&
                s.find_first_of(" \"<>") == std::string::npos && s.back() != '/';
      if (!ok)
        errors.push_back({k, "asset_settings.url_invalid", "Use una dirección http:// o https:// sin / al final (máx. 200)"});
    } else if (k == "folio_prefix") {
      static const std::regex kPrefix("^[A-Z]{2,6}$");
      if (!v.is_string() || !std::regex_match(v.get<std::string>(), kPrefix))
        errors.push_back({k, "asset_settings.prefix_invalid", "El prefijo usa de 2 a 6 letras mayúsculas"});
    } else {
      errors.push_back({k, "unknown_field", "Campo desconocido"});
    }
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  json before = load_settings(tx, config_);
  std::string now = to_iso(this->now());
  for (auto& [k, v] : patch.items())
    tx.execute("INSERT INTO asset_settings (key, value, updated_at) VALUES ($1, $2, $3) "
               "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
               {k, v.dump(), now});
  json after = load_settings(tx, config_);
  audit_.record(tx, actor, {"update", "asset_settings", "assets", audit::AuditService::diff(before, after)});
  tx.commit();
  return after;
}

// ---- assets --------------------------------------------------------------------------------------

namespace detail {

json known_values(const std::vector<helpdesk::FieldSpec>& specs, const json& values) {
  json out = json::object();
  if (!values.is_object()) return out;
  for (auto& s : specs)
    if (values.contains(s.key)) out[s.key] = values[s.key];
  return out;
}

Result<Checked> check_input(storage::Tx& tx, const json& settings, const AssetInput& in, bool create,
                            std::optional<int64_t> self_id, int64_t current_type_id, const json& current_fields) {
  std::vector<FieldError> errors;
  Checked c;
  if (create && !in.inventory_number)
    errors.push_back({"inventory_number", "required", "El número de inventario es obligatorio"});
  if (in.inventory_number) {
    std::regex re(settings["inventory_pattern"].get<std::string>());
    if (!std::regex_search(*in.inventory_number, re))
      errors.push_back({"inventory_number", "asset.inventory_number_format",
                        "El número de inventario no tiene el formato configurado (" +
                            settings["inventory_pattern"].get<std::string>() + ")"});
  }
  if (create && !in.type_id) errors.push_back({"type_id", "required", "El tipo de bien es obligatorio"});
  int64_t type_id = in.type_id.value_or(current_type_id);
  std::vector<helpdesk::FieldSpec> specs;
  if (in.type_id) {
    bool active = true;
    auto s = type_specs(tx, *in.type_id, &active);
    if (!s) errors.push_back({"type_id", "asset.type_not_found", "El tipo de bien no existe"});
    else if (!active && *in.type_id != current_type_id)
      errors.push_back({"type_id", "asset.type_inactive", "El tipo de bien está desactivado"});
    else specs = *s;
  } else if (type_id > 0) {
    specs = type_specs(tx, type_id).value_or(std::vector<helpdesk::FieldSpec>{});
  }
  if (in.area_id && *in.area_id && !tx.query_one("SELECT 1 FROM areas WHERE id = $1", {**in.area_id}))
    errors.push_back({"area_id", "asset.area_not_found", "El área no existe"});
  if (in.parent_id && *in.parent_id) {
    if (self_id && **in.parent_id == *self_id)
      errors.push_back({"parent_id", "asset.parent_self", "Un bien no puede depender de sí mismo"});
    else if (!tx.query_one("SELECT 1 FROM assets WHERE id = $1", {**in.parent_id}))
      errors.push_back({"parent_id", "asset.parent_not_found", "El bien principal no existe"});
    else if (self_id && tx.query_one("SELECT 1 FROM assets WHERE id = $1 AND parent_id = $2", {**in.parent_id, *self_id}))
      errors.push_back({"parent_id", "asset.parent_cycle", "El bien principal ya depende de este bien"});
  }
  if (in.condition && !valid_condition(*in.condition))
    errors.push_back({"condition", "asset.condition_invalid", "El estado físico debe ser bueno, regular o malo"});
  for (auto [name, value, target] :
       {std::tuple{"acquired_on", &in.acquired_on, &c.acquired_on}, std::tuple{"warranty_end", &in.warranty_end, &c.warranty_end}}) {
    if (!*value) continue;
    if (!**value) {
      *target = std::optional<std::string>();
      continue;
    }
    auto d = parse_date(***value);
    if (!d) errors.push_back({name, "date_invalid", "Use el formato AAAA-MM-DD"});
    else *target = std::optional<std::string>(format_date(*d));
  }
  if (in.cost) {
    if (in.cost->is_null()) c.cost = std::optional<int64_t>();
    else if (auto m = parse_money(*in.cost)) c.cost = std::optional<int64_t>(*m);
    else errors.push_back({"cost", "asset.cost_invalid", "El costo debe ser una cantidad en pesos, con máximo 2 decimales"});
  }
  // Custom fields: the sent object replaces the stored one; on a type change the stored values
  // are checked against the new type.
  // Stored values of fields the type no longer has stay in the history and leave the asset.
  json values = in.fields ? *in.fields : known_values(specs, current_fields);
  bool stale = !create && !in.fields && values != current_fields;
  if (in.fields || in.type_id || create || stale) {
    auto v = helpdesk::validate_field_values(specs, values.is_object() ? values : json::object());
    if (!v)
      for (auto& f : v.error().fields) errors.push_back(f);
    else c.fields = *v;
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  return c;
}

int64_t insert_asset(storage::Tx& tx, const AssetInput& in, const Checked& c, const std::string& now) {
  return tx
      .query_one(
          "INSERT INTO assets (inventory_number, type_id, serial, brand, model, specs, acquired_on, invoice_number, "
          "supplier, cost_cents, budget_line, funding_source, warranty_end, building, floor, office, area_id, status, "
          "condition, parent_id, fields, notes, search_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
          "$8, $9, $10, $11, $12, $13, $14, $15, $16, $17, 'en_almacen', $18, $19, $20, $21, '', $22, $22) RETURNING id",
          {*in.inventory_number, *in.type_id, in.serial.value_or(""), in.brand.value_or(""), in.model.value_or(""),
           in.specs.value_or(""), c.acquired_on ? storage::opt(*c.acquired_on) : storage::Param(nullptr),
           in.invoice_number.value_or(""), in.supplier.value_or(""),
           c.cost ? storage::opt(*c.cost) : storage::Param(nullptr), in.budget_line.value_or(""),
           in.funding_source.value_or(""), c.warranty_end ? storage::opt(*c.warranty_end) : storage::Param(nullptr),
           in.building.value_or(""), in.floor.value_or(""), in.office.value_or(""),
           in.area_id ? storage::opt(*in.area_id) : storage::Param(nullptr), in.condition.value_or("bueno"),
           in.parent_id ? storage::opt(*in.parent_id) : storage::Param(nullptr), c.fields ? c.fields->dump() : "{}",
           in.notes.value_or(""), now})
      ->i64(0);
}

void update_asset_row(storage::Tx& tx, int64_t id, const AssetInput& in, const Checked& c, const std::string& now) {
  storage::UpdateBuilder u("assets");
  u.set("updated_at", now);
  auto text = [&](const char* col, const std::optional<std::string>& v) {
    if (v) u.set(col, *v);
  };
  text("inventory_number", in.inventory_number);
  text("serial", in.serial);
  text("brand", in.brand);
  text("model", in.model);
  text("specs", in.specs);
  text("invoice_number", in.invoice_number);
  text("supplier", in.supplier);
  text("budget_line", in.budget_line);
  text("funding_source", in.funding_source);
  text("building", in.building);
  text("floor", in.floor);
  text("office", in.office);
  text("condition", in.condition);
  text("notes", in.notes);
  if (in.type_id) u.set("type_id", *in.type_id);
  if (c.acquired_on) u.set("acquired_on", storage::opt(*c.acquired_on));
  if (c.warranty_end) u.set("warranty_end", storage::opt(*c.warranty_end));
  if (c.cost) u.set("cost_cents", storage::opt(*c.cost));
  if (in.area_id) u.set("area_id", storage::opt(*in.area_id));
  if (in.parent_id) u.set("parent_id", storage::opt(*in.parent_id));
  if (c.fields) u.set("fields", c.fields->dump());
  u.execute_by_id(tx, id);
}

}  // namespace detail

namespace {

constexpr int64_t kCountCap = 2000;

Error number_taken() {
  return Error::conflict("asset.inventory_number_taken", "Ya existe un bien con ese número de inventario",
                         "inventory_number");
}

std::string page_json_items(std::vector<json>& items) {
  json a = json::array();
  for (auto& i : items) a.push_back(std::move(i));
  return a.dump();
}

}  // namespace

Result<json> AssetsService::get_asset(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  auto r = load_asset(tx, id);
  if (!r || (!reads_all(actor) && !holds(tx, actor, id))) return asset_not_found();
  json j = asset_record(*r);
  j["parent"] = nullptr;
  if (auto p = r->opt_i64(25))
    if (auto pr = tx.query_one("SELECT a.id, a.inventory_number, t.name FROM assets a JOIN asset_types t ON t.id = a.type_id "
                               "WHERE a.id = $1",
                               {*p}))
      j["parent"] = {{"id", pr->i64(0)}, {"inventory_number", pr->str(1)}, {"type_name", pr->str(2)}};
  json children = json::array();
  for (auto& c : tx.query("SELECT a.id, a.inventory_number, t.name, a.status FROM assets a JOIN asset_types t ON "
                          "t.id = a.type_id WHERE a.parent_id = $1 ORDER BY a.inventory_number LIMIT 100",
                          {id}))
    children.push_back({{"id", c.i64(0)}, {"inventory_number", c.str(1)}, {"type_name", c.str(2)}, {"status", c.str(3)}});
  j["children"] = children;
  j["url"] = label_base_url(tx) + "/activos/" + std::to_string(id);
  j["custody"] = nullptr;
  if (auto c = tx.query_one("SELECT c.id, c.document_id, d.folio, c.started_at FROM custodies c JOIN custody_documents d ON "
                            "d.id = c.document_id WHERE c.asset_id = $1 AND c.ended_at IS NULL",
                            {id}))
    j["custody"] = {{"id", c->i64(0)}, {"document_id", c->i64(1)}, {"folio", c->str(2)}, {"since", c->str(3)}};
  j["loan"] = nullptr;
  if (auto l = tx.query_one("SELECT l.id, l.person_id, p.full_name, l.lent_at, l.due_on, l.notes FROM asset_loans l "
                            "JOIN people p ON p.id = l.person_id WHERE l.asset_id = $1 AND l.returned_at IS NULL",
                            {id})) {
    bool overdue = l->str(4) < local_iso_date(now());
    j["loan"] = {{"id", l->i64(0)},          {"asset_id", id},           {"inventory_number", r->str(1)},
                 {"person_id", l->i64(1)},   {"person_name", l->str(2)}, {"lent_at", l->str(3)},
                 {"due_on", l->str(4)},      {"returned_at", nullptr},   {"state", overdue ? "vencido" : "activo"},
                 {"notes", l->str(5)}};
  }
  j["disposal_id"] = nullptr;
  if (auto d = tx.query_one("SELECT d.id FROM asset_disposal_items i JOIN asset_disposals d ON d.id = i.disposal_id "
                            "WHERE i.asset_id = $1 ORDER BY d.id DESC LIMIT 1",
                            {id}))
    j["disposal_id"] = d->i64(0);
  json attachments = json::array();
  if (reads_all(actor))
    for (auto& a : tx.query("SELECT id, filename, size, media_type, created_at FROM asset_attachments WHERE asset_id = $1 "
                            "ORDER BY id",
                            {id}))
      attachments.push_back({{"id", a.i64(0)}, {"filename", a.str(1)}, {"size", a.i64(2)}, {"media_type", a.str(3)},
                             {"created_at", a.str(4)}});
  j["attachments"] = attachments;
  bool write = actor.can(Permission::kAssetsWrite);
  std::string status = r->str(7);
  bool final = status == "dado_de_baja" || status == "baja_en_tramite";
  j["can"] = {{"write", write && status != "dado_de_baja"},
              {"custody", write && !final},
              {"loan", write && status == "en_almacen"},
              {"dispose", write && (status == "en_almacen" || status == "en_reparacion")}};
  return j;
}

Result<json> AssetsService::lookup(const auth::Actor& actor, const std::string& number) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  std::optional<int64_t> id;
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kRead);
    if (auto r = tx.query_one("SELECT id FROM assets WHERE inventory_number = $1", {trim(number)})) id = r->i64(0);
  }
  if (!id) return asset_not_found();
  return get_asset(actor, *id);
}

Result<json> AssetsService::create_asset(const auth::Actor& actor, const AssetInput& in) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  int64_t id;
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
    json settings = load_settings(tx, config_);
    auto c = check_input(tx, settings, in, true, std::nullopt, 0, json::object());
    if (!c) return c.error();
    std::string now = to_iso(this->now());
    try {
      id = insert_asset(tx, in, *c, now);
    } catch (const storage::DbError& e) {
      if (e.unique_violation()) return number_taken();
      throw;
    }
    refresh_search_key(tx, id);
    json after = asset_record(*load_asset(tx, id));
    add_event(tx, id, actor, "created", "Alta del bien " + *in.inventory_number, nullptr, std::nullopt, now);
    audit_.record(tx, actor, {"create", "asset", std::to_string(id), audit::AuditService::created(after)});
    tx.commit();
  }
  return get_asset(actor, id);
}

Result<json> AssetsService::update_asset(const auth::Actor& actor, int64_t id, const AssetInput& in) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
    auto row = load_asset(tx, id);
    if (!row) return asset_not_found();
    if (row->str(7) == "dado_de_baja")
      return Error::conflict("asset.disposed", "El bien está dado de baja; solo se conserva su historial");
    json before = asset_record(*row);
    json settings = load_settings(tx, config_);
    auto c = check_input(tx, settings, in, false, id, row->i64(2), before["fields"]);
    if (!c) return c.error();
    std::string now = to_iso(this->now());
    try {
      update_asset_row(tx, id, in, *c, now);
    } catch (const storage::DbError& e) {
      if (e.unique_violation()) return number_taken();
      throw;
    }
    refresh_search_key(tx, id);
    json after = asset_record(*load_asset(tx, id));
    json changes = audit::AuditService::diff(before, after);
    changes.erase("updated_at");
    if (!changes.empty()) {
      add_event(tx, id, actor, "updated", "Datos del bien actualizados", changes, std::nullopt, now);
      audit_.record(tx, actor, {"update", "asset", std::to_string(id), changes});
      tx.commit();
    }
  }
  return get_asset(actor, id);
}

Result<Page> AssetsService::list_events(const auth::Actor& actor, int64_t id, const PageRequest& page) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  if (!tx.query_one("SELECT 1 FROM assets WHERE id = $1", {id}) || (!reads_all(actor) && !holds(tx, actor, id)))
    return asset_not_found();
  Page p;
  p.request = page;
  p.total = tx.query_one("SELECT COUNT(*) FROM asset_events WHERE asset_id = $1", {id})->i64(0);
  for (auto& r : tx.query("SELECT id, kind, summary, changes, author_name, document_id, created_at FROM asset_events "
                          "WHERE asset_id = $1 ORDER BY id DESC LIMIT $2 OFFSET $3",
                          {id, page.per_page, page.offset()}))
    p.items.push_back({{"id", r.i64(0)},
                       {"kind", r.str(1)},
                       {"summary", r.str(2)},
                       {"changes", r.is_null(3) ? json(nullptr) : json::parse(r.str(3), nullptr, false)},
                       {"author_name", r.str(4)},
                       {"document_id", r.is_null(5) ? json(nullptr) : json(r.i64(5))},
                       {"created_at", r.str(6)}});
  return p;
}

Result<json> AssetsService::change_status(const auth::Actor& actor, int64_t id, const std::string& status,
                                          const std::string& reason) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  if (!valid_status(status)) return Error::invalid("asset.status_invalid", "Estado no válido", "status");
  if (trim(reason).empty()) return Error::invalid("asset.reason_required", "Indique el motivo del cambio", "reason");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = load_asset(tx, id);
  if (!row) return asset_not_found();
  std::string from = row->str(7);
  if (!manual_move_allowed(from, status, row->opt_i64(14).has_value()))
    return Error::conflict("asset.transition_invalid",
                           "No se puede pasar de «" + status_label(from) + "» a «" + status_label(status) + "» desde aquí");
  std::string now = to_iso(this->now());
  tx.execute("UPDATE assets SET status = $1, updated_at = $2 WHERE id = $3", {status, now, id});
  json changes = {{"status", {{"from", from}, {"to", status}}}, {"reason", trim(reason)}};
  add_event(tx, id, actor, "status", status_label(from) + " → " + status_label(status) + ": " + trim(reason), changes,
            std::nullopt, now);
  audit_.record(tx, actor, {"update", "asset", std::to_string(id), changes});
  tx.commit();
  return get_asset(actor, id);
}

Result<json> AssetsService::add_attachment(const auth::Actor& actor, int64_t id, const std::string& filename,
                                           std::string_view content) {
  if (auto st = need(actor, Permission::kAssetsWrite); !st) return st.error();
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kRead);
    if (!tx.query_one("SELECT 1 FROM assets WHERE id = $1", {id})) return asset_not_found();
  }
  auto type = files::check_upload({config_.data_dir, config_.max_attachment_bytes, config_.attachment_scan_command},
                                  filename, content);
  if (!type) return type.error();
  std::string sha = sha256_hex(content);
  files::store_blob(config_.data_dir + "/attachments", sha, content);  // before the row: a crash leaves an orphan file
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  if (!tx.query_one("SELECT 1 FROM assets WHERE id = $1", {id})) return asset_not_found();
  std::string now = to_iso(this->now());
  int64_t aid = tx.query_one("INSERT INTO asset_attachments (asset_id, filename, media_type, size, sha256, created_by, "
                             "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                             {id, filename, *type, static_cast<int64_t>(content.size()), sha,
                              actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr), now})
                    ->i64(0);
  add_event(tx, id, actor, "attachment", "Archivo adjunto: " + filename, nullptr, std::nullopt, now);
  audit_.record(tx, actor, {"create", "asset_attachment", std::to_string(aid),
                            {{"asset_id", id}, {"filename", filename}, {"size", content.size()}, {"sha256", sha}}});
  tx.commit();
  return json{{"id", aid}, {"filename", filename}, {"size", content.size()}, {"media_type", *type}, {"created_at", now}};
}

Result<File> AssetsService::get_attachment(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  auto r = tx.query_one("SELECT filename, media_type, sha256 FROM asset_attachments WHERE id = $1", {id});
  if (!r) return Error::not_found("attachment.not_found", "El archivo no existe");
  auto content = files::read_blob(config_.data_dir + "/attachments", r->str(2));
  if (!content) return Error::of(ErrorKind::kUnavailable, "attachment.missing", "El archivo no está disponible en el servidor");
  return File{r->str(0), r->str(1), std::move(*content)};
}

// ---- lists and export ----------------------------------------------------------------------------

namespace {


Result<Where> asset_where(const auth::Actor& actor, const AssetFilter& f, const std::string& today) {
  Where w;
  if (!reads_all(actor)) {
    if (!actor.person_id) {
      w.add("1 = 0");
    } else {
      w.params.push_back(*actor.person_id);
      w.add("(a.custodian_person_id = " + w.next() + " OR EXISTS (SELECT 1 FROM asset_loans l WHERE l.asset_id = a.id "
            "AND l.returned_at IS NULL AND l.person_id = " + w.next() + "))");
    }
  }
  if (f.status) {
    if (!valid_status(*f.status)) return Error::invalid("asset.status_invalid", "Estado no válido", "status");
    w.compare("a.status", *f.status);
  } else if (!f.include_disposed) {
    w.add("a.status <> 'dado_de_baja'");
  }
  if (f.type_id) w.compare("a.type_id", *f.type_id);
  if (f.area_id) w.compare("a.area_id", *f.area_id);
  if (f.custodian_id) w.compare("a.custodian_person_id", *f.custodian_id);
  if (f.building) w.compare("a.building", *f.building);
  if (f.warranty) {
    Date d = *parse_date(today);
    std::string soon = format_date(std::chrono::sys_days(d) + std::chrono::days(90));
    if (*f.warranty == "vigente") {
      w.compare("a.warranty_end", today, ">=");
    } else if (*f.warranty == "por_vencer") {
      w.compare("a.warranty_end", today, ">=");
      w.compare("a.warranty_end", soon, "<=");
    } else if (*f.warranty == "vencida") {
      w.compare("a.warranty_end", today, "<");
    } else {
      return Error::invalid("asset.warranty_filter_invalid", "Garantía: vigente, por_vencer o vencida", "warranty");
    }
  }
  if (f.q) {
    w.params.push_back(storage::like_escape(fold_for_search(*f.q)));
    w.add(storage::contains_clause("a.search_key", w.params.size()));
  }
  return w;
}

Result<std::string> asset_order(const std::optional<std::string>& sort) {
  if (!sort || *sort == "inventory_number") return std::string(" ORDER BY a.inventory_number");
  if (*sort == "-inventory_number") return std::string(" ORDER BY a.inventory_number DESC");
  if (*sort == "-updated_at") return std::string(" ORDER BY a.updated_at DESC, a.id DESC");
  if (*sort == "type") return std::string(" ORDER BY a.type_id, a.inventory_number");
  return Error::invalid("asset.sort_invalid", "Orden no válido", "sort");
}

}  // namespace

Result<Page> AssetsService::list_assets(const auth::Actor& actor, const AssetFilter& f, const PageRequest& page) {
  if (!actor.can(Permission::kAssetsReadOwn)) return Error::forbidden();
  auto where = asset_where(actor, f, local_iso_date(now()));
  if (!where) return where.error();
  auto order = asset_order(f.sort);
  if (!order) return order.error();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  std::vector<int64_t> ids;
  Page p;
  p.request = page;
  // Counting stops past kCountCap matches (or just past the page asked for): a filter that
  // matches tens of thousands of assets answers "more than 2,000" without walking them all.
  int64_t cap = std::max<int64_t>(kCountCap, page.offset() + page.per_page);
  p.total = tx.conn().count_and_slice("SELECT a.id FROM assets a" + where->sql + *order + " LIMIT " +
                                          std::to_string(cap + 1),
                                      where->params, page.offset(), page.per_page, ids);
  p.total_capped = p.total > cap;  // total is then cap + 1: a lower bound that still lets the next page be asked for
  if (ids.empty()) return p;
  std::string in;
  storage::Params params;
  for (int64_t id : ids) {
    params.push_back(id);
    in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
  }
  std::vector<json> rows(ids.size());
  for (auto& r : tx.query(std::string(kAssetSelect) + " WHERE a.id IN (" + in + ")", params)) {
    auto pos = std::find(ids.begin(), ids.end(), r.i64(0)) - ids.begin();
    rows[pos] = asset_summary(r);
  }
  p.items_json = page_json_items(rows);
  return p;
}

Result<File> AssetsService::export_assets(const auth::Actor& actor, const AssetFilter& f, const std::string& format) {
  if (!actor.can(Permission::kAssetsReadAll)) return Error::forbidden();
  if (format != "csv" && format != "xlsx") return Error::invalid("export.format_invalid", "Formato: csv o xlsx", "format");
  auto where = asset_where(actor, f, local_iso_date(now()));
  if (!where) return where.error();
  auto order = asset_order(f.sort);
  if (!order) return order.error();
  const std::vector<documents::SheetColumn> columns = {
      {"Número de inventario", 20}, {"Tipo", 22},      {"Marca", 14},         {"Modelo", 22},
      {"Serie", 18},                {"Especificaciones", 40}, {"Estado", 16}, {"Condición", 11},
      {"Área", 36},                 {"Edificio", 22},  {"Piso", 12},          {"Oficina", 22},
      {"Resguardante", 30},         {"Fecha de adquisición", 14}, {"Factura", 14}, {"Proveedor", 30},
      {"Costo (MXN)", 14},          {"Partida", 10},   {"Fuente de financiamiento", 26}, {"Fin de garantía", 14},
      {"Notas", 30}};
  std::vector<std::vector<std::string>> rows;
  {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kRead);
    auto result = tx.query(std::string(kAssetSelect) + where->sql + *order + " LIMIT 250000", where->params);
    for (auto& r : result) {
      auto cost = r.opt_i64(22);
      rows.push_back({r.str(1), r.str(3), r.str(4), r.str(5), r.str(6), r.str(18), status_label(r.str(7)),
                      condition_label(r.str(8)), r.str(10), r.str(11), r.str(12), r.str(13), r.str(15), r.str(19),
                      r.str(20), r.str(21), cost ? money_text(*cost) : "", r.str(23), r.str(24), r.str(16), r.str(27)});
    }
    audit_.record_now(actor, {"export", "asset", "", {{"format", format}, {"rows", result.size()}}});
  }
  std::string date = local_iso_date(now());
  if (format == "csv") return File{"bienes-" + date + ".csv", "text/csv; charset=utf-8", documents::to_csv(columns, rows)};
  return File{"bienes-" + date + ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
              documents::to_xlsx(columns, rows, "Bienes")};
}

}  // namespace tequio::assets
