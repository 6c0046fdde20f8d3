// PostgreSQL backend over libpq: statements prepared once per connection (named s1, s2, …),
// parameters sent as text, results converted by column type.
#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <unordered_map>

#include "storage/db.h"

namespace tequio::storage {
namespace {

constexpr Oid kBoolOid = 16, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23, kFloat4Oid = 700,
              kFloat8Oid = 701, kNumericOid = 1700, kOidOid = 26;

class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  ~PgResult() {
    if (r_) PQclear(r_);
  }
  PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

class PgConnection final : public Connection {
 public:
  explicit PgConnection(const std::string& conninfo) {
    conn_ = PQconnectdb(conninfo.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string msg = PQerrorMessage(conn_);
      PQfinish(conn_);
      conn_ = nullptr;
      throw DbError(DbError::Kind::kConnection, "No se pudo conectar a PostgreSQL: " + msg);
    }
    // Server notices ("already exists, skipping") are not errors: keep them off stderr.
    PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
    PgResult r(PQexec(conn_, "SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"));
    check(r.get(), "pg setup");
  }

  ~PgConnection() override {
    if (conn_) PQfinish(conn_);
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Rows query(std::string_view sql, const Params& params) override {
    PgResult r = run(sql, params);
    Rows rows;
    int nrows = PQntuples(r.get()), ncols = PQnfields(r.get());
    rows.reserve(nrows);
    for (int i = 0; i < nrows; ++i) {
      std::vector<Value> values;
      values.reserve(ncols);
      for (int j = 0; j < ncols; ++j) {
        if (PQgetisnull(r.get(), i, j)) {
          values.emplace_back(nullptr);
          continue;
        }
        const char* text = PQgetvalue(r.get(), i, j);
        int len = PQgetlength(r.get(), i, j);
        switch (PQftype(r.get(), j)) {
          case kInt2Oid:
          case kInt4Oid:
          case kInt8Oid:
          case kOidOid: {
            int64_t v = 0;
            std::from_chars(text, text + len, v);
            values.emplace_back(v);
            break;
          }
          case kFloat4Oid:
          case kFloat8Oid:
          case kNumericOid: values.emplace_back(std::strtod(text, nullptr)); break;
          case kBoolOid: values.emplace_back(static_cast<int64_t>(text[0] == 't' ? 1 : 0)); break;
          default: values.emplace_back(std::string(text, len));
        }
      }
      rows.emplace_back(std::move(values));
    }
    return rows;
  }

  int64_t execute(std::string_view sql, const Params& params) override {
    PgResult r = run(sql, params);
    const char* n = PQcmdTuples(r.get());
    return (n && *n) ? std::strtoll(n, nullptr, 10) : 0;
  }

  void exec_script(std::string_view sql) override {
    std::string s(sql);
    PgResult r(PQexec(conn_, s.c_str()));
    check(r.get(), "pg script");
  }

  void prepare(std::string_view sql) override { statement(sql); }

  bool healthy() override {
    return PQstatus(conn_) == CONNECTION_OK && PQtransactionStatus(conn_) == PQTRANS_IDLE;
  }

 private:
  void check(PGresult* r, std::string_view context) {
    auto st = PQresultStatus(r);
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return;
    const char* state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    std::string code = state ? state : "";
    auto kind = DbError::Kind::kOther;
    if (code == "23505") kind = DbError::Kind::kUnique;
    else if (code == "23503") kind = DbError::Kind::kForeignKey;
    else if (code.rfind("08", 0) == 0 || PQstatus(conn_) != CONNECTION_OK) kind = DbError::Kind::kConnection;
    else if (code == "40001" || code == "40P01" || code == "55P03") kind = DbError::Kind::kBusy;
    throw DbError(kind, std::string(context) + ": " + PQresultErrorMessage(r));
  }

  const std::string& statement(std::string_view sql) {
    std::string key(sql);
    auto it = cache_.find(key);
    if (it != cache_.end()) return it->second;
    std::string name = "s" + std::to_string(cache_.size() + 1);
    PgResult r(PQprepare(conn_, name.c_str(), key.c_str(), 0, nullptr));
    check(r.get(), "pg prepare [" + key + "]");
    return cache_.emplace(std::move(key), std::move(name)).first->second;
  }

  PgResult run(std::string_view sql, const Params& params) {
    const std::string& name = statement(sql);
    std::vector<std::string> storage(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t i = 0; i < params.size(); ++i) {
      const Param& p = params[i];
      if (std::holds_alternative<std::nullptr_t>(p)) continue;
      if (auto v = std::get_if<int64_t>(&p)) storage[i] = std::to_string(*v);
      else if (auto v = std::get_if<bool>(&p)) storage[i] = *v ? "1" : "0";
      else if (auto v = std::get_if<double>(&p)) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.17g", *v);  // round-trips exactly
        storage[i] = buf;
      }
      else storage[i] = std::get<std::string>(p);
      values[i] = storage[i].c_str();
    }
    PgResult r(PQexecPrepared(conn_, name.c_str(), static_cast<int>(params.size()), values.data(),
                              nullptr, nullptr, 0));
    check(r.get(), "pg query");
    return r;
  }

  PGconn* conn_ = nullptr;
  std::unordered_map<std::string, std::string> cache_;
};

}  // namespace

std::unique_ptr<Connection> open_postgres(const std::string& conninfo) {
  return std::make_unique<PgConnection>(conninfo);
}

}  // namespace tequio::storage
