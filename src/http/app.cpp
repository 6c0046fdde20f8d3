#include "http/app.h"

#include <cstdint>

#include <spdlog/spdlog.h>

#include <chrono>

#include "core/embedded.h"
#include "core/json_input.h"
#include "core/text.h"
#include "http/static_files.h"

namespace tequio::http {

namespace {

std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    if (path[i] == '/') {
      ++i;
      continue;
    }
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool unsafe_method(std::string_view m) { return m != "GET" && m != "HEAD" && m != "OPTIONS"; }

const std::string kEmpty;

}  // namespace

const std::string& Ctx::param(std::string_view name) const {
  for (const auto& [k, v] : params)
    if (k == name) return v;
  return kEmpty;
}

Result<int64_t> Ctx::id(std::string_view name) const {
  auto v = parse_id(param(name));
  if (!v) return Error::not_found("not_found", "No encontrado: identificador no válido");
  return *v;
}

Result<nlohmann::json> Ctx::json_body() const { return parse_json_object(req.body); }

void Router::add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  Route r{std::move(method), pattern, split_path(pattern), std::move(handler), options};
  routes_.push_back(std::move(r));
}

Router::Match Router::match(std::string_view method, std::string_view path) const {
  // The most specific route wins: /assets/loans before /assets/{id}, whatever the order of add().
  Match m;
  size_t best_params = SIZE_MAX;
  auto segs = split_path(path);
  for (const auto& r : routes_) {
    if (r.segments.size() != segs.size()) continue;
    std::vector<std::pair<std::string, std::string>> params;
    bool ok = true;
    for (size_t i = 0; i < segs.size() && ok; ++i) {
      const auto& p = r.segments[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') params.emplace_back(p.substr(1, p.size() - 2), segs[i]);
      else ok = p == segs[i];
    }
    if (!ok) continue;
    m.path_matched = true;
    if ((r.method == method || (method == "HEAD" && r.method == "GET")) && params.size() < best_params) {
      best_params = params.size();
      m.route = &r;
      m.params = std::move(params);
      if (best_params == 0) break;
    }
  }
  return m;
}

Response from_result(const Result<nlohmann::json>& r, int ok_status) {
  if (!r) return Response::problem(r.error());
  return Response::json(ok_status, *r);
}

Response from_status(const Status& s) {
  if (!s) return Response::problem(s.error());
  return Response::no_content();
}

Result<PageRequest> page_from(const Request& req, int64_t default_per_page) {
  return make_page(req.query_param("page"), req.query_param("per_page"), default_per_page);
}

Result<std::optional<int64_t>> id_query(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<int64_t>{};
  auto id = parse_id(*v);
  if (!id) return Error::invalid("query.id_invalid", "Debe ser un identificador numérico", std::string(name));
  return std::optional<int64_t>{*id};
}

Result<std::optional<bool>> bool_query(const Request& req, std::string_view name) {
  auto v = req.query_param(name);
  if (!v || v->empty()) return std::optional<bool>{};
  if (*v == "true" || *v == "1") return std::optional<bool>{true};
  if (*v == "false" || *v == "0") return std::optional<bool>{false};
  return Error::invalid("query.bool_invalid", "Debe ser true o false", std::string(name));
}

App::App(Services services, AppConfig config) : services_(services), config_(std::move(config)) {
  router_.add("GET", "/healthz", [](Ctx&) { return Response::text(200, "ok\n"); }, {Access::kPublic});
  router_.add("GET", "/readyz",
              [this](Ctx&) {
                try {
                  auto conn = services_.pool.acquire();
                  conn->query("SELECT 1");
                  return Response::json(200, {{"status", "ready"}});
                } catch (const std::exception& e) {
                  return Response::problem(Error::of(ErrorKind::kUnavailable, "db.unreachable",
                                                     "La base de datos no responde"));
                }
              },
              {Access::kPublic});
  router_.add("GET", "/metrics",
              [this](Ctx&) {
                return Response::text(200, metrics_.render(services_.pool), "text/plain; version=0.0.4; charset=utf-8");
              },
              {Access::kPublic});
  router_.add("GET", "/api/v1/openapi.json",
              [](Ctx&) {
                auto doc = embedded_file("src/http/openapi.json");
                if (!doc) return Response::problem(Error::not_found());
                return Response::text(200, std::string(*doc), "application/json");
              },
              {Access::kPublic});
  register_auth_routes(router_, services_);
  register_org_routes(router_, services_);
  register_helpdesk_routes(router_, services_);
  register_assets_routes(router_, services_);
  register_audit_routes(router_, services_);
}

Response App::handle(Request& req, Router::Match match) {
  auto start = std::chrono::steady_clock::now();
  std::string route_label = "(static)";
  Response resp;
  try {
    resp = dispatch(req, std::move(match), route_label);
  } catch (const storage::DbError& e) {
    spdlog::error("request {} {} {}: database: {}", req.request_id, req.method, req.path, e.what());
    bool busy = e.kind() == storage::DbError::Kind::kBusy || e.kind() == storage::DbError::Kind::kConnection;
    resp = Response::problem(busy ? Error::of(ErrorKind::kUnavailable, "db.busy",
                                              "La base de datos no está disponible; intente de nuevo")
                                  : Error::of(ErrorKind::kUnavailable, "internal", "Error interno del servidor"));
    if (!busy) resp.status = 500;
  } catch (const std::exception& e) {
    spdlog::error("request {} {} {}: {}", req.request_id, req.method, req.path, e.what());
    resp = Response::problem(Error::of(ErrorKind::kUnavailable, "internal", "Error interno del servidor"));
    resp.status = 500;
  }
  resp.headers.emplace_back("X-Request-Id", req.request_id);
  resp.headers.emplace_back("X-Content-Type-Options", "nosniff");
  resp.headers.emplace_back("X-Frame-Options", "DENY");
  resp.headers.emplace_back("Referrer-Policy", "same-origin");
  resp.headers.emplace_back("Content-Security-Policy",
                            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                            "frame-ancestors 'none'");
  if (req.path.rfind("/api/", 0) == 0) resp.headers.emplace_back("Cache-Control", "no-store");
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  metrics_.observe(req.method, route_label, resp.status, secs);
  return resp;
}

Response App::dispatch(Request& req, Router::Match m, std::string& route_label) {
  if (!m.route) {
    if (m.path_matched) {
      route_label = "(method)";
      Response r = Response::problem(Error::of(ErrorKind::kBadRequest, "method_not_allowed", "Método no permitido"));
      r.status = 405;
      return r;
    }
    bool api = req.path == "/api" || req.path.rfind("/api/", 0) == 0;
    if (!api) {
      if (auto r = serve_static(config_.web_root, req)) return *r;
    }
    route_label = "(none)";
    return Response::problem(Error::not_found("not_found", "No existe el recurso solicitado"));
  }
  const Route& route = *m.route;
  route_label = route.pattern;
  Ctx ctx{req, std::move(m.params), nullptr};

  std::optional<auth::Actor> actor;
  std::string csrf;
  bool via_cookie = false;
  std::string_view authz = req.header("authorization");
  if (authz.rfind("Bearer ", 0) == 0) {
    actor = services_.auth.authenticate_token(std::string(authz.substr(7)), req.remote_ip);
    if (!actor && route.options.access == Access::kUser)
      return Response::problem(Error::unauthenticated("auth.token_invalid", "El token no es válido o fue revocado"));
  } else if (auto cookie = req.cookie("tequio_session")) {
    if (auto s = services_.auth.authenticate_session(*cookie, req.remote_ip)) {
      actor = s->actor;
      csrf = s->csrf_token;
      via_cookie = true;
    } else if (route.options.access == Access::kUser) {
      return Response::problem(
          Error::unauthenticated("auth.session_expired", "Su sesión expiró o no es válida; inicie sesión de nuevo"));
    }
  }
  if (route.options.access == Access::kUser) {
    if (!actor) return Response::problem(Error::unauthenticated());
    if (unsafe_method(req.method)) {
      if (via_cookie) {
        std::string_view sent = req.header("x-csrf-token");
        if (sent.empty() || !secure_equal(sent, csrf)) {
          services_.auth.record_denial(*actor, req.method + " " + route.pattern + " (csrf)");
          return Response::problem(Error::forbidden("csrf", "Falta el token CSRF o no es válido; recargue la página"));
        }
      } else if (actor->via_token && !actor->token_can_write) {
        return Response::problem(Error::forbidden("token.read_only", "Este token solo permite consultas"));
      }
    }
    ctx.actor = &*actor;
    ctx.csrf_token = csrf;
  }
  // Bodies must say what they are: a cross-site form cannot send application/json.
  if (route.options.body != Body::kNone) {
    std::string_view ct = req.content_type();
    std::string lower(ct);
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const char* expected = "";
    bool ok = false;
    switch (route.options.body) {
      case Body::kJson: ok = lower == "application/json"; expected = "application/json"; break;
      case Body::kCsv: ok = lower == "text/csv" || lower == "text/plain"; expected = "text/csv"; break;
      case Body::kBinary: ok = lower == "application/octet-stream"; expected = "application/octet-stream"; break;
      case Body::kMail: ok = lower == "message/rfc822"; expected = "message/rfc822"; break;
      case Body::kNone: ok = true; break;
    }
    if (!ok)
      return Response::problem(Error::of(ErrorKind::kUnsupportedMedia, "content_type",
                                         std::string("El cuerpo debe enviarse como ") + expected));
    if ((route.options.body == Body::kJson || route.options.body == Body::kCsv) && req.body.size() > kMaxStructuredBody)
      return Response::problem(Error::of(ErrorKind::kTooLarge, "body_too_large",
                                         "El cuerpo de la solicitud excede el tamaño máximo (1 MiB)"));
  }
  Response resp = route.handler(ctx);
  if (resp.status == 403 && actor) services_.auth.record_denial(*actor, req.method + " " + route.pattern);
  if (req.method == "HEAD") resp.body.clear();
  return resp;
}

}  // namespace tequio::http
