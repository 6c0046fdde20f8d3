// Import of assets from CSV or XLSX: column mapping, a dry run, a report of rejected rows with
// the reason per row, and idempotent re-import keyed by inventory number (a row that changes
// nothing is "unchanged" and writes nothing). Good rows commit together; bad rows are skipped.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "assets/internal.h"
#include "assets/service.h"
#include "core/csv.h"
#include "core/text.h"
#include "documents/xlsx_read.h"

namespace tequio::assets {

using auth::Permission;
using nlohmann::json;
using namespace detail;

namespace {

constexpr size_t kMaxRows = 20000;

// Asset fields a column may map to, with the Spanish headers recognized without a mapping.
const std::vector<std::pair<std::string, std::vector<std::string>>>& importable() {
  static const std::vector<std::pair<std::string, std::vector<std::string>>> kFields = {
      {"inventory_number", {"numero de inventario", "no. de inventario", "inventario", "numero_inventario"}},
      {"type", {"tipo", "tipo de bien"}},
      {"serial", {"serie", "numero de serie", "no. de serie"}},
      {"brand", {"marca"}},
      {"model", {"modelo"}},
      {"specs", {"especificaciones", "descripcion"}},
      {"acquired_on", {"fecha de adquisicion", "adquisicion"}},
      {"invoice_number", {"factura", "numero de factura"}},
      {"supplier", {"proveedor"}},
      {"cost", {"costo", "costo (mxn)", "importe"}},
      {"budget_line", {"partida", "partida presupuestal"}},
      {"funding_source", {"fuente de financiamiento", "fuente"}},
      {"warranty_end", {"fin de garantia", "garantia"}},
      {"building", {"edificio"}},
      {"floor", {"piso"}},
      {"office", {"oficina"}},
      {"area", {"area"}},
      {"condition", {"condicion", "estado fisico"}},
      {"notes", {"notas", "observaciones"}},
  };
  return kFields;
}

bool known_field(const std::string& f) {
  if (f.rfind("fields.", 0) == 0) return f.size() > 7;
  for (auto& [name, _] : importable())
    if (name == f) return true;
  return false;
}

std::string header_key(const std::string& h) { return trim(fold_for_search(h)); }

std::optional<std::string> auto_field(const std::string& header) {
  std::string k = header_key(header);
  for (auto& [name, labels] : importable()) {
    if (k == name) return name;
    for (auto& l : labels)
      if (k == l) return name;
  }
  if (k.rfind("fields.", 0) == 0) return k;
  return std::nullopt;
}

struct Table {
  std::vector<std::string> headers;
  std::vector<std::pair<size_t, std::vector<std::string>>> rows;  // row number → cells
};

Result<Table> read_table(const ImportRequest& in) {
  Table t;
  if (in.format == "csv") {
    auto recs = parse_csv(in.content, kMaxRows + 1);
    if (!recs) {
      Error e = recs.error();
      if (e.fields.empty()) e.fields.push_back({"file", e.code, e.message});
      return e;
    }
    for (size_t i = 0; i < recs->size(); ++i) {
      auto& r = (*recs)[i];
      bool blank = std::all_of(r.fields.begin(), r.fields.end(), [](const std::string& c) { return trim(c).empty(); });
      if (i == 0) t.headers = r.fields;
      else if (!blank) t.rows.push_back({r.line, r.fields});
    }
  } else if (in.format == "xlsx") {
    auto rows = read_xlsx_first_sheet(in.content, kMaxRows + 1);
    if (!rows) return rows.error();
    for (size_t i = 0; i < rows->size(); ++i) {
      if (i == 0) t.headers = (*rows)[i].cells;
      else t.rows.push_back({(*rows)[i].row, (*rows)[i].cells});
    }
  } else {
    return Error::invalid("import.format_invalid", "Formato: csv o xlsx", "format");
  }
  if (t.headers.empty()) return Error::invalid("import.empty", "El archivo no tiene encabezados ni filas", "file");
  return t;
}

// Import cells are text; custom number fields become JSON numbers (integers when integral).
json typed_value(const std::vector<helpdesk::FieldSpec>& specs, const std::string& key, const std::string& v) {
  for (auto& s : specs) {
    if (s.key != key || s.type != "number") continue;
    std::string t = v;
    std::replace(t.begin(), t.end(), ',', '.');
    try {
      size_t used = 0;
      double d = std::stod(t, &used);
      if (used != t.size()) return v;
      if (d == static_cast<double>(static_cast<int64_t>(d)) && std::abs(d) < 1e15) return static_cast<int64_t>(d);
      return d;
    } catch (const std::exception&) {
      return v;  // left as text: validation names the field
    }
  }
  return v;
}

struct Rejected {
  size_t row;
  std::string inventory_number, field, reason;
};

}  // namespace

Result<json> AssetsService::import_assets(const auth::Actor& actor, const ImportRequest& in) {
  if (auto st = need(actor, Permission::kAssetsManage); !st) return st.error();
  auto table = read_table(in);
  if (!table) return table.error();
  // Column → asset field.
  std::map<size_t, std::string> columns;
  std::set<std::string> mapped;
  std::vector<FieldError> errors;
  if (in.mapping) {
    if (!in.mapping->is_object())
      return Error::invalid("import.mapping_invalid", "El mapeo debe ser un objeto {encabezado: campo}", "mapping");
    for (auto& [header, field] : in.mapping->items()) {
      auto it = std::find(table->headers.begin(), table->headers.end(), header);
      if (it == table->headers.end()) {
        errors.push_back({"mapping." + header, "import.column_not_found", "El archivo no tiene la columna «" + header + "»"});
        continue;
      }
      if (field.is_null()) continue;  // column ignored on purpose
      if (!field.is_string() || !known_field(field.get<std::string>())) {
        errors.push_back({"mapping." + header, "import.field_unknown", "Campo de destino desconocido"});
        continue;
      }
      if (!mapped.insert(field.get<std::string>()).second) {
        errors.push_back({"mapping." + header, "import.field_repeated", "Dos columnas van al mismo campo"});
        continue;
      }
      columns[static_cast<size_t>(it - table->headers.begin())] = field.get<std::string>();
    }
  } else {
    for (size_t i = 0; i < table->headers.size(); ++i)
      if (auto f = auto_field(table->headers[i]); f && mapped.insert(*f).second) columns[i] = *f;
  }
  if (!mapped.count("inventory_number"))
    errors.push_back({"mapping", "import.inventory_number_missing", "Falta la columna del número de inventario"});
  if (!errors.empty()) return Error::invalid_fields(errors);

  auto conn = pool_.acquire();
  storage::Tx tx(*conn, in.dry_run ? storage::Tx::Mode::kRead : storage::Tx::Mode::kWrite);
  json settings = load_settings(tx, config_);
  // Types and areas by code or folded name.
  std::map<std::string, int64_t> types, areas;
  for (auto& r : tx.query("SELECT id, code, name FROM asset_types WHERE active = 1")) {
    types[header_key(r.str(1))] = r.i64(0);
    types[header_key(r.str(2))] = r.i64(0);
  }
  for (auto& r : tx.query("SELECT id, COALESCE(code, ''), name FROM areas")) {
    if (!r.str(1).empty()) areas[header_key(r.str(1))] = r.i64(0);
    areas[header_key(r.str(2))] = r.i64(0);
  }
  std::string now = to_iso(this->now());
  std::vector<Rejected> rejected;
  int64_t created = 0, updated = 0, unchanged = 0;
  std::set<std::string> seen;
  json created_numbers = json::array(), updated_changes = json::object();  // for the audit entry
  for (auto& [line, cells] : table->rows) {
    auto cell = [&](size_t col) { return col < cells.size() ? trim(cells[col]) : std::string(); };
    AssetInput a;
    json custom = json::object();
    std::optional<std::string> number;
    std::optional<Rejected> bad;
    auto reject = [&](const std::string& field, const std::string& reason) {
      if (!bad) bad = Rejected{line, number.value_or(""), field, reason};
    };
    for (auto& [col, field] : columns) {
      std::string v = cell(col);
      if (v.empty()) continue;  // empty cells leave the stored value alone
      if (!valid_utf8(v) || v.size() > 2000) {
        reject(field, "Texto no válido o demasiado largo");
        continue;
      }
      if (field == "inventory_number") number = v, a.inventory_number = v;
      else if (field == "type") {
        auto it = types.find(header_key(v));
        if (it == types.end()) reject("type", "Tipo de bien desconocido: «" + v + "»");
        else a.type_id = it->second;
      } else if (field == "area") {
        auto it = areas.find(header_key(v));
        if (it == areas.end()) reject("area", "Área desconocida: «" + v + "»");
        else a.area_id = std::optional<int64_t>(it->second);
      } else if (field == "acquired_on" || field == "warranty_end") {
        auto d = normalize_date(v);
        if (!d) reject(field, "Fecha no válida: «" + v + "» (AAAA-MM-DD o DD/MM/AAAA)");
        else (field == "acquired_on" ? a.acquired_on : a.warranty_end) = std::optional<std::string>(*d);
      } else if (field == "cost") {
        a.cost = json(v);
      } else if (field == "condition") {
        a.condition = ascii_lower(fold_for_search(v));
      } else if (field.rfind("fields.", 0) == 0) {
        custom[field.substr(7)] = v;
      } else if (field == "serial") a.serial = v;
      else if (field == "brand") a.brand = v;
      else if (field == "model") a.model = v;
      else if (field == "specs") a.specs = v;
      else if (field == "invoice_number") a.invoice_number = v;
      else if (field == "supplier") a.supplier = v;
      else if (field == "budget_line") a.budget_line = v;
      else if (field == "funding_source") a.funding_source = v;
      else if (field == "building") a.building = v;
      else if (field == "floor") a.floor = v;
      else if (field == "office") a.office = v;
      else if (field == "notes") a.notes = v;
    }
    if (!number) reject("inventory_number", "Falta el número de inventario");
    else if (!seen.insert(*number).second) reject("inventory_number", "El número de inventario se repite en el archivo");
    if (bad) {
      rejected.push_back(*bad);
      continue;
    }
    std::optional<storage::Row> existing;
    if (auto r = tx.query_one("SELECT id FROM assets WHERE inventory_number = $1", {*number})) existing = load_asset(tx, r->i64(0));
    json before = existing ? asset_record(*existing) : json::object();
    json current_fields = existing ? before["fields"] : json::object();
    if (!custom.empty()) {
      int64_t type_id = a.type_id ? *a.type_id : existing ? existing->i64(2) : 0;
      std::vector<helpdesk::FieldSpec> specs;
      if (auto t = tx.query_one("SELECT fields FROM asset_types WHERE id = $1", {type_id}))
        if (auto parsed = helpdesk::parse_field_specs(json::parse(t->str(0), nullptr, false))) specs = *parsed;
      json merged = known_values(specs, current_fields);
      for (auto& [k, v] : custom.items()) merged[k] = typed_value(specs, k, v.get<std::string>());
      a.fields = merged;
    }
    if (existing && existing->str(7) == "dado_de_baja") {
      rejected.push_back({line, *number, "inventory_number", "El bien está dado de baja; no se modifica"});
      continue;
    }
    if (!existing && !a.type_id) {
      rejected.push_back({line, *number, "type", "Falta el tipo de bien (obligatorio para bienes nuevos)"});
      continue;
    }
    if (existing) a.inventory_number.reset();  // the key, not a change
    auto c = check_input(tx, settings, a, !existing, existing ? std::optional<int64_t>(existing->i64(0)) : std::nullopt,
                         existing ? existing->i64(2) : 0, current_fields);
    if (!c) {
      auto& f = c.error().fields;
      rejected.push_back({line, *number, f.empty() ? "" : f.front().field, f.empty() ? c.error().message : f.front().message});
      continue;
    }
    if (!existing) {
      a.inventory_number = *number;
      ++created;
      if (in.dry_run) continue;
      int64_t id = insert_asset(tx, a, *c, now);
      refresh_search_key(tx, id);
      add_event(tx, id, actor, "created", "Alta por importación", nullptr, std::nullopt, now);
      created_numbers.push_back(*number);
      continue;
    }
    // Compare what the row would store with what is stored.
    int64_t id = existing->i64(0);
    json would = before;
    auto put = [&](const char* key, const std::optional<std::string>& v) {
      if (v) would[key] = *v;
    };
    put("serial", a.serial);
    put("brand", a.brand);
    put("model", a.model);
    put("specs", a.specs);
    put("invoice_number", a.invoice_number);
    put("supplier", a.supplier);
    put("budget_line", a.budget_line);
    put("funding_source", a.funding_source);
    put("building", a.building);
    put("floor", a.floor);
    put("office", a.office);
    put("condition", a.condition);
    put("notes", a.notes);
    if (a.type_id) would["type_id"] = *a.type_id;
    if (a.area_id) would["area_id"] = **a.area_id;
    if (c->acquired_on) would["acquired_on"] = **c->acquired_on;
    if (c->warranty_end) would["warranty_end"] = **c->warranty_end;
    if (c->cost) would["cost"] = money_json(*c->cost);
    if (a.fields && c->fields) would["fields"] = *c->fields;
    json changes = audit::AuditService::diff(before, would);
    if (changes.empty()) {
      ++unchanged;
      continue;
    }
    ++updated;
    if (in.dry_run) continue;
    if (!a.fields) c->fields.reset();
    update_asset_row(tx, id, a, *c, now);
    refresh_search_key(tx, id);
    add_event(tx, id, actor, "updated", "Datos actualizados por importación", changes, std::nullopt, now);
    updated_changes[*number] = changes;
  }
  json report = {{"dry_run", in.dry_run}, {"total", table->rows.size()}, {"created", created},
                 {"updated", updated},    {"unchanged", unchanged},       {"rejected", json::array()}};
  for (auto& r : rejected)
    report["rejected"].push_back(
        {{"row", r.row}, {"inventory_number", r.inventory_number}, {"field", r.field}, {"reason", r.reason}});
  if (!in.dry_run) {
    // One audit entry for the whole import (one per row made the hash chain's head row the
    // bottleneck on PostgreSQL): which numbers were created, each update's changes, the counts.
    audit_.record(tx, actor, {"create", "asset_import", "",
                              {{"format", in.format}, {"total", table->rows.size()}, {"created", created_numbers},
                               {"updated", updated_changes}, {"unchanged", unchanged}, {"rejected", rejected.size()}}});
    tx.commit();
  }
  return report;
}

}  // namespace tequio::assets
