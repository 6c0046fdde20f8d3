// The audit log: every create/update/delete, login, denial and export, append-only and
// hash-chained (each entry stores the previous entry's hash), so `tequio audit verify`
// finds the first edited or deleted entry.
#pragma once
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/model.h"
#include "core/paging.h"
#include "core/result.h"
#include "storage/db.h"

namespace tequio::audit {

struct Event {
  std::string action;  // create, update, delete, login, login_failed, logout, denied, export
  std::string entity;  // area, person, user, session, …
  std::string entity_id;
  nlohmann::json changes = nlohmann::json::object();
};

struct Filter {
  std::optional<std::string> actor, entity, action, entity_id;
  std::optional<std::string> from, to;  // ISO dates/timestamps (UTC)
};

struct VerifyReport {
  bool ok = true;
  int64_t entries = 0;
  std::optional<int64_t> first_broken_id;
  std::string problem;  // Spanish
};

class AuditService {
 public:
  explicit AuditService(storage::Pool& pool) : pool_(pool) {}

  // Appends inside the caller's write transaction: the entry commits with the change or not at all.
  void record(storage::Tx& tx, const auth::Actor& actor, const Event& event);
  // Appends in a transaction of its own (logins, denials). Never throws: a failing audit write
  // is logged, since refusing a denial because the log is busy helps nobody.
  void record_now(const auth::Actor& actor, const Event& event);

  Result<Page> list(const auth::Actor& actor, const Filter& filter, const PageRequest& page);
  Result<std::string> export_csv(const auth::Actor& actor, const Filter& filter);
  VerifyReport verify();

  // {field: {from, to}} for the fields that differ between two JSON objects.
  static nlohmann::json diff(const nlohmann::json& before, const nlohmann::json& after);
  static nlohmann::json created(const nlohmann::json& after);
  // Every entry's changes have the documented shape {field: {from, to}}: plain context values
  // (a reason, a row count) become {from: null, to: value}. record() applies it.
  static nlohmann::json shaped(const nlohmann::json& changes);

 private:
  Result<std::pair<std::string, storage::Params>> where(const Filter& f);
  storage::Pool& pool_;
};

}  // namespace tequio::audit
