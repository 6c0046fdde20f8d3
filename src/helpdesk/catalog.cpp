// Queues, the service catalog, settings (calendar, SLA targets) and days off.
#include <algorithm>
#include <chrono>

#include "core/text.h"
#include "helpdesk/internal.h"
#include "helpdesk/service.h"

namespace tequio::helpdesk {

using auth::Permission;
using nlohmann::json;
using namespace detail;

namespace {

constexpr auto kCalendarTtl = std::chrono::seconds(30);  // other servers' edits show up within this

const char* const kCategorySelect =
    "SELECT c.id, c.code, c.name, c.description, c.queue_id, q.name, c.kind, c.impact, c.urgency, "
    "c.response_minutes, c.resolution_minutes, c.fields, c.active, c.created_at, c.updated_at "
    "FROM helpdesk_categories c JOIN helpdesk_queues q ON q.id = c.queue_id";

json category_json(const storage::Row& r) {
  return {{"id", r.i64(0)},
          {"code", r.str(1)},
          {"name", r.str(2)},
          {"description", r.str(3)},
          {"queue_id", r.i64(4)},
          {"queue_name", r.str(5)},
          {"kind", r.str(6)},
          {"impact", r.i64(7)},
          {"urgency", r.i64(8)},
          {"priority", derive_priority(r.i64(7), r.i64(8))},
          {"response_minutes", r.opt_i64(9) ? json(*r.opt_i64(9)) : json(nullptr)},
          {"resolution_minutes", r.opt_i64(10) ? json(*r.opt_i64(10)) : json(nullptr)},
          {"fields", json::parse(r.str(11), nullptr, false)},
          {"active", r.boolean(12)},
          {"created_at", r.str(13)},
          {"updated_at", r.str(14)}};
}

std::string format_hhmm(std::chrono::minutes m) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(m.count() / 60), static_cast<int>(m.count() % 60));
  return buf;
}

void validate_minutes(const Nullable<int64_t>& v, const char* field, std::vector<FieldError>& errors) {
  if (v && *v && (**v < 1 || **v > 60 * 24 * 365))
    errors.push_back({field, "category.minutes_invalid", "Debe ser un número de minutos entre 1 y 525600"});
}

}  // namespace

// ---- settings ----------------------------------------------------------------------------------

namespace detail {

const SlaTarget& Settings::target(int64_t priority) const {
  for (auto& t : sla_targets)
    if (t.priority == priority) return t;
  return sla_targets.back();
}

Settings load_settings(storage::Connection& c) {
  Settings s;
  s.calendar_rules = lft_art74();
  s.calendar_rules.name = "Municipio de Oaxaca de Juárez — mesa de servicio";
  s.calendar_rules.working_hours = {{std::chrono::hours(8), std::chrono::hours(16)}};
  s.sla_targets = default_sla_targets();
  for (auto& row : c.query("SELECT key, value FROM helpdesk_settings")) {
    json v = json::parse(row.str(1), nullptr, false);
    std::string key = row.str(0);
    if (v.is_discarded()) continue;
    if (key == "calendar" && v.is_object()) {
      if (v.contains("name") && v["name"].is_string()) s.calendar_rules.name = v["name"].get<std::string>();
      if (v.contains("working_weekdays")) {
        s.calendar_rules.working_weekdays.clear();
        for (auto& d : v["working_weekdays"]) s.calendar_rules.working_weekdays.push_back(std::chrono::weekday(d.get<unsigned>() % 7));
      }
      if (v.contains("working_hours")) {
        s.calendar_rules.working_hours.clear();
        for (auto& h : v["working_hours"])
          s.calendar_rules.working_hours.push_back({*parse_hhmm(h["from"], true), *parse_hhmm(h["to"], true)});
      }
    } else if (key == "sla_targets" && v.is_array()) {
      s.sla_targets.clear();
      for (auto& t : v) s.sla_targets.push_back({t["priority"], t["response_minutes"], t["resolution_minutes"]});
    } else if (key == "warning_percent" && v.is_number_integer()) {
      s.warning_percent = v;
    } else if (key == "reopen_days" && v.is_number_integer()) {
      s.reopen_days = v;
    } else if (key == "autoclose_days" && v.is_number_integer()) {
      s.autoclose_days = v;
    }
  }
  return s;
}

json settings_json(const Settings& s, const Calendar& cal) {
  json days = json::array();
  for (auto d : s.calendar_rules.working_weekdays) days.push_back(d.iso_encoding());
  std::sort(days.begin(), days.end());
  json hours = json::array();
  for (auto& h : s.calendar_rules.working_hours) hours.push_back({{"from", format_hhmm(h.from)}, {"to", format_hhmm(h.to)}});
  json targets = json::array();
  for (auto& t : s.sla_targets)
    targets.push_back({{"priority", t.priority}, {"response_minutes", t.response_minutes},
                       {"resolution_minutes", t.resolution_minutes}});
  return {{"calendar",
           {{"name", s.calendar_rules.name},
            {"working_weekdays", days},
            {"working_hours", hours},
            {"describe", cal.describe_hours()}}},
          {"sla_targets", targets},
          {"warning_percent", s.warning_percent},
          {"reopen_days", s.reopen_days},
          {"autoclose_days", s.autoclose_days}};
}

}  // namespace detail

HelpdeskService::HelpdeskService(storage::Pool& pool, audit::AuditService& audit, HelpdeskConfig config)
    : pool_(pool), audit_(audit), config_(std::move(config)) {}

void HelpdeskService::invalidate_calendar() {
  std::lock_guard lock(calendar_mu_);
  cached_.reset();
}

std::shared_ptr<const HelpdeskService::Cached> HelpdeskService::cached(storage::Connection& conn) {
  auto wall = Clock::now();  // the cache ages in real time, whatever the service clock says
  {
    std::lock_guard lock(calendar_mu_);
    if (cached_ && wall - cached_at_ < kCalendarTtl) return cached_;
  }
  Settings s = load_settings(conn);
  CalendarRules rules = s.calendar_rules;
  for (auto& r : conn.query("SELECT date_from, date_to, label, source FROM helpdesk_days_off ORDER BY date_from, id")) {
    auto from = parse_date(r.str(0)), to = parse_date(r.str(1));
    if (!from || !to) continue;
    rules.holidays.push_back(*from == *to ? HolidayRule::on(*from, r.str(2), r.str(3))
                                          : HolidayRule::range(*from, *to, r.str(2), r.str(3)));
  }
  auto cal = Calendar::make(rules);
  if (!cal) throw std::runtime_error("helpdesk calendar invalid: " + cal.error().message);
  auto fresh = std::make_shared<const Cached>(Cached{*cal, std::move(s)});
  std::lock_guard lock(calendar_mu_);
  cached_ = fresh;
  cached_at_ = wall;
  return fresh;
}

Calendar HelpdeskService::calendar() {
  auto conn = pool_.acquire();
  return cached(*conn)->cal;
}

Result<json> HelpdeskService::get_settings(const auth::Actor& actor) {
  if (!actor.can(Permission::kHelpdeskRequest)) return Error::forbidden();
  auto conn = pool_.acquire();
  auto c = cached(*conn);
  return settings_json(c->settings, c->cal);
}

Result<json> HelpdeskService::update_settings(const auth::Actor& actor, const json& patch) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  std::vector<FieldError> errors;
  std::vector<std::pair<std::string, json>> writes;
  for (auto& [k, v] : patch.items()) {
    if (k != "calendar" && k != "sla_targets" && k != "warning_percent" && k != "reopen_days" && k != "autoclose_days")
      errors.push_back({k, "unknown_field", "Campo desconocido"});
  }
  if (patch.contains("calendar")) {
    const json& c = patch["calendar"];
    json out = json::object();
    if (!c.is_object()) {
      errors.push_back({"calendar", "type", "Debe ser un objeto"});
    } else {
      for (auto& [k, v] : c.items())
        if (k == "describe")
          errors.push_back({"calendar.describe", "read_only", "Se calcula a partir de los días y horarios; no se edita"});
        else if (k != "working_weekdays" && k != "working_hours" && k != "name")
          errors.push_back({"calendar." + k, "unknown_field", "Campo desconocido"});
      if (c.contains("name")) {
        const json& n = c["name"];
        std::string v = n.is_string() ? trim(n.get<std::string>()) : "";
        if (v.empty() || v.size() > 120 || !valid_utf8(v))
          errors.push_back({"calendar.name", "settings.name_invalid", "El nombre del calendario es obligatorio (máx. 120)"});
        else
          out["name"] = v;
      }
      if (c.contains("working_weekdays")) {
        const json& d = c["working_weekdays"];
        bool ok = d.is_array() && !d.empty() && d.size() <= 7;
        std::vector<int> seen;
        if (ok)
          for (auto& x : d) {
            if (!x.is_number_integer() || x.get<int>() < 1 || x.get<int>() > 7 ||
                std::count(seen.begin(), seen.end(), x.get<int>())) {
              ok = false;
              break;
            }
            seen.push_back(x.get<int>());
          }
        if (!ok)
          errors.push_back({"calendar.working_weekdays", "settings.weekdays_invalid",
                            "Indique de 1 a 7 días distintos (1 = lunes … 7 = domingo)"});
        else
          out["working_weekdays"] = d;
      }
      if (c.contains("working_hours")) {
        const json& h = c["working_hours"];
        bool ok = h.is_array() && !h.empty() && h.size() <= 4;
        std::chrono::minutes last{-1};
        if (ok)
          for (auto& x : h) {
            if (!x.is_object() || !x.contains("from") || !x.contains("to") || !x["from"].is_string() ||
                !x["to"].is_string() || x.size() != 2) {
              ok = false;
              break;
            }
            auto f = parse_hhmm(x["from"], true), t = parse_hhmm(x["to"], true);
            if (!f || !t || *f >= *t || *f <= last) {
              ok = false;
              break;
            }
            last = *t;
          }
        if (!ok)
          errors.push_back({"calendar.working_hours", "settings.hours_invalid",
                            "Indique de 1 a 4 horarios «HH:MM» a «HH:MM», en orden y sin traslaparse"});
        else
          out["working_hours"] = h;
      }
      writes.emplace_back("calendar", out);
    }
  }
  if (patch.contains("sla_targets")) {
    const json& t = patch["sla_targets"];
    bool ok = t.is_array() && t.size() == 4;
    json out = json::array();
    if (ok)
      for (int p = 1; p <= 4 && ok; ++p) {
        auto it = std::find_if(t.begin(), t.end(), [&](const json& x) {
          return x.is_object() && x.contains("priority") && x["priority"].is_number_integer() && x["priority"] == p;
        });
        if (it == t.end() || !(*it).contains("response_minutes") || !(*it).contains("resolution_minutes") ||
            !(*it)["response_minutes"].is_number_integer() || !(*it)["resolution_minutes"].is_number_integer()) {
          ok = false;
          break;
        }
        int64_t r = (*it)["response_minutes"], s = (*it)["resolution_minutes"];
        if (r < 1 || s < 1 || r > s || s > 60 * 24 * 365) {
          ok = false;
          break;
        }
        out.push_back({{"priority", p}, {"response_minutes", r}, {"resolution_minutes", s}});
      }
    if (!ok)
      errors.push_back({"sla_targets", "settings.targets_invalid",
                        "Indique para las prioridades 1 a 4 los minutos de respuesta y de solución (respuesta ≤ solución)"});
    else
      writes.emplace_back("sla_targets", out);
  }
  auto int_setting = [&](const char* key, int64_t lo, int64_t hi, const char* msg) {
    if (!patch.contains(key)) return;
    const json& v = patch[key];
    if (!v.is_number_integer() || v.get<int64_t>() < lo || v.get<int64_t>() > hi)
      errors.push_back({key, "settings.value_invalid", msg});
    else
      writes.emplace_back(key, v);
  };
  int_setting("warning_percent", 1, 99, "Debe ser un porcentaje entre 1 y 99");
  int_setting("reopen_days", 0, 60, "Debe ser un número de días hábiles entre 0 y 60");
  int_setting("autoclose_days", 1, 60, "Debe ser un número de días hábiles entre 1 y 60");
  if (!errors.empty()) return Error::invalid_fields(errors);

  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto before_cached = cached(*conn);
  json before = settings_json(before_cached->settings, before_cached->cal);
  for (auto& [key, value] : writes) {
    json stored = value;
    if (key == "calendar") {  // merge with what is stored
      auto row = tx.query_one("SELECT value FROM helpdesk_settings WHERE key = 'calendar'");
      json cur = row ? json::parse(row->str(0), nullptr, false) : json::object();
      if (!cur.is_object()) cur = json::object();
      for (auto& [k, v] : value.items()) cur[k] = v;
      stored = cur;
    }
    tx.execute("DELETE FROM helpdesk_settings WHERE key = $1", {key});
    tx.execute("INSERT INTO helpdesk_settings (key, value, updated_at) VALUES ($1, $2, $3)", {key, stored.dump(), now_iso()});
  }
  Settings s = load_settings(*conn);
  CalendarRules probe = s.calendar_rules;
  if (auto made = Calendar::make(probe); !made) return made.error();
  json after = settings_json(s, *Calendar::make(probe));
  audit_.record(tx, actor, {"update", "helpdesk_settings", "helpdesk", audit::AuditService::diff(before, after)});
  tx.commit();
  invalidate_calendar();
  return settings_json(s, cached(*conn)->cal);
}

Result<json> HelpdeskService::list_days_off(const auth::Actor& actor, int year) {
  if (!actor.can(Permission::kHelpdeskRequest)) return Error::forbidden();
  if (year < 2000 || year > 2200) return Error::invalid("days_off.year_invalid", "El año debe estar entre 2000 y 2200", "year");
  auto conn = pool_.acquire();
  Calendar cal = cached(*conn)->cal;
  json items = json::array();
  auto law = lft_art74();
  Calendar law_cal = *Calendar::make(law);
  for (auto& d : law_cal.holidays(year))
    items.push_back({{"id", nullptr}, {"date", format_date(d.date)}, {"label", d.reason}, {"source", law.name}, {"kind", "ley"}});
  std::string y = std::to_string(year);
  for (auto& r : conn->query("SELECT id, date_from, date_to, label, source FROM helpdesk_days_off "
                             "WHERE date_from <= $2 AND date_to >= $1 ORDER BY date_from, id",
                             {y + "-01-01", y + "-12-31"}))
    items.push_back({{"id", r.i64(0)}, {"date", r.str(1)}, {"to", r.str(2)}, {"label", r.str(3)}, {"source", r.str(4)},
                     {"kind", "admin"}});
  std::stable_sort(items.begin(), items.end(),
                   [](const json& a, const json& b) { return a["date"].get<std::string>() < b["date"].get<std::string>(); });
  return json{{"items", items}, {"calendar", cal.name()}, {"hours", cal.describe_hours()}};
}

Result<json> HelpdeskService::add_day_off(const auth::Actor& actor, const std::string& from,
                                          const std::optional<std::string>& to, const std::string& label,
                                          const std::string& source) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  std::vector<FieldError> errors;
  auto f = parse_date(from);
  if (!f) errors.push_back({"date", "days_off.date_invalid", "Use una fecha válida AAAA-MM-DD"});
  std::optional<Date> t = f;
  if (to) {
    t = parse_date(*to);
    if (!t) errors.push_back({"to", "days_off.date_invalid", "Use una fecha válida AAAA-MM-DD"});
    else if (f && std::chrono::sys_days(*t) < std::chrono::sys_days(*f))
      errors.push_back({"to", "days_off.range_invalid", "La fecha final no puede ser anterior a la inicial"});
    else if (f && (std::chrono::sys_days(*t) - std::chrono::sys_days(*f)).count() > 366)
      errors.push_back({"to", "days_off.range_too_long", "Un periodo inhábil no puede pasar de un año"});
  }
  if (f && (static_cast<int>(f->year()) < 2000 || static_cast<int>(f->year()) > 2200))
    errors.push_back({"date", "days_off.date_invalid", "El año debe estar entre 2000 y 2200"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  int64_t id = tx.query_one("INSERT INTO helpdesk_days_off (date_from, date_to, label, source, created_at) "
                            "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                            {format_date(*f), format_date(*t), label, source, now_iso()})
                   ->i64(0);
  json out = {{"id", id}, {"date", format_date(*f)}, {"to", format_date(*t)}, {"label", label}, {"source", source},
              {"kind", "admin"}};
  audit_.record(tx, actor, {"create", "helpdesk_day_off", std::to_string(id), audit::AuditService::created(out)});
  tx.commit();
  invalidate_calendar();
  return out;
}

Status HelpdeskService::delete_day_off(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = tx.query_one("SELECT date_from, date_to, label FROM helpdesk_days_off WHERE id = $1", {id});
  if (!row) return Error::not_found("days_off.not_found", "El día inhábil no existe");
  tx.execute("DELETE FROM helpdesk_days_off WHERE id = $1", {id});
  audit_.record(tx, actor,
                {"delete", "helpdesk_day_off", std::to_string(id), audit::AuditService::diff({{"date", row->str(0)}, {"to", row->str(1)}, {"label", row->str(2)}}, json::object())});
  tx.commit();
  invalidate_calendar();
  return Ok();
}

// ---- queues ------------------------------------------------------------------------------------

Result<json> HelpdeskService::list_queues(const auth::Actor& actor) {
  if (!actor.can(Permission::kHelpdeskRequest)) return Error::forbidden();
  auto conn = pool_.acquire();
  json items = json::array();
  for (auto& r : conn->query("SELECT q.id, q.area_id, a.name, q.name, q.assignment, q.active FROM helpdesk_queues q "
                             "JOIN areas a ON a.id = q.area_id ORDER BY q.name, q.id")) {
    json techs = json::array();
    if (actor.can(Permission::kHelpdeskReadAll)) {
      for (auto& t : conn->query(
               "SELECT u.id, u.display_name, (SELECT COUNT(*) FROM helpdesk_tickets t WHERE t.assignee_id = u.id "
               "AND t.is_open = 1) FROM users u WHERE u.area_id = $1 AND u.active = 1 "
               "AND u.role IN ('tecnico','jefe_departamento','mesa_ayuda') ORDER BY u.display_name, u.id",
               {r.i64(1)}))
        techs.push_back({{"user_id", t.i64(0)}, {"display_name", t.str(1)}, {"open_count", t.i64(2)}});
    }
    items.push_back({{"id", r.i64(0)},
                     {"area_id", r.i64(1)},
                     {"area_name", r.str(2)},
                     {"name", r.str(3)},
                     {"assignment", r.str(4)},
                     {"active", r.boolean(5)},
                     {"technicians", techs}});
  }
  return json{{"items", items}};
}

Result<json> HelpdeskService::update_queue(const auth::Actor& actor, int64_t id, const QueueInput& in) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (in.assignment && !valid_assignment(*in.assignment))
    errors.push_back({"assignment", "queue.assignment_invalid", "Regla no válida: manual, round_robin o least_open"});
  if (in.name && in.name->empty()) errors.push_back({"name", "required", "El nombre es obligatorio"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = tx.query_one("SELECT name, assignment, active FROM helpdesk_queues WHERE id = $1", {id});
  if (!row) return Error::not_found("queue.not_found", "La cola no existe");
  json before = {{"name", row->str(0)}, {"assignment", row->str(1)}, {"active", row->boolean(2)}};
  storage::UpdateBuilder u("helpdesk_queues");
  u.set("updated_at", now_iso());
  if (in.name) u.set("name", *in.name);
  if (in.assignment) u.set("assignment", *in.assignment);
  if (in.active) u.set("active", *in.active);
  u.execute_by_id(tx, id);
  json after = before;
  if (in.name) after["name"] = *in.name;
  if (in.assignment) after["assignment"] = *in.assignment;
  if (in.active) after["active"] = *in.active;
  audit_.record(tx, actor, {"update", "helpdesk_queue", std::to_string(id), audit::AuditService::diff(before, after)});
  tx.commit();
  auto all = list_queues(actor);
  for (auto& q : (*all)["items"])
    if (q["id"] == id) return q;
  return Error::not_found("queue.not_found", "La cola no existe");
}

// ---- categories --------------------------------------------------------------------------------

Result<Page> HelpdeskService::list_categories(const auth::Actor& actor, const CategoryFilter& f, const PageRequest& page) {
  if (!actor.can(Permission::kHelpdeskRequest)) return Error::forbidden();
  std::string where = " WHERE q.active = 1";
  storage::Params params;
  if (!actor.can(Permission::kHelpdeskManage)) where += " AND c.active = 1";
  else where = " WHERE 1 = 1";
  if (f.queue_id) {
    params.push_back(*f.queue_id);
    where += " AND c.queue_id = $" + std::to_string(params.size());
  }
  if (f.kind) {
    if (!valid_category_kind(*f.kind))
      return Error::invalid("category.kind_invalid", "Tipo no válido: reporte, solicitud o ambos", "kind");
    params.push_back(*f.kind);
    where += " AND (c.kind = $" + std::to_string(params.size()) + " OR c.kind = 'ambos')";
  }
  if (f.active) {
    params.push_back(*f.active);
    where += " AND c.active = $" + std::to_string(params.size());
  }
  if (f.q) {  // every word must appear, in any order
    std::string folded = fold_for_search(*f.q);
    size_t words = 0;
    for (size_t i = 0; i < folded.size() && words < 8;) {
      size_t j = folded.find(' ', i);
      if (j == std::string::npos) j = folded.size();
      if (j > i) {
        params.push_back(storage::like_escape(folded.substr(i, j - i)));
        where += " AND " + storage::contains_clause("c.search_key", params.size());
        ++words;
      }
      i = j + 1;
    }
  }
  auto conn = pool_.acquire();
  Page out;
  out.request = page;
  out.total = conn->query_one("SELECT COUNT(*) FROM helpdesk_categories c JOIN helpdesk_queues q ON q.id = c.queue_id" +
                                  where,
                              params)
                  ->i64(0);
  params.push_back(page.per_page);
  params.push_back(page.offset());
  for (auto& r : conn->query(std::string(kCategorySelect) + where + " ORDER BY q.name, c.name, c.id LIMIT $" +
                                 std::to_string(params.size() - 1) + " OFFSET $" + std::to_string(params.size()),
                             params))
    out.items.push_back(category_json(r));
  return out;
}

Result<json> HelpdeskService::get_category(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kHelpdeskRequest)) return Error::forbidden();
  auto conn = pool_.acquire();
  auto row = conn->query_one(std::string(kCategorySelect) + " WHERE c.id = $1", {id});
  if (!row || (!row->boolean(12) && !actor.can(Permission::kHelpdeskManage)))
    return Error::not_found("category.not_found", "La categoría no existe");
  return category_json(*row);
}

namespace {

void validate_category(const CategoryInput& in, bool create, std::vector<FieldError>& errors) {
  if (create) {
    if (!in.code) errors.push_back({"code", "required", "La clave es obligatoria"});
    if (!in.name) errors.push_back({"name", "required", "El nombre es obligatorio"});
    if (!in.queue_id) errors.push_back({"queue_id", "required", "La cola es obligatoria"});
    if (!in.kind) errors.push_back({"kind", "required", "El tipo es obligatorio"});
    if (!in.impact) errors.push_back({"impact", "required", "El impacto es obligatorio"});
    if (!in.urgency) errors.push_back({"urgency", "required", "La urgencia es obligatoria"});
  }
  if (in.code) {
    bool ok = !in.code->empty() && in.code->size() <= 40 &&
              std::all_of(in.code->begin(), in.code->end(), [](char c) {
                return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
              });
    if (!ok) errors.push_back({"code", "category.code_invalid", "La clave usa A-Z, 0-9, - y _ (máx. 40)"});
  }
  if (in.kind && !valid_category_kind(*in.kind))
    errors.push_back({"kind", "category.kind_invalid", "Tipo no válido: reporte, solicitud o ambos"});
  if (in.impact && (*in.impact < 1 || *in.impact > 3))
    errors.push_back({"impact", "category.impact_invalid", "El impacto va de 1 (alto) a 3 (bajo)"});
  if (in.urgency && (*in.urgency < 1 || *in.urgency > 3))
    errors.push_back({"urgency", "category.urgency_invalid", "La urgencia va de 1 (alta) a 3 (baja)"});
  validate_minutes(in.response_minutes, "response_minutes", errors);
  validate_minutes(in.resolution_minutes, "resolution_minutes", errors);
  if (in.fields) {
    auto specs = parse_field_specs(*in.fields);
    if (!specs) {
      if (specs.error().fields.empty()) errors.push_back({"fields", specs.error().code, specs.error().message});
      for (auto& e : specs.error().fields) errors.push_back(e);
    }
  }
}

std::string category_search_key(const std::string& code, const std::string& name, const std::string& description) {
  return fold_for_search(code + " " + name + " " + description);
}

}  // namespace

Result<json> HelpdeskService::create_category(const auth::Actor& actor, const CategoryInput& in) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  std::vector<FieldError> errors;
  validate_category(in, true, errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  if (in.queue_id && !tx.query_one("SELECT 1 FROM helpdesk_queues WHERE id = $1", {*in.queue_id}))
    errors.push_back({"queue_id", "category.queue_not_found", "La cola no existe"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  std::string fields = in.fields ? field_specs_json(*parse_field_specs(*in.fields)).dump() : "[]";
  std::string now = now_iso();
  std::string description = in.description.value_or("");
  int64_t id;
  try {
    id = tx.query_one("INSERT INTO helpdesk_categories (code, name, description, queue_id, kind, impact, urgency, "
                      "response_minutes, resolution_minutes, fields, active, search_key, created_at, updated_at) "
                      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
                      {*in.code, *in.name, description, *in.queue_id, *in.kind, *in.impact, *in.urgency,
                       in.response_minutes ? storage::opt(*in.response_minutes) : storage::Param(nullptr),
                       in.resolution_minutes ? storage::opt(*in.resolution_minutes) : storage::Param(nullptr), fields,
                       in.active.value_or(true), category_search_key(*in.code, *in.name, description), now})
             ->i64(0);
  } catch (const storage::DbError& e) {
    if (e.unique_violation()) return Error::conflict("category.code_taken", "Ya existe una categoría con esa clave", "code");
    throw;
  }
  json after = category_json(*tx.query_one(std::string(kCategorySelect) + " WHERE c.id = $1", {id}));
  audit_.record(tx, actor, {"create", "helpdesk_category", std::to_string(id), audit::AuditService::created(after)});
  tx.commit();
  return after;
}

Result<json> HelpdeskService::update_category(const auth::Actor& actor, int64_t id, const CategoryInput& in) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  std::vector<FieldError> errors;
  validate_category(in, false, errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = tx.query_one(std::string(kCategorySelect) + " WHERE c.id = $1", {id});
  if (!row) return Error::not_found("category.not_found", "La categoría no existe");
  json before = category_json(*row);
  if (in.queue_id && !tx.query_one("SELECT 1 FROM helpdesk_queues WHERE id = $1", {*in.queue_id}))
    errors.push_back({"queue_id", "category.queue_not_found", "La cola no existe"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  storage::UpdateBuilder u("helpdesk_categories");
  std::string code = in.code.value_or(before["code"].get<std::string>());
  std::string name = in.name.value_or(before["name"].get<std::string>());
  std::string description = in.description.value_or(before["description"].get<std::string>());
  u.set("updated_at", now_iso()).set("search_key", category_search_key(code, name, description));
  if (in.code) u.set("code", *in.code);
  if (in.name) u.set("name", *in.name);
  if (in.description) u.set("description", *in.description);
  if (in.queue_id) u.set("queue_id", *in.queue_id);
  if (in.kind) u.set("kind", *in.kind);
  if (in.impact) u.set("impact", *in.impact);
  if (in.urgency) u.set("urgency", *in.urgency);
  if (in.response_minutes) u.set("response_minutes", storage::opt(*in.response_minutes));
  if (in.resolution_minutes) u.set("resolution_minutes", storage::opt(*in.resolution_minutes));
  if (in.fields) u.set("fields", field_specs_json(*parse_field_specs(*in.fields)).dump());
  if (in.active) u.set("active", *in.active);
  try {
    u.execute_by_id(tx, id);
  } catch (const storage::DbError& e) {
    if (e.unique_violation()) return Error::conflict("category.code_taken", "Ya existe una categoría con esa clave", "code");
    throw;
  }
  json after = category_json(*tx.query_one(std::string(kCategorySelect) + " WHERE c.id = $1", {id}));
  audit_.record(tx, actor, {"update", "helpdesk_category", std::to_string(id), audit::AuditService::diff(before, after)});
  tx.commit();
  return after;
}

}  // namespace tequio::helpdesk
