// Ticket rows, visibility, timeline entries, SLA clocks, notifications, assignment rules and
// attachment storage: the pieces every ticket operation shares.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/text.h"
#include "core/time.h"
#include "helpdesk/internal.h"
#include "mail/message.h"

namespace tequio::helpdesk::detail {

using auth::Permission;
namespace fs = std::filesystem;

const char* const kTicketSelect =
    "SELECT t.id, t.kind, t.title, t.status, t.channel, t.priority, t.queue_id, q.name, t.category_id, c.name, "
    "t.area_id, a.name, t.requester_person_id, t.requester_user_id, t.assignee_id, t.requester_name, u.display_name, "
    "t.created_at, t.updated_at, t.response_due_at, t.resolution_due_at, t.response_warn_at, t.resolution_warn_at, "
    "t.response_state, t.resolution_state, t.paused_since, t.first_response_at, t.resolved_at, t.closed_at, "
    "t.description, t.fields, t.assets, t.impact, t.urgency, t.priority_reason, t.parent_id, t.duplicate_of_id, "
    "t.merged_into_id, t.response_minutes, t.resolution_minutes, t.reopen_count, t.rating, t.rating_comment, "
    "t.rated_at, t.created_by "
    "FROM helpdesk_tickets t JOIN helpdesk_queues q ON q.id = t.queue_id "
    "JOIN helpdesk_categories c ON c.id = t.category_id JOIN areas a ON a.id = t.area_id "
    "LEFT JOIN users u ON u.id = t.assignee_id";

std::optional<std::chrono::minutes> parse_hhmm(const std::string& s, bool allow_end_of_day) {
  if (s.size() != 5 || s[2] != ':' || !isdigit(s[0]) || !isdigit(s[1]) || !isdigit(s[3]) || !isdigit(s[4]))
    return std::nullopt;
  int h = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
  if (m > 59 || h > 24 || (h == 24 && (m != 0 || !allow_end_of_day))) return std::nullopt;
  return std::chrono::minutes(h * 60 + m);
}

auth::Actor actor_from_row(const storage::Row& r) {
  auth::Actor a;
  a.user_id = r.i64(0);
  a.username = r.str(1);
  a.display_name = r.str(2);
  a.role = auth::role_from_code(r.str(3)).value_or(auth::Role::kSolicitante);
  a.area_id = r.opt_i64(4);
  a.person_id = r.opt_i64(5);
  return a;
}

std::optional<auth::Actor> actor_by_username(storage::Connection& c, const std::string& username) {
  auto u = c.query_one(std::string("SELECT ") + kActorColumns + " FROM users u WHERE u.username = $1", {username});
  if (!u) return std::nullopt;
  return actor_from_row(*u);
}


TicketRow TicketRow::from(const storage::Row& r) {
  TicketRow t;
  t.id = r.i64(0);
  t.kind = r.str(1);
  t.title = r.str(2);
  t.status = r.str(3);
  t.channel = r.str(4);
  t.priority = r.i64(5);
  t.queue_id = r.i64(6);
  t.queue_name = r.str(7);
  t.category_id = r.i64(8);
  t.category_name = r.str(9);
  t.area_id = r.i64(10);
  t.area_name = r.str(11);
  t.requester_person_id = r.opt_i64(12);
  t.requester_user_id = r.opt_i64(13);
  t.assignee_id = r.opt_i64(14);
  t.requester_name = r.str(15);
  t.assignee_name = r.opt_str(16);
  t.created_at = r.str(17);
  t.updated_at = r.str(18);
  t.response_due_at = r.opt_str(19);
  t.resolution_due_at = r.opt_str(20);
  t.response_warn_at = r.opt_str(21);
  t.resolution_warn_at = r.opt_str(22);
  t.response_state = r.str(23);
  t.resolution_state = r.str(24);
  t.paused_since = r.opt_str(25);
  t.first_response_at = r.opt_str(26);
  t.resolved_at = r.opt_str(27);
  t.closed_at = r.opt_str(28);
  t.description = r.str(29);
  t.fields = r.str(30);
  t.assets = r.str(31);
  t.impact = r.i64(32);
  t.urgency = r.i64(33);
  t.priority_reason = r.opt_str(34);
  t.parent_id = r.opt_i64(35);
  t.duplicate_of_id = r.opt_i64(36);
  t.merged_into_id = r.opt_i64(37);
  t.response_minutes = r.i64(38);
  t.resolution_minutes = r.i64(39);
  t.reopen_count = r.i64(40);
  t.rating = r.opt_i64(41);
  t.rating_comment = r.opt_str(42);
  t.rated_at = r.opt_str(43);
  t.created_by = r.opt_i64(44);
  return t;
}

std::optional<TicketRow> load_ticket(storage::Tx& tx, int64_t id) {
  auto row = tx.query_one(std::string(kTicketSelect) + " WHERE t.id = $1", {id});
  if (!row) return std::nullopt;
  return TicketRow::from(*row);
}

std::string sla_state(const TicketRow& t, const std::string& now) {
  if (t.status == "cancelado") return "none";
  if (t.resolved_at && (t.status == "resuelto" || t.status == "cerrado")) {
    if (!t.resolution_due_at) return "met";
    return *t.resolved_at <= *t.resolution_due_at ? "met" : "missed";
  }
  if (t.status == "cerrado") return "none";  // closed by merge without resolution
  if (t.paused_since) return "paused";
  if (t.resolution_due_at && *t.resolution_due_at <= now) return "breached";
  if (!t.first_response_at && t.response_due_at && *t.response_due_at <= now) return "breached";
  if (t.resolution_warn_at && *t.resolution_warn_at <= now) return "warning";
  if (!t.first_response_at && t.response_warn_at && *t.response_warn_at <= now) return "warning";
  return "ok";
}

namespace {
json opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }
json opt(const std::optional<int64_t>& v) { return v ? json(*v) : json(nullptr); }
}  // namespace

json summary_json(const TicketRow& t, const std::string& now) {
  return {{"id", t.id},
          {"number", ticket_number(t.id)},
          {"kind", t.kind},
          {"title", t.title},
          {"status", t.status},
          {"priority", t.priority},
          {"channel", t.channel},
          {"queue_id", t.queue_id},
          {"queue_name", t.queue_name},
          {"category_id", t.category_id},
          {"category_name", t.category_name},
          {"area_id", t.area_id},
          {"area_name", t.area_name},
          {"requester_person_id", opt(t.requester_person_id)},
          {"requester_name", t.requester_name},
          {"assignee_id", opt(t.assignee_id)},
          {"assignee_name", opt(t.assignee_name)},
          {"created_at", t.created_at},
          {"updated_at", t.updated_at},
          {"response_due_at", t.first_response_at ? json(nullptr) : opt(t.response_due_at)},
          {"resolution_due_at", opt(t.resolution_due_at)},
          {"sla_state", sla_state(t, now)}};
}

bool is_staff(const auth::Actor& a) { return a.can(Permission::kHelpdeskReadAll); }

bool is_requester_side(const auth::Actor& a, const TicketRow& t) {
  if (t.requester_user_id && *t.requester_user_id == a.user_id) return true;
  if (a.person_id && t.requester_person_id && *t.requester_person_id == *a.person_id) return true;
  return a.area_id && *a.area_id == t.area_id;
}

bool can_read(const auth::Actor& a, const TicketRow& t) {
  if (a.can(Permission::kHelpdeskReadAll)) return true;
  return a.can(Permission::kHelpdeskRequest) && is_requester_side(a, t);
}

const char* const kEntrySelect =
    "SELECT e.id, e.kind, e.visibility, e.author_id, e.author_name, e.via, e.body, e.changes, e.attachment_id, "
    "e.created_at, f.filename, f.size, f.media_type FROM helpdesk_entries e "
    "LEFT JOIN helpdesk_attachments f ON f.id = e.attachment_id";

json entry_json(const storage::Row& r) {
  json changes = nullptr;
  if (!r.is_null(7)) changes = json::parse(r.str(7), nullptr, false);
  json attachment = nullptr;
  if (!r.is_null(8))
    attachment = {{"id", r.i64(8)}, {"filename", r.str(10)}, {"size", r.i64(11)}, {"media_type", r.str(12)}};
  return {{"id", r.i64(0)},
          {"kind", r.str(1)},
          {"visibility", r.str(2)},
          {"author_id", opt(r.opt_i64(3))},
          {"author_name", r.str(4)},
          {"via", r.str(5)},
          {"body", r.str(6)},
          {"changes", changes},
          {"attachment", attachment},
          {"created_at", r.str(9)}};
}

int64_t add_entry(storage::Tx& tx, int64_t ticket_id, const auth::Actor* author, const EntryInput& e,
                  const std::string& now) {
  storage::Param author_id = author && author->user_id > 0 ? storage::Param(author->user_id) : storage::Param(nullptr);
  std::string author_name = author ? (author->display_name.empty() ? author->username : author->display_name) : "Sistema";
  storage::Param changes = e.changes ? storage::Param(e.changes->dump()) : storage::Param(nullptr);
  storage::Param attachment = e.attachment_id ? storage::Param(*e.attachment_id) : storage::Param(nullptr);
  if (tx.dialect() == storage::Dialect::kPostgres) {
    bool text = e.kind == "reply" || e.kind == "note";
    return tx.query_one("INSERT INTO helpdesk_entries (ticket_id, kind, visibility, author_id, author_name, via, body, "
                        "changes, attachment_id, created_at, search_tsv) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                        "$10, CASE WHEN $11 = 1 THEN to_tsvector('spanish', $12) END) RETURNING id",
                        {ticket_id, e.kind, e.visibility, author_id, author_name, e.via, e.body, changes, attachment,
                         now, int64_t(text ? 1 : 0), text ? folded_for_index(e.body) : std::string()})
        ->i64(0);
  }
  return tx.query_one("INSERT INTO helpdesk_entries (ticket_id, kind, visibility, author_id, author_name, via, body, "
                      "changes, attachment_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                      {ticket_id, e.kind, e.visibility, author_id, author_name, e.via, e.body, changes, attachment, now})
      ->i64(0);
}

// ---- SLA ---------------------------------------------------------------------------------------

namespace {

std::vector<Pause> closed_pauses(storage::Tx& tx, int64_t ticket_id) {
  std::vector<Pause> out;
  for (auto& r : tx.query("SELECT from_at, to_at FROM helpdesk_pauses WHERE ticket_id = $1 AND to_at IS NOT NULL "
                          "ORDER BY from_at",
                          {ticket_id})) {
    auto f = parse_iso(r.str(0)), t = parse_iso(r.str(1));
    if (f && t) out.push_back({*f, *t});
  }
  return out;
}

}  // namespace

Clock2 clock_for(const Calendar& cal, Timestamp start, int64_t minutes, int64_t warn_pct, const std::vector<Pause>& p) {
  Clock2 c;
  auto due = cal.add_working_hours(start, std::chrono::minutes(minutes), p);
  if (due) c.due = to_iso(due->due);
  auto warn = cal.add_working_hours(start, std::chrono::minutes((minutes * warn_pct + 99) / 100), p);  // never early
  if (warn) c.warn = to_iso(warn->due);
  return c;
}

namespace {

std::string state_at(const std::optional<std::string>& due, const std::optional<std::string>& warn,
                     const std::string& now) {
  if (due && *due <= now) return "breached";
  if (warn && *warn <= now) return "warning";
  return "ok";
}

}  // namespace

void recompute_sla(storage::Tx& tx, const Calendar& cal, const Settings& s, int64_t ticket_id, Timestamp now) {
  auto row = tx.query_one("SELECT created_at, response_minutes, resolution_minutes, paused_since, first_response_at "
                          "FROM helpdesk_tickets WHERE id = $1",
                          {ticket_id});
  if (!row) return;
  auto created = parse_iso(row->str(0));
  if (!created) return;
  std::string now_s = to_iso(now);
  if (!row->is_null(3)) {  // paused: due times unknown until the clock runs again (a met response stays)
    tx.execute(std::string("UPDATE helpdesk_tickets SET ") +
                   (row->is_null(4) ? "response_due_at = NULL, response_warn_at = NULL, " : "") +
                   "resolution_due_at = NULL, resolution_warn_at = NULL WHERE id = $1",
               {ticket_id});
    return;
  }
  auto pauses = closed_pauses(tx, ticket_id);
  Clock2 resp = clock_for(cal, *created, row->i64(1), s.warning_percent, pauses);
  Clock2 res = clock_for(cal, *created, row->i64(2), s.warning_percent, pauses);
  tx.execute("UPDATE helpdesk_tickets SET response_due_at = $1, response_warn_at = $2, resolution_due_at = $3, "
             "resolution_warn_at = $4, response_state = $5, resolution_state = $6 WHERE id = $7",
             {storage::opt(resp.due), storage::opt(resp.warn), storage::opt(res.due), storage::opt(res.warn),
              row->is_null(4) ? state_at(resp.due, resp.warn, now_s) : std::string("ok"),
              state_at(res.due, res.warn, now_s), ticket_id});
}

std::vector<Pause> load_pauses(storage::Tx& tx, int64_t ticket_id, Timestamp now) {
  std::vector<Pause> pauses;
  for (auto& r : tx.query("SELECT from_at, to_at FROM helpdesk_pauses WHERE ticket_id = $1 ORDER BY from_at", {ticket_id})) {
    auto f = parse_iso(r.str(0));
    auto to = r.is_null(1) ? std::optional<Timestamp>(now) : parse_iso(r.str(1));
    if (f && to) pauses.push_back({*f, *to});
  }
  return pauses;
}

json sla_json(const Calendar& cal, const TicketRow& t, bool response, const std::vector<Pause>& pauses, Timestamp now) {
  int64_t minutes = response ? t.response_minutes : t.resolution_minutes;
  auto created = parse_iso(t.created_at);
  int64_t paused_minutes = 0;
  std::string explanation;
  if (created) {
    auto d = cal.add_working_hours(*created, std::chrono::minutes(minutes), pauses);
    if (d) {
      explanation = d->explanation();
      paused_minutes = d->paused.count();
    }
  }
  std::string state;
  std::string now_s = to_iso(now);
  std::optional<std::string> due = response ? t.response_due_at : t.resolution_due_at;
  std::optional<std::string> warn = response ? t.response_warn_at : t.resolution_warn_at;
  std::optional<std::string> done = response ? t.first_response_at : t.resolved_at;
  if (t.status == "cancelado") state = "none";
  else if (done && (response || t.status == "resuelto" || t.status == "cerrado"))
    state = !due || *done <= *due ? "met" : "missed";
  else if (t.status == "cerrado") state = "none";
  else if (t.paused_since) {
    state = "paused";
    explanation = "Reloj en pausa desde el " + t.paused_since->substr(0, 16) + " UTC (" +
                  std::string(status_label(t.status)) + "); el vencimiento se recalcula al reanudar. " + explanation;
  } else state = state_at(due, warn, now_s);
  return {{"target_minutes", minutes},
          {"due_at", opt(due)},
          {"state", state},
          {"explanation", explanation},
          {"paused_minutes", paused_minutes}};
}

// ---- notifications -----------------------------------------------------------------------------

void queue_mail(storage::Tx& tx, int64_t ticket_id, const Mail& m, const std::string& now) {
  if (m.to_address.empty()) return;
  std::string domain = "tequio.local";
  tx.execute("INSERT INTO mail_outbox (ticket_id, kind, to_address, to_name, subject, body, message_id, created_at, "
             "next_try_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
             {ticket_id, m.kind, m.to_address, m.to_name, m.subject, m.body,
              "<ms-" + std::to_string(ticket_id) + "." + random_token(9) + "@" + domain + ">", now});
}

std::optional<std::pair<std::string, std::string>> user_address(storage::Tx& tx, int64_t user_id) {
  auto r = tx.query_one("SELECT COALESCE(u.email, p.email), u.display_name FROM users u "
                        "LEFT JOIN people p ON p.id = u.person_id WHERE u.id = $1 AND u.active = 1",
                        {user_id});
  if (!r || r->is_null(0) || r->str(0).empty()) return std::nullopt;
  return std::make_pair(r->str(0), r->str(1));
}

std::optional<std::pair<std::string, std::string>> requester_address(storage::Tx& tx, const TicketRow& t) {
  if (t.requester_person_id) {
    auto r = tx.query_one("SELECT email, full_name FROM people WHERE id = $1", {*t.requester_person_id});
    if (r && !r->is_null(0) && !r->str(0).empty()) return std::make_pair(r->str(0), r->str(1));
  }
  if (t.requester_user_id) return user_address(tx, *t.requester_user_id);
  return std::nullopt;
}

Mail render_mail(const std::string& kind, const TicketRow& t, const std::string& public_url, const std::string& extra) {
  Mail m;
  m.kind = kind;
  std::string number = ticket_number(t.id);
  std::string link = public_url + "/mesa/tickets/" + std::to_string(t.id);
  std::string head;
  if (kind == "new") {
    m.subject = "[" + number + "] Recibimos su " + (t.kind == "reporte" ? "reporte" : "solicitud") + ": " + t.title;
    head = "Hola:\n\nRegistramos su " + std::string(t.kind == "reporte" ? "reporte" : "solicitud") + " con el número " +
           number + " en la cola «" + t.queue_name + "» (" + t.category_name + ").\nPrioridad: " +
           std::string(priority_label(t.priority)) + ".\n" +
           (t.resolution_due_at ? "Fecha compromiso de solución: " + t.resolution_due_at->substr(0, 16) + " UTC.\n" : "") +
           "\nPuede responder a este correo para agregar información.";
  } else if (kind == "assigned") {
    m.subject = "[" + number + "] Se le asignó: " + t.title;
    head = "Se le asignó el ticket " + number + " (" + t.category_name + "), solicitado por " + t.requester_name + " de " +
           t.area_name + ".\nPrioridad: " + std::string(priority_label(t.priority)) + ".\n" + extra;
  } else if (kind == "reply") {
    m.subject = "[" + number + "] Nueva respuesta: " + t.title;
    head = extra;
  } else if (kind == "resolved") {
    m.subject = "[" + number + "] Resuelto: " + t.title;
    head = "Su " + std::string(t.kind == "reporte" ? "reporte" : "solicitud") + " " + number +
           " quedó resuelto.\n\nSolución:\n" + extra +
           "\n\nEntre al portal para confirmar la solución y calificar la atención, o para reabrirlo si el problema "
           "continúa.";
  } else if (kind == "sla_warning") {
    m.subject = "[" + number + "] Aviso de vencimiento: " + t.title;
    head = extra;
  } else {
    m.subject = "[" + number + "] " + t.title;
    head = extra;
  }
  m.body = std::string(mail::kReplyAboveMarker) + "\n\n" + head + "\n\nVer el ticket: " + link +
           "\n\n--\nMesa de servicio de la Dirección de Sistemas de Información\nMunicipio de Oaxaca de Juárez\n";
  return m;
}

// ---- assignment --------------------------------------------------------------------------------

namespace {
const char* const kEligible =
    "SELECT u.id FROM users u JOIN helpdesk_queues q ON q.area_id = u.area_id WHERE q.id = $1 AND u.active = 1 "
    "AND u.role IN ('tecnico','jefe_departamento','mesa_ayuda')";
}

bool eligible_assignee(storage::Tx& tx, int64_t queue_id, int64_t user_id) {
  return tx.query_one(std::string(kEligible) + " AND u.id = $2", {queue_id, user_id}).has_value();
}

std::optional<int64_t> auto_assignee(storage::Tx& tx, int64_t queue_id) {
  auto q = tx.query_one("SELECT assignment, last_assignee_id FROM helpdesk_queues WHERE id = $1", {queue_id});
  if (!q || q->str(0) == "manual") return std::nullopt;
  // Technicians first: a department head only gets tickets when no technician is active.
  auto rows = tx.query(std::string(kEligible) + " AND u.role IN ('tecnico','mesa_ayuda') ORDER BY u.id", {queue_id});
  if (rows.empty()) rows = tx.query(std::string(kEligible) + " ORDER BY u.id", {queue_id});
  if (rows.empty()) return std::nullopt;
  int64_t chosen;
  if (q->str(0) == "round_robin") {
    auto last = q->opt_i64(1);
    chosen = rows.front().i64(0);
    for (auto& r : rows)
      if (last && r.i64(0) > *last) {
        chosen = r.i64(0);
        break;
      }
  } else {  // least_open, ties to the lower id
    chosen = rows.front().i64(0);
    int64_t best = INT64_MAX;
    for (auto& r : rows) {
      int64_t n = tx.query_one("SELECT COUNT(*) FROM helpdesk_tickets WHERE assignee_id = $1 AND is_open = 1", {r.i64(0)})
                      ->i64(0);
      if (n < best) {
        best = n;
        chosen = r.i64(0);
      }
    }
  }
  tx.execute("UPDATE helpdesk_queues SET last_assignee_id = $1 WHERE id = $2", {chosen, queue_id});
  return chosen;
}

// ---- attachments -------------------------------------------------------------------------------

Result<std::string> check_attachment(const HelpdeskConfig& config, const std::string& name, std::string_view content) {
  return files::check_upload({config.data_dir, config.max_attachment_bytes, config.attachment_scan_command}, name, content);
}


std::pair<int64_t, int64_t> add_attachment_row(storage::Tx& tx, int64_t ticket_id, const auth::Actor& actor,
                                               const std::string& via, const std::string& name,
                                               const std::string& media_type, const std::string& sha256, size_t size,
                                               const std::string& now) {
  int64_t attachment_id = tx.query_one("INSERT INTO helpdesk_attachments (ticket_id, sha256, size, media_type, filename, "
                                       "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                                       {ticket_id, sha256, static_cast<int64_t>(size), media_type, name,
                                        actor.user_id > 0 ? storage::Param(actor.user_id) : storage::Param(nullptr), now})
                              ->i64(0);
  int64_t entry_id = add_entry(tx, ticket_id, &actor, {"attachment", "public", via, name, std::nullopt, attachment_id}, now);
  return {attachment_id, entry_id};
}

}  // namespace tequio::helpdesk::detail
