// Tickets: filing, reading, lists with full-text search, changes, the status machine,
// assignment, conversation, attachments, survey, merge and bulk actions, saved views.
#include <algorithm>
#include <set>

#include "core/json_writer.h"
#include "core/text.h"
#include "helpdesk/internal.h"
#include "helpdesk/service.h"

namespace tequio::helpdesk {

using auth::Permission;
using nlohmann::json;
using namespace detail;

namespace {

constexpr size_t kTimelineLimit = 200;

Error ticket_not_found() { return Error::not_found("ticket.not_found", "El ticket no existe"); }

std::string actor_name(const auth::Actor& a) { return a.display_name.empty() ? a.username : a.display_name; }

std::string search_text(const std::string& title, const std::string& description) {
  return folded_for_index(title + "\n" + description);
}

// Events are short sentences plus machine-readable changes the UI renders.
EntryInput event(json changes, std::string visibility = "public") {
  return {"event", std::move(visibility), "web", "", std::move(changes), std::nullopt};
}

bool reopen_window_open(const Calendar& cal, const Settings& s, const TicketRow& t, Timestamp now) {
  if (t.status != "resuelto" || !t.resolved_at) return false;
  auto resolved = parse_iso(*t.resolved_at);
  if (!resolved) return false;
  Date from = cal.to_local(*resolved).date;
  Date today = cal.to_local(now).date;
  return cal.business_days_between(from, today) <= s.reopen_days;
}

Result<std::vector<std::string>> check_assets(const std::vector<std::string>& assets) {
  if (assets.size() > 20) return Error::invalid("ticket.assets_too_many", "Máximo 20 bienes relacionados", "assets");
  std::vector<std::string> out;
  for (auto& a : assets) {
    std::string v = trim(a);
    if (v.empty() || v.size() > 40)
      return Error::invalid("ticket.asset_invalid", "Cada número de inventario debe tener de 1 a 40 caracteres", "assets");
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

// person/area field values must name existing records.
void check_reference_fields(storage::Tx& tx, const std::vector<FieldSpec>& specs, const json& values,
                            std::vector<FieldError>& errors) {
  for (auto& s : specs) {
    if (!values.contains(s.key)) continue;
    if (s.type == "person" && !tx.query_one("SELECT 1 FROM people WHERE id = $1", {values[s.key].get<int64_t>()}))
      errors.push_back({"fields." + s.key, "ticket.field_person_not_found", "«" + s.label + "»: la persona no existe"});
    if (s.type == "area" && !tx.query_one("SELECT 1 FROM areas WHERE id = $1", {values[s.key].get<int64_t>()}))
      errors.push_back({"fields." + s.key, "ticket.field_area_not_found", "«" + s.label + "»: el área no existe"});
  }
}

void check_levels(std::optional<int64_t> impact, std::optional<int64_t> urgency, std::optional<int64_t> priority,
                  std::vector<FieldError>& errors) {
  if (impact && (*impact < 1 || *impact > 3)) errors.push_back({"impact", "ticket.impact_invalid", "El impacto va de 1 a 3"});
  if (urgency && (*urgency < 1 || *urgency > 3))
    errors.push_back({"urgency", "ticket.urgency_invalid", "La urgencia va de 1 a 3"});
  if (priority && (*priority < 1 || *priority > 4))
    errors.push_back({"priority", "ticket.priority_invalid", "La prioridad va de 1 (crítica) a 4 (baja)"});
}

struct CategoryRow {
  int64_t id, queue_id, impact, urgency;
  std::string kind;
  std::optional<int64_t> response_minutes, resolution_minutes;
  std::vector<FieldSpec> fields;
  bool active;
};

std::optional<CategoryRow> load_category(storage::Tx& tx, int64_t id) {
  auto r = tx.query_one("SELECT c.id, c.queue_id, c.impact, c.urgency, c.kind, c.response_minutes, c.resolution_minutes, "
                        "c.fields, CASE WHEN c.active = 1 AND q.active = 1 THEN 1 ELSE 0 END FROM helpdesk_categories c "
                        "JOIN helpdesk_queues q ON q.id = c.queue_id WHERE c.id = $1",
                        {id});
  if (!r) return std::nullopt;
  CategoryRow c{r->i64(0), r->i64(1), r->i64(2), r->i64(3), r->str(4), r->opt_i64(5), r->opt_i64(6), {}, r->boolean(8)};
  auto specs = parse_field_specs(json::parse(r->str(7), nullptr, false));
  if (specs) c.fields = *specs;
  return c;
}

}  // namespace

namespace {

json detail_json(storage::Tx& tx, const Calendar& cal, const Settings& s, const auth::Actor& actor, const TicketRow& t,
                 Timestamp now) {
  std::string now_s = to_iso(now);
  json j = summary_json(t, now_s);
  bool staff = is_staff(actor);
  bool worker = actor.can(Permission::kHelpdeskWork);
  bool requester = is_requester_side(actor, t);
  j["description"] = t.description;
  j["impact"] = t.impact;
  j["urgency"] = t.urgency;
  j["priority_reason"] = t.priority_reason ? json(*t.priority_reason) : json(nullptr);
  j["fields"] = json::parse(t.fields, nullptr, false);
  j["assets"] = json::parse(t.assets, nullptr, false);
  j["parent_id"] = t.parent_id ? json(*t.parent_id) : json(nullptr);
  j["duplicate_of_id"] = t.duplicate_of_id ? json(*t.duplicate_of_id) : json(nullptr);
  j["merged_into_id"] = t.merged_into_id ? json(*t.merged_into_id) : json(nullptr);
  j["first_response_at"] = t.first_response_at ? json(*t.first_response_at) : json(nullptr);
  j["resolved_at"] = t.resolved_at ? json(*t.resolved_at) : json(nullptr);
  j["closed_at"] = t.closed_at ? json(*t.closed_at) : json(nullptr);
  j["reopen_count"] = t.reopen_count;
  json children = json::array();
  // Children from other areas stay hidden from requesters, like the tickets themselves.
  for (auto& r : tx.query("SELECT id, title, status, area_id, requester_user_id, requester_person_id FROM helpdesk_tickets "
                          "WHERE parent_id = $1 ORDER BY id LIMIT 100",
                          {t.id})) {
    bool visible = staff || (actor.area_id && *actor.area_id == r.i64(3)) ||
                   (r.opt_i64(4) && *r.opt_i64(4) == actor.user_id) ||
                   (actor.person_id && r.opt_i64(5) && *r.opt_i64(5) == *actor.person_id);
    if (visible)
      children.push_back({{"id", r.i64(0)}, {"number", ticket_number(r.i64(0))}, {"title", r.str(1)}, {"status", r.str(2)}});
  }
  j["children"] = children;
  auto pauses = load_pauses(tx, t.id, now);  // one read for both clocks
  j["response_sla"] = sla_json(cal, t, true, pauses, now);
  j["resolution_sla"] = sla_json(cal, t, false, pauses, now);
  j["satisfaction"] = t.rating ? json{{"rating", *t.rating},
                                      {"comment", t.rating_comment ? json(*t.rating_comment) : json(nullptr)},
                                      {"at", t.rated_at ? json(*t.rated_at) : json(nullptr)}}
                               : json(nullptr);
  bool window = reopen_window_open(cal, s, t, now);
  auto staff_moves = allowed_transitions(t.status, Party::kStaff, true);
  auto requester_moves = allowed_transitions(t.status, Party::kRequester, window);
  std::set<std::string> moves;
  if (worker) moves.insert(staff_moves.begin(), staff_moves.end());
  if (requester) moves.insert(requester_moves.begin(), requester_moves.end());
  j["allowed_transitions"] = moves;
  bool requester_can = requester && actor.can(Permission::kHelpdeskRequest);
  j["can"] = {{"work", worker && !is_final(t.status)},
              {"reply", (worker || requester_can) && !is_final(t.status)},
              {"note", worker},
              {"confirm", requester_can && t.status == "resuelto"},
              {"reopen", requester_can && t.status == "resuelto" && window},
              {"cancel", requester_can && t.status == "nuevo"},
              {"rate", requester_can && !t.rating && (t.status == "resuelto" || t.status == "cerrado") && t.resolved_at.has_value()}};
  std::string vis = staff ? "" : " AND e.visibility = 'public'";
  int64_t total = tx.query_one("SELECT COUNT(*) FROM helpdesk_entries e WHERE e.ticket_id = $1" + vis, {t.id})->i64(0);
  json timeline = json::array();
  auto rows = tx.query(std::string(kEntrySelect) + " WHERE e.ticket_id = $1" + vis + " ORDER BY e.id DESC LIMIT $2",
                       {t.id, int64_t(kTimelineLimit)});
  for (auto it = rows.rbegin(); it != rows.rend(); ++it) timeline.push_back(entry_json(*it));
  j["timeline"] = timeline;
  j["timeline_total"] = total;
  return j;
}

void notify(storage::Tx& tx, const std::string& kind, const TicketRow& t, const HelpdeskConfig& cfg,
            std::optional<std::pair<std::string, std::string>> to, const std::string& extra, const std::string& now) {
  if (!to) return;
  Mail m = render_mail(kind, t, cfg.public_url, extra);
  m.to_address = to->first;
  m.to_name = to->second;
  queue_mail(tx, t.id, m, now);
}

}  // namespace

namespace detail {

// ---- the ticket list's filters (shared with the export) -----------------------------------------------------------------

Result<TicketQuery> ticket_query(const auth::Actor& actor, const TicketFilter& f, const std::string& now_s,
                                 storage::Dialect dialect) {
  bool read_all = actor.can(Permission::kHelpdeskReadAll);
  TicketQuery out;
  std::string& where = out.where;
  storage::Params& params = out.params;
  where = " WHERE 1 = 1";
  auto add = [&](const std::string& clause, storage::Param p) {
    params.push_back(std::move(p));
    std::string c = clause;
    auto pos = c.find("$?");
    while (pos != std::string::npos) {
      c.replace(pos, 2, "$" + std::to_string(params.size()));
      pos = c.find("$?");
    }
    where += " AND " + c;
  };
  std::string scope = f.scope.value_or(read_all ? "all" : "area");
  if (scope != "all" && scope != "mine" && scope != "area" && scope != "assigned")
    return Error::invalid("ticket.scope_invalid", "Alcance no válido: all, mine, area o assigned", "scope");
  if (!read_all && (scope == "all" || scope == "assigned")) scope = "area";
  if (scope == "mine") {
    if (actor.person_id) {
      params.push_back(actor.user_id);
      params.push_back(*actor.person_id);
      where += " AND (t.requester_user_id = $" + std::to_string(params.size() - 1) + " OR t.requester_person_id = $" +
               std::to_string(params.size()) + ")";
    } else {
      add("t.requester_user_id = $?", actor.user_id);
    }
  } else if (scope == "area") {
    if (!read_all) {
      params.push_back(actor.user_id);
      params.push_back(actor.area_id.value_or(-1));
      where += " AND (t.requester_user_id = $" + std::to_string(params.size() - 1) + " OR t.area_id = $" +
               std::to_string(params.size()) + ")";
    } else {
      add("t.area_id = $?", actor.area_id.value_or(-1));
    }
  } else if (scope == "assigned") {
    add("t.assignee_id = $?", actor.user_id);
  }
  // Status filter: "open" means every non-final, unresolved status.
  std::vector<std::string> statuses;
  bool open_only = false;
  for (auto& s : f.statuses) {
    if (s == "open") open_only = true;
    else if (!valid_status(s))
      return Error::invalid("ticket.status_invalid", "Estado no válido: " + s.substr(0, 40), "status");
    else statuses.push_back(s);
  }
  if (open_only && statuses.empty()) where += " AND t.is_open = 1";
  else if (open_only || !statuses.empty()) {
    std::string in = open_only ? "t.is_open = 1 OR t.status IN (" : "t.status IN (";
    for (size_t i = 0; i < statuses.size(); ++i) {
      params.push_back(statuses[i]);
      in += (i ? ", $" : "$") + std::to_string(params.size());
    }
    if (statuses.empty()) in += "''";
    where += " AND (" + in + "))";
  }
  if (f.queue_id) add("t.queue_id = $?", *f.queue_id);
  if (f.assignee_id) {
    if (*f.assignee_id == 0) where += " AND t.assignee_id IS NULL";
    else add("t.assignee_id = $?", *f.assignee_id);
  }
  if (f.priority) {
    if (*f.priority < 1 || *f.priority > 4) return Error::invalid("ticket.priority_invalid", "La prioridad va de 1 a 4", "priority");
    add("t.priority = $?", *f.priority);
  }
  if (f.category_id) add("t.category_id = $?", *f.category_id);
  if (f.area_id) add("t.area_id = $?", *f.area_id);
  if (f.kind) {
    if (!valid_kind(*f.kind)) return Error::invalid("ticket.kind_invalid", "Tipo no válido: reporte o solicitud", "kind");
    add("t.kind = $?", *f.kind);
  }
  if (f.sla) {
    if (*f.sla == "breached")
      add("t.is_open = 1 AND t.paused_since IS NULL AND (t.resolution_due_at <= $? OR (t.first_response_at IS NULL AND "
          "t.response_due_at <= $?))",
          now_s);
    else if (*f.sla == "warning")
      add("t.is_open = 1 AND t.paused_since IS NULL AND t.resolution_due_at > $? AND (t.resolution_warn_at <= $? OR "
          "(t.first_response_at IS NULL AND t.response_warn_at <= $?))",
          now_s);
    else
      return Error::invalid("ticket.sla_filter_invalid", "Filtro de SLA no válido: warning o breached", "sla");
  }
  if (f.updated_since) {
    if (!parse_iso(*f.updated_since))
      return Error::invalid("ticket.updated_since_invalid", "Use una fecha ISO-8601", "updated_since");
    add("t.updated_at > $?", *f.updated_since);
  }
  bool pg = dialect == storage::Dialect::kPostgres;
  if (f.q && !trim(*f.q).empty()) {
    auto fts = pg ? tsquery_text(*f.q) : fts5_query(*f.q);
    if (!fts) return Error::invalid("ticket.q_invalid", "Escriba al menos una palabra para buscar", "q");
    std::string vis = read_all ? "" : " AND e.visibility = 'public'";
    params.push_back(*fts);
    std::string n = "$" + std::to_string(params.size());
    if (pg)
      // A UNION of the two GIN lookups; an OR across them makes PostgreSQL scan every ticket.
      where += " AND t.id IN (SELECT id FROM helpdesk_tickets WHERE search_tsv @@ to_tsquery('spanish', " + n +
               ") UNION SELECT e.ticket_id FROM helpdesk_entries e WHERE e.search_tsv @@ to_tsquery('spanish', " + n +
               ")" + vis + ")";
    else
      where += " AND t.id IN (SELECT rowid FROM helpdesk_ticket_fts WHERE helpdesk_ticket_fts MATCH " + n +
               " UNION SELECT e.ticket_id FROM helpdesk_entry_fts JOIN helpdesk_entries e ON e.id = helpdesk_entry_fts.rowid "
               "WHERE helpdesk_entry_fts MATCH " + n + vis + ")";
  }
  std::string sort = f.sort.value_or("-updated_at");
  std::string& order = out.order;
  if (sort == "-updated_at") order = " ORDER BY t.updated_at DESC, t.id DESC";
  else if (sort == "updated_at") order = " ORDER BY t.updated_at, t.id";
  else if (sort == "-created_at") order = " ORDER BY t.id DESC";
  else if (sort == "created_at") order = " ORDER BY t.id";
  else if (sort == "priority") order = " ORDER BY t.priority, t.updated_at DESC, t.id DESC";
  else if (sort == "-priority") order = " ORDER BY t.priority DESC, t.updated_at DESC, t.id DESC";
  else if (sort == "resolution_due_at") order = " ORDER BY (t.resolution_due_at IS NULL), t.resolution_due_at, t.id";
  else
    return Error::invalid("ticket.sort_invalid",
                          "Orden no válido: -updated_at, updated_at, -created_at, created_at, priority, -priority o "
                          "resolution_due_at",
                          "sort");
  return out;
}

}  // namespace detail

// ---- create / read -----------------------------------------------------------------------------

Result<json> HelpdeskService::create_ticket(const auth::Actor& actor, const TicketInput& in) {
  if (!actor.can(Permission::kHelpdeskRequest)) return Error::forbidden();
  bool staff = actor.can(Permission::kHelpdeskWork);
  std::vector<FieldError> errors;
  if (!in.kind) errors.push_back({"kind", "required", "Indique si es reporte o solicitud"});
  else if (!valid_kind(*in.kind)) errors.push_back({"kind", "ticket.kind_invalid", "Tipo no válido: reporte o solicitud"});
  if (!in.title) errors.push_back({"title", "required", "El título es obligatorio"});
  if (!in.description) errors.push_back({"description", "required", "La descripción es obligatoria"});
  if (!in.category_id) errors.push_back({"category_id", "required", "Elija una categoría del catálogo"});
  if (!staff) {
    const char* msg = "Solo el personal de la mesa de servicio puede indicarlo";
    if (in.channel && *in.channel != "portal") errors.push_back({"channel", "ticket.field_not_allowed", msg});
    if (in.requester_person_id) errors.push_back({"requester_person_id", "ticket.field_not_allowed", msg});
    if (in.impact) errors.push_back({"impact", "ticket.field_not_allowed", msg});
    if (in.urgency) errors.push_back({"urgency", "ticket.field_not_allowed", msg});
    if (in.priority) errors.push_back({"priority", "ticket.field_not_allowed", msg});
    if (in.priority_reason) errors.push_back({"priority_reason", "ticket.field_not_allowed", msg});
  } else if (in.channel && !valid_channel(*in.channel)) {
    errors.push_back({"channel", "ticket.channel_invalid", "Canal no válido: portal, teléfono, correo o presencial"});
  }
  check_levels(in.impact, in.urgency, in.priority, errors);
  std::vector<std::string> assets;
  if (in.assets) {
    auto a = check_assets(*in.assets);
    if (!a) errors.push_back(a.error().fields.front());
    else assets = *a;
  }
  if (!errors.empty()) return Error::invalid_fields(errors);

  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto cat = load_category(tx, *in.category_id);
  if (!cat || !cat->active) return Error::invalid("ticket.category_not_found", "La categoría no existe o no está activa", "category_id");
  if (cat->kind != "ambos" && cat->kind != *in.kind)
    errors.push_back({"kind", "ticket.kind_mismatch",
                      cat->kind == "reporte" ? "Esta categoría es para reportes" : "Esta categoría es para solicitudes"});
  json fields = json::object();
  {
    auto v = validate_field_values(cat->fields, in.fields.value_or(json::object()));
    if (!v) {
      for (auto& e : v.error().fields) errors.push_back(e);
      if (v.error().fields.empty()) errors.push_back({"fields", v.error().code, v.error().message});
    } else {
      fields = *v;
      check_reference_fields(tx, cat->fields, fields, errors);
    }
  }
  // Who asks, and for which area.
  std::optional<int64_t> person_id = actor.person_id;
  std::optional<int64_t> requester_user = actor.user_id > 0 ? std::optional(actor.user_id) : std::nullopt;
  std::optional<int64_t> area_id = actor.area_id;
  std::string requester_name = actor_name(actor);
  if (staff && in.requester_person_id) {
    auto p = tx.query_one("SELECT p.full_name, p.area_id, p.active, (SELECT u.id FROM users u WHERE u.person_id = p.id "
                          "ORDER BY u.id LIMIT 1) FROM people p WHERE p.id = $1",
                          {*in.requester_person_id});
    if (!p || !p->boolean(2)) {
      errors.push_back({"requester_person_id", "ticket.requester_not_found", "La persona no existe o no está activa"});
    } else {
      person_id = *in.requester_person_id;
      requester_name = p->str(0);
      area_id = p->i64(1);
      requester_user = p->opt_i64(3);
    }
  } else if (person_id) {
    if (auto p = tx.query_one("SELECT full_name, area_id FROM people WHERE id = $1", {*person_id})) {
      requester_name = p->str(0);
      area_id = p->i64(1);
    }
  }
  if (!area_id)
    errors.push_back({"requester_person_id", "ticket.requester_area_missing",
                      "Su cuenta no tiene un área asignada; pida al administrador que la registre"});
  if (in.parent_id) {
    auto parent = load_ticket(tx, *in.parent_id);
    if (!parent || !can_read(actor, *parent))
      errors.push_back({"parent_id", "ticket.parent_not_found", "El ticket padre no existe"});
  }
  int64_t impact = in.impact.value_or(cat->impact), urgency = in.urgency.value_or(cat->urgency);
  int64_t derived = derive_priority(impact, urgency);
  int64_t priority = in.priority.value_or(derived);
  std::optional<std::string> reason = in.priority_reason;
  if (priority != derived && (!reason || trim(*reason).empty()))
    errors.push_back({"priority_reason", "ticket.priority_reason_required",
                      "Explique por qué la prioridad difiere de la que resulta del impacto y la urgencia"});
  if (!errors.empty()) return Error::invalid_fields(errors);

  const SlaTarget& target = c.settings.target(priority);
  int64_t response_minutes = cat->response_minutes.value_or(target.response_minutes);
  int64_t resolution_minutes = cat->resolution_minutes.value_or(target.resolution_minutes);
  std::string channel = staff ? in.channel.value_or("portal") : "portal";
  std::optional<int64_t> assignee = auto_assignee(tx, cat->queue_id);
  std::string status = assignee ? "asignado" : "nuevo";
  storage::Params params = {*in.kind,
                            *in.title,
                            *in.description,
                            cat->id,
                            cat->queue_id,
                            channel,
                            storage::opt(person_id),
                            storage::opt(requester_user),
                            requester_name,
                            *area_id,
                            impact,
                            urgency,
                            priority,
                            storage::opt(reason),
                            status,
                            storage::opt(assignee),
                            storage::opt(in.parent_id),
                            fields.dump(),
                            json(assets).dump(),
                            response_minutes,
                            resolution_minutes,
                            actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr),
                            c.now_s};
  // Both clocks start now with no pauses yet.
  Clock2 response = clock_for(c.cal, c.now, response_minutes, c.settings.warning_percent, {});
  Clock2 resolution = clock_for(c.cal, c.now, resolution_minutes, c.settings.warning_percent, {});
  for (auto* v : {&response.due, &response.warn, &resolution.due, &resolution.warn}) params.push_back(storage::opt(*v));
  std::string sql =
      "INSERT INTO helpdesk_tickets (kind, title, description, category_id, queue_id, channel, requester_person_id, "
      "requester_user_id, requester_name, area_id, impact, urgency, priority, priority_reason, status, assignee_id, "
      "parent_id, fields, assets, response_minutes, resolution_minutes, created_by, created_at, updated_at, "
      "response_due_at, response_warn_at, resolution_due_at, resolution_warn_at";
  const char* values = ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
                       "$20, $21, $22, $23, $23, $24, $25, $26, $27";
  if (tx.dialect() == storage::Dialect::kPostgres) {
    params.push_back(search_text(*in.title, *in.description));
    sql += std::string(", search_tsv") + values + ", to_tsvector('spanish', $28)) RETURNING id";
  } else {
    sql += std::string(values) + ") RETURNING id";
  }
  int64_t id = tx.query_one(sql, params)->i64(0);
  if (assignee) {
    auto who = tx.query_one("SELECT display_name FROM users WHERE id = $1", {*assignee});
    EntryInput e = event({{"assignee", {{"from", nullptr}, {"to", who ? who->str(0) : ""}}}, {"rule", "auto"}});
    e.via = "sistema";
    detail::add_entry(tx, id, nullptr, e, c.now_s);
  }
  TicketRow t = *load_ticket(tx, id);
  notify(tx, "new", t, config_, requester_address(tx, t), "", c.now_s);
  if (assignee) notify(tx, "assigned", t, config_, user_address(tx, *assignee), "", c.now_s);
  json out = detail_json(tx, c.cal, c.settings, actor, t, c.now);
  // Last: the audit chain's head row is the one lock every writer shares; hold it briefly.
  audit_.record(tx, actor,
                {"create", "helpdesk_ticket", std::to_string(id), {{"title", t.title}, {"category", t.category_name}, {"requester", t.requester_name},
                  {"priority", t.priority}, {"status", t.status}}});
  tx.commit();
  return out;
}

Result<json> HelpdeskService::get_ticket(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kHelpdeskRequest) && !actor.can(Permission::kHelpdeskReadAll)) return Error::forbidden();
  Ctx c(*this, storage::Tx::Mode::kRead);
  auto t = load_ticket(c.tx, id);
  if (!t || !can_read(actor, *t)) return ticket_not_found();
  return detail_json(c.tx, c.cal, c.settings, actor, *t, c.now);
}

Result<Page> HelpdeskService::list_entries(const auth::Actor& actor, int64_t ticket_id, const PageRequest& page) {
  Ctx c(*this, storage::Tx::Mode::kRead);
  auto t = load_ticket(c.tx, ticket_id);
  if (!t || !can_read(actor, *t)) return ticket_not_found();
  std::string vis = is_staff(actor) ? "" : " AND e.visibility = 'public'";
  Page out;
  out.request = page;
  out.total = c.tx.query_one("SELECT COUNT(*) FROM helpdesk_entries e WHERE e.ticket_id = $1" + vis, {ticket_id})->i64(0);
  for (auto& r : c.tx.query(std::string(kEntrySelect) + " WHERE e.ticket_id = $1" + vis + " ORDER BY e.id LIMIT $2 OFFSET $3",
                            {ticket_id, page.per_page, page.offset()}))
    out.items.push_back(entry_json(r));
  return out;
}

// ---- lists -------------------------------------------------------------------------------------

Result<Page> HelpdeskService::list_tickets(const auth::Actor& actor, const TicketFilter& f, const PageRequest& page) {
  bool read_all = actor.can(Permission::kHelpdeskReadAll);
  if (!read_all && !actor.can(Permission::kHelpdeskRequest)) return Error::forbidden();
  std::string now_s = to_iso(now());
  auto conn = pool_.acquire();
  bool pg = conn->dialect() == storage::Dialect::kPostgres;
  auto query = ticket_query(actor, f, now_s, conn->dialect());
  if (!query) return query.error();
  const std::string& where = query->where;
  const std::string& order = query->order;
  const storage::Params& params = query->params;
  bool fts = f.q && !trim(*f.q).empty();
  Page out;
  out.request = page;
  std::vector<int64_t> ids;
  if (!pg) {
    out.total = conn->count_and_slice("SELECT t.id FROM helpdesk_tickets t" + where + order, params, page.offset(),
                                      page.per_page, ids);
  } else {
    out.total = conn->query_one("SELECT COUNT(*) FROM helpdesk_tickets t" + where, params)->i64(0);
    if (out.total > page.offset()) {
      storage::Params p2 = params;
      p2.push_back(page.per_page);
      p2.push_back(page.offset());
      for (auto& r : conn->query("SELECT t.id FROM helpdesk_tickets t" + where + order + " LIMIT $" +
                                     std::to_string(p2.size() - 1) + " OFFSET $" + std::to_string(p2.size()),
                                 p2))
        ids.push_back(r.i64(0));
    }
  }
  if (ids.empty()) return out;
  JsonWriter id_list;
  id_list.begin_array();
  for (int64_t id : ids) id_list.value(id);
  id_list.end_array();
  std::string in_ids = pg ? " WHERE t.id IN (SELECT value::bigint FROM json_array_elements_text($1::json))"
                          : " WHERE t.id IN (SELECT value FROM json_each($1))";
  std::map<int64_t, TicketRow> by_id;
  for (auto& r : conn->query(std::string(kTicketSelect) + in_ids, {id_list.take()})) {
    TicketRow t = TicketRow::from(r);
    by_id.emplace(t.id, std::move(t));
  }
  for (int64_t id : ids) {
    auto it = by_id.find(id);
    if (it == by_id.end()) continue;
    json j = summary_json(it->second, now_s);
    if (fts) {
      // Excerpts are marked here, not by the indexes: one index probe per row cost more than the search.
      std::optional<std::string> hl = highlight(it->second.title, *f.q);
      if (!hl) hl = highlight(it->second.description, *f.q);
      if (!hl) {
        std::string vis = read_all ? "" : " AND e.visibility = 'public'";
        for (auto& e : conn->query("SELECT e.body FROM helpdesk_entries e WHERE e.ticket_id = $1 AND e.kind IN "
                                   "('reply','note')" + vis + " ORDER BY e.id DESC LIMIT 50",
                                   {id}))
          if ((hl = highlight(e.view(0), *f.q))) break;
      }
      j["highlight"] = hl ? json(*hl) : json(nullptr);
    }
    out.items.push_back(std::move(j));
  }
  return out;
}

// ---- changes -----------------------------------------------------------------------------------

Error HelpdeskService::denied_work(const auth::Actor& actor, int64_t id) {
  if (actor.can(Permission::kHelpdeskRequest)) {
    Ctx c(*this, storage::Tx::Mode::kRead);
    auto t = load_ticket(c.tx, id);
    if (!t || !can_read(actor, *t)) return ticket_not_found();
  }
  return Error::forbidden();
}

Result<json> HelpdeskService::update_ticket(const auth::Actor& actor, int64_t id, const TicketPatch& in) {
  if (!actor.can(Permission::kHelpdeskWork)) return denied_work(actor, id);
  std::vector<FieldError> errors;
  if (in.kind && !valid_kind(*in.kind)) errors.push_back({"kind", "ticket.kind_invalid", "Tipo no válido: reporte o solicitud"});
  check_levels(in.impact, in.urgency, in.priority, errors);
  std::optional<std::vector<std::string>> assets;
  if (in.assets) {
    auto a = check_assets(*in.assets);
    if (!a) errors.push_back(a.error().fields.front());
    else assets = *a;
  }
  if (!errors.empty()) return Error::invalid_fields(errors);
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto found = load_ticket(tx, id);
  if (!found) return ticket_not_found();
  TicketRow t = *found;
  if (is_final(t.status)) return Error::conflict("ticket.final", "El ticket está cerrado o cancelado; no admite cambios");
  json changes = json::object();
  storage::UpdateBuilder u("helpdesk_tickets");
  u.set("updated_at", c.now_s);
  auto change = [&](const char* key, json from, json to) {
    if (from != to) changes[key] = {{"from", from}, {"to", to}};
  };
  int64_t category_id = in.category_id.value_or(t.category_id);
  std::string kind = in.kind.value_or(t.kind);
  auto cat = load_category(tx, category_id);
  if (!cat || (in.category_id && !cat->active))
    errors.push_back({"category_id", "ticket.category_not_found", "La categoría no existe o no está activa"});
  else if (cat->kind != "ambos" && cat->kind != kind)
    errors.push_back({"kind", "ticket.kind_mismatch",
                      cat->kind == "reporte" ? "Esta categoría es para reportes" : "Esta categoría es para solicitudes"});
  if (cat && (in.fields || in.category_id)) {
    json values = in.fields.value_or(json::parse(t.fields, nullptr, false));
    auto v = validate_field_values(cat->fields, values);
    if (!v) {
      for (auto& e : v.error().fields) errors.push_back(e);
    } else {
      check_reference_fields(tx, cat->fields, *v, errors);
      if (v->dump() != t.fields) {
        u.set("fields", v->dump());
        change("fields", json::parse(t.fields, nullptr, false), *v);
      }
    }
  }
  auto link_check = [&](const Nullable<int64_t>& v, const char* field, const char* msg) {
    if (v && *v) {
      if (**v == id) errors.push_back({field, "ticket.link_self", "Un ticket no puede enlazarse consigo mismo"});
      else if (!tx.query_one("SELECT 1 FROM helpdesk_tickets WHERE id = $1", {**v})) errors.push_back({field, "ticket.link_not_found", msg});
    }
  };
  link_check(in.parent_id, "parent_id", "El ticket padre no existe");
  link_check(in.duplicate_of_id, "duplicate_of_id", "El ticket original no existe");
  int64_t impact = in.impact.value_or(t.impact), urgency = in.urgency.value_or(t.urgency);
  int64_t derived = derive_priority(impact, urgency);
  bool priority_inputs = in.impact || in.urgency || in.priority;
  int64_t priority = in.priority.value_or(priority_inputs && !in.priority ? derived : t.priority);
  std::optional<std::string> reason = in.priority_reason ? *in.priority_reason : t.priority_reason;
  if (priority == derived) reason = in.priority_reason && *in.priority_reason ? reason : std::nullopt;
  if (priority != derived && (!reason || trim(*reason).empty()))
    errors.push_back({"priority_reason", "ticket.priority_reason_required",
                      "Explique por qué la prioridad difiere de la que resulta del impacto y la urgencia"});
  if (!errors.empty()) return Error::invalid_fields(errors);

  if (in.title && *in.title != t.title) { u.set("title", *in.title); change("title", t.title, *in.title); }
  if (in.description && *in.description != t.description) {
    u.set("description", *in.description);
    changes["description"] = {{"from", nullptr}, {"to", nullptr}, {"changed", true}};
  }
  if (kind != t.kind) { u.set("kind", kind); change("kind", t.kind, kind); }
  if (category_id != t.category_id) {
    u.set("category_id", category_id);
    auto name = tx.query_one("SELECT name FROM helpdesk_categories WHERE id = $1", {category_id})->str(0);
    change("category", t.category_name, name);
  }
  if (impact != t.impact) { u.set("impact", impact); change("impact", t.impact, impact); }
  if (urgency != t.urgency) { u.set("urgency", urgency); change("urgency", t.urgency, urgency); }
  bool sla_change = false;
  if (priority != t.priority) {
    u.set("priority", priority);
    change("priority", t.priority, priority);
    // A new priority brings the new priority's targets unless the category fixes them.
    const SlaTarget& target = c.settings.target(priority);
    u.set("response_minutes", cat->response_minutes.value_or(target.response_minutes));
    u.set("resolution_minutes", cat->resolution_minutes.value_or(target.resolution_minutes));
    sla_change = true;
  }
  if (reason != t.priority_reason) { u.set("priority_reason", storage::opt(reason)); change("priority_reason", t.priority_reason ? json(*t.priority_reason) : json(nullptr), reason ? json(*reason) : json(nullptr)); }
  if (assets) {
    std::string a = json(*assets).dump();
    if (a != t.assets) { u.set("assets", a); change("assets", json::parse(t.assets, nullptr, false), *assets); }
  }
  if (in.parent_id) {
    std::optional<int64_t> v = *in.parent_id;
    if (v != t.parent_id) { u.set("parent_id", storage::opt(v)); change("parent_id", t.parent_id ? json(*t.parent_id) : json(nullptr), v ? json(*v) : json(nullptr)); }
  }
  if (in.duplicate_of_id) {
    std::optional<int64_t> v = *in.duplicate_of_id;
    if (v != t.duplicate_of_id) { u.set("duplicate_of_id", storage::opt(v)); change("duplicate_of_id", t.duplicate_of_id ? json(*t.duplicate_of_id) : json(nullptr), v ? json(*v) : json(nullptr)); }
  }
  if (changes.empty()) return detail_json(tx, c.cal, c.settings, actor, t, c.now);
  u.execute_by_id(tx, id);
  if ((in.title || in.description) && tx.dialect() == storage::Dialect::kPostgres)
    tx.execute("UPDATE helpdesk_tickets SET search_tsv = to_tsvector('spanish', $1) WHERE id = $2",
               {search_text(in.title.value_or(t.title), in.description.value_or(t.description)), id});
  if (sla_change) recompute_sla(tx, c.cal, c.settings, id, c.now);
  detail::add_entry(tx, id, &actor, event(changes), c.now_s);
  audit_.record(tx, actor, {"update", "helpdesk_ticket", std::to_string(id), changes});
  TicketRow after = *load_ticket(tx, id);
  json out = detail_json(tx, c.cal, c.settings, actor, after, c.now);
  tx.commit();
  return out;
}

namespace detail {

// Moves a ticket to `to` inside the caller's transaction: pauses, timestamps, SLA, entry.
void apply_status(storage::Tx& tx, const Calendar& cal, const Settings& s, const TicketRow& t, const std::string& to,
                  const auth::Actor* actor, const std::string& via, Timestamp now, bool reopen) {
  std::string now_s = to_iso(now);
  bool was_waiting = is_waiting(t.status), waits = is_waiting(to);
  if (was_waiting && !waits)
    tx.execute("UPDATE helpdesk_pauses SET to_at = $1 WHERE ticket_id = $2 AND to_at IS NULL", {now_s, t.id});
  if (waits && !was_waiting)
    tx.execute("INSERT INTO helpdesk_pauses (ticket_id, reason, from_at) VALUES ($1, $2, $3)", {t.id, to, now_s});
  storage::UpdateBuilder u("helpdesk_tickets");
  u.set("status", to).set("updated_at", now_s).set("is_open", is_open_status(to));
  if (waits && !was_waiting) u.set("paused_since", now_s);
  if (!waits && was_waiting) u.set("paused_since", nullptr);
  if (to == "resuelto") u.set("resolved_at", now_s);
  if (to == "cerrado" || to == "cancelado") u.set("closed_at", now_s);
  if (reopen) {
    u.set("resolved_at", nullptr).set("reopen_count", t.reopen_count + 1);
  }
  // A staff member starting work counts as the first response.
  if (!t.first_response_at && actor && is_staff(*actor) && (to == "en_proceso" || to == "resuelto" || waits))
    u.set("first_response_at", now_s);
  u.execute_by_id(tx, t.id);
  if (waits != was_waiting) recompute_sla(tx, cal, s, t.id, now);
  EntryInput e = event({{"status", {{"from", t.status}, {"to", to}}}});
  e.via = via;
  detail::add_entry(tx, t.id, actor, e, now_s);
}

}  // namespace detail

Result<json> HelpdeskService::transition(const auth::Actor& actor, int64_t id, const std::string& status,
                                         const std::optional<std::string>& comment) {
  if (!actor.can(Permission::kHelpdeskRequest) && !actor.can(Permission::kHelpdeskWork)) return Error::forbidden();
  if (!valid_status(status)) return Error::invalid("ticket.status_invalid", "Estado no válido", "status");
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto found = load_ticket(tx, id);
  if (!found || !can_read(actor, *found)) return ticket_not_found();
  TicketRow t = *found;
  bool worker = actor.can(Permission::kHelpdeskWork);
  bool requester = is_requester_side(actor, t) && actor.can(Permission::kHelpdeskRequest);
  bool window = reopen_window_open(c.cal, c.settings, t, c.now);
  bool ok = (worker && transition_allowed(t.status, status, Party::kStaff, true)) ||
            (requester && transition_allowed(t.status, status, Party::kRequester, window));
  if (!ok) {
    if (!worker && !requester) return Error::forbidden();
    if (requester && !worker && t.status == "resuelto" && status == "en_proceso")
      return Error::conflict("ticket.reopen_expired", "El plazo para reabrir (" + std::to_string(c.settings.reopen_days) +
                                                          " días hábiles) ya venció; levante un ticket nuevo");
    return Error::conflict("ticket.transition_invalid", "No se puede pasar de «" + std::string(status_label(t.status)) +
                                                            "» a «" + std::string(status_label(status)) + "»");
  }
  std::string text = comment ? trim(*comment) : "";
  bool reopen = t.status == "resuelto" && status == "en_proceso";
  if (status == "resuelto" && text.empty())
    return Error::invalid("ticket.solution_required", "Describa la solución aplicada", "comment");
  if (reopen && text.empty()) return Error::invalid("ticket.reopen_reason_required", "Explique por qué reabre el ticket", "comment");
  if (status == "cancelado" && text.empty() && !worker)
    return Error::invalid("ticket.cancel_reason_required", "Explique por qué cancela", "comment");
  apply_status(tx, c.cal, c.settings, t, status, &actor, "web", c.now, reopen);
  if (!text.empty()) detail::add_entry(tx, id, &actor, {"reply", "public", "web", text, std::nullopt, std::nullopt}, c.now_s);
  audit_.record(tx, actor, {"update", "helpdesk_ticket", std::to_string(id), {{"status", {{"from", t.status}, {"to", status}}}}});
  TicketRow after = *load_ticket(tx, id);
  if (status == "resuelto") notify(tx, "resolved", after, config_, requester_address(tx, after), text, c.now_s);
  else if (reopen && after.assignee_id)
    notify(tx, "reply", after, config_, user_address(tx, *after.assignee_id),
           actor_name(actor) + " reabrió el ticket:\n\n" + text, c.now_s);
  json out = detail_json(tx, c.cal, c.settings, actor, after, c.now);
  tx.commit();
  return out;
}

Result<json> HelpdeskService::assign(const auth::Actor& actor, int64_t id, const AssignInput& in) {
  if (!actor.can(Permission::kHelpdeskWork)) return denied_work(actor, id);
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto found = load_ticket(tx, id);
  if (!found) return ticket_not_found();
  TicketRow t = *found;
  if (is_final(t.status) || t.status == "resuelto")
    return Error::conflict("ticket.final", "El ticket ya está resuelto, cerrado o cancelado");
  int64_t queue_id = in.queue_id.value_or(t.queue_id);
  std::vector<FieldError> errors;
  if (in.queue_id && !tx.query_one("SELECT 1 FROM helpdesk_queues WHERE id = $1 AND active = 1", {*in.queue_id}))
    errors.push_back({"queue_id", "ticket.queue_not_found", "La cola no existe o no está activa"});
  std::string reason = in.reason ? trim(*in.reason) : "";
  if (in.queue_id && *in.queue_id != t.queue_id && reason.empty())
    errors.push_back({"reason", "ticket.escalation_reason_required", "Explique por qué cambia de cola"});
  std::optional<int64_t> assignee = in.assignee_id;
  if (!errors.empty()) return Error::invalid_fields(errors);
  if (in.auto_assign) assignee = auto_assignee(tx, queue_id);
  else if (assignee && !eligible_assignee(tx, queue_id, *assignee))
    return Error::invalid("ticket.assignee_invalid", "La persona no es personal activo del departamento de esa cola",
                          "assignee_id");
  json changes = json::object();
  storage::UpdateBuilder u("helpdesk_tickets");
  u.set("updated_at", c.now_s);
  if (queue_id != t.queue_id) {
    u.set("queue_id", queue_id);
    auto name = tx.query_one("SELECT name FROM helpdesk_queues WHERE id = $1", {queue_id})->str(0);
    changes["queue"] = {{"from", t.queue_name}, {"to", name}};
  }
  if (assignee != t.assignee_id) {
    u.set("assignee_id", storage::opt(assignee));
    std::string to_name = assignee ? tx.query_one("SELECT display_name FROM users WHERE id = $1", {*assignee})->str(0) : "";
    changes["assignee"] = {{"from", t.assignee_name ? json(*t.assignee_name) : json(nullptr)},
                           {"to", assignee ? json(to_name) : json(nullptr)}};
  }
  std::string status = t.status;
  if (assignee && t.status == "nuevo") status = "asignado";
  if (!assignee && t.status == "asignado") status = "nuevo";
  if (status != t.status) {
    u.set("status", status);
    changes["status"] = {{"from", t.status}, {"to", status}};
  }
  if (changes.empty()) return detail_json(tx, c.cal, c.settings, actor, t, c.now);
  if (!reason.empty()) changes["reason"] = reason;
  if (in.auto_assign) changes["rule"] = "auto";
  u.execute_by_id(tx, id);
  detail::add_entry(tx, id, &actor, event(changes), c.now_s);
  audit_.record(tx, actor, {"update", "helpdesk_ticket", std::to_string(id), changes});
  TicketRow after = *load_ticket(tx, id);
  if (assignee && assignee != t.assignee_id && *assignee != actor.user_id)
    notify(tx, "assigned", after, config_, user_address(tx, *assignee),
           reason.empty() ? "" : "Motivo: " + reason + "\n", c.now_s);
  json out = detail_json(tx, c.cal, c.settings, actor, after, c.now);
  tx.commit();
  return out;
}

Result<json> HelpdeskService::take(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kHelpdeskWork)) return assign(actor, id, {});
  {
    Ctx c(*this, storage::Tx::Mode::kRead);
    auto t = load_ticket(c.tx, id);
    if (!t) return ticket_not_found();
    if (!eligible_assignee(c.tx, t->queue_id, actor.user_id))
      return Error::conflict("ticket.take_other_queue",
                             "Solo el personal del departamento de la cola puede tomar el ticket; reasígnelo o escálelo");
  }
  AssignInput in;
  in.assignee_id = actor.user_id;
  return assign(actor, id, in);
}

Result<json> HelpdeskService::add_entry(const auth::Actor& actor, int64_t id, const std::string& kind, const std::string& body) {
  if (!actor.can(Permission::kHelpdeskRequest) && !actor.can(Permission::kHelpdeskWork)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (kind != "reply" && kind != "note") errors.push_back({"kind", "entry.kind_invalid", "Tipo no válido: reply o note"});
  std::string text = trim(body);
  if (text.empty()) errors.push_back({"body", "required", "Escriba el mensaje"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto found = load_ticket(tx, id);
  if (!found || !can_read(actor, *found)) return ticket_not_found();
  TicketRow t = *found;
  bool worker = actor.can(Permission::kHelpdeskWork);
  bool requester = is_requester_side(actor, t);
  if (kind == "note" && !worker) return Error::forbidden("entry.note_forbidden", "Solo el personal de la DSI escribe notas internas");
  if (!worker && !requester) return Error::forbidden();
  if (is_final(t.status)) return Error::conflict("ticket.final", "El ticket está cerrado o cancelado; levante uno nuevo");
  int64_t entry_id = detail::add_entry(tx, id, &actor, {kind, kind == "note" ? "internal" : "public", "web", text, std::nullopt, std::nullopt},
                                       c.now_s);
  storage::UpdateBuilder u("helpdesk_tickets");
  u.set("updated_at", c.now_s);
  bool staff_reply = worker && kind == "reply" && !requester;
  if (worker && kind == "reply" && !t.first_response_at) u.set("first_response_at", c.now_s);
  u.execute_by_id(tx, id);
  // The requester answering what was asked restarts the clock.
  if (!worker && t.status == "en_espera_solicitante")
    apply_status(tx, c.cal, c.settings, t, "en_proceso", &actor, "web", c.now, false);
  audit_.record(tx, actor, {"create", "helpdesk_entry", std::to_string(entry_id), {{"ticket_id", id}, {"kind", kind}}});
  TicketRow after = *load_ticket(tx, id);
  if (kind == "reply") {
    std::string extra = actor_name(actor) + " escribió:\n\n" + text;
    if (staff_reply || (worker && !requester)) notify(tx, "reply", after, config_, requester_address(tx, after), extra, c.now_s);
    else if (after.assignee_id && *after.assignee_id != actor.user_id)
      notify(tx, "reply", after, config_, user_address(tx, *after.assignee_id), extra, c.now_s);
  }
  auto row = tx.query_one(std::string(kEntrySelect) + " WHERE e.id = $1", {entry_id});
  json out = entry_json(*row);
  tx.commit();
  return out;
}

Result<json> HelpdeskService::add_attachment(const auth::Actor& actor, int64_t id, const std::string& filename,
                                             std::string_view content) {
  if (!actor.can(Permission::kHelpdeskRequest) && !actor.can(Permission::kHelpdeskWork)) return Error::forbidden();
  {
    Ctx c(*this, storage::Tx::Mode::kRead);
    auto t = load_ticket(c.tx, id);
    if (!t || !can_read(actor, *t)) return ticket_not_found();
    if (!actor.can(Permission::kHelpdeskWork) && !is_requester_side(actor, *t)) return Error::forbidden();
    if (is_final(t->status)) return Error::conflict("ticket.final", "El ticket está cerrado o cancelado");
  }
  std::string name = trim(filename);
  auto type = check_attachment(config_, name, content);
  if (!type) return type.error();
  std::string sha = sha256_hex(content);
  store_blob(config_.data_dir + "/attachments", sha, content);  // before the row: a crash leaves only an orphan file
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto t = load_ticket(tx, id);
  if (!t) return ticket_not_found();
  auto [attachment_id, entry_id] = add_attachment_row(tx, id, actor, "web", name, *type, sha, content.size(), c.now_s);
  tx.execute("UPDATE helpdesk_tickets SET updated_at = $1 WHERE id = $2", {c.now_s, id});
  audit_.record(tx, actor,
                {"create", "helpdesk_attachment", std::to_string(attachment_id), {{"ticket_id", id}, {"filename", name}, {"size", content.size()}, {"sha256", sha}}});
  json out = entry_json(*tx.query_one(std::string(kEntrySelect) + " WHERE e.id = $1", {entry_id}));
  tx.commit();
  return out;
}

Result<Attachment> HelpdeskService::get_attachment(const auth::Actor& actor, int64_t id) {
  std::string sha;
  Attachment out;
  {
    Ctx c(*this, storage::Tx::Mode::kRead);
    auto r = c.tx.query_one("SELECT ticket_id, sha256, filename, media_type FROM helpdesk_attachments WHERE id = $1", {id});
    if (!r) return Error::not_found("attachment.not_found", "El archivo no existe");
    auto t = load_ticket(c.tx, r->i64(0));
    if (!t || !can_read(actor, *t)) return Error::not_found("attachment.not_found", "El archivo no existe");
    sha = r->str(1);
    out.filename = r->str(2);
    out.media_type = r->str(3);
  }
  auto content = read_blob(config_.data_dir + "/attachments", sha);
  if (!content) return Error::of(ErrorKind::kUnavailable, "attachment.missing", "El archivo no está disponible en el servidor");
  out.content = std::move(*content);
  return out;
}

Result<json> HelpdeskService::survey(const auth::Actor& actor, int64_t id, int64_t rating, const std::optional<std::string>& comment) {
  if (!actor.can(Permission::kHelpdeskRequest)) return Error::forbidden();
  if (rating < 1 || rating > 5) return Error::invalid("survey.rating_invalid", "La calificación va de 1 a 5", "rating");
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto t = load_ticket(tx, id);
  if (!t || !can_read(actor, *t)) return ticket_not_found();
  if (!is_requester_side(actor, *t))
    return Error::forbidden("survey.requester_only", "Solo quien solicitó el servicio (o su área) lo califica");
  if (!t->resolved_at || (t->status != "resuelto" && t->status != "cerrado"))
    return Error::conflict("survey.not_resolved", "Solo se califica un ticket resuelto o cerrado");
  if (t->rating) return Error::conflict("survey.already_rated", "Este ticket ya fue calificado");
  std::optional<std::string> text;
  if (comment && !trim(*comment).empty()) text = trim(*comment);
  tx.execute("UPDATE helpdesk_tickets SET rating = $1, rating_comment = $2, rated_at = $3, updated_at = $3 WHERE id = $4",
             {rating, storage::opt(text), c.now_s, id});
  detail::add_entry(tx, id, &actor, event({{"rating", {{"from", nullptr}, {"to", rating}}}, {"comment", text ? json(*text) : json(nullptr)}}), c.now_s);
  audit_.record(tx, actor, {"update", "helpdesk_ticket", std::to_string(id), {{"rating", rating}}});
  TicketRow after = *load_ticket(tx, id);
  json out = detail_json(tx, c.cal, c.settings, actor, after, c.now);
  tx.commit();
  return out;
}

Result<json> HelpdeskService::merge(const auth::Actor& actor, int64_t id, int64_t into_id) {
  if (!actor.can(Permission::kHelpdeskWork)) return Error::forbidden();
  if (id == into_id) return Error::invalid("ticket.merge_self", "Un ticket no se fusiona consigo mismo", "into_id");
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto src = load_ticket(tx, id);
  if (!src) return ticket_not_found();
  auto dst = load_ticket(tx, into_id);
  if (!dst) return Error::invalid("ticket.merge_target_not_found", "El ticket destino no existe", "into_id");
  if (is_final(src->status)) return Error::conflict("ticket.final", "El ticket ya está cerrado o cancelado");
  if (is_final(dst->status)) return Error::conflict("ticket.merge_target_final", "El ticket destino está cerrado o cancelado");
  if (is_waiting(src->status))
    tx.execute("UPDATE helpdesk_pauses SET to_at = $1 WHERE ticket_id = $2 AND to_at IS NULL", {c.now_s, id});
  tx.execute("UPDATE helpdesk_tickets SET status = 'cerrado', is_open = 0, closed_at = $1, updated_at = $1, "
             "merged_into_id = $2, duplicate_of_id = $2, paused_since = NULL WHERE id = $3",
             {c.now_s, into_id, id});
  detail::add_entry(tx, id, &actor, event({{"status", {{"from", src->status}, {"to", "cerrado"}}}, {"merged_into", ticket_number(into_id)}}), c.now_s);
  detail::add_entry(tx, into_id, &actor,
            {"note", "internal", "web",
             "Se fusionó aquí el ticket " + ticket_number(id) + " («" + src->title + "», de " + src->requester_name + "):\n\n" +
                 src->description,
             json{{"merged_from", ticket_number(id)}}, std::nullopt},
            c.now_s);
  tx.execute("UPDATE helpdesk_tickets SET updated_at = $1 WHERE id = $2", {c.now_s, into_id});
  audit_.record(tx, actor, {"update", "helpdesk_ticket", std::to_string(id), {{"merged_into", into_id}}});
  TicketRow after = *load_ticket(tx, into_id);
  json out = detail_json(tx, c.cal, c.settings, actor, after, c.now);
  tx.commit();
  return out;
}

Result<json> HelpdeskService::bulk(const auth::Actor& actor, const BulkInput& in) {
  if (!actor.can(Permission::kHelpdeskWork)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (in.ids.empty() || in.ids.size() > 200) errors.push_back({"ids", "bulk.ids_invalid", "Seleccione de 1 a 200 tickets"});
  if (in.action != "assign" && in.action != "transition" && in.action != "priority")
    errors.push_back({"action", "bulk.action_invalid", "Acción no válida: assign, transition o priority"});
  if (in.action == "transition" && !in.status) errors.push_back({"status", "required", "Indique el estado"});
  if (in.action == "priority" && !in.priority) errors.push_back({"priority", "required", "Indique la prioridad"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  json updated = json::array(), failed = json::array();
  for (int64_t id : in.ids) {
    Result<json> r = Error::invalid("", "");
    if (in.action == "assign") {
      AssignInput a;
      a.assignee_id = in.assignee_id;
      r = assign(actor, id, a);
    } else if (in.action == "transition") {
      r = transition(actor, id, *in.status, in.comment);
    } else {
      TicketPatch p;
      p.priority = in.priority;
      if (in.priority_reason) p.priority_reason = std::optional<std::string>(*in.priority_reason);
      r = update_ticket(actor, id, p);
    }
    if (r) updated.push_back(id);
    else {
      std::string msg = r.error().message, code = r.error().code;
      if (!r.error().fields.empty()) {
        msg = r.error().fields.front().message;
        code = r.error().fields.front().code;
      }
      failed.push_back({{"id", id}, {"code", code}, {"message", msg}});
    }
  }
  return json{{"updated", updated}, {"failed", failed}};
}

// ---- saved views -------------------------------------------------------------------------------

Result<json> HelpdeskService::list_views(const auth::Actor& actor) {
  if (!actor.can(Permission::kHelpdeskWork)) return Error::forbidden();
  auto conn = pool_.acquire();
  json items = json::array();
  for (auto& r : conn->query("SELECT id, name, query, created_at FROM helpdesk_views WHERE user_id = $1 ORDER BY name, id",
                             {actor.user_id}))
    items.push_back({{"id", r.i64(0)}, {"name", r.str(1)}, {"query", r.str(2)}, {"created_at", r.str(3)}});
  return json{{"items", items}};
}

Result<json> HelpdeskService::create_view(const auth::Actor& actor, const std::string& name, const std::string& query) {
  if (!actor.can(Permission::kHelpdeskWork)) return Error::forbidden();
  std::vector<FieldError> errors;
  if (query.size() > 2000 || query.find_first_of("\r\n") != std::string::npos)
    errors.push_back({"query", "view.query_invalid", "La consulta no es válida (máx. 2000 caracteres)"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  if (tx.query_one("SELECT COUNT(*) FROM helpdesk_views WHERE user_id = $1", {actor.user_id})->i64(0) >= 50)
    return Error::conflict("view.too_many", "Máximo 50 vistas guardadas por persona");
  int64_t id;
  std::string now = now_iso();
  try {
    id = tx.query_one("INSERT INTO helpdesk_views (user_id, name, query, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
                      {actor.user_id, name, query, now})
             ->i64(0);
  } catch (const storage::DbError& e) {
    if (e.unique_violation()) return Error::conflict("view.name_taken", "Ya tiene una vista con ese nombre", "name");
    throw;
  }
  tx.commit();
  return json{{"id", id}, {"name", name}, {"query", query}, {"created_at", now}};
}

Status HelpdeskService::delete_view(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kHelpdeskWork)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  if (tx.execute("DELETE FROM helpdesk_views WHERE id = $1 AND user_id = $2", {id, actor.user_id}) == 0)
    return Error::not_found("view.not_found", "La vista no existe");
  tx.commit();
  return Ok();
}

}  // namespace tequio::helpdesk
