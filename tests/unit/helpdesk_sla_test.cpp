// SLA clocks of src/helpdesk/service.h on both backends, with the service's clock fixed by the
// test: due dates across weekends, law holidays (the movable Mondays of LFT art. 74 included),
// days off an administrator declares, pauses while waiting, the first response stopping the
// response clock, and the background jobs (warnings, breaches, auto-close, recurring tickets).
//
// Working hours are the helpdesk defaults: Monday to Friday 08:00–16:00 America/Mexico_City
// (UTC−6 all year since 2022). Targets (working time): priority 1 30 min / 4 h, 2 1 h / 8 h,
// 3 4 h / 24 h, 4 8 h / 40 h. Every expected time below was counted by hand on a calendar.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "audit/service.h"
#include "core/text.h"
#include "core/time.h"
#include "expect_result.h"
#include "helpdesk/service.h"
#include "helpdesk_rows.h"
#include "scratch_database.h"

namespace tequio::testing {
namespace {

using auth::Actor;
using auth::Role;
using helpdesk::AssignInput;
using helpdesk::CategoryInput;
using helpdesk::HelpdeskConfig;
using helpdesk::HelpdeskService;
using helpdesk::RecurringInput;
using helpdesk::TicketInput;
using nlohmann::json;

const Actor kAdmin = auth::system_actor();

// "2026-11-27 15:00" in Oaxaca → the instant. Mexico City has no daylight saving time since
// 2022, so local time is always UTC−6 in these years.
Timestamp local(const std::string& text) {
  auto t = parse_iso(text.substr(0, 10) + "T" + text.substr(11) + ":00Z");
  if (!t) throw std::invalid_argument("bad local time in test: " + text);
  return *t + std::chrono::hours(6);
}
// The stored form of a local time: "2026-11-27T21:00:00.000Z".
std::string stored(const std::string& local_text) { return to_iso(local(local_text)); }

class HelpdeskSla : public BackendTest {
 protected:
  void SetUpServices() override {
    data_dir_ = std::filesystem::temp_directory_path() / ("tequio-hd-sla-" + random_token(6));
    audit_ = std::make_unique<audit::AuditService>(pool());
    hd_ = make_service();
    seed();
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  std::unique_ptr<HelpdeskService> make_service() {
    HelpdeskConfig cfg;
    cfg.data_dir = data_dir_.string();
    cfg.clock = [this] { return now_; };
    return std::make_unique<HelpdeskService>(pool(), *audit_, cfg);
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
  int64_t add_category(const std::string& code, int64_t impact, int64_t urgency,
                       std::optional<int64_t> response = {}, std::optional<int64_t> resolution = {}) {
    CategoryInput in;
    in.code = code;
    in.name = "Categoría " + code;
    in.kind = "ambos";
    in.queue_id = queue_;
    in.impact = impact;
    in.urgency = urgency;
    if (response) in.response_minutes.emplace(*response);
    if (resolution) in.resolution_minutes.emplace(*resolution);
    auto r = hd_->create_category(kAdmin, in);
    EXPECT_TRUE(Succeeded(r)) << code;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  // The Soporte técnico queue (manual assignment) of the DSI's support department; Ana López
  // of the Tesorería files tickets; one technician and the department head have e-mail.
  void seed() {
    now_ = local("2026-11-02 09:00");
    sop_ = add_area("DSI-SOP", "Departamento de Soporte Técnico", "departamento");
    tes_ = add_area("TES", "Tesorería Municipal", "dependencia");
    int64_t ana_person = add_person("Ana López Martínez", tes_, "ana.lopez@oaxaca.gob.mx");
    ana_ = add_user("ana.lopez", "Ana López Martínez", Role::kSolicitante, tes_, ana_person, std::nullopt);
    tecnico_ = add_user("tecnico", "Jorge Ruiz", Role::kTecnico, sop_, std::nullopt, "jorge.ruiz@oaxaca.gob.mx");
    jefe_ = add_user("jefe.soporte", "Laura Santiago", Role::kJefeDepartamento, sop_, std::nullopt,
                     "laura.santiago@oaxaca.gob.mx");
    director_ = add_user("director", "Mario Cruz", Role::kDirector, sop_, std::nullopt, "mario.cruz@oaxaca.gob.mx");
    queue_ = insert("INSERT INTO helpdesk_queues (area_id, name, assignment, created_at, updated_at) "
                    "VALUES ($1, 'Soporte técnico', 'manual', $2, $2)",
                    {sop_, now_iso()});
    category_["P1"] = add_category("P1", 1, 1);
    category_["P2"] = add_category("P2", 1, 2);
    category_["P3"] = add_category("P3", 2, 2);
    category_["P4"] = add_category("P4", 2, 3);
    category_["15m/2h"] = add_category("OVERRIDE", 2, 3, 15, 120);  // priority 4, but its own targets
  }

  json file(const std::string& category, const std::string& title = "La computadora no enciende") {
    TicketInput in;
    in.kind = "reporte";
    in.title = title;
    in.description = "Desde esta mañana el equipo de la caja 3 no enciende.";
    in.category_id = category_.at(category);
    auto r = hd_->create_ticket(ana_, in);
    EXPECT_TRUE(Succeeded(r)) << category;
    return r ? *r : json();
  }
  json ticket(int64_t id, const Actor& who) {
    auto r = hd_->get_ticket(who, id);
    EXPECT_TRUE(Succeeded(r));
    return r ? *r : json();
  }
  json ticket(int64_t id) { return ticket(id, tecnico_); }

  // The SLA events (clock, state) of a ticket's timeline, in order.
  std::vector<std::pair<std::string, std::string>> sla_events(const json& t) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& e : t["timeline"])
      if (e["kind"] == "event" && e["changes"].is_object() && e["changes"].contains("sla"))
        out.emplace_back(e["changes"]["sla"]["clock"], e["changes"]["sla"]["state"]);
    return out;
  }

  std::filesystem::path data_dir_;
  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<HelpdeskService> hd_;
  Timestamp now_{};
  int64_t sop_ = 0, tes_ = 0, queue_ = 0;
  Actor ana_, tecnico_, jefe_, director_;
  std::map<std::string, int64_t> category_;
};

// ---------------------------------------------------------------------------------------------
// Due dates

TEST_P(HelpdeskSla, DueDatesFollowTheBusinessCalendar) {
  // Days off the administrator declares for these years: a Monday of the Guelaguetza, and the
  // Holy Week vacation as a range.
  ASSERT_TRUE(Succeeded(hd_->add_day_off(kAdmin, "2026-07-20", std::nullopt, "Lunes del Cerro (Guelaguetza)",
                                         "Acuerdo de Cabildo 2026/041")));
  ASSERT_TRUE(Succeeded(hd_->add_day_off(kAdmin, "2027-03-22", std::string("2027-03-26"),
                                         "Periodo vacacional de Semana Santa", "Circular DA/2027/003")));
  struct Case {
    const char* what;
    const char* created;  // local time
    const char* category;
    int64_t priority;
    const char* response_due;
    const char* resolution_due;
    std::vector<std::string> explained;  // the resolution explanation names these skipped days
  };
  const Case cases[] = {
      {"inside one working day", "2026-11-25 10:00", "P1", 1, "2026-11-25 10:30", "2026-11-25 14:00", {}},
      {"Friday afternoon, over the weekend", "2026-11-27 15:00", "P1", 1, "2026-11-27 15:30", "2026-11-30 11:00",
       {"2 días de descanso semanal"}},
      {"filed on Saturday: the clock starts Monday 08:00", "2026-11-28 10:00", "P2", 2, "2026-11-30 09:00",
       "2026-11-30 16:00", {}},
      {"filed at 07:00: starts at 08:00", "2026-11-24 07:00", "P3", 3, "2026-11-24 12:00", "2026-11-26 16:00", {}},
      {"filed at 17:30: starts next day 08:00", "2026-11-24 17:30", "P1", 1, "2026-11-25 08:30", "2026-11-25 12:00", {}},
      {"filed Friday at closing time", "2026-11-27 16:00", "P1", 1, "2026-11-30 08:30", "2026-11-30 12:00", {}},
      {"40 h fill the whole week", "2026-11-23 08:00", "P4", 4, "2026-11-23 16:00", "2026-11-27 16:00", {}},
      {"third Monday of March (LFT art. 74) after the weekend", "2027-03-12 14:00", "P2", 2, "2027-03-12 15:00",
       "2027-03-16 14:00", {"2027-03-15", "tercer lunes de marzo"}},
      {"first Monday of February (LFT art. 74)", "2027-01-29 15:00", "P1", 1, "2027-01-29 15:30", "2027-02-02 11:00",
       {"2027-02-01", "primer lunes de febrero"}},
      {"third Monday of November (LFT art. 74)", "2026-11-13 12:00", "P3", 3, "2026-11-13 16:00", "2026-11-19 12:00",
       {"2026-11-16", "tercer lunes de noviembre"}},
      {"20 November itself is a working day", "2026-11-19 15:00", "P1", 1, "2026-11-19 15:30", "2026-11-20 11:00", {}},
      {"16 September, a Wednesday", "2026-09-15 12:00", "P2", 2, "2026-09-15 13:00", "2026-09-17 12:00",
       {"2026-09-16", "16 de septiembre"}},
      {"1 May, a Friday", "2026-04-30 14:00", "P2", 2, "2026-04-30 15:00", "2026-05-04 14:00",
       {"2026-05-01", "1 de mayo"}},
      {"Christmas and New Year, both Fridays", "2026-12-24 12:00", "P4", 4, "2026-12-28 12:00", "2027-01-04 12:00",
       {"2026-12-25", "25 de diciembre", "2027-01-01", "1 de enero"}},
      {"an admin day off (Lunes del Cerro)", "2026-07-17 15:00", "P1", 1, "2026-07-17 15:30", "2026-07-21 11:00",
       {"2026-07-20", "Lunes del Cerro"}},
      {"an admin range (Holy Week vacation)", "2027-03-19 14:00", "P2", 2, "2027-03-19 15:00", "2027-03-29 14:00",
       {"2027-03-22", "2027-03-26", "Semana Santa"}},
      {"the category's own targets (15 min / 2 h)", "2026-11-25 15:00", "15m/2h", 4, "2026-11-25 15:15",
       "2026-11-26 09:00", {}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    now_ = local(c.created);
    json t = file(c.category);
    ASSERT_TRUE(t.is_object());
    EXPECT_EQ(t["priority"], c.priority);
    EXPECT_EQ(t["response_due_at"], stored(c.response_due));
    EXPECT_EQ(t["resolution_due_at"], stored(c.resolution_due));
    EXPECT_EQ(t["response_sla"]["due_at"], stored(c.response_due));
    EXPECT_EQ(t["resolution_sla"]["due_at"], stored(c.resolution_due));
    EXPECT_EQ(t["sla_state"], "ok");
    std::string why = t["resolution_sla"]["explanation"];
    for (const std::string& s : c.explained) EXPECT_NE(why.find(s), std::string::npos) << s << " not in: " << why;
    // The explanation says when the term runs out, in local time.
    EXPECT_NE(why.find(std::string(c.resolution_due)), std::string::npos) << why;
  }
}

TEST_P(HelpdeskSla, TargetsComeFromPriorityOrCategory) {
  struct Case {
    const char* category;
    int64_t response, resolution;
  };
  const Case cases[] = {{"P1", 30, 240}, {"P2", 60, 480}, {"P3", 240, 1440}, {"P4", 480, 2400}, {"15m/2h", 15, 120}};
  now_ = local("2026-11-25 09:00");
  for (const Case& c : cases) {
    json t = file(c.category);
    EXPECT_EQ(t["response_sla"]["target_minutes"], c.response) << c.category;
    EXPECT_EQ(t["resolution_sla"]["target_minutes"], c.resolution) << c.category;
  }
}

TEST_P(HelpdeskSla, DeletingADayOffCountsItAgainForNewTickets) {
  auto day = hd_->add_day_off(kAdmin, "2026-11-30", std::nullopt, "Día del Servidor Público Municipal", "Acuerdo 12");
  ASSERT_TRUE(Succeeded(day));
  now_ = local("2026-11-27 15:00");
  EXPECT_EQ(file("P1")["resolution_due_at"], stored("2026-12-01 11:00"));
  ASSERT_TRUE(Succeeded(hd_->delete_day_off(kAdmin, (*day)["id"].get<int64_t>())));
  EXPECT_EQ(file("P1")["resolution_due_at"], stored("2026-11-30 11:00"));
}

// ---------------------------------------------------------------------------------------------
// Pauses: waiting for the requester or a supplier stops the clock; only working time counts.

TEST_P(HelpdeskSla, PausesMoveTheDueTimeByTheWorkingTimeWaited) {
  struct Case {
    const char* what;
    const char* created;  // priority 3: 4 h / 24 h
    const char* waits_at;
    const char* waiting_status;
    const char* resumes_at;
    bool requester_replies;  // else the technician moves it back to en_proceso
    const char* resolution_due;
    int64_t paused_minutes;
  };
  const Case cases[] = {
      // Unpaused due: Wednesday 16:00.
      {"2 h waiting for the requester, who replies", "2026-11-23 08:00", "2026-11-23 10:00", "en_espera_solicitante",
       "2026-11-23 12:00", true, "2026-11-26 10:00", 120},
      {"2 h waiting for the requester, resumed by staff", "2026-11-23 08:00", "2026-11-23 10:00",
       "en_espera_solicitante", "2026-11-23 12:00", false, "2026-11-26 10:00", 120},
      {"2 h waiting for a supplier", "2026-11-23 08:00", "2026-11-23 10:00", "en_espera_proveedor", "2026-11-23 12:00",
       false, "2026-11-26 10:00", 120},
      // Unpaused due: Monday 16:00. Waiting Friday 14:00 → Monday 10:00 is 2 h + 2 h of working time.
      {"waiting over a weekend", "2026-11-26 08:00", "2026-11-27 14:00", "en_espera_solicitante", "2026-11-30 10:00",
       true, "2026-12-01 12:00", 240},
      // Unpaused due: Tuesday 16 March 16:00 (Monday 15 is a holiday). Friday 15:00 → Tuesday 09:00 is 1 h + 1 h.
      {"waiting over a weekend and a holiday", "2027-03-11 08:00", "2027-03-12 15:00", "en_espera_proveedor",
       "2027-03-16 09:00", false, "2027-03-17 10:00", 120},
      // Waiting from Saturday to Sunday costs no working time at all.
      {"waiting outside working hours", "2026-11-26 08:00", "2026-11-28 10:00", "en_espera_solicitante",
       "2026-11-29 18:00", true, "2026-11-30 16:00", 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    now_ = local(c.created);
    int64_t id = file("P3")["id"];
    now_ += std::chrono::minutes(30);
    ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, "en_proceso", std::nullopt)));
    now_ = local(c.waits_at);
    ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, c.waiting_status, std::nullopt)));
    // While waiting there is no due time and the clock says so.
    json waiting = ticket(id);
    EXPECT_EQ(waiting["sla_state"], "paused");
    EXPECT_TRUE(waiting["resolution_due_at"].is_null());
    EXPECT_EQ(waiting["resolution_sla"]["state"], "paused");
    now_ = local(c.resumes_at);
    if (c.requester_replies)
      ASSERT_TRUE(Succeeded(hd_->add_entry(ana_, id, "reply", "Ya reinicié el equipo y sigue igual.")));
    else
      ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, "en_proceso", std::nullopt)));
    json t = ticket(id);
    EXPECT_EQ(t["status"], "en_proceso");
    EXPECT_EQ(t["resolution_due_at"], stored(c.resolution_due));
    EXPECT_EQ(t["resolution_sla"]["due_at"], stored(c.resolution_due));
    EXPECT_EQ(t["resolution_sla"]["paused_minutes"], c.paused_minutes);
    EXPECT_NE(t["sla_state"], "paused");
  }
}

TEST_P(HelpdeskSla, TwoPausesAddUp) {
  now_ = local("2026-11-23 08:00");  // P3, unpaused due Wednesday 16:00
  int64_t id = file("P3")["id"];
  ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, "en_proceso", std::nullopt)));
  for (auto [from, to] : {std::pair{"2026-11-23 09:00", "2026-11-23 10:00"}, {"2026-11-24 15:00", "2026-11-25 08:30"}}) {
    now_ = local(from);
    ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, "en_espera_proveedor", std::nullopt)));
    now_ = local(to);
    ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, "en_proceso", std::nullopt)));
  }
  json t = ticket(id);  // 1 h + 1 h 30 min paused
  EXPECT_EQ(t["resolution_due_at"], stored("2026-11-26 10:30"));
  EXPECT_EQ(t["resolution_sla"]["paused_minutes"], 150);
}

// ---------------------------------------------------------------------------------------------
// The response clock

TEST_P(HelpdeskSla, FirstStaffResponseStopsTheResponseClock) {
  now_ = local("2026-11-25 10:00");  // P1: respond by 10:30
  int64_t answered = file("P1", "Sin acceso al sistema de ingresos")["id"];
  int64_t ignored = file("P1", "Sin acceso al sistema de catastro")["id"];
  now_ = local("2026-11-25 10:05");  // the requester adding details is no response
  ASSERT_TRUE(Succeeded(hd_->add_entry(ana_, answered, "reply", "Es en las tres cajas.")));
  EXPECT_TRUE(ticket(answered)["first_response_at"].is_null());
  now_ = local("2026-11-25 10:10");
  ASSERT_TRUE(Succeeded(hd_->add_entry(tecnico_, answered, "reply", "Reviso el servidor y le aviso.")));
  json t = ticket(answered);
  EXPECT_EQ(t["first_response_at"], stored("2026-11-25 10:10"));
  EXPECT_TRUE(t["response_due_at"].is_null());  // lists no longer show a response due
  EXPECT_EQ(t["response_sla"]["state"], "met");
  EXPECT_EQ(t["response_sla"]["due_at"], stored("2026-11-25 10:30"));

  now_ = local("2026-11-25 11:00");
  auto report = hd_->run_jobs();
  EXPECT_EQ(report.breaches, 1);  // only the ignored one
  EXPECT_EQ(report.warnings, 0);
  EXPECT_TRUE(sla_events(ticket(answered)).empty());
  EXPECT_EQ(sla_events(ticket(ignored)), (std::vector<std::pair<std::string, std::string>>{{"response", "breached"}}));
  EXPECT_EQ(ticket(answered)["sla_state"], "ok");
  EXPECT_EQ(ticket(ignored)["sla_state"], "breached");
  EXPECT_EQ(ticket(ignored)["response_sla"]["state"], "breached");
  // A late first response is "missed".
  ASSERT_TRUE(Succeeded(hd_->add_entry(tecnico_, ignored, "reply", "Disculpe la demora, ya lo reviso.")));
  EXPECT_EQ(ticket(ignored)["response_sla"]["state"], "missed");
}

// ---------------------------------------------------------------------------------------------
// Jobs: warnings and breaches, once each

TEST_P(HelpdeskSla, JobsWarnAndBreachExactlyOnceEach) {
  now_ = local("2026-11-25 10:00");  // P1: response due 10:30, resolution due 14:00 (75 %: 13:00)
  int64_t id = file("P1")["id"];
  AssignInput to_jorge;
  to_jorge.assignee_id = tecnico_.user_id;
  ASSERT_TRUE(Succeeded(hd_->assign(jefe_, id, to_jorge)));
  struct Step {
    const char* at;
    int64_t warnings, breaches;
    const char* sla_state;
  };
  const Step before_response[] = {
      {"2026-11-25 10:20", 0, 0, "ok"},       {"2026-11-25 10:25", 1, 0, "warning"},  // response clock ≥ 75 %
      {"2026-11-25 10:27", 0, 0, "warning"},  {"2026-11-25 10:29", 0, 0, "warning"},
      {"2026-11-25 10:30", 0, 1, "breached"}, {"2026-11-25 10:40", 0, 0, "breached"},
  };
  for (const Step& s : before_response) {
    now_ = local(s.at);
    auto r = hd_->run_jobs();
    EXPECT_EQ(r.warnings, s.warnings) << s.at;
    EXPECT_EQ(r.breaches, s.breaches) << s.at;
    EXPECT_EQ(ticket(id)["sla_state"], s.sla_state) << s.at;
  }
  now_ = local("2026-11-25 10:45");
  ASSERT_TRUE(Succeeded(hd_->add_entry(tecnico_, id, "reply", "Voy para allá.")));
  const Step after_response[] = {
      {"2026-11-25 12:59", 0, 0, "ok"},      {"2026-11-25 13:00", 1, 0, "warning"},
      {"2026-11-25 13:30", 0, 0, "warning"}, {"2026-11-25 13:59", 0, 0, "warning"},
      {"2026-11-25 14:00", 0, 1, "breached"}, {"2026-11-25 15:00", 0, 0, "breached"},
      {"2026-11-26 10:00", 0, 0, "breached"},
  };
  for (const Step& s : after_response) {
    now_ = local(s.at);
    auto r = hd_->run_jobs();
    EXPECT_EQ(r.warnings, s.warnings) << s.at;
    EXPECT_EQ(r.breaches, s.breaches) << s.at;
    EXPECT_EQ(ticket(id)["sla_state"], s.sla_state) << s.at;
  }
  json t = ticket(id);
  EXPECT_EQ(sla_events(t), (std::vector<std::pair<std::string, std::string>>{
                               {"response", "warning"}, {"response", "breached"},
                               {"resolution", "warning"}, {"resolution", "breached"}}));
  for (auto& e : t["timeline"])
    if (e["changes"].is_object() && e["changes"].contains("sla")) {
      EXPECT_EQ(e["visibility"], "internal");
      EXPECT_EQ(e["via"], "sistema");
      EXPECT_TRUE(e["author_id"].is_null());
    }
  EXPECT_TRUE(sla_events(ticket(id, ana_)).empty());  // the requester never sees them
  EXPECT_EQ(t["resolution_sla"]["state"], "breached");
  // One e-mail per event, to the assignee.
  EXPECT_EQ(count("mail_outbox WHERE kind = 'sla_warning' AND ticket_id = $1", {id}), 4);
  EXPECT_EQ(count("mail_outbox WHERE kind = 'sla_warning' AND to_address = 'jorge.ruiz@oaxaca.gob.mx'"), 4);
  EXPECT_EQ(count("mail_outbox WHERE kind = 'sla_warning' AND subject LIKE '%SLA vencido%'"), 2);
  EXPECT_EQ(count("mail_outbox WHERE kind = 'sla_warning' AND subject LIKE $1", {"%[MS-" + std::to_string(id) + "]%"}), 4);
}

TEST_P(HelpdeskSla, UnassignedBreachIsMailedToTheDepartmentHead) {
  now_ = local("2026-11-25 10:00");
  int64_t id = file("P1")["id"];
  now_ = local("2026-11-25 10:30");
  EXPECT_EQ(hd_->run_jobs().breaches, 1);
  EXPECT_EQ(count("mail_outbox WHERE kind = 'sla_warning' AND ticket_id = $1 AND to_address = $2",
                  {id, std::string("laura.santiago@oaxaca.gob.mx")}),
            1);
}

TEST_P(HelpdeskSla, PausedTicketsNeitherWarnNorBreach) {
  now_ = local("2026-11-25 10:00");
  int64_t id = file("P1")["id"];
  now_ = local("2026-11-25 10:05");
  ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, "en_proceso", std::nullopt)));
  ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, "en_espera_solicitante", std::nullopt)));
  for (const char* at : {"2026-11-25 13:00", "2026-11-25 15:00", "2026-11-30 12:00"}) {
    now_ = local(at);
    auto r = hd_->run_jobs();
    EXPECT_EQ(r.warnings + r.breaches, 0) << at;
  }
  EXPECT_TRUE(sla_events(ticket(id)).empty());
  EXPECT_EQ(ticket(id)["sla_state"], "paused");
}

// The warning comes when warning_percent (75 %) of the target is used, never before: of a
// 30-minute response target, 22 minutes are 73 %.
TEST_P(HelpdeskSla, WarningNeverComesBeforeThePercentIsUsed) {
  now_ = local("2026-11-25 10:00");
  int64_t id = file("P1")["id"];
  now_ = local("2026-11-25 10:22");
  EXPECT_EQ(hd_->run_jobs().warnings, 0);
  EXPECT_EQ(ticket(id)["sla_state"], "ok");
  now_ = local("2026-11-25 10:23");
  EXPECT_EQ(hd_->run_jobs().warnings, 1);
  EXPECT_EQ(ticket(id)["sla_state"], "warning");
}

// ---------------------------------------------------------------------------------------------
// Auto-close: a resolved ticket nobody confirms or reopens closes after autoclose_days (3)
// business days.

TEST_P(HelpdeskSla, ResolvedTicketClosesByItselfAfterThreeBusinessDays) {
  now_ = local("2027-03-11 09:00");  // Thursday
  int64_t id = file("P3")["id"];
  int64_t reopened = file("P3", "Otro equipo sin encender")["id"];
  now_ = local("2027-03-11 10:00");
  for (int64_t t : {id, reopened})
    ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, t, "resuelto", std::string("Se cambió la fuente de poder."))));
  now_ = local("2027-03-12 10:00");
  ASSERT_TRUE(Succeeded(hd_->transition(ana_, reopened, "en_proceso", std::string("Volvió a apagarse."))));
  // Business days after Thursday 11: Friday 12 (1), Tuesday 16 (2; Monday 15 is the third Monday
  // of March), Wednesday 17 (3). The third day is still within the term.
  struct Step {
    const char* at;
    int64_t closed;
    const char* status;
  };
  const Step steps[] = {
      {"2027-03-12 18:00", 0, "resuelto"},  // Friday
      {"2027-03-15 12:00", 0, "resuelto"},  // Monday, a holiday
      {"2027-03-16 12:00", 0, "resuelto"},  // Tuesday
      {"2027-03-18 00:30", 1, "cerrado"},   // Thursday: three whole business days have passed
      {"2027-03-18 09:00", 0, "cerrado"},   // once
  };
  for (const Step& s : steps) {
    now_ = local(s.at);
    auto r = hd_->run_jobs();
    EXPECT_EQ(r.autoclosed, s.closed) << s.at;
    EXPECT_EQ(ticket(id)["status"], s.status) << s.at;
  }
  json t = ticket(id);
  EXPECT_EQ(t["closed_at"], stored("2027-03-18 00:30"));
  EXPECT_EQ(t["resolution_sla"]["state"], "met");
  bool event = false;
  for (auto& e : t["timeline"])
    if (e["changes"].is_object() && e["changes"].value("rule", "") == "autoclose") {
      event = true;
      EXPECT_EQ(e["changes"]["status"]["to"], "cerrado");
      EXPECT_EQ(e["visibility"], "public");
    }
  EXPECT_TRUE(event) << t["timeline"].dump();
  EXPECT_EQ(ticket(reopened)["status"], "en_proceso");  // reopened tickets are not closed
}

// On the third business day itself the requester may still confirm, so the ticket stays resolved.
TEST_P(HelpdeskSla, AutoCloseWaitsUntilTheThirdBusinessDayHasPassed) {
  now_ = local("2027-03-11 09:00");
  int64_t id = file("P3")["id"];
  now_ = local("2027-03-11 10:00");
  ASSERT_TRUE(Succeeded(hd_->transition(tecnico_, id, "resuelto", std::string("Se cambió la fuente de poder."))));
  now_ = local("2027-03-17 12:00");  // Wednesday, business day 3
  EXPECT_EQ(hd_->run_jobs().autoclosed, 0);
  EXPECT_EQ(ticket(id)["status"], "resuelto");
}

// ---------------------------------------------------------------------------------------------
// Recurring tickets

TEST_P(HelpdeskSla, RecurringTicketsAreFiledWhenDueAndOnlyOnce) {
  now_ = local("2026-11-25 07:00");  // Wednesday
  RecurringInput daily;
  daily.title = "Respaldo de la base de datos de ingresos";
  daily.description = "Verificar que el respaldo nocturno terminó y copiarlo al NAS.";
  daily.category_id = category_.at("P3");
  daily.frequency = "daily";
  daily.time_of_day = "08:00";
  auto d = hd_->create_recurring(director_, daily);
  ASSERT_TRUE(Succeeded(d));
  EXPECT_EQ((*d)["next_run_at"], stored("2026-11-25 08:00"));
  RecurringInput weekly = daily;
  weekly.title = "Revisión semanal del conmutador";
  weekly.frequency = "weekly";
  weekly.day.emplace(1);  // Monday
  weekly.time_of_day = "09:00";
  auto w = hd_->create_recurring(director_, weekly);
  ASSERT_TRUE(Succeeded(w));
  EXPECT_EQ((*w)["next_run_at"], stored("2026-11-30 09:00"));

  auto other_server = make_service();  // a second server on the same database
  struct Step {
    const char* at;
    HelpdeskService* service;
    int64_t created;
  };
  const Step steps[] = {
      {"2026-11-25 07:59", hd_.get(), 0},        {"2026-11-25 08:00", hd_.get(), 1},
      {"2026-11-25 08:00", hd_.get(), 0},        {"2026-11-25 08:01", other_server.get(), 0},
      {"2026-11-26 07:59", other_server.get(), 0}, {"2026-11-26 08:00", other_server.get(), 1},
      {"2026-11-30 08:30", hd_.get(), 1},  // Friday's, Saturday's and Sunday's runs were missed: one catch-up
      {"2026-11-30 09:00", hd_.get(), 1},  // the weekly one
      {"2026-11-30 09:05", hd_.get(), 0},
  };
  for (const Step& s : steps) {
    now_ = local(s.at);
    EXPECT_EQ(s.service->run_jobs().recurring_created, s.created) << s.at;
  }
  EXPECT_EQ(count("helpdesk_tickets WHERE channel = 'programado'"), 4);
  EXPECT_EQ(count("helpdesk_tickets WHERE title = 'Revisión semanal del conmutador'"), 1);
  auto list = hd_->list_recurring(director_);
  ASSERT_TRUE(Succeeded(list));
  for (auto& r : (*list)["items"]) {
    ASSERT_FALSE(r["last_ticket_id"].is_null()) << r.dump();
    json t = ticket(r["last_ticket_id"].get<int64_t>());
    EXPECT_EQ(t["title"], r["title"]);
    EXPECT_EQ(t["channel"], "programado");
    EXPECT_EQ(t["category_id"], category_.at("P3"));
    EXPECT_EQ(r["next_run_at"], stored(r["frequency"] == "daily" ? "2026-12-01 08:00" : "2026-12-07 09:00"));
  }
}

TEST_P(HelpdeskSla, InactiveRecurringTicketIsNotFiled) {
  now_ = local("2026-11-25 07:00");
  RecurringInput in;
  in.title = "Limpieza de equipos";
  in.description = "Mantenimiento preventivo.";
  in.category_id = category_.at("P4");
  in.frequency = "monthly";
  in.day.emplace(1);
  in.time_of_day = "08:00";
  in.active = false;
  auto r = hd_->create_recurring(director_, in);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["next_run_at"], stored("2026-12-01 08:00"));
  now_ = local("2026-12-01 09:00");
  EXPECT_EQ(hd_->run_jobs().recurring_created, 0);
  EXPECT_EQ(count("helpdesk_tickets"), 0);
}

TEQUIO_ON_BOTH_BACKENDS(HelpdeskSla);

}  // namespace
}  // namespace tequio::testing
