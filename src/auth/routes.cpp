// HTTP ⇄ AuthService: login/logout, me, password, sessions, API tokens, users and roles.
#include "http/app.h"

namespace tequio::http {

namespace {

std::string session_cookie(const Request& req, const std::string& value, long max_age) {
  std::string c = "tequio_session=" + value + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(max_age);
  if (req.secure) c += "; Secure";
  return c;
}

}  // namespace

void register_auth_routes(Router& r, Services& s) {
  auto& auth = s.auth;

  r.add("POST", "/api/v1/auth/login",
        [&auth](Ctx& c) {
          auto body = c.json_body();
          if (!body) return Response::problem(body.error());
          JsonReader in(*body);
          auto username = in.required_string("username", 64);
          auto password = in.optional_string("password", 256);
          if (!password) in.error("password", "required", "Este campo es obligatorio");
          if (auto st = in.finish(); !st) return Response::problem(st.error());
          auto result = auth.login(*username, *password, c.req.remote_ip, std::string(c.req.header("user-agent")));
          if (!result) return Response::problem(result.error());
          Response resp = Response::json(200, result->me);
          resp.headers.emplace_back("Set-Cookie",
                                    session_cookie(c.req, result->session_token, result->cookie_max_age.count()));
          return resp;
        },
        {Access::kPublic, Body::kJson, true});

  r.add("POST", "/api/v1/auth/logout",
        [&auth](Ctx& c) {
          auth.logout(*c.actor);
          Response resp = Response::no_content();
          resp.headers.emplace_back("Set-Cookie", session_cookie(c.req, "", 0));
          return resp;
        });

  r.add("GET", "/api/v1/auth/me", [&auth](Ctx& c) {
    auto me = auth.me(*c.actor);
    if (!me) return Response::problem(me.error());
    // The CSRF token is handed back so a reloaded page can keep writing.
    if (!c.csrf_token.empty()) (*me)["csrf_token"] = c.csrf_token;
    return Response::json(200, *me);
  });

  r.add("POST", "/api/v1/auth/password",
        [&auth](Ctx& c) {
          auto body = c.json_body();
          if (!body) return Response::problem(body.error());
          JsonReader in(*body);
          auto current = in.optional_string("current_password", 256);
          auto next = in.optional_string("new_password", 256);
          if (!current || current->empty()) in.error("current_password", "required", "Este campo es obligatorio");
          if (!next || next->empty()) in.error("new_password", "required", "Este campo es obligatorio");
          if (auto st = in.finish(); !st) return Response::problem(st.error());
          return from_status(auth.change_password(*c.actor, *current, *next));
        },
        {Access::kUser, Body::kJson, true});

  r.add("GET", "/api/v1/auth/sessions", [&auth](Ctx& c) { return from_result(auth.list_sessions(*c.actor)); });
  r.add("DELETE", "/api/v1/auth/sessions/{id}", [&auth](Ctx& c) {
    auto id = c.id();
    if (!id) return Response::problem(id.error());
    return from_status(auth.revoke_session(*c.actor, *id));
  });

  r.add("GET", "/api/v1/auth/tokens", [&auth](Ctx& c) { return from_result(auth.list_tokens(*c.actor)); });
  r.add("POST", "/api/v1/auth/tokens",
        [&auth](Ctx& c) {
          auto body = c.json_body();
          if (!body) return Response::problem(body.error());
          JsonReader in(*body);
          auto name = in.required_string("name", 100);
          auto scopes = in.string_list("scopes", true, 2, 10);
          auto expires = in.optional_int("expires_in_days");
          if (auto st = in.finish(); !st) return Response::problem(st.error());
          return from_result(auth.create_token(*c.actor, *name, *scopes, expires), 201);
        },
        {Access::kUser, Body::kJson});
  r.add("DELETE", "/api/v1/auth/tokens/{id}", [&auth](Ctx& c) {
    auto id = c.id();
    if (!id) return Response::problem(id.error());
    return from_status(auth.revoke_token(*c.actor, *id));
  });

  r.add("GET", "/api/v1/roles", [&auth](Ctx& c) {
    if (!c.actor->can(auth::Permission::kUsersRead)) return Response::problem(Error::forbidden());
    return Response::json(200, auth.roles());
  });

  r.add("GET", "/api/v1/users", [&auth](Ctx& c) {
    auto page = page_from(c.req);
    if (!page) return Response::problem(page.error());
    auto active = bool_query(c.req, "active");
    if (!active) return Response::problem(active.error());
    auth::UserFilter f{c.req.query_param("q"), c.req.query_param("role"), *active};
    auto res = auth.list_users(*c.actor, f, *page);
    if (!res) return Response::problem(res.error());
    return Response::json(200, res->to_json());
  });

  r.add("POST", "/api/v1/users",
        [&auth](Ctx& c) {
          if (!c.actor->can(auth::Permission::kUsersWrite)) return Response::problem(Error::forbidden());
          auto body = c.json_body();
          if (!body) return Response::problem(body.error());
          JsonReader in(*body);
          auth::NewUser u;
          auto username = in.required_string("username", 64);
          auto display = in.required_string("display_name", 200);
          auto role = in.required_string("role", 40);
          auto password = in.optional_string("password", 256);
          if (!password || password->empty()) in.error("password", "required", "Este campo es obligatorio");
          u.email = in.optional_string("email", 254);
          u.area_id = in.optional_int("area_id");
          u.person_id = in.optional_int("person_id");
          if (auto st = in.finish(); !st) return Response::problem(st.error());
          u.username = *username;
          u.display_name = *display;
          u.role = *role;
          u.password = *password;
          if (u.email && u.email->empty()) u.email.reset();
          return from_result(auth.create_user(*c.actor, u), 201);
        },
        {Access::kUser, Body::kJson, true});

  r.add("GET", "/api/v1/users/{id}", [&auth](Ctx& c) {
    auto id = c.id();
    if (!id) return Response::problem(id.error());
    return from_result(auth.get_user(*c.actor, *id));
  });

  r.add("PATCH", "/api/v1/users/{id}",
        [&auth](Ctx& c) {
          if (!c.actor->can(auth::Permission::kUsersWrite)) return Response::problem(Error::forbidden());
          auto id = c.id();
          if (!id) return Response::problem(id.error());
          auto body = c.json_body();
          if (!body) return Response::problem(body.error());
          JsonReader in(*body);
          auth::UserPatch p;
          p.display_name = in.optional_string("display_name", 200);
          p.role = in.optional_string("role", 40);
          p.email = in.nullable_string("email", 254);
          p.area_id = in.nullable_int("area_id");
          p.person_id = in.nullable_int("person_id");
          p.active = in.optional_bool("active");
          if (auto st = in.finish(); !st) return Response::problem(st.error());
          return from_result(auth.update_user(*c.actor, *id, p));
        },
        {Access::kUser, Body::kJson});

  r.add("POST", "/api/v1/users/{id}/password",
        [&auth](Ctx& c) {
          if (!c.actor->can(auth::Permission::kUsersWrite)) return Response::problem(Error::forbidden());
          auto id = c.id();
          if (!id) return Response::problem(id.error());
          auto body = c.json_body();
          if (!body) return Response::problem(body.error());
          JsonReader in(*body);
          auto password = in.optional_string("password", 256);
          if (!password || password->empty()) in.error("password", "required", "Este campo es obligatorio");
          if (auto st = in.finish(); !st) return Response::problem(st.error());
          return from_status(auth.reset_password(*c.actor, *id, *password));
        },
        {Access::kUser, Body::kJson, true});
}

}  // namespace tequio::http
