// Roles, permissions and the Actor every service call is made on behalf of.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tequio::auth {

enum class Role { kAdministrador, kDirector, kJefeDepartamento, kTecnico, kMesaAyuda, kSolicitante, kAuditor };

enum class Permission {
  kOrgRead,        // areas tree, positions; people of one's own area
  kOrgWrite,       // create/edit areas, positions, people; CSV import
  kPeopleReadAll,  // people of every area
  kUsersRead,
  kUsersWrite,
  kAuditRead,
  kAuditExport,
  kHelpdeskRequest,  // file tickets; follow those of one's own area (public entries only)
  kHelpdeskReadAll,  // every ticket, internal notes, dashboards, exports
  kHelpdeskWork,     // assign, transition, notes, merge, bulk actions
  kHelpdeskManage,   // catalog, queues, SLA targets, calendar, recurring tickets
  kAssetsReadOwn,    // the assets in one's own custody or on loan to oneself
  kAssetsReadAll,    // every asset, custody document, loan, campaign, disposal; exports
  kAssetsWrite,      // register/edit assets, custody, loans, labels, scans, disposal requests
  kAssetsManage,     // asset types, settings, import, campaigns, disposal decisions
};

struct RoleInfo {
  Role role;
  std::string_view code;
  std::string_view name;         // Spanish
  std::string_view description;  // Spanish
  std::vector<Permission> permissions;
};

const std::vector<RoleInfo>& all_roles();
std::optional<Role> role_from_code(std::string_view code);
const RoleInfo& role_info(Role role);
std::string_view permission_code(Permission p);
bool role_has(Role role, Permission p);

// Who is calling. Built by the HTTP layer from a session or API token; services decide.
struct Actor {
  int64_t user_id = 0;
  std::string username;
  std::string display_name;
  Role role = Role::kSolicitante;
  std::optional<int64_t> area_id;
  std::optional<int64_t> person_id;
  std::string ip;
  bool via_token = false;
  bool token_can_write = true;    // an API token with only the "read" scope cannot change anything
  std::optional<int64_t> session_id;

  bool can(Permission p) const { return role_has(role, p); }
  std::string label() const { return username; }
};

// The actor used by command-line tools (demo loading, user administration from the shell).
Actor system_actor();

}  // namespace tequio::auth
