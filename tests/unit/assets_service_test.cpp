// src/assets/service.h on both backends: types and custom fields, registering assets and
// their validation, who sees what, custody (assign, transfer, return) with stored documents,
// the carta de no adeudo, loans and their reminders, disposals, physical-inventory campaigns
// and imports (bad rows reported, re-import changes nothing).
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>

#include "assets/model.h"
#include "assets/service.h"
#include "audit/service.h"
#include "core/text.h"
#include "command_output.h"
#include "expect_result.h"
#include "helpdesk_rows.h"
#include "scratch_database.h"

namespace tequio::testing {
namespace {

using auth::Actor;
using auth::Role;
using assets::AssetFilter;
using assets::AssetInput;
using assets::AssetsService;
using nlohmann::json;

const Actor kAdmin = auth::system_actor();

class AssetsStore : public BackendTest {
 protected:
  void SetUpServices() override {
    data_dir_ = std::filesystem::temp_directory_path() / ("tequio-as-" + random_token(6));
    audit_ = std::make_unique<audit::AuditService>(pool());
    assets::AssetsConfig cfg;
    cfg.data_dir = data_dir_.string();
    cfg.public_url = "https://tequio.oaxaca.example";
    cfg.clock = [this] { return now_; };
    now_ = *parse_iso("2026-03-10T16:00:00Z");  // Tuesday 10 March, 10:00 in Oaxaca
    svc_ = std::make_unique<AssetsService>(pool(), *audit_, cfg);
    dsi_ = insert_area(pool(), "DSI-SOP", "Departamento de Soporte", "departamento");
    tes_ = insert_area(pool(), "TES-ING", "Dirección de Ingresos", "direccion");
    vial_ = insert_area(pool(), "SSC-VIAL", "Dirección de Señalización Vial", "direccion");
    ana_ = insert_person(pool(), "Ana Martínez Ruiz", tes_, "ana@oaxaca.example");
    beto_ = insert_person(pool(), "Alberto Núñez Díaz", vial_, "beto@oaxaca.example");
    tech_ = insert_user(pool(), "tecnico", "Técnico de Soporte", Role::kTecnico, dsi_, std::nullopt, std::nullopt);
    ana_user_ = insert_user(pool(), "ana", "Ana Martínez Ruiz", Role::kSolicitante, tes_, ana_, std::nullopt);
    auditor_ = insert_user(pool(), "auditor", "Auditoría", Role::kAuditor, dsi_, std::nullopt, std::nullopt);
    assets::TypeInput t;
    t.code = "CPU";
    t.name = "Computadora de escritorio";
    t.fields = json::parse(R"J([{"key":"ram_gb","label":"Memoria RAM (GB)","type":"number"},
                               {"key":"so","label":"Sistema operativo","type":"select","options":["Windows 11","Ubuntu"]}])J");
    auto r = svc_->create_type(kAdmin, t);
    EXPECT_TRUE(Succeeded(r));
    cpu_type_ = r ? (*r)["id"].get<int64_t>() : 0;
    ASSERT_TRUE(Succeeded(svc_->update_settings(kAdmin, {{"inventory_pattern", "^OAX-[A-Z]{2,4}-[0-9]{5}$"}})));
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }

  int64_t add_asset(const std::string& number, std::optional<int64_t> area = std::nullopt) {
    AssetInput in;
    in.inventory_number = number;
    in.type_id = cpu_type_;
    in.brand = "Dell";
    in.model = "OptiPlex 7090";
    in.serial = "SN-" + number;
    in.building = "Palacio Municipal";
    in.office = "Ingresos";
    if (area) in.area_id = std::optional<int64_t>(*area);
    in.fields = json{{"ram_gb", 16}};
    auto r = svc_->create_asset(tech_, in);
    EXPECT_TRUE(Succeeded(r)) << number;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }
  json asset(int64_t id) { return *svc_->get_asset(kAdmin, id); }
  std::string pdf_text(int64_t document_id) {
    auto f = svc_->document_pdf(kAdmin, document_id);
    EXPECT_TRUE(Succeeded(f));
    if (!f) return "";
    auto path = data_dir_ / "doc.pdf";
    {
      std::ofstream out(path, std::ios::binary);
      out << f->content;
    }
    std::string text = command_output("pdftotext -layout " + path.string() + " -");
    EXPECT_FALSE(text.empty()) << "pdftotext (poppler-utils) is needed";
    return text;
  }

  std::filesystem::path data_dir_;
  Timestamp now_;
  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<AssetsService> svc_;
  int64_t dsi_ = 0, tes_ = 0, vial_ = 0, ana_ = 0, beto_ = 0, cpu_type_ = 0;
  Actor tech_, ana_user_, auditor_;
};

TEST_P(AssetsStore, RegisteringValidatesEveryFieldAndChangesNothingOnError) {
  AssetInput in;
  in.inventory_number = "CPU-1";  // not the configured pattern
  in.type_id = 999;
  in.cost = json("doce pesos");
  in.acquired_on = std::optional<std::string>("2026-02-30");
  in.condition = "roto";
  in.fields = json{{"ram_gb", "mucha"}, {"color", "azul"}};
  auto r = svc_->create_asset(tech_, in);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  for (const char* field : {"inventory_number", "type_id", "cost", "acquired_on", "condition"})
    EXPECT_TRUE(HasFieldError(r.error(), field)) << field;
  EXPECT_EQ(count("assets"), 0);

  in = {};
  in.inventory_number = "OAX-CPU-00001";
  in.type_id = cpu_type_;
  in.fields = json{{"ram_gb", "mucha"}, {"so", "Windows 98"}};
  r = svc_->create_asset(tech_, in);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "fields.ram_gb"));
  EXPECT_TRUE(HasFieldError(r.error(), "fields.so"));

  in.fields = json{{"ram_gb", 8}, {"so", "Ubuntu"}};
  in.cost = json("$18,499.90");
  in.warranty_end = std::optional<std::string>("2028-03-01");
  r = svc_->create_asset(tech_, in);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["status"], "en_almacen");
  EXPECT_DOUBLE_EQ((*r)["cost"].get<double>(), 18499.90);
  EXPECT_EQ((*r)["fields"]["so"], "Ubuntu");
  EXPECT_EQ((*r)["url"], "https://tequio.oaxaca.example/activos/" + std::to_string((*r)["id"].get<int64_t>()));
  // The same number again is a conflict; a solicitante cannot register.
  EXPECT_TRUE(FailsWith(svc_->create_asset(tech_, in), ErrorKind::kConflict, "asset.inventory_number_taken"));
  EXPECT_TRUE(FailsWith(svc_->create_asset(ana_user_, in), ErrorKind::kForbidden));
  EXPECT_TRUE(FailsWith(svc_->create_asset(auditor_, in), ErrorKind::kForbidden));
  EXPECT_EQ(count("assets"), 1);
  EXPECT_EQ(count("asset_events WHERE kind = 'created'"), 1);
  EXPECT_EQ(count("audit_log WHERE entity = 'asset' AND action = 'create'"), 1);
}

TEST_P(AssetsStore, CustodyAssignTransferReturnKeepEveryDocumentAndTheTimeline) {
  int64_t cpu = add_asset("OAX-CPU-00001", tes_);
  int64_t cpu2 = add_asset("OAX-CPU-00002", tes_);
  auto doc = svc_->assign_custody(tech_, ana_, {cpu, cpu2}, "Equipo del puesto", std::string("bueno"));
  ASSERT_TRUE(Succeeded(doc));
  EXPECT_EQ((*doc)["kind"], "asignacion");
  EXPECT_EQ((*doc)["folio"], "RES-2026-000001");
  EXPECT_EQ((*doc)["assets"].size(), 2u);
  EXPECT_EQ(asset(cpu)["status"], "asignado");
  EXPECT_EQ(asset(cpu)["custodian_name"], "Ana Martínez Ruiz");
  EXPECT_EQ(asset(cpu)["custody"]["folio"], "RES-2026-000001");
  std::string text = pdf_text((*doc)["id"].get<int64_t>());
  EXPECT_NE(text.find("Ana Martínez Ruiz"), std::string::npos) << text;
  EXPECT_NE(text.find("OAX-CPU-00001"), std::string::npos);
  EXPECT_NE(text.find("OAX-CPU-00002"), std::string::npos);
  EXPECT_NE(text.find("Dirección de Ingresos"), std::string::npos);
  // Stored: the same bytes on every download.
  EXPECT_EQ(svc_->document_pdf(kAdmin, (*doc)["id"].get<int64_t>())->content,
            svc_->document_pdf(kAdmin, (*doc)["id"].get<int64_t>())->content);

  // Only assets in storage can be assigned.
  EXPECT_TRUE(FailsWith(svc_->assign_custody(tech_, beto_, {cpu}, "", std::nullopt), ErrorKind::kConflict,
                        "custody.asset_not_available"));

  auto moved = svc_->transfer_custody(tech_, {cpu}, beto_, "Cambio de adscripción");
  ASSERT_TRUE(Succeeded(moved));
  EXPECT_EQ((*moved)["closed"].size(), 1u);
  EXPECT_EQ((*moved)["closed"][0]["kind"], "devolucion");
  EXPECT_EQ((*moved)["opened"]["kind"], "transferencia");
  EXPECT_EQ((*moved)["opened"]["previous_folio"], "RES-2026-000001");
  EXPECT_EQ(asset(cpu)["custodian_name"], "Alberto Núñez Díaz");
  EXPECT_EQ(asset(cpu)["area_id"], vial_);
  std::string moved_text = pdf_text((*moved)["opened"]["id"].get<int64_t>());
  EXPECT_NE(moved_text.find("Señalización"), std::string::npos) << moved_text;
  EXPECT_NE(moved_text.find("RES-2026-000001"), std::string::npos);
  EXPECT_EQ(count("custodies WHERE ended_at IS NULL"), 2);
  EXPECT_EQ(count("custodies"), 3);

  // Ana still holds cpu2: no carta de no adeudo yet.
  EXPECT_TRUE(FailsWith(svc_->no_adeudo(tech_, ana_, ""), ErrorKind::kConflict, "custody.has_assets"));
  auto back = svc_->return_custody(tech_, {cpu2}, "Baja del puesto");
  ASSERT_TRUE(Succeeded(back));
  EXPECT_EQ(asset(cpu2)["status"], "en_almacen");
  EXPECT_TRUE(asset(cpu2)["custodian_id"].is_null());
  auto carta = svc_->no_adeudo(tech_, ana_, "");
  ASSERT_TRUE(Succeeded(carta));
  EXPECT_EQ((*carta)["folio"], "NAD-2026-000001");
  EXPECT_NE(pdf_text((*carta)["id"].get<int64_t>()).find("Ana Martínez Ruiz"), std::string::npos);

  // Ana's page lists her documents: assignment, devolution (transfer), devolution, no adeudo.
  auto page = svc_->person_custody(kAdmin, ana_);
  ASSERT_TRUE(Succeeded(page));
  EXPECT_EQ((*page)["assets"].size(), 0u);
  EXPECT_EQ((*page)["documents"].size(), 4u);
  auto events = materialized(svc_->list_events(kAdmin, cpu, {1, 50}));
  std::set<std::string> kinds;
  for (auto& e : events->items) kinds.insert(e["kind"].get<std::string>());
  EXPECT_EQ(kinds, (std::set<std::string>{"created", "custody", "transfer"}));
}

TEST_P(AssetsStore, ASolicitanteSeesOnlyWhatIsInTheirCustody) {
  int64_t mine = add_asset("OAX-CPU-00001", tes_);
  int64_t other = add_asset("OAX-CPU-00002", tes_);
  ASSERT_TRUE(Succeeded(svc_->assign_custody(tech_, ana_, {mine}, "", std::nullopt)));
  auto list = materialized(svc_->list_assets(ana_user_, {}, {1, 50}));
  ASSERT_TRUE(Succeeded(list));
  EXPECT_EQ(list->total, 1);
  EXPECT_EQ(list->items[0]["id"], mine);
  EXPECT_TRUE(Succeeded(svc_->get_asset(ana_user_, mine)));
  EXPECT_TRUE(FailsWith(svc_->get_asset(ana_user_, other), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(svc_->list_events(ana_user_, other, {1, 10}), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(svc_->person_custody(ana_user_, beto_), ErrorKind::kNotFound));
  auto docs = materialized(svc_->list_documents(ana_user_, beto_, std::nullopt, {1, 10}));
  ASSERT_TRUE(Succeeded(docs));
  EXPECT_EQ(docs->total, 1);  // her own, whatever person_id asked
  EXPECT_EQ(docs->items[0]["person_id"], ana_);
  EXPECT_TRUE(FailsWith(svc_->export_assets(ana_user_, {}, "csv"), ErrorKind::kForbidden));
  // The auditor reads everything and changes nothing.
  EXPECT_EQ(materialized(svc_->list_assets(auditor_, {}, {1, 50}))->total, 2);
  EXPECT_TRUE(FailsWith(svc_->return_custody(auditor_, {mine}, ""), ErrorKind::kForbidden));
}

TEST_P(AssetsStore, ListsFilterByStatusCustodianWarrantyAndText) {
  int64_t a = add_asset("OAX-CPU-00001", tes_);
  int64_t b = add_asset("OAX-CPU-00002", vial_);
  add_asset("OAX-CPU-00003", vial_);
  AssetInput w;
  w.warranty_end = std::optional<std::string>("2026-04-30");  // within 90 days of 10 March
  ASSERT_TRUE(Succeeded(svc_->update_asset(tech_, a, w)));
  w.warranty_end = std::optional<std::string>("2025-12-31");
  ASSERT_TRUE(Succeeded(svc_->update_asset(tech_, b, w)));
  ASSERT_TRUE(Succeeded(svc_->assign_custody(tech_, beto_, {b}, "", std::nullopt)));
  auto ids = [&](AssetFilter f) {
    std::set<int64_t> out;
    auto page = materialized(svc_->list_assets(kAdmin, f, {1, 50}));
    EXPECT_TRUE(Succeeded(page));
    if (page)
      for (auto& i : page->items) out.insert(i["id"].get<int64_t>());
    return out;
  };
  EXPECT_EQ(ids({.area_id = vial_}).size(), 2u);
  EXPECT_EQ(ids({.status = std::string("asignado")}), std::set<int64_t>{b});
  EXPECT_EQ(ids({.custodian_id = beto_}), std::set<int64_t>{b});
  EXPECT_EQ(ids({.warranty = std::string("por_vencer")}), std::set<int64_t>{a});
  EXPECT_EQ(ids({.warranty = std::string("vencida")}), std::set<int64_t>{b});
  EXPECT_EQ(ids({.q = std::string("nunez")}), std::set<int64_t>{b});  // custodian, accents folded
  EXPECT_EQ(ids({.q = std::string("00001")}), std::set<int64_t>{a});
  EXPECT_TRUE(FailsWith(svc_->list_assets(kAdmin, {.warranty = std::string("siempre")}, {1, 50}), ErrorKind::kInvalid));
  auto page = materialized(svc_->list_assets(kAdmin, {}, {2, 2}));
  EXPECT_EQ(page->total, 3);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0]["inventory_number"], "OAX-CPU-00003");
}

TEST_P(AssetsStore, LongListsStopCountingPastTwoThousand) {
  exec("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2100) "
       "INSERT INTO assets (inventory_number, type_id, area_id, status, search_key, created_at, updated_at) "
       "SELECT 'OAX-CPU-' || (10000 + i), $1, $2, 'en_almacen', '', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z' FROM n",
       {cpu_type_, tes_});
  auto first = materialized(svc_->list_assets(kAdmin, {.area_id = tes_}, {1, 50}));
  ASSERT_TRUE(Succeeded(first));
  EXPECT_TRUE(first->total_capped);
  EXPECT_EQ(first->total, 2001);  // a lower bound: at least one more than the cap
  EXPECT_NE(first->body().find("\"total_capped\":true"), std::string::npos);
  // Far pages still work: counting goes just past the page asked for.
  auto far = materialized(svc_->list_assets(kAdmin, {.area_id = tes_}, {42, 50}));
  ASSERT_TRUE(Succeeded(far));
  ASSERT_EQ(far->items.size(), 50u);
  EXPECT_EQ(far->items[0]["inventory_number"], "OAX-CPU-" + std::to_string(10000 + 2051));
  // A filter that matches fewer than the cap is counted exactly, without the member.
  auto few = materialized(svc_->list_assets(kAdmin, {.q = std::string("oax-cpu-1210")}, {1, 50}));
  ASSERT_TRUE(Succeeded(few));
  EXPECT_FALSE(few->total_capped);
  EXPECT_EQ(few->body().find("total_capped"), std::string::npos);
}

TEST_P(AssetsStore, LoansRemindOnceTheDayBeforeAndOnceWhenOverdue) {
  int64_t lap = add_asset("OAX-CPU-00001", dsi_);
  EXPECT_TRUE(FailsWith(svc_->create_loan(tech_, lap, ana_, "2026-03-09", ""), ErrorKind::kInvalid));
  auto loan = svc_->create_loan(tech_, lap, ana_, "2026-03-12", "Capacitación");
  ASSERT_TRUE(Succeeded(loan));
  EXPECT_EQ((*loan)["state"], "activo");
  EXPECT_EQ(asset(lap)["status"], "en_prestamo");
  EXPECT_TRUE(FailsWith(svc_->assign_custody(tech_, beto_, {lap}, "", std::nullopt), ErrorKind::kConflict));
  EXPECT_EQ(svc_->run_jobs().loan_reminders, 0);
  now_ = *parse_iso("2026-03-11T15:00:00Z");
  EXPECT_EQ(svc_->run_jobs().loan_reminders, 1);
  EXPECT_EQ(svc_->run_jobs().loan_reminders, 0);
  now_ = *parse_iso("2026-03-13T15:00:00Z");
  EXPECT_EQ(svc_->run_jobs().overdue_notices, 1);
  EXPECT_EQ(svc_->run_jobs().overdue_notices, 0);
  EXPECT_EQ(count("mail_outbox WHERE to_address = 'ana@oaxaca.example'"), 2);
  auto overdue = materialized(svc_->list_loans(kAdmin, std::string("vencido"), std::nullopt, {1, 10}));
  ASSERT_EQ(overdue->total, 1);
  auto back = svc_->return_loan(tech_, (*loan)["id"].get<int64_t>(), std::string("regular"), "");
  ASSERT_TRUE(Succeeded(back));
  EXPECT_EQ((*back)["state"], "devuelto");
  EXPECT_EQ(asset(lap)["status"], "en_almacen");
  EXPECT_EQ(asset(lap)["condition"], "regular");
  EXPECT_TRUE(FailsWith(svc_->return_loan(tech_, (*loan)["id"].get<int64_t>(), std::nullopt, ""), ErrorKind::kConflict));
}

TEST_P(AssetsStore, DisposalNeedsTheAssetOutOfCustodyAndADecision) {
  int64_t a = add_asset("OAX-CPU-00001", tes_);
  int64_t b = add_asset("OAX-CPU-00002", tes_);
  ASSERT_TRUE(Succeeded(svc_->assign_custody(tech_, ana_, {a}, "", std::nullopt)));
  EXPECT_TRUE(FailsWith(svc_->request_disposal(tech_, {a, b}, "Obsoleto", std::nullopt), ErrorKind::kConflict,
                        "disposal.in_custody"));
  EXPECT_EQ(asset(b)["status"], "en_almacen");  // nothing changed
  auto d = svc_->request_disposal(tech_, {b}, "Tarjeta madre dañada, reparación incosteable", std::string("DT-2026-014"));
  ASSERT_TRUE(Succeeded(d));
  EXPECT_EQ((*d)["folio"], "BAJ-2026-000001");
  EXPECT_EQ(asset(b)["status"], "baja_en_tramite");
  int64_t id = (*d)["id"].get<int64_t>();
  EXPECT_TRUE(FailsWith(svc_->decide_disposal(tech_, id, true, "", std::nullopt), ErrorKind::kForbidden));
  EXPECT_TRUE(FailsWith(svc_->decide_disposal(kAdmin, id, false, " ", std::nullopt), ErrorKind::kInvalid));
  ASSERT_TRUE(Succeeded(svc_->decide_disposal(kAdmin, id, true, "Aprobada por el comité", std::nullopt)));
  EXPECT_EQ(asset(b)["status"], "dado_de_baja");
  EXPECT_EQ(materialized(svc_->list_assets(kAdmin, {}, {1, 50}))->total, 1);  // disposed leave active lists
  EXPECT_EQ(materialized(svc_->list_assets(kAdmin, {.include_disposed = true}, {1, 50}))->total, 2);
  EXPECT_TRUE(FailsWith(svc_->update_asset(tech_, b, AssetInput{}), ErrorKind::kConflict, "asset.disposed"));
  EXPECT_TRUE(FailsWith(svc_->decide_disposal(kAdmin, id, false, "tarde", std::nullopt), ErrorKind::kConflict));
}

TEST_P(AssetsStore, CampaignReconcilesFoundElsewhereMissingAndUnknown) {
  int64_t a = add_asset("OAX-CPU-00001", tes_);
  add_asset("OAX-CPU-00002", tes_);
  add_asset("OAX-CPU-00003", tes_);
  add_asset("OAX-CPU-00009", vial_);  // another area
  (void)a;
  auto c = svc_->create_campaign(kAdmin, "Levantamiento 2026 Ingresos", {tes_}, "");
  ASSERT_TRUE(Succeeded(c));
  int64_t id = (*c)["id"].get<int64_t>();
  EXPECT_EQ((*c)["counts"]["expected"], 3);
  ASSERT_TRUE(Succeeded(svc_->scan(tech_, id, "OAX-CPU-00001", "Palacio Municipal", "", "Ingresos", "")));
  auto elsewhere = svc_->scan(tech_, id, "OAX-CPU-00002", "Palacio Municipal", "", "Egresos", "");
  ASSERT_TRUE(Succeeded(elsewhere));
  EXPECT_EQ((*elsewhere)["result"], "otra_ubicacion");
  EXPECT_EQ((*svc_->scan(tech_, id, "OAX-CPU-00009", "", "", "", ""))["result"], "desconocido");
  EXPECT_EQ((*svc_->scan(tech_, id, "NO-EXISTE-1", "", "", "", ""))["result"], "desconocido");
  auto report = svc_->campaign_report(kAdmin, id);
  ASSERT_TRUE(Succeeded(report));
  const json& n = (*report)["campaign"]["counts"];
  EXPECT_EQ(n["encontrado"], 1);
  EXPECT_EQ(n["otra_ubicacion"], 1);
  EXPECT_EQ(n["faltante"], 1);
  EXPECT_EQ(n["desconocido"], 2);
  auto pdf = svc_->campaign_report_file(kAdmin, id, "pdf");
  ASSERT_TRUE(Succeeded(pdf));
  EXPECT_EQ(pdf->content.substr(0, 5), "%PDF-");
  auto xlsx = svc_->campaign_report_file(kAdmin, id, "xlsx");
  ASSERT_TRUE(Succeeded(xlsx));
  EXPECT_EQ(xlsx->content.substr(0, 2), "PK");
  ASSERT_TRUE(Succeeded(svc_->close_campaign(kAdmin, id)));
  EXPECT_TRUE(FailsWith(svc_->scan(tech_, id, "OAX-CPU-00003", "", "", "", ""), ErrorKind::kConflict, "campaign.closed"));
}

TEST_P(AssetsStore, ImportReportsBadRowsAndReimportChangesNothing) {
  std::string csv =
      "Número de inventario,Tipo,Marca,Modelo,Serie,Costo,Fecha de adquisición,Área,ram\n"
      "OAX-CPU-00101,CPU,Dell,OptiPlex 7090,SN101,\"18,500.00\",15/03/2024,TES-ING,16\n"
      "OAX-CPU-00102,Computadora de escritorio,HP,ProDesk,SN102,12000,2024-03-15,Dirección de Ingresos,8\n"
      "OAX-CPU-00103,Impresora,HP,LaserJet,SN103,1,2024-03-15,TES-ING,8\n"
      "OAX-CPU-00104,CPU,HP,ProDesk,SN104,1,2024-02-31,TES-ING,8\n"
      "OAX-CPU-00101,CPU,Dell,Repetido,SN105,1,2024-03-15,TES-ING,8\n"
      "MAL-1,CPU,HP,ProDesk,SN106,1,2024-03-15,TES-ING,8\n"
      "OAX-CPU-00107,CPU,HP,ProDesk,SN107,doce,2024-03-15,TES-ING,8\n";
  assets::ImportRequest req{"csv", true, json{{"Número de inventario", "inventory_number"}, {"Tipo", "type"},
                                              {"Marca", "brand"}, {"Modelo", "model"}, {"Serie", "serial"},
                                              {"Costo", "cost"}, {"Fecha de adquisición", "acquired_on"},
                                              {"Área", "area"}, {"ram", "fields.ram_gb"}},
                            csv};
  auto dry = svc_->import_assets(kAdmin, req);
  ASSERT_TRUE(Succeeded(dry));
  EXPECT_EQ((*dry)["created"], 2);
  EXPECT_EQ(count("assets"), 0);  // a dry run writes nothing
  req.dry_run = false;
  auto r = svc_->import_assets(kAdmin, req);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["total"], 7);
  EXPECT_EQ((*r)["created"], 2);
  ASSERT_EQ((*r)["rejected"].size(), 5u) << r->dump();
  std::map<int64_t, std::string> by_row;
  for (auto& x : (*r)["rejected"]) by_row[x["row"].get<int64_t>()] = x["field"].get<std::string>();
  EXPECT_EQ(by_row[4], "type");
  EXPECT_EQ(by_row[5], "acquired_on");
  EXPECT_EQ(by_row[6], "inventory_number");  // repeated in the file
  EXPECT_EQ(by_row[7], "inventory_number");  // pattern
  EXPECT_EQ(by_row[8], "cost");
  auto first = *svc_->lookup(kAdmin, "OAX-CPU-00101");
  EXPECT_DOUBLE_EQ(first["cost"].get<double>(), 18500.0);
  EXPECT_EQ(first["acquired_on"], "2024-03-15");
  EXPECT_EQ(first["fields"]["ram_gb"], 16);  // numbers stay numbers
  EXPECT_EQ(first["area_id"], tes_);
  int64_t events = count("asset_events");
  auto again = svc_->import_assets(kAdmin, req);
  ASSERT_TRUE(Succeeded(again));
  EXPECT_EQ((*again)["created"], 0);
  EXPECT_EQ((*again)["updated"], 0);
  EXPECT_EQ((*again)["unchanged"], 2);
  EXPECT_EQ(count("asset_events"), events);
  // A changed cell updates only that asset.
  req.content.replace(req.content.find("OptiPlex 7090"), 13, "OptiPlex 7010");
  auto changed = svc_->import_assets(kAdmin, req);
  EXPECT_EQ((*changed)["updated"], 1);
  EXPECT_EQ((*svc_->lookup(kAdmin, "OAX-CPU-00101"))["model"], "OptiPlex 7010");
  EXPECT_TRUE(FailsWith(svc_->import_assets(tech_, req), ErrorKind::kForbidden));
}

TEST_P(AssetsStore, ManualStatusMovesAreLimited) {
  int64_t a = add_asset("OAX-CPU-00001", tes_);
  EXPECT_TRUE(FailsWith(svc_->change_status(tech_, a, "dado_de_baja", "porque sí"), ErrorKind::kConflict,
                        "asset.transition_invalid"));
  EXPECT_TRUE(FailsWith(svc_->change_status(tech_, a, "en_reparacion", " "), ErrorKind::kInvalid));
  ASSERT_TRUE(Succeeded(svc_->change_status(tech_, a, "en_reparacion", "Falla de fuente")));
  EXPECT_TRUE(FailsWith(svc_->change_status(tech_, a, "asignado", "listo"), ErrorKind::kConflict));
  ASSERT_TRUE(Succeeded(svc_->change_status(tech_, a, "en_almacen", "Reparado")));
  EXPECT_EQ(asset(a)["status"], "en_almacen");
}

TEQUIO_ON_BOTH_BACKENDS(AssetsStore);

TEST(AssetsModel, MoneyAndDatesAsPeopleWriteThem) {
  EXPECT_EQ(assets::parse_money_text("$18,499.90"), 1849990);
  EXPECT_EQ(assets::parse_money_text("12000"), 1200000);
  EXPECT_EQ(assets::parse_money_text("0.5"), 50);
  EXPECT_FALSE(assets::parse_money_text("1.234"));
  EXPECT_FALSE(assets::parse_money_text("-5"));
  EXPECT_FALSE(assets::parse_money_text("doce"));
  EXPECT_EQ(assets::parse_money(json(12.5)), 1250);
  EXPECT_FALSE(assets::parse_money(json(12.345)));
  EXPECT_EQ(assets::money_text(123456789), "$1,234,567.89");
  EXPECT_EQ(assets::normalize_date("15/03/2024"), "2024-03-15");
  EXPECT_EQ(assets::normalize_date("2024-03-15"), "2024-03-15");
  EXPECT_FALSE(assets::normalize_date("31/02/2024"));
  EXPECT_EQ(assets::folio("RES", 2026, 7), "RES-2026-000007");
  EXPECT_EQ(assets::spanish_long_date("2026-11-25"), "25 de noviembre de 2026");
}

TEST(AssetsModel, ManualMoves) {
  EXPECT_TRUE(assets::manual_move_allowed("en_almacen", "en_reparacion", false));
  EXPECT_TRUE(assets::manual_move_allowed("en_reparacion", "asignado", true));
  EXPECT_FALSE(assets::manual_move_allowed("en_reparacion", "en_almacen", true));
  EXPECT_FALSE(assets::manual_move_allowed("en_almacen", "asignado", false));
  EXPECT_FALSE(assets::manual_move_allowed("dado_de_baja", "en_almacen", false));
}

}  // namespace
}  // namespace tequio::testing
