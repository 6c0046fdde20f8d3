// src/storage/migrate.h on both backends: forward-only numbered migrations.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include <set>

#include "core/time.h"
#include "scratch_database.h"
#include "storage/migrate.h"

namespace tequio::testing {
namespace {

using storage::Dialect;
using storage::migrate;
using storage::migrations_for;
using storage::schema_version;

class Migrations : public BackendTest {
 protected:
  bool migrated() const override { return false; }
  int newest() const { return migrations_for(dialect()).back().version; }
};

TEST(MigrationFiles, ComeInPairsOnePerBackend) {
  auto sqlite = migrations_for(Dialect::kSqlite);
  auto postgres = migrations_for(Dialect::kPostgres);
  ASSERT_FALSE(sqlite.empty());
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_EQ(sqlite[i].version, postgres[i].version);
    EXPECT_EQ(sqlite[i].name, postgres[i].name);
  }
}

TEST(MigrationFiles, AreNumberedFromOneWithoutGaps) {
  for (auto d : {Dialect::kSqlite, Dialect::kPostgres}) {
    auto all = migrations_for(d);
    for (size_t i = 0; i < all.size(); ++i) {
      EXPECT_EQ(all[i].version, static_cast<int>(i + 1)) << all[i].name;
      EXPECT_FALSE(all[i].sql.empty()) << all[i].name;
      EXPECT_FALSE(all[i].name.ends_with(".sql")) << all[i].name;
    }
  }
}

TEST_P(Migrations, EmptyDatabaseIsAtVersionZero) {
  auto c = connect();
  EXPECT_EQ(schema_version(*c), 0);
}

TEST_P(Migrations, MigrateAppliesEveryMigration) {
  auto c = connect();
  auto report = migrate(*c);
  auto all = migrations_for(dialect());
  EXPECT_EQ(report.from_version, 0);
  EXPECT_EQ(report.to_version, newest());
  ASSERT_EQ(report.applied.size(), all.size());
  EXPECT_EQ(report.applied.front(), "1_foundation");
  EXPECT_EQ(schema_version(*c), newest());
  // The foundation schema is there and seeded.
  for (const char* table : {"areas", "positions", "people", "users", "sessions", "api_tokens", "audit_log"})
    EXPECT_EQ(c->query_one(std::string("SELECT COUNT(*) FROM ") + table)->i64(0), 0) << table;
  auto head = c->query_one("SELECT seq, last_hash FROM audit_head WHERE id = 1");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->i64(0), 0);
  EXPECT_EQ(head->str(1), "");
}

TEST_P(Migrations, MigrateRecordsEachVersionOnce) {
  auto c = connect();
  migrate(*c);
  auto rows = c->query("SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
  auto all = migrations_for(dialect());
  ASSERT_EQ(rows.size(), all.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(rows[i].i64(0), all[i].version);
    EXPECT_EQ(rows[i].str(1), all[i].name);
    EXPECT_TRUE(parse_iso(rows[i].str(2))) << rows[i].str(2);
  }
}

TEST_P(Migrations, MigrateTwiceChangesNothing) {
  auto c = connect();
  migrate(*c);
  auto again = migrate(*c);
  EXPECT_TRUE(again.applied.empty());
  EXPECT_EQ(again.from_version, newest());
  EXPECT_EQ(again.to_version, newest());
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM schema_migrations")->i64(0),
            static_cast<int64_t>(migrations_for(dialect()).size()));
  EXPECT_EQ(c->query_one("SELECT COUNT(*) FROM audit_head")->i64(0), 1);
}

TEST_P(Migrations, SecondServerStartingLaterFindsNothingToDo) {
  auto first = connect();
  auto second = connect();
  migrate(*first);
  EXPECT_TRUE(migrate(*second).applied.empty());
}

TEST_P(Migrations, DatabaseNewerThanTheBinaryIsRefused) {
  auto c = connect();
  migrate(*c);
  c->execute("INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
             {int64_t{9999}, std::string("from_the_future"), now_iso()});
  EXPECT_EQ(schema_version(*c), 9999);
  try {
    migrate(*c);
    FAIL() << "a schema newer than the binary was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("9999"), std::string::npos) << e.what();
  }
  EXPECT_EQ(schema_version(*c), 9999);
  if (on_postgres()) {
    // The migration lock was released: another server can take it. The lock is database-wide and
    // other suites running in parallel (each in its own schema) migrate too, so allow them a moment.
    auto other = connect();
    bool taken = false;
    for (int i = 0; i < 100 && !taken; ++i) {
      taken = other->query_one("SELECT pg_try_advisory_lock(74837001)")->boolean(0);
      if (!taken) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    EXPECT_TRUE(taken);
    if (taken) other->query("SELECT pg_advisory_unlock(74837001)");
  }
}

TEST_P(Migrations, FailedMigrationLeavesTheVersionWhereItWas) {
  auto c = connect();
  // A table in the way makes 0001 fail half-way; its transaction must undo the rest.
  c->exec_script("CREATE TABLE audit_log (x INTEGER)");
  EXPECT_ANY_THROW(migrate(*c));
  EXPECT_EQ(schema_version(*c), 0);
  EXPECT_TRUE(c->healthy());
  // DDL is transactional on both backends: nothing of 0001 remains.
  std::string sql = on_postgres() ? "SELECT COUNT(*) FROM information_schema.tables "
                                    "WHERE table_schema = current_schema() AND table_name = 'areas'"
                                  : "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'areas'";
  EXPECT_EQ(c->query_one(sql)->i64(0), 0);
  c->exec_script("DROP TABLE audit_log");
  EXPECT_EQ(migrate(*c).to_version, newest());  // and the next attempt succeeds
}

TEQUIO_ON_BOTH_BACKENDS(Migrations);

}  // namespace
}  // namespace tequio::testing
