// Shared by the helpdesk's implementation files only: ticket rows and their JSON, visibility,
// timeline entries, SLA clocks and queued e-mails, all working inside the caller's transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "auth/model.h"
#include "core/calendar.h"
#include "files/uploads.h"
#include "helpdesk/model.h"
#include "helpdesk/service.h"
#include "storage/db.h"

namespace tequio::helpdesk::detail {

using nlohmann::json;

// "HH:MM" → minutes after midnight; "24:00" only with allow_end_of_day (the end of working hours).
std::optional<std::chrono::minutes> parse_hhmm(const std::string& s, bool allow_end_of_day = false);

// The columns of a users row (alias u) that make an Actor, and the Actor they make (no ip).
inline constexpr const char* kActorColumns = "u.id, u.username, u.display_name, u.role, u.area_id, u.person_id";
auth::Actor actor_from_row(const storage::Row& r);
// The actor of a user account (demo loading); nullopt when there is no such user.
std::optional<auth::Actor> actor_by_username(storage::Connection& c, const std::string& username);

// Settings with their defaults (helpdesk_settings rows override them).
struct Settings {
  CalendarRules calendar_rules;        // working days and hours (holidays added when building)
  std::vector<SlaTarget> sla_targets;  // one per priority 1..4
  int64_t warning_percent = 75;
  int64_t reopen_days = 5;
  int64_t autoclose_days = 3;
  const SlaTarget& target(int64_t priority) const;
};
Settings load_settings(storage::Connection& c);
json settings_json(const Settings& s, const Calendar& cal);

// The ticket columns every read uses, joined with queue, category, area and assignee names.
extern const char* const kTicketSelect;
// One ticket row as read by kTicketSelect.
struct TicketRow {
  int64_t id = 0;
  std::string kind, title, status, channel;
  int64_t priority = 3, queue_id = 0, category_id = 0, area_id = 0;
  std::string queue_name, category_name, area_name;
  std::optional<int64_t> requester_person_id, requester_user_id, assignee_id;
  std::string requester_name;
  std::optional<std::string> assignee_name;
  std::string created_at, updated_at;
  std::optional<std::string> response_due_at, resolution_due_at, response_warn_at, resolution_warn_at;
  std::string response_state, resolution_state;
  std::optional<std::string> paused_since, first_response_at, resolved_at, closed_at;
  std::string description, fields, assets;
  int64_t impact = 2, urgency = 2;
  std::optional<std::string> priority_reason;
  std::optional<int64_t> parent_id, duplicate_of_id, merged_into_id;
  int64_t response_minutes = 0, resolution_minutes = 0, reopen_count = 0;
  std::optional<int64_t> rating;
  std::optional<std::string> rating_comment, rated_at;
  std::optional<int64_t> created_by;

  static TicketRow from(const storage::Row& r);
};
std::optional<TicketRow> load_ticket(storage::Tx& tx, int64_t id);

// The single SLA state people see on lists: ok, warning, breached, paused, met, missed, none.
std::string sla_state(const TicketRow& t, const std::string& now_iso);
json summary_json(const TicketRow& t, const std::string& now_iso);

// WHERE (over helpdesk_tickets t) and ORDER BY of a ticket list for a filter, with the actor's
// visibility applied: one builder for the list and the export. Errors name the query parameter.
struct TicketQuery {
  std::string where, order;
  storage::Params params;
};
Result<TicketQuery> ticket_query(const auth::Actor& actor, const TicketFilter& f, const std::string& now_iso,
                                 storage::Dialect dialect);

// Whether the actor may see the ticket at all, and whether as staff (internal notes, work).
bool can_read(const auth::Actor& a, const TicketRow& t);
bool is_staff(const auth::Actor& a);
bool is_requester_side(const auth::Actor& a, const TicketRow& t);

// Appends a timeline entry; returns its id. author_id null for the system.
struct EntryInput {
  std::string kind;        // reply, note, event, attachment
  std::string visibility;  // public, internal
  std::string via = "web";
  std::string body;
  std::optional<json> changes;
  std::optional<int64_t> attachment_id;
};
int64_t add_entry(storage::Tx& tx, int64_t ticket_id, const auth::Actor* author, const EntryInput& e,
                  const std::string& now_iso);
json entry_json(const storage::Row& r);  // a row of kEntrySelect
extern const char* const kEntrySelect;

// One SLA clock: when it is due and when it warns (warning_percent of the target), ISO UTC.
struct Clock2 {
  std::optional<std::string> due, warn;
};
Clock2 clock_for(const Calendar& cal, Timestamp start, int64_t minutes, int64_t warn_pct, const std::vector<Pause>& p);

// Recomputes due/warn times and states from created_at, targets and pauses.
void recompute_sla(storage::Tx& tx, const Calendar& cal, const Settings& s, int64_t ticket_id, Timestamp now);
// The Sla objects of the ticket detail (due, state, Spanish explanation).
// `pauses` are the ticket's pauses with an open one ending now (load_pauses).
std::vector<Pause> load_pauses(storage::Tx& tx, int64_t ticket_id, Timestamp now);
json sla_json(const Calendar& cal, const TicketRow& t, bool response, const std::vector<Pause>& pauses, Timestamp now);

// Notifications: queues an e-mail in the outbox (same transaction). Skipped when no address.
struct Mail {
  std::string kind;  // new, assigned, reply, resolved, sla_warning, closed
  std::string to_address, to_name, subject, body;
};
void queue_mail(storage::Tx& tx, int64_t ticket_id, const Mail& m, const std::string& now_iso);
// Address of the requester (person e-mail, else user e-mail) and of a user.
std::optional<std::pair<std::string, std::string>> requester_address(storage::Tx& tx, const TicketRow& t);
std::optional<std::pair<std::string, std::string>> user_address(storage::Tx& tx, int64_t user_id);
// Renders the Spanish notification texts.
Mail render_mail(const std::string& kind, const TicketRow& t, const std::string& public_url, const std::string& extra);

// Picks the technician for a queue by its rule (round robin or least open); nullopt when manual
// or nobody is available.
std::optional<int64_t> auto_assignee(storage::Tx& tx, int64_t queue_id);
// Whether a user may be assigned tickets of a queue (active DSI staff of that department).
bool eligible_assignee(storage::Tx& tx, int64_t queue_id, int64_t user_id);

using files::read_blob;
using files::store_blob;
using files::sniff_media_type;
using files::extension_matches;
// Checks an attachment with the helpdesk's limits and scanner (files::check_upload); returns the media type.
Result<std::string> check_attachment(const HelpdeskConfig& config, const std::string& name, std::string_view content);
// The attachment row and its timeline entry (the bytes are already stored): {attachment id, entry id}.
std::pair<int64_t, int64_t> add_attachment_row(storage::Tx& tx, int64_t ticket_id, const auth::Actor& actor,
                                               const std::string& via, const std::string& name,
                                               const std::string& media_type, const std::string& sha256, size_t size,
                                               const std::string& now_iso);
// Moves a ticket to `to` inside the caller's transaction: pauses, timestamps, SLA clocks, event.
void apply_status(storage::Tx& tx, const Calendar& cal, const Settings& s, const TicketRow& t, const std::string& to,
                  const auth::Actor* actor, const std::string& via, Timestamp now, bool reopen);

}  // namespace tequio::helpdesk::detail

namespace tequio::helpdesk {
struct HelpdeskService::Cached {
  Calendar cal;
  detail::Settings settings;
};

// Everything one operation needs: connection, transaction, calendar, settings, time.
struct HelpdeskService::Ctx {
  storage::Pool::Lease conn;
  storage::Tx tx;
  std::shared_ptr<const Cached> cached;
  const Calendar& cal;
  const detail::Settings& settings;
  Timestamp now;
  std::string now_s;
  Ctx(HelpdeskService& s, storage::Tx::Mode mode)
      : conn(s.pool_.acquire()),
        tx(*conn, mode),
        cached(s.cached(*conn)),
        cal(cached->cal),
        settings(cached->settings),
        now(s.now()),
        now_s(to_iso(now)) {}
};

}  // namespace tequio::helpdesk

