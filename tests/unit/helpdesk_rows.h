// Test support for the helpdesk store suites: org rows written straight into a scratch database
// (areas, people, users without a real password hash), so fixtures do not pay for argon2id.
#pragma once
#include <optional>
#include <string>

#include "auth/model.h"
#include "core/text.h"
#include "core/time.h"
#include "storage/db.h"

namespace tequio::testing {

inline int64_t insert_returning_id(storage::Pool& pool, const std::string& sql, const storage::Params& params) {
  auto c = pool.acquire();
  return c->query_one(sql + " RETURNING id", params)->i64(0);
}

inline int64_t insert_area(storage::Pool& pool, const std::string& code, const std::string& name, const std::string& kind) {
  return insert_returning_id(
      pool, "INSERT INTO areas (code, name, kind, search_key, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)",
      {code, name, kind, fold_for_search(name), now_iso()});
}

inline int64_t insert_person(storage::Pool& pool, const std::string& name, int64_t area, const std::string& email) {
  return insert_returning_id(pool,
                             "INSERT INTO people (full_name, area_id, email, search_key, created_at, updated_at) "
                             "VALUES ($1, $2, $3, $4, $5, $5)",
                             {name, area, email, fold_for_search(name), now_iso()});
}

// A user row and the Actor a session of that user would carry.
inline auth::Actor insert_user(storage::Pool& pool, const std::string& username, const std::string& name, auth::Role role,
                               int64_t area, std::optional<int64_t> person, std::optional<std::string> email) {
  auth::Actor a;
  a.user_id = insert_returning_id(
      pool,
      "INSERT INTO users (username, display_name, email, password_hash, role, area_id, person_id, "
      "password_changed_at, created_at, updated_at) VALUES ($1, $2, $3, 'x', $4, $5, $6, $7, $7, $7)",
      {username, name, storage::opt(email), std::string(auth::role_info(role).code), area, storage::opt(person), now_iso()});
  a.username = username;
  a.display_name = name;
  a.role = role;
  a.area_id = area;
  a.person_id = person;
  a.ip = "10.0.0.8";
  return a;
}

}  // namespace tequio::testing
