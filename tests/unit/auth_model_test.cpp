// src/auth/model.h: the seven roles and what each may do (docs/api.md, "Roles").
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>

#include "auth/model.h"

namespace tequio::auth {
namespace {

std::set<std::string> permissions_of(Role r) {
  std::set<std::string> out;
  for (auto p : role_info(r).permissions) out.insert(std::string(permission_code(p)));
  return out;
}

TEST(Roles, EveryRoleCodeRoundTrips) {
  ASSERT_EQ(all_roles().size(), 7u);
  for (const auto& r : all_roles()) {
    auto back = role_from_code(r.code);
    ASSERT_TRUE(back) << r.code;
    EXPECT_EQ(*back, r.role);
    EXPECT_EQ(role_info(r.role).code, r.code);
    EXPECT_FALSE(r.name.empty());
    EXPECT_FALSE(r.description.empty());
  }
}

TEST(Roles, UnknownCodesAreNotRoles) {
  EXPECT_FALSE(role_from_code(""));
  EXPECT_FALSE(role_from_code("root"));
  EXPECT_FALSE(role_from_code("Administrador"));  // codes are lower-case
  EXPECT_FALSE(role_from_code("administrador "));
}

TEST(Roles, PermissionsMatchTheTableInTheApiDocument) {
  const std::set<std::string> hd_staff = {"helpdesk.request", "helpdesk.read_all", "helpdesk.work",
                                          "assets.read_own", "assets.read_all"};
  auto with = [](std::set<std::string> a, const std::set<std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
  };
  const std::map<std::string, std::set<std::string>> expected = {
      {"administrador",
       with({"org.read", "org.write", "people.read_all", "users.read", "users.write", "audit.read", "audit.export",
             "helpdesk.manage", "assets.write", "assets.manage"},
            hd_staff)},
      {"director",
       with({"org.read", "people.read_all", "users.read", "audit.read", "audit.export", "helpdesk.manage",
             "assets.write", "assets.manage"},
            hd_staff)},
      {"jefe_departamento", with({"org.read", "people.read_all", "users.read", "assets.write"}, hd_staff)},
      {"tecnico", with({"org.read", "people.read_all", "assets.write"}, hd_staff)},
      {"mesa_ayuda", with({"org.read", "people.read_all"}, hd_staff)},
      {"solicitante", {"org.read", "helpdesk.request", "assets.read_own"}},
      {"auditor", {"org.read", "people.read_all", "users.read", "audit.read", "audit.export", "helpdesk.request",
                   "helpdesk.read_all", "assets.read_own", "assets.read_all"}},
  };
  for (const auto& [code, perms] : expected) {
    auto role = role_from_code(code);
    ASSERT_TRUE(role) << code;
    EXPECT_EQ(permissions_of(*role), perms) << code;
  }
}

TEST(Roles, SolicitanteLacksUsersRead) {
  EXPECT_FALSE(role_has(Role::kSolicitante, Permission::kUsersRead));
  EXPECT_FALSE(role_has(Role::kSolicitante, Permission::kPeopleReadAll));
  EXPECT_TRUE(role_has(Role::kSolicitante, Permission::kOrgRead));
}

TEST(Roles, OnlyTheAdministratorWrites) {
  for (const auto& r : all_roles()) {
    bool admin = r.role == Role::kAdministrador;
    EXPECT_EQ(role_has(r.role, Permission::kUsersWrite), admin) << r.code;
    EXPECT_EQ(role_has(r.role, Permission::kOrgWrite), admin) << r.code;
  }
}

TEST(Roles, PermissionCodesAreDistinct) {
  std::set<std::string_view> codes;
  for (auto p : {Permission::kOrgRead, Permission::kOrgWrite, Permission::kPeopleReadAll, Permission::kUsersRead,
                 Permission::kUsersWrite, Permission::kAuditRead, Permission::kAuditExport})
    EXPECT_TRUE(codes.insert(permission_code(p)).second) << permission_code(p);
}

TEST(Actor, CanFollowsTheRole) {
  Actor a;
  a.role = Role::kAuditor;
  EXPECT_TRUE(a.can(Permission::kAuditExport));
  EXPECT_FALSE(a.can(Permission::kOrgWrite));
  Actor nobody;  // default-constructed actors get the least privilege
  EXPECT_EQ(nobody.role, Role::kSolicitante);
}

TEST(Actor, SystemActorIsAnAdministratorWithoutAnAccount) {
  Actor s = system_actor();
  EXPECT_EQ(s.role, Role::kAdministrador);
  EXPECT_EQ(s.user_id, 0);
  EXPECT_EQ(s.username, "sistema");
  EXPECT_FALSE(s.via_token);
}

}  // namespace
}  // namespace tequio::auth
