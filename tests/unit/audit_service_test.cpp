// src/audit/service.h on both backends: the append-only, hash-chained audit log.
#include <gtest/gtest.h>

#include <thread>

#include "audit/service.h"
#include "core/time.h"
#include "expect_result.h"
#include "scratch_database.h"

namespace tequio::testing {
namespace {

using audit::AuditService;
using audit::Event;
using audit::Filter;
using auth::Actor;
using auth::Role;
using nlohmann::json;

Actor person(const std::string& username, Role role, int64_t user_id = 0) {
  Actor a;
  a.user_id = user_id;
  a.username = username;
  a.role = role;
  a.ip = "10.0.0.7";
  return a;
}

class AuditStore : public BackendTest {
 protected:
  void SetUpServices() override { audit_ = std::make_unique<AuditService>(pool()); }

  void record(const Actor& actor, const Event& e) {
    auto c = pool().acquire();
    storage::Tx tx(*c, storage::Tx::Mode::kWrite);
    audit_->record(tx, actor, e);
    tx.commit();
  }

  // n entries "update area <i>", ids 1..n.
  void record_many(int n) {
    for (int i = 1; i <= n; ++i)
      record(auth::system_actor(), {"update", "area", std::to_string(i), {{"name", {{"from", "A"}, {"to", "B"}}}}});
  }

  Page list(const Filter& f, PageRequest page = PageRequest{1, 200}) {
    auto r = audit_->list(auth::system_actor(), f, page);
    EXPECT_TRUE(Succeeded(r));
    return r ? *r : Page{};
  }

  std::unique_ptr<AuditService> audit_;
};

// --- The chain -----------------------------------------------------------------------------

TEST_P(AuditStore, EmptyLogVerifies) {
  auto report = audit_->verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, 0);
  EXPECT_FALSE(report.first_broken_id);
}

TEST_P(AuditStore, RecordedEntriesVerify) {
  record_many(5);
  auto report = audit_->verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, 5);
  EXPECT_FALSE(report.first_broken_id);
}

TEST_P(AuditStore, EachEntryStoresThePreviousHash) {
  record_many(3);
  auto rows = pool().acquire()->query("SELECT id, prev_hash, hash FROM audit_log ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].str(1), "");
  EXPECT_EQ(rows[1].str(1), rows[0].str(2));
  EXPECT_EQ(rows[2].str(1), rows[1].str(2));
  EXPECT_EQ(rows[2].str(2).size(), 64u);
}

TEST_P(AuditStore, EditedEntryIsNamedByVerify) {
  record_many(5);
  exec("UPDATE audit_log SET changes = $1 WHERE id = 3", {std::string(R"({"name":{"from":"A","to":"C"}})")});
  auto report = audit_->verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_id, 3);
  EXPECT_NE(report.problem.find("3"), std::string::npos) << report.problem;
}

TEST_P(AuditStore, EditedActorOrTimeIsNamedByVerify) {
  record_many(4);
  exec("UPDATE audit_log SET actor = 'otra.persona' WHERE id = 2");
  EXPECT_EQ(audit_->verify().first_broken_id, 2);
}

TEST_P(AuditStore, EditedTimestampIsNamedByVerify) {
  record_many(4);
  exec("UPDATE audit_log SET at = $1 WHERE id = 4", {std::string("2020-01-01T00:00:00.000Z")});
  auto report = audit_->verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_id, 4);
}

TEST_P(AuditStore, OverwrittenHashIsNamedByVerify) {
  record_many(4);
  exec("UPDATE audit_log SET hash = $1 WHERE id = 2", {std::string(64, 'a')});
  auto report = audit_->verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_id, 2);
}

TEST_P(AuditStore, DeletedMiddleEntryIsNamedByVerify) {
  record_many(5);
  exec("DELETE FROM audit_log WHERE id = 3");
  auto report = audit_->verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_id, 3);
  EXPECT_NE(report.problem.find("3"), std::string::npos) << report.problem;
}

TEST_P(AuditStore, DeletedFirstEntryIsNamedByVerify) {
  record_many(3);
  exec("DELETE FROM audit_log WHERE id = 1");
  auto report = audit_->verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_id, 1);
}

TEST_P(AuditStore, DeletedLastEntryIsDetected) {
  record_many(5);
  exec("DELETE FROM audit_log WHERE id = 5");
  auto report = audit_->verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_id, 5);
  EXPECT_FALSE(report.problem.empty());
}

TEST_P(AuditStore, DeletedTailIsDetected) {
  record_many(5);
  exec("DELETE FROM audit_log WHERE id >= 3");
  auto report = audit_->verify();
  EXPECT_FALSE(report.ok);
  EXPECT_EQ(report.first_broken_id, 3);
}

TEST_P(AuditStore, EntryRolledBackWithItsChangeLeavesNoGap) {
  record_many(2);
  {
    auto c = pool().acquire();
    storage::Tx tx(*c, storage::Tx::Mode::kWrite);
    audit_->record(tx, auth::system_actor(), {"delete", "area", "9", json::object()});
    // no commit: the change failed, so its audit entry goes too
  }
  EXPECT_EQ(count("audit_log"), 2);
  record_many(1);
  auto report = audit_->verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, 3);
  EXPECT_EQ(pool().acquire()->query_one("SELECT MAX(id) FROM audit_log")->i64(0), 3);
}

TEST_P(AuditStore, ConcurrentAppendsKeepOneChain) {
  constexpr int kThreads = 4, kEach = 15;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        audit_->record_now(person("hilo" + std::to_string(t), Role::kTecnico),
                           {"login_failed", "session", "", {{"i", i}}});
    });
  for (auto& th : threads) th.join();
  auto report = audit_->verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, kThreads * kEach);
}

TEST_P(AuditStore, RecordNowWritesInItsOwnTransaction) {
  audit_->record_now(person("ana.lopez", Role::kSolicitante, 12), {"denied", "route", "GET /api/v1/users", json::object()});
  auto page = list({});
  ASSERT_EQ(page.items.size(), 1u);
  const auto& e = page.items[0];
  EXPECT_EQ(e["action"], "denied");
  EXPECT_EQ(e["entity"], "route");
  EXPECT_EQ(e["entity_id"], "GET /api/v1/users");
  EXPECT_EQ(e["actor"], "ana.lopez");
  EXPECT_EQ(e["actor_user_id"], 12);
  EXPECT_EQ(e["ip"], "10.0.0.7");
  EXPECT_TRUE(parse_iso(e["at"].get<std::string>()));
  EXPECT_EQ(e["hash"].get<std::string>().size(), 64u);
}

TEST_P(AuditStore, SystemActorHasNoUserId) {
  record(auth::system_actor(), {"create", "area", "1", json::object()});
  auto page = list({});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_TRUE(page.items[0]["actor_user_id"].is_null());
  EXPECT_EQ(page.items[0]["actor"], "sistema");
  EXPECT_TRUE(audit_->verify().ok);
}

TEST_P(AuditStore, ChangesKeepUnicodeAndStructure) {
  json changes = {{"full_name", {{"from", nullptr}, {"to", "José Núñez"}}},
                  {"functions", {{"from", json::array({"a"})}, {"to", json::array({"a", "b"})}}}};
  record(auth::system_actor(), {"create", "person", "7", changes});
  auto page = list({});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0]["changes"], changes);
  EXPECT_TRUE(audit_->verify().ok);
}

// docs/api.md: changes are {field: {from, to}}; a plain context value (a reason, a count) is
// recorded as {from: null, to: value}, whatever module records it.
TEST_P(AuditStore, PlainValuesAreRecordedInTheDocumentedShape) {
  record(auth::system_actor(), {"update", "asset", "3", {{"status", {{"from", "a"}, {"to", "b"}}}, {"reason", "Falla"},
                                                          {"detail", {{"to", 1}}}}});
  auto page = list({});
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(page.items[0]["changes"], json({{"status", {{"from", "a"}, {"to", "b"}}},
                                            {"reason", {{"from", nullptr}, {"to", "Falla"}}},
                                            {"detail", {{"from", nullptr}, {"to", {{"to", 1}}}}}}));
  EXPECT_TRUE(audit_->verify().ok);
}

// --- diff ----------------------------------------------------------------------------------

TEST(AuditDiff, ReportsOnlyTheChangedFields) {
  json before = {{"id", 4}, {"name", "Soporte"}, {"code", "DSI-SOP"}, {"active", true}, {"updated_at", "t1"}};
  json after = {{"id", 4}, {"name", "Soporte Técnico"}, {"code", "DSI-SOP"}, {"active", false}, {"updated_at", "t2"}};
  json d = AuditService::diff(before, after);
  EXPECT_EQ(d, json({{"name", {{"from", "Soporte"}, {"to", "Soporte Técnico"}}},
                     {"active", {{"from", true}, {"to", false}}}}));
}

TEST(AuditDiff, IdenticalObjectsHaveNoDifferences) {
  json same = {{"name", "Soporte"}, {"parent_id", nullptr}};
  EXPECT_TRUE(AuditService::diff(same, same).empty());
}

TEST(AuditDiff, NewFieldComesFromNull) {
  json d = AuditService::diff({{"name", "A"}}, {{"name", "A"}, {"email", "a@b.mx"}});
  EXPECT_EQ(d, json({{"email", {{"from", nullptr}, {"to", "a@b.mx"}}}}));
}

TEST(AuditDiff, ValueClearedToNullIsAChange) {
  json d = AuditService::diff({{"email", "a@b.mx"}}, {{"email", nullptr}});
  EXPECT_EQ(d, json({{"email", {{"from", "a@b.mx"}, {"to", nullptr}}}}));
}

TEST(AuditDiff, TimestampsAreNotChanges) {
  json d = AuditService::diff({{"created_at", "t0"}, {"updated_at", "t1"}}, {{"created_at", "t9"}, {"updated_at", "t2"}});
  EXPECT_TRUE(d.empty()) << d.dump();
}

TEST(AuditDiff, CreatedListsEveryFieldFromNull) {
  json d = AuditService::created({{"id", 1}, {"name", "Soporte"}, {"created_at", "t"}});
  EXPECT_EQ(d, json({{"id", {{"from", nullptr}, {"to", 1}}}, {"name", {{"from", nullptr}, {"to", "Soporte"}}}}));
}

// --- Listing -------------------------------------------------------------------------------

class AuditListing : public AuditStore {
 protected:
  void SetUpServices() override {
    AuditStore::SetUpServices();
    Actor ana = person("ana.lopez", Role::kAdministrador, 5);
    for (int i = 1; i <= 3; ++i) record(auth::system_actor(), {"create", "area", std::to_string(i), json::object()});
    record(ana, {"update", "person", "7", {{"job_title", {{"from", "A"}, {"to", "B"}}}}});
    record(ana, {"update", "person", "8", json::object()});
    record(ana, {"login", "session", "1", json::object()});
  }
};

TEST_P(AuditListing, NewestFirstWithTotals) {
  auto page = list({});
  EXPECT_EQ(page.total, 6);
  ASSERT_EQ(page.items.size(), 6u);
  EXPECT_EQ(page.items[0]["id"], 6);
  EXPECT_EQ(page.items[5]["id"], 1);
}

TEST_P(AuditListing, FiltersByEntityActionActorAndEntityId) {
  EXPECT_EQ(list({.entity = "area"}).total, 3);
  EXPECT_EQ(list({.action = "update"}).total, 2);
  EXPECT_EQ(list({.actor = "ana.lopez"}).total, 3);
  EXPECT_EQ(list({.actor = "sistema", .entity = "person"}).total, 0);
  auto seven = list({.entity = "person", .entity_id = "7"});
  ASSERT_EQ(seven.total, 1);
  EXPECT_EQ(seven.items[0]["changes"]["job_title"]["to"], "B");
  EXPECT_EQ(list({.entity = "nothing"}).total, 0);
}

TEST_P(AuditListing, EmptyFiltersAreIgnored) {
  EXPECT_EQ(list({.actor = "", .entity = "", .action = ""}).total, 6);
}

TEST_P(AuditListing, FiltersByDateRange) {
  std::string today = now_iso().substr(0, 10);
  std::string hour_ago = to_iso(Clock::now() - std::chrono::hours(1));
  std::string in_an_hour = to_iso(Clock::now() + std::chrono::hours(1));
  EXPECT_EQ(list({.from = hour_ago, .to = in_an_hour}).total, 6);
  EXPECT_EQ(list({.from = in_an_hour}).total, 0);
  EXPECT_EQ(list({.to = hour_ago}).total, 0);
  EXPECT_EQ(list({.to = today}).total, 6);  // a bare date includes the whole day
  EXPECT_EQ(list({.from = today}).total, 6);
  EXPECT_EQ(list({.to = "2020-01-01"}).total, 0);
}

TEST_P(AuditListing, BadDatesAreInvalid) {
  auto r = audit_->list(auth::system_actor(), {.from = "ayer", .to = "2026-02-31"}, PageRequest{});
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "from", "date_invalid"));
  EXPECT_TRUE(HasFieldError(r.error(), "to", "date_invalid"));
}

TEST_P(AuditListing, PagesSplitTheLog) {
  auto first = list({}, PageRequest{1, 4});
  auto second = list({}, PageRequest{2, 4});
  auto third = list({}, PageRequest{3, 4});
  EXPECT_EQ(first.total, 6);
  EXPECT_EQ(second.total, 6);
  ASSERT_EQ(first.items.size(), 4u);
  ASSERT_EQ(second.items.size(), 2u);
  EXPECT_TRUE(third.items.empty());
  EXPECT_EQ(first.items[3]["id"], 3);
  EXPECT_EQ(second.items[0]["id"], 2);
  EXPECT_EQ(second.to_json()["page"], 2);
}

TEST_P(AuditListing, ReadingNeedsAuditRead) {
  for (Role role : {Role::kTecnico, Role::kSolicitante, Role::kMesaAyuda, Role::kJefeDepartamento})
    EXPECT_TRUE(FailsWith(audit_->list(person("x", role), {}, PageRequest{}), ErrorKind::kForbidden));
  for (Role role : {Role::kAuditor, Role::kDirector, Role::kAdministrador})
    EXPECT_TRUE(Succeeded(audit_->list(person("x", role), {}, PageRequest{})));
}

// --- Export --------------------------------------------------------------------------------

TEST_P(AuditListing, ExportIsForbiddenForTecnico) {
  auto r = audit_->export_csv(person("beto.ruiz", Role::kTecnico), {});
  EXPECT_TRUE(FailsWith(r, ErrorKind::kForbidden));
  EXPECT_EQ(list({.action = "export"}).total, 0);
}

TEST_P(AuditListing, AuditorExportsCsvAndTheExportIsAudited) {
  auto r = audit_->export_csv(person("carla.auditora", Role::kAuditor, 9), {.entity = "area"});
  ASSERT_TRUE(Succeeded(r));
  const std::string& csv = *r;
  EXPECT_EQ(csv.rfind("id,fecha_utc,usuario,ip,accion,entidad,id_entidad,cambios,hash\r\n", 0), 0u) << csv;
  size_t lines = 0;
  for (size_t p = 0; (p = csv.find("\r\n", p)) != std::string::npos; p += 2) ++lines;
  EXPECT_EQ(lines, 1u + 3u);  // header + the three area entries
  EXPECT_NE(csv.find(",sistema,"), std::string::npos);

  auto exports = list({.action = "export"});
  ASSERT_EQ(exports.total, 1);
  EXPECT_EQ(exports.items[0]["actor"], "carla.auditora");
  EXPECT_EQ(exports.items[0]["entity"], "audit_log");
  EXPECT_EQ(exports.items[0]["changes"]["rows"]["to"], 3);
  EXPECT_EQ(exports.items[0]["changes"]["filters"]["to"]["entity"], "area");
  EXPECT_TRUE(audit_->verify().ok);
}

TEST_P(AuditListing, ExportQuotesCommasAndDefusesFormulas) {
  record(person("=HYPERLINK(\"http://x\")", Role::kAdministrador), {"update", "person", "+1", json::object()});
  auto r = audit_->export_csv(auth::system_actor(), {.entity = "person", .entity_id = "+1"});
  ASSERT_TRUE(Succeeded(r));
  EXPECT_NE(r->find("\"'=HYPERLINK(\"\"http://x\"\")\""), std::string::npos) << *r;
  EXPECT_NE(r->find(",'+1,"), std::string::npos) << *r;
  EXPECT_EQ(r->find(",=HYPERLINK"), std::string::npos);
}

TEST_P(AuditListing, ExportHonoursTheEntityIdFilter) {
  auto r = audit_->export_csv(auth::system_actor(), {.entity = "person", .entity_id = "7"});
  ASSERT_TRUE(Succeeded(r));
  size_t lines = 0;
  for (size_t p = 0; (p = r->find("\r\n", p)) != std::string::npos; p += 2) ++lines;
  EXPECT_EQ(lines, 2u);  // header + entry of person 7
  // The export's own audit entry says what was exported, entity_id included.
  auto exports = list({.action = "export"});
  ASSERT_EQ(exports.total, 1);
  EXPECT_EQ(exports.items[0]["changes"]["filters"]["to"].value("entity_id", ""), "7")
      << exports.items[0]["changes"].dump();
}

TEQUIO_ON_BOTH_BACKENDS(AuditStore);
TEQUIO_ON_BOTH_BACKENDS(AuditListing);

}  // namespace
}  // namespace tequio::testing
