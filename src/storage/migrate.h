// Forward-only schema migrations, one numbered series per backend (migrations/<backend>/NNNN_name.sql),
// embedded in the binary. Applied by `tequio migrate` and at start-up.
#pragma once
#include <string>
#include <vector>

#include "storage/db.h"

namespace tequio::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

std::vector<Migration> migrations_for(Dialect dialect);

struct MigrateReport {
  int from_version = 0;
  int to_version = 0;
  std::vector<std::string> applied;
};

// Applies pending migrations, each in its own transaction. Throws when the database was
// migrated by a newer Tequio (its version is above the newest this binary knows).
MigrateReport migrate(Connection& c);
int schema_version(Connection& c);

}  // namespace tequio::storage
