// HTTP ⇄ AuditService: the audit log viewer and its CSV export.
#include "http/app.h"

namespace tequio::http {

static audit::Filter filter_from(const Request& req) {
  return {req.query_param("actor"), req.query_param("entity"), req.query_param("action"),
          req.query_param("entity_id"), req.query_param("from"), req.query_param("to")};
}

void register_audit_routes(Router& r, Services& s) {
  auto& audit = s.audit;
  r.add("GET", "/api/v1/audit", [&audit](Ctx& c) {
    auto page = page_from(c.req);
    if (!page) return Response::problem(page.error());
    auto res = audit.list(*c.actor, filter_from(c.req), *page);
    if (!res) return Response::problem(res.error());
    return Response::json(200, res->to_json());
  });
  r.add("GET", "/api/v1/audit/export.csv", [&audit](Ctx& c) {
    auto res = audit.export_csv(*c.actor, filter_from(c.req));
    if (!res) return Response::problem(res.error());
    Response resp = Response::text(200, "\xEF\xBB\xBF" + *res, "text/csv; charset=utf-8");
    resp.headers.emplace_back("Content-Disposition", "attachment; filename=\"bitacora-auditoria.csv\"");
    return resp;
  });
}

}  // namespace tequio::http
