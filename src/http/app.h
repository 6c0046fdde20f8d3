// The application behind the HTTP server: routing with path parameters, authentication
// (session cookie or API token), CSRF, content-type and permission-denial handling,
// problem+json errors, metrics and static files. Transport-free: the Beast server in
// server.cpp only converts to and from Request/Response.
#pragma once
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "audit/service.h"
#include "auth/service.h"
#include "http/metrics.h"
#include "http/types.h"
#include "assets/service.h"
#include "helpdesk/service.h"
#include "org/service.h"
#include "storage/db.h"

namespace tequio::http {

struct Ctx {
  const Request& req;
  std::vector<std::pair<std::string, std::string>> params;
  const auth::Actor* actor = nullptr;  // set on every non-public route
  std::string csrf_token;              // the session's, when authenticated by cookie

  const std::string& param(std::string_view name) const;
  // A positive integer path parameter, or a 404 problem.
  Result<int64_t> id(std::string_view name = "id") const;
  // The body as one JSON object (400/422 problems otherwise).
  Result<nlohmann::json> json_body() const;
};

using Handler = std::function<Response(Ctx&)>;

enum class Access { kPublic, kUser };
enum class Body { kNone, kJson, kCsv, kBinary /* application/octet-stream */, kMail /* message/rfc822 */ };
// JSON and CSV bodies stay small whatever the server's limit (which uploads need).
inline constexpr size_t kMaxStructuredBody = 1024 * 1024;

struct RouteOptions {
  Access access = Access::kUser;
  Body body = Body::kNone;
  bool slow = false;  // CPU-heavy (argon2id): run on the worker pool, not an I/O thread
};

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteOptions options;
};

class Router {
 public:
  void add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});
  struct Match {
    const Route* route = nullptr;
    std::vector<std::pair<std::string, std::string>> params;
    bool path_matched = false;  // some route has this path with another method → 405
  };
  Match match(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// Everything the routes call. Built once in main and passed by reference.
struct Services {
  storage::Pool& pool;
  audit::AuditService& audit;
  auth::AuthService& auth;
  org::OrgService& org;
  helpdesk::HelpdeskService& helpdesk;
  assets::AssetsService& assets;
};

struct AppConfig {
  std::string web_root;  // built web app (web/dist); empty: no static files
  std::string version;
};

class App {
 public:
  App(Services services, AppConfig config);
  // The route for a request, matched once: the server asks it whether the route is slow
  // (argon2id: run on the worker pool) and hands it back to handle().
  Router::Match match(const Request& req) const { return router_.match(req.method, req.path); }
  // Never throws: infrastructure failures become a 500/503 problem and are logged.
  Response handle(Request& req, Router::Match match);
  Response handle(Request& req) { return handle(req, match(req)); }
  const Router& router() const { return router_; }
  Metrics& metrics() { return metrics_; }

 private:
  Response dispatch(Request& req, Router::Match m, std::string& route_label);
  Services services_;
  AppConfig config_;
  Router router_;
  Metrics metrics_;
};

// Per-domain route registration (each in its domain folder's routes.cpp).
void register_auth_routes(Router& r, Services& s);
void register_audit_routes(Router& r, Services& s);
void register_org_routes(Router& r, Services& s);
void register_helpdesk_routes(Router& r, Services& s);
void register_assets_routes(Router& r, Services& s);

// Shared helpers for route files.
Response from_result(const Result<nlohmann::json>& r, int ok_status = 200);
Response from_status(const Status& s);
Result<PageRequest> page_from(const Request& req, int64_t default_per_page = 50);
// Query parameter parsed as a positive id; a malformed one is a 422 naming the parameter.
Result<std::optional<int64_t>> id_query(const Request& req, std::string_view name);
Result<std::optional<bool>> bool_query(const Request& req, std::string_view name);

}  // namespace tequio::http
