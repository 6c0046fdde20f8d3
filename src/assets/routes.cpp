// HTTP ⇄ AssetsService (docs/api-assets.md).
#include "assets/service.h"
#include "core/text.h"
#include "http/app.h"
#include "http/route_helpers.h"

namespace tequio::http {

namespace {

using assets::AssetsService;
using nlohmann::json;

Result<assets::AssetFilter> asset_filter(const Request& req) {
  assets::AssetFilter f;
  auto nonempty = [&](const char* name) -> std::optional<std::string> {
    auto v = req.query_param(name);
    if (!v || v->empty()) return std::nullopt;
    return trim(*v);
  };
  f.q = nonempty("q");
  if (f.q && (f.q->size() > 200 || !valid_utf8(*f.q)))
    return Error::invalid("query.q_invalid", "La búsqueda admite hasta 200 caracteres", "q");
  f.status = nonempty("status");
  f.building = nonempty("building");
  f.warranty = nonempty("warranty");
  f.sort = nonempty("sort");
  for (auto [name, target] : {std::pair<const char*, std::optional<int64_t>*>{"type_id", &f.type_id},
                              {"area_id", &f.area_id},
                              {"custodian_id", &f.custodian_id}}) {
    auto v = id_query(req, name);
    if (!v) return v.error();
    *target = *v;
  }
  auto disposed = bool_query(req, "include_disposed");
  if (!disposed) return disposed.error();
  f.include_disposed = disposed->value_or(false);
  return f;
}

Result<assets::AssetFilter> asset_filter_json(const json& j) {
  if (!j.is_object()) return Error::invalid("label.filter_invalid", "El filtro debe ser un objeto", "filter");
  assets::AssetFilter f;
  for (auto& [k, v] : j.items()) {
    if (k == "q" || k == "status" || k == "building" || k == "warranty") {
      if (!v.is_string() || v.get<std::string>().size() > 200)
        return Error::invalid("label.filter_invalid", "Filtro no válido: " + k, "filter." + k);
      if (v.get<std::string>().empty()) continue;
      (k == "q" ? f.q : k == "status" ? f.status : k == "building" ? f.building : f.warranty) = v.get<std::string>();
    } else if (k == "type_id" || k == "area_id" || k == "custodian_id") {
      if (v.is_null()) continue;
      if (!v.is_number_integer() || v.get<int64_t>() <= 0)
        return Error::invalid("label.filter_invalid", "Filtro no válido: " + k, "filter." + k);
      (k == "type_id" ? f.type_id : k == "area_id" ? f.area_id : f.custodian_id) = v.get<int64_t>();
    } else if (k == "include_disposed") {
      if (!v.is_boolean()) return Error::invalid("label.filter_invalid", "Debe ser verdadero o falso", "filter." + k);
      f.include_disposed = v.get<bool>();
    } else {
      return Error::invalid("unknown_field", "Campo desconocido", "filter." + k);
    }
  }
  return f;
}

assets::AssetInput read_asset(JsonReader& in) {
  assets::AssetInput a;
  a.inventory_number = in.optional_string("inventory_number", 40);
  a.type_id = in.optional_int("type_id");
  a.serial = in.optional_string("serial", 100);
  a.brand = in.optional_string("brand", 100);
  a.model = in.optional_string("model", 120);
  a.specs = in.optional_string("specs", 2000);
  a.acquired_on = in.nullable_string("acquired_on", 10);
  a.invoice_number = in.optional_string("invoice_number", 60);
  a.supplier = in.optional_string("supplier", 200);
  a.cost = in.optional_json("cost");
  a.budget_line = in.optional_string("budget_line", 60);
  a.funding_source = in.optional_string("funding_source", 120);
  a.warranty_end = in.nullable_string("warranty_end", 10);
  a.building = in.optional_string("building", 120);
  a.floor = in.optional_string("floor", 60);
  a.office = in.optional_string("office", 120);
  a.area_id = in.nullable_int("area_id");
  a.condition = in.optional_string("condition", 20);
  a.parent_id = in.nullable_int("parent_id");
  a.fields = in.optional_json("fields");
  a.notes = in.optional_string("notes", 4000);
  if (a.fields && !a.fields->is_object()) in.error("fields", "type", "Los campos adicionales deben ser un objeto");
  return a;
}

// A list of positive ids under `key` (1–max).
std::optional<std::vector<int64_t>> id_list(JsonReader& in, const json& body, const std::string& key, size_t max,
                                            bool required) {
  if (!body.contains(key)) {
    if (required) in.error(key, "required", "Campo obligatorio");
    (void)in.optional_json(key);
    return std::nullopt;
  }
  auto v = in.optional_json(key);
  std::vector<int64_t> ids;
  if (!v->is_array() || v->empty() || v->size() > max) {
    in.error(key, "ids_invalid", "Debe ser una lista de 1 a " + std::to_string(max) + " identificadores");
    return std::nullopt;
  }
  for (auto& x : *v) {
    if (!x.is_number_integer() || x.get<int64_t>() <= 0) {
      in.error(key, "ids_invalid", "Cada elemento debe ser un identificador numérico");
      return std::nullopt;
    }
    ids.push_back(x.get<int64_t>());
  }
  return ids;
}

Response file_result(const Result<assets::File>& f) {
  if (!f) return problem(f.error());
  return file_response(f->filename, f->media_type, f->content);
}

}  // namespace

void register_assets_routes(Router& r, Services& s) {
  AssetsService& as = s.assets;
  const std::string base = "/api/v1/assets";
  const RouteOptions json_body{Access::kUser, Body::kJson};

  // Types and settings
  r.add("GET", base + "/types", [&as](Ctx& c) { return from_result(as.list_types(*c.actor)); });
  auto read_type = [](JsonReader& in) {
    assets::TypeInput t;
    t.code = in.optional_string("code", 20);
    t.name = in.optional_string("name", 120);
    t.fields = in.optional_json("fields");
    t.active = in.optional_bool("active");
    return t;
  };
  r.add("POST", base + "/types", [&as, read_type](Ctx& c) {
    return with_body(c, read_type, [&](const assets::TypeInput& t) { return as.create_type(*c.actor, t); }, 201);
  }, json_body);
  r.add("PATCH", base + "/types/{id}", [&as, read_type](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      return with_body(c, read_type, [&](const assets::TypeInput& t) { return as.update_type(*c.actor, id, t); });
    });
  }, json_body);
  r.add("GET", base + "/settings", [&as](Ctx& c) { return from_result(as.get_settings(*c.actor)); });
  r.add("PATCH", base + "/settings", [&as](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    return from_result(as.update_settings(*c.actor, *body));
  }, json_body);

  // Assets
  r.add("GET", base, [&as](Ctx& c) {
    auto f = asset_filter(c.req);
    if (!f) return problem(f.error());
    auto page = page_from(c.req);
    if (!page) return problem(page.error());
    return page_response(as.list_assets(*c.actor, *f, *page));
  });
  r.add("GET", base + "/export", [&as](Ctx& c) {
    auto f = asset_filter(c.req);
    if (!f) return problem(f.error());
    return file_result(as.export_assets(*c.actor, *f, c.req.query_param("format").value_or("csv")));
  });
  r.add("GET", base + "/lookup", [&as](Ctx& c) {
    auto n = c.req.query_param("number");
    if (!n || trim(*n).empty() || n->size() > 60)
      return problem(Error::invalid("asset.number_required", "Indique el número de inventario", "number"));
    return from_result(as.lookup(*c.actor, *n));
  });
  r.add("POST", base, [&as](Ctx& c) {
    return with_body(c, read_asset, [&](const assets::AssetInput& a) { return as.create_asset(*c.actor, a); }, 201);
  }, json_body);
  r.add("GET", base + "/{id}", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(as.get_asset(*c.actor, id)); });
  });
  r.add("PATCH", base + "/{id}", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      return with_body(c, read_asset, [&](const assets::AssetInput& a) { return as.update_asset(*c.actor, id, a); });
    });
  }, json_body);
  r.add("GET", base + "/{id}/events", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto page = page_from(c.req);
      if (!page) return problem(page.error());
      return page_response(as.list_events(*c.actor, id, *page));
    });
  });
  r.add("POST", base + "/{id}/status", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      struct In {
        std::optional<std::string> status, reason;
      };
      return with_body(c, [](JsonReader& in) {
        return In{in.required_string("status", 30), in.required_string("reason", 1000)};
      }, [&](const In& in) { return as.change_status(*c.actor, id, in.status.value_or(""), in.reason.value_or("")); });
    });
  }, json_body);
  r.add("POST", base + "/{id}/attachments", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      return from_result(as.add_attachment(*c.actor, id, c.req.query_param("filename").value_or(""), c.req.body), 201);
    });
  }, {Access::kUser, Body::kBinary});
  r.add("GET", base + "/attachments/{id}", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) { return file_result(as.get_attachment(*c.actor, id)); });
  });

  // Custody
  const std::string custody = base + "/custody";
  r.add("POST", custody + "/assign", [&as](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto person = in.required_int("person_id");
    auto ids = id_list(in, *body, "asset_ids", 500, true);
    auto notes = in.optional_string("notes", 2000);
    auto condition = in.optional_string("condition", 20);
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(as.assign_custody(*c.actor, *person, *ids, notes.value_or(""), condition), 201);
  }, json_body);
  r.add("POST", custody + "/transfer", [&as](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto ids = id_list(in, *body, "asset_ids", 500, true);
    auto to = in.required_int("to_person_id");
    auto notes = in.optional_string("notes", 2000);
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(as.transfer_custody(*c.actor, *ids, *to, notes.value_or("")), 201);
  }, json_body);
  r.add("POST", custody + "/return", [&as](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto ids = id_list(in, *body, "asset_ids", 500, true);
    auto notes = in.optional_string("notes", 2000);
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(as.return_custody(*c.actor, *ids, notes.value_or("")), 201);
  }, json_body);
  r.add("GET", custody + "/documents", [&as](Ctx& c) {
    auto person = id_query(c.req, "person_id");
    if (!person) return problem(person.error());
    auto page = page_from(c.req);
    if (!page) return problem(page.error());
    auto kind = c.req.query_param("kind");
    if (kind && kind->empty()) kind.reset();
    return page_response(as.list_documents(*c.actor, *person, kind, *page));
  });
  r.add("GET", custody + "/documents/{id}", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(as.get_document(*c.actor, id)); });
  });
  r.add("GET", custody + "/documents/{id}/pdf", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) { return file_result(as.document_pdf(*c.actor, id)); });
  });
  r.add("GET", custody + "/people/{id}", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(as.person_custody(*c.actor, id)); });
  });
  r.add("POST", custody + "/people/{id}/no-adeudo", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      return with_body(c, [](JsonReader& in) { return in.optional_string("notes", 2000).value_or(""); },
                       [&](const std::string& notes) { return as.no_adeudo(*c.actor, id, notes); }, 201);
    });
  }, json_body);

  // Loans
  const std::string loans = base + "/loans";
  r.add("GET", loans, [&as](Ctx& c) {
    auto person = id_query(c.req, "person_id");
    if (!person) return problem(person.error());
    auto page = page_from(c.req);
    if (!page) return problem(page.error());
    auto state = c.req.query_param("state");
    if (state && state->empty()) state.reset();
    return page_response(as.list_loans(*c.actor, state, *person, *page));
  });
  r.add("POST", loans, [&as](Ctx& c) {
    struct In {
      std::optional<int64_t> asset_id, person_id;
      std::optional<std::string> due_on, notes;
    };
    return with_body(c, [](JsonReader& in) {
      return In{in.required_int("asset_id"), in.required_int("person_id"), in.required_string("due_on", 10),
                in.optional_string("notes", 2000)};
    }, [&](const In& in) {
      return as.create_loan(*c.actor, *in.asset_id, *in.person_id, *in.due_on, in.notes.value_or(""));
    }, 201);
  }, json_body);
  r.add("POST", loans + "/{id}/return", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      struct In {
        std::optional<std::string> condition, notes;
      };
      return with_body(c, [](JsonReader& in) {
        return In{in.optional_string("condition", 20), in.optional_string("notes", 2000)};
      }, [&](const In& in) { return as.return_loan(*c.actor, id, in.condition, in.notes.value_or("")); });
    });
  }, json_body);

  // Labels
  r.add("GET", base + "/labels/formats", [&as](Ctx& c) { return from_result(as.label_formats(*c.actor)); });
  r.add("POST", base + "/labels", [&as](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto format = in.required_string("format", 40);
    auto skip = in.optional_int("skip");
    auto ids = id_list(in, *body, "asset_ids", 5000, false);
    std::optional<assets::AssetFilter> filter;
    if (auto f = in.optional_json("filter")) {
      auto parsed = asset_filter_json(*f);
      if (!parsed) return problem(parsed.error());
      filter = *parsed;
    }
    if (auto st = in.finish(); !st) return problem(st.error());
    return file_result(as.labels(*c.actor, *format, static_cast<int>(skip.value_or(0)), ids, filter));
  }, json_body);

  // Physical inventory campaigns
  const std::string campaigns = base + "/campaigns";
  r.add("GET", campaigns, [&as](Ctx& c) {
    auto page = page_from(c.req);
    if (!page) return problem(page.error());
    auto status = c.req.query_param("status");
    if (status && status->empty()) status.reset();
    return page_response(as.list_campaigns(*c.actor, status, *page));
  });
  r.add("POST", campaigns, [&as](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto name = in.required_string("name", 200);
    auto ids = id_list(in, *body, "area_ids", 200, true);
    auto notes = in.optional_string("notes", 2000);
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(as.create_campaign(*c.actor, *name, *ids, notes.value_or("")), 201);
  }, json_body);
  r.add("GET", campaigns + "/{id}", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(as.get_campaign(*c.actor, id)); });
  });
  r.add("POST", campaigns + "/{id}/scans", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      struct In {
        std::optional<std::string> number, building, floor, office, note;
      };
      return with_body(c, [](JsonReader& in) {
        return In{in.required_string("inventory_number", 60), in.optional_string("building", 120),
                  in.optional_string("floor", 60), in.optional_string("office", 120), in.optional_string("note", 1000)};
      }, [&](const In& in) {
        return as.scan(*c.actor, id, *in.number, in.building.value_or(""), in.floor.value_or(""), in.office.value_or(""),
                       in.note.value_or(""));
      }, 201);
    });
  }, json_body);
  r.add("GET", campaigns + "/{id}/scans", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      auto page = page_from(c.req);
      if (!page) return problem(page.error());
      return page_response(as.list_scans(*c.actor, id, *page));
    });
  });
  r.add("GET", campaigns + "/{id}/report", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) {
      std::string format = c.req.query_param("format").value_or("json");
      if (format == "json") return from_result(as.campaign_report(*c.actor, id));
      return file_result(as.campaign_report_file(*c.actor, id, format));
    });
  });
  r.add("POST", campaigns + "/{id}/close", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(as.close_campaign(*c.actor, id)); });
  });

  // Disposals
  const std::string disposals = base + "/disposals";
  r.add("GET", disposals, [&as](Ctx& c) {
    auto page = page_from(c.req);
    if (!page) return problem(page.error());
    auto status = c.req.query_param("status");
    if (status && status->empty()) status.reset();
    return page_response(as.list_disposals(*c.actor, status, *page));
  });
  r.add("POST", disposals, [&as](Ctx& c) {
    auto body = c.json_body();
    if (!body) return problem(body.error());
    JsonReader in(*body);
    auto ids = id_list(in, *body, "asset_ids", 500, true);
    auto reason = in.required_string("reason", 2000);
    auto opinion = in.optional_string("opinion_ref", 100);
    if (auto st = in.finish(); !st) return problem(st.error());
    return from_result(as.request_disposal(*c.actor, *ids, *reason, opinion), 201);
  }, json_body);
  r.add("GET", disposals + "/{id}", [&as](Ctx& c) {
    return with_id(c, [&](int64_t id) { return from_result(as.get_disposal(*c.actor, id)); });
  });
  for (bool approve : {true, false}) {
    r.add("POST", disposals + "/{id}/" + (approve ? "approve" : "reject"), [&as, approve](Ctx& c) {
      return with_id(c, [&](int64_t id) {
        struct In {
          std::optional<std::string> notes, opinion_ref;
        };
        return with_body(c, [](JsonReader& in) {
          return In{in.optional_string("notes", 2000), in.optional_string("opinion_ref", 100)};
        }, [&](const In& in) { return as.decide_disposal(*c.actor, id, approve, in.notes.value_or(""), in.opinion_ref); });
      });
    }, json_body);
  }

  // Import
  r.add("POST", base + "/import", [&as](Ctx& c) {
    assets::ImportRequest in;
    in.format = c.req.query_param("format").value_or("");
    auto dry = bool_query(c.req, "dry_run");
    if (!dry) return problem(dry.error());
    in.dry_run = dry->value_or(true);
    if (auto m = c.req.query_param("mapping"); m && !m->empty()) {
      json parsed = json::parse(*m, nullptr, false);
      if (parsed.is_discarded())
        return problem(Error::invalid("import.mapping_invalid", "El mapeo no es JSON válido", "mapping"));
      in.mapping = parsed;
    }
    if (c.req.body.empty()) return problem(Error::invalid("import.empty", "El archivo está vacío", "file"));
    in.content = c.req.body;
    return from_result(as.import_assets(*c.actor, in));
  }, {Access::kUser, Body::kBinary, true});
}

}  // namespace tequio::http
