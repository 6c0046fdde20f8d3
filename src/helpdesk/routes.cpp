// HTTP ⇄ HelpdeskService (docs/api-helpdesk.md).
#include "core/text.h"
#include "helpdesk/service.h"
#include "http/app.h"
#include "http/route_helpers.h"

namespace tequio::http {

namespace {

using helpdesk::HelpdeskService;
using nlohmann::json;

Result<helpdesk::TicketFilter> ticket_filter(const Request& req) {
  helpdesk::TicketFilter f;
  f.scope = req.query_param("scope");
  if (auto s = req.query_param("status"); s && !s->empty()) {
    size_t start = 0;
    while (start <= s->size()) {
      size_t comma = s->find(',', start);
      std::string part = trim(s->substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!part.empty()) f.statuses.push_back(part);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (f.statuses.size() > 10) return Error::invalid("ticket.status_invalid", "Demasiados estados", "status");
  }
  for (auto [name, target] : {std::pair<const char*, std::optional<int64_t>*>{"queue_id", &f.queue_id},
                              {"category_id", &f.category_id},
                              {"area_id", &f.area_id}}) {
    auto v = id_query(req, name);
    if (!v) return v.error();
    *target = *v;
  }
  if (auto a = req.query_param("assignee_id"); a && !a->empty()) {
    if (*a == "none") f.assignee_id = 0;
    else if (auto id = parse_id(*a)) f.assignee_id = *id;
    else return Error::invalid("query.id_invalid", "Debe ser un identificador numérico o «none»", "assignee_id");
  }
  if (auto p = req.query_param("priority"); p && !p->empty()) {
    if (p->size() != 1 || (*p)[0] < '1' || (*p)[0] > '4')
      return Error::invalid("ticket.priority_invalid", "La prioridad va de 1 a 4", "priority");
    f.priority = (*p)[0] - '0';
  }
  auto nonempty = [&](const char* name) -> std::optional<std::string> {
    auto v = req.query_param(name);
    if (!v || v->empty()) return std::nullopt;
    return v;
  };
  f.kind = nonempty("kind");
  f.q = nonempty("q");
  if (f.q && (f.q->size() > 200 || !valid_utf8(*f.q)))
    return Error::invalid("ticket.q_invalid", "La búsqueda admite hasta 200 caracteres", "q");
  f.sla = nonempty("sla");
  f.sort = nonempty("sort");
  f.updated_since = nonempty("updated_since");
  return f;
}

helpdesk::CategoryInput read_category(JsonReader& in, const json& body) {
  helpdesk::CategoryInput c;
  c.code = in.optional_string("code", 40);
  c.name = in.optional_string("name", 200);
  c.description = in.optional_string("description", 4000);
  c.kind = in.optional_string("kind", 20);
  c.queue_id = in.optional_int("queue_id");
  c.impact = in.optional_int("impact");
  c.urgency = in.optional_int("urgency");
  c.response_minutes = in.nullable_int("response_minutes");
  c.resolution_minutes = in.nullable_int("resolution_minutes");
  c.active = in.optional_bool("active");
  c.fields = in.optional_json("fields");
  (void)body;
  return c;
}

helpdesk::RecurringInput read_recurring(JsonReader& in) {
  helpdesk::RecurringInput r;
  r.title = in.optional_string("title", 200);
  r.description = in.optional_string("description", 20000);
  r.frequency = in.optional_string("frequency", 20);
  r.time_of_day = in.optional_string("time", 5);
  r.category_id = in.optional_int("category_id");
  r.day = in.nullable_int("day");
  r.active = in.optional_bool("active");
  return r;
}

}  // namespace

void register_helpdesk_routes(Router& r, Services& s) {
  HelpdeskService& hd = s.helpdesk;
  const std::string base = "/api/v1/helpdesk";
  const RouteOptions json_body{Access::kUser, Body::kJson};

  // Queues, catalog, settings, days off
  r.add("GET", base + "/queues", [&hd](Ctx& c) { return from_result(hd.list_queues(*c.actor)); });
  r.add("PATCH", base + "/queues/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      return with_body(c, [](JsonReader& in) {
        helpdesk::QueueInput q;
        q.name = in.optional_string("name", 200);
        q.assignment = in.optional_string("assignment", 20);
        q.active = in.optional_bool("active");
        return q;
      }, [&](const helpdesk::QueueInput& q) { return hd.update_queue(*c.actor, id, q); });
    });
  }, json_body);
  r.add("GET", base + "/categories", [&hd](Ctx& c) {
    auto page = page_from(c.req, 100);
    if (!page) return problem(page.error());
    helpdesk::CategoryFilter f;
    auto q = id_query(c.req, "queue_id");
    if (!q) return problem(q.error());
    f.queue_id = *q;
    auto active = bool_query(c.req, "active");
    if (!active) return problem(active.error());
    f.active = *active;
    if (auto k = c.req.query_param("kind"); k && !k->empty()) f.kind = k;
    f.q = c.req.query_param("q");
    return page_response(hd.list_categories(*c.actor, f, *page));
  });
  r.add("GET", base + "/categories/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(hd.get_category(*c.actor, id)); });
  });
  r.add("POST", base + "/categories", [&hd](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto input = read_category(in, *body);
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(hd.create_category(*c.actor, input), 201);
  }, json_body);
  r.add("PATCH", base + "/categories/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto body = c.json_body();
      if (!body) return problem(body.error());
      JsonReader in(*body);
      auto input = read_category(in, *body);
      if (auto st = in.finish(); !st) return problem(st.error());
      return from_result(hd.update_category(*c.actor, id, input));
    });
  }, json_body);
  r.add("GET", base + "/settings", [&hd](Ctx& c) { return from_result(hd.get_settings(*c.actor)); });
  r.add("PATCH", base + "/settings", [&hd](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    return from_result(hd.update_settings(*c.actor, *body));
  }, json_body);
  r.add("GET", base + "/days-off", [&hd](Ctx& c) {
    int year = 0;
    auto y = c.req.query_param("year");
    if (!y || y->empty()) year = static_cast<int>(std::chrono::year_month_day(std::chrono::floor<std::chrono::days>(Clock::now())).year());
    else if (y->size() == 4 && std::all_of(y->begin(), y->end(), ::isdigit)) year = std::stoi(*y);
    else return problem(Error::invalid("days_off.year_invalid", "El año debe tener cuatro dígitos", "year"));
    return from_result(hd.list_days_off(*c.actor, year));
  });
  r.add("POST", base + "/days-off", [&hd](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto date = in.required_string("date", 10);
    auto to = in.optional_string("to", 10);
    auto label = in.required_string("label", 200);
    auto source = in.required_string("source", 300);
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(hd.add_day_off(*c.actor, *date, to, *label, *source), 201);
  }, json_body);
  r.add("DELETE", base + "/days-off/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_status(hd.delete_day_off(*c.actor, id)); });
  });

  // Tickets
  r.add("GET", base + "/tickets", [&hd](Ctx& c) {
    auto page = page_from(c.req, 50);
    if (!page) return problem(page.error());
    auto f = ticket_filter(c.req);
    if (!f) return problem(f.error());
    return page_response(hd.list_tickets(*c.actor, *f, *page));
  });
  r.add("GET", base + "/tickets/export", [&hd](Ctx& c) {
    auto f = ticket_filter(c.req);
    if (!f) return problem(f.error());
    std::string format = c.req.query_param("format").value_or("csv");
    auto file = hd.export_tickets(*c.actor, *f, format);
    if (!file) return problem(file.error());
    return file_response(file->filename, file->media_type, std::move(file->content));
  });
  r.add("POST", base + "/tickets", [&hd](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    helpdesk::TicketInput t;
    t.kind = in.optional_string("kind", 20);
    t.title = in.optional_string("title", 200);
    t.description = in.optional_string("description", 20000);
    t.channel = in.optional_string("channel", 20);
    t.priority_reason = in.optional_string("priority_reason", 500);
    t.category_id = in.optional_int("category_id");
    t.requester_person_id = in.optional_int("requester_person_id");
    t.impact = in.optional_int("impact");
    t.urgency = in.optional_int("urgency");
    t.priority = in.optional_int("priority");
    t.parent_id = in.optional_int("parent_id");
    t.fields = in.optional_json("fields");
    t.assets = in.string_list("assets", false, 20, 40);
    if (t.title && t.title->empty()) in.error("title", "required", "El título es obligatorio");
    if (t.description && t.description->empty()) in.error("description", "required", "La descripción es obligatoria");
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(hd.create_ticket(*c.actor, t), 201);
  }, json_body);
  r.add("GET", base + "/tickets/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(hd.get_ticket(*c.actor, id)); });
  });
  r.add("GET", base + "/tickets/{id}/entries", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto page = page_from(c.req, 100);
      if (!page) return problem(page.error());
      return page_response(hd.list_entries(*c.actor, id, *page));
    });
  });
  r.add("PATCH", base + "/tickets/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto body = c.json_body();
      if (!body) return problem(body.error());
      JsonReader in(*body);
      helpdesk::TicketPatch p;
      p.kind = in.optional_string("kind", 20);
      p.title = in.optional_string("title", 200);
      p.description = in.optional_string("description", 20000);
      p.priority_reason = in.nullable_string("priority_reason", 500);
      p.category_id = in.optional_int("category_id");
      p.impact = in.optional_int("impact");
      p.urgency = in.optional_int("urgency");
      p.priority = in.optional_int("priority");
      p.parent_id = in.nullable_int("parent_id");
      p.duplicate_of_id = in.nullable_int("duplicate_of_id");
      p.fields = in.optional_json("fields");
      p.assets = in.string_list("assets", false, 20, 40);
      if (p.title && p.title->empty()) in.error("title", "required", "El título es obligatorio");
      if (p.description && p.description->empty()) in.error("description", "required", "La descripción es obligatoria");
      if (auto st = in.finish(); !st) return problem(st.error());
      return from_result(hd.update_ticket(*c.actor, id, p));
    });
  }, json_body);
  r.add("POST", base + "/tickets/{id}/transition", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto body = c.json_body();
      if (!body) return problem(body.error());
      JsonReader in(*body);
      auto status = in.required_string("status", 40);
      auto comment = in.optional_string("comment", 20000);
      if (auto st = in.finish(); !st) return problem(st.error());
      return from_result(hd.transition(*c.actor, id, *status, comment));
    });
  }, json_body);
  r.add("POST", base + "/tickets/{id}/assign", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto body = c.json_body();
      if (!body) return problem(body.error());
      JsonReader in(*body);
      helpdesk::AssignInput a;
      if (body->contains("assignee_id") && (*body)["assignee_id"].is_string()) {
        in.has("assignee_id");
        if ((*body)["assignee_id"] == "auto") a.auto_assign = true;
        else in.error("assignee_id", "type", "Debe ser un identificador, null o «auto»");
        (void)in.optional_string("assignee_id", 10);
      } else {
        auto v = in.nullable_int("assignee_id");
        if (!body->contains("assignee_id")) in.error("assignee_id", "required", "Indique a quién se asigna (o null)");
        if (v && *v) a.assignee_id = **v;
      }
      a.queue_id = in.optional_int("queue_id");
      a.reason = in.optional_string("reason", 2000);
      if (auto st = in.finish(); !st) return problem(st.error());
      return from_result(hd.assign(*c.actor, id, a));
    });
  }, json_body);
  r.add("POST", base + "/tickets/{id}/take", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(hd.take(*c.actor, id)); });
  });
  r.add("POST", base + "/tickets/{id}/entries", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto body = c.json_body();
      if (!body) return problem(body.error());
      JsonReader in(*body);
      auto kind = in.required_string("kind", 20);
      auto text = in.required_string("body", 20000);
      if (auto st = in.finish(); !st) return problem(st.error());
      return from_result(hd.add_entry(*c.actor, id, *kind, *text), 201);
    });
  }, json_body);
  r.add("POST", base + "/tickets/{id}/attachments", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      return from_result(hd.add_attachment(*c.actor, id, c.req.query_param("filename").value_or(""), c.req.body), 201);
    });
  }, {Access::kUser, Body::kBinary});
  r.add("GET", base + "/attachments/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto a = hd.get_attachment(*c.actor, id);
      if (!a) return problem(a.error());
      return file_response(a->filename, a->media_type, std::move(a->content));
    });
  });
  r.add("POST", base + "/tickets/{id}/survey", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto body = c.json_body();
      if (!body) return problem(body.error());
      JsonReader in(*body);
      auto rating = in.required_int("rating");
      auto comment = in.optional_string("comment", 2000);
      if (auto st = in.finish(); !st) return problem(st.error());
      return from_result(hd.survey(*c.actor, id, *rating, comment));
    });
  }, json_body);
  r.add("POST", base + "/tickets/{id}/merge", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto body = c.json_body();
      if (!body) return problem(body.error());
      JsonReader in(*body);
      auto into = in.required_int("into_id");
      if (auto st = in.finish(); !st) return problem(st.error());
      return from_result(hd.merge(*c.actor, id, *into));
    });
  }, json_body);
  r.add("POST", base + "/tickets/bulk", [&hd](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    helpdesk::BulkInput b;
    if (auto ids = in.optional_json("ids")) {
      if (!ids->is_array()) in.error("ids", "type", "Debe ser una lista de identificadores");
      else
        for (auto& v : *ids) {
          if (!v.is_number_integer() || v.get<int64_t>() <= 0) {
            in.error("ids", "type", "Debe ser una lista de identificadores");
            break;
          }
          b.ids.push_back(v.get<int64_t>());
        }
    }
    auto action = in.required_string("action", 20);
    b.assignee_id = in.optional_int("assignee_id");
    b.status = in.optional_string("status", 40);
    b.comment = in.optional_string("comment", 20000);
    b.priority = in.optional_int("priority");
    b.priority_reason = in.optional_string("priority_reason", 500);
    if (auto st = in.finish(); !st) return problem(st.error());
    b.action = *action;
    return from_result(hd.bulk(*c.actor, b));
  }, json_body);

  // Saved views
  r.add("GET", base + "/views", [&hd](Ctx& c) { return from_result(hd.list_views(*c.actor)); });
  r.add("POST", base + "/views", [&hd](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto name = in.required_string("name", 100);
    auto query = in.required_string("query", 2000);
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(hd.create_view(*c.actor, *name, *query), 201);
  }, json_body);
  r.add("DELETE", base + "/views/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_status(hd.delete_view(*c.actor, id)); });
  });

  // Dashboards and reports
  r.add("GET", base + "/stats", [&hd](Ctx& c) {
    auto q = id_query(c.req, "queue_id");
    if (!q) return problem(q.error());
    auto nonempty = [&](const char* n) -> std::optional<std::string> {
      auto v = c.req.query_param(n);
      if (!v || v->empty()) return std::nullopt;
      return v;
    };
    return from_result(hd.stats(*c.actor, nonempty("from"), nonempty("to"), *q));
  });
  r.add("GET", base + "/reports/monthly", [&hd](Ctx& c) {
    auto q = id_query(c.req, "queue_id");
    if (!q) return problem(q.error());
    if (!*q) return problem(Error::invalid("report.queue_required", "Elija la cola (departamento)", "queue_id"));
    auto file = hd.monthly_report(*c.actor, **q, c.req.query_param("month").value_or(""));
    if (!file) return problem(file.error());
    return file_response(file->filename, file->media_type, std::move(file->content));
  });

  // Recurring tickets
  r.add("GET", base + "/recurring", [&hd](Ctx& c) { return from_result(hd.list_recurring(*c.actor)); });
  r.add("POST", base + "/recurring", [&hd](Ctx& c) {
    return with_body(c, read_recurring, [&](const helpdesk::RecurringInput& in) { return hd.create_recurring(*c.actor, in); }, 201);
  }, json_body);
  r.add("PATCH", base + "/recurring/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      return with_body(c, read_recurring, [&](const helpdesk::RecurringInput& in) { return hd.update_recurring(*c.actor, id, in); });
    });
  }, json_body);
  r.add("DELETE", base + "/recurring/{id}", [&hd](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_status(hd.delete_recurring(*c.actor, id)); });
  });

  // Replies by e-mail, delivered by the mail server (postfix pipe or similar) with the inbound token.
  r.add("POST", base + "/inbound-email", [&hd](Ctx& c) {
    const std::string& token = hd.config().inbound_token;
    std::string_view authz = c.req.header("authorization");
    if (token.empty())
      return problem(Error::of(ErrorKind::kNotFound, "mail.inbound_disabled", "La recepción de correo no está configurada"));
    if (authz.rfind("Bearer ", 0) != 0 || !secure_equal(authz.substr(7), token))
      return problem(Error::unauthenticated("mail.inbound_token", "Token de correo entrante no válido"));
    auto res = hd.receive_email(c.req.body);
    return from_result(res, res && (*res)["status"] == "created" ? 201 : 200);
  }, {Access::kPublic, Body::kMail});
}

}  // namespace tequio::http
