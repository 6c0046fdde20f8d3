// Dashboards, exports and the monthly report. (Being written: until then these answer
// "no disponible" instead of inventing figures.)
#include "helpdesk/internal.h"
#include "helpdesk/service.h"

namespace tequio::helpdesk {

namespace {
Error not_yet() { return Error::of(ErrorKind::kUnavailable, "not_available", "Función no disponible todavía"); }
}  // namespace

Result<nlohmann::json> HelpdeskService::stats(const auth::Actor& actor, const std::optional<std::string>&,
                                              const std::optional<std::string>&, std::optional<int64_t>) {
  if (!actor.can(auth::Permission::kHelpdeskReadAll)) return Error::forbidden();
  return not_yet();
}
Result<ExportFile> HelpdeskService::export_tickets(const auth::Actor& actor, const TicketFilter&, const std::string&) {
  if (!actor.can(auth::Permission::kHelpdeskReadAll)) return Error::forbidden();
  return not_yet();
}
Result<ExportFile> HelpdeskService::monthly_report(const auth::Actor& actor, int64_t, const std::string&) {
  if (!actor.can(auth::Permission::kHelpdeskReadAll)) return Error::forbidden();
  return not_yet();
}

}  // namespace tequio::helpdesk
