#include "storage/migrate.h"

#include <algorithm>
#include <stdexcept>

#include "core/embedded.h"
#include "core/time.h"

namespace tequio::storage {

std::vector<Migration> migrations_for(Dialect dialect) {
  std::string prefix = dialect == Dialect::kSqlite ? "migrations/sqlite/" : "migrations/postgres/";
  std::vector<Migration> out;
  for (const auto& f : embedded_files()) {
    if (f.name.rfind(prefix, 0) != 0) continue;
    std::string file(f.name.substr(prefix.size()));
    auto underscore = file.find('_');
    if (underscore == std::string::npos) continue;
    int version = std::stoi(file.substr(0, underscore));
    std::string name = file.substr(underscore + 1);
    if (name.size() > 4 && name.ends_with(".sql")) name.resize(name.size() - 4);
    out.push_back({version, name, std::string(f.content)});
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.version < b.version; });
  return out;
}

static void ensure_table(Connection& c) {
  c.exec_script(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)");
}

int schema_version(Connection& c) {
  ensure_table(c);
  auto row = c.query_one("SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  return row ? static_cast<int>(row->i64(0)) : 0;
}

MigrateReport migrate(Connection& c) {
  auto all = migrations_for(c.dialect());
  int newest = all.empty() ? 0 : all.back().version;
  // Several servers may start at once against one PostgreSQL: serialize them.
  if (c.dialect() == Dialect::kPostgres) c.query("SELECT pg_advisory_lock(74837001)");
  MigrateReport report;
  try {
    report.from_version = schema_version(c);
    if (report.from_version > newest)
      throw std::runtime_error("La base de datos tiene el esquema " + std::to_string(report.from_version) +
                               ", más nuevo que el de este binario (" + std::to_string(newest) +
                               "): actualice Tequio");
    for (const auto& m : all) {
      if (m.version <= report.from_version) continue;
      Tx tx(c, Tx::Mode::kWrite);
      c.exec_script(m.sql);
      tx.execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
                 {int64_t{m.version}, m.name, now_iso()});
      tx.commit();
      report.applied.push_back(std::to_string(m.version) + "_" + m.name);
    }
    report.to_version = std::max(report.from_version, newest);
  } catch (...) {
    if (c.dialect() == Dialect::kPostgres) c.query("SELECT pg_advisory_unlock(74837001)");
    throw;
  }
  if (c.dialect() == Dialect::kPostgres) c.query("SELECT pg_advisory_unlock(74837001)");
  return report;
}

}  // namespace tequio::storage
