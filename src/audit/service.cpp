#include "audit/service.h"

#include <spdlog/spdlog.h>

#include "core/text.h"
#include "core/time.h"

namespace tequio::audit {
namespace {

std::string chain_hash(const std::string& prev, int64_t id, const std::string& at, int64_t actor_id,
                       const std::string& actor, const std::string& ip, const std::string& action,
                       const std::string& entity, const std::string& entity_id, const std::string& changes) {
  std::string data;
  data.reserve(256 + changes.size());
  for (const std::string* part : {&prev, &at, &actor, &ip, &action, &entity, &entity_id, &changes}) {
    data += *part;
    data += '\x1f';
  }
  data += std::to_string(id);
  data += '\x1f';
  data += std::to_string(actor_id);
  return sha256_hex(data);
}

std::string csv_field(const std::string& s) {
  bool quote = s.find_first_of(",\"\n\r") != std::string::npos;
  // Cells starting with = + - @ are neutralised so a spreadsheet never runs them as formulas.
  std::string v = s;
  if (!v.empty() && (v[0] == '=' || v[0] == '+' || v[0] == '-' || v[0] == '@')) v = "'" + v;
  if (!quote) return v;
  std::string out = "\"";
  for (char c : v) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

constexpr const char* kColumns =
    "id, at, actor_user_id, actor, ip, action, entity, entity_id, changes, prev_hash, hash";

nlohmann::json entry_json(const storage::Row& r) {
  nlohmann::json changes = nlohmann::json::parse(r.str(8), nullptr, false);
  if (changes.is_discarded()) changes = nlohmann::json::object();
  return {{"id", r.i64(0)},
          {"at", r.str(1)},
          {"actor_user_id", r.is_null(2) ? nlohmann::json(nullptr) : nlohmann::json(r.i64(2))},
          {"actor", r.str(3)},
          {"ip", r.str(4)},
          {"action", r.str(5)},
          {"entity", r.str(6)},
          {"entity_id", r.str(7)},
          {"changes", changes},
          {"hash", r.str(10)}};
}

}  // namespace

void AuditService::record(storage::Tx& tx, const auth::Actor& actor, const Event& e) {
  // The UPDATE locks audit_head's row (PostgreSQL) or runs under the write lock (SQLite),
  // so concurrent appends never fork the chain.
  auto head = tx.query_one("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, last_hash");
  if (!head) throw std::runtime_error("audit_head missing");
  int64_t id = head->i64(0);
  std::string prev = head->str(1);
  std::string at = now_iso();
  std::string changes = shaped(e.changes).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  int64_t actor_id = actor.user_id;
  std::string hash = chain_hash(prev, id, at, actor_id, actor.username, actor.ip, e.action, e.entity,
                                e.entity_id, changes);
  tx.execute(
      "INSERT INTO audit_log (id, at, actor_user_id, actor, ip, action, entity, entity_id, changes, prev_hash, hash) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
      {id, at, actor_id > 0 ? storage::Param(actor_id) : storage::Param(nullptr), actor.username, actor.ip,
       e.action, e.entity, e.entity_id, changes, prev, hash});
  tx.execute("UPDATE audit_head SET last_hash = $1 WHERE id = 1", {hash});
}

nlohmann::json AuditService::shaped(const nlohmann::json& changes) {
  nlohmann::json out = nlohmann::json::object();
  if (!changes.is_object()) return out;
  for (auto& [k, v] : changes.items()) {
    bool is_shaped = v.is_object() && v.size() == 2 && v.contains("from") && v.contains("to");
    out[k] = is_shaped ? v : nlohmann::json{{"from", nullptr}, {"to", v}};
  }
  return out;
}

void AuditService::record_now(const auth::Actor& actor, const Event& event) {
  try {
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
    record(tx, actor, event);
    tx.commit();
  } catch (const std::exception& ex) {
    spdlog::error("audit: could not record {} {}: {}", event.action, event.entity, ex.what());
  }
}

nlohmann::json AuditService::diff(const nlohmann::json& before, const nlohmann::json& after) {
  nlohmann::json out = nlohmann::json::object();
  for (auto it = after.begin(); it != after.end(); ++it) {
    if (it.key() == "updated_at" || it.key() == "created_at") continue;
    auto b = before.find(it.key());
    nlohmann::json from = b == before.end() ? nlohmann::json(nullptr) : *b;
    if (from != it.value()) out[it.key()] = {{"from", from}, {"to", it.value()}};
  }
  // Fields that disappeared (a deletion) are recorded too, or the log could not say what was removed.
  for (auto it = before.begin(); it != before.end(); ++it) {
    if (it.key() == "updated_at" || it.key() == "created_at" || after.contains(it.key())) continue;
    if (!it.value().is_null()) out[it.key()] = {{"from", it.value()}, {"to", nullptr}};
  }
  return out;
}

nlohmann::json AuditService::created(const nlohmann::json& after) { return diff(nlohmann::json::object(), after); }

Result<std::pair<std::string, storage::Params>> AuditService::where(const Filter& f) {
  std::string sql = " WHERE 1=1";
  storage::Params params;
  auto add = [&](const std::string& clause, std::string value) {
    params.push_back(std::move(value));
    sql += " AND " + clause + " $" + std::to_string(params.size());
  };
  if (f.actor && !f.actor->empty()) add("actor =", *f.actor);
  if (f.entity && !f.entity->empty()) add("entity =", *f.entity);
  if (f.entity_id && !f.entity_id->empty()) add("entity_id =", *f.entity_id);
  if (f.action && !f.action->empty()) add("action =", *f.action);
  std::vector<FieldError> errors;
  if (f.from && !f.from->empty()) {
    auto t = parse_iso(*f.from);
    if (!t) errors.push_back({"from", "date_invalid", "Fecha no válida (AAAA-MM-DD)"});
    else add("at >=", to_iso(*t));
  }
  if (f.to && !f.to->empty()) {
    auto t = parse_iso(*f.to);
    if (!t) errors.push_back({"to", "date_invalid", "Fecha no válida (AAAA-MM-DD)"});
    else {
      // A bare date means the whole day.
      auto end = f.to->size() == 10 ? *t + std::chrono::hours(24) : *t + std::chrono::milliseconds(1);
      add("at <", to_iso(end));
    }
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  return std::make_pair(sql, params);
}

Result<Page> AuditService::list(const auth::Actor& actor, const Filter& filter, const PageRequest& page) {
  if (!actor.can(auth::Permission::kAuditRead)) return Error::forbidden();
  auto w = where(filter);
  if (!w) return w.error();
  auto& [clause, params] = *w;
  auto conn = pool_.acquire();
  Page out;
  out.request = page;
  out.total = conn->query_one("SELECT COUNT(*) FROM audit_log" + clause, params)->i64(0);
  storage::Params p = params;
  p.push_back(page.per_page);
  p.push_back(page.offset());
  std::string sql = std::string("SELECT ") + kColumns + " FROM audit_log" + clause + " ORDER BY id DESC LIMIT $" +
                    std::to_string(p.size() - 1) + " OFFSET $" + std::to_string(p.size());
  for (const auto& r : conn->query(sql, p)) out.items.push_back(entry_json(r));
  return out;
}

Result<std::string> AuditService::export_csv(const auth::Actor& actor, const Filter& filter) {
  if (!actor.can(auth::Permission::kAuditExport)) return Error::forbidden();
  auto w = where(filter);
  if (!w) return w.error();
  auto& [clause, params] = *w;
  std::string out = "id,fecha_utc,usuario,ip,accion,entidad,id_entidad,cambios,hash\r\n";
  int64_t count = 0;
  {
    auto conn = pool_.acquire();
    for (const auto& r : conn->query(std::string("SELECT ") + kColumns + " FROM audit_log" + clause + " ORDER BY id",
                                     params)) {
      out += std::to_string(r.i64(0)) + "," + csv_field(r.str(1)) + "," + csv_field(r.str(3)) + "," +
             csv_field(r.str(4)) + "," + csv_field(r.str(5)) + "," + csv_field(r.str(6)) + "," +
             csv_field(r.str(7)) + "," + csv_field(r.str(8)) + "," + r.str(10) + "\r\n";
      ++count;
    }
  }
  nlohmann::json filters = nlohmann::json::object();
  for (auto [k, v] : {std::pair{"actor", &filter.actor}, {"entity", &filter.entity}, {"action", &filter.action},
                      {"entity_id", &filter.entity_id}, {"from", &filter.from}, {"to", &filter.to}})
    if (*v) filters[k] = **v;
  record_now(actor, {"export", "audit_log", "", {{"filters", filters}, {"rows", count}}});
  return out;
}

VerifyReport AuditService::verify() {
  VerifyReport report;
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kRead);
  std::string prev;
  int64_t expected_id = 1;
  // Stream in batches so a large log does not sit in memory at once.
  for (;;) {
    auto rows = tx.query(std::string("SELECT ") + kColumns + " FROM audit_log WHERE id >= $1 ORDER BY id LIMIT 5000",
                         {expected_id});
    if (rows.empty()) break;
    for (const auto& r : rows) {
      int64_t id = r.i64(0);
      if (id != expected_id) {
        report.ok = false;
        report.first_broken_id = expected_id;
        report.problem = "Falta la entrada " + std::to_string(expected_id) + " (fue borrada)";
        return report;
      }
      std::string stored_prev = r.str(9), stored_hash = r.str(10);
      std::string computed = chain_hash(prev, id, r.str(1), r.is_null(2) ? 0 : r.i64(2), r.str(3), r.str(4),
                                        r.str(5), r.str(6), r.str(7), r.str(8));
      if (stored_prev != prev || computed != stored_hash) {
        report.ok = false;
        report.first_broken_id = id;
        report.problem = "La entrada " + std::to_string(id) + " fue modificada (su hash no coincide)";
        return report;
      }
      prev = stored_hash;
      ++expected_id;
      ++report.entries;
    }
  }
  auto head = tx.query_one("SELECT seq, last_hash FROM audit_head WHERE id = 1");
  if (!head || head->i64(0) != report.entries || head->str(1) != prev) {
    report.ok = false;
    report.first_broken_id = report.entries + 1;
    report.problem = "Faltan entradas al final de la bitácora (la última registrada es la " +
                     std::to_string(head ? head->i64(0) : 0) + ")";
  }
  return report;
}

}  // namespace tequio::audit
