// HTTP ⇄ OrgService: areas, positions, people, CSV imports.
#include "http/app.h"

namespace tequio::http {

namespace {

using auth::Permission;

Response denied_unless(const Ctx& c, Permission p, bool& ok) {
  ok = c.actor->can(p);
  return ok ? Response{} : Response::problem(Error::forbidden());
}

org::AreaInput read_area(JsonReader& in) {
  org::AreaInput a;
  a.name = in.optional_string("name", 200);
  a.kind = in.optional_string("kind", 20);
  a.code = in.nullable_string("code", 32);
  a.parent_id = in.nullable_int("parent_id");
  a.active = in.optional_bool("active");
  return a;
}

org::PositionInput read_position(JsonReader& in) {
  org::PositionInput p;
  p.title = in.optional_string("title", 200);
  p.objective = in.optional_string("objective", 4000);
  p.decision_field = in.optional_string("decision_field", 4000);
  p.area_id = in.optional_int("area_id");
  p.functions = in.string_list("functions", false, 100, 2000);
  p.superior_position_id = in.nullable_int("superior_position_id");
  return p;
}

org::PersonInput read_person(JsonReader& in) {
  org::PersonInput p;
  p.full_name = in.optional_string("full_name", 200);
  p.job_title = in.optional_string("job_title", 200);
  p.area_id = in.optional_int("area_id");
  p.position_id = in.nullable_int("position_id");
  p.email = in.nullable_string("email", 254);
  p.extension = in.nullable_string("extension", 10);
  p.active = in.optional_bool("active");
  return p;
}

// Shared shape of every create/update handler: permission, id, JSON body, reader, service call.
template <class Read, class Call>
Response write_handler(Ctx& c, bool with_id, Read read, Call call, int ok_status) {
  bool ok;
  Response denied = denied_unless(c, Permission::kOrgWrite, ok);
  if (!ok) return denied;
  int64_t id = 0;
  if (with_id) {
    auto parsed = c.id();
    if (!parsed) return Response::problem(parsed.error());
    id = *parsed;
  }
  auto body = c.json_body();
  if (!body) return Response::problem(body.error());
  JsonReader in(*body);
  auto input = read(in);
  if (auto st = in.finish(); !st) return Response::problem(st.error());
  return from_result(call(id, input), ok_status);
}

Result<bool> dry_run_flag(const Request& req) {
  auto v = bool_query(req, "dry_run");
  if (!v) return v.error();
  return v->value_or(true);  // an import only writes when asked explicitly
}

}  // namespace

void register_org_routes(Router& r, Services& s) {
  auto& org = s.org;

  // Areas
  r.add("GET", "/api/v1/areas", [&org](Ctx& c) {
    auto page = page_from(c.req, 200);
    if (!page) return Response::problem(page.error());
    auto parent = id_query(c.req, "parent_id");
    if (!parent) return Response::problem(parent.error());
    auto res = org.list_areas(*c.actor, c.req.query_param("q"), *parent, *page);
    if (!res) return Response::problem(res.error());
    return Response::json(200, res->to_json());
  });
  r.add("POST", "/api/v1/areas",
        [&org](Ctx& c) {
          return write_handler(c, false, read_area,
                               [&](int64_t, const org::AreaInput& in) { return org.create_area(*c.actor, in); }, 201);
        },
        {Access::kUser, Body::kJson});
  r.add("GET", "/api/v1/areas/{id}", [&org](Ctx& c) {
    auto id = c.id();
    if (!id) return Response::problem(id.error());
    return from_result(org.get_area(*c.actor, *id));
  });
  r.add("PATCH", "/api/v1/areas/{id}",
        [&org](Ctx& c) {
          return write_handler(c, true, read_area,
                               [&](int64_t id, const org::AreaInput& in) { return org.update_area(*c.actor, id, in); },
                               200);
        },
        {Access::kUser, Body::kJson});
  r.add("DELETE", "/api/v1/areas/{id}", [&org](Ctx& c) {
    auto id = c.id();
    if (!id) return Response::problem(id.error());
    return from_status(org.delete_area(*c.actor, *id));
  });
  r.add("POST", "/api/v1/areas/import",
        [&org](Ctx& c) {
          auto dry = dry_run_flag(c.req);
          if (!dry) return Response::problem(dry.error());
          return from_result(org.import_areas(*c.actor, c.req.body, *dry));
        },
        {Access::kUser, Body::kCsv});

  // Positions
  r.add("GET", "/api/v1/positions", [&org](Ctx& c) {
    auto page = page_from(c.req, 100);
    if (!page) return Response::problem(page.error());
    auto area = id_query(c.req, "area_id");
    if (!area) return Response::problem(area.error());
    auto res = org.list_positions(*c.actor, c.req.query_param("q"), *area, *page);
    if (!res) return Response::problem(res.error());
    return Response::json(200, res->to_json());
  });
  r.add("POST", "/api/v1/positions",
        [&org](Ctx& c) {
          return write_handler(
              c, false, read_position,
              [&](int64_t, const org::PositionInput& in) { return org.create_position(*c.actor, in); }, 201);
        },
        {Access::kUser, Body::kJson});
  r.add("GET", "/api/v1/positions/{id}", [&org](Ctx& c) {
    auto id = c.id();
    if (!id) return Response::problem(id.error());
    return from_result(org.get_position(*c.actor, *id));
  });
  r.add("PATCH", "/api/v1/positions/{id}",
        [&org](Ctx& c) {
          return write_handler(
              c, true, read_position,
              [&](int64_t id, const org::PositionInput& in) { return org.update_position(*c.actor, id, in); }, 200);
        },
        {Access::kUser, Body::kJson});

  // People
  r.add("GET", "/api/v1/people", [&org](Ctx& c) {
    auto page = page_from(c.req);
    if (!page) return Response::problem(page.error());
    auto area = id_query(c.req, "area_id");
    if (!area) return Response::problem(area.error());
    auto active = bool_query(c.req, "active");
    if (!active) return Response::problem(active.error());
    auto q = c.req.query_param("q");
    if (q && q->size() > 200) return Response::problem(Error::invalid("query.too_long", "Búsqueda demasiado larga", "q"));
    auto res = org.list_people(*c.actor, {q, *area, *active}, *page);
    if (!res) return Response::problem(res.error());
    return Response::text(200, res->body(), "application/json");
  });
  r.add("POST", "/api/v1/people",
        [&org](Ctx& c) {
          return write_handler(c, false, read_person,
                               [&](int64_t, const org::PersonInput& in) { return org.create_person(*c.actor, in); },
                               201);
        },
        {Access::kUser, Body::kJson});
  r.add("GET", "/api/v1/people/{id}", [&org](Ctx& c) {
    auto id = c.id();
    if (!id) return Response::problem(id.error());
    return from_result(org.get_person(*c.actor, *id));
  });
  r.add("PATCH", "/api/v1/people/{id}",
        [&org](Ctx& c) {
          return write_handler(
              c, true, read_person,
              [&](int64_t id, const org::PersonInput& in) { return org.update_person(*c.actor, id, in); }, 200);
        },
        {Access::kUser, Body::kJson});
  r.add("DELETE", "/api/v1/people/{id}", [&org](Ctx& c) {
    auto id = c.id();
    if (!id) return Response::problem(id.error());
    return from_status(org.delete_person(*c.actor, *id));
  });
  r.add("POST", "/api/v1/people/import",
        [&org](Ctx& c) {
          auto dry = dry_run_flag(c.req);
          if (!dry) return Response::problem(dry.error());
          return from_result(org.import_people(*c.actor, c.req.body, *dry));
        },
        {Access::kUser, Body::kCsv});
}

}  // namespace tequio::http
