// src/org/demo.h on both backends: the demo data goes in through the services, complete,
// audited, and with a working login per role.
#include <gtest/gtest.h>

#include "audit/service.h"
#include "auth/service.h"
#include "core/embedded.h"
#include "expect_result.h"
#include "org/demo.h"
#include "org/service.h"
#include "scratch_database.h"

namespace tequio::testing {
namespace {

using nlohmann::json;

json demo_data() { return json::parse(*embedded_file("data/demo/demo.json")); }

class OrgDemo : public BackendTest {
 protected:
  void SetUpServices() override {
    audit_ = std::make_unique<audit::AuditService>(pool());
    auth_ = std::make_unique<auth::AuthService>(pool(), *audit_, auth::AuthConfig{});
    org_ = std::make_unique<org::OrgService>(pool(), *audit_);
  }
  Result<org::DemoReport> load(int extra_people = 0) { return org::load_demo(pool(), *org_, *auth_, extra_people); }

  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<org::OrgService> org_;
};

TEST_P(OrgDemo, LoadsEveryRecordOfTheDemoFile) {
  json data = demo_data();
  auto r = load();
  ASSERT_TRUE(Succeeded(r));
  EXPECT_FALSE(r->skipped);
  EXPECT_EQ(r->areas, static_cast<int>(data["areas"].size()));
  EXPECT_EQ(r->positions, static_cast<int>(data["positions"].size()));
  EXPECT_EQ(r->people, static_cast<int>(data["people"].size()));
  EXPECT_EQ(r->users, static_cast<int>(data["users"].size()));
  EXPECT_EQ(count("areas"), r->areas);
  EXPECT_EQ(count("positions"), r->positions);
  EXPECT_EQ(count("people"), r->people);
  EXPECT_EQ(count("users"), r->users);
}

TEST_P(OrgDemo, EveryRecordIsAuditedAndTheChainVerifies) {
  auto r = load();
  ASSERT_TRUE(Succeeded(r));
  auto report = audit_->verify();
  EXPECT_TRUE(report.ok) << report.problem;
  EXPECT_EQ(report.entries, r->areas + r->positions + r->people + r->users);
}

TEST_P(OrgDemo, SecondLoadIsSkipped) {
  ASSERT_TRUE(Succeeded(load()));
  int64_t people = count("people");
  auto again = load();
  ASSERT_TRUE(Succeeded(again));
  EXPECT_TRUE(again->skipped);
  EXPECT_EQ(count("people"), people);
}

TEST_P(OrgDemo, GeneratesExtraPeopleOnRequest) {
  auto r = load(40);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(r->generated_people, 40);
  EXPECT_EQ(count("people"), r->people + 40);
  EXPECT_TRUE(audit_->verify().ok);
}

TEST_P(OrgDemo, EveryDemoUserLogsInWithTheirRole) {
  ASSERT_TRUE(Succeeded(load()));
  for (const auto& u : demo_data()["users"]) {
    std::string username = u["username"];
    auto login = auth_->login(username, u["password"], "10.0.0.1", "gtest");
    ASSERT_TRUE(Succeeded(login)) << username;
    auto session = auth_->authenticate_session(login->session_token, "10.0.0.1");
    ASSERT_TRUE(session) << username;
    EXPECT_EQ(auth::role_info(session->actor.role).code, u["role"].get<std::string>()) << username;
  }
}

TEST_P(OrgDemo, DemoSolicitanteSeesOnlyTheirArea) {
  ASSERT_TRUE(Succeeded(load()));
  for (const auto& u : demo_data()["users"]) {
    if (u["role"] != "solicitante") continue;
    auto login = auth_->login(u["username"], u["password"], "10.0.0.1", "gtest");
    ASSERT_TRUE(Succeeded(login));
    auto session = auth_->authenticate_session(login->session_token, "10.0.0.1");
    ASSERT_TRUE(session && session->actor.area_id);
    auto page = materialized(org_->list_people(session->actor, {}, PageRequest{1, 200}));
    ASSERT_TRUE(Succeeded(page));
    EXPECT_LT(page->total, count("people"));
    for (const auto& p : page->items) EXPECT_EQ(p["area_id"], *session->actor.area_id) << p.dump();
  }
}

TEQUIO_ON_BOTH_BACKENDS(OrgDemo);

}  // namespace
}  // namespace tequio::testing
