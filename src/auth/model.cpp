#include "auth/model.h"

#include <algorithm>

namespace tequio::auth {

const std::vector<RoleInfo>& all_roles() {
  using P = Permission;
  static const std::vector<RoleInfo> roles = {
      {Role::kAdministrador, "administrador", "Administrador",
       "Administra usuarios, roles, el directorio y la configuración de Tequio.",
       {P::kOrgRead, P::kOrgWrite, P::kPeopleReadAll, P::kUsersRead, P::kUsersWrite, P::kAuditRead, P::kAuditExport,
        P::kHelpdeskRequest, P::kHelpdeskReadAll, P::kHelpdeskWork, P::kHelpdeskManage, P::kAssetsReadOwn,
        P::kAssetsReadAll, P::kAssetsWrite, P::kAssetsManage}},
      {Role::kDirector, "director", "Director",
       "Titular de la Dirección de Sistemas de Información: consulta todo y la bitácora.",
       {P::kOrgRead, P::kPeopleReadAll, P::kUsersRead, P::kAuditRead, P::kAuditExport, P::kHelpdeskRequest,
        P::kHelpdeskReadAll, P::kHelpdeskWork, P::kHelpdeskManage, P::kAssetsReadOwn, P::kAssetsReadAll,
        P::kAssetsWrite, P::kAssetsManage}},
      {Role::kJefeDepartamento, "jefe_departamento", "Jefe de departamento",
       "Dirige un departamento de la DSI y su personal técnico.",
       {P::kOrgRead, P::kPeopleReadAll, P::kUsersRead, P::kHelpdeskRequest, P::kHelpdeskReadAll, P::kHelpdeskWork,
        P::kAssetsReadOwn, P::kAssetsReadAll, P::kAssetsWrite}},
      {Role::kTecnico, "tecnico", "Técnico", "Personal técnico de un departamento de la DSI.",
       {P::kOrgRead, P::kPeopleReadAll, P::kHelpdeskRequest, P::kHelpdeskReadAll, P::kHelpdeskWork, P::kAssetsReadOwn,
        P::kAssetsReadAll, P::kAssetsWrite}},
      {Role::kMesaAyuda, "mesa_ayuda", "Mesa de ayuda", "Recibe y canaliza reportes y solicitudes.",
       {P::kOrgRead, P::kPeopleReadAll, P::kHelpdeskRequest, P::kHelpdeskReadAll, P::kHelpdeskWork, P::kAssetsReadOwn,
        P::kAssetsReadAll}},
      {Role::kSolicitante, "solicitante", "Solicitante",
       "Servidor público de cualquier área que solicita servicios a la DSI.",
       {P::kOrgRead, P::kHelpdeskRequest, P::kAssetsReadOwn}},
      {Role::kAuditor, "auditor", "Auditor", "Consulta en modo de solo lectura, incluida la bitácora de auditoría.",
       {P::kOrgRead, P::kPeopleReadAll, P::kUsersRead, P::kAuditRead, P::kAuditExport, P::kHelpdeskRequest,
        P::kHelpdeskReadAll, P::kAssetsReadOwn, P::kAssetsReadAll}},
  };
  return roles;
}

std::optional<Role> role_from_code(std::string_view code) {
  for (const auto& r : all_roles())
    if (r.code == code) return r.role;
  return std::nullopt;
}

const RoleInfo& role_info(Role role) {
  for (const auto& r : all_roles())
    if (r.role == role) return r;
  return all_roles().back();
}

std::string_view permission_code(Permission p) {
  switch (p) {
    case Permission::kOrgRead: return "org.read";
    case Permission::kOrgWrite: return "org.write";
    case Permission::kPeopleReadAll: return "people.read_all";
    case Permission::kUsersRead: return "users.read";
    case Permission::kUsersWrite: return "users.write";
    case Permission::kAuditRead: return "audit.read";
    case Permission::kAuditExport: return "audit.export";
    case Permission::kHelpdeskRequest: return "helpdesk.request";
    case Permission::kHelpdeskReadAll: return "helpdesk.read_all";
    case Permission::kHelpdeskWork: return "helpdesk.work";
    case Permission::kHelpdeskManage: return "helpdesk.manage";
    case Permission::kAssetsReadOwn: return "assets.read_own";
    case Permission::kAssetsReadAll: return "assets.read_all";
    case Permission::kAssetsWrite: return "assets.write";
    case Permission::kAssetsManage: return "assets.manage";
  }
  return "";
}

bool role_has(Role role, Permission p) {
  const auto& perms = role_info(role).permissions;
  return std::find(perms.begin(), perms.end(), p) != perms.end();
}

Actor system_actor() {
  Actor a;
  a.user_id = 0;
  a.username = "sistema";
  a.display_name = "Sistema (línea de comandos)";
  a.role = Role::kAdministrador;
  a.ip = "local";
  return a;
}

}  // namespace tequio::auth
