#include "scratch_database.h"

#include <sodium.h>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

#include "core/text.h"
#include "storage/migrate.h"

namespace tequio::testing {
namespace {

const char* env(const char* name) {
  const char* v = std::getenv(name);
  return (v && *v) ? v : nullptr;
}

// main() initialises libsodium before anything else; so does the test binary.
const bool kSodiumReady = sodium_init() >= 0;

std::string random_suffix() { return sha256_hex(random_token(16)).substr(0, 16); }

}  // namespace

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

ScratchDatabase::ScratchDatabase(Backend backend) : backend_(backend) {
  if (!kSodiumReady) throw std::runtime_error("libsodium could not be initialised");
  if (backend_ == Backend::kSqlite) {
    sqlite_path_ = std::filesystem::temp_directory_path() / ("tequio-unit-" + random_suffix() + ".db");
    return;
  }
  const char* url = env("TEQUIO_TEST_PG_URL");
  if (!url) throw std::runtime_error("TEQUIO_TEST_PG_URL is not set");
  pg_url_ = url;
  schema_ = "t_" + random_suffix();
  auto admin = storage::open_postgres(pg_url_);
  admin->exec_script("CREATE SCHEMA " + schema_);
}

ScratchDatabase::~ScratchDatabase() {
  try {
    if (backend_ == Backend::kSqlite) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm", "-journal"})
        std::filesystem::remove(sqlite_path_.string() + suffix, ec);
    } else {
      auto admin = storage::open_postgres(pg_url_);
      admin->exec_script("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
    }
  } catch (const std::exception& ex) {
    std::cerr << "scratch database " << describe() << " not removed: " << ex.what() << "\n";
  }
}

std::unique_ptr<storage::Connection> ScratchDatabase::connect() const {
  if (backend_ == Backend::kSqlite) return storage::open_sqlite(sqlite_path_.string(), storage::SqliteOptions{});
  // libpq URIs take `options`; %3D is '=' so the server sees -csearch_path=t_xxx.
  std::string url = pg_url_ + (pg_url_.find('?') == std::string::npos ? "?" : "&") +
                    "options=-csearch_path%3D" + schema_;
  return storage::open_postgres(url);
}

storage::Dialect ScratchDatabase::dialect() const {
  return backend_ == Backend::kSqlite ? storage::Dialect::kSqlite : storage::Dialect::kPostgres;
}

std::string ScratchDatabase::describe() const {
  return backend_ == Backend::kSqlite ? "sqlite:" + sqlite_path_.string() : "postgres schema " + schema_;
}

BackendTest::~BackendTest() {
  // Connections close before the database goes away (a schema with open sessions cannot
  // always be dropped at once). Services of subclasses are already destroyed here.
  pool_.reset();
  db_.reset();
}

void BackendTest::SetUp() {
  if (GetParam() == Backend::kPostgres && !env("TEQUIO_TEST_PG_URL")) {
    const char* skip = env("TEQUIO_TEST_SKIP_PG");
    if (skip && std::string(skip) == "1")
      GTEST_SKIP() << "PostgreSQL skipped: TEQUIO_TEST_SKIP_PG=1";
    FAIL() << "TEQUIO_TEST_PG_URL is not set. Start a server with `scripts/pg-test-server.sh start DIR` and "
              "export the URL it prints, or set TEQUIO_TEST_SKIP_PG=1 to skip the PostgreSQL tests.";
  }
  db_ = std::make_unique<ScratchDatabase>(GetParam());
  if (migrated()) {
    auto c = db_->connect();
    storage::migrate(*c);
  }
  ScratchDatabase* db = db_.get();
  pool_ = std::make_unique<storage::Pool>([db] { return db->connect(); }, 4, db_->dialect());
  SetUpServices();
}

int64_t BackendTest::exec(const std::string& sql, const storage::Params& params) {
  auto c = pool_->acquire();
  return c->execute(sql, params);
}

int64_t BackendTest::count(const std::string& table_and_where, const storage::Params& params) {
  auto c = pool_->acquire();
  return c->query_one("SELECT COUNT(*) FROM " + table_and_where, params)->i64(0);
}

}  // namespace tequio::testing
