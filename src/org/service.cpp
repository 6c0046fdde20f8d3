#include "org/service.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "core/csv.h"
#include "core/json_writer.h"
#include "core/text.h"
#include "core/time.h"

namespace tequio::org {
namespace {

using auth::Permission;
using nlohmann::json;

const std::set<std::string> kAreaKinds = {"dependencia", "direccion", "coordinacion", "departamento", "unidad"};

json opt_json(const storage::Row& r, size_t i, bool integer) {
  if (r.is_null(i)) return nullptr;
  return integer ? json(r.i64(i)) : json(r.str(i));
}

// The whole area table is small (hundreds of rows); paths are computed from it.
struct AreaTree {
  struct Node {
    int64_t id;
    std::optional<int64_t> parent_id;
    std::optional<std::string> code;
    std::string name, kind, created_at, updated_at;
    bool active;
  };
  std::unordered_map<int64_t, Node> nodes;

  static AreaTree load(storage::Connection& c) {
    AreaTree t;
    for (const auto& r : c.query("SELECT id, parent_id, code, name, kind, active, created_at, updated_at FROM areas"))
      t.nodes[r.i64(0)] = Node{r.i64(0), r.opt_i64(1), r.opt_str(2), r.str(3), r.str(4), r.str(6), r.str(7),
                               r.boolean(5)};
    return t;
  }
  std::string path(int64_t id) const {
    std::vector<std::string> parts;
    std::set<int64_t> seen;
    std::optional<int64_t> cur = id;
    while (cur && seen.insert(*cur).second) {
      auto it = nodes.find(*cur);
      if (it == nodes.end()) break;
      parts.push_back(it->second.name);
      cur = it->second.parent_id;
    }
    std::string out;
    for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
      if (!out.empty()) out += " / ";
      out += *it;
    }
    return out;
  }
  bool is_descendant(int64_t candidate, int64_t ancestor) const {
    std::optional<int64_t> cur = candidate;
    std::set<int64_t> seen;
    while (cur && seen.insert(*cur).second) {
      if (*cur == ancestor) return true;
      auto it = nodes.find(*cur);
      if (it == nodes.end()) return false;
      cur = it->second.parent_id;
    }
    return false;
  }
  json to_json(const Node& n) const {
    return {{"id", n.id},
            {"parent_id", n.parent_id ? json(*n.parent_id) : json(nullptr)},
            {"code", n.code ? json(*n.code) : json(nullptr)},
            {"name", n.name},
            {"kind", n.kind},
            {"active", n.active},
            {"path", path(n.id)},
            {"created_at", n.created_at},
            {"updated_at", n.updated_at}};
  }
};

constexpr const char* kPersonSelect =
    "SELECT p.id, p.full_name, p.area_id, a.name, p.position_id, pos.title, p.job_title, p.email, p.extension, "
    "p.active, p.created_at, p.updated_at FROM people p JOIN areas a ON a.id = p.area_id "
    "LEFT JOIN positions pos ON pos.id = p.position_id";

// People lists are the hottest read: rows go straight to JSON text, no tree per row.
void write_person(JsonWriter& w, const storage::Row& r) {
  auto text_or_null = [&](size_t i) -> JsonWriter& { return r.is_null(i) ? w.null() : w.value(r.view(i)); };
  w.begin_object();
  w.key("active").value(r.boolean(9));
  w.key("area_id").value(r.i64(2));
  w.key("area_name").value(r.view(3));
  w.key("created_at").value(r.view(10));
  w.key("email");
  text_or_null(7);
  w.key("extension");
  text_or_null(8);
  w.key("full_name").value(r.view(1));
  w.key("id").value(r.i64(0));
  w.key("job_title").value(r.view(6));
  w.key("position_id").value(r.opt_i64(4));
  w.key("position_title");
  text_or_null(5);
  w.key("updated_at").value(r.view(11));
  w.end_object();
}

json person_json(const storage::Row& r) {
  JsonWriter w;
  write_person(w, r);
  return json::parse(w.str());
}

constexpr const char* kPositionSelect =
    "SELECT p.id, p.area_id, a.name, p.title, p.objective, p.functions, p.superior_position_id, s.title, "
    "p.decision_field, p.created_at, p.updated_at FROM positions p JOIN areas a ON a.id = p.area_id "
    "LEFT JOIN positions s ON s.id = p.superior_position_id";

json position_json(const storage::Row& r) {
  json functions = json::parse(r.str(5), nullptr, false);
  if (!functions.is_array()) functions = json::array();
  return {{"id", r.i64(0)},
          {"area_id", r.i64(1)},
          {"area_name", r.str(2)},
          {"title", r.str(3)},
          {"objective", r.str(4)},
          {"functions", functions},
          {"superior_position_id", opt_json(r, 6, true)},
          {"superior_title", opt_json(r, 7, false)},
          {"decision_field", r.str(8)},
          {"created_at", r.str(9)},
          {"updated_at", r.str(10)}};
}

std::string person_search_key(const std::string& name, const std::optional<std::string>& email,
                              const std::optional<std::string>& ext) {
  return fold_for_search(name + " " + email.value_or("") + " " + ext.value_or(""));
}

bool valid_extension(const std::string& e) {
  if (e.empty() || e.size() > 10) return false;
  return std::all_of(e.begin(), e.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool valid_code(const std::string& c) {
  if (c.empty() || c.size() > 32) return false;
  return std::all_of(c.begin(), c.end(), [](char ch) {
    return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' || (ch >= 'a' && ch <= 'z');
  });
}

Error conflict_from(const storage::DbError& e, const std::string& what_field) {
  if (what_field == "email") return Error::conflict("person.email_taken", "Ya existe una persona con ese correo", "email");
  return Error::conflict("area.code_taken", "Ya existe un área con esa clave", "code");
}


// After a bulk load the planner's statistics (and PostgreSQL's visibility map, which index-only
// scans need) describe the old table; refresh them now rather than when autovacuum gets to it.
void refresh_statistics(storage::Connection& c, const std::string& table) {
  try {
    if (c.dialect() == storage::Dialect::kPostgres) c.exec_script("VACUUM (ANALYZE) " + table);
    else c.exec_script("ANALYZE " + table);
  } catch (const storage::DbError&) {
    // Only an optimization: the data is committed either way.
  }
}

}  // namespace

// ---------------------------------------------------------------- areas

Result<Page> OrgService::list_areas(const auth::Actor& actor, const std::optional<std::string>& q,
                                    std::optional<int64_t> parent_id, const PageRequest& page) {
  if (!actor.can(Permission::kOrgRead)) return Error::forbidden();
  auto conn = pool_.acquire();
  AreaTree tree = AreaTree::load(*conn);
  std::vector<std::pair<std::string, const AreaTree::Node*>> rows;
  std::string needle = q ? fold_for_search(*q) : "";
  for (const auto& [id, n] : tree.nodes) {
    if (parent_id && n.parent_id != parent_id) continue;
    std::string path = tree.path(id);
    if (!needle.empty() && fold_for_search(path + " " + n.code.value_or("")).find(needle) == std::string::npos)
      continue;
    rows.emplace_back(fold_for_search(path), &n);
  }
  std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.first < b.first; });
  Page out;
  out.request = page;
  out.total = static_cast<int64_t>(rows.size());
  for (size_t i = page.offset(); i < rows.size() && out.items.size() < static_cast<size_t>(page.per_page); ++i)
    out.items.push_back(tree.to_json(*rows[i].second));
  return out;
}

Result<json> OrgService::get_area(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kOrgRead)) return Error::forbidden();
  auto conn = pool_.acquire();
  AreaTree tree = AreaTree::load(*conn);
  auto it = tree.nodes.find(id);
  if (it == tree.nodes.end()) return Error::not_found("area.not_found", "El área no existe");
  return tree.to_json(it->second);
}

Result<json> OrgService::create_area(const auth::Actor& actor, const AreaInput& in) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (!in.name || in.name->empty()) errors.push_back({"name", "required", "Este campo es obligatorio"});
  if (!in.kind) errors.push_back({"kind", "required", "Este campo es obligatorio"});
  else if (!kAreaKinds.count(*in.kind))
    errors.push_back({"kind", "area.kind_invalid",
                      "Tipo no válido: dependencia, direccion, coordinacion, departamento o unidad"});
  std::optional<std::string> code = in.code ? *in.code : std::nullopt;
  if (code && !valid_code(*code))
    errors.push_back({"code", "area.code_invalid", "La clave admite letras, números, guion y guion bajo (máx. 32)"});
  std::optional<int64_t> parent = in.parent_id ? *in.parent_id : std::nullopt;
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  if (parent && !tx.query_one("SELECT 1 FROM areas WHERE id = $1", {*parent}))
    errors.push_back({"parent_id", "area.parent_not_found", "El área superior no existe"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  std::string now = now_iso();
  int64_t id;
  try {
    id = tx.query_one("INSERT INTO areas (parent_id, code, name, kind, active, search_key, created_at, updated_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
                      {storage::opt(parent), storage::opt(code), *in.name, *in.kind, in.active.value_or(true),
                       fold_for_search(*in.name), now})
             ->i64(0);
  } catch (const storage::DbError& e) {
    if (e.unique_violation()) return conflict_from(e, "code");
    throw;
  }
  AreaTree tree = AreaTree::load(*conn);
  json after = tree.to_json(tree.nodes.at(id));
  audit_.record(tx, actor, {"create", "area", std::to_string(id), audit::AuditService::created(after)});
  tx.commit();
  return after;
}

Result<json> OrgService::update_area(const auth::Actor& actor, int64_t id, const AreaInput& in) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  AreaTree tree = AreaTree::load(*conn);
  auto it = tree.nodes.find(id);
  if (it == tree.nodes.end()) return Error::not_found("area.not_found", "El área no existe");
  json before = tree.to_json(it->second);
  std::vector<FieldError> errors;
  if (in.name && in.name->empty()) errors.push_back({"name", "required", "Este campo es obligatorio"});
  if (in.kind && !kAreaKinds.count(*in.kind))
    errors.push_back({"kind", "area.kind_invalid",
                      "Tipo no válido: dependencia, direccion, coordinacion, departamento o unidad"});
  if (in.code && *in.code && !valid_code(**in.code))
    errors.push_back({"code", "area.code_invalid", "La clave admite letras, números, guion y guion bajo (máx. 32)"});
  if (in.parent_id && *in.parent_id) {
    int64_t p = **in.parent_id;
    if (!tree.nodes.count(p)) errors.push_back({"parent_id", "area.parent_not_found", "El área superior no existe"});
    else if (tree.is_descendant(p, id))
      errors.push_back({"parent_id", "area.cycle", "Un área no puede quedar debajo de sí misma ni de sus subáreas"});
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  storage::UpdateBuilder update("areas");
  update.set("updated_at", now_iso());
  if (in.name) {
    update.set("name", *in.name);
    update.set("search_key", fold_for_search(*in.name));
  }
  if (in.kind) update.set("kind", *in.kind);
  if (in.code) update.set("code", storage::opt(*in.code));
  if (in.parent_id) update.set("parent_id", storage::opt(*in.parent_id));
  if (in.active) update.set("active", *in.active);
  try {
    update.execute_by_id(tx, id);
  } catch (const storage::DbError& e) {
    if (e.unique_violation()) return conflict_from(e, "code");
    throw;
  }
  AreaTree after_tree = AreaTree::load(*conn);
  json after = after_tree.to_json(after_tree.nodes.at(id));
  audit_.record(tx, actor, {"update", "area", std::to_string(id), audit::AuditService::diff(before, after)});
  tx.commit();
  return after;
}

Status OrgService::delete_area(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  AreaTree tree = AreaTree::load(*conn);
  auto it = tree.nodes.find(id);
  if (it == tree.nodes.end()) return Error::not_found("area.not_found", "El área no existe");
  json before = tree.to_json(it->second);
  for (const char* check : {"SELECT 1 FROM areas WHERE parent_id = $1 LIMIT 1",
                            "SELECT 1 FROM people WHERE area_id = $1 LIMIT 1",
                            "SELECT 1 FROM users WHERE area_id = $1 LIMIT 1",
                            "SELECT 1 FROM positions WHERE area_id = $1 LIMIT 1"})
    if (tx.query_one(check, {id}))
      return Error::conflict("area.in_use",
                             "El área tiene subáreas, personas, puestos o usuarios; desactívela en lugar de borrarla");
  tx.execute("DELETE FROM areas WHERE id = $1", {id});
  audit_.record(tx, actor, {"delete", "area", std::to_string(id), audit::AuditService::diff(before, json::object())});
  tx.commit();
  return Ok();
}

Result<json> OrgService::import_areas(const auth::Actor& actor, std::string_view csv, bool dry_run) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  auto records = parse_csv(csv, 5000);
  if (!records) return records.error();
  if (records->empty()) return Error::invalid("csv.empty", "El archivo está vacío", "file");
  const std::vector<std::string> header = {"code", "name", "kind", "parent_code"};
  if ((*records)[0].fields != header)
    return Error::invalid("csv.header", "La primera fila debe ser: code,name,kind,parent_code", "file");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  std::map<std::string, int64_t> code_to_id;  // existing plus earlier rows of the file
  for (const auto& r : tx.query("SELECT code, id FROM areas WHERE code IS NOT NULL")) code_to_id[r.str(0)] = r.i64(1);
  std::set<std::string> new_codes;
  json rejected = json::array();
  int accepted = 0;
  std::string now = now_iso();
  for (size_t i = 1; i < records->size(); ++i) {
    const auto& rec = (*records)[i];
    json errs = json::array();
    auto err = [&](const char* field, const std::string& msg) { errs.push_back({{"field", field}, {"message", msg}}); };
    if (rec.fields.size() != 4) {
      err("row", "Se esperaban 4 columnas y hay " + std::to_string(rec.fields.size()));
      rejected.push_back({{"line", rec.line}, {"errors", errs}});
      continue;
    }
    std::string code = trim(rec.fields[0]), name = trim(rec.fields[1]), kind = trim(rec.fields[2]),
                parent_code = trim(rec.fields[3]);
    if (!valid_code(code)) err("code", "Clave vacía o no válida");
    else if (code_to_id.count(code) || new_codes.count(code)) err("code", "La clave " + code + " ya existe");
    if (name.empty()) err("name", "El nombre es obligatorio");
    else if (utf8_length(name) > 200) err("name", "Máximo 200 caracteres");
    if (!kAreaKinds.count(kind)) err("kind", "Tipo no válido: " + kind);
    std::optional<int64_t> parent;
    if (!parent_code.empty()) {
      auto pit = code_to_id.find(parent_code);
      if (pit == code_to_id.end()) err("parent_code", "No existe un área con la clave " + parent_code);
      else parent = pit->second;
    }
    if (!errs.empty()) {
      rejected.push_back({{"line", rec.line}, {"errors", errs}});
      continue;
    }
    int64_t id = tx.query_one("INSERT INTO areas (parent_id, code, name, kind, active, search_key, created_at, "
                              "updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $6) RETURNING id",
                              {storage::opt(parent), code, name, kind, fold_for_search(name), now})
                     ->i64(0);
    code_to_id[code] = id;
    new_codes.insert(code);
    ++accepted;
  }
  bool write = !dry_run && rejected.empty();
  if (write) {
    audit_.record(tx, actor, {"create", "area", "import", {{"imported", {{"from", nullptr}, {"to", accepted}}}}});
    tx.commit();
  }
  return json{{"dry_run", dry_run}, {"written", write}, {"accepted", accepted}, {"rejected", rejected}};
}

// ---------------------------------------------------------------- positions

Result<Page> OrgService::list_positions(const auth::Actor& actor, const std::optional<std::string>& q,
                                        std::optional<int64_t> area_id, const PageRequest& page) {
  if (!actor.can(Permission::kOrgRead)) return Error::forbidden();
  std::string where = " WHERE 1=1";
  storage::Params params;
  if (q && !q->empty()) {
    params.push_back(storage::like_escape(fold_for_search(*q)));
    where += " AND " + storage::contains_clause("p.search_key", params.size());
  }
  if (area_id) {
    params.push_back(*area_id);
    where += " AND p.area_id = $" + std::to_string(params.size());
  }
  auto conn = pool_.acquire();
  Page out;
  out.request = page;
  out.total = conn->query_one("SELECT COUNT(*) FROM positions p" + where, params)->i64(0);
  params.push_back(page.per_page);
  params.push_back(page.offset());
  for (const auto& r : conn->query(std::string(kPositionSelect) + where + " ORDER BY p.id LIMIT $" +
                                       std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size()),
                                   params))
    out.items.push_back(position_json(r));
  return out;
}

Result<json> OrgService::get_position(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kOrgRead)) return Error::forbidden();
  auto conn = pool_.acquire();
  auto row = conn->query_one(std::string(kPositionSelect) + " WHERE p.id = $1", {id});
  if (!row) return Error::not_found("position.not_found", "El puesto no existe");
  return position_json(*row);
}

Result<json> OrgService::create_position(const auth::Actor& actor, const PositionInput& in) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (!in.title || in.title->empty()) errors.push_back({"title", "required", "Este campo es obligatorio"});
  if (!in.area_id) errors.push_back({"area_id", "required", "Este campo es obligatorio"});
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  if (in.area_id && !tx.query_one("SELECT 1 FROM areas WHERE id = $1", {*in.area_id}))
    errors.push_back({"area_id", "position.area_not_found", "El área no existe"});
  std::optional<int64_t> superior = in.superior_position_id ? *in.superior_position_id : std::nullopt;
  if (superior && !tx.query_one("SELECT 1 FROM positions WHERE id = $1", {*superior}))
    errors.push_back({"superior_position_id", "position.superior_not_found", "El puesto superior no existe"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  json functions = in.functions ? json(*in.functions) : json::array();
  std::string now = now_iso();
  int64_t id = tx.query_one("INSERT INTO positions (area_id, title, objective, functions, superior_position_id, "
                            "decision_field, search_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                            "$8, $8) RETURNING id",
                            {*in.area_id, *in.title, in.objective.value_or(""), functions.dump(), storage::opt(superior),
                             in.decision_field.value_or(""), fold_for_search(*in.title), now})
                   ->i64(0);
  json after = position_json(*tx.query_one(std::string(kPositionSelect) + " WHERE p.id = $1", {id}));
  audit_.record(tx, actor, {"create", "position", std::to_string(id), audit::AuditService::created(after)});
  tx.commit();
  return after;
}

Result<json> OrgService::update_position(const auth::Actor& actor, int64_t id, const PositionInput& in) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = tx.query_one(std::string(kPositionSelect) + " WHERE p.id = $1", {id});
  if (!row) return Error::not_found("position.not_found", "El puesto no existe");
  json before = position_json(*row);
  std::vector<FieldError> errors;
  if (in.title && in.title->empty()) errors.push_back({"title", "required", "Este campo es obligatorio"});
  if (in.area_id && !tx.query_one("SELECT 1 FROM areas WHERE id = $1", {*in.area_id}))
    errors.push_back({"area_id", "position.area_not_found", "El área no existe"});
  if (in.superior_position_id && *in.superior_position_id) {
    int64_t s = **in.superior_position_id;
    if (!tx.query_one("SELECT 1 FROM positions WHERE id = $1", {s})) {
      errors.push_back({"superior_position_id", "position.superior_not_found", "El puesto superior no existe"});
    } else {
      // Walk up from the new superior: reaching this position again would make a loop.
      std::set<int64_t> seen;
      for (std::optional<int64_t> cur = s; cur && seen.insert(*cur).second;) {
        if (*cur == id) {
          errors.push_back({"superior_position_id", "position.cycle",
                            "Un puesto no puede depender de sí mismo ni de sus subordinados"});
          break;
        }
        auto up = tx.query_one("SELECT superior_position_id FROM positions WHERE id = $1", {*cur});
        cur = up ? up->opt_i64(0) : std::nullopt;
      }
    }
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  storage::UpdateBuilder update("positions");
  update.set("updated_at", now_iso());
  if (in.title) {
    update.set("title", *in.title);
    update.set("search_key", fold_for_search(*in.title));
  }
  if (in.objective) update.set("objective", *in.objective);
  if (in.decision_field) update.set("decision_field", *in.decision_field);
  if (in.area_id) update.set("area_id", *in.area_id);
  if (in.functions) update.set("functions", json(*in.functions).dump());
  if (in.superior_position_id) update.set("superior_position_id", storage::opt(*in.superior_position_id));
  update.execute_by_id(tx, id);
  json after = position_json(*tx.query_one(std::string(kPositionSelect) + " WHERE p.id = $1", {id}));
  audit_.record(tx, actor, {"update", "position", std::to_string(id), audit::AuditService::diff(before, after)});
  tx.commit();
  return after;
}

// ---------------------------------------------------------------- people

Result<Page> OrgService::list_people(const auth::Actor& actor, const PeopleFilter& f, const PageRequest& page) {
  if (!actor.can(Permission::kOrgRead)) return Error::forbidden();
  std::string where = " WHERE 1=1";
  storage::Params params;
  auto add = [&](const std::string& clause, storage::Param v) {
    params.push_back(std::move(v));
    where += " AND " + clause + std::to_string(params.size());
  };
  if (!actor.can(Permission::kPeopleReadAll)) {
    // Only one's own area; an account without an area sees nobody.
    add("p.area_id = $", actor.area_id.value_or(-1));
  }
  if (f.area_id) add("p.area_id = $", *f.area_id);
  if (f.active) add("p.active = $", int64_t{*f.active ? 1 : 0});
  if (f.q && !f.q->empty()) {
    params.push_back(storage::like_escape(fold_for_search(*f.q)));
    where += " AND " + storage::contains_clause("p.search_key", params.size());
  }
  auto conn = pool_.acquire();
  Page out;
  out.request = page;
  const std::string order = " ORDER BY p.full_name, p.search_key, p.id";
  storage::Rows rows;
  if (conn->dialect() == storage::Dialect::kSqlite) {
    // One pass over the covering index counts the matches and keeps the page's ids; then only
    // those rows are read. (Consistent too: count and page come from the same statement.)
    std::vector<int64_t> ids;
    out.total = conn->count_and_slice("SELECT p.id FROM people p" + where + order, params, page.offset(),
                                      page.per_page, ids);
    if (!ids.empty()) {
      JsonWriter id_list;
      id_list.begin_array();
      for (int64_t id : ids) id_list.value(id);
      id_list.end_array();
      rows = conn->query(std::string(kPersonSelect) + " WHERE p.id IN (SELECT value FROM json_each($1))" + order,
                         {id_list.take()});
    }
  } else {
    // PostgreSQL: shipping every matching id over the socket costs more than a second query.
    out.total = conn->query_one("SELECT COUNT(*) FROM people p" + where, params)->i64(0);
    if (out.total > page.offset()) {
      params.push_back(page.per_page);
      params.push_back(page.offset());
      // Page through the covering index first (ids only), then fetch just that page's rows.
      std::string page_ids = "SELECT p.id FROM people p" + where + order + " LIMIT $" +
                             std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size());
      rows = conn->query(std::string(kPersonSelect) + " JOIN (" + page_ids + ") page_ids ON page_ids.id = p.id" + order,
                         params);
    }
  }
  JsonWriter w;
  w.reserve(rows.size() * 320 + 2);
  w.begin_array();
  for (const auto& r : rows) write_person(w, r);
  w.end_array();
  out.items_json = w.take();
  return out;
}

Result<json> OrgService::get_person(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kOrgRead)) return Error::forbidden();
  auto conn = pool_.acquire();
  auto row = conn->query_one(std::string(kPersonSelect) + " WHERE p.id = $1", {id});
  // Another area's person is reported as absent to a caller who may not see it.
  if (!row || (!actor.can(Permission::kPeopleReadAll) && row->i64(2) != actor.area_id.value_or(-1)))
    return Error::not_found("person.not_found", "La persona no existe");
  return person_json(*row);
}

static void validate_person(const PersonInput& in, bool creating, std::vector<FieldError>& errors) {
  if (creating && (!in.full_name || in.full_name->empty()))
    errors.push_back({"full_name", "required", "Este campo es obligatorio"});
  if (!creating && in.full_name && in.full_name->empty())
    errors.push_back({"full_name", "required", "Este campo es obligatorio"});
  if (creating && !in.area_id) errors.push_back({"area_id", "required", "Este campo es obligatorio"});
  if (in.email && *in.email && !plausible_email(**in.email))
    errors.push_back({"email", "person.email_invalid", "El correo electrónico no es válido"});
  if (in.extension && *in.extension && !valid_extension(**in.extension))
    errors.push_back({"extension", "person.extension_invalid", "La extensión debe tener solo dígitos (máx. 10)"});
}

Result<json> OrgService::create_person(const auth::Actor& actor, const PersonInput& in) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  std::vector<FieldError> errors;
  validate_person(in, true, errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  if (in.area_id && !tx.query_one("SELECT 1 FROM areas WHERE id = $1", {*in.area_id}))
    errors.push_back({"area_id", "person.area_not_found", "El área no existe"});
  std::optional<int64_t> position = in.position_id ? *in.position_id : std::nullopt;
  if (position && !tx.query_one("SELECT 1 FROM positions WHERE id = $1", {*position}))
    errors.push_back({"position_id", "person.position_not_found", "El puesto no existe"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  std::optional<std::string> email = in.email ? *in.email : std::nullopt;
  if (email) *email = ascii_lower(*email);  // e-mail addresses compare case-insensitively
  std::optional<std::string> ext = in.extension ? *in.extension : std::nullopt;
  std::string now = now_iso();
  int64_t id;
  try {
    id = tx.query_one("INSERT INTO people (full_name, area_id, position_id, job_title, email, extension, active, "
                      "search_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
                      {*in.full_name, *in.area_id, storage::opt(position), in.job_title.value_or(""), storage::opt(email),
                       storage::opt(ext), in.active.value_or(true), person_search_key(*in.full_name, email, ext), now})
             ->i64(0);
  } catch (const storage::DbError& e) {
    if (e.unique_violation()) return conflict_from(e, "email");
    throw;
  }
  json after = person_json(*tx.query_one(std::string(kPersonSelect) + " WHERE p.id = $1", {id}));
  audit_.record(tx, actor, {"create", "person", std::to_string(id), audit::AuditService::created(after)});
  tx.commit();
  return after;
}

Result<json> OrgService::update_person(const auth::Actor& actor, int64_t id, const PersonInput& in) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  std::vector<FieldError> errors;
  validate_person(in, false, errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = tx.query_one(std::string(kPersonSelect) + " WHERE p.id = $1", {id});
  if (!row) return Error::not_found("person.not_found", "La persona no existe");
  json before = person_json(*row);
  if (in.area_id && !tx.query_one("SELECT 1 FROM areas WHERE id = $1", {*in.area_id}))
    errors.push_back({"area_id", "person.area_not_found", "El área no existe"});
  if (in.position_id && *in.position_id && !tx.query_one("SELECT 1 FROM positions WHERE id = $1", {**in.position_id}))
    errors.push_back({"position_id", "person.position_not_found", "El puesto no existe"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  std::string name = in.full_name.value_or(before["full_name"].get<std::string>());
  std::optional<std::string> email =
      in.email ? *in.email : (before["email"].is_null() ? std::nullopt : std::optional(before["email"].get<std::string>()));
  if (email) *email = ascii_lower(*email);
  std::optional<std::string> ext = in.extension ? *in.extension
                                                : (before["extension"].is_null()
                                                       ? std::nullopt
                                                       : std::optional(before["extension"].get<std::string>()));
  storage::UpdateBuilder update("people");
  update.set("updated_at", now_iso()).set("search_key", person_search_key(name, email, ext));
  if (in.full_name) update.set("full_name", *in.full_name);
  if (in.area_id) update.set("area_id", *in.area_id);
  if (in.position_id) update.set("position_id", storage::opt(*in.position_id));
  if (in.job_title) update.set("job_title", *in.job_title);
  if (in.email) update.set("email", storage::opt(email));
  if (in.extension) update.set("extension", storage::opt(*in.extension));
  if (in.active) update.set("active", *in.active);
  try {
    update.execute_by_id(tx, id);
  } catch (const storage::DbError& e) {
    if (e.unique_violation()) return conflict_from(e, "email");
    throw;
  }
  json after = person_json(*tx.query_one(std::string(kPersonSelect) + " WHERE p.id = $1", {id}));
  audit_.record(tx, actor, {"update", "person", std::to_string(id), audit::AuditService::diff(before, after)});
  tx.commit();
  return after;
}

Status OrgService::delete_person(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = tx.query_one(std::string(kPersonSelect) + " WHERE p.id = $1", {id});
  if (!row) return Error::not_found("person.not_found", "La persona no existe");
  if (tx.query_one("SELECT 1 FROM users WHERE person_id = $1 LIMIT 1", {id}))
    return Error::conflict("person.in_use",
                           "La persona tiene una cuenta de usuario; desactívela en lugar de borrarla");
  json before = person_json(*row);
  tx.execute("DELETE FROM people WHERE id = $1", {id});
  audit_.record(tx, actor, {"delete", "person", std::to_string(id), audit::AuditService::diff(before, json::object())});
  tx.commit();
  return Ok();
}

Result<json> OrgService::import_people(const auth::Actor& actor, std::string_view csv, bool dry_run) {
  if (!actor.can(Permission::kOrgWrite)) return Error::forbidden();
  auto records = parse_csv(csv, 20000);
  if (!records) return records.error();
  if (records->empty()) return Error::invalid("csv.empty", "El archivo está vacío", "file");
  const std::vector<std::string> header = {"full_name", "area_code", "job_title", "email", "extension"};
  if ((*records)[0].fields != header)
    return Error::invalid("csv.header", "La primera fila debe ser: full_name,area_code,job_title,email,extension",
                          "file");
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  std::map<std::string, int64_t> areas;
  for (const auto& r : tx.query("SELECT code, id FROM areas WHERE code IS NOT NULL")) areas[r.str(0)] = r.i64(1);
  std::set<std::string> emails;
  for (const auto& r : tx.query("SELECT email FROM people WHERE email IS NOT NULL")) emails.insert(r.str(0));
  json rejected = json::array();
  int accepted = 0;
  std::string now = now_iso();
  for (size_t i = 1; i < records->size(); ++i) {
    const auto& rec = (*records)[i];
    json errs = json::array();
    auto err = [&](const char* field, const std::string& msg) { errs.push_back({{"field", field}, {"message", msg}}); };
    if (rec.fields.size() != 5) {
      err("row", "Se esperaban 5 columnas y hay " + std::to_string(rec.fields.size()));
      rejected.push_back({{"line", rec.line}, {"errors", errs}});
      continue;
    }
    std::string name = trim(rec.fields[0]), area_code = trim(rec.fields[1]), job = trim(rec.fields[2]);
    std::string email_s = ascii_lower(trim(rec.fields[3])), ext_s = trim(rec.fields[4]);
    if (name.empty()) err("full_name", "El nombre es obligatorio");
    else if (utf8_length(name) > 200) err("full_name", "Máximo 200 caracteres");
    auto ait = areas.find(area_code);
    if (ait == areas.end()) err("area_code", "No existe un área con la clave " + area_code);
    if (utf8_length(job) > 200) err("job_title", "Máximo 200 caracteres");
    if (!email_s.empty() && !plausible_email(email_s)) err("email", "Correo no válido: " + email_s);
    else if (!email_s.empty() && emails.count(email_s)) err("email", "El correo " + email_s + " ya está registrado");
    if (!ext_s.empty() && !valid_extension(ext_s)) err("extension", "Extensión no válida: " + ext_s);
    if (!errs.empty()) {
      rejected.push_back({{"line", rec.line}, {"errors", errs}});
      continue;
    }
    std::optional<std::string> email = email_s.empty() ? std::nullopt : std::optional(email_s);
    std::optional<std::string> ext = ext_s.empty() ? std::nullopt : std::optional(ext_s);
    tx.execute("INSERT INTO people (full_name, area_id, job_title, email, extension, active, search_key, created_at, "
               "updated_at) VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $7)",
               {name, ait->second, job, storage::opt(email), storage::opt(ext), person_search_key(name, email, ext), now});
    if (email) emails.insert(*email);
    ++accepted;
  }
  bool write = !dry_run && rejected.empty();
  if (write) {
    audit_.record(tx, actor, {"create", "person", "import", {{"imported", {{"from", nullptr}, {"to", accepted}}}}});
    tx.commit();
    refresh_statistics(*conn, "people");
  }
  return json{{"dry_run", dry_run}, {"written", write}, {"accepted", accepted}, {"rejected", rejected}};
}

}  // namespace tequio::org
