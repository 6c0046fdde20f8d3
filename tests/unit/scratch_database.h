// Test support: a database of its own for every test, on either backend, and the
// parameterized fixture that runs one store suite on both (Kea's way, see STYLE.md).
//
// SQLite: a fresh file in the temp directory, removed afterwards.
// PostgreSQL: a fresh schema t_<random> in the database named by TEQUIO_TEST_PG_URL, every
// connection opened with search_path set to it; the schema is dropped afterwards.
// Without TEQUIO_TEST_PG_URL the PostgreSQL instances FAIL, unless TEQUIO_TEST_SKIP_PG=1.
#pragma once
#include <gtest/gtest.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "storage/db.h"

namespace tequio::testing {

enum class Backend { kSqlite, kPostgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info);
// So failure messages say "GetParam() = postgres" instead of raw bytes.
inline void PrintTo(Backend b, std::ostream* os) { *os << (b == Backend::kSqlite ? "sqlite" : "postgres"); }

// An empty database (no migrations applied) that disappears with this object.
class ScratchDatabase {
 public:
  // Throws (DbError, std::runtime_error) when the database cannot be created.
  explicit ScratchDatabase(Backend backend);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  // A new connection to this database; callable any number of times.
  std::unique_ptr<storage::Connection> connect() const;
  storage::Dialect dialect() const;
  std::string describe() const;

 private:
  Backend backend_;
  std::filesystem::path sqlite_path_;
  std::string pg_url_;  // as given in TEQUIO_TEST_PG_URL
  std::string schema_;
};

// Base fixture of every store suite. SetUp creates the database (migrated unless
// migrated() says otherwise) and a pool over it, then calls SetUpServices().
class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  ~BackendTest() override;
  void SetUp() override;
  virtual bool migrated() const { return true; }
  // Build services here; the pool is ready.
  virtual void SetUpServices() {}

  storage::Pool& pool() { return *pool_; }
  std::unique_ptr<storage::Connection> connect() { return db_->connect(); }
  storage::Dialect dialect() const { return db_->dialect(); }
  bool on_postgres() const { return GetParam() == Backend::kPostgres; }
  // Runs one statement on a connection of the pool and returns the affected rows.
  int64_t exec(const std::string& sql, const storage::Params& params = {});
  int64_t count(const std::string& table_and_where, const storage::Params& params = {});

 private:
  std::unique_ptr<ScratchDatabase> db_;
  std::unique_ptr<storage::Pool> pool_;
};

}  // namespace tequio::testing

// Runs every TEST_P of `suite` once per backend: Backends/<suite>.<test>/sqlite and …/postgres.
#define TEQUIO_ON_BOTH_BACKENDS(suite)                                                           \
  INSTANTIATE_TEST_SUITE_P(Backends, suite,                                                      \
                           ::testing::Values(::tequio::testing::Backend::kSqlite,                \
                                             ::tequio::testing::Backend::kPostgres),             \
                           ::tequio::testing::backend_name)
