// src/helpdesk/service.h on both backends: filing tickets and their validation, who sees
// what (other areas' tickets and internal notes), list scopes, the status machine end to end,
// assignment rules, merge, bulk actions, the satisfaction survey, attachments, full-text
// search, e-mail notifications, the outbox and replies that arrive by e-mail.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "audit/service.h"
#include "core/text.h"
#include "core/time.h"
#include "expect_result.h"
#include "helpdesk/service.h"
#include "mail/message.h"
#include "helpdesk_rows.h"
#include "scratch_database.h"

namespace tequio::testing {
namespace {

using namespace std::string_literals;
using auth::Actor;
using auth::Role;
using helpdesk::AssignInput;
using helpdesk::BulkInput;
using helpdesk::CategoryInput;
using helpdesk::HelpdeskConfig;
using helpdesk::HelpdeskService;
using helpdesk::TicketFilter;
using helpdesk::TicketInput;
using nlohmann::json;

const Actor kAdmin = auth::system_actor();

// Local time in Oaxaca (UTC−6, no daylight saving time since 2022) → instant.
Timestamp local(const std::string& text) {
  auto t = parse_iso(text.substr(0, 10) + "T" + text.substr(11) + ":00Z");
  if (!t) throw std::invalid_argument("bad local time in test: " + text);
  return *t + std::chrono::hours(6);
}
std::string stored(const std::string& local_text) { return to_iso(local(local_text)); }

std::set<int64_t> ids_of(const json& items) {
  std::set<int64_t> out;
  for (const auto& i : items) out.insert(i["id"].get<int64_t>());
  return out;
}

const std::string kPdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n%%EOF\n"s;
const std::string kPng = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"s;

class HelpdeskTickets : public BackendTest {
 protected:
  void SetUpServices() override {
    data_dir_ = std::filesystem::temp_directory_path() / ("tequio-hd-" + random_token(6));
    audit_ = std::make_unique<audit::AuditService>(pool());
    HelpdeskConfig cfg;
    cfg.data_dir = data_dir_.string();
    cfg.max_attachment_bytes = 64 * 1024;
    cfg.clock = [this] { return now_; };
    hd_ = std::make_unique<HelpdeskService>(pool(), *audit_, cfg);
    seed();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  int64_t insert(const std::string& sql, const storage::Params& params) {
    return insert_returning_id(pool(), sql, params);
  }
  int64_t add_area(const std::string& code, const std::string& name, const std::string& kind) {
    return insert_area(pool(), code, name, kind);
  }
  int64_t add_person(const std::string& name, int64_t area, const std::string& email) {
    return insert_person(pool(), name, area, email);
  }
  Actor add_user(const std::string& username, const std::string& name, Role role, int64_t area,
                 std::optional<int64_t> person, std::optional<std::string> email) {
    return insert_user(pool(), username, name, role, area, person, email);
  }
  int64_t add_queue(int64_t area, const std::string& name, const std::string& rule) {
    return insert("INSERT INTO helpdesk_queues (area_id, name, assignment, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
                  {area, name, rule, now_iso()});
  }
  int64_t add_category(const std::string& code, const std::string& name, int64_t queue, const std::string& kind,
                       int64_t impact, int64_t urgency, json fields = json::array()) {
    CategoryInput in;
    in.code = code;
    in.name = name;
    in.kind = kind;
    in.queue_id = queue;
    in.impact = impact;
    in.urgency = urgency;
    in.fields = fields;
    auto r = hd_->create_category(kAdmin, in);
    EXPECT_TRUE(Succeeded(r)) << code;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  // Three DSI departments with their queues (manual, round robin, least open), two areas that
  // ask for service (Tesorería with Ana and Beto, the DIF with Carmen), and Pedro of the
  // Tesorería, who has no account.
  void seed() {
    now_ = local("2026-11-25 09:00");  // a Wednesday
    sop_ = add_area("DSI-SOP", "Departamento de Soporte Técnico", "departamento");
    redes_ = add_area("DSI-REDES", "Departamento de Redes y Telecomunicaciones", "departamento");
    desa_ = add_area("DSI-DESA", "Departamento de Desarrollo de Aplicaciones", "departamento");
    tes_ = add_area("TES", "Tesorería Municipal", "dependencia");
    dif_ = add_area("DIF", "Sistema DIF Municipal", "dependencia");
    ana_person_ = add_person("Ana López Martínez", tes_, "ana.lopez@oaxaca.gob.mx");
    beto_person_ = add_person("Alberto Ruiz Pérez", tes_, "alberto.ruiz@oaxaca.gob.mx");
    carmen_person_ = add_person("Carmen Díaz Toledo", dif_, "carmen.diaz@oaxaca.gob.mx");
    pedro_person_ = add_person("Pedro Sánchez Cruz", tes_, "pedro.sanchez@oaxaca.gob.mx");
    ana_ = add_user("ana.lopez", "Ana López Martínez", Role::kSolicitante, tes_, ana_person_, std::nullopt);
    beto_ = add_user("alberto.ruiz", "Alberto Ruiz Pérez", Role::kSolicitante, tes_, beto_person_, std::nullopt);
    carmen_ = add_user("carmen.diaz", "Carmen Díaz Toledo", Role::kSolicitante, dif_, carmen_person_, std::nullopt);
    mesa_ = add_user("mesa", "Lucía Martínez", Role::kMesaAyuda, sop_, std::nullopt, "lucia.martinez@oaxaca.gob.mx");
    tec1_ = add_user("jorge.ruiz", "Jorge Ruiz", Role::kTecnico, sop_, std::nullopt, "jorge.ruiz@oaxaca.gob.mx");
    tec2_ = add_user("rosa.mendez", "Rosa Méndez", Role::kTecnico, sop_, std::nullopt, "rosa.mendez@oaxaca.gob.mx");
    jefe_ = add_user("jefe.soporte", "Laura Santiago", Role::kJefeDepartamento, sop_, std::nullopt,
                     "laura.santiago@oaxaca.gob.mx");
    jefe_redes_ = add_user("jefe.redes", "Raúl Vásquez", Role::kJefeDepartamento, redes_, std::nullopt, std::nullopt);
    redes1_ = add_user("redes1", "Iván Hernández", Role::kTecnico, redes_, std::nullopt, "ivan.hernandez@oaxaca.gob.mx");
    redes2_ = add_user("redes2", "Sofía García", Role::kTecnico, redes_, std::nullopt, "sofia.garcia@oaxaca.gob.mx");
    desa1_ = add_user("desa1", "Tomás Aquino", Role::kTecnico, desa_, std::nullopt, std::nullopt);
    desa2_ = add_user("desa2", "Elena Bautista", Role::kTecnico, desa_, std::nullopt, std::nullopt);
    auditor_ = add_user("auditor", "Contraloría", Role::kAuditor, dif_, std::nullopt, std::nullopt);
    q_soporte_ = add_queue(sop_, "Soporte técnico", "manual");
    q_redes_ = add_queue(redes_, "Redes y telecomunicaciones", "round_robin");
    q_desa_ = add_queue(desa_, "Desarrollo de aplicaciones", "least_open");
    cat_falla_ = add_category("SOP-FALLA-EQUIPO", "Falla de equipo de cómputo", q_soporte_, "reporte", 2, 2,
                              json::parse(R"([{"key":"inventario","label":"Número de inventario","type":"text","max_length":40}])"));
    cat_software_ = add_category("SOP-SOFTWARE", "Instalación de software", q_soporte_, "solicitud", 3, 3,
                                 json::parse(R"([{"key":"software","label":"Software requerido","type":"text","required":true}])"));
    cat_general_ = add_category("GENERAL", "Otro", q_soporte_, "ambos", 2, 2);
    cat_cuenta_ = add_category("RED-CUENTA", "Alta de cuenta de red", q_redes_, "solicitud", 2, 2, json::parse(R"([
        {"key":"nombre_completo","label":"Nombre completo","type":"text","required":true},
        {"key":"perfil","label":"Perfil","type":"select","required":true,"options":["Básico","Avanzado"]},
        {"key":"jefe","label":"Jefe que autoriza","type":"person"}])"));
    cat_internet_ = add_category("RED-SIN-INTERNET", "Sin conexión a internet", q_redes_, "reporte", 2, 1);
    cat_sistema_ = add_category("DES-FALLA-SISTEMA", "Falla en un sistema", q_desa_, "reporte", 2, 2);
  }

  TicketInput report(const std::string& title, const std::string& description, int64_t category = 0) {
    TicketInput in;
    in.kind = "reporte";
    in.title = title;
    in.description = description;
    in.category_id = category ? category : cat_falla_;
    return in;
  }
  int64_t file(const Actor& who, const TicketInput& in) {
    auto r = hd_->create_ticket(who, in);
    EXPECT_TRUE(Succeeded(r)) << in.title.value_or("");
    return r ? (*r)["id"].get<int64_t>() : 0;
  }
  int64_t file(const Actor& who, const std::string& title, int64_t category = 0) {
    return file(who, report(title, "Descripción de «" + title + "».", category));
  }
  json ticket(int64_t id, const Actor& who) {
    auto r = hd_->get_ticket(who, id);
    EXPECT_TRUE(Succeeded(r)) << id;
    return r ? *r : json();
  }
  std::set<int64_t> list(const Actor& who, TicketFilter f = {}) {
    auto r = materialized(hd_->list_tickets(who, f, PageRequest{1, 200}));
    EXPECT_TRUE(Succeeded(r));
    return r ? ids_of(r->items) : std::set<int64_t>{};
  }
  json search(const Actor& who, const std::string& q) {
    TicketFilter f;
    f.q = q;
    auto r = materialized(hd_->list_tickets(who, f, PageRequest{1, 200}));
    EXPECT_TRUE(Succeeded(r)) << q;
    return r ? r->items : json::array();
  }
  Status move(const Actor& who, int64_t id, const std::string& status, std::optional<std::string> comment = {}) {
    auto r = hd_->transition(who, id, status, comment);
    if (!r) return r.error();
    return Ok();
  }
  Status assign_to(const Actor& who, int64_t id, std::optional<int64_t> assignee, std::optional<int64_t> queue = {},
                   std::optional<std::string> reason = {}) {
    AssignInput in;
    in.assignee_id = assignee;
    in.queue_id = queue;
    in.reason = reason;
    auto r = hd_->assign(who, id, in);
    if (!r) return r.error();
    return Ok();
  }
  std::vector<json> status_events(const json& t) {
    std::vector<json> out;
    for (auto& e : t["timeline"])
      if (e["kind"] == "event" && e["changes"].is_object() && e["changes"].contains("status"))
        out.push_back(e["changes"]["status"]);
    return out;
  }
  int64_t mails(const std::string& kind, const std::string& to, int64_t ticket_id) {
    return count("mail_outbox WHERE kind = $1 AND to_address = $2 AND ticket_id = $3", {kind, to, ticket_id});
  }

  std::filesystem::path data_dir_;
  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<HelpdeskService> hd_;
  Timestamp now_{};
  int64_t sop_ = 0, redes_ = 0, desa_ = 0, tes_ = 0, dif_ = 0;
  int64_t ana_person_ = 0, beto_person_ = 0, carmen_person_ = 0, pedro_person_ = 0;
  Actor ana_, beto_, carmen_, mesa_, tec1_, tec2_, jefe_, jefe_redes_, redes1_, redes2_, desa1_, desa2_, auditor_;
  int64_t q_soporte_ = 0, q_redes_ = 0, q_desa_ = 0;
  int64_t cat_falla_ = 0, cat_software_ = 0, cat_general_ = 0, cat_cuenta_ = 0, cat_internet_ = 0, cat_sistema_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Filing tickets

TEST_P(HelpdeskTickets, RequesterFilesATicketWithTheCategoryDefaults) {
  TicketInput in = report("La computadora de caja 3 se reinicia", "Se reinicia cada media hora.");
  in.fields = json{{"inventario", " OAX-CPU-0412 "}};
  in.channel = "portal";
  auto r = hd_->create_ticket(ana_, in);
  ASSERT_TRUE(Succeeded(r));
  const json& t = *r;
  EXPECT_EQ(t["number"], "MS-" + std::to_string(t["id"].get<int64_t>()));
  EXPECT_EQ(t["status"], "nuevo");
  EXPECT_EQ(t["channel"], "portal");
  EXPECT_EQ(t["priority"], 3);  // impact 2 × urgency 2 of the category
  EXPECT_EQ(t["impact"], 2);
  EXPECT_EQ(t["urgency"], 2);
  EXPECT_EQ(t["queue_id"], q_soporte_);
  EXPECT_EQ(t["area_id"], tes_);
  EXPECT_EQ(t["requester_person_id"], ana_person_);
  EXPECT_EQ(t["requester_name"], "Ana López Martínez");
  EXPECT_TRUE(t["assignee_id"].is_null());
  EXPECT_EQ(t["fields"], json({{"inventario", "OAX-CPU-0412"}}));
  EXPECT_EQ(t["created_at"], stored("2026-11-25 09:00"));
  EXPECT_EQ(t["can"]["cancel"], true);
  EXPECT_EQ(t["can"]["note"], false);
  EXPECT_EQ(t["allowed_transitions"], json::array({"cancelado"}));
}

TEST_P(HelpdeskTickets, CreateValidationNamesTheFields) {
  TicketInput inactive_in = report("x", "y", add_category("OLD", "Categoría retirada", q_soporte_, "reporte", 2, 2));
  {
    CategoryInput off;
    off.active = false;
    ASSERT_TRUE(Succeeded(hd_->update_category(kAdmin, *inactive_in.category_id, off)));
  }
  struct Case {
    const char* what;
    TicketInput in;
    const char* field;
    const char* code;
  };
  auto with = [&](auto change) {
    TicketInput in = report("Sin red", "No hay red.");
    change(in);
    return in;
  };
  const Case cases[] = {
      {"no kind", with([](TicketInput& i) { i.kind.reset(); }), "kind", "required"},
      {"unknown kind", with([](TicketInput& i) { i.kind = "queja"; }), "kind", "ticket.kind_invalid"},
      {"no title", with([](TicketInput& i) { i.title.reset(); }), "title", "required"},
      {"no description", with([](TicketInput& i) { i.description.reset(); }), "description", "required"},
      {"no category", with([](TicketInput& i) { i.category_id.reset(); }), "category_id", "required"},
      {"unknown category", with([](TicketInput& i) { i.category_id = 99999; }), "category_id",
       "ticket.category_not_found"},
      {"inactive category", inactive_in, "category_id", "ticket.category_not_found"},
      {"a request in a category for reports", with([](TicketInput& i) { i.kind = "solicitud"; }), "kind",
       "ticket.kind_mismatch"},
      {"a report in a category for requests", with([&](TicketInput& i) { i.category_id = cat_software_; }), "kind",
       "ticket.kind_mismatch"},
      {"required field missing",
       with([&](TicketInput& i) {
         i.kind = "solicitud";
         i.category_id = cat_software_;
       }),
       "fields.software", "ticket.field_required"},
      {"unknown field", with([](TicketInput& i) { i.fields = json{{"color", "azul"}}; }), "fields.color",
       "unknown_field"},
      {"field too long", with([](TicketInput& i) { i.fields = json{{"inventario", std::string(41, 'X')}}; }),
       "fields.inventario", "too_long"},
      {"option not offered",
       with([&](TicketInput& i) {
         i.kind = "solicitud";
         i.category_id = cat_cuenta_;
         i.fields = json{{"nombre_completo", "Itzel Hernández"}, {"perfil", "Administrador"}};
       }),
       "fields.perfil", "ticket.field_option_invalid"},
      {"person that does not exist",
       with([&](TicketInput& i) {
         i.kind = "solicitud";
         i.category_id = cat_cuenta_;
         i.fields = json{{"nombre_completo", "Itzel Hernández"}, {"perfil", "Básico"}, {"jefe", 99999}};
       }),
       "fields.jefe", "ticket.field_person_not_found"},
      {"fields not an object", with([](TicketInput& i) { i.fields = json::array({1}); }), "fields",
       "ticket.fields_invalid"},
      {"unknown parent", with([](TicketInput& i) { i.parent_id = 99999; }), "parent_id", "ticket.parent_not_found"},
      {"21 assets", with([](TicketInput& i) { i.assets = std::vector<std::string>(21, "OAX-1"); }), "assets",
       "ticket.assets_too_many"},
  };
  for (const Case& c : cases) {
    auto r = hd_->create_ticket(ana_, c.in);
    ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid)) << c.what;
    EXPECT_TRUE(HasFieldError(r.error(), c.field, c.code)) << c.what;
  }
  EXPECT_EQ(count("helpdesk_tickets"), 0);
  EXPECT_EQ(count("helpdesk_entries"), 0);
  EXPECT_EQ(count("mail_outbox"), 0);
}

TEST_P(HelpdeskTickets, RequesterMayNotChoosePriorityChannelOrRequester) {
  struct Case {
    const char* field;
    void (*set)(TicketInput&);
  };
  const Case cases[] = {
      {"priority", [](TicketInput& i) { i.priority = 1; }},
      {"impact", [](TicketInput& i) { i.impact = 1; }},
      {"urgency", [](TicketInput& i) { i.urgency = 1; }},
      {"priority_reason", [](TicketInput& i) { i.priority_reason = "Urge"; }},
      {"channel", [](TicketInput& i) { i.channel = "telefono"; }},
      {"requester_person_id", [](TicketInput& i) { i.requester_person_id = 1; }},
  };
  for (const Case& c : cases) {
    TicketInput in = report("Sin red", "No hay red.");
    c.set(in);
    auto r = hd_->create_ticket(ana_, in);
    ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid)) << c.field;
    EXPECT_TRUE(HasFieldError(r.error(), c.field, "ticket.field_not_allowed")) << c.field;
  }
  EXPECT_EQ(count("helpdesk_tickets"), 0);
}

TEST_P(HelpdeskTickets, StaffFilesForSomeoneElse) {
  TicketInput in = report("Beto no tiene red", "Llamó por teléfono: su equipo no navega.");
  in.requester_person_id = beto_person_;
  in.channel = "telefono";
  in.impact = 1;
  in.urgency = 1;
  auto r = hd_->create_ticket(mesa_, in);
  ASSERT_TRUE(Succeeded(r));
  int64_t id = (*r)["id"];
  EXPECT_EQ((*r)["requester_person_id"], beto_person_);
  EXPECT_EQ((*r)["requester_name"], "Alberto Ruiz Pérez");
  EXPECT_EQ((*r)["area_id"], tes_);
  EXPECT_EQ((*r)["channel"], "telefono");
  EXPECT_EQ((*r)["priority"], 1);
  EXPECT_TRUE(Succeeded(hd_->get_ticket(beto_, id)));  // the person it was filed for follows it
  EXPECT_EQ(list(beto_, {.scope = "mine"}), (std::set<int64_t>{id}));
  EXPECT_EQ(mails("new", "alberto.ruiz@oaxaca.gob.mx", id), 1);

  // A person without an account.
  TicketInput for_pedro = report("Impresora atascada", "Pedro reporta en ventanilla.");
  for_pedro.requester_person_id = pedro_person_;
  for_pedro.channel = "presencial";
  auto p = hd_->create_ticket(mesa_, for_pedro);
  ASSERT_TRUE(Succeeded(p));
  EXPECT_EQ((*p)["requester_name"], "Pedro Sánchez Cruz");
  EXPECT_EQ((*p)["area_id"], tes_);
  EXPECT_EQ(mails("new", "pedro.sanchez@oaxaca.gob.mx", (*p)["id"].get<int64_t>()), 1);

  // A priority other than the derived one needs a reason.
  TicketInput urgent = report("Servidor de cobro caído", "No se puede cobrar.");
  urgent.requester_person_id = ana_person_;
  urgent.priority = 1;
  auto no_reason = hd_->create_ticket(mesa_, urgent);
  ASSERT_TRUE(FailsWith(no_reason, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(no_reason.error(), "priority_reason", "ticket.priority_reason_required"));
  urgent.priority_reason = "Cierre de mes: cajas detenidas";
  auto with_reason = hd_->create_ticket(mesa_, urgent);
  ASSERT_TRUE(Succeeded(with_reason));
  EXPECT_EQ((*with_reason)["priority"], 1);
  EXPECT_EQ((*with_reason)["priority_reason"], "Cierre de mes: cajas detenidas");

  struct Bad {
    const char* what;
    void (*set)(TicketInput&);
    const char* field;
    const char* code;
  };
  const Bad bad[] = {
      {"unknown person", [](TicketInput& i) { i.requester_person_id = 99999; }, "requester_person_id",
       "ticket.requester_not_found"},
      {"unknown channel", [](TicketInput& i) { i.channel = "fax"; }, "channel", "ticket.channel_invalid"},
      {"the system's channel", [](TicketInput& i) { i.channel = "programado"; }, "channel", "ticket.channel_invalid"},
      {"impact 4", [](TicketInput& i) { i.impact = 4; }, "impact", "ticket.impact_invalid"},
      {"urgency 0", [](TicketInput& i) { i.urgency = 0; }, "urgency", "ticket.urgency_invalid"},
      {"priority 5", [](TicketInput& i) { i.priority = 5; }, "priority", "ticket.priority_invalid"},
  };
  int64_t before = count("helpdesk_tickets");
  for (const Bad& b : bad) {
    TicketInput i = report("x", "y");
    i.requester_person_id = ana_person_;
    b.set(i);
    auto e = hd_->create_ticket(mesa_, i);
    ASSERT_TRUE(FailsWith(e, ErrorKind::kInvalid)) << b.what;
    EXPECT_TRUE(HasFieldError(e.error(), b.field, b.code)) << b.what;
  }
  EXPECT_EQ(count("helpdesk_tickets"), before);
}

// ---------------------------------------------------------------------------------------------
// Who sees what

TEST_P(HelpdeskTickets, SolicitanteSeesOwnAreaTicketsOnly) {
  int64_t tes_ticket = file(ana_, "La impresora de cajas no imprime");
  int64_t dif_ticket = file(carmen_, "Sin acceso al padrón de beneficiarios");
  EXPECT_TRUE(Succeeded(hd_->get_ticket(beto_, tes_ticket)));  // same area
  EXPECT_TRUE(Succeeded(hd_->get_ticket(auditor_, tes_ticket)));  // helpdesk.read_all
  // Another area's ticket does not exist for them, whatever they try.
  EXPECT_TRUE(FailsWith(hd_->get_ticket(carmen_, tes_ticket), ErrorKind::kNotFound, "ticket.not_found"));
  EXPECT_TRUE(FailsWith(hd_->get_ticket(ana_, dif_ticket), ErrorKind::kNotFound, "ticket.not_found"));
  EXPECT_TRUE(FailsWith(hd_->list_entries(carmen_, tes_ticket, PageRequest{}), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(hd_->add_entry(carmen_, tes_ticket, "reply", "¿Ya quedó?"), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(hd_->transition(carmen_, tes_ticket, "cancelado", std::string("No aplica")),
                        ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(hd_->add_attachment(carmen_, tes_ticket, "oficio.pdf", kPdf), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(hd_->survey(carmen_, tes_ticket, 5, std::nullopt), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(hd_->update_ticket(carmen_, tes_ticket, {}), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(hd_->assign(carmen_, tes_ticket, {}), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(hd_->get_ticket(carmen_, 99999), ErrorKind::kNotFound, "ticket.not_found"));
  // Lists never widen beyond the area, whatever scope is asked for.
  for (const char* scope : {"area", "all", "assigned", "mine"}) {
    EXPECT_EQ(list(carmen_, {.scope = scope}), (std::set<int64_t>{dif_ticket})) << scope;
    EXPECT_EQ(list(carmen_, {.scope = scope, .area_id = tes_}), (std::set<int64_t>{})) << scope;
  }
  EXPECT_TRUE(search(carmen_, "impresora").empty());
  // Nothing of that was written.
  EXPECT_EQ(count("helpdesk_entries WHERE ticket_id = $1 AND kind <> 'event'", {tes_ticket}), 0);
  EXPECT_EQ(ticket(tes_ticket, tec1_)["status"], "nuevo");
}

TEST_P(HelpdeskTickets, InternalNotesNeverReachTheRequesterSide) {
  int64_t id = file(ana_, "La computadora no enciende");
  ASSERT_TRUE(Succeeded(hd_->add_entry(tec1_, id, "note", "La contraseña del BIOS es zorro-plateado-17.")));
  ASSERT_TRUE(Succeeded(hd_->add_entry(tec1_, id, "reply", "Paso a revisarla a las 12:00.")));
  auto has_secret = [](const json& entries) {
    for (auto& e : entries)
      if (e["visibility"] == "internal" || e["kind"] == "note" ||
          e["body"].get<std::string>().find("zorro") != std::string::npos)
        return true;
    return false;
  };
  for (const Actor* who : {&ana_, &beto_}) {
    json t = ticket(id, *who);
    EXPECT_FALSE(has_secret(t["timeline"])) << who->username << t["timeline"].dump();
    EXPECT_EQ(t["timeline_total"].get<int64_t>(), static_cast<int64_t>(t["timeline"].size()));
    auto entries = hd_->list_entries(*who, id, PageRequest{1, 200});
    ASSERT_TRUE(Succeeded(entries));
    EXPECT_FALSE(has_secret(entries->items)) << entries->items.dump();
    EXPECT_EQ(entries->total, static_cast<int64_t>(entries->items.size()));
    EXPECT_TRUE(search(*who, "zorro").empty());
    EXPECT_TRUE(search(*who, "plateado").empty());
    EXPECT_EQ(search(*who, "revisarla").size(), 1u);  // public replies are found
  }
  EXPECT_TRUE(has_secret(ticket(id, tec2_)["timeline"]));  // staff see it
  EXPECT_TRUE(has_secret(ticket(id, auditor_)["timeline"]));
  EXPECT_EQ(ids_of(search(tec2_, "zorro")), (std::set<int64_t>{id}));
  EXPECT_TRUE(FailsWith(hd_->add_entry(ana_, id, "note", "Nota"), ErrorKind::kForbidden, "entry.note_forbidden"));
}

TEST_P(HelpdeskTickets, ListScopes) {
  int64_t a = file(ana_, "Monitor parpadea");
  int64_t b = file(beto_, "Teclado sin letras");
  int64_t c = file(carmen_, "Mouse no responde");
  TicketInput for_ana = report("No imprime", "Reportado por teléfono.");
  for_ana.requester_person_id = ana_person_;
  for_ana.channel = "telefono";
  int64_t d = file(mesa_, for_ana);
  ASSERT_TRUE(Succeeded(assign_to(jefe_, a, tec1_.user_id)));
  ASSERT_TRUE(Succeeded(assign_to(jefe_, c, tec1_.user_id)));
  ASSERT_TRUE(Succeeded(assign_to(jefe_, b, tec2_.user_id)));
  ASSERT_TRUE(Succeeded(move(tec2_, b, "resuelto", "Se cambió el teclado.")));
  struct Case {
    const char* who_name;
    const Actor* who;
    TicketFilter filter;
    std::set<int64_t> expected;
  };
  const Case cases[] = {
      {"ana, mine", &ana_, {.scope = "mine"}, {a, d}},
      {"ana, area", &ana_, {.scope = "area"}, {a, b, d}},
      {"ana, default", &ana_, {}, {a, b, d}},
      {"ana, all (not hers to ask)", &ana_, {.scope = "all"}, {a, b, d}},
      {"ana, open", &ana_, {.statuses = {"open"}}, {a, d}},
      {"carmen, area", &carmen_, {}, {c}},
      {"jorge, assigned", &tec1_, {.scope = "assigned"}, {a, c}},
      {"rosa, assigned", &tec2_, {.scope = "assigned"}, {b}},
      {"jorge, all", &tec1_, {.scope = "all"}, {a, b, c, d}},
      {"jorge, default", &tec1_, {}, {a, b, c, d}},
      {"jorge, his area's requests", &tec1_, {.scope = "area"}, {}},
      {"jorge, unassigned", &tec1_, {.assignee_id = 0}, {d}},
      {"jorge, resolved", &tec1_, {.statuses = {"resuelto"}}, {b}},
      {"jorge, Tesorería", &tec1_, {.area_id = tes_}, {a, b, d}},
      {"auditor, all", &auditor_, {.scope = "all"}, {a, b, c, d}},
  };
  for (const Case& k : cases) EXPECT_EQ(list(*k.who, k.filter), k.expected) << k.who_name;
  EXPECT_TRUE(FailsWith(hd_->list_tickets(tec1_, {.scope = "todos"}, PageRequest{}), ErrorKind::kInvalid,
                        "ticket.scope_invalid"));
}

// ---------------------------------------------------------------------------------------------
// The status machine, end to end

TEST_P(HelpdeskTickets, LifeOfATicket) {
  now_ = local("2026-11-25 09:00");
  int64_t id = file(ana_, "La impresora de cajas no imprime");
  now_ = local("2026-11-25 09:10");
  ASSERT_TRUE(Succeeded(assign_to(jefe_, id, tec1_.user_id)));
  EXPECT_EQ(ticket(id, tec1_)["status"], "asignado");
  EXPECT_TRUE(ticket(id, tec1_)["first_response_at"].is_null());  // assigning is no response
  now_ = local("2026-11-25 09:30");
  ASSERT_TRUE(Succeeded(move(tec1_, id, "en_proceso")));
  EXPECT_EQ(ticket(id, tec1_)["first_response_at"], stored("2026-11-25 09:30"));
  now_ = local("2026-11-25 10:00");
  ASSERT_TRUE(Succeeded(move(tec1_, id, "en_espera_solicitante")));
  ASSERT_TRUE(Succeeded(hd_->add_entry(tec1_, id, "reply", "¿Qué modelo de impresora es?")));
  now_ = local("2026-11-25 10:30");
  ASSERT_TRUE(Succeeded(hd_->add_entry(beto_, id, "reply", "Es una láser de la planta baja.")));  // same area
  EXPECT_EQ(ticket(id, tec1_)["status"], "en_proceso");
  now_ = local("2026-11-25 11:00");
  EXPECT_TRUE(FailsWith(hd_->transition(tec1_, id, "resuelto", std::nullopt), ErrorKind::kInvalid,
                        "ticket.solution_required"));
  ASSERT_TRUE(Succeeded(move(tec1_, id, "resuelto", "Se reinstaló el controlador.")));
  json resolved = ticket(id, ana_);
  EXPECT_EQ(resolved["resolved_at"], stored("2026-11-25 11:00"));
  EXPECT_EQ(resolved["sla_state"], "met");
  EXPECT_EQ(resolved["can"]["confirm"], true);
  EXPECT_EQ(resolved["can"]["reopen"], true);
  EXPECT_EQ(resolved["can"]["rate"], true);
  EXPECT_EQ(resolved["timeline"].back()["body"], "Se reinstaló el controlador.");  // the solution, public
  EXPECT_EQ(resolved["timeline"].back()["kind"], "reply");
  EXPECT_EQ(mails("resolved", "ana.lopez@oaxaca.gob.mx", id), 1);
  now_ = local("2026-11-26 09:00");
  EXPECT_TRUE(FailsWith(hd_->transition(ana_, id, "en_proceso", std::nullopt), ErrorKind::kInvalid,
                        "ticket.reopen_reason_required"));
  ASSERT_TRUE(Succeeded(move(ana_, id, "en_proceso", "Volvió a fallar esta mañana.")));
  json reopened = ticket(id, tec1_);
  EXPECT_EQ(reopened["reopen_count"], 1);
  EXPECT_TRUE(reopened["resolved_at"].is_null());
  EXPECT_EQ(reopened["first_response_at"], stored("2026-11-25 09:30"));  // unchanged
  now_ = local("2026-11-26 12:00");
  ASSERT_TRUE(Succeeded(move(tec1_, id, "resuelto", "Se cambió el tóner.")));
  now_ = local("2026-11-26 13:00");
  ASSERT_TRUE(Succeeded(move(ana_, id, "cerrado")));  // the requester confirms
  json closed = ticket(id, ana_);
  EXPECT_EQ(closed["status"], "cerrado");
  EXPECT_EQ(closed["closed_at"], stored("2026-11-26 13:00"));
  EXPECT_EQ(closed["resolved_at"], stored("2026-11-26 12:00"));
  EXPECT_EQ(closed["reopen_count"], 1);
  EXPECT_EQ(closed["can"]["reply"], false);
  EXPECT_EQ(closed["allowed_transitions"], json::array());
  // Every move is in the timeline, in order, for the requester too.
  std::vector<std::pair<std::string, std::string>> moves;
  for (auto& s : status_events(closed)) moves.emplace_back(s["from"], s["to"]);
  EXPECT_EQ(moves, (std::vector<std::pair<std::string, std::string>>{{"nuevo", "asignado"},
                                                                     {"asignado", "en_proceso"},
                                                                     {"en_proceso", "en_espera_solicitante"},
                                                                     {"en_espera_solicitante", "en_proceso"},
                                                                     {"en_proceso", "resuelto"},
                                                                     {"resuelto", "en_proceso"},
                                                                     {"en_proceso", "resuelto"},
                                                                     {"resuelto", "cerrado"}}));
  // A closed ticket takes nothing more.
  EXPECT_TRUE(FailsWith(hd_->transition(tec1_, id, "en_proceso", std::nullopt), ErrorKind::kConflict,
                        "ticket.transition_invalid"));
  EXPECT_TRUE(FailsWith(hd_->add_entry(ana_, id, "reply", "Gracias"), ErrorKind::kConflict, "ticket.final"));
  EXPECT_TRUE(FailsWith(hd_->assign(tec1_, id, {}), ErrorKind::kConflict, "ticket.final"));
}

TEST_P(HelpdeskTickets, TransitionsOutsideTheMachineAreRefused) {
  int64_t nuevo = file(ana_, "Nuevo");
  int64_t cancel_me = file(ana_, "Ya no hace falta");
  struct Case {
    const char* what;
    const Actor* who;
    int64_t id;
    const char* to;
    std::optional<std::string> comment;
    ErrorKind kind;
    const char* code;
  };
  const Case cases[] = {
      {"requester starting work", &ana_, nuevo, "en_proceso", std::nullopt, ErrorKind::kConflict,
       "ticket.transition_invalid"},
      {"requester resolving", &ana_, nuevo, "resuelto", std::string("Listo"), ErrorKind::kConflict,
       "ticket.transition_invalid"},
      {"staff to waiting from nuevo", &tec1_, nuevo, "en_espera_proveedor", std::nullopt, ErrorKind::kConflict,
       "ticket.transition_invalid"},
      {"asignado by transition", &tec1_, nuevo, "asignado", std::nullopt, ErrorKind::kConflict,
       "ticket.transition_invalid"},
      {"confirming what is not resolved", &ana_, nuevo, "cerrado", std::nullopt, ErrorKind::kConflict,
       "ticket.transition_invalid"},
      {"unknown status", &tec1_, nuevo, "archivado", std::nullopt, ErrorKind::kInvalid, "ticket.status_invalid"},
      {"requester cancelling without a reason", &ana_, nuevo, "cancelado", std::nullopt, ErrorKind::kInvalid,
       "ticket.cancel_reason_required"},
      {"read-only auditor", &auditor_, nuevo, "en_proceso", std::nullopt, ErrorKind::kForbidden, ""},
  };
  for (const Case& c : cases) {
    auto r = hd_->transition(*c.who, c.id, c.to, c.comment);
    EXPECT_TRUE(FailsWith(r, c.kind, c.code)) << c.what;
  }
  EXPECT_EQ(ticket(nuevo, tec1_)["status"], "nuevo");
  EXPECT_TRUE(status_events(ticket(nuevo, tec1_)).empty());
  ASSERT_TRUE(Succeeded(move(ana_, cancel_me, "cancelado", "Ya lo resolvimos en el área.")));
  json cancelled = ticket(cancel_me, ana_);
  EXPECT_EQ(cancelled["status"], "cancelado");
  EXPECT_EQ(cancelled["sla_state"], "none");
  EXPECT_FALSE(cancelled["closed_at"].is_null());
  EXPECT_TRUE(FailsWith(hd_->transition(tec1_, cancel_me, "en_proceso", std::nullopt), ErrorKind::kConflict,
                        "ticket.transition_invalid"));
}

TEST_P(HelpdeskTickets, RequesterReopensOnlyWithinFiveBusinessDays) {
  now_ = local("2026-11-25 09:00");  // Wednesday
  int64_t within = file(ana_, "Se congela el sistema de cobro");
  int64_t late = file(ana_, "Se congela el sistema de nómina");
  now_ = local("2026-11-25 10:00");
  for (int64_t id : {within, late}) ASSERT_TRUE(Succeeded(move(tec1_, id, "resuelto", "Se liberó memoria.")));
  // Business days after Wednesday 25: 26, 27, 30 November, 1 and 2 December is the fifth.
  now_ = local("2026-12-02 15:00");
  EXPECT_EQ(ticket(within, ana_)["can"]["reopen"], true);
  ASSERT_TRUE(Succeeded(move(ana_, within, "en_proceso", "Sigue congelándose.")));
  now_ = local("2026-12-03 09:00");
  json t = ticket(late, ana_);
  EXPECT_EQ(t["can"]["reopen"], false);
  EXPECT_EQ(t["can"]["confirm"], true);
  EXPECT_EQ(t["allowed_transitions"], json::array({"cerrado"}));
  EXPECT_TRUE(FailsWith(hd_->transition(ana_, late, "en_proceso", std::string("Sigue igual")), ErrorKind::kConflict,
                        "ticket.reopen_expired"));
  ASSERT_TRUE(Succeeded(move(tec1_, late, "en_proceso", "Lo reabre soporte.")));  // staff may
  EXPECT_EQ(ticket(late, tec1_)["reopen_count"], 1);
}

// ---------------------------------------------------------------------------------------------
// Assignment

TEST_P(HelpdeskTickets, ManualAssignmentTakeAndUnassign) {
  int64_t id = file(ana_, "No enciende el CPU");
  json t = ticket(id, tec1_);
  EXPECT_TRUE(t["assignee_id"].is_null());  // manual queue: nobody until someone assigns
  EXPECT_EQ(t["status"], "nuevo");
  ASSERT_TRUE(Succeeded(assign_to(jefe_, id, tec1_.user_id)));
  t = ticket(id, tec1_);
  EXPECT_EQ(t["assignee_id"], tec1_.user_id);
  EXPECT_EQ(t["assignee_name"], "Jorge Ruiz");
  EXPECT_EQ(t["status"], "asignado");
  EXPECT_EQ(mails("assigned", "jorge.ruiz@oaxaca.gob.mx", id), 1);
  ASSERT_TRUE(Succeeded(hd_->take(tec2_, id)));
  EXPECT_EQ(ticket(id, tec1_)["assignee_id"], tec2_.user_id);
  EXPECT_EQ(mails("assigned", "rosa.mendez@oaxaca.gob.mx", id), 0);  // nobody mails themselves
  ASSERT_TRUE(Succeeded(assign_to(jefe_, id, std::nullopt)));
  t = ticket(id, tec1_);
  EXPECT_TRUE(t["assignee_id"].is_null());
  EXPECT_EQ(t["status"], "nuevo");
  // Only active staff of the queue's department.
  for (const Actor* outsider : {&redes1_, &ana_, &desa1_}) {
    auto r = hd_->assign(jefe_, id, {.assignee_id = outsider->user_id});
    ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid, "ticket.assignee_invalid")) << outsider->username;
    EXPECT_TRUE(HasFieldError(r.error(), "assignee_id"));
  }
  EXPECT_TRUE(FailsWith(hd_->take(redes1_, id), ErrorKind::kConflict, "ticket.take_other_queue"));
  EXPECT_TRUE(FailsWith(hd_->assign(ana_, id, {.assignee_id = tec1_.user_id}), ErrorKind::kForbidden));
  EXPECT_TRUE(ticket(id, tec1_)["assignee_id"].is_null());
  ASSERT_TRUE(Succeeded(assign_to(jefe_, id, mesa_.user_id)));  // mesa de ayuda of the department is staff too
}

TEST_P(HelpdeskTickets, EscalationToAnotherQueueNeedsAReason) {
  int64_t id = file(ana_, "No hay internet en cajas");
  auto no_reason = hd_->assign(tec1_, id, {.assignee_id = redes1_.user_id, .queue_id = q_redes_});
  ASSERT_TRUE(FailsWith(no_reason, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(no_reason.error(), "reason", "ticket.escalation_reason_required"));
  auto bad_queue = hd_->assign(tec1_, id, {.queue_id = 99999, .reason = "x"});
  ASSERT_TRUE(FailsWith(bad_queue, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(bad_queue.error(), "queue_id", "ticket.queue_not_found"));
  // The assignee must belong to the new queue, not the old one.
  EXPECT_TRUE(FailsWith(hd_->assign(tec1_, id, {.assignee_id = tec2_.user_id, .queue_id = q_redes_, .reason = "Es de red"}),
                        ErrorKind::kInvalid, "ticket.assignee_invalid"));
  EXPECT_EQ(ticket(id, tec1_)["queue_id"], q_soporte_);
  ASSERT_TRUE(Succeeded(assign_to(tec1_, id, redes1_.user_id, q_redes_, "El switch del piso está apagado")));
  json t = ticket(id, tec1_);
  EXPECT_EQ(t["queue_id"], q_redes_);
  EXPECT_EQ(t["queue_name"], "Redes y telecomunicaciones");
  EXPECT_EQ(t["assignee_id"], redes1_.user_id);
  EXPECT_EQ(t["status"], "asignado");
  bool found = false;
  for (auto& e : t["timeline"])
    if (e["changes"].is_object() && e["changes"].contains("queue")) {
      found = true;
      EXPECT_EQ(e["changes"]["queue"]["from"], "Soporte técnico");
      EXPECT_EQ(e["changes"]["queue"]["to"], "Redes y telecomunicaciones");
      EXPECT_EQ(e["changes"]["reason"], "El switch del piso está apagado");
    }
  EXPECT_TRUE(found) << t["timeline"].dump();
}

TEST_P(HelpdeskTickets, RoundRobinCyclesThroughTheQueueTechnicians) {
  std::vector<int64_t> assignees;
  for (int i = 0; i < 5; ++i) {
    int64_t id = file(ana_, "Sin internet " + std::to_string(i), cat_internet_);
    json t = ticket(id, tec1_);
    EXPECT_EQ(t["status"], "asignado");
    assignees.push_back(t["assignee_id"].is_null() ? 0 : t["assignee_id"].get<int64_t>());
  }
  // Technicians before the department head, in turn.
  EXPECT_EQ(assignees, (std::vector<int64_t>{redes1_.user_id, redes2_.user_id, redes1_.user_id, redes2_.user_id,
                                             redes1_.user_id}));
  EXPECT_EQ(count("mail_outbox WHERE kind = 'assigned' AND to_address = 'ivan.hernandez@oaxaca.gob.mx'"), 3);
  EXPECT_EQ(count("mail_outbox WHERE kind = 'assigned' AND to_address = 'sofia.garcia@oaxaca.gob.mx'"), 2);
  // "auto" on an existing ticket applies the rule of the queue it goes to.
  int64_t id = file(ana_, "Sin red, llegó a soporte");
  AssignInput in;
  in.auto_assign = true;
  in.queue_id = q_redes_;
  in.reason = "Es de redes";
  ASSERT_TRUE(Succeeded(hd_->assign(tec1_, id, in)));
  EXPECT_EQ(ticket(id, tec1_)["assignee_id"], redes2_.user_id);
}

TEST_P(HelpdeskTickets, LeastOpenPicksTheTechnicianWithFewerOpenTickets) {
  auto assignee_of = [&](int64_t id) { return ticket(id, tec1_)["assignee_id"].get<int64_t>(); };
  int64_t t1 = file(ana_, "Error en el sistema de cobro", cat_sistema_);
  int64_t t2 = file(ana_, "Error en el sistema de nómina", cat_sistema_);
  int64_t t3 = file(ana_, "Error en catastro", cat_sistema_);
  EXPECT_EQ(assignee_of(t1), desa1_.user_id);  // 0 and 0: the first
  EXPECT_EQ(assignee_of(t2), desa2_.user_id);  // 1 and 0
  EXPECT_EQ(assignee_of(t3), desa1_.user_id);  // 1 and 1: the first
  // Tomás resolves both of his; resolved tickets are not open.
  ASSERT_TRUE(Succeeded(move(desa1_, t1, "resuelto", "Corregido.")));
  ASSERT_TRUE(Succeeded(move(desa1_, t3, "resuelto", "Corregido.")));
  int64_t t4 = file(ana_, "Error en transparencia", cat_sistema_);
  EXPECT_EQ(assignee_of(t4), desa1_.user_id);  // 0 against Elena's 1
  ASSERT_TRUE(Succeeded(move(desa1_, t4, "en_proceso")));
  ASSERT_TRUE(Succeeded(move(desa1_, t4, "en_espera_proveedor")));  // waiting is still open
  int64_t t5 = file(ana_, "Error en ventanilla única", cat_sistema_);
  EXPECT_EQ(assignee_of(t5), desa1_.user_id);  // 1 and 1: the first
  int64_t t6 = file(ana_, "Error en correspondencia", cat_sistema_);
  EXPECT_EQ(assignee_of(t6), desa2_.user_id);  // 2 against 1
}

// ---------------------------------------------------------------------------------------------
// Merge and bulk actions

TEST_P(HelpdeskTickets, MergeClosesTheDuplicateIntoTheOriginal) {
  int64_t original = file(ana_, "La impresora de cajas no imprime");
  int64_t duplicate = file(beto_, "Impresora de cajas sin funcionar");
  now_ = local("2026-11-25 10:00");
  auto r = hd_->merge(tec1_, duplicate, original);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["id"], original);
  json src = ticket(duplicate, tec1_);
  EXPECT_EQ(src["status"], "cerrado");
  EXPECT_EQ(src["merged_into_id"], original);
  EXPECT_EQ(src["closed_at"], stored("2026-11-25 10:00"));
  EXPECT_EQ(src["sla_state"], "none");
  bool src_noted = false;
  json seen_by_beto = ticket(duplicate, beto_);  // the duplicate's requester learns where it went
  for (auto& e : seen_by_beto["timeline"])
    if (e["changes"].is_object() && e["changes"].value("merged_into", "") == "MS-" + std::to_string(original))
      src_noted = true;
  EXPECT_TRUE(src_noted);
  bool dst_noted = false;
  json target = ticket(original, tec1_);
  for (auto& e : target["timeline"])
    if (e["kind"] == "note" && e["body"].get<std::string>().find("MS-" + std::to_string(duplicate)) != std::string::npos)
      dst_noted = e["body"].get<std::string>().find("Impresora de cajas sin funcionar") != std::string::npos;
  EXPECT_TRUE(dst_noted);
  EXPECT_EQ(ticket(original, tec1_)["status"], "nuevo");
  EXPECT_TRUE(FailsWith(hd_->merge(tec1_, original, original), ErrorKind::kInvalid, "ticket.merge_self"));
  EXPECT_TRUE(FailsWith(hd_->merge(tec1_, duplicate, original), ErrorKind::kConflict, "ticket.final"));
  EXPECT_TRUE(FailsWith(hd_->merge(tec1_, original, duplicate), ErrorKind::kConflict, "ticket.merge_target_final"));
  EXPECT_TRUE(FailsWith(hd_->merge(tec1_, original, 99999), ErrorKind::kInvalid, "ticket.merge_target_not_found"));
  EXPECT_TRUE(FailsWith(hd_->merge(ana_, original, duplicate), ErrorKind::kForbidden));
}

TEST_P(HelpdeskTickets, BulkReportsEachTicketThatFailed) {
  int64_t a = file(ana_, "Monitor parpadea");
  int64_t b = file(ana_, "Teclado sin letras");
  int64_t closed = file(ana_, "Ya resuelto");
  ASSERT_TRUE(Succeeded(move(tec1_, closed, "cancelado")));
  int64_t redes = file(ana_, "Sin internet", cat_internet_);

  BulkInput to_process{.ids = {a, closed, 99999, b}, .action = "transition", .status = "en_proceso"};
  auto r = hd_->bulk(tec1_, to_process);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["updated"], json::array({a, b}));
  ASSERT_EQ((*r)["failed"].size(), 2u) << r->dump();
  EXPECT_EQ((*r)["failed"][0]["id"], closed);
  EXPECT_EQ((*r)["failed"][0]["code"], "ticket.transition_invalid");
  EXPECT_EQ((*r)["failed"][1]["id"], 99999);
  EXPECT_EQ((*r)["failed"][1]["code"], "ticket.not_found");
  EXPECT_EQ(ticket(a, tec1_)["status"], "en_proceso");
  EXPECT_EQ(ticket(closed, tec1_)["status"], "cancelado");

  BulkInput to_jorge{.ids = {a, redes}, .action = "assign", .assignee_id = tec1_.user_id};
  auto assigned = hd_->bulk(jefe_, to_jorge);
  ASSERT_TRUE(Succeeded(assigned));
  EXPECT_EQ((*assigned)["updated"], json::array({a}));
  ASSERT_EQ((*assigned)["failed"].size(), 1u);
  EXPECT_EQ((*assigned)["failed"][0]["code"], "ticket.assignee_invalid");
  EXPECT_NE(ticket(redes, tec1_)["assignee_id"], tec1_.user_id);

  BulkInput urgent{.ids = {a, b}, .action = "priority", .priority = 1};  // no reason: each fails
  auto p = hd_->bulk(tec1_, urgent);
  ASSERT_TRUE(Succeeded(p));
  EXPECT_EQ((*p)["updated"], json::array());
  EXPECT_EQ((*p)["failed"].size(), 2u);
  urgent.priority_reason = "Cierre de mes";
  p = hd_->bulk(tec1_, urgent);
  EXPECT_EQ((*p)["updated"], json::array({a, b}));
  EXPECT_EQ(ticket(b, tec1_)["priority"], 1);

  EXPECT_TRUE(FailsWith(hd_->bulk(tec1_, {.ids = {}, .action = "transition", .status = "en_proceso"}), ErrorKind::kInvalid));
  EXPECT_TRUE(FailsWith(hd_->bulk(tec1_, {.ids = {a}, .action = "borrar"}), ErrorKind::kInvalid));
  EXPECT_TRUE(FailsWith(hd_->bulk(ana_, to_process), ErrorKind::kForbidden));
}

// ---------------------------------------------------------------------------------------------
// Satisfaction survey

TEST_P(HelpdeskTickets, SurveyOnceByTheRequesterSideAfterResolution) {
  int64_t id = file(ana_, "No imprime");
  EXPECT_TRUE(FailsWith(hd_->survey(ana_, id, 5, std::nullopt), ErrorKind::kConflict, "survey.not_resolved"));
  ASSERT_TRUE(Succeeded(move(tec1_, id, "resuelto", "Se cambió el tóner.")));
  struct Case {
    const char* what;
    const Actor* who;
    int64_t rating;
    ErrorKind kind;
    const char* code;
  };
  const Case refused[] = {
      {"rating 0", &ana_, 0, ErrorKind::kInvalid, "survey.rating_invalid"},
      {"rating 6", &ana_, 6, ErrorKind::kInvalid, "survey.rating_invalid"},
      {"the technician", &tec1_, 5, ErrorKind::kForbidden, "survey.requester_only"},
      {"another area", &carmen_, 5, ErrorKind::kNotFound, "ticket.not_found"},
  };
  for (const Case& c : refused) EXPECT_TRUE(FailsWith(hd_->survey(*c.who, id, c.rating, std::nullopt), c.kind, c.code)) << c.what;
  now_ = local("2026-11-25 12:00");
  auto r = hd_->survey(beto_, id, 4, std::string("  Rápido y amable.  "));  // same area answers for it
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["satisfaction"], json({{"rating", 4}, {"comment", "Rápido y amable."}, {"at", stored("2026-11-25 12:00")}}));
  EXPECT_EQ((*r)["can"]["rate"], false);
  EXPECT_TRUE(FailsWith(hd_->survey(ana_, id, 5, std::nullopt), ErrorKind::kConflict, "survey.already_rated"));
  EXPECT_EQ(ticket(id, tec1_)["satisfaction"]["rating"], 4);
  // Closed tickets may be rated; cancelled ones never were resolved.
  int64_t closed = file(ana_, "Sin sonido");
  ASSERT_TRUE(Succeeded(move(tec1_, closed, "resuelto", "Se conectaron las bocinas.")));
  ASSERT_TRUE(Succeeded(move(ana_, closed, "cerrado")));
  EXPECT_TRUE(Succeeded(hd_->survey(ana_, closed, 5, std::nullopt)));
  int64_t cancelled = file(ana_, "Error");
  ASSERT_TRUE(Succeeded(move(ana_, cancelled, "cancelado", "Me equivoqué")));
  EXPECT_TRUE(FailsWith(hd_->survey(ana_, cancelled, 5, std::nullopt), ErrorKind::kConflict, "survey.not_resolved"));
}

// ---------------------------------------------------------------------------------------------
// Attachments

TEST_P(HelpdeskTickets, AttachmentsAreStoredOnceByContent) {
  int64_t id = file(ana_, "Oficio de solicitud");
  int64_t other = file(beto_, "Otro oficio");
  auto first = hd_->add_attachment(ana_, id, "oficio.pdf", kPdf);
  ASSERT_TRUE(Succeeded(first));
  EXPECT_EQ((*first)["kind"], "attachment");
  EXPECT_EQ((*first)["attachment"]["filename"], "oficio.pdf");
  EXPECT_EQ((*first)["attachment"]["size"], static_cast<int64_t>(kPdf.size()));
  EXPECT_EQ((*first)["attachment"]["media_type"], "application/pdf");
  auto second = hd_->add_attachment(tec1_, other, "copia del oficio.pdf", kPdf);
  ASSERT_TRUE(Succeeded(second));
  ASSERT_TRUE(Succeeded(hd_->add_attachment(ana_, id, "captura.png", kPng)));

  std::string sha = sha256_hex(kPdf);
  auto blob = data_dir_ / "attachments" / sha.substr(0, 2) / sha;
  EXPECT_TRUE(std::filesystem::exists(blob)) << blob;
  EXPECT_EQ(std::filesystem::file_size(blob), kPdf.size());
  size_t files = 0;
  for (auto& f : std::filesystem::recursive_directory_iterator(data_dir_ / "attachments"))
    if (f.is_regular_file()) ++files;
  EXPECT_EQ(files, 2u);  // the PDF once, the PNG
  EXPECT_EQ(count("helpdesk_attachments WHERE sha256 = $1", {sha}), 2);

  for (const json* e : {&*first, &*second}) {
    auto got = hd_->get_attachment(ana_, (*e)["attachment"]["id"].get<int64_t>());  // both tickets are of her area
    ASSERT_TRUE(Succeeded(got));
    EXPECT_EQ(got->content, kPdf);
    EXPECT_EQ(got->media_type, "application/pdf");
  }
  EXPECT_EQ(hd_->get_attachment(ana_, (*second)["attachment"]["id"].get<int64_t>())->filename, "copia del oficio.pdf");
  EXPECT_TRUE(FailsWith(hd_->get_attachment(carmen_, (*first)["attachment"]["id"].get<int64_t>()), ErrorKind::kNotFound,
                        "attachment.not_found"));
  EXPECT_TRUE(FailsWith(hd_->get_attachment(ana_, 99999), ErrorKind::kNotFound, "attachment.not_found"));
  // The timeline shows it to the requester side.
  bool shown = false;
  json seen = ticket(id, beto_);
  for (auto& e : seen["timeline"])
    if (e["kind"] == "attachment" && e["attachment"]["filename"] == "oficio.pdf") shown = true;
  EXPECT_TRUE(shown);
}

TEST_P(HelpdeskTickets, BadAttachmentsAreRefusedAndLeaveNoTrace) {
  int64_t id = file(ana_, "Oficio");
  struct Case {
    const char* what;
    std::string filename;
    std::string content;
    ErrorKind kind;
    const char* code;
  };
  const Case cases[] = {
      {"a path", "../../etc/passwd.txt", "root:x:0:0", ErrorKind::kInvalid, "attachment.filename_invalid"},
      {"a directory", "oficios/oficio.pdf", kPdf, ErrorKind::kInvalid, "attachment.filename_invalid"},
      {"a Windows path", "C:\\oficio.pdf", kPdf, ErrorKind::kInvalid, "attachment.filename_invalid"},
      {"no name", "  ", kPdf, ErrorKind::kInvalid, "attachment.filename_invalid"},
      {"a control character", "ofi\ncio.pdf", kPdf, ErrorKind::kInvalid, "attachment.filename_invalid"},
      {"a 201-character name", std::string(197, 'a') + ".pdf", kPdf, ErrorKind::kInvalid,
       "attachment.filename_invalid"},
      {"empty", "vacio.pdf", "", ErrorKind::kInvalid, "attachment.empty"},
      {"over the limit (64 KiB here)", "grande.txt", std::string(64 * 1024 + 1, 'a'), ErrorKind::kTooLarge,
       "attachment.too_large"},
      {"a text disguised as an image", "foto.png", "no soy una imagen", ErrorKind::kInvalid,
       "attachment.type_not_allowed"},
      {"an executable", "programa.exe", "MZ\x90\0\x03\0\0\0"s, ErrorKind::kInvalid, "attachment.type_not_allowed"},
      {"an executable named as PDF", "oficio.pdf", "MZ\x90\0\x03\0\0\0"s, ErrorKind::kInvalid,
       "attachment.type_not_allowed"},
      {"a web page", "pagina.html", "<html><script>alert(1)</script></html>", ErrorKind::kInvalid,
       "attachment.type_not_allowed"},
  };
  for (const Case& c : cases) {
    auto r = hd_->add_attachment(ana_, id, c.filename, c.content);
    EXPECT_TRUE(FailsWith(r, c.kind, c.code)) << c.what;
  }
  EXPECT_EQ(count("helpdesk_attachments"), 0);
  EXPECT_EQ(count("helpdesk_entries WHERE kind = 'attachment'"), 0);
  EXPECT_FALSE(std::filesystem::exists(data_dir_ / "attachments") &&
               !std::filesystem::is_empty(data_dir_ / "attachments"));
  EXPECT_TRUE(Succeeded(hd_->add_attachment(ana_, id, "exactamente.txt", std::string(64 * 1024, 'a'))));
  ASSERT_TRUE(Succeeded(move(ana_, id, "cancelado", "Duplicado")));
  EXPECT_TRUE(FailsWith(hd_->add_attachment(ana_, id, "oficio.pdf", kPdf), ErrorKind::kConflict, "ticket.final"));
}

// ---------------------------------------------------------------------------------------------
// Full-text search

TEST_P(HelpdeskTickets, SearchFindsWordsWithOrWithoutAccents) {
  int64_t accented = file(ana_, report("Falla de impresión en cajas", "Las hojas salen en blanco."));
  int64_t plain = file(beto_, report("Impresion borrosa", "Se ve borrosa la impresion de los recibos."));
  int64_t in_description = file(ana_, report("Equipo lento", "Tarda mucho en abrir el módulo de nómina."));
  int64_t in_reply = file(ana_, report("Pantalla azul", "Aparece al encender."));
  ASSERT_TRUE(Succeeded(hd_->add_entry(tec1_, in_reply, "reply", "Parece un problema de la memoria RAM del equipo.")));
  file(carmen_, report("Sin conexión", "No hay red."));  // noise
  struct Case {
    const char* q;
    std::set<int64_t> expected;
  };
  const Case cases[] = {
      {"impresión", {accented, plain}},
      {"impresion", {accented, plain}},
      {"IMPRESIÓN", {accented, plain}},
      {"impres", {accented, plain}},  // prefixes
      {"nómina", {in_description}},
      {"nomina", {in_description}},
      {"memoria", {in_reply}},
      {"memoria ram", {in_reply}},
      {"impresion memoria", {}},  // every word must match
      {"borrosa recibos", {plain}},
      {"\"impresión\" OR memoria", {}},  // operators are plain words
      {"impresión*)(", {accented, plain}},
  };
  for (const Case& c : cases) EXPECT_EQ(ids_of(search(tec1_, c.q)), c.expected) << c.q;
  // Highlights wrap the match in «…», never HTML.
  for (auto& item : search(tec1_, "impresion")) {
    ASSERT_TRUE(item["highlight"].is_string()) << item.dump();
    std::string h = item["highlight"];
    EXPECT_NE(h.find("«"), std::string::npos) << h;
    EXPECT_NE(h.find("»"), std::string::npos) << h;
    EXPECT_EQ(h.find("<"), std::string::npos) << h;
  }
  auto reply_hit = search(tec1_, "memoria");
  ASSERT_EQ(reply_hit.size(), 1u);
  EXPECT_NE(reply_hit[0]["highlight"].get<std::string>().find("«memoria»"), std::string::npos)
      << reply_hit[0]["highlight"];
  // A requester searches only what they may read.
  EXPECT_EQ(ids_of(search(carmen_, "impresion")), (std::set<int64_t>{}));
  EXPECT_EQ(ids_of(search(ana_, "impresion")), (std::set<int64_t>{accented, plain}));
  // A text without words is a validation error, not a database error.
  TicketFilter f;
  f.q = "!!! ()";
  EXPECT_TRUE(FailsWith(hd_->list_tickets(tec1_, f, PageRequest{}), ErrorKind::kInvalid, "ticket.q_invalid"));
}

TEST_P(HelpdeskTickets, SearchFollowsTitleChanges) {
  int64_t id = file(ana_, report("Monitor parpadea", "Parpadea cada minuto."));
  helpdesk::TicketPatch p;
  p.title = "Monitor con línea vertical";
  ASSERT_TRUE(Succeeded(hd_->update_ticket(tec1_, id, p)));
  EXPECT_EQ(ids_of(search(tec1_, "vertical")), (std::set<int64_t>{id}));
  EXPECT_EQ(ids_of(search(tec1_, "monitor parpadea")), (std::set<int64_t>{id}));  // description unchanged
}

// Spanish punctuation (¿ ¡ « » – —) between words must not change what is found.
TEST_P(HelpdeskTickets, SearchIgnoresSpanishPunctuation) {
  int64_t red = file(ana_, report("Falla de red en el edificio B", "Sin conexión desde las 9."));
  int64_t printer = file(ana_, report("¿Impresora sin tóner?", "No sé si es el tóner."));
  struct Case {
    const char* q;
    std::set<int64_t> expected;
  };
  const Case cases[] = {
      {"red – edificio", {red}},
      {"red — edificio", {red}},
      {"«red» edificio", {red}},
      {"¿impresora?", {printer}},
      {"impresora", {printer}},
      {"¡impresora! …", {printer}},
  };
  for (const Case& c : cases) EXPECT_EQ(ids_of(search(tec1_, c.q)), c.expected) << c.q;
}

// Nothing typed in the search box reaches the database as a broken statement.
TEST_P(HelpdeskTickets, SearchSurvivesAnyInput) {
  file(ana_, report("Impresora", "Atasco de papel."));
  const std::string inputs[] = {
      "\"", "'", "\\", "a'b", "a\"b", "*", "a*b", "NEAR(a,b)", "a:b", "a & b | !c", "(a", "a)", "a <-> b",
      "🙂", "¿?", "—", std::string(39, 'a') + "€uro", std::string(500, 'x'), "ñ" + std::string(40, 'n'),
  };
  for (const std::string& q : inputs) {
    TicketFilter f;
    f.q = q;
    Result<Page> r = Error::invalid("", "");
    try {
      r = hd_->list_tickets(tec1_, f, PageRequest{});
    } catch (const std::exception& e) {
      ADD_FAILURE() << "«" << q << "» threw: " << e.what();
      continue;
    }
    EXPECT_TRUE(r.has_value() || r.error().code == "ticket.q_invalid") << "«" << q << "»: " << describe(r.error());
  }
}

// ---------------------------------------------------------------------------------------------
// Notifications and e-mail

TEST_P(HelpdeskTickets, FilingAndAssigningQueueMails) {
  int64_t id = file(ana_, "La impresora no imprime");
  std::string tag = "[MS-" + std::to_string(id) + "]";
  auto c = pool().acquire();
  auto rows = c->query("SELECT kind, to_address, to_name, subject, body FROM mail_outbox WHERE ticket_id = $1 ORDER BY id", {id});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].str(0), "new");
  EXPECT_EQ(rows[0].str(1), "ana.lopez@oaxaca.gob.mx");
  EXPECT_EQ(rows[0].str(2), "Ana López Martínez");
  EXPECT_NE(rows[0].str(3).find(tag), std::string::npos) << rows[0].str(3);
  EXPECT_NE(rows[0].str(4).find("MS-" + std::to_string(id)), std::string::npos);
  ASSERT_TRUE(Succeeded(assign_to(jefe_, id, tec1_.user_id)));
  rows = c->query("SELECT kind, to_address, subject FROM mail_outbox WHERE ticket_id = $1 ORDER BY id", {id});
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].str(0), "assigned");
  EXPECT_EQ(rows[1].str(1), "jorge.ruiz@oaxaca.gob.mx");
  EXPECT_NE(rows[1].str(2).find(tag), std::string::npos);
  // A staff reply goes to the requester; the requester's reply to the assignee.
  ASSERT_TRUE(Succeeded(hd_->add_entry(tec1_, id, "reply", "Voy en camino.")));
  ASSERT_TRUE(Succeeded(hd_->add_entry(ana_, id, "reply", "Gracias, aquí lo espero.")));
  EXPECT_EQ(mails("reply", "ana.lopez@oaxaca.gob.mx", id), 1);
  EXPECT_EQ(mails("reply", "jorge.ruiz@oaxaca.gob.mx", id), 1);
  // Internal notes mail nobody.
  ASSERT_TRUE(Succeeded(hd_->add_entry(tec1_, id, "note", "Revisar fusor.")));
  EXPECT_EQ(count("mail_outbox WHERE ticket_id = $1", {id}), 4);
}

TEST_P(HelpdeskTickets, OutboxRetriesFailedDeliveriesLater) {
  int64_t id = file(ana_, "La impresora no imprime");
  ASSERT_EQ(count("mail_outbox"), 1);
  int calls = 0;
  std::string last_to, last_message;
  auto failing = [&](const std::string& to, const std::string& message) -> Status {
    ++calls;
    last_to = to;
    last_message = message;
    return Error::of(ErrorKind::kUnavailable, "smtp.unavailable", "451 4.3.0 intente más tarde");
  };
  auto working = [&](const std::string& to, const std::string& message) -> Status {
    ++calls;
    last_to = to;
    last_message = message;
    return Ok();
  };
  auto row = [&] {
    auto c = pool().acquire();
    return *c->query_one("SELECT attempts, next_try_at, sent_at, last_error FROM mail_outbox");
  };
  now_ = local("2026-11-25 09:00");
  EXPECT_EQ(hd_->deliver_mail(failing), 0);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(last_to, "ana.lopez@oaxaca.gob.mx");
  EXPECT_NE(last_message.find("MS-" + std::to_string(id)), std::string::npos);
  EXPECT_EQ(row().i64(0), 1);
  EXPECT_EQ(row().str(1), stored("2026-11-25 09:01"));  // 1 minute later
  EXPECT_TRUE(row().is_null(2));
  EXPECT_NE(row().str(3).find("451"), std::string::npos);
  now_ = local("2026-11-25 09:00") + std::chrono::seconds(59);
  EXPECT_EQ(hd_->deliver_mail(working), 0);  // not yet
  EXPECT_EQ(calls, 1);
  now_ = local("2026-11-25 09:01");
  EXPECT_EQ(hd_->deliver_mail(failing), 0);
  EXPECT_EQ(row().i64(0), 2);
  EXPECT_EQ(row().str(1), stored("2026-11-25 09:06"));  // then 5 minutes
  now_ = local("2026-11-25 09:06");
  EXPECT_EQ(hd_->deliver_mail(working), 1);
  EXPECT_EQ(calls, 3);
  EXPECT_EQ(row().i64(0), 3);
  EXPECT_EQ(row().str(2), stored("2026-11-25 09:06"));
  EXPECT_TRUE(row().is_null(3));
  now_ = local("2026-11-26 09:00");
  EXPECT_EQ(hd_->deliver_mail(working), 0);  // sent once
  EXPECT_EQ(calls, 3);
}

std::string reply_mail(const std::string& from, const std::string& subject, const std::string& text) {
  return "Return-Path: <" + from + ">\r\n"
         "From: " + from + "\r\n"
         "To: Mesa de servicio DSI <mesa.servicio@oaxaca.example>\r\n"
         "Subject: " + subject + "\r\n"
         "Date: Wed, 25 Nov 2026 11:00:00 -0600\r\n"
         "Message-ID: <r" + random_token(6) + "@oaxaca.gob.mx>\r\n"
         "MIME-Version: 1.0\r\n"
         "Content-Type: text/plain; charset=UTF-8\r\n"
         "Content-Transfer-Encoding: 8bit\r\n"
         "\r\n" + text + "\r\n";
}

TEST_P(HelpdeskTickets, ReplyByEmailResumesTheTicket) {
  int64_t id = file(ana_, "La impresora no imprime");
  ASSERT_TRUE(Succeeded(assign_to(jefe_, id, tec1_.user_id)));
  ASSERT_TRUE(Succeeded(move(tec1_, id, "en_proceso")));
  ASSERT_TRUE(Succeeded(move(tec1_, id, "en_espera_solicitante")));
  now_ = local("2026-11-25 11:00");
  std::string text = "Ya la reinicié y sigue sin imprimir.\n\n" + std::string(mail::kReplyAboveMarker) +
                     "\n\nHola:\nRegistramos su reporte...";
  auto r = hd_->receive_email(reply_mail("Ana López <Ana.Lopez@oaxaca.gob.mx>",
                                         "RE: [MS-" + std::to_string(id) + "] Recibimos su reporte", text));
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["status"], "added");
  EXPECT_EQ((*r)["ticket_id"], id);
  json t = ticket(id, ana_);
  EXPECT_EQ(t["status"], "en_proceso");
  EXPECT_NE(t["sla_state"], "paused");
  EXPECT_FALSE(t["resolution_due_at"].is_null());
  const json* reply = nullptr;
  for (auto& e : t["timeline"])
    if (e["kind"] == "reply" && e["via"] == "correo") reply = &e;
  ASSERT_NE(reply, nullptr) << t["timeline"].dump();
  EXPECT_EQ((*reply)["body"], "Ya la reinicié y sigue sin imprimir.");  // the quoted notification cut off
  EXPECT_EQ((*reply)["visibility"], "public");
  EXPECT_EQ((*reply)["author_id"], ana_.user_id);
  EXPECT_EQ(mails("reply", "jorge.ruiz@oaxaca.gob.mx", id), 1);  // the assignee hears of it
  EXPECT_EQ(count("helpdesk_pauses WHERE ticket_id = $1 AND to_at IS NULL", {id}), 0);
}

TEST_P(HelpdeskTickets, EmailFromUnknownOrForeignSendersStoresNothing) {
  int64_t id = file(ana_, "La impresora no imprime");
  int64_t entries = count("helpdesk_entries");
  int64_t outbox = count("mail_outbox");
  std::string subject = "Re: [MS-" + std::to_string(id) + "] La impresora no imprime";
  auto unknown = hd_->receive_email(reply_mail("Alguien <alguien@gmail.com>", subject, "Soy yo."));
  EXPECT_TRUE(FailsWith(unknown, ErrorKind::kInvalid, "mail.sender_unknown"));
  auto foreign = hd_->receive_email(reply_mail("Carmen <carmen.diaz@oaxaca.gob.mx>", subject, "¿Es mío?"));
  EXPECT_TRUE(FailsWith(foreign, ErrorKind::kNotFound, "mail.ticket_not_found"));
  auto no_such = hd_->receive_email(reply_mail("Ana <ana.lopez@oaxaca.gob.mx>", "Re: [MS-99999] x", "Hola"));
  EXPECT_TRUE(FailsWith(no_such, ErrorKind::kNotFound, "mail.ticket_not_found"));
  auto ours = hd_->receive_email(reply_mail("Mesa <mesa.servicio@oaxaca.example>", subject, "Respuesta automática"));
  ASSERT_TRUE(Succeeded(ours));
  EXPECT_EQ((*ours)["status"], "ignored");
  EXPECT_EQ(count("helpdesk_entries"), entries);
  EXPECT_EQ(count("helpdesk_tickets"), 1);
  EXPECT_EQ(count("mail_outbox"), outbox);
  EXPECT_EQ(count("helpdesk_attachments"), 0);
  // A person without an account replies to the ticket filed for them.
  TicketInput for_pedro = report("Impresora atascada", "En ventanilla.");
  for_pedro.requester_person_id = pedro_person_;
  int64_t pedro_ticket = file(mesa_, for_pedro);
  auto pedro = hd_->receive_email(
      reply_mail("pedro.sanchez@oaxaca.gob.mx", "Re: [MS-" + std::to_string(pedro_ticket) + "] Impresora", "Ya funciona."));
  ASSERT_TRUE(Succeeded(pedro));
  json t = ticket(pedro_ticket, tec1_);
  EXPECT_EQ(t["timeline"].back()["body"], "Ya funciona.");
  EXPECT_EQ(t["timeline"].back()["author_name"], "Pedro Sánchez Cruz");
  EXPECT_EQ(t["timeline"].back()["via"], "correo");
}

TEQUIO_ON_BOTH_BACKENDS(HelpdeskTickets);

}  // namespace
}  // namespace tequio::testing
