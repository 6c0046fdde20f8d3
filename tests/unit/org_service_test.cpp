// src/org/service.h on both backends: the areas tree, positions, people, CSV imports,
// who may see and change what, and the audit entry behind every change.
#include <gtest/gtest.h>

#include <set>

#include "audit/service.h"
#include "expect_result.h"
#include "org/service.h"
#include "scratch_database.h"

namespace tequio::testing {
namespace {

using auth::Actor;
using auth::Role;
using nlohmann::json;
using org::AreaInput;
using org::OrgService;
using org::PeopleFilter;
using org::PersonInput;
using org::PositionInput;

Actor someone(Role role, std::optional<int64_t> area_id = std::nullopt, const std::string& username = "alguien") {
  Actor a;
  a.user_id = 0;
  a.username = username;
  a.role = role;
  a.area_id = area_id;
  a.ip = "10.0.0.8";
  return a;
}

const Actor kAdmin = auth::system_actor();

std::set<int64_t> ids_of(const json& items) {
  std::set<int64_t> out;
  for (const auto& i : items) out.insert(i["id"].get<int64_t>());
  return out;
}

std::set<int64_t> rejected_lines(const json& report) {
  std::set<int64_t> out;
  for (const auto& r : report["rejected"]) out.insert(r["line"].get<int64_t>());
  return out;
}

class OrgStore : public BackendTest {
 protected:
  void SetUpServices() override {
    audit_ = std::make_unique<audit::AuditService>(pool());
    org_ = std::make_unique<OrgService>(pool(), *audit_);
  }

  static AreaInput area_input(const std::string& name, const std::string& kind, std::optional<int64_t> parent = {},
                              std::optional<std::string> code = {}) {
    AreaInput in;
    in.name = name;
    in.kind = kind;
    if (parent) in.parent_id.emplace(*parent);
    if (code) in.code.emplace(*code);
    return in;
  }

  int64_t add_area(const std::string& name, const std::string& kind, std::optional<int64_t> parent = {},
                   std::optional<std::string> code = {}) {
    auto r = org_->create_area(kAdmin, area_input(name, kind, parent, code));
    EXPECT_TRUE(Succeeded(r)) << name;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  static PersonInput person_input(const std::string& full_name, int64_t area_id,
                                  std::optional<std::string> email = {}) {
    PersonInput in;
    in.full_name = full_name;
    in.area_id = area_id;
    if (email) in.email.emplace(*email);
    return in;
  }

  int64_t add_person(const std::string& full_name, int64_t area_id, std::optional<std::string> email = {}) {
    auto r = org_->create_person(kAdmin, person_input(full_name, area_id, email));
    EXPECT_TRUE(Succeeded(r)) << full_name;
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  Page people(const Actor& actor, PeopleFilter f = {}) {
    auto r = materialized(org_->list_people(actor, f, PageRequest{1, 200}));
    EXPECT_TRUE(Succeeded(r));
    return r ? *r : Page{};
  }

  json audit_entries(audit::Filter f) {
    auto r = audit_->list(kAdmin, f, PageRequest{1, 200});
    EXPECT_TRUE(Succeeded(r));
    return r ? r->items : json::array();
  }

  // Presidencia Municipal → Dirección de Sistemas de Información → Departamento de Soporte,
  // and Tesorería Municipal beside the DSI.
  void build_tree() {
    pm_ = add_area("Presidencia Municipal", "dependencia", std::nullopt, "PM");
    dsi_ = add_area("Dirección de Sistemas de Información", "direccion", pm_, "DSI");
    sop_ = add_area("Departamento de Soporte", "departamento", dsi_, "DSI-SOP");
    tes_ = add_area("Tesorería Municipal", "dependencia", std::nullopt, "TES");
  }

  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<OrgService> org_;
  int64_t pm_ = 0, dsi_ = 0, sop_ = 0, tes_ = 0;
};

// --- Areas ---------------------------------------------------------------------------------

TEST_P(OrgStore, AreasFormATreeWithPaths) {
  build_tree();
  auto sop = org_->get_area(kAdmin, sop_);
  ASSERT_TRUE(Succeeded(sop));
  EXPECT_EQ((*sop)["name"], "Departamento de Soporte");
  EXPECT_EQ((*sop)["kind"], "departamento");
  EXPECT_EQ((*sop)["code"], "DSI-SOP");
  EXPECT_EQ((*sop)["parent_id"], dsi_);
  EXPECT_EQ((*sop)["active"], true);
  EXPECT_EQ((*sop)["path"],
            "Presidencia Municipal / Dirección de Sistemas de Información / Departamento de Soporte");
  auto pm = org_->get_area(kAdmin, pm_);
  EXPECT_TRUE((*pm)["parent_id"].is_null());
  EXPECT_EQ((*pm)["path"], "Presidencia Municipal");
}

TEST_P(OrgStore, RenamingAnAreaChangesThePathsBelowIt) {
  build_tree();
  AreaInput rename;
  rename.name = "Dirección de Innovación";
  ASSERT_TRUE(Succeeded(org_->update_area(kAdmin, dsi_, rename)));
  EXPECT_EQ((*org_->get_area(kAdmin, sop_))["path"],
            "Presidencia Municipal / Dirección de Innovación / Departamento de Soporte");
  EXPECT_EQ((*org_->get_area(kAdmin, dsi_))["kind"], "direccion");  // fields not sent stay
}

TEST_P(OrgStore, ListAreasByParentAndText) {
  build_tree();
  auto children = org_->list_areas(kAdmin, std::nullopt, pm_, PageRequest{1, 200});
  ASSERT_TRUE(Succeeded(children));
  EXPECT_EQ(ids_of(children->items), (std::set<int64_t>{dsi_}));
  auto all = org_->list_areas(kAdmin, std::nullopt, std::nullopt, PageRequest{1, 200});
  EXPECT_EQ(all->total, 4);
  auto found = org_->list_areas(kAdmin, std::string("tesoreria"), std::nullopt, PageRequest{1, 200});
  ASSERT_TRUE(Succeeded(found));
  EXPECT_EQ(ids_of(found->items), (std::set<int64_t>{tes_}));
}

TEST_P(OrgStore, CreateAreaValidatesNameAndKind) {
  AreaInput nameless;
  nameless.kind = "unidad";
  EXPECT_TRUE(FailsWith(org_->create_area(kAdmin, nameless), ErrorKind::kInvalid));
  auto bad_kind = org_->create_area(kAdmin, area_input("Secretaría", "secretaria"));
  ASSERT_TRUE(FailsWith(bad_kind, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(bad_kind.error(), "kind"));
  EXPECT_FALSE(org_->create_area(kAdmin, area_input("Huérfana", "unidad", 9999)));
  EXPECT_EQ(count("areas"), 0);
}

TEST_P(OrgStore, DuplicateAreaCodeIsAConflict) {
  add_area("Presidencia Municipal", "dependencia", std::nullopt, "PM");
  auto r = org_->create_area(kAdmin, area_input("Otra", "unidad", std::nullopt, "PM"));
  EXPECT_TRUE(FailsWith(r, ErrorKind::kConflict));
  EXPECT_EQ(count("areas"), 1);
}

TEST_P(OrgStore, AreaWithChildrenCannotBeDeleted) {
  build_tree();
  EXPECT_TRUE(FailsWith(org_->delete_area(kAdmin, dsi_), ErrorKind::kConflict));
  EXPECT_TRUE(Succeeded(org_->get_area(kAdmin, dsi_)));
  ASSERT_TRUE(Succeeded(org_->delete_area(kAdmin, sop_)));  // a leaf goes
  EXPECT_TRUE(FailsWith(org_->get_area(kAdmin, sop_), ErrorKind::kNotFound));
  EXPECT_TRUE(Succeeded(org_->delete_area(kAdmin, dsi_)));  // and now its parent too
}

TEST_P(OrgStore, AreaWithPeopleCannotBeDeleted) {
  build_tree();
  add_person("Ana López", tes_);
  EXPECT_TRUE(FailsWith(org_->delete_area(kAdmin, tes_), ErrorKind::kConflict));
  EXPECT_TRUE(FailsWith(org_->delete_area(kAdmin, 9999), ErrorKind::kNotFound));
}

TEST_P(OrgStore, AreaCannotBecomeItsOwnAncestor) {
  build_tree();
  AreaInput under_grandchild;
  under_grandchild.parent_id.emplace(sop_);
  EXPECT_FALSE(org_->update_area(kAdmin, pm_, under_grandchild));
  AreaInput under_itself;
  under_itself.parent_id.emplace(dsi_);
  EXPECT_FALSE(org_->update_area(kAdmin, dsi_, under_itself));
  EXPECT_TRUE((*org_->get_area(kAdmin, pm_))["parent_id"].is_null());
  EXPECT_EQ((*org_->get_area(kAdmin, dsi_))["parent_id"], pm_);
}

TEST_P(OrgStore, AreaMovesToAnotherParent) {
  build_tree();
  AreaInput move;
  move.parent_id.emplace(tes_);
  ASSERT_TRUE(Succeeded(org_->update_area(kAdmin, sop_, move)));
  EXPECT_EQ((*org_->get_area(kAdmin, sop_))["path"], "Tesorería Municipal / Departamento de Soporte");
  AreaInput to_root;
  to_root.parent_id.emplace(std::nullopt);
  ASSERT_TRUE(Succeeded(org_->update_area(kAdmin, sop_, to_root)));
  EXPECT_TRUE((*org_->get_area(kAdmin, sop_))["parent_id"].is_null());
}

TEST_P(OrgStore, OnlyOrgWriteChangesAreas) {
  build_tree();
  for (Role role : {Role::kDirector, Role::kTecnico, Role::kSolicitante, Role::kAuditor}) {
    Actor a = someone(role, tes_);
    EXPECT_TRUE(FailsWith(org_->create_area(a, area_input("Nueva", "unidad")), ErrorKind::kForbidden));
    EXPECT_TRUE(FailsWith(org_->update_area(a, tes_, area_input("Renombrada", "unidad")), ErrorKind::kForbidden));
    EXPECT_TRUE(FailsWith(org_->delete_area(a, sop_), ErrorKind::kForbidden));
    EXPECT_TRUE(Succeeded(org_->get_area(a, sop_)));  // but everyone with org.read sees the tree
  }
  EXPECT_EQ(count("areas"), 4);
}

TEST_P(OrgStore, AreaImportBuildsTheTreeFromCodes) {
  std::string csv =
      "code,name,kind,parent_code\n"
      "PM,Presidencia Municipal,dependencia,\n"
      "DSI,Dirección de Sistemas de Información,direccion,PM\n"
      "DSI-SOP,Departamento de Soporte,departamento,DSI\n";
  auto r = org_->import_areas(kAdmin, csv, false);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["accepted"], 3);
  EXPECT_TRUE((*r)["rejected"].empty());
  EXPECT_EQ((*r)["dry_run"], false);
  EXPECT_EQ(count("areas"), 3);
  auto found = org_->list_areas(kAdmin, std::string("soporte"), std::nullopt, PageRequest{1, 200});
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0]["path"],
            "Presidencia Municipal / Dirección de Sistemas de Información / Departamento de Soporte");
}

TEST_P(OrgStore, AreaImportWithErrorsWritesNothing) {
  std::string csv =
      "code,name,kind,parent_code\n"
      "PM,Presidencia Municipal,dependencia,\n"
      "X1,Área rara,secretaria,PM\n"
      "X2,Área perdida,unidad,NOEXISTE\n";
  for (bool dry_run : {true, false}) {
    auto r = org_->import_areas(kAdmin, csv, dry_run);
    ASSERT_TRUE(Succeeded(r));  // a report, not an error: the user fixes the lines it names
    EXPECT_EQ(rejected_lines(*r), (std::set<int64_t>{3, 4})) << r->dump();
    EXPECT_EQ(count("areas"), 0) << "dry_run=" << dry_run;
  }
}

// --- People --------------------------------------------------------------------------------

TEST_P(OrgStore, PersonIsCreatedReadUpdatedAndDeleted) {
  build_tree();
  auto created = org_->create_person(kAdmin, person_input("José Núñez Ramírez", sop_, "jose.nunez@oaxaca.gob.mx"));
  ASSERT_TRUE(Succeeded(created));
  int64_t id = (*created)["id"];
  EXPECT_EQ((*created)["full_name"], "José Núñez Ramírez");
  EXPECT_EQ((*created)["area_id"], sop_);
  EXPECT_EQ((*created)["area_name"], "Departamento de Soporte");
  EXPECT_EQ((*created)["email"], "jose.nunez@oaxaca.gob.mx");
  EXPECT_EQ((*created)["active"], true);

  PersonInput change;
  change.job_title = "Técnico de soporte";
  change.extension.emplace("1201");
  auto updated = org_->update_person(kAdmin, id, change);
  ASSERT_TRUE(Succeeded(updated));
  EXPECT_EQ((*updated)["job_title"], "Técnico de soporte");
  EXPECT_EQ((*updated)["extension"], "1201");
  EXPECT_EQ((*updated)["full_name"], "José Núñez Ramírez");  // untouched
  EXPECT_EQ((*org_->get_person(kAdmin, id))["job_title"], "Técnico de soporte");

  ASSERT_TRUE(Succeeded(org_->delete_person(kAdmin, id)));
  EXPECT_TRUE(FailsWith(org_->get_person(kAdmin, id), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(org_->delete_person(kAdmin, id), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(org_->update_person(kAdmin, id, change), ErrorKind::kNotFound));
}

TEST_P(OrgStore, DuplicateEmailIsAConflict) {
  build_tree();
  add_person("Ana López", sop_, "ana.lopez@oaxaca.gob.mx");
  auto r = org_->create_person(kAdmin, person_input("Ana López Cruz", tes_, "ana.lopez@oaxaca.gob.mx"));
  EXPECT_TRUE(FailsWith(r, ErrorKind::kConflict));
  int64_t beto = add_person("Beto Ruiz", tes_, "beto.ruiz@oaxaca.gob.mx");
  PersonInput steal;
  steal.email.emplace("ana.lopez@oaxaca.gob.mx");
  EXPECT_TRUE(FailsWith(org_->update_person(kAdmin, beto, steal), ErrorKind::kConflict));
  EXPECT_EQ(count("people"), 2);
}

TEST_P(OrgStore, EmailsCompareWithoutCase) {
  build_tree();
  add_person("Ana López", sop_, "Ana.Lopez@Oaxaca.gob.mx");
  EXPECT_TRUE(FailsWith(org_->create_person(kAdmin, person_input("Ana L.", tes_, "ana.lopez@oaxaca.gob.mx")),
                        ErrorKind::kConflict, "person.email_taken"));
}

TEST_P(OrgStore, PeopleWithoutEmailDoNotCollide) {
  build_tree();
  add_person("Ana López", sop_);
  add_person("Beto Ruiz", sop_);
  EXPECT_EQ(count("people"), 2);
}

TEST_P(OrgStore, CreatePersonValidates) {
  build_tree();
  PersonInput nameless;
  nameless.area_id = sop_;
  EXPECT_TRUE(FailsWith(org_->create_person(kAdmin, nameless), ErrorKind::kInvalid));
  auto bad_email = org_->create_person(kAdmin, person_input("Ana López", sop_, "ana.lopez(at)oaxaca"));
  ASSERT_TRUE(FailsWith(bad_email, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(bad_email.error(), "email"));
  EXPECT_FALSE(org_->create_person(kAdmin, person_input("Ana López", 9999)));
  PersonInput arealess;
  arealess.full_name = "Ana López";
  EXPECT_FALSE(org_->create_person(kAdmin, arealess));
  EXPECT_EQ(count("people"), 0);
}

TEST_P(OrgStore, SolicitanteSeesOnlyPeopleOfTheirOwnArea) {
  build_tree();
  int64_t own = add_person("Ana López", tes_);
  int64_t other = add_person("Beto Ruiz", sop_);
  Actor solicitante = someone(Role::kSolicitante, tes_);

  EXPECT_EQ(ids_of(people(solicitante).items), (std::set<int64_t>{own}));
  EXPECT_EQ(people(solicitante).total, 1);
  EXPECT_TRUE(Succeeded(org_->get_person(solicitante, own)));
  auto hidden = org_->get_person(solicitante, other);
  ASSERT_FALSE(hidden);
  EXPECT_TRUE(hidden.error().kind == ErrorKind::kForbidden || hidden.error().kind == ErrorKind::kNotFound)
      << describe(hidden.error());
  // Asking for the other area by filter does not widen the view.
  auto r = materialized(org_->list_people(solicitante, {.area_id = sop_}, PageRequest{1, 200}));
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(r->items.empty()) << r->items.dump();
  // Nor does a search.
  auto q = materialized(org_->list_people(solicitante, {.q = "ruiz"}, PageRequest{1, 200}));
  ASSERT_TRUE(Succeeded(q));
  EXPECT_TRUE(q->items.empty()) << q->items.dump();
}

TEST_P(OrgStore, SolicitanteWithoutAnAreaSeesNobody) {
  build_tree();
  add_person("Ana López", tes_);
  auto r = materialized(org_->list_people(someone(Role::kSolicitante), {}, PageRequest{1, 200}));
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE(r->items.empty()) << r->items.dump();
}

TEST_P(OrgStore, PeopleReadAllSeesEveryArea) {
  build_tree();
  int64_t a = add_person("Ana López", tes_);
  int64_t b = add_person("Beto Ruiz", sop_);
  for (Role role : {Role::kTecnico, Role::kMesaAyuda, Role::kAuditor, Role::kDirector})
    EXPECT_EQ(ids_of(people(someone(role, tes_)).items), (std::set<int64_t>{a, b}));
}

TEST_P(OrgStore, OnlyOrgWriteChangesPeople) {
  build_tree();
  int64_t id = add_person("Ana López", tes_);
  for (Role role : {Role::kSolicitante, Role::kTecnico, Role::kAuditor}) {
    Actor a = someone(role, tes_);
    EXPECT_TRUE(FailsWith(org_->create_person(a, person_input("Beto Ruiz", tes_)), ErrorKind::kForbidden));
    PersonInput change;
    change.job_title = "Jefa";
    EXPECT_TRUE(FailsWith(org_->update_person(a, id, change), ErrorKind::kForbidden));
    EXPECT_TRUE(FailsWith(org_->delete_person(a, id), ErrorKind::kForbidden));
  }
  EXPECT_EQ(count("people"), 1);
}

TEST_P(OrgStore, SearchIgnoresAccentsAndCase) {
  build_tree();
  int64_t jose = add_person("José Núñez Ramírez", sop_);
  add_person("María Pérez", sop_);
  for (const char* q : {"jose nunez", "JOSÉ", "núñez", "NUNEZ", "ramirez", "Ramírez"}) {
    auto page = people(kAdmin, {.q = q});
    EXPECT_EQ(ids_of(page.items), (std::set<int64_t>{jose})) << "q=" << q;
  }
  EXPECT_TRUE(people(kAdmin, {.q = "gonzález"}).items.empty());
}

TEST_P(OrgStore, SearchTreatsWildcardsLiterally) {
  build_tree();
  add_person("Ana López", sop_);
  add_person("Beto Ruiz", sop_);
  for (const char* q : {"%", "_", "a%z", "\\"}) EXPECT_TRUE(people(kAdmin, {.q = q}).items.empty()) << "q=" << q;
}

TEST_P(OrgStore, SearchMatchesEmailAndExtension) {
  build_tree();
  auto in = person_input("Ana López", sop_, "ana.lopez@oaxaca.gob.mx");
  in.extension.emplace("4512");
  auto created = org_->create_person(kAdmin, in);
  ASSERT_TRUE(Succeeded(created));
  add_person("Beto Ruiz", sop_);
  EXPECT_EQ(people(kAdmin, {.q = "ana.lopez@"}).total, 1);
  EXPECT_EQ(people(kAdmin, {.q = "4512"}).total, 1);
}

TEST_P(OrgStore, PeopleFilterByAreaAndActive) {
  build_tree();
  int64_t a = add_person("Ana López", tes_);
  int64_t b = add_person("Beto Ruiz", sop_);
  PersonInput off;
  off.active = false;
  ASSERT_TRUE(Succeeded(org_->update_person(kAdmin, b, off)));
  EXPECT_EQ(ids_of(people(kAdmin, {.area_id = tes_}).items), (std::set<int64_t>{a}));
  EXPECT_EQ(ids_of(people(kAdmin, {.active = true}).items), (std::set<int64_t>{a}));
  EXPECT_EQ(ids_of(people(kAdmin, {.active = false}).items), (std::set<int64_t>{b}));
}

TEST_P(OrgStore, PeopleListPages) {
  build_tree();
  for (int i = 0; i < 5; ++i) add_person("Persona " + std::to_string(i), sop_);
  auto first = materialized(org_->list_people(kAdmin, {}, PageRequest{1, 2}));
  auto last = materialized(org_->list_people(kAdmin, {}, PageRequest{3, 2}));
  ASSERT_TRUE(Succeeded(first));
  ASSERT_TRUE(Succeeded(last));
  EXPECT_EQ(first->total, 5);
  EXPECT_EQ(first->items.size(), 2u);
  EXPECT_EQ(last->items.size(), 1u);
}

// --- People import -------------------------------------------------------------------------

TEST_P(OrgStore, PeopleImportDryRunReportsBadLinesAndWritesNothing) {
  build_tree();
  std::string csv =
      "full_name,area_code,job_title,email,extension\n"
      "María Pérez,DSI,Analista,maria.perez@oaxaca.gob.mx,1201\n"
      "Juan Díaz,NOEXISTE,Técnico,juan.diaz@oaxaca.gob.mx,1202\n"
      "Rosa Ruiz,DSI,Auxiliar,no-es-correo,1203\n"
      "Luis Cruz,DSI-SOP,Jefe,luis.cruz@oaxaca.gob.mx,\n";
  auto r = org_->import_people(kAdmin, csv, true);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["dry_run"], true);
  EXPECT_EQ(rejected_lines(*r), (std::set<int64_t>{3, 4})) << r->dump();
  for (const auto& rej : (*r)["rejected"]) EXPECT_FALSE(rej["errors"].empty()) << rej.dump();
  EXPECT_EQ(count("people"), 0);
}

TEST_P(OrgStore, PeopleImportWithBadLinesWritesNothingEvenForReal) {
  build_tree();
  std::string csv =
      "full_name,area_code,job_title,email,extension\n"
      "María Pérez,DSI,Analista,maria.perez@oaxaca.gob.mx,1201\n"
      "Juan Díaz,NOEXISTE,Técnico,juan.diaz@oaxaca.gob.mx,1202\n";
  auto r = org_->import_people(kAdmin, csv, false);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(rejected_lines(*r), (std::set<int64_t>{3})) << r->dump();
  EXPECT_EQ(count("people"), 0);
}

TEST_P(OrgStore, CleanPeopleImportWritesEveryRow) {
  build_tree();
  std::string csv =
      "full_name,area_code,job_title,email,extension\r\n"
      "María Pérez,DSI,Analista,maria.perez@oaxaca.gob.mx,1201\r\n"
      "\"Cruz, Luis\",DSI-SOP,Jefe de soporte,luis.cruz@oaxaca.gob.mx,\r\n"
      "Rosa Ruiz,TES,Cajera,,\r\n";
  auto dry = org_->import_people(kAdmin, csv, true);
  ASSERT_TRUE(Succeeded(dry));
  EXPECT_EQ((*dry)["accepted"], 3);
  EXPECT_EQ(count("people"), 0);  // a clean dry run still writes nothing

  auto r = org_->import_people(kAdmin, csv, false);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["dry_run"], false);
  EXPECT_EQ((*r)["accepted"], 3);
  EXPECT_TRUE((*r)["rejected"].empty());
  EXPECT_EQ(count("people"), 3);
  auto luis = people(kAdmin, {.q = "cruz, luis"});
  ASSERT_EQ(luis.items.size(), 1u);
  EXPECT_EQ(luis.items[0]["area_id"], sop_);
  EXPECT_EQ(luis.items[0]["job_title"], "Jefe de soporte");
  EXPECT_TRUE(luis.items[0]["extension"].is_null() || luis.items[0]["extension"] == "");
  EXPECT_FALSE(audit_entries({.entity = "person"}).empty());
  EXPECT_TRUE(audit_->verify().ok);
}

TEST_P(OrgStore, PeopleImportRejectsAnEmailAlreadyInTheDirectory) {
  build_tree();
  add_person("Ana López", tes_, "ana.lopez@oaxaca.gob.mx");
  std::string csv =
      "full_name,area_code,job_title,email,extension\n"
      "María Pérez,DSI,Analista,maria.perez@oaxaca.gob.mx,1201\n"
      "Ana L.,DSI,Analista,ana.lopez@oaxaca.gob.mx,1202\n";
  Result<json> r = json::object();
  ASSERT_NO_THROW(r = org_->import_people(kAdmin, csv, false));
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(rejected_lines(*r), (std::set<int64_t>{3})) << r->dump();
  EXPECT_EQ(count("people"), 1);
}

TEST_P(OrgStore, PeopleImportRejectsTheSameEmailTwiceInOneFile) {
  build_tree();
  std::string csv =
      "full_name,area_code,job_title,email,extension\n"
      "María Pérez,DSI,Analista,maria.perez@oaxaca.gob.mx,1201\n"
      "María P.,DSI,Analista,maria.perez@oaxaca.gob.mx,1202\n";
  Result<json> r = json::object();
  ASSERT_NO_THROW(r = org_->import_people(kAdmin, csv, false));
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(rejected_lines(*r), (std::set<int64_t>{3})) << r->dump();
  EXPECT_EQ(count("people"), 0);
}

TEST_P(OrgStore, PeopleImportNeedsOrgWriteAndAHeader) {
  build_tree();
  std::string csv = "full_name,area_code,job_title,email,extension\nMaría Pérez,DSI,Analista,,\n";
  EXPECT_TRUE(FailsWith(org_->import_people(someone(Role::kTecnico, dsi_), csv, true), ErrorKind::kForbidden));
  EXPECT_FALSE(org_->import_people(kAdmin, "María Pérez,DSI,Analista,,\n", false));
  EXPECT_FALSE(org_->import_people(kAdmin, "full_name,area_code\n\"sin cerrar,DSI\n", false));
  EXPECT_EQ(count("people"), 0);
}

// --- Positions -----------------------------------------------------------------------------

TEST_P(OrgStore, PositionKeepsItsFunctionsAndSuperior) {
  build_tree();
  PositionInput head;
  head.title = "Director de Sistemas de Información";
  head.area_id = dsi_;
  head.objective = "Dirigir la DSI";
  head.functions = std::vector<std::string>{"Planear", "Dirigir", "Evaluar"};
  auto h = org_->create_position(kAdmin, head);
  ASSERT_TRUE(Succeeded(h));
  PositionInput support;
  support.title = "Jefe del Departamento de Soporte";
  support.area_id = sop_;
  support.superior_position_id.emplace((*h)["id"].get<int64_t>());
  auto s = org_->create_position(kAdmin, support);
  ASSERT_TRUE(Succeeded(s));
  auto got = org_->get_position(someone(Role::kSolicitante, tes_), (*s)["id"]);
  ASSERT_TRUE(Succeeded(got));
  EXPECT_EQ((*got)["superior_position_id"], (*h)["id"]);
  EXPECT_EQ((*got)["superior_title"], "Director de Sistemas de Información");
  EXPECT_EQ((*got)["area_name"], "Departamento de Soporte");
  EXPECT_EQ((*org_->get_position(kAdmin, (*h)["id"]))["functions"], json::array({"Planear", "Dirigir", "Evaluar"}));
  auto list = org_->list_positions(kAdmin, std::nullopt, dsi_, PageRequest{1, 200});
  ASSERT_TRUE(Succeeded(list));
  EXPECT_EQ(list->total, 1);
  EXPECT_TRUE(FailsWith(org_->create_position(someone(Role::kTecnico, dsi_), head), ErrorKind::kForbidden));
}

TEST_P(OrgStore, PositionChainCannotLoop) {
  build_tree();
  PositionInput a_in;
  a_in.title = "Coordinador";
  a_in.area_id = dsi_;
  auto a = org_->create_position(kAdmin, a_in);
  ASSERT_TRUE(Succeeded(a));
  PositionInput b_in;
  b_in.title = "Jefe de Soporte";
  b_in.area_id = sop_;
  b_in.superior_position_id.emplace((*a)["id"].get<int64_t>());
  auto b = org_->create_position(kAdmin, b_in);
  ASSERT_TRUE(Succeeded(b));
  PositionInput self;
  self.superior_position_id.emplace((*a)["id"].get<int64_t>());
  EXPECT_TRUE(FailsWith(org_->update_position(kAdmin, (*a)["id"], self), ErrorKind::kInvalid));
  PositionInput loop;  // A reports to B, who reports to A
  loop.superior_position_id.emplace((*b)["id"].get<int64_t>());
  EXPECT_TRUE(FailsWith(org_->update_position(kAdmin, (*a)["id"], loop), ErrorKind::kInvalid));
  EXPECT_TRUE((*org_->get_position(kAdmin, (*a)["id"]))["superior_position_id"].is_null());
}

// --- Audit ---------------------------------------------------------------------------------

TEST_P(OrgStore, EveryWriteAppearsInTheAuditLog) {
  Actor admin = someone(Role::kAdministrador, std::nullopt, "admin.org");
  auto area = org_->create_area(admin, area_input("Tesorería Municipal", "dependencia", std::nullopt, "TES"));
  ASSERT_TRUE(Succeeded(area));
  int64_t area_id = (*area)["id"];
  AreaInput rename;
  rename.name = "Tesorería";
  ASSERT_TRUE(Succeeded(org_->update_area(admin, area_id, rename)));
  auto person = org_->create_person(admin, person_input("Ana López", area_id, "ana.lopez@oaxaca.gob.mx"));
  ASSERT_TRUE(Succeeded(person));
  int64_t person_id = (*person)["id"];
  PersonInput change;
  change.job_title = "Cajera";
  ASSERT_TRUE(Succeeded(org_->update_person(admin, person_id, change)));
  ASSERT_TRUE(Succeeded(org_->delete_person(admin, person_id)));
  ASSERT_TRUE(Succeeded(org_->delete_area(admin, area_id)));

  auto actions_on = [&](const std::string& entity, int64_t id) {
    std::vector<std::string> out;
    auto entries = audit_entries({.entity = entity, .entity_id = std::to_string(id)});
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {  // oldest first
      EXPECT_EQ((*it)["actor"], "admin.org");
      out.push_back((*it)["action"].get<std::string>());
    }
    return out;
  };
  EXPECT_EQ(actions_on("area", area_id), (std::vector<std::string>{"create", "update", "delete"}));
  EXPECT_EQ(actions_on("person", person_id), (std::vector<std::string>{"create", "update", "delete"}));

  auto updates = audit_entries({.entity = "person", .action = "update"});
  ASSERT_EQ(updates.size(), 1u);
  EXPECT_EQ(updates[0]["changes"].size(), 1u) << updates[0]["changes"].dump();  // only what changed
  EXPECT_EQ(updates[0]["changes"]["job_title"]["to"], "Cajera");
  auto created = audit_entries({.entity = "person", .action = "create"});
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0]["changes"]["full_name"]["to"], "Ana López");
  // A deletion records what was deleted, or the log cannot say who was removed.
  auto deleted = audit_entries({.entity = "person", .action = "delete"});
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0]["changes"]["full_name"]["from"], "Ana López") << deleted[0]["changes"].dump();
  auto deleted_area = audit_entries({.entity = "area", .action = "delete"});
  ASSERT_EQ(deleted_area.size(), 1u);
  EXPECT_EQ(deleted_area[0]["changes"]["name"]["from"], "Tesorería") << deleted_area[0]["changes"].dump();
  EXPECT_TRUE(audit_->verify().ok);
}

TEST_P(OrgStore, RefusedWritesLeaveNoAuditEntry) {
  build_tree();
  int64_t before = count("audit_log");
  EXPECT_FALSE(org_->create_area(someone(Role::kTecnico), area_input("Nueva", "unidad")));
  EXPECT_FALSE(org_->create_area(kAdmin, area_input("Nueva", "no-existe")));
  EXPECT_FALSE(org_->delete_area(kAdmin, dsi_));
  EXPECT_EQ(count("audit_log"), before);
}

TEQUIO_ON_BOTH_BACKENDS(OrgStore);

}  // namespace
}  // namespace tequio::testing
