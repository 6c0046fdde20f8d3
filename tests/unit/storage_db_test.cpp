// src/storage/db.h on both backends: values through Row, transactions, constraint errors,
// the connection pool and the per-connection statement cache.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <optional>
#include <set>
#include <thread>

#include "core/time.h"
#include "scratch_database.h"
#include "storage/db.h"

namespace tequio::testing {
namespace {

using storage::Connection;
using storage::DbError;
using storage::Param;
using storage::Params;
using storage::Pool;
using storage::Tx;

class Database : public BackendTest {
 protected:
  static void insert_area(Connection& c, const std::string& code) {
    std::string now = now_iso();
    c.execute("INSERT INTO areas (code, name, kind, search_key, created_at, updated_at) "
              "VALUES ($1, $2, 'unidad', $2, $3, $3)",
              {code, "Área " + code, now});
  }
  static void insert_area(Tx& tx, const std::string& code) { insert_area(tx.conn(), code); }
  static int64_t areas(Connection& c) { return c.query_one("SELECT COUNT(*) FROM areas")->i64(0); }

  void create_round_trip_table(Connection& c) {
    c.exec_script(
        "CREATE TABLE round_trip (id BIGINT PRIMARY KEY, big BIGINT, txt TEXT, flag INTEGER, missing TEXT, "
        "real_value DOUBLE PRECISION)");
  }
};

TEST_P(Database, DialectMatchesTheBackend) {
  auto c = pool().acquire();
  EXPECT_EQ(c->dialect(), on_postgres() ? storage::Dialect::kPostgres : storage::Dialect::kSqlite);
  EXPECT_EQ(pool().dialect(), c->dialect());
  EXPECT_TRUE(c->healthy());
}

TEST_P(Database, NullIntTextAndBoolRoundTripThroughRow) {
  auto c = pool().acquire();
  create_round_trip_table(*c);
  c->execute("INSERT INTO round_trip (id, big, txt, flag, missing, real_value) VALUES ($1, $2, $3, $4, $5, $6)",
             {int64_t{1}, int64_t{9007199254740993}, std::string("José Núñez — 'comillas' \"dobles\" ✓"), true,
              nullptr, 2.5});
  c->execute("INSERT INTO round_trip (id, big, txt, flag, missing, real_value) VALUES ($1, $2, $3, $4, $5, $6)",
             {int64_t{2}, int64_t{-9223372036854775807}, std::string(""), false, nullptr, -0.25});
  auto rows = c->query("SELECT id, big, txt, flag, missing, real_value FROM round_trip ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
  const auto& a = rows[0];
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a.i64(0), 1);
  EXPECT_EQ(a.i64(1), 9007199254740993);  // beyond a double's exact integers
  EXPECT_EQ(a.str(2), "José Núñez — 'comillas' \"dobles\" ✓");
  EXPECT_TRUE(a.boolean(3));
  EXPECT_TRUE(a.is_null(4));
  EXPECT_EQ(a.str(4), "");
  EXPECT_EQ(a.opt_str(4), std::nullopt);
  EXPECT_EQ(a.opt_i64(4), std::nullopt);
  EXPECT_DOUBLE_EQ(a.f64(5), 2.5);
  EXPECT_EQ(a.opt_i64(1), 9007199254740993);
  EXPECT_EQ(a.opt_str(2), "José Núñez — 'comillas' \"dobles\" ✓");

  const auto& b = rows[1];
  EXPECT_EQ(b.i64(1), -9223372036854775807);
  EXPECT_EQ(b.str(2), "");
  EXPECT_FALSE(b.is_null(2));  // empty text is not NULL
  EXPECT_EQ(b.opt_str(2), std::string());
  EXPECT_FALSE(b.boolean(3));
  EXPECT_DOUBLE_EQ(b.f64(5), -0.25);
}

TEST_P(Database, OptHelperBindsNullForAbsentValues) {
  auto c = pool().acquire();
  create_round_trip_table(*c);
  std::optional<std::string> none;
  std::optional<int64_t> some = 7;
  c->execute("INSERT INTO round_trip (id, big, txt) VALUES (1, $1, $2)", {storage::opt(some), storage::opt(none)});
  auto r = c->query_one("SELECT big, txt FROM round_trip");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->i64(0), 7);
  EXPECT_TRUE(r->is_null(1));
}

TEST_P(Database, DoublesKeepTheirPrecision) {
  auto c = pool().acquire();
  create_round_trip_table(*c);
  const double v = 1234.5678901234;
  c->execute("INSERT INTO round_trip (id, real_value) VALUES (1, $1)", {v});
  auto r = c->query_one("SELECT real_value FROM round_trip");
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->f64(0), v, 1e-9);
}

TEST_P(Database, CountsAndSumsReadAsIntegers) {
  auto c = pool().acquire();
  insert_area(*c, "A");
  insert_area(*c, "B");
  auto r = c->query_one("SELECT COUNT(*), SUM(id), MAX(code) FROM areas");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->i64(0), 2);
  EXPECT_EQ(r->i64(1), 3);
  EXPECT_EQ(r->str(2), "B");
}

TEST_P(Database, QueryOneOfNoRowsIsEmpty) {
  auto c = pool().acquire();
  EXPECT_EQ(c->query_one("SELECT id FROM areas WHERE code = $1", {std::string("nada")}), std::nullopt);
}

TEST_P(Database, ExecuteReturnsTheAffectedRows) {
  auto c = pool().acquire();
  insert_area(*c, "A");
  insert_area(*c, "B");
  insert_area(*c, "C");
  EXPECT_EQ(c->execute("UPDATE areas SET active = 0 WHERE code <> $1", {std::string("A")}), 2);
  EXPECT_EQ(c->execute("DELETE FROM areas WHERE code = $1", {std::string("zzz")}), 0);
}

TEST_P(Database, ParameterTextIsNeverSql) {
  auto c = pool().acquire();
  insert_area(*c, "A");
  std::string hostile = "x'); DROP TABLE areas; --";
  insert_area(*c, hostile);
  EXPECT_EQ(areas(*c), 2);
  EXPECT_EQ(c->query_one("SELECT code FROM areas WHERE code = $1", {hostile})->str(0), hostile);
}

TEST_P(Database, TxRollsBackWhenDestroyedWithoutCommit) {
  auto c = pool().acquire();
  {
    Tx tx(*c, Tx::Mode::kWrite);
    insert_area(tx, "A");
    insert_area(tx, "B");
    EXPECT_EQ(areas(tx.conn()), 2);  // visible inside the transaction
  }
  EXPECT_EQ(areas(*c), 0);
  EXPECT_TRUE(c->healthy());
  auto other = connect();
  EXPECT_EQ(areas(*other), 0);
}

TEST_P(Database, TxCommitIsVisibleToOtherConnections) {
  auto c = pool().acquire();
  {
    Tx tx(*c, Tx::Mode::kWrite);
    insert_area(tx, "A");
    tx.commit();
  }
  auto other = connect();
  EXPECT_EQ(areas(*other), 1);
}

TEST_P(Database, UncommittedWritesAreInvisibleToOtherConnections) {
  auto c = pool().acquire();
  auto other = connect();
  Tx tx(*c, Tx::Mode::kWrite);
  insert_area(tx, "A");
  EXPECT_EQ(areas(*other), 0);
}

TEST_P(Database, ConnectionIsUsableAfterAFailedStatementInATransaction) {
  auto c = pool().acquire();
  insert_area(*c, "A");
  {
    Tx tx(*c, Tx::Mode::kWrite);
    insert_area(tx, "B");
    EXPECT_THROW(insert_area(tx, "A"), DbError);
  }
  EXPECT_TRUE(c->healthy());
  EXPECT_EQ(areas(*c), 1);  // B went with the rollback
  insert_area(*c, "C");
  EXPECT_EQ(areas(*c), 2);
}

TEST_P(Database, UniqueViolationIsFlagged) {
  auto c = pool().acquire();
  insert_area(*c, "DSI");
  try {
    insert_area(*c, "DSI");
    FAIL() << "duplicate code accepted";
  } catch (const DbError& e) {
    EXPECT_TRUE(e.unique_violation()) << e.what();
    EXPECT_FALSE(e.foreign_key_violation());
  }
}

TEST_P(Database, ForeignKeyViolationIsFlagged) {
  auto c = pool().acquire();
  std::string now = now_iso();
  try {
    c->execute("INSERT INTO people (full_name, area_id, search_key, created_at, updated_at) VALUES ($1, $2, $1, $3, $3)",
               {std::string("Nadie"), int64_t{999}, now});
    FAIL() << "person in a missing area accepted";
  } catch (const DbError& e) {
    EXPECT_TRUE(e.foreign_key_violation()) << e.what();
    EXPECT_FALSE(e.unique_violation());
  }
}

TEST_P(Database, DeletingAReferencedRowIsAForeignKeyViolation) {
  auto c = pool().acquire();
  insert_area(*c, "DSI");
  int64_t area = c->query_one("SELECT id FROM areas")->i64(0);
  std::string now = now_iso();
  c->execute("INSERT INTO people (full_name, area_id, search_key, created_at, updated_at) VALUES ($1, $2, $1, $3, $3)",
             {std::string("Ana"), area, now});
  try {
    c->execute("DELETE FROM areas WHERE id = $1", {area});
    FAIL() << "area with people deleted";
  } catch (const DbError& e) {
    EXPECT_TRUE(e.foreign_key_violation()) << e.what();
  }
}

TEST_P(Database, BrokenSqlThrowsWithoutTheConstraintFlags) {
  auto c = pool().acquire();
  try {
    c->query("SELEC 1");
    FAIL();
  } catch (const DbError& e) {
    EXPECT_FALSE(e.unique_violation());
    EXPECT_FALSE(e.foreign_key_violation());
  }
  EXPECT_TRUE(c->healthy());
}

TEST_P(Database, PrepareFailsForABrokenQuery) {
  auto c = pool().acquire();
  EXPECT_NO_THROW(c->prepare("SELECT id, name FROM areas WHERE code = $1"));
  EXPECT_THROW(c->prepare("SELECT id FROM no_such_table"), DbError);
  EXPECT_THROW(c->prepare("SELECT no_such_column FROM areas"), DbError);
}

TEST_P(Database, SameSqlTwiceReusesOnePreparedStatement) {
  auto c = pool().acquire();
  insert_area(*c, "A");
  insert_area(*c, "B");
  // Both backends can list a connection's prepared statements.
  std::string count_sql = on_postgres() ? "SELECT COUNT(*) FROM pg_prepared_statements"
                                        : "SELECT COUNT(*) FROM sqlite_stmt";
  c->query(count_sql);  // prepare the counting statement itself first
  int64_t before = c->query_one(count_sql)->i64(0);
  const std::string sql = "SELECT name FROM areas WHERE code = $1";
  EXPECT_EQ(c->query_one(sql, {std::string("A")})->str(0), "Área A");
  EXPECT_EQ(c->query_one(sql, {std::string("B")})->str(0), "Área B");  // new parameters, same statement
  EXPECT_EQ(c->query_one(sql, {std::string("C")}), std::nullopt);
  int64_t after = c->query_one(count_sql)->i64(0);
  EXPECT_EQ(after - before, 1);
}

TEST_P(Database, CachedStatementSurvivesASchemaChange) {
  auto c = pool().acquire();
  insert_area(*c, "A");
  const std::string sql = "SELECT COUNT(*) FROM areas";
  EXPECT_EQ(c->query_one(sql)->i64(0), 1);
  c->exec_script("CREATE TABLE unrelated (x INTEGER)");
  EXPECT_EQ(c->query_one(sql)->i64(0), 1);
}

TEST_P(Database, PoolHandsBackTheReleasedConnection) {
  int made = 0;
  Pool small([&] { ++made; return connect(); }, 2, dialect());
  Connection* first;
  {
    auto lease = small.acquire();
    first = &*lease;
    EXPECT_EQ(small.in_use(), 1u);
  }
  EXPECT_EQ(small.in_use(), 0u);
  auto again = small.acquire();
  EXPECT_EQ(&*again, first);
  EXPECT_EQ(made, 1);
}

TEST_P(Database, PoolBlocksWhenExhaustedAndHandsOutAgainAfterRelease) {
  Pool small([this] { return connect(); }, 1, dialect());
  std::optional<Pool::Lease> held(small.acquire());
  EXPECT_EQ(small.in_use(), 1u);
  std::atomic<bool> acquired{false};
  std::thread waiter([&] {
    auto lease = small.acquire();
    acquired = true;
    lease->query("SELECT 1");
  });
  for (int i = 0; i < 1000 && small.waits() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(2));
  EXPECT_EQ(small.waits(), 1u);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(acquired) << "a second connection was handed out from a pool of one";
  held.reset();
  waiter.join();
  EXPECT_TRUE(acquired);
  EXPECT_EQ(small.in_use(), 0u);
}

TEST_P(Database, PoolDropsAConnectionLeftInsideATransaction) {
  int made = 0;
  Pool small([&] { ++made; return connect(); }, 1, dialect());
  {
    auto lease = small.acquire();
    lease->execute("BEGIN");
    EXPECT_FALSE(lease->healthy());
  }
  auto fresh = small.acquire();
  EXPECT_EQ(made, 2);
  EXPECT_TRUE(fresh->healthy());
  insert_area(*fresh, "A");  // not swallowed by someone else's open transaction
  EXPECT_EQ(areas(*connect()), 1);
}

TEST_P(Database, PoolRecoversWhenTheFactoryFails) {
  int calls = 0;
  Pool flaky(
      [&]() -> std::unique_ptr<Connection> {
        if (++calls == 1) throw DbError(DbError::Kind::kConnection, "sin servidor");
        return connect();
      },
      1, dialect());
  EXPECT_THROW(flaky.acquire(), DbError);
  EXPECT_EQ(flaky.in_use(), 0u);
  auto lease = flaky.acquire();  // the failed slot was given back
  EXPECT_TRUE(lease->healthy());
}

TEST_P(Database, ConcurrentWritersAllCommit) {
  constexpr int kThreads = 4, kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        try {
          auto c = pool().acquire();
          Tx tx(*c, Tx::Mode::kWrite);
          insert_area(tx, std::to_string(t) + "-" + std::to_string(i));
          tx.commit();
        } catch (const std::exception& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(count("areas"), kThreads * kEach);
}

TEST_P(Database, ContainsClauseMatchesUserTextLiterally) {
  auto c = pool().acquire();
  for (const char* code : {"A_B", "AXB", "100%", "1000", "C:\\x", "C:x"}) insert_area(*c, code);
  auto find = [&](const std::string& text) {
    std::set<std::string> out;
    for (const auto& r : c->query("SELECT code FROM areas WHERE " + storage::contains_clause("code", 1),
                                  {storage::like_escape(text)}))
      out.insert(r.str(0));
    return out;
  };
  EXPECT_EQ(find("_"), (std::set<std::string>{"A_B"}));
  EXPECT_EQ(find("%"), (std::set<std::string>{"100%"}));
  EXPECT_EQ(find("\\"), (std::set<std::string>{"C:\\x"}));
  EXPECT_EQ(find("00"), (std::set<std::string>{"100%", "1000"}));
  EXPECT_EQ(find("").size(), 6u);
  EXPECT_TRUE(find("zz").empty());
}

TEST(LikeEscape, EscapesWildcardsAndTheEscapeCharacter) {
  EXPECT_EQ(storage::like_escape("100%_a\\b"), "100\\%\\_a\\\\b");
  EXPECT_EQ(storage::like_escape("josé núñez"), "josé núñez");
  EXPECT_EQ(storage::like_escape(""), "");
}

TEST(DatabaseUrl, ParsesBothBackends) {
  auto s = storage::DatabaseUrl::parse("sqlite:/var/lib/tequio/tequio.db");
  EXPECT_EQ(s.dialect, storage::Dialect::kSqlite);
  EXPECT_EQ(s.sqlite_path, "/var/lib/tequio/tequio.db");
  EXPECT_EQ(storage::DatabaseUrl::parse("sqlite://data/t.db").sqlite_path, "data/t.db");
  auto p = storage::DatabaseUrl::parse("postgresql://tequio@db:5432/tequio");
  EXPECT_EQ(p.dialect, storage::Dialect::kPostgres);
  EXPECT_EQ(p.pg_conninfo, "postgresql://tequio@db:5432/tequio");
  EXPECT_EQ(storage::DatabaseUrl::parse("postgres://x@y/z").dialect, storage::Dialect::kPostgres);
  EXPECT_THROW(storage::DatabaseUrl::parse("mysql://x@y/z"), std::invalid_argument);
  EXPECT_THROW(storage::DatabaseUrl::parse("/tmp/tequio.db"), std::invalid_argument);
}

TEST(DatabaseUrl, DescribeHidesThePassword) {
  auto p = storage::DatabaseUrl::parse("postgresql://tequio:s3creto@db.municipio:5432/tequio");
  EXPECT_EQ(p.describe(), "postgresql://tequio:***@db.municipio:5432/tequio");
  EXPECT_EQ(p.describe().find("s3creto"), std::string::npos);
  EXPECT_EQ(storage::DatabaseUrl::parse("postgresql://tequio@db/tequio").describe(), "postgresql://tequio@db/tequio");
  EXPECT_EQ(storage::DatabaseUrl::parse("sqlite:/tmp/t.db").describe(), "sqlite:/tmp/t.db");
}

TEQUIO_ON_BOTH_BACKENDS(Database);

}  // namespace
}  // namespace tequio::testing
