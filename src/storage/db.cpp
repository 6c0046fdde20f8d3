#include "storage/db.h"

#include <charconv>

namespace tequio::storage {

int64_t Row::i64(size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    int64_t out = 0;
    std::from_chars(p->data(), p->data() + p->size(), out);
    return out;
  }
  return 0;
}

double Row::f64(size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stod(*p);
  return 0;
}

std::string Row::str(size_t i) const {
  const Value& v = values_.at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  if (auto p = std::get_if<int64_t>(&v)) return std::to_string(*p);
  if (auto p = std::get_if<double>(&v)) return std::to_string(*p);
  return {};
}

std::optional<std::string> Row::opt_str(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return str(i);
}

std::optional<int64_t> Row::opt_i64(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

DatabaseUrl DatabaseUrl::parse(const std::string& url) {
  DatabaseUrl out;
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    out.dialect = Dialect::kPostgres;
    out.pg_conninfo = url;
  } else if (url.rfind("sqlite://", 0) == 0) {
    out.sqlite_path = url.substr(9);
  } else if (url.rfind("sqlite:", 0) == 0) {
    out.sqlite_path = url.substr(7);
  } else {
    throw std::invalid_argument("URL de base de datos no reconocida (use sqlite:RUTA o postgresql://…)");
  }
  return out;
}

std::string DatabaseUrl::describe() const {
  if (dialect == Dialect::kSqlite) return "sqlite:" + sqlite_path;
  // Hide any password: postgresql://user:secret@host → postgresql://user:***@host
  std::string s = pg_conninfo;
  auto scheme = s.find("://");
  auto at = s.find('@');
  if (scheme != std::string::npos && at != std::string::npos) {
    auto colon = s.find(':', scheme + 3);
    if (colon != std::string::npos && colon < at) s.replace(colon + 1, at - colon - 1, "***");
  }
  return s;
}

int64_t Connection::count_and_slice(std::string_view sql, const Params& params, int64_t offset, int64_t limit,
                                    std::vector<int64_t>& ids) {
  Rows rows = query(sql, params);
  for (int64_t i = offset; i < static_cast<int64_t>(rows.size()) && i < offset + limit; ++i) ids.push_back(rows[i].i64(0));
  return static_cast<int64_t>(rows.size());
}

Pool::Pool(Factory factory, size_t size, Dialect dialect)
    : factory_(std::move(factory)), size_(size), dialect_(dialect) {}

Pool::~Pool() = default;

Pool::Lease::~Lease() {
  if (c_ && pool_) pool_->release(std::move(c_));
}

Pool::Lease Pool::acquire() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!idle_.empty()) {
      auto c = std::move(idle_.back());
      idle_.pop_back();
      ++in_use_;
      return Lease(this, std::move(c));
    }
    if (created_ < size_) {
      ++created_;
      ++in_use_;
      lock.unlock();
      try {
        return Lease(this, factory_());
      } catch (...) {
        std::lock_guard relock(mu_);
        --created_;
        --in_use_;
        cv_.notify_one();
        throw;
      }
    }
    ++waits_;
    cv_.wait(lock);
  }
}

void Pool::release(std::unique_ptr<Connection> c) {
  bool keep = c->healthy();
  std::lock_guard lock(mu_);
  --in_use_;
  if (keep) idle_.push_back(std::move(c));
  else --created_;  // dropped; a fresh one is made on demand
  cv_.notify_one();
}

size_t Pool::in_use() const {
  std::lock_guard lock(mu_);
  return in_use_;
}

uint64_t Pool::waits() const {
  std::lock_guard lock(mu_);
  return waits_;
}

Tx::Tx(Connection& c, Mode mode) : c_(c) {
  if (c.dialect() == Dialect::kSqlite && mode == Mode::kWrite) c_.execute("BEGIN IMMEDIATE");
  else c_.execute("BEGIN");
}

Tx::~Tx() {
  if (!done_) {
    try {
      c_.execute("ROLLBACK");
    } catch (...) {
      // The connection is unusable; healthy() will report it and the pool drops it.
    }
  }
}

void Tx::commit() {
  c_.execute("COMMIT");
  done_ = true;
}

}  // namespace tequio::storage

namespace tequio::storage {
std::string like_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}
}  // namespace tequio::storage
