// src/helpdesk/reports.cpp on both backends: the dashboard figures, the CSV and XLSX exports
// and the monthly PDF report, over a small history of tickets made through the real service
// with a fixed clock.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "audit/service.h"
#include "command_output.h"
#include "expect_result.h"
#include "helpdesk/service.h"
#include "org/service.h"
#include "scratch_database.h"

namespace tequio::testing {
namespace {

using auth::Actor;
using helpdesk::ExportFile;
using helpdesk::HelpdeskService;
using helpdesk::TicketFilter;
using nlohmann::json;

const Actor kSystem = auth::system_actor();


// A file in the temp directory holding `content`, removed with this object.
class TempFile {
 public:
  TempFile(const std::string& suffix, const std::string& content)
      : path_(std::filesystem::temp_directory_path() /
              ("tequio-report-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++) + suffix)) {
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

std::vector<std::string> lines_of(const std::string& text, const std::string& sep = "\n") {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(start, end - start));
    start = end + sep.size();
  }
  return out;
}

// The first line of `text` that contains `label` ("" when none).
std::string line_with(const std::string& text, const std::string& label) {
  for (auto& l : lines_of(text))
    if (l.find(label) != std::string::npos) return l;
  return "";
}

size_t occurrences(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + what.size())) ++n;
  return n;
}

class HelpdeskReports : public BackendTest {
 protected:
  void SetUpServices() override {
    audit_ = std::make_unique<audit::AuditService>(pool());
    org_ = std::make_unique<org::OrgService>(pool(), *audit_);
    helpdesk::HelpdeskConfig config;
    config.data_dir = (std::filesystem::temp_directory_path() / "tequio-report-test-data").string();
    config.clock = [this] { return now_; };
    hd_ = std::make_unique<HelpdeskService>(pool(), *audit_, config);
    at("2026-09-01T08:00");
    // A slice of the municipality: two DSI departments and two requesting areas. Accounts go in
    // directly (the demo's password hashing would cost seconds per test).
    int64_t dsi = add_area("Dirección de Sistemas de Información", "direccion", "DSI");
    int64_t sop = add_area("Departamento de Soporte Técnico", "departamento", "DSI-SOP", dsi);
    int64_t net = add_area("Departamento de Redes y Telecomunicaciones", "departamento", "DSI-REDES", dsi);
    int64_t ing = add_area("Dirección de Ingresos", "direccion", "TES-ING");
    int64_t dif = add_area("Dirección de Asistencia Social", "direccion", "DIF-ASIS");
    solicitante_ = add_user("solicitante", "Lucía Martínez Ruiz", "solicitante", ing, add_person("Lucía Martínez Ruiz", ing));
    solicitante_dif_ = add_user("solicitante.dif", "Itzel Hernández Cruz", "solicitante", dif,
                                add_person("Itzel Hernández Cruz", dif));
    tecnico_ = add_user("tecnico", "Rodrigo Toledo Bautista", "tecnico", sop, std::nullopt);
    tecnico_redes_ = add_user("tecnico.redes", "Óscar Díaz López", "tecnico", net, std::nullopt);
    soporte_ = add_queue("DSI-SOP", "Soporte técnico");
    redes_ = add_queue("DSI-REDES", "Redes y telecomunicaciones");
    // impact 2 × urgency 2 → media (3); 3 × 2 → baja (4); 2 × 1 → alta (2)
    equipo_ = add_category(soporte_, "SOP-EQUIPO", "Falla de equipo de cómputo", 2, 2, 60, 240);
    impresora_ = add_category(soporte_, "SOP-IMPRESORA", "Falla de impresora o escáner", 3, 2);
    internet_ = add_category(redes_, "RED-INTERNET", "Sin conexión a internet", 2, 1);
  }

  int64_t add_area(const std::string& name, const std::string& kind, const std::string& code,
                   std::optional<int64_t> parent = {}) {
    org::AreaInput in;
    in.name = name;
    in.kind = kind;
    in.code.emplace(code);
    if (parent) in.parent_id.emplace(*parent);
    auto r = org_->create_area(kSystem, in);
    EXPECT_TRUE(Succeeded(r)) << name;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  int64_t add_person(const std::string& name, int64_t area) {
    org::PersonInput in;
    in.full_name = name;
    in.area_id = area;
    auto r = org_->create_person(kSystem, in);
    EXPECT_TRUE(Succeeded(r)) << name;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  Actor add_user(const std::string& username, const std::string& name, const std::string& role, int64_t area,
                 std::optional<int64_t> person) {
    std::string now = to_iso(now_);
    Actor a;
    a.user_id = pool().acquire()->query_one(
        "INSERT INTO users (username, display_name, password_hash, role, area_id, person_id, password_changed_at, "
        "created_at, updated_at) VALUES ($1, $2, 'sin-contraseña', $3, $4, $5, $6, $6, $6) RETURNING id",
        {username, name, role, area, storage::opt(person), now})->i64(0);
    a.username = username;
    a.display_name = name;
    a.role = *auth::role_from_code(role);
    a.area_id = area;
    a.person_id = person;
    a.ip = "10.0.0.9";
    return a;
  }

  // Local time in Oaxaca (UTC−6 all year since 2022), "2026-11-02T09:00".
  void at(const std::string& local) { now_ = *parse_iso(local + "Z") + std::chrono::hours(6); }

  int64_t add_queue(const std::string& area_code, const std::string& name) {
    auto conn = pool().acquire();
    auto area = conn->query_one("SELECT id FROM areas WHERE code = $1", {area_code});
    EXPECT_TRUE(area.has_value()) << area_code;
    return conn->query_one("INSERT INTO helpdesk_queues (area_id, name, assignment, created_at, updated_at) "
                           "VALUES ($1, $2, 'manual', $3, $3) RETURNING id",
                           {area ? area->i64(0) : 0, name, to_iso(now_)})
        ->i64(0);
  }

  int64_t add_category(int64_t queue, const std::string& code, const std::string& name, int64_t impact, int64_t urgency,
                       std::optional<int64_t> response = {}, std::optional<int64_t> resolution = {}) {
    helpdesk::CategoryInput in;
    in.code = code;
    in.name = name;
    in.kind = "ambos";
    in.queue_id = queue;
    in.impact = impact;
    in.urgency = urgency;
    if (response) in.response_minutes.emplace(*response);
    if (resolution) in.resolution_minutes.emplace(*resolution);
    auto r = hd_->create_category(kSystem, in);
    EXPECT_TRUE(Succeeded(r)) << code;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  int64_t file(const Actor& who, int64_t category, const std::string& title) {
    helpdesk::TicketInput in;
    in.kind = "reporte";
    in.title = title;
    in.description = "Descripción de «" + title + "».";
    in.category_id = category;
    auto r = hd_->create_ticket(who, in);
    EXPECT_TRUE(Succeeded(r)) << title;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  void ok(const Result<json>& r) { EXPECT_TRUE(Succeeded(r)); }
  void move(const Actor& who, int64_t id, const std::string& status, std::optional<std::string> comment = {}) {
    ok(hd_->transition(who, id, status, comment));
  }

  // The history every test reads (local times; "now" ends at Tuesday 2026-11-10 12:00):
  //   G  1 Oct, equipo, still new                                   → open, older than 30 days
  //   A  Mon 2 Nov 09:00, equipo: answered 09:30, solved 11:00      → response 30, resolution 120, both met; rated 5
  //   B  Mon 2 Nov 10:00, equipo: answered Tue 10:00, waiting for the requester Tue 11:00–Wed 11:00,
  //      solved Wed 12:00                                           → response 480, resolution 600, both missed; rated 3
  //   C  Tue 3 Nov 09:00, impresora (DIF), new                      → open 7–30 days
  //   E  Wed 4 Nov 09:00, cancelled by its requester at 09:10
  //   D  Thu 5 Nov 20:00 (Fri 02:00 UTC), equipo, assigned           → open 3–7 days, counted on the 5th
  //   I  Fri 6 Nov 09:00, equipo: replied 09:10, solved 10:00        → response 10, resolution 60, both met
  //   F  Mon 9 Nov 09:00, internet (Redes, DIF), assigned            → open 1–3 days
  //   H  Tue 10 Nov 10:00, impresora, a title that looks like a formula → open less than a day
  void build_history() {
    at("2026-10-01T10:00");
    g_ = file(solicitante_, equipo_, "La computadora de archivo no enciende");
    at("2026-11-02T09:00");
    a_ = file(solicitante_, equipo_, "La computadora de caja 3 se reinicia");
    at("2026-11-02T09:30");
    ok(hd_->take(tecnico_, a_));
    move(tecnico_, a_, "en_proceso");
    at("2026-11-02T10:00");
    b_ = file(solicitante_, equipo_, "Monitor parpadea, \"a veces\"");
    at("2026-11-02T11:00");
    move(tecnico_, a_, "resuelto", "Se cambió la fuente de poder.");
    at("2026-11-03T09:00");
    c_ = file(solicitante_dif_, impresora_, "@Impresora de la oficina atasca papel");
    at("2026-11-03T10:00");
    ok(hd_->take(tecnico_, b_));
    move(tecnico_, b_, "en_proceso");
    ok(hd_->survey(solicitante_, a_, 5, std::string("Muy rápido")));
    at("2026-11-03T11:00");
    move(tecnico_, b_, "en_espera_solicitante", "¿Puede indicar el número de inventario?");
    at("2026-11-04T09:00");
    e_ = file(solicitante_, equipo_, "Teclado sin respuesta");
    at("2026-11-04T09:10");
    move(solicitante_, e_, "cancelado", "Ya funciona, gracias.");
    at("2026-11-04T11:00");
    move(tecnico_, b_, "en_proceso");
    at("2026-11-04T12:00");
    move(tecnico_, b_, "resuelto", "Se reemplazó el cable de video.");
    at("2026-11-05T10:00");
    ok(hd_->survey(solicitante_, b_, 3, std::nullopt));
    at("2026-11-05T20:00");
    d_ = file(solicitante_, equipo_, "Equipo lento en Ingresos");
    at("2026-11-06T08:30");
    ok(hd_->take(tecnico_, d_));
    at("2026-11-06T09:00");
    i_ = file(solicitante_, equipo_, "Ratón inalámbrico no responde");
    at("2026-11-06T09:05");
    ok(hd_->take(tecnico_, i_));
    at("2026-11-06T09:10");
    ok(hd_->add_entry(tecnico_, i_, "reply", "Le llevo uno de repuesto."));
    at("2026-11-06T10:00");
    move(tecnico_, i_, "resuelto", "Se cambió el ratón.");
    at("2026-11-09T09:00");
    f_ = file(solicitante_dif_, internet_, "Sin internet en asistencia social");
    at("2026-11-09T09:30");
    ok(hd_->take(tecnico_redes_, f_));
    at("2026-11-10T10:00");
    h_ = file(solicitante_, impresora_, "=HIPERVINCULO(\"http://x.example\"), \"urgente\"");
    at("2026-11-10T12:00");
  }

  int64_t area_of(int64_t ticket) {
    auto conn = pool().acquire();
    return conn->query_one("SELECT area_id FROM helpdesk_tickets WHERE id = $1", {ticket})->i64(0);
  }

  json stats(std::optional<std::string> from, std::optional<std::string> to, std::optional<int64_t> queue = {}) {
    auto r = hd_->stats(tecnico_, from, to, queue);
    EXPECT_TRUE(Succeeded(r));
    return r ? *r : json::object();
  }

  ExportFile export_file(const TicketFilter& f, const std::string& format) {
    auto r = hd_->export_tickets(tecnico_, f, format);
    EXPECT_TRUE(Succeeded(r));
    return r ? *r : ExportFile{};
  }

  std::string pdf_text(const std::string& pdf) {
    TempFile f(".pdf", pdf);
    return command_output("pdftotext -layout -enc UTF-8 " + f.path() + " - 2>&1");
  }
  int pdf_pages(const std::string& pdf) {
    TempFile f(".pdf", pdf);
    std::string info = line_with(command_output("pdfinfo " + f.path() + " 2>&1"), "Pages:");
    return info.empty() ? 0 : std::stoi(info.substr(info.find(':') + 1));
  }

  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<org::OrgService> org_;
  std::unique_ptr<HelpdeskService> hd_;
  Timestamp now_{};
  Actor solicitante_, solicitante_dif_, tecnico_, tecnico_redes_;
  int64_t soporte_ = 0, redes_ = 0, equipo_ = 0, impresora_ = 0, internet_ = 0;
  int64_t a_ = 0, b_ = 0, c_ = 0, d_ = 0, e_ = 0, f_ = 0, g_ = 0, h_ = 0, i_ = 0;
};

// --- stats ---------------------------------------------------------------------------------

TEST_P(HelpdeskReports, StatsCountWhatIsOpenNowByQueuePriorityAndAge) {
  build_history();
  json s = stats("2026-11-01", "2026-11-10");
  EXPECT_EQ(s["open_by_queue"], json::parse(R"([{"queue_id":)" + std::to_string(soporte_) +
                                            R"(,"queue_name":"Soporte técnico","count":4},{"queue_id":)" +
                                            std::to_string(redes_) + R"(,"queue_name":"Redes y telecomunicaciones","count":1}])"));
  EXPECT_EQ(s["open_by_priority"], json::parse(R"([{"priority":1,"count":0},{"priority":2,"count":1},
                                                  {"priority":3,"count":2},{"priority":4,"count":2}])"));
  EXPECT_EQ(s["open_by_age"], json::parse(R"([{"bucket":"<1d","count":1},{"bucket":"1-3d","count":1},
                                             {"bucket":"3-7d","count":1},{"bucket":"7-30d","count":1},
                                             {"bucket":">30d","count":1}])"));
}

TEST_P(HelpdeskReports, StatsJudgeSlaAndAverageWorkingMinutesWithoutPauses) {
  build_history();
  json s = stats("2026-11-01", "2026-11-10");
  EXPECT_EQ(s["sla"]["response"], json::parse(R"({"met":2,"missed":1,"percent":66.7})"));
  EXPECT_EQ(s["sla"]["resolution"], json::parse(R"({"met":2,"missed":1,"percent":66.7})"));
  // (30 + 480 + 10) / 3 and (120 + 600 + 60) / 3: B's day waiting for the requester is not counted.
  EXPECT_EQ(s["mean_minutes"], json::parse(R"({"response":173,"resolution":260})"));
  EXPECT_EQ(s["mean_sample"], json::parse(R"({"response":3,"resolution":3,"limit":5000})"));
  EXPECT_EQ(s["satisfaction"], json::parse(R"({"count":2,"mean":4.0})"));
}

TEST_P(HelpdeskReports, StatsGroupTicketsCreatedInThePeriodByAreaCategoryAndTechnician) {
  build_history();
  json s = stats("2026-11-01", "2026-11-10");
  EXPECT_EQ(s["created"], 8);
  ASSERT_EQ(s["by_area"].size(), 2u);
  EXPECT_EQ(s["by_area"][0]["area_id"], area_of(a_));
  EXPECT_EQ(s["by_area"][0]["count"], 6);
  EXPECT_EQ(s["by_area"][1]["area_id"], area_of(c_));
  EXPECT_EQ(s["by_area"][1]["count"], 2);
  EXPECT_EQ(s["by_category"], json::parse(R"([{"category_id":)" + std::to_string(equipo_) +
                                          R"(,"category_name":"Falla de equipo de cómputo","count":5},{"category_id":)" +
                                          std::to_string(impresora_) +
                                          R"(,"category_name":"Falla de impresora o escáner","count":2},{"category_id":)" +
                                          std::to_string(internet_) + R"(,"category_name":"Sin conexión a internet","count":1}])"));
  ASSERT_EQ(s["workload"].size(), 2u);
  for (auto& w : s["workload"]) {
    if (w["user_id"] == tecnico_.user_id) {
      EXPECT_EQ(w["display_name"], tecnico_.display_name);
      EXPECT_EQ(w["open"], 1);      // D
      EXPECT_EQ(w["resolved"], 3);  // A, B, I
    } else {
      EXPECT_EQ(w["user_id"], tecnico_redes_.user_id);
      EXPECT_EQ(w["open"], 1);  // F
      EXPECT_EQ(w["resolved"], 0);
    }
  }
}

TEST_P(HelpdeskReports, StatsTrendHasEveryLocalDayOfThePeriod) {
  build_history();
  json s = stats("2026-11-01", "2026-11-10");
  ASSERT_EQ(s["trend"].size(), 10u);
  std::vector<int64_t> created, resolved;
  for (auto& d : s["trend"]) {
    created.push_back(d["created"]);
    resolved.push_back(d["resolved"]);
  }
  EXPECT_EQ(s["trend"][0]["date"], "2026-11-01");
  EXPECT_EQ(s["trend"][9]["date"], "2026-11-10");
  // D was filed at 20:00 on the 5th (02:00 UTC on the 6th): it belongs to the 5th.
  EXPECT_EQ(created, (std::vector<int64_t>{0, 2, 1, 1, 1, 1, 0, 0, 1, 1}));
  EXPECT_EQ(resolved, (std::vector<int64_t>{0, 1, 0, 1, 0, 1, 0, 0, 0, 0}));
}

TEST_P(HelpdeskReports, StatsForOneQueueCountOnlyItsTickets) {
  build_history();
  json s = stats("2026-11-01", "2026-11-10", redes_);
  EXPECT_EQ(s["open_by_queue"].size(), 1u);
  EXPECT_EQ(s["open_by_queue"][0]["count"], 1);
  EXPECT_EQ(s["created"], 1);
  EXPECT_EQ(s["by_category"].size(), 1u);
  EXPECT_EQ(s["by_category"][0]["category_id"], internet_);
  EXPECT_EQ(s["sla"]["response"], json::parse(R"({"met":0,"missed":0,"percent":null})"));
  EXPECT_EQ(s["mean_minutes"], json::parse(R"({"response":null,"resolution":null})"));
  EXPECT_EQ(s["satisfaction"], json::parse(R"({"count":0,"mean":null})"));
  ASSERT_EQ(s["workload"].size(), 1u);
  EXPECT_EQ(s["workload"][0]["user_id"], tecnico_redes_.user_id);
  EXPECT_TRUE(FailsWith(hd_->stats(tecnico_, std::nullopt, std::nullopt, 9999), ErrorKind::kNotFound));
}

TEST_P(HelpdeskReports, StatsDefaultToTheLast30Days) {
  build_history();
  json s = stats(std::nullopt, std::nullopt);
  EXPECT_EQ(s["from"], "2026-10-12");
  EXPECT_EQ(s["to"], "2026-11-10");
  EXPECT_EQ(s["trend"].size(), 30u);
  EXPECT_EQ(s["created"], 8);  // G (1 Oct) is before the period
}

TEST_P(HelpdeskReports, StatsRejectBadDatesNamingTheField) {
  auto bad_from = hd_->stats(tecnico_, std::string("2026-11-31"), std::nullopt, std::nullopt);
  ASSERT_TRUE(FailsWith(bad_from, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(bad_from.error(), "from", "stats.date_invalid"));
  auto bad_to = hd_->stats(tecnico_, std::nullopt, std::string("ayer"), std::nullopt);
  ASSERT_TRUE(FailsWith(bad_to, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(bad_to.error(), "to", "stats.date_invalid"));
  auto reversed = hd_->stats(tecnico_, std::string("2026-11-10"), std::string("2026-11-01"), std::nullopt);
  ASSERT_TRUE(FailsWith(reversed, ErrorKind::kInvalid, "stats.range_invalid"));
  EXPECT_TRUE(HasFieldError(reversed.error(), "to"));
  auto too_long = hd_->stats(tecnico_, std::string("2020-01-01"), std::string("2026-11-01"), std::nullopt);
  EXPECT_TRUE(FailsWith(too_long, ErrorKind::kInvalid, "stats.range_too_long"));
}

// --- export --------------------------------------------------------------------------------

TEST_P(HelpdeskReports, CsvExportHasBomHeaderAndTheFilteredRowsInLocalTime) {
  build_history();
  TicketFilter f;
  f.statuses = {"open"};
  f.sort = "created_at";
  ExportFile file = export_file(f, "csv");
  EXPECT_EQ(file.filename, "tickets-20261110-1200.csv");
  EXPECT_EQ(file.media_type, "text/csv; charset=utf-8");
  ASSERT_EQ(file.content.substr(0, 3), "\xEF\xBB\xBF");
  auto lines = lines_of(file.content.substr(3), "\r\n");
  ASSERT_EQ(lines.size(), 6u) << file.content;  // header + G, C, D, F, H
  EXPECT_EQ(lines[0],
            "Número,Tipo,Título,Estado,Prioridad,Cola,Categoría,Área,Solicitante,Asignado a,Canal,Creado,Actualizado,"
            "Vence solución,SLA");
  EXPECT_EQ(lines[1].substr(0, lines[1].find(',')), "MS-" + std::to_string(g_));
  EXPECT_NE(lines[1].find(",Nuevo,Media,Soporte técnico,Falla de equipo de cómputo,"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(",2026-10-01 10:00,"), std::string::npos) << lines[1];
  EXPECT_NE(lines[1].find(",Vencido"), std::string::npos) << lines[1];
  // Formula-looking text is defused with an apostrophe; commas and quotes are quoted (RFC 4180).
  EXPECT_NE(lines[2].find(",'@Impresora de la oficina atasca papel,"), std::string::npos) << lines[2];
  EXPECT_EQ(lines[3].substr(0, lines[3].find(',')), "MS-" + std::to_string(d_));
  EXPECT_NE(lines[3].find(",Asignado,"), std::string::npos) << lines[3];
  EXPECT_NE(lines[3].find("," + tecnico_.display_name + ",Portal,2026-11-05 20:00,2026-11-06 08:30,"), std::string::npos)
      << lines[3];
  EXPECT_NE(lines[4].find("Redes y telecomunicaciones"), std::string::npos);
  EXPECT_NE(lines[5].find(",\"'=HIPERVINCULO(\"\"http://x.example\"\"), \"\"urgente\"\"\","), std::string::npos) << lines[5];
}

TEST_P(HelpdeskReports, CsvExportUsesTheListFilters) {
  build_history();
  TicketFilter f;
  f.queue_id = redes_;
  auto lines = lines_of(export_file(f, "csv").content, "\r\n");
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[1].substr(0, lines[1].find(',')), "MS-" + std::to_string(f_));

  TicketFilter resolved;
  resolved.statuses = {"resuelto"};
  resolved.sort = "created_at";
  lines = lines_of(export_file(resolved, "csv").content, "\r\n");
  ASSERT_EQ(lines.size(), 4u);  // A, B, I
  EXPECT_NE(lines[1].find(",Cumplido"), std::string::npos) << lines[1];
  EXPECT_NE(lines[2].find(",Incumplido"), std::string::npos) << lines[2];
  // "Monitor parpadea, "a veces"" needs quotes around it and its quotes doubled.
  EXPECT_NE(lines[2].find(",\"Monitor parpadea, \"\"a veces\"\"\","), std::string::npos) << lines[2];

  TicketFilter search;
  search.q = "impresora";
  EXPECT_EQ(lines_of(export_file(search, "csv").content, "\r\n").size(), 2u);  // C by title

  TicketFilter bad;
  bad.statuses = {"abierto"};
  auto r = hd_->export_tickets(tecnico_, bad, "csv");
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "status"));
}

TEST_P(HelpdeskReports, XlsxExportIsAWorkbookWithTheTicketsSheet) {
  build_history();
  TicketFilter f;
  f.statuses = {"open"};
  ExportFile file = export_file(f, "xlsx");
  EXPECT_EQ(file.filename, "tickets-20261110-1200.xlsx");
  EXPECT_EQ(file.media_type, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  ASSERT_GT(file.content.size(), 1000u);
  EXPECT_EQ(file.content.substr(0, 4), std::string("PK\x03\x04", 4));
  TempFile xlsx(".xlsx", file.content);
  EXPECT_NE(command_output("unzip -p " + xlsx.path() + " xl/workbook.xml").find("name=\"Tickets\""), std::string::npos);
  std::string sheet = command_output("unzip -p " + xlsx.path() + " xl/worksheets/sheet1.xml xl/sharedStrings.xml 2>/dev/null");
  for (const char* text : {"Categoría", "Vence solución", "Soporte técnico", "2026-11-05 20:00", "=HIPERVINCULO("})
    EXPECT_NE(sheet.find(text), std::string::npos) << text;
  EXPECT_EQ(sheet.find("<f>"), std::string::npos);  // no formulas, only text
}

TEST_P(HelpdeskReports, ExportRejectsUnknownFormatsAndTooManyRows) {
  auto pdf = hd_->export_tickets(tecnico_, TicketFilter{}, "pdf");
  ASSERT_TRUE(FailsWith(pdf, ErrorKind::kInvalid, "export.format_invalid"));
  EXPECT_TRUE(HasFieldError(pdf.error(), "format"));

  at("2026-11-10T12:00");
  std::string tsv = on_postgres() ? ", search_tsv" : "";
  std::string tsv_value = on_postgres() ? ", to_tsvector('spanish', 'carga')" : "";
  auto conn = pool().acquire();
  int64_t area = conn->query_one("SELECT area_id FROM users WHERE username = 'solicitante'")->i64(0);
  // 50,001 rows in one statement (numbers inlined: PostgreSQL types no parameter in a select list).
  conn->execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50001) "
                "INSERT INTO helpdesk_tickets (kind, title, description, category_id, queue_id, channel, requester_name, "
                "area_id, impact, urgency, priority, status, response_minutes, resolution_minutes, created_at, updated_at" +
                tsv + ") SELECT 'reporte', 'Carga', 'Carga masiva', " + std::to_string(equipo_) + ", " +
                std::to_string(soporte_) + ", 'portal', 'Prueba', " + std::to_string(area) +
                ", 2, 2, 3, 'nuevo', 60, 240, '2026-11-10T18:00:00.000Z', '2026-11-10T18:00:00.000Z'" + tsv_value +
                " FROM n");
  auto many = hd_->export_tickets(tecnico_, TicketFilter{}, "csv");
  EXPECT_TRUE(FailsWith(many, ErrorKind::kInvalid, "export.too_many"));
  TicketFilter narrow;
  narrow.queue_id = redes_;
  EXPECT_TRUE(Succeeded(hd_->export_tickets(tecnico_, narrow, "csv")));
}

// --- monthly report ------------------------------------------------------------------------

TEST_P(HelpdeskReports, MonthlyReportIsASpanishPdfWithTheMonthFigures) {
  build_history();
  auto r = hd_->monthly_report(tecnico_, soporte_, "2026-11");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->filename, "informe-soporte-tecnico-2026-11.pdf");
  EXPECT_EQ(r->media_type, "application/pdf");
  ASSERT_EQ(r->content.substr(0, 5), "%PDF-");
  std::string text = pdf_text(r->content);
  for (const char* expected :
       {"Informe mensual de la mesa de servicio", "Soporte técnico", "noviembre de 2026", "Categoría",
        "Falla de equipo de cómputo", "Falla de impresora o escáner", "Carga de trabajo por técnico",
        "Tickets recibidos por día", "Satisfacción", "Generado el 2026-11-10 12:00", "Página 1 de"})
    EXPECT_NE(text.find(expected), std::string::npos) << expected << "\n" << text;
  EXPECT_EQ(text.find("Sin conexión a internet"), std::string::npos);  // another queue's category
  auto number_in = [&](const std::string& label) {
    std::string l = line_with(text, label);
    std::istringstream words(l.substr(l.find(label) + label.size()));
    std::string w;
    words >> w;
    return w;
  };
  EXPECT_EQ(number_in("Recibidos "), "7");  // A, B, C, D, E, H, I
  EXPECT_EQ(number_in("Resueltos "), "3");
  EXPECT_EQ(number_in("Cancelados"), "1");
  EXPECT_EQ(number_in("Abiertos al cierre del mes"), "4");  // C, D, G, H
  EXPECT_NE(line_with(text, "Primera respuesta en plazo").find("66.7 % (2 de 3 en plazo)"), std::string::npos) << text;
  EXPECT_NE(line_with(text, "Tiempo medio de solución").find("4 h 20 min"), std::string::npos) << text;
  EXPECT_NE(line_with(text, "Satisfacción (promedio)").find("4.00 de 5 (2 encuestas)"), std::string::npos) << text;
  EXPECT_NE(line_with(text, tecnico_.display_name).find("3"), std::string::npos) << text;
}

TEST_P(HelpdeskReports, MonthlyReportTablesContinueOnMorePages) {
  at("2026-11-02T09:00");
  for (int i = 1; i <= 50; ++i) {
    char code[16], name[64];
    std::snprintf(code, sizeof code, "SOP-X%02d", i);
    std::snprintf(name, sizeof name, "Categoría de prueba número %02d", i);
    file(solicitante_, add_category(soporte_, code, name, 3, 3), "Ticket de la categoría " + std::to_string(i));
  }
  at("2026-12-01T09:00");
  auto r = hd_->monthly_report(tecnico_, soporte_, "2026-11");
  ASSERT_TRUE(Succeeded(r));
  int pages = pdf_pages(r->content);
  EXPECT_GE(pages, 3);
  std::string text = pdf_text(r->content);
  EXPECT_NE(text.find("Categoría de prueba número 01"), std::string::npos);
  EXPECT_NE(text.find("Categoría de prueba número 50"), std::string::npos);
  EXPECT_NE(text.find("Página " + std::to_string(pages) + " de " + std::to_string(pages)), std::string::npos) << text;
  EXPECT_GE(occurrences(text, "Recibidos"), 4u);  // summary, area header, and the category header twice
}

TEST_P(HelpdeskReports, MonthlyReportRejectsBadMonthsAndUnknownQueues) {
  for (const char* month : {"2026-13", "2026-1", "noviembre", "", "2026-00", "2026-11-01"}) {
    auto r = hd_->monthly_report(tecnico_, soporte_, month);
    ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid, "report.month_invalid")) << month;
    EXPECT_TRUE(HasFieldError(r.error(), "month")) << month;
  }
  EXPECT_TRUE(FailsWith(hd_->monthly_report(tecnico_, 9999, "2026-11"), ErrorKind::kNotFound, "queue.not_found"));
}

TEST_P(HelpdeskReports, RequestersMayNotSeeDashboardsExportsOrReports) {
  EXPECT_TRUE(FailsWith(hd_->stats(solicitante_, std::nullopt, std::nullopt, std::nullopt), ErrorKind::kForbidden));
  EXPECT_TRUE(FailsWith(hd_->export_tickets(solicitante_, TicketFilter{}, "csv"), ErrorKind::kForbidden));
  EXPECT_TRUE(FailsWith(hd_->monthly_report(solicitante_, soporte_, "2026-11"), ErrorKind::kForbidden));
}

TEQUIO_ON_BOTH_BACKENDS(HelpdeskReports);

}  // namespace
}  // namespace tequio::testing
