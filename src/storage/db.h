// Database access for every store: one interface over SQLite (sqlite3 C API) and
// PostgreSQL (libpq). Both accept `$1` placeholders, so one SQL text serves both unless a
// store says otherwise (see docs/decisions/0001-storage.md for why not SOCI).
//
// Thread safety: a Connection is used by one thread at a time; the Pool hands them out.
// Errors: infrastructure failures throw DbError; constraint violations are flagged on it
// so services can turn them into domain errors.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace tequio::storage {

enum class Dialect { kSqlite, kPostgres };

class DbError : public std::runtime_error {
 public:
  enum class Kind { kOther, kUnique, kForeignKey, kConnection, kBusy };
  DbError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  Kind kind() const { return kind_; }
  bool unique_violation() const { return kind_ == Kind::kUnique; }
  bool foreign_key_violation() const { return kind_ == Kind::kForeignKey; }

 private:
  Kind kind_;
};

// A bound parameter. Booleans are stored as 0/1 integers on both backends.
using Param = std::variant<std::nullptr_t, int64_t, double, std::string, bool>;
using Params = std::vector<Param>;

// Optional helpers so stores can write opt(x) for nullable columns.
template <class T>
Param opt(const std::optional<T>& v) {
  if (!v) return nullptr;
  return Param(*v);
}

using Value = std::variant<std::nullptr_t, int64_t, double, std::string>;

class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  size_t size() const { return values_.size(); }
  bool is_null(size_t i) const { return std::holds_alternative<std::nullptr_t>(values_.at(i)); }
  int64_t i64(size_t i) const;
  double f64(size_t i) const;
  bool boolean(size_t i) const { return i64(i) != 0; }
  std::string str(size_t i) const;  // NULL → ""
  // A view of a text column without copying (empty for NULL or non-text); valid while the Row lives.
  std::string_view view(size_t i) const {
    auto p = std::get_if<std::string>(&values_.at(i));
    return p ? std::string_view(*p) : std::string_view();
  }
  std::optional<std::string> opt_str(size_t i) const;
  std::optional<int64_t> opt_i64(size_t i) const;

 private:
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;
  // Runs one statement (prepared and cached per connection) and returns its rows.
  virtual Rows query(std::string_view sql, const Params& params = {}) = 0;
  // Runs one statement and returns the number of affected rows.
  virtual int64_t execute(std::string_view sql, const Params& params = {}) = 0;
  // Runs several statements without parameters (migrations).
  virtual void exec_script(std::string_view sql) = 0;
  // Prepares a statement without running it: a broken query fails at boot.
  virtual void prepare(std::string_view sql) = 0;
  virtual bool healthy() = 0;
  // Runs a query whose first column is an integer id, counts every row and keeps only the ids
  // of rows [offset, offset + limit): one pass instead of a COUNT plus a LIMIT/OFFSET query.
  // The default materializes the rows; SQLite steps through them without converting any.
  virtual int64_t count_and_slice(std::string_view sql, const Params& params, int64_t offset, int64_t limit,
                                  std::vector<int64_t>& ids);

  std::optional<Row> query_one(std::string_view sql, const Params& params = {}) {
    Rows rows = query(sql, params);
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  }
};

struct DatabaseUrl {
  Dialect dialect = Dialect::kSqlite;
  std::string sqlite_path;  // for SQLite
  std::string pg_conninfo;  // for PostgreSQL (the URL as given)
  static DatabaseUrl parse(const std::string& url);
  std::string describe() const;  // without password
};

struct SqliteOptions {
  // NORMAL in WAL mode keeps every committed transaction across a process crash (kill -9):
  // the WAL is written before COMMIT returns. FULL also survives power loss, at ~1 fsync per commit.
  std::string synchronous = "NORMAL";
  int busy_timeout_ms = 10000;
};

std::unique_ptr<Connection> open_sqlite(const std::string& path, const SqliteOptions& opts);
std::unique_ptr<Connection> open_postgres(const std::string& conninfo);

// A fixed-size pool; acquire() blocks until a connection is free. Broken connections
// (PostgreSQL restarts) are replaced on the next acquire.
class Pool {
 public:
  using Factory = std::function<std::unique_ptr<Connection>()>;
  Pool(Factory factory, size_t size, Dialect dialect);
  ~Pool();

  class Lease {
   public:
    Lease(Pool* pool, std::unique_ptr<Connection> c) : pool_(pool), c_(std::move(c)) {}
    Lease(Lease&& o) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    Connection& operator*() { return *c_; }
    Connection* operator->() { return c_.get(); }

   private:
    Pool* pool_;
    std::unique_ptr<Connection> c_;
  };

  Lease acquire();
  Dialect dialect() const { return dialect_; }
  size_t size() const { return size_; }
  size_t in_use() const;
  uint64_t waits() const;

 private:
  friend class Lease;
  void release(std::unique_ptr<Connection> c);

  Factory factory_;
  size_t size_;
  Dialect dialect_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t created_ = 0;
  size_t in_use_ = 0;
  uint64_t waits_ = 0;
};

// A transaction on one connection. Writes on SQLite take the write lock up front
// (BEGIN IMMEDIATE) so two writers never deadlock upgrading a read lock.
// Rolls back on destruction unless committed.
class Tx {
 public:
  enum class Mode { kRead, kWrite };
  Tx(Connection& c, Mode mode);
  ~Tx();
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;
  void commit();
  Connection& conn() { return c_; }
  Dialect dialect() const { return c_.dialect(); }
  Rows query(std::string_view sql, const Params& p = {}) { return c_.query(sql, p); }
  std::optional<Row> query_one(std::string_view sql, const Params& p = {}) { return c_.query_one(sql, p); }
  int64_t execute(std::string_view sql, const Params& p = {}) { return c_.execute(sql, p); }

 private:
  Connection& c_;
  bool done_ = false;
};

}  // namespace tequio::storage

namespace tequio::storage {
// Escapes %, _ and \ so user text matches literally inside `LIKE '%' || $n || '%' ESCAPE '\'`.
// The pattern is an expression on purpose: a bare `LIKE $n` makes SQLite re-prepare the
// statement on every new binding (its LIKE optimization depends on the value).
std::string like_escape(std::string_view text);
inline std::string contains_clause(const std::string& column, size_t param_index) {
  return column + " LIKE '%' || $" + std::to_string(param_index) + " || '%' ESCAPE '\\'";
}
}  // namespace tequio::storage

namespace tequio::storage {
// Builds "UPDATE table SET a = $1, b = $2 … WHERE id = $n" for PATCH-style updates where only
// the fields a client sent are written.
class UpdateBuilder {
 public:
  explicit UpdateBuilder(std::string table) : sql_("UPDATE " + std::move(table) + " SET ") {}
  UpdateBuilder& set(std::string_view column, Param value) {
    params_.push_back(std::move(value));
    if (params_.size() > 1) sql_ += ", ";
    sql_ += std::string(column) + " = $" + std::to_string(params_.size());
    return *this;
  }
  // Returns the number of rows changed (0 or 1).
  int64_t execute_by_id(Tx& tx, int64_t id) {
    params_.push_back(id);
    return tx.execute(sql_ + " WHERE id = $" + std::to_string(params_.size()), params_);
  }

 private:
  std::string sql_;
  Params params_;
};
}  // namespace tequio::storage
