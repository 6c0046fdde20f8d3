// Background work and e-mail: SLA warning/breach events, auto-closing resolved tickets,
// recurring tickets, delivery of the outbox, and replies that arrive by e-mail.
#include <spdlog/spdlog.h>

#include "core/text.h"
#include "helpdesk/internal.h"
#include "helpdesk/service.h"
#include "mail/inbound.h"
#include "mail/message.h"

namespace tequio::helpdesk {

using auth::Permission;
using nlohmann::json;
using namespace detail;

namespace {

auth::Actor system_actor() {
  auth::Actor a;
  a.user_id = 0;
  a.username = "sistema";
  a.display_name = "Sistema";
  a.role = auth::Role::kAdministrador;
  a.ip = "local";
  return a;
}

const char* const kRecurringSelect =
    "SELECT r.id, r.title, r.description, r.category_id, c.name, r.frequency, r.day, r.time_of_day, r.next_run_at, "
    "r.active, r.last_ticket_id, r.created_at, r.updated_at FROM helpdesk_recurring r "
    "JOIN helpdesk_categories c ON c.id = r.category_id";

json recurring_json(const storage::Row& r) {
  return {{"id", r.i64(0)},
          {"title", r.str(1)},
          {"description", r.str(2)},
          {"category_id", r.i64(3)},
          {"category_name", r.str(4)},
          {"frequency", r.str(5)},
          {"day", r.opt_i64(6) ? json(*r.opt_i64(6)) : json(nullptr)},
          {"time", r.str(7)},
          {"next_run_at", r.str(8)},
          {"active", r.boolean(9)},
          {"last_ticket_id", r.opt_i64(10) ? json(*r.opt_i64(10)) : json(nullptr)},
          {"created_at", r.str(11)},
          {"updated_at", r.str(12)}};
}

// The first run strictly after `after`, local time of the calendar's zone.
Timestamp next_run(const Calendar& cal, const std::string& frequency, std::optional<int64_t> day,
                   std::chrono::minutes time, Timestamp after) {
  using namespace std::chrono;
  Date d = cal.to_local(after).date;
  for (int i = 0; i < 400; ++i) {
    Date candidate = year_month_day(sys_days(d) + days(i));
    bool match = frequency == "daily" ||
                 (frequency == "weekly" && day && weekday(sys_days(candidate)).iso_encoding() == static_cast<unsigned>(*day)) ||
                 (frequency == "monthly" && day && static_cast<unsigned>(candidate.day()) == static_cast<unsigned>(*day));
    if (!match) continue;
    Timestamp t = cal.from_local(candidate, time);
    if (t > after) return t;
  }
  return after + hours(24);
}

}  // namespace

// ---- recurring ---------------------------------------------------------------------------------

Result<json> HelpdeskService::list_recurring(const auth::Actor& actor) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  auto conn = pool_.acquire();
  json items = json::array();
  for (auto& r : conn->query(std::string(kRecurringSelect) + " ORDER BY r.next_run_at, r.id")) items.push_back(recurring_json(r));
  return json{{"items", items}};
}

namespace {
void validate_recurring(const RecurringInput& in, bool create, const std::string& frequency, std::optional<int64_t> day,
                        std::vector<FieldError>& errors) {
  if (create) {
    if (!in.title) errors.push_back({"title", "required", "El título es obligatorio"});
    if (!in.description) errors.push_back({"description", "required", "La descripción es obligatoria"});
    if (!in.category_id) errors.push_back({"category_id", "required", "Elija una categoría"});
    if (!in.frequency) errors.push_back({"frequency", "required", "Indique la frecuencia"});
    if (!in.time_of_day) errors.push_back({"time", "required", "Indique la hora (HH:MM)"});
  }
  if (frequency != "daily" && frequency != "weekly" && frequency != "monthly")
    errors.push_back({"frequency", "recurring.frequency_invalid", "Frecuencia no válida: daily, weekly o monthly"});
  if (frequency == "weekly" && (!day || *day < 1 || *day > 7))
    errors.push_back({"day", "recurring.day_invalid", "Para frecuencia semanal indique el día 1 (lunes) a 7 (domingo)"});
  if (frequency == "monthly" && (!day || *day < 1 || *day > 28))
    errors.push_back({"day", "recurring.day_invalid", "Para frecuencia mensual indique el día 1 a 28"});
  if (in.time_of_day && !parse_hhmm(*in.time_of_day))
    errors.push_back({"time", "recurring.time_invalid", "Use la hora en formato HH:MM (00:00–23:59)"});
}
}  // namespace

Result<json> HelpdeskService::create_recurring(const auth::Actor& actor, const RecurringInput& in) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  std::vector<FieldError> errors;
  std::string frequency = in.frequency.value_or("");
  std::optional<int64_t> day = in.day ? *in.day : std::nullopt;
  if (frequency == "daily") day = std::nullopt;
  validate_recurring(in, true, frequency, day, errors);
  Ctx c(*this, storage::Tx::Mode::kWrite);
  if (in.category_id && !c.tx.query_one("SELECT 1 FROM helpdesk_categories WHERE id = $1 AND active = 1", {*in.category_id}))
    errors.push_back({"category_id", "recurring.category_not_found", "La categoría no existe o no está activa"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  Timestamp next = next_run(c.cal, frequency, day, *parse_hhmm(*in.time_of_day), c.now);
  int64_t id = c.tx.query_one("INSERT INTO helpdesk_recurring (title, description, category_id, frequency, day, time_of_day, "
                              "next_run_at, active, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, "
                              "$8, $9, $10, $10) RETURNING id",
                              {*in.title, *in.description, *in.category_id, frequency, storage::opt(day), *in.time_of_day,
                               to_iso(next), in.active.value_or(true),
                               actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr), c.now_s})
                   ->i64(0);
  json out = recurring_json(*c.tx.query_one(std::string(kRecurringSelect) + " WHERE r.id = $1", {id}));
  audit_.record(c.tx, actor, {"create", "helpdesk_recurring", std::to_string(id), audit::AuditService::created(out)});
  c.tx.commit();
  return out;
}

Result<json> HelpdeskService::update_recurring(const auth::Actor& actor, int64_t id, const RecurringInput& in) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto row = c.tx.query_one(std::string(kRecurringSelect) + " WHERE r.id = $1", {id});
  if (!row) return Error::not_found("recurring.not_found", "El ticket programado no existe");
  json before = recurring_json(*row);
  std::string frequency = in.frequency.value_or(before["frequency"].get<std::string>());
  std::optional<int64_t> day = in.day ? *in.day : (before["day"].is_null() ? std::nullopt : std::optional<int64_t>(before["day"].get<int64_t>()));
  if (frequency == "daily") day = std::nullopt;
  std::vector<FieldError> errors;
  validate_recurring(in, false, frequency, day, errors);
  if (in.category_id && !c.tx.query_one("SELECT 1 FROM helpdesk_categories WHERE id = $1 AND active = 1", {*in.category_id}))
    errors.push_back({"category_id", "recurring.category_not_found", "La categoría no existe o no está activa"});
  if (!errors.empty()) return Error::invalid_fields(errors);
  std::string time = in.time_of_day.value_or(before["time"].get<std::string>());
  storage::UpdateBuilder u("helpdesk_recurring");
  u.set("updated_at", c.now_s).set("frequency", frequency).set("day", storage::opt(day)).set("time_of_day", time);
  u.set("next_run_at", to_iso(next_run(c.cal, frequency, day, *parse_hhmm(time), c.now)));
  if (in.title) u.set("title", *in.title);
  if (in.description) u.set("description", *in.description);
  if (in.category_id) u.set("category_id", *in.category_id);
  if (in.active) u.set("active", *in.active);
  u.execute_by_id(c.tx, id);
  json after = recurring_json(*c.tx.query_one(std::string(kRecurringSelect) + " WHERE r.id = $1", {id}));
  audit_.record(c.tx, actor, {"update", "helpdesk_recurring", std::to_string(id), audit::AuditService::diff(before, after)});
  c.tx.commit();
  return after;
}

Status HelpdeskService::delete_recurring(const auth::Actor& actor, int64_t id) {
  if (!actor.can(Permission::kHelpdeskManage)) return Error::forbidden();
  auto conn = pool_.acquire();
  storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
  auto row = tx.query_one("SELECT title FROM helpdesk_recurring WHERE id = $1", {id});
  if (!row) return Error::not_found("recurring.not_found", "El ticket programado no existe");
  tx.execute("DELETE FROM helpdesk_recurring WHERE id = $1", {id});
  audit_.record(tx, actor, {"delete", "helpdesk_recurring", std::to_string(id), audit::AuditService::diff({{"title", row->str(0)}}, json::object())});
  tx.commit();
  return Ok();
}

// ---- sweeps ------------------------------------------------------------------------------------

SweepReport HelpdeskService::run_jobs() {
  SweepReport report;
  auth::Actor sys = system_actor();
  // SLA: the first time a clock passes its warning or due time, one event and one e-mail.
  {
    Ctx c(*this, storage::Tx::Mode::kWrite);
    auto& tx = c.tx;
    struct Hit {
      int64_t id;
      std::string clock, state;
    };
    std::vector<Hit> hits;
    for (auto& r : tx.query("SELECT id, response_state, resolution_state, CASE WHEN first_response_at IS NULL THEN 1 ELSE 0 END, response_due_at, "
                            "response_warn_at, resolution_due_at, resolution_warn_at FROM helpdesk_tickets "
                            "WHERE is_open = 1 AND paused_since IS NULL AND ((resolution_state <> 'breached' AND "
                            "resolution_warn_at <= $1) OR (first_response_at IS NULL AND response_state <> 'breached' AND "
                            "response_warn_at <= $1)) ORDER BY id LIMIT 500",
                            {c.now_s})) {
      auto level = [&](const std::optional<std::string>& due, const std::optional<std::string>& warn) -> std::string {
        if (due && *due <= c.now_s) return "breached";
        if (warn && *warn <= c.now_s) return "warning";
        return "ok";
      };
      if (r.boolean(3)) {
        std::string l = level(r.opt_str(4), r.opt_str(5));
        if (l != "ok" && l != r.str(1)) hits.push_back({r.i64(0), "response", l});
      }
      std::string l = level(r.opt_str(6), r.opt_str(7));
      if (l != "ok" && l != r.str(2)) hits.push_back({r.i64(0), "resolution", l});
    }
    for (auto& h : hits) {
      tx.execute("UPDATE helpdesk_tickets SET " + h.clock + "_state = $1 WHERE id = $2", {h.state, h.id});
      EntryInput e{"event", "internal", "sistema", "", json{{"sla", {{"clock", h.clock}, {"state", h.state}}}}, std::nullopt};
      detail::add_entry(tx, h.id, nullptr, e, c.now_s);
      (h.state == "breached" ? report.breaches : report.warnings)++;
      TicketRow t = *load_ticket(tx, h.id);
      std::string what = h.clock == "response" ? "la primera respuesta" : "la solución";
      std::string due = h.clock == "response" ? t.response_due_at.value_or("") : t.resolution_due_at.value_or("");
      std::string text = h.state == "breached"
                             ? "Venció el plazo de " + what + " del ticket " + ticket_number(t.id) + " (vencía " + due.substr(0, 16) + " UTC)."
                             : "El plazo de " + what + " del ticket " + ticket_number(t.id) + " está por vencer: vence " +
                                   due.substr(0, 16) + " UTC.";
      std::optional<std::pair<std::string, std::string>> to;
      if (t.assignee_id) to = user_address(tx, *t.assignee_id);
      if (!to) {  // nobody assigned: the department head
        auto head = tx.query_one("SELECT u.id FROM users u JOIN helpdesk_queues q ON q.area_id = u.area_id WHERE q.id = $1 "
                                 "AND u.role = 'jefe_departamento' AND u.active = 1 ORDER BY u.id LIMIT 1",
                                 {t.queue_id});
        if (head) to = user_address(tx, head->i64(0));
      }
      if (to) {
        Mail m = render_mail("sla_warning", t, config_.public_url, text);
        if (h.state == "breached") m.subject = "[" + ticket_number(t.id) + "] SLA vencido: " + t.title;
        m.to_address = to->first;
        m.to_name = to->second;
        queue_mail(tx, t.id, m, c.now_s);
      }
    }
    c.tx.commit();
  }
  // Auto-close: resolved tickets nobody confirmed or reopened within autoclose_days business days.
  {
    Ctx c(*this, storage::Tx::Mode::kWrite);
    auto& tx = c.tx;
    Date today = c.cal.to_local(c.now).date;
    for (auto& r : tx.query("SELECT id, resolved_at FROM helpdesk_tickets WHERE status = 'resuelto' ORDER BY resolved_at LIMIT 1000")) {
      auto resolved = parse_iso(r.str(1));
      if (!resolved) continue;
      // "After N business days": the N days after the resolution are the requester's to answer.
      if (c.cal.business_days_between(c.cal.to_local(*resolved).date, today) <= c.settings.autoclose_days) continue;
      int64_t id = r.i64(0);
      tx.execute("UPDATE helpdesk_tickets SET status = 'cerrado', is_open = 0, closed_at = $1, updated_at = $1 WHERE id = $2",
                 {c.now_s, id});
      EntryInput e{"event", "public", "sistema", "",
                   json{{"status", {{"from", "resuelto"}, {"to", "cerrado"}}}, {"rule", "autoclose"},
                        {"days", c.settings.autoclose_days}},
                   std::nullopt};
      detail::add_entry(tx, id, nullptr, e, c.now_s);
      audit_.record(tx, sys, {"update", "helpdesk_ticket", std::to_string(id), {{"status", {{"from", "resuelto"}, {"to", "cerrado"}}}, {"rule", "autoclose"}}});
      report.autoclosed++;
    }
    tx.commit();
  }
  // Recurring tickets that are due, one at a time (each its own transaction through create_ticket).
  for (int guard = 0; guard < 100; ++guard) {
    std::optional<storage::Row> due;
    std::string now_s = to_iso(now());
    {
      auto conn = pool_.acquire();
      due = conn->query_one("SELECT r.id, r.title, r.description, r.category_id, r.frequency, r.day, r.time_of_day, "
                            "r.next_run_at, c.kind, r.created_by FROM helpdesk_recurring r "
                            "JOIN helpdesk_categories c ON c.id = r.category_id "
                            "WHERE r.active = 1 AND r.next_run_at <= $1 ORDER BY r.next_run_at, r.id LIMIT 1",
                            {now_s});
    }
    if (!due) break;
    int64_t rid = due->i64(0);
    // Claim the run first so two servers never create it twice.
    Ctx c(*this, storage::Tx::Mode::kWrite);
    Timestamp next = next_run(c.cal, due->str(4), due->opt_i64(5), *parse_hhmm(due->str(6)), c.now);
    if (c.tx.execute("UPDATE helpdesk_recurring SET next_run_at = $1 WHERE id = $2 AND next_run_at = $3",
                     {to_iso(next), rid, due->str(7)}) == 0)
      continue;
    // The ticket is filed for the DSI itself, on behalf of whoever scheduled it.
    auth::Actor owner = sys;
    if (auto u = c.tx.query_one(std::string("SELECT ") + kActorColumns + " FROM users u WHERE u.id = $1",
                                {due->opt_i64(9).value_or(-1)})) {
      owner = actor_from_row(*u);
      owner.ip = "local";
    }
    // Scheduled from the command line (no area): the ticket belongs to the queue's own department.
    if (!owner.area_id)
      if (auto a = c.tx.query_one("SELECT q.area_id FROM helpdesk_categories c JOIN helpdesk_queues q ON q.id = c.queue_id "
                                  "WHERE c.id = $1",
                                  {due->i64(3)}))
        owner.area_id = a->i64(0);
    c.tx.commit();
    TicketInput in;
    std::string kind = due->str(8) == "ambos" ? "solicitud" : due->str(8);
    in.kind = kind;
    in.title = due->str(1);
    in.description = due->str(2);
    in.category_id = due->i64(3);
    in.channel = "presencial";
    auto created = create_ticket(owner, in);
    if (!created) {
      spdlog::warn("recurring ticket {} not created: {}", rid, created.error().message);
      continue;
    }
    int64_t tid = (*created)["id"];
    auto conn = pool_.acquire();
    storage::Tx tx(*conn, storage::Tx::Mode::kWrite);
    tx.execute("UPDATE helpdesk_tickets SET channel = 'programado' WHERE id = $1", {tid});
    tx.execute("UPDATE helpdesk_recurring SET last_ticket_id = $1 WHERE id = $2", {tid, rid});
    tx.commit();
    report.recurring_created++;
  }
  return report;
}

int64_t HelpdeskService::deliver_mail(const std::function<Status(const std::string&, const std::string&)>& send,
                                      int64_t limit) {
  std::string now_s = to_iso(now());
  storage::Rows rows;
  {
    auto conn = pool_.acquire();
    rows = conn->query("SELECT id, to_address, to_name, subject, body, message_id, attempts, ticket_id FROM mail_outbox "
                       "WHERE sent_at IS NULL AND attempts < 10 AND next_try_at <= $1 ORDER BY id LIMIT $2",
                       {now_s, limit});
  }
  int64_t sent = 0;
  std::string domain = config_.mail_from_address.substr(config_.mail_from_address.find('@') + 1);
  for (auto& r : rows) {
    mail::OutgoingMessage m;
    m.from_address = config_.mail_from_address;
    m.from_name = config_.mail_from_name;
    m.to_address = r.str(1);
    m.to_name = r.str(2);
    m.subject = r.str(3);
    m.text_body = r.str(4);
    m.message_id = r.str(5);
    m.extra_headers = {{"Auto-Submitted", "auto-generated"}};
    if (!r.is_null(7)) m.extra_headers.emplace_back("X-Tequio-Ticket", ticket_number(r.i64(7)));
    Status st = send(m.to_address, mail::render(m, now()));
    auto conn = pool_.acquire();
    if (st) {
      conn->execute("UPDATE mail_outbox SET sent_at = $1, attempts = attempts + 1, last_error = NULL WHERE id = $2",
                    {to_iso(now()), r.i64(0)});
      ++sent;
    } else {
      static const int kBackoffMinutes[] = {1, 5, 15, 60, 120, 240, 480, 720, 1440, 1440};
      int64_t attempts = r.i64(6);
      auto next = now() + std::chrono::minutes(kBackoffMinutes[std::min<int64_t>(attempts, 9)]);
      conn->execute("UPDATE mail_outbox SET attempts = attempts + 1, last_error = $1, next_try_at = $2 WHERE id = $3",
                    {st.error().message.substr(0, 500), to_iso(next), r.i64(0)});
      spdlog::warn("mail {} to {} not sent: {}", r.i64(0), m.to_address, st.error().message);
    }
  }
  return sent;
}

// ---- inbound e-mail ----------------------------------------------------------------------------

Result<json> HelpdeskService::receive_email(std::string_view raw) {
  auto parsed = mail::parse_message(raw);
  if (!parsed) return parsed.error();
  const mail::InboundMessage& msg = *parsed;
  // Mail loops: never answer automatic messages (our own notifications included).
  std::string from = ascii_lower(msg.from_address);
  if (from == ascii_lower(config_.mail_from_address))
    return json{{"status", "ignored"}, {"reason", "Mensaje enviado por Tequio"}};
  // The sender must be a known person (or user) of the municipality.
  auth::Actor actor;
  {
    auto conn = pool_.acquire();
    auto u = conn->query_one(
        std::string("SELECT ") + kActorColumns + " FROM users u "
        "LEFT JOIN people p ON p.id = u.person_id WHERE u.active = 1 AND (u.email = $1 OR p.email = $1) ORDER BY u.id LIMIT 1",
        {from});
    if (u) {
      actor = actor_from_row(*u);
    } else if (auto p = conn->query_one("SELECT id, full_name, area_id FROM people WHERE email = $1 AND active = 1", {from})) {
      // A person without an account files and replies as a requester of their area.
      actor.user_id = 0;
      actor.username = from;
      actor.display_name = p->str(1);
      actor.role = auth::Role::kSolicitante;
      actor.area_id = p->i64(2);
      actor.person_id = p->i64(0);
    } else {
      return Error::invalid("mail.sender_unknown", "El remitente no está registrado en el directorio municipal", "from");
    }
    actor.ip = "correo";
  }
  std::string body = trim(msg.reply_text.empty() ? msg.text_body : msg.reply_text);
  if (body.empty()) body = "(mensaje sin texto)";
  if (body.size() > 20000) body = body.substr(0, 20000);
  while (!body.empty() && !valid_utf8(body)) body.pop_back();
  auto number = mail::ticket_number_from(msg, "MS");
  if (!number) {
    // A new request by e-mail goes to the catalog's general category.
    auto conn = pool_.acquire();
    auto cat = conn->query_one("SELECT id, kind FROM helpdesk_categories WHERE code = 'GENERAL' AND active = 1");
    if (!cat) return Error::invalid("mail.no_ticket", "El mensaje no menciona un ticket [MS-n] y no hay categoría general", "subject");
    TicketInput in;
    in.kind = cat->str(1) == "reporte" ? "reporte" : "solicitud";
    std::string subject = trim(msg.subject);
    in.title = subject.empty() ? "Solicitud por correo" : subject.substr(0, 200);
    in.description = body;
    in.category_id = cat->i64(0);
    auto created = create_ticket(actor, in);
    if (!created) return created.error();
    auto c2 = pool_.acquire();
    c2->execute("UPDATE helpdesk_tickets SET channel = 'correo' WHERE id = $1", {(*created)["id"].get<int64_t>()});
    return json{{"status", "created"}, {"ticket_id", (*created)["id"]}, {"number", (*created)["number"]}};
  }
  Ctx c(*this, storage::Tx::Mode::kWrite);
  auto& tx = c.tx;
  auto found = load_ticket(tx, *number);
  if (!found || !can_read(actor, *found))
    return Error::not_found("mail.ticket_not_found", "El ticket " + ticket_number(*number) + " no existe o no es del remitente");
  TicketRow t = *found;
  if (is_final(t.status)) return Error::conflict("ticket.final", "El ticket está cerrado o cancelado; levante uno nuevo");
  bool worker = actor.can(Permission::kHelpdeskWork);
  int64_t entry_id = detail::add_entry(tx, t.id, &actor, {"reply", "public", "correo", body, std::nullopt, std::nullopt}, c.now_s);
  tx.execute("UPDATE helpdesk_tickets SET updated_at = $1 WHERE id = $2", {c.now_s, t.id});
  if (worker && !t.first_response_at)
    tx.execute("UPDATE helpdesk_tickets SET first_response_at = $1 WHERE id = $2", {c.now_s, t.id});
  // The requester answering what was asked restarts the clock, as a reply on the web does.
  if (!worker && t.status == "en_espera_solicitante")
    apply_status(tx, c.cal, c.settings, t, "en_proceso", &actor, "correo", c.now, false);
  // Attachments that pass the same checks as uploads are kept; the others are named in a note.
  std::vector<std::string> skipped;
  for (auto& a : msg.attachments) {
    std::string name = a.filename.empty() ? "adjunto" : a.filename;
    auto type = check_attachment(config_, name, a.content);
    if (!type) {
      skipped.push_back(name);
      continue;
    }
    std::string sha = sha256_hex(a.content);
    store_blob(config_.data_dir + "/attachments", sha, a.content);
    add_attachment_row(tx, t.id, actor, "correo", name, *type, sha, a.content.size(), c.now_s);
  }
  if (!skipped.empty()) {
    std::string list;
    for (auto& s : skipped) list += (list.empty() ? "" : ", ") + s;
    detail::add_entry(tx, t.id, nullptr,
                      {"note", "internal", "sistema", "Adjuntos del correo no aceptados (tipo o tamaño no permitido): " + list,
                       std::nullopt, std::nullopt},
                      c.now_s);
  }
  audit_.record(tx, actor, {"create", "helpdesk_entry", std::to_string(entry_id), {{"ticket_id", t.id}, {"via", "correo"}}});
  TicketRow after = *load_ticket(tx, t.id);
  if (!worker && after.assignee_id)
    if (auto to = user_address(tx, *after.assignee_id)) {
      Mail m = render_mail("reply", after, config_.public_url, actor.display_name + " respondió por correo:\n\n" + body);
      m.to_address = to->first;
      m.to_name = to->second;
      queue_mail(tx, t.id, m, c.now_s);
    }
  tx.commit();
  return json{{"status", "added"}, {"ticket_id", t.id}, {"number", ticket_number(t.id)}, {"entry_id", entry_id}};
}

}  // namespace tequio::helpdesk
