// The org directory: the municipality's areas as a tree, the DSI's positions (puestos) from
// the organization manual, and people (servidores públicos), with CSV import.
//
// Permissions: reading needs org.read; a caller without people.read_all sees only the
// people of their own area. Writing needs org.write. Every change is audited in the same
// transaction.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/service.h"
#include "auth/model.h"
#include "core/json_input.h"
#include "core/paging.h"
#include "core/result.h"
#include "storage/db.h"

namespace tequio::org {

// Create requires name and kind; update applies only the fields present.
struct AreaInput {
  std::optional<std::string> name, kind;
  Nullable<std::string> code;
  Nullable<int64_t> parent_id;
  std::optional<bool> active;
};

struct PositionInput {
  std::optional<std::string> title, objective, decision_field;
  std::optional<int64_t> area_id;
  std::optional<std::vector<std::string>> functions;
  Nullable<int64_t> superior_position_id;
};

struct PersonInput {
  std::optional<std::string> full_name, job_title;
  std::optional<int64_t> area_id;
  Nullable<int64_t> position_id;
  Nullable<std::string> email, extension;
  std::optional<bool> active;
};

struct PeopleFilter {
  std::optional<std::string> q;
  std::optional<int64_t> area_id;
  std::optional<bool> active;
};

class OrgService {
 public:
  OrgService(storage::Pool& pool, audit::AuditService& audit) : pool_(pool), audit_(audit) {}

  Result<Page> list_areas(const auth::Actor& actor, const std::optional<std::string>& q,
                          std::optional<int64_t> parent_id, const PageRequest& page);
  Result<nlohmann::json> get_area(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> create_area(const auth::Actor& actor, const AreaInput& in);
  Result<nlohmann::json> update_area(const auth::Actor& actor, int64_t id, const AreaInput& in);
  Status delete_area(const auth::Actor& actor, int64_t id);
  // CSV columns: code,name,kind,parent_code (header row required). All or nothing.
  Result<nlohmann::json> import_areas(const auth::Actor& actor, std::string_view csv, bool dry_run);

  Result<Page> list_positions(const auth::Actor& actor, const std::optional<std::string>& q,
                              std::optional<int64_t> area_id, const PageRequest& page);
  Result<nlohmann::json> get_position(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> create_position(const auth::Actor& actor, const PositionInput& in);
  Result<nlohmann::json> update_position(const auth::Actor& actor, int64_t id, const PositionInput& in);

  Result<Page> list_people(const auth::Actor& actor, const PeopleFilter& filter, const PageRequest& page);
  Result<nlohmann::json> get_person(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> create_person(const auth::Actor& actor, const PersonInput& in);
  Result<nlohmann::json> update_person(const auth::Actor& actor, int64_t id, const PersonInput& in);
  Status delete_person(const auth::Actor& actor, int64_t id);
  // CSV columns: full_name,area_code,job_title,email,extension (header row required). All or nothing.
  Result<nlohmann::json> import_people(const auth::Actor& actor, std::string_view csv, bool dry_run);

 private:
  storage::Pool& pool_;
  audit::AuditService& audit_;
};

}  // namespace tequio::org
