// The helpdesk (mesa de servicio): the service catalog and queues of the DSI departments,
// tickets with their status machine, assignment, SLA clocks on the business calendar,
// conversation and attachments, the employees' portal, saved views, dashboards and exports,
// recurring tickets, e-mail notifications and replies by e-mail.
//
// Permissions (auth/model.h): helpdesk.request lets anyone file tickets and follow those of
// their own area (public entries only; other areas' tickets are "not found"); helpdesk.read_all
// reads everything; helpdesk.work changes tickets; helpdesk.manage edits catalog and settings.
// Every change is one transaction: the ticket row, its timeline entry, the audit entry and the
// queued e-mails commit together or not at all.
//
// Time: every "now" comes from HelpdeskConfig::clock, so SLA tests can fix it.
#pragma once
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/service.h"
#include "auth/model.h"
#include "core/calendar.h"
#include "core/json_input.h"
#include "core/paging.h"
#include "core/result.h"
#include "core/time.h"
#include "helpdesk/model.h"
#include "storage/db.h"

namespace tequio::helpdesk {

struct HelpdeskConfig {
  std::string data_dir;                        // attachments live in data_dir/attachments
  int64_t max_attachment_bytes = 10 << 20;     // 10 MiB
  std::string mail_from_address = "mesa.servicio@oaxaca.example";
  std::string mail_from_name = "Mesa de servicio DSI";
  std::string public_url = "http://localhost:8080";  // links in e-mails
  std::string inbound_token;                   // empty: inbound e-mail disabled
  // Optional virus scan of every attachment before it is stored: the command (split on spaces,
  // run without a shell) gets the file's path as its last argument; exit 0 = clean, 1 = infected
  // (refused), anything else = scanner failure (refused with 503). E.g. "clamdscan --no-summary".
  std::string attachment_scan_command;
  std::function<Timestamp()> clock = [] { return Clock::now(); };
};

struct QueueInput {
  std::optional<std::string> name, assignment;
  std::optional<bool> active;
};

struct CategoryInput {
  std::optional<std::string> code, name, description, kind;
  std::optional<int64_t> queue_id, impact, urgency;
  Nullable<int64_t> response_minutes, resolution_minutes;
  std::optional<nlohmann::json> fields;
  std::optional<bool> active;
};

struct CategoryFilter {
  std::optional<int64_t> queue_id;
  std::optional<std::string> kind, q;
  std::optional<bool> active;
};

struct TicketInput {
  std::optional<std::string> kind, title, description, channel, priority_reason;
  std::optional<int64_t> category_id, requester_person_id, impact, urgency, priority, parent_id;
  std::optional<nlohmann::json> fields;
  std::optional<std::vector<std::string>> assets;
};

struct TicketPatch {
  std::optional<std::string> kind, title, description;
  Nullable<std::string> priority_reason;
  std::optional<int64_t> category_id, impact, urgency, priority;
  Nullable<int64_t> parent_id, duplicate_of_id;
  std::optional<nlohmann::json> fields;
  std::optional<std::vector<std::string>> assets;
};

struct TicketFilter {
  std::optional<std::string> scope;     // all, mine, area, assigned
  std::vector<std::string> statuses;    // "open" expands to the non-final ones
  std::optional<int64_t> queue_id, priority, category_id, area_id;
  std::optional<int64_t> assignee_id;   // 0 = unassigned
  std::optional<std::string> kind, q, sla, sort;
  std::optional<std::string> updated_since;
};

struct AssignInput {
  std::optional<int64_t> assignee_id;   // nullopt with auto_assign false: unassign
  bool auto_assign = false;
  std::optional<int64_t> queue_id;
  std::optional<std::string> reason;
};

struct BulkInput {
  std::vector<int64_t> ids;
  std::string action;  // assign, transition, priority
  std::optional<int64_t> assignee_id;
  std::optional<std::string> status, comment, priority_reason;
  std::optional<int64_t> priority;
};

struct RecurringInput {
  std::optional<std::string> title, description, frequency, time_of_day;
  std::optional<int64_t> category_id;
  Nullable<int64_t> day;
  std::optional<bool> active;
};

struct Attachment {
  std::string filename, media_type;
  std::string content;
};

struct ExportFile {
  std::string filename, media_type, content;
};

// What the background jobs did, for logs and tests.
struct SweepReport {
  int64_t warnings = 0, breaches = 0, autoclosed = 0, recurring_created = 0;
};

class HelpdeskService {
 public:
  HelpdeskService(storage::Pool& pool, audit::AuditService& audit, HelpdeskConfig config);

  // Catalog and configuration
  Result<nlohmann::json> list_queues(const auth::Actor& actor);
  Result<nlohmann::json> update_queue(const auth::Actor& actor, int64_t id, const QueueInput& in);
  Result<Page> list_categories(const auth::Actor& actor, const CategoryFilter& f, const PageRequest& page);
  Result<nlohmann::json> get_category(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> create_category(const auth::Actor& actor, const CategoryInput& in);
  Result<nlohmann::json> update_category(const auth::Actor& actor, int64_t id, const CategoryInput& in);
  Result<nlohmann::json> get_settings(const auth::Actor& actor);
  Result<nlohmann::json> update_settings(const auth::Actor& actor, const nlohmann::json& patch);
  Result<nlohmann::json> list_days_off(const auth::Actor& actor, int year);
  Result<nlohmann::json> add_day_off(const auth::Actor& actor, const std::string& from, const std::optional<std::string>& to,
                                     const std::string& label, const std::string& source);
  Status delete_day_off(const auth::Actor& actor, int64_t id);
  // The SLA calendar: law holidays (LFT art. 74), admin days off, working days and hours.
  Calendar calendar();

  // Tickets
  Result<nlohmann::json> create_ticket(const auth::Actor& actor, const TicketInput& in);
  Result<nlohmann::json> get_ticket(const auth::Actor& actor, int64_t id);
  Result<Page> list_tickets(const auth::Actor& actor, const TicketFilter& f, const PageRequest& page);
  Result<Page> list_entries(const auth::Actor& actor, int64_t ticket_id, const PageRequest& page);
  Result<nlohmann::json> update_ticket(const auth::Actor& actor, int64_t id, const TicketPatch& in);
  Result<nlohmann::json> transition(const auth::Actor& actor, int64_t id, const std::string& status,
                                    const std::optional<std::string>& comment);
  Result<nlohmann::json> assign(const auth::Actor& actor, int64_t id, const AssignInput& in);
  Result<nlohmann::json> take(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> add_entry(const auth::Actor& actor, int64_t id, const std::string& kind, const std::string& body);
  Result<nlohmann::json> add_attachment(const auth::Actor& actor, int64_t id, const std::string& filename,
                                        std::string_view content);
  Result<Attachment> get_attachment(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> survey(const auth::Actor& actor, int64_t id, int64_t rating,
                                const std::optional<std::string>& comment);
  Result<nlohmann::json> merge(const auth::Actor& actor, int64_t id, int64_t into_id);
  Result<nlohmann::json> bulk(const auth::Actor& actor, const BulkInput& in);

  // Saved views
  Result<nlohmann::json> list_views(const auth::Actor& actor);
  Result<nlohmann::json> create_view(const auth::Actor& actor, const std::string& name, const std::string& query);
  Status delete_view(const auth::Actor& actor, int64_t id);

  // Dashboards and exports
  Result<nlohmann::json> stats(const auth::Actor& actor, const std::optional<std::string>& from,
                               const std::optional<std::string>& to, std::optional<int64_t> queue_id);
  Result<ExportFile> export_tickets(const auth::Actor& actor, const TicketFilter& f, const std::string& format);
  Result<ExportFile> monthly_report(const auth::Actor& actor, int64_t queue_id, const std::string& month);

  // Recurring tickets
  Result<nlohmann::json> list_recurring(const auth::Actor& actor);
  Result<nlohmann::json> create_recurring(const auth::Actor& actor, const RecurringInput& in);
  Result<nlohmann::json> update_recurring(const auth::Actor& actor, int64_t id, const RecurringInput& in);
  Status delete_recurring(const auth::Actor& actor, int64_t id);

  // Background work (the server runs it every minute; tests call it directly): SLA warnings
  // and breaches, auto-closing resolved tickets, recurring tickets.
  SweepReport run_jobs();
  // Sends queued e-mails through `send(envelope_to, rendered_message)`; failures are retried
  // with backoff (1, 5, 15, 60 min … up to 10 attempts). Returns how many were sent.
  int64_t deliver_mail(const std::function<Status(const std::string&, const std::string&)>& send, int64_t limit = 50);

  // Replies by e-mail: a raw RFC 5322 message delivered by the mail server (see docs/helpdesk-email.md).
  Result<nlohmann::json> receive_email(std::string_view raw);
  const HelpdeskConfig& config() const { return config_; }

 private:
  struct Ctx;
  struct Cached;  // calendar and settings, shared by concurrent operations
  // The refusal for a caller without helpdesk.work: 404 to a requester who cannot see the ticket
  // (existence is not revealed), 403 otherwise.
  Error denied_work(const auth::Actor& actor, int64_t id);
  Timestamp now() const { return config_.clock(); }
  void invalidate_calendar();
  // The cached calendar and settings, reloaded through `conn` when stale (never a second connection).
  std::shared_ptr<const Cached> cached(storage::Connection& conn);

  storage::Pool& pool_;
  audit::AuditService& audit_;
  HelpdeskConfig config_;
  std::mutex calendar_mu_;
  std::shared_ptr<const Cached> cached_;
  Timestamp cached_at_{};
};

}  // namespace tequio::helpdesk
