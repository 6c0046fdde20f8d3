// src/auth/service.h on both backends: accounts, login and lockout, sessions, API tokens,
// and who may administer users.
#include <gtest/gtest.h>

#include <algorithm>
#include <thread>

#include "audit/service.h"
#include "auth/service.h"
#include "core/text.h"
#include "core/time.h"
#include "expect_result.h"
#include "scratch_database.h"

namespace tequio::testing {
namespace {

using auth::Actor;
using auth::AuthConfig;
using auth::AuthService;
using auth::NewUser;
using auth::Role;
using auth::UserPatch;
using nlohmann::json;

constexpr const char* kPassword = "Piedra.Verde.2031";
constexpr const char* kNewPassword = "Nube.Morada.2032";
constexpr const char* kIp = "10.20.30.40";

std::string minutes_ago(int m) { return to_iso(Clock::now() - std::chrono::minutes(m)); }

class AuthStore : public BackendTest {
 protected:
  void SetUpServices() override {
    audit_ = std::make_unique<audit::AuditService>(pool());
    auth_ = std::make_unique<AuthService>(pool(), *audit_, AuthConfig{});
  }

  NewUser new_user(const std::string& username, const std::string& role) {
    NewUser u;
    u.username = username;
    u.display_name = "Usuario " + username;
    u.role = role;
    u.password = kPassword;
    return u;
  }

  int64_t add_user(const std::string& username, const std::string& role) {
    auto r = auth_->create_user(auth::system_actor(), new_user(username, role));
    EXPECT_TRUE(Succeeded(r));
    return r ? (*r)["id"].get<int64_t>() : 0;
  }

  static Actor actor(int64_t user_id, Role role, const std::string& username = "alguien") {
    Actor a;
    a.user_id = user_id;
    a.username = username;
    a.role = role;
    a.ip = kIp;
    return a;
  }

  Result<auth::LoginResult> login(const std::string& username, const std::string& password = kPassword) {
    return auth_->login(username, password, kIp, "gtest");
  }

  // Logs in and returns the session's actor, as the HTTP layer would build it.
  std::optional<auth::SessionAuth> session(const std::string& username, std::string* token = nullptr) {
    auto r = login(username);
    EXPECT_TRUE(Succeeded(r));
    if (!r) return std::nullopt;
    if (token) *token = r->session_token;
    return auth_->authenticate_session(r->session_token, kIp);
  }

  json audit_entries(audit::Filter f) {
    auto r = audit_->list(auth::system_actor(), f, PageRequest{1, 200});
    EXPECT_TRUE(Succeeded(r));
    return r ? r->items : json::array();
  }

  std::unique_ptr<audit::AuditService> audit_;
  std::unique_ptr<AuthService> auth_;
};

// --- Users ---------------------------------------------------------------------------------

TEST_P(AuthStore, CreateUserReturnsTheUserWithoutItsPassword) {
  auto r = auth_->create_user(auth::system_actor(), new_user("ana.lopez", "tecnico"));
  ASSERT_TRUE(Succeeded(r));
  const json& u = *r;
  EXPECT_GT(u["id"].get<int64_t>(), 0);
  EXPECT_EQ(u["username"], "ana.lopez");
  EXPECT_EQ(u["display_name"], "Usuario ana.lopez");
  EXPECT_EQ(u["role"], "tecnico");
  EXPECT_EQ(u["role_name"], "Técnico");
  EXPECT_EQ(u["active"], true);
  EXPECT_TRUE(u["locked_until"].is_null());
  EXPECT_TRUE(u["email"].is_null());
  EXPECT_TRUE(parse_iso(u["created_at"].get<std::string>()));
  std::string dumped = u.dump();
  EXPECT_EQ(dumped.find("argon2"), std::string::npos);
  EXPECT_EQ(dumped.find(kPassword), std::string::npos);
}

TEST_P(AuthStore, CreateUserRejectsBadUsernames) {
  for (const std::string& bad : std::vector<std::string>{"", "ab", "Ana", "ana lopez", "-ana", ".ana", "ana@municipio", "josé",
                          std::string(65, 'a')}) {
    auto r = auth_->create_user(auth::system_actor(), new_user(bad, "tecnico"));
    ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid)) << "\"" << bad << "\"";
    EXPECT_TRUE(HasFieldError(r.error(), "username", "user.username_invalid")) << bad;
  }
  EXPECT_EQ(count("users"), 0);
  for (const std::string& good : std::vector<std::string>{"ana", "ana.lopez", "a_b-c.9", std::string(64, 'a')})
    EXPECT_TRUE(Succeeded(auth_->create_user(auth::system_actor(), new_user(good, "tecnico")))) << good;
}

TEST_P(AuthStore, CreateUserRejectsAnUnknownRole) {
  for (const char* bad : {"root", "Administrador", ""}) {
    auto r = auth_->create_user(auth::system_actor(), new_user("ana.lopez", bad));
    ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid)) << bad;
    EXPECT_TRUE(HasFieldError(r.error(), "role", "user.role_invalid"));
  }
}

TEST_P(AuthStore, CreateUserRejectsAWeakPassword) {
  auto u = new_user("ana.lopez", "tecnico");
  u.password = "corta";
  auto r = auth_->create_user(auth::system_actor(), u);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "password", "password.too_short"));
  u.username = u.password = "ana.lopez.2031";
  r = auth_->create_user(auth::system_actor(), u);
  ASSERT_FALSE(r);
  EXPECT_TRUE(HasFieldError(r.error(), "password", "password.is_username"));
}

TEST_P(AuthStore, CreateUserReportsEveryProblemAtOnce) {
  NewUser u;
  u.username = "A";
  u.role = "jefe";
  u.password = "123";
  u.email = "no-es-correo";
  auto r = auth_->create_user(auth::system_actor(), u);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "username"));
  EXPECT_TRUE(HasFieldError(r.error(), "role"));
  EXPECT_TRUE(HasFieldError(r.error(), "password"));
  EXPECT_TRUE(HasFieldError(r.error(), "email", "user.email_invalid"));
}

TEST_P(AuthStore, DuplicateUsernameIsAConflict) {
  add_user("ana.lopez", "tecnico");
  auto r = auth_->create_user(auth::system_actor(), new_user("ana.lopez", "auditor"));
  ASSERT_TRUE(FailsWith(r, ErrorKind::kConflict, "user.username_taken"));
  EXPECT_TRUE(HasFieldError(r.error(), "username"));
  EXPECT_EQ(count("users"), 1);
}

TEST_P(AuthStore, CreateUserChecksTheAreaAndPersonExist) {
  auto u = new_user("ana.lopez", "solicitante");
  u.area_id = 999;
  u.person_id = 888;
  auto r = auth_->create_user(auth::system_actor(), u);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "area_id", "user.area_not_found"));
  EXPECT_TRUE(HasFieldError(r.error(), "person_id", "user.person_not_found"));
}

TEST_P(AuthStore, OnlyAdministratorsCreateUsers) {
  for (Role role : {Role::kDirector, Role::kTecnico, Role::kSolicitante, Role::kAuditor})
    EXPECT_TRUE(FailsWith(auth_->create_user(actor(0, role), new_user("ana.lopez", "tecnico")), ErrorKind::kForbidden));
  EXPECT_EQ(count("users"), 0);
}

TEST_P(AuthStore, CreatedUserIsAuditedWithoutThePassword) {
  int64_t id = add_user("ana.lopez", "tecnico");
  auto entries = audit_entries({.entity = "user", .action = "create"});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["entity_id"], std::to_string(id));
  EXPECT_EQ(entries[0]["actor"], "sistema");
  EXPECT_EQ(entries[0]["changes"]["username"]["to"], "ana.lopez");
  std::string dumped = entries[0].dump();
  EXPECT_EQ(dumped.find("argon2"), std::string::npos);
  EXPECT_EQ(dumped.find(kPassword), std::string::npos);
}

TEST_P(AuthStore, SolicitanteCannotListUsers) {
  add_user("ana.lopez", "tecnico");
  auto r = auth_->list_users(actor(1, Role::kSolicitante), {}, PageRequest{});
  EXPECT_TRUE(FailsWith(r, ErrorKind::kForbidden));
  EXPECT_TRUE(Succeeded(auth_->list_users(actor(1, Role::kAuditor), {}, PageRequest{})));
  EXPECT_TRUE(Succeeded(auth_->list_users(actor(1, Role::kJefeDepartamento), {}, PageRequest{})));
}

TEST_P(AuthStore, ListUsersFiltersAndPages) {
  add_user("ana.lopez", "tecnico");
  add_user("beto.ruiz", "tecnico");
  add_user("carla.diaz", "auditor");
  int64_t dora = add_user("dora.cruz", "tecnico");
  UserPatch off;
  off.active = false;
  ASSERT_TRUE(Succeeded(auth_->update_user(auth::system_actor(), dora, off)));

  auto all = auth_->list_users(auth::system_actor(), {}, PageRequest{1, 3});
  ASSERT_TRUE(Succeeded(all));
  EXPECT_EQ(all->total, 4);
  ASSERT_EQ(all->items.size(), 3u);
  EXPECT_EQ(all->items[0]["username"], "ana.lopez");  // ordered by username
  auto second = auth_->list_users(auth::system_actor(), {}, PageRequest{2, 3});
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0]["username"], "dora.cruz");

  auto tecnicos = auth_->list_users(auth::system_actor(), {.role = "tecnico"}, PageRequest{});
  EXPECT_EQ(tecnicos->total, 3);
  auto active_tecnicos = auth_->list_users(auth::system_actor(), {.role = "tecnico", .active = true}, PageRequest{});
  EXPECT_EQ(active_tecnicos->total, 2);
  auto q = auth_->list_users(auth::system_actor(), {.q = "RUIZ"}, PageRequest{});
  ASSERT_EQ(q->total, 1);
  EXPECT_EQ(q->items[0]["username"], "beto.ruiz");
  EXPECT_TRUE(FailsWith(auth_->list_users(auth::system_actor(), {.role = "rey"}, PageRequest{}), ErrorKind::kInvalid));
}

TEST_P(AuthStore, ListUsersFindsAccentedDisplayNames) {
  auto u = new_user("ana.lopez", "tecnico");
  u.display_name = "Ana López Núñez";
  ASSERT_TRUE(Succeeded(auth_->create_user(auth::system_actor(), u)));
  for (const char* q : {"López", "lopez", "NÚÑEZ", "nunez"}) {
    auto r = auth_->list_users(auth::system_actor(), {.q = q}, PageRequest{});
    ASSERT_TRUE(Succeeded(r));
    EXPECT_EQ(r->total, 1) << "q=" << q;
  }
}

TEST_P(AuthStore, GetUserOfSomeoneElseNeedsUsersRead) {
  int64_t ana = add_user("ana.lopez", "solicitante");
  int64_t beto = add_user("beto.ruiz", "tecnico");
  EXPECT_TRUE(Succeeded(auth_->get_user(actor(ana, Role::kSolicitante), ana)));
  EXPECT_TRUE(FailsWith(auth_->get_user(actor(ana, Role::kSolicitante), beto), ErrorKind::kForbidden));
  EXPECT_TRUE(Succeeded(auth_->get_user(actor(0, Role::kAuditor), beto)));
  EXPECT_TRUE(FailsWith(auth_->get_user(auth::system_actor(), 9999), ErrorKind::kNotFound));
}

TEST_P(AuthStore, UpdateUserAuditsOnlyTheChangedFields) {
  int64_t id = add_user("ana.lopez", "tecnico");
  UserPatch p;
  p.display_name = "Ana López";
  p.role = "tecnico";  // unchanged
  auto r = auth_->update_user(auth::system_actor(), id, p);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["display_name"], "Ana López");
  auto entries = audit_entries({.entity = "user", .action = "update"});
  ASSERT_EQ(entries.size(), 1u);
  const json& changes = entries[0]["changes"];
  EXPECT_EQ(changes.size(), 1u) << changes.dump();
  EXPECT_EQ(changes["display_name"]["from"], "Usuario ana.lopez");
  EXPECT_EQ(changes["display_name"]["to"], "Ana López");
}

TEST_P(AuthStore, UpdateUserValidatesThePatch) {
  int64_t id = add_user("ana.lopez", "tecnico");
  UserPatch p;
  p.role = "jefe";
  p.email.emplace("sin-arroba");
  p.display_name = "";
  p.area_id.emplace(999);
  auto r = auth_->update_user(auth::system_actor(), id, p);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "role", "user.role_invalid"));
  EXPECT_TRUE(HasFieldError(r.error(), "email", "user.email_invalid"));
  EXPECT_TRUE(HasFieldError(r.error(), "display_name"));
  EXPECT_TRUE(HasFieldError(r.error(), "area_id", "user.area_not_found"));
  EXPECT_TRUE(FailsWith(auth_->update_user(auth::system_actor(), 9999, UserPatch{}), ErrorKind::kNotFound));
  EXPECT_TRUE(FailsWith(auth_->update_user(actor(id, Role::kTecnico), id, UserPatch{}), ErrorKind::kForbidden));
}

TEST_P(AuthStore, UpdateUserCanClearTheEmail) {
  auto u = new_user("ana.lopez", "tecnico");
  u.email = "ana.lopez@oaxaca.gob.mx";
  auto created = auth_->create_user(auth::system_actor(), u);
  ASSERT_TRUE(Succeeded(created));
  EXPECT_EQ((*created)["email"], "ana.lopez@oaxaca.gob.mx");
  UserPatch p;
  p.email.emplace(std::nullopt);  // present and null: clear it
  auto r = auth_->update_user(auth::system_actor(), (*created)["id"].get<int64_t>(), p);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_TRUE((*r)["email"].is_null());
}

TEST_P(AuthStore, AdministratorCannotLockThemselvesOut) {
  int64_t me = add_user("admin.dos", "administrador");
  Actor self = actor(me, Role::kAdministrador, "admin.dos");
  UserPatch deactivate;
  deactivate.active = false;
  auto r = auth_->update_user(self, me, deactivate);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "active", "user.self_lockout"));
  UserPatch demote;
  demote.role = "tecnico";
  r = auth_->update_user(self, me, demote);
  ASSERT_TRUE(FailsWith(r, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(r.error(), "role", "user.self_lockout"));
  auto still = auth_->get_user(self, me);
  EXPECT_EQ((*still)["active"], true);
  EXPECT_EQ((*still)["role"], "administrador");
  UserPatch rename;  // anything else about oneself is fine
  rename.display_name = "Administración Dos";
  EXPECT_TRUE(Succeeded(auth_->update_user(self, me, rename)));
}

TEST_P(AuthStore, RoleChangeAppliesToOpenSessionsAtOnce) {
  int64_t id = add_user("ana.lopez", "tecnico");
  std::string token;
  auto before = session("ana.lopez", &token);  // now cached
  ASSERT_TRUE(before);
  EXPECT_EQ(before->actor.role, Role::kTecnico);
  UserPatch promote;
  promote.role = "auditor";
  ASSERT_TRUE(Succeeded(auth_->update_user(auth::system_actor(), id, promote)));
  auto after = auth_->authenticate_session(token, kIp);
  ASSERT_TRUE(after);
  EXPECT_EQ(after->actor.role, Role::kAuditor);
}

TEST_P(AuthStore, AnotherAdministratorMayDeactivateAnAdministrator) {
  int64_t other = add_user("admin.dos", "administrador");
  UserPatch deactivate;
  deactivate.active = false;
  auto r = auth_->update_user(auth::system_actor(), other, deactivate);
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ((*r)["active"], false);
}

TEST_P(AuthStore, UserIdByUsernameFindsOnlyExactNames) {
  int64_t id = add_user("ana.lopez", "tecnico");
  EXPECT_EQ(auth_->user_id_by_username("ana.lopez"), id);
  EXPECT_EQ(auth_->user_id_by_username("ANA.LOPEZ"), std::nullopt);
  EXPECT_EQ(auth_->user_id_by_username("ana"), std::nullopt);
}

TEST_P(AuthStore, RolesListsEveryRoleWithPermissions) {
  auto roles = auth_->roles();
  ASSERT_EQ(roles["items"].size(), 7u);
  for (const auto& r : roles["items"]) {
    if (r["code"] == "solicitante") {
      EXPECT_EQ(r["permissions"], json::array({"org.read", "helpdesk.request", "assets.read_own"}));
    }
    if (r["code"] == "administrador") {
      EXPECT_EQ(r["permissions"].size(), 15u);  // every permission there is
    }
  }
}

// --- Login and lockout ---------------------------------------------------------------------

TEST_P(AuthStore, LoginReturnsASessionTokenAndACsrfToken) {
  int64_t id = add_user("ana.lopez", "tecnico");
  auto r = login("ana.lopez");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_GE(r->session_token.size(), 40u);
  ASSERT_TRUE(r->me.contains("csrf_token"));
  EXPECT_GE(r->me["csrf_token"].get<std::string>().size(), 20u);
  EXPECT_NE(r->me["csrf_token"], r->session_token);
  EXPECT_EQ(r->me["user"]["id"], id);
  EXPECT_EQ(r->me["user"]["username"], "ana.lopez");
  EXPECT_EQ(r->cookie_max_age, std::chrono::hours(12));
  auto entries = audit_entries({.action = "login"});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["actor"], "ana.lopez");
  EXPECT_EQ(entries[0]["ip"], kIp);
}

TEST_P(AuthStore, SessionTokenIsStoredOnlyAsAHash) {
  add_user("ana.lopez", "tecnico");
  auto r = login("ana.lopez");
  ASSERT_TRUE(Succeeded(r));
  EXPECT_EQ(count("sessions WHERE token_hash = $1", {r->session_token}), 0);
  EXPECT_EQ(count("sessions WHERE token_hash = $1", {sha256_hex(r->session_token)}), 1);
}

TEST_P(AuthStore, LoginReportsThePermissionsOfTheRole) {
  add_user("admin.dos", "administrador");
  add_user("ana.lopez", "tecnico");
  auto admin = login("admin.dos");
  ASSERT_TRUE(Succeeded(admin));
  EXPECT_NE(std::find(admin->me["permissions"].begin(), admin->me["permissions"].end(), "users.write"),
            admin->me["permissions"].end())
      << admin->me["permissions"].dump();
  auto tecnico = login("ana.lopez");
  ASSERT_TRUE(Succeeded(tecnico));
  EXPECT_EQ(tecnico->me["permissions"], json::array({"org.read", "people.read_all", "helpdesk.request",
                                                    "helpdesk.read_all", "helpdesk.work", "assets.read_own",
                                                    "assets.read_all", "assets.write"}));
}

TEST_P(AuthStore, SessionTokenAuthenticatesAsTheUser) {
  int64_t id = add_user("ana.lopez", "tecnico");
  auto r = login("ana.lopez");
  ASSERT_TRUE(Succeeded(r));
  auto s = auth_->authenticate_session(r->session_token, "10.9.9.9");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->actor.user_id, id);
  EXPECT_EQ(s->actor.username, "ana.lopez");
  EXPECT_EQ(s->actor.role, Role::kTecnico);
  EXPECT_EQ(s->actor.ip, "10.9.9.9");
  EXPECT_FALSE(s->actor.via_token);
  ASSERT_TRUE(s->actor.session_id);
  EXPECT_EQ(s->csrf_token, r->me["csrf_token"]);
  // From the cache the second time, with the caller's current address.
  auto again = auth_->authenticate_session(r->session_token, "10.1.1.1");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->actor.ip, "10.1.1.1");
}

TEST_P(AuthStore, GarbageSessionTokensDoNotAuthenticate) {
  add_user("ana.lopez", "tecnico");
  ASSERT_TRUE(Succeeded(login("ana.lopez")));
  for (const std::string& t : std::vector<std::string>{std::string(), std::string("corto"), random_token(32), std::string(300, 'a')})
    EXPECT_FALSE(auth_->authenticate_session(t, kIp)) << t;
}

TEST_P(AuthStore, WrongPasswordIsUnauthenticatedLikeAnUnknownUser) {
  add_user("ana.lopez", "tecnico");
  auto wrong = login("ana.lopez", "Otra.Clave.2031");
  auto unknown = login("nadie.aqui", kPassword);
  ASSERT_TRUE(FailsWith(wrong, ErrorKind::kUnauthenticated, "auth.invalid_credentials"));
  ASSERT_TRUE(FailsWith(unknown, ErrorKind::kUnauthenticated, "auth.invalid_credentials"));
  EXPECT_EQ(wrong.error().message, unknown.error().message);  // nothing tells which usernames exist
  EXPECT_EQ(audit_entries({.action = "login_failed"}).size(), 2u);
}

TEST_P(AuthStore, FifthWrongPasswordLocksTheAccount) {
  int64_t id = add_user("ana.lopez", "tecnico");
  for (int i = 1; i <= 5; ++i)
    EXPECT_TRUE(FailsWith(login("ana.lopez", "Otra.Clave.2031"), ErrorKind::kUnauthenticated)) << "attempt " << i;
  auto locked = login("ana.lopez");  // even with the right password
  EXPECT_TRUE(FailsWith(locked, ErrorKind::kLocked, "auth.locked"));
  auto row = pool().acquire()->query_one("SELECT locked_until FROM users WHERE id = $1", {id});
  ASSERT_TRUE(row && !row->is_null(0));
  EXPECT_GT(row->str(0), now_iso());
  auto user = auth_->get_user(auth::system_actor(), id);
  EXPECT_FALSE((*user)["locked_until"].is_null());
  bool noted = false;
  for (const auto& e : audit_entries({.action = "login_failed"}))
    noted |= e["changes"].contains("reason") && e["changes"]["reason"].value("to", "") == "bad_password_locked";
  EXPECT_TRUE(noted);
}

TEST_P(AuthStore, FourWrongPasswordsDoNotLock) {
  add_user("ana.lopez", "tecnico");
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(login("ana.lopez", "Otra.Clave.2031"));
  EXPECT_TRUE(Succeeded(login("ana.lopez")));
}

TEST_P(AuthStore, SuccessfulLoginResetsTheFailureCount) {
  add_user("ana.lopez", "tecnico");
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(login("ana.lopez", "Otra.Clave.2031"));
  ASSERT_TRUE(Succeeded(login("ana.lopez")));
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(login("ana.lopez", "Otra.Clave.2031"));
  EXPECT_TRUE(Succeeded(login("ana.lopez")));
}

TEST_P(AuthStore, LockEndsWhenItsTimeHasPassed) {
  int64_t id = add_user("ana.lopez", "tecnico");
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(login("ana.lopez", "Otra.Clave.2031"));
  ASSERT_TRUE(FailsWith(login("ana.lopez"), ErrorKind::kLocked));
  exec("UPDATE users SET locked_until = $1 WHERE id = $2", {minutes_ago(1), id});
  EXPECT_TRUE(Succeeded(login("ana.lopez")));
}

TEST_P(AuthStore, ResetPasswordUnlocksTheAccount) {
  int64_t id = add_user("ana.lopez", "tecnico");
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(login("ana.lopez", "Otra.Clave.2031"));
  ASSERT_TRUE(FailsWith(login("ana.lopez"), ErrorKind::kLocked));
  ASSERT_TRUE(Succeeded(auth_->reset_password(auth::system_actor(), id, kNewPassword)));
  EXPECT_TRUE(Succeeded(login("ana.lopez", kNewPassword)));
  EXPECT_TRUE(FailsWith(login("ana.lopez", kPassword), ErrorKind::kUnauthenticated));
}

TEST_P(AuthStore, ResetPasswordEndsExistingSessions) {
  int64_t id = add_user("ana.lopez", "tecnico");
  std::string token;
  ASSERT_TRUE(session("ana.lopez", &token));
  ASSERT_TRUE(Succeeded(auth_->reset_password(auth::system_actor(), id, kNewPassword)));
  EXPECT_FALSE(auth_->authenticate_session(token, kIp));
}

TEST_P(AuthStore, ResetPasswordAppliesThePolicyAndThePermission) {
  int64_t id = add_user("ana.lopez", "tecnico");
  auto weak = auth_->reset_password(auth::system_actor(), id, "corta");
  ASSERT_TRUE(FailsWith(weak, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(weak.error(), "password", "password.too_short"));
  EXPECT_TRUE(FailsWith(auth_->reset_password(actor(id, Role::kDirector), id, kNewPassword), ErrorKind::kForbidden));
  EXPECT_TRUE(FailsWith(auth_->reset_password(auth::system_actor(), 9999, kNewPassword), ErrorKind::kNotFound));
  EXPECT_TRUE(Succeeded(login("ana.lopez")));  // unchanged
}

TEST_P(AuthStore, DisabledUserCannotLogInAndLosesTheirSessions) {
  int64_t id = add_user("ana.lopez", "tecnico");
  std::string token;
  ASSERT_TRUE(session("ana.lopez", &token));
  UserPatch off;
  off.active = false;
  ASSERT_TRUE(Succeeded(auth_->update_user(auth::system_actor(), id, off)));
  EXPECT_FALSE(auth_->authenticate_session(token, kIp));
  EXPECT_TRUE(FailsWith(login("ana.lopez"), ErrorKind::kUnauthenticated, "auth.invalid_credentials"));
}

TEST_P(AuthStore, TooManyFailuresFromOneAddressAreThrottled) {
  AuthConfig config;
  config.ip_failures_allowed = 3;
  AuthService strict(pool(), *audit_, config);
  add_user("ana.lopez", "tecnico");
  for (int i = 0; i < 3; ++i) ASSERT_FALSE(strict.login("nadie" + std::to_string(i), kPassword, "10.6.6.6", "bot"));
  EXPECT_TRUE(FailsWith(strict.login("ana.lopez", kPassword, "10.6.6.6", "bot"), ErrorKind::kThrottled));
  EXPECT_TRUE(Succeeded(strict.login("ana.lopez", kPassword, "10.7.7.7", "gtest")));
}

// --- Sessions ------------------------------------------------------------------------------

TEST_P(AuthStore, RevokedSessionNoLongerAuthenticates) {
  add_user("ana.lopez", "tecnico");
  std::string token;
  auto s = session("ana.lopez", &token);
  ASSERT_TRUE(s);
  ASSERT_TRUE(Succeeded(auth_->revoke_session(s->actor, *s->actor.session_id)));
  EXPECT_FALSE(auth_->authenticate_session(token, kIp));
  EXPECT_TRUE(FailsWith(auth_->revoke_session(s->actor, *s->actor.session_id), ErrorKind::kNotFound));
}

TEST_P(AuthStore, SessionOfAnotherUserCannotBeRevoked) {
  add_user("ana.lopez", "tecnico");
  add_user("beto.ruiz", "tecnico");
  std::string token;
  auto ana = session("ana.lopez", &token);
  auto beto = session("beto.ruiz");
  ASSERT_TRUE(ana && beto);
  EXPECT_TRUE(FailsWith(auth_->revoke_session(beto->actor, *ana->actor.session_id), ErrorKind::kNotFound));
  EXPECT_TRUE(auth_->authenticate_session(token, kIp));
}

TEST_P(AuthStore, LogoutEndsTheSessionAndIsAudited) {
  add_user("ana.lopez", "tecnico");
  std::string token;
  auto s = session("ana.lopez", &token);
  ASSERT_TRUE(s);
  auth_->logout(s->actor);
  EXPECT_FALSE(auth_->authenticate_session(token, kIp));
  auto entries = audit_entries({.action = "logout"});
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0]["entity_id"], std::to_string(*s->actor.session_id));
}

TEST_P(AuthStore, ListSessionsShowsOnlyOwnLiveSessions) {
  add_user("ana.lopez", "tecnico");
  add_user("beto.ruiz", "tecnico");
  auto first = session("ana.lopez");
  auto second = session("ana.lopez");
  ASSERT_TRUE(session("beto.ruiz"));
  ASSERT_TRUE(first && second);
  auto list = auth_->list_sessions(second->actor);
  ASSERT_TRUE(Succeeded(list));
  ASSERT_EQ((*list)["items"].size(), 2u);
  int current = 0;
  for (const auto& s : (*list)["items"]) current += s["current"].get<bool>();
  EXPECT_EQ(current, 1);
  auth_->logout(first->actor);
  EXPECT_EQ((*auth_->list_sessions(second->actor))["items"].size(), 1u);
}

TEST_P(AuthStore, IdleSessionExpires) {
  add_user("ana.lopez", "tecnico");
  auto r = login("ana.lopez");
  ASSERT_TRUE(Succeeded(r));
  exec("UPDATE sessions SET last_seen_at = $1", {minutes_ago(31)});
  EXPECT_FALSE(auth_->authenticate_session(r->session_token, kIp));
}

TEST_P(AuthStore, ActivityWithinTheIdleWindowKeepsTheSessionAlive) {
  add_user("ana.lopez", "tecnico");
  auto r = login("ana.lopez");
  ASSERT_TRUE(Succeeded(r));
  std::string old = minutes_ago(29);
  exec("UPDATE sessions SET last_seen_at = $1", {old});
  ASSERT_TRUE(auth_->authenticate_session(r->session_token, kIp));
  auto row = pool().acquire()->query_one("SELECT last_seen_at FROM sessions");
  EXPECT_GT(row->str(0), old);  // touched, so the idle clock starts again
  EXPECT_GT(row->str(0), minutes_ago(1));
}

TEST_P(AuthStore, ZeroIdleTimeoutExpiresAtOnce) {
  AuthConfig config;
  config.session_idle = std::chrono::minutes(0);
  AuthService strict(pool(), *audit_, config);
  add_user("ana.lopez", "tecnico");
  auto r = strict.login("ana.lopez", kPassword, kIp, "gtest");
  ASSERT_TRUE(Succeeded(r));
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(strict.authenticate_session(r->session_token, kIp));
}

TEST_P(AuthStore, SessionExpiresAtTheAbsoluteLimit) {
  add_user("ana.lopez", "tecnico");
  auto r = login("ana.lopez");
  ASSERT_TRUE(Succeeded(r));
  auto row = pool().acquire()->query_one("SELECT created_at, expires_at FROM sessions");
  auto created = parse_iso(row->str(0)), expires = parse_iso(row->str(1));
  ASSERT_TRUE(created && expires);
  EXPECT_EQ(std::chrono::duration_cast<std::chrono::hours>(*expires - *created).count(), 12);
  exec("UPDATE sessions SET expires_at = $1", {minutes_ago(1)});
  EXPECT_FALSE(auth_->authenticate_session(r->session_token, kIp));
}

TEST_P(AuthStore, ChangePasswordNeedsTheCurrentOneAndEndsOtherSessions) {
  add_user("ana.lopez", "tecnico");
  std::string here_token, elsewhere_token;
  auto here = session("ana.lopez", &here_token);
  ASSERT_TRUE(session("ana.lopez", &elsewhere_token));
  ASSERT_TRUE(here);
  auto wrong = auth_->change_password(here->actor, "Otra.Clave.2031", kNewPassword);
  ASSERT_TRUE(FailsWith(wrong, ErrorKind::kInvalid));
  EXPECT_TRUE(HasFieldError(wrong.error(), "current_password"));
  auto weak = auth_->change_password(here->actor, kPassword, "corta");
  EXPECT_TRUE(HasFieldError(weak.error(), "new_password", "password.too_short"));
  auto same = auth_->change_password(here->actor, kPassword, kPassword);
  EXPECT_TRUE(HasFieldError(same.error(), "new_password"));

  ASSERT_TRUE(Succeeded(auth_->change_password(here->actor, kPassword, kNewPassword)));
  EXPECT_TRUE(auth_->authenticate_session(here_token, kIp));
  EXPECT_FALSE(auth_->authenticate_session(elsewhere_token, kIp));
  EXPECT_TRUE(Succeeded(login("ana.lopez", kNewPassword)));
  EXPECT_FALSE(login("ana.lopez", kPassword));
}

// --- API tokens ----------------------------------------------------------------------------

TEST_P(AuthStore, ApiTokenAuthenticatesAsItsOwner) {
  int64_t id = add_user("ana.lopez", "jefe_departamento");
  Actor owner = actor(id, Role::kJefeDepartamento, "ana.lopez");
  auto created = auth_->create_token(owner, "Integración inventario", {"read", "write"}, 30);
  ASSERT_TRUE(Succeeded(created));
  std::string token = (*created)["token"];
  EXPECT_EQ(token.rfind("tqo_", 0), 0u) << token;
  EXPECT_FALSE((*created)["expires_at"].is_null());
  auto a = auth_->authenticate_token(token, "10.3.3.3");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->user_id, id);
  EXPECT_EQ(a->username, "ana.lopez");
  EXPECT_EQ(a->role, Role::kJefeDepartamento);
  EXPECT_TRUE(a->via_token);
  EXPECT_TRUE(a->token_can_write);
  EXPECT_EQ(a->ip, "10.3.3.3");
  auto used = pool().acquire()->query_one("SELECT last_used_at FROM api_tokens");
  EXPECT_FALSE(used->is_null(0));
}

TEST_P(AuthStore, ReadOnlyTokenCannotWrite) {
  int64_t id = add_user("ana.lopez", "tecnico");
  auto created = auth_->create_token(actor(id, Role::kTecnico), "Tablero", {"read"}, std::nullopt);
  ASSERT_TRUE(Succeeded(created));
  EXPECT_TRUE((*created)["expires_at"].is_null());
  auto a = auth_->authenticate_token((*created)["token"], kIp);
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->token_can_write);
}

TEST_P(AuthStore, TokenIsShownOnceAndStoredOnlyAsAHash) {
  int64_t id = add_user("ana.lopez", "tecnico");
  Actor owner = actor(id, Role::kTecnico);
  auto created = auth_->create_token(owner, "Tablero", {"read"}, 7);
  ASSERT_TRUE(Succeeded(created));
  std::string token = (*created)["token"];
  EXPECT_EQ(count("api_tokens WHERE token_hash = $1", {token}), 0);
  auto list = auth_->list_tokens(owner);
  ASSERT_TRUE(Succeeded(list));
  ASSERT_EQ((*list)["items"].size(), 1u);
  EXPECT_EQ((*list)["items"][0]["name"], "Tablero");
  EXPECT_EQ((*list)["items"][0]["scopes"], json::array({"read"}));
  EXPECT_EQ(list->dump().find(token), std::string::npos);
  EXPECT_FALSE((*list)["items"][0].contains("token"));
}

TEST_P(AuthStore, RevokedTokenNoLongerAuthenticates) {
  int64_t id = add_user("ana.lopez", "tecnico");
  Actor owner = actor(id, Role::kTecnico);
  auto created = auth_->create_token(owner, "Tablero", {"read"}, 7);
  ASSERT_TRUE(Succeeded(created));
  ASSERT_TRUE(auth_->authenticate_token((*created)["token"], kIp));
  ASSERT_TRUE(Succeeded(auth_->revoke_token(owner, (*created)["id"])));
  EXPECT_FALSE(auth_->authenticate_token((*created)["token"], kIp));
  EXPECT_TRUE(FailsWith(auth_->revoke_token(owner, (*created)["id"]), ErrorKind::kNotFound));
}

TEST_P(AuthStore, TokenOfAnotherUserCannotBeRevoked) {
  int64_t ana = add_user("ana.lopez", "tecnico");
  int64_t beto = add_user("beto.ruiz", "tecnico");
  auto created = auth_->create_token(actor(ana, Role::kTecnico), "Tablero", {"read"}, 7);
  ASSERT_TRUE(Succeeded(created));
  EXPECT_TRUE(FailsWith(auth_->revoke_token(actor(beto, Role::kTecnico), (*created)["id"]), ErrorKind::kNotFound));
  EXPECT_TRUE(auth_->authenticate_token((*created)["token"], kIp));
}

TEST_P(AuthStore, ExpiredTokenNoLongerAuthenticates) {
  int64_t id = add_user("ana.lopez", "tecnico");
  auto created = auth_->create_token(actor(id, Role::kTecnico), "Tablero", {"read"}, 1);
  ASSERT_TRUE(Succeeded(created));
  exec("UPDATE api_tokens SET expires_at = $1", {minutes_ago(1)});
  EXPECT_FALSE(auth_->authenticate_token((*created)["token"], kIp));
}

TEST_P(AuthStore, TokenOfADisabledUserNoLongerAuthenticates) {
  int64_t id = add_user("ana.lopez", "tecnico");
  auto created = auth_->create_token(actor(id, Role::kTecnico), "Tablero", {"read"}, 1);
  ASSERT_TRUE(Succeeded(created));
  UserPatch off;
  off.active = false;
  ASSERT_TRUE(Succeeded(auth_->update_user(auth::system_actor(), id, off)));
  EXPECT_FALSE(auth_->authenticate_token((*created)["token"], kIp));
}

TEST_P(AuthStore, TokenRequestsAreValidated) {
  int64_t id = add_user("ana.lopez", "tecnico");
  Actor owner = actor(id, Role::kTecnico);
  auto none = auth_->create_token(owner, "x", {}, 7);
  EXPECT_TRUE(HasFieldError(none.error(), "scopes", "token.scopes_required"));
  auto bad = auth_->create_token(owner, "x", {"read", "admin"}, 7);
  EXPECT_TRUE(HasFieldError(bad.error(), "scopes", "token.scope_invalid"));
  for (int64_t days : {0, -1, 731})
    EXPECT_TRUE(HasFieldError(auth_->create_token(owner, "x", {"read"}, days).error(), "expires_in_days")) << days;
  EXPECT_TRUE(Succeeded(auth_->create_token(owner, "x", {"read"}, 730)));
}

TEST_P(AuthStore, TokensCannotManageTokens) {
  int64_t id = add_user("ana.lopez", "tecnico");
  Actor via_token = actor(id, Role::kTecnico);
  via_token.via_token = true;
  EXPECT_TRUE(FailsWith(auth_->create_token(via_token, "x", {"read"}, 7), ErrorKind::kForbidden, "auth.session_required"));
  EXPECT_TRUE(FailsWith(auth_->list_tokens(via_token), ErrorKind::kForbidden));
  EXPECT_TRUE(FailsWith(auth_->change_password(via_token, kPassword, kNewPassword), ErrorKind::kForbidden));
}

TEST_P(AuthStore, MalformedApiTokensDoNotAuthenticate) {
  int64_t id = add_user("ana.lopez", "tecnico");
  auto created = auth_->create_token(actor(id, Role::kTecnico), "Tablero", {"read"}, 7);
  ASSERT_TRUE(Succeeded(created));
  std::string token = (*created)["token"];
  EXPECT_FALSE(auth_->authenticate_token(token.substr(4), kIp));     // without the prefix
  EXPECT_FALSE(auth_->authenticate_token(token + "x", kIp));
  EXPECT_FALSE(auth_->authenticate_token("tqo_" + random_token(32), kIp));
  EXPECT_FALSE(auth_->authenticate_token("", kIp));
}

TEQUIO_ON_BOTH_BACKENDS(AuthStore);

}  // namespace
}  // namespace tequio::testing
