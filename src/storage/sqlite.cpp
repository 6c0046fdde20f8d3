// SQLite backend: WAL, foreign keys on, busy timeout, statements cached per connection.
#include <sqlite3.h>

#include <string>
#include <unordered_map>

#include "storage/db.h"

namespace tequio::storage {
namespace {

[[noreturn]] void fail(sqlite3* db, int rc, std::string_view context) {
  int ext = db ? sqlite3_extended_errcode(db) : rc;
  std::string msg = std::string(context) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  auto kind = DbError::Kind::kOther;
  if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY) kind = DbError::Kind::kUnique;
  else if (ext == SQLITE_CONSTRAINT_FOREIGNKEY) kind = DbError::Kind::kForeignKey;
  else if ((rc & 0xFF) == SQLITE_BUSY || (rc & 0xFF) == SQLITE_LOCKED) kind = DbError::Kind::kBusy;
  throw DbError(kind, msg);
}

class SqliteConnection final : public Connection {
 public:
  SqliteConnection(const std::string& path, const SqliteOptions& opts) {
    // Memory statistics take a global mutex on every allocation; nobody reads them.
    static const bool configured = [] {
      sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      return true;
    }();
    (void)configured;
    int rc = sqlite3_open_v2(path.c_str(), &db_,
                             SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
      std::string msg = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
      sqlite3_close(db_);
      db_ = nullptr;
      throw DbError(DbError::Kind::kConnection, "No se pudo abrir " + path + ": " + msg);
    }
    sqlite3_busy_timeout(db_, opts.busy_timeout_ms);
    exec_script("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=" +
                opts.synchronous + "; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=268435456; PRAGMA cache_size=-32768;");
  }

  ~SqliteConnection() override {
    for (auto& [_, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }

  Rows query(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = bind(sql, params);
    Rows rows;
    int ncols = sqlite3_column_count(stmt);
    for (;;) {
      int rc = sqlite3_step(stmt);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) {
        sqlite3_reset(stmt);
        fail(db_, rc, "sqlite step");
      }
      std::vector<Value> values;
      values.reserve(ncols);
      for (int i = 0; i < ncols; ++i) {
        switch (sqlite3_column_type(stmt, i)) {
          case SQLITE_NULL: values.emplace_back(nullptr); break;
          case SQLITE_INTEGER: values.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, i))); break;
          case SQLITE_FLOAT: values.emplace_back(sqlite3_column_double(stmt, i)); break;
          default: {
            auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, i));
            values.emplace_back(std::string(text, sqlite3_column_bytes(stmt, i)));
          }
        }
      }
      rows.emplace_back(std::move(values));
    }
    sqlite3_reset(stmt);
    return rows;
  }

  int64_t execute(std::string_view sql, const Params& params) override {
    sqlite3_stmt* stmt = bind(sql, params);
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) fail(db_, rc, "sqlite execute");
    return sqlite3_changes64(db_);
  }

  void exec_script(std::string_view sql) override {
    char* err = nullptr;
    std::string s(sql);
    int rc = sqlite3_exec(db_, s.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
      std::string msg = err ? err : "error";
      sqlite3_free(err);
      throw DbError(DbError::Kind::kOther, "sqlite script: " + msg);
    }
  }

  void prepare(std::string_view sql) override { statement(sql); }

  int64_t count_and_slice(std::string_view sql, const Params& params, int64_t offset, int64_t limit,
                          std::vector<int64_t>& ids) override {
    sqlite3_stmt* stmt = bind(sql, params);
    int64_t n = 0;
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
      if (n >= offset && n < offset + limit) ids.push_back(sqlite3_column_int64(stmt, 0));
      ++n;
    }
    sqlite3_reset(stmt);
    if (rc != SQLITE_DONE) fail(db_, rc, "sqlite step");
    return n;
  }

  bool healthy() override { return sqlite3_get_autocommit(db_) != 0; }

 private:
  sqlite3_stmt* statement(std::string_view sql) {
    std::string key(sql);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, key.c_str(), static_cast<int>(key.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) fail(db_, rc, "sqlite prepare [" + key + "]");
    cache_.emplace(std::move(key), stmt);
    return stmt;
  }

  sqlite3_stmt* bind(std::string_view sql, const Params& params) {
    sqlite3_stmt* stmt = statement(sql);
    sqlite3_clear_bindings(stmt);
    for (size_t i = 0; i < params.size(); ++i) {
      std::string name = "$" + std::to_string(i + 1);
      int idx = sqlite3_bind_parameter_index(stmt, name.c_str());
      if (idx == 0) continue;  // parameter not used by this dialect's text
      const Param& p = params[i];
      int rc = SQLITE_OK;
      if (std::holds_alternative<std::nullptr_t>(p)) rc = sqlite3_bind_null(stmt, idx);
      else if (auto v = std::get_if<int64_t>(&p)) rc = sqlite3_bind_int64(stmt, idx, *v);
      else if (auto v = std::get_if<bool>(&p)) rc = sqlite3_bind_int64(stmt, idx, *v ? 1 : 0);
      else if (auto v = std::get_if<double>(&p)) rc = sqlite3_bind_double(stmt, idx, *v);
      else if (auto v = std::get_if<std::string>(&p))
        rc = sqlite3_bind_text(stmt, idx, v->data(), static_cast<int>(v->size()), SQLITE_TRANSIENT);
      if (rc != SQLITE_OK) fail(db_, rc, "sqlite bind");
    }
    return stmt;
  }

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, sqlite3_stmt*> cache_;
};

}  // namespace

std::unique_ptr<Connection> open_sqlite(const std::string& path, const SqliteOptions& opts) {
  return std::make_unique<SqliteConnection>(path, opts);
}

}  // namespace tequio::storage
