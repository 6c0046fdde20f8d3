#!/usr/bin/env bash
# A throwaway PostgreSQL 15 cluster for tests: one directory holds the data, the unix
# socket, the log and the connection URL, so several clusters can live side by side.
#
#   scripts/pg-test-server.sh start DIR   create (first time) and start; prints the URL
#   scripts/pg-test-server.sh stop DIR    fast shutdown; keeps every file
#   scripts/pg-test-server.sh url DIR     prints the URL of a cluster made by `start`
#   scripts/pg-test-server.sh status DIR  exit 0 when it accepts connections
#
# The cluster listens on 127.0.0.1 only (on a free port, kept across restarts when still
# free) and on a unix socket in DIR. fsync, full_page_writes and synchronous_commit stay
# on: crash tests rely on them. Loopback and socket connections use trust auth.
# Database `tequio_test` is owned by role `tequio` (not a superuser); the amcheck
# extension is installed there and its functions granted to `tequio`, so integrity
# checks can run without extra privileges.
# As root the server runs as the `postgres` OS user, which then owns DIR.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
DB_NAME="tequio_test"
DB_ROLE="tequio"
SUPERUSER="postgres"  # the bootstrap superuser initdb creates in every cluster made here

usage() {
  echo "uso: $0 start|stop|url|status DIR" >&2
  exit 2
}

die() {
  echo "pg-test-server: $*" >&2
  exit 1
}

[ $# -eq 2 ] || usage
cmd="$1"
[ -n "$2" ] || usage
mkdir -p "$2"
DIR="$(cd "$2" && pwd -P)"
DATA="$DIR/data"
LOG="$DIR/postgres.log"

[ -x "$PG_BIN/pg_ctl" ] || die "no encuentro PostgreSQL 15 en $PG_BIN (instale postgresql-15)"

# Unix socket paths are limited to 107 bytes ("/.s.PGSQL.NNNNN" adds 16).
[ ${#DIR} -le 90 ] || die "ruta demasiado larga para el socket: $DIR (máximo 90 caracteres)"

if [ "$(id -u)" -eq 0 ]; then
  id "$SUPERUSER" >/dev/null 2>&1 || die "falta el usuario del sistema 'postgres'"
  as_pg() { (cd "$DIR" && runuser -u postgres -- "$@"); }
else
  as_pg() { (cd "$DIR" && "$@"); }
fi

is_running() {
  [ -f "$DATA/PG_VERSION" ] && as_pg "$PG_BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1
}

port_is_free() {
  python3 - "$1" <<'EOF'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(1)
finally:
    s.close()
EOF
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

current_port() {
  sed -n "s/^port = \([0-9]*\).*/\1/p" "$DATA/postgresql.auto.conf" 2>/dev/null | tail -n1
}

write_url() {
  local url="postgresql://$DB_ROLE@127.0.0.1:$1/$DB_NAME"
  echo "$url" >"$DIR/url.tmp"
  mv -f "$DIR/url.tmp" "$DIR/url"
  echo "$url"
}

wait_ready() {
  local port="$1" i
  for i in $(seq 1 150); do
    if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port" -d postgres -U "$SUPERUSER"; then
      return 0
    fi
    sleep 0.2
  done
  tail -n 20 "$LOG" >&2 || true
  die "PostgreSQL no respondió en 127.0.0.1:$port"
}

psql_super() {
  # Over the unix socket: works before the role and database of the tests exist.
  as_pg "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$1" -U "$SUPERUSER" -d "${2:-postgres}" "${@:3}"
}

init_cluster() {
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$DIR"
    # Every parent must be traversable by postgres for the data dir and the socket.
    runuser -u postgres -- test -x "$DIR" || die "el usuario postgres no puede entrar en $DIR (revise los permisos de las carpetas superiores)"
  fi
  rm -rf "$DATA"
  as_pg "$PG_BIN/initdb" -D "$DATA" -U "$SUPERUSER" --auth-local=trust --auth-host=trust \
    -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 || {
    cat "$DIR/initdb.log" >&2
    die "initdb falló"
  }
  # Settings the tests depend on go in the main file; the port goes through ALTER SYSTEM
  # style postgresql.auto.conf so a restart can change it without touching the rest.
  cat >>"$DATA/postgresql.conf" <<EOF

# --- pg-test-server.sh ---
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
fsync = on
synchronous_commit = on
full_page_writes = on
shared_buffers = 64MB
max_connections = 100
log_min_messages = warning
log_line_prefix = '%m [%p] '
EOF
}

set_port() {
  local port="$1"
  grep -v '^port = ' "$DATA/postgresql.auto.conf" >"$DATA/postgresql.auto.conf.tmp" || true
  echo "port = $port" >>"$DATA/postgresql.auto.conf.tmp"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$DATA/postgresql.auto.conf.tmp"; fi
  mv -f "$DATA/postgresql.auto.conf.tmp" "$DATA/postgresql.auto.conf"
}

ensure_database() {
  local port="$1"
  psql_super "$port" postgres <<EOF
SELECT 'CREATE ROLE $DB_ROLE LOGIN CREATEDB'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$DB_ROLE') \gexec
SELECT 'CREATE DATABASE $DB_NAME OWNER $DB_ROLE ENCODING ''UTF8'' TEMPLATE template0'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$DB_NAME') \gexec
EOF
  psql_super "$port" "$DB_NAME" <<EOF
SET client_min_messages = warning;
CREATE EXTENSION IF NOT EXISTS amcheck;
GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO $DB_ROLE;
EOF
}

do_start() {
  exec 9>"$DIR/.lock"
  flock 9
  local port
  if ! [ -f "$DATA/PG_VERSION" ]; then
    init_cluster
  fi
  if is_running; then
    port="$(current_port)"
  else
    port="$(current_port)"
    if [ -z "$port" ] || ! port_is_free "$port"; then
      port="$(free_port)"
      set_port "$port"
    fi
    # 9>&-: the postmaster must not inherit (and so hold forever) the lock.
    as_pg "$PG_BIN/pg_ctl" start -D "$DATA" -l "$LOG" -w -t 60 -s >/dev/null 9>&- || {
      tail -n 20 "$LOG" >&2 || true
      die "no arrancó PostgreSQL (registro: $LOG)"
    }
  fi
  wait_ready "$port"
  ensure_database "$port"
  write_url "$port"
}

do_stop() {
  exec 9>"$DIR/.lock"
  flock 9
  if is_running; then
    as_pg "$PG_BIN/pg_ctl" stop -D "$DATA" -m fast -w -t 60 -s
  fi
}

do_url() {
  [ -f "$DIR/url" ] || die "no hay clúster en $DIR (use start)"
  cat "$DIR/url"
}

do_status() {
  is_running || { echo "detenido" >&2; return 1; }
  "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$(current_port)" -d postgres -U "$SUPERUSER"
}

case "$cmd" in
  start) do_start ;;
  stop) do_stop ;;
  url) do_url ;;
  status) do_status ;;
  *) usage ;;
esac
