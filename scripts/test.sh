#!/usr/bin/env bash
# Runs every test: C++ unit and store tests (SQLite and a real PostgreSQL 15 started here),
# API tests against the running server on both backends, the kill -9 crash test on both,
# and the browser tests in Debian's Chromium. Installs and builds what is missing first.
# Prints one summary line "N passed, M failed" (suites) and exits non-zero on any failure.
set -uo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"

bash scripts/setup-deps.sh || { echo "setup failed"; exit 1; }
bash scripts/build.sh || { echo "build failed"; exit 1; }

work="$(mktemp -d -t tequio-tests.XXXXXX)"
chmod 755 "$work"
pg_dir="$work/pg"
cleanup() {
  bash scripts/pg-test-server.sh stop "$pg_dir" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
mkdir -p "$pg_dir"
pg_url="$(bash scripts/pg-test-server.sh start "$pg_dir" | tail -n 1)" || { echo "PostgreSQL failed to start"; exit 1; }
echo "PostgreSQL de pruebas: $pg_url"

passed=0
failed=0
failed_names=()
suite() {
  local name="$1"
  shift
  echo
  echo "==== $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1))
    echo "==== $name: OK ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1))
    failed_names+=("$name")
    echo "==== $name: FAILED ($((SECONDS - start)) s)"
  fi
}

bin="$repo/build/tequio"
suite "unit+store (sqlite, postgres)" env TEQUIO_TEST_PG_URL="$pg_url" ctest --test-dir build --output-on-failure -j2
suite "server lifecycle" python3 tests/server/test_lifecycle.py --bin "$bin"
suite "openapi ⇄ router" python3 tests/server/test_openapi.py --bin "$bin"
suite "api (sqlite)" python3 tests/api/run.py --bin "$bin" --backend sqlite
suite "api (postgres)" python3 tests/api/run.py --bin "$bin" --backend postgres --pg-url "$pg_url"
suite "crash (sqlite)" python3 tests/crash/crash_test.py --bin "$bin" --backend sqlite --cycles 20
suite "crash (postgres)" python3 tests/crash/crash_test.py --bin "$bin" --backend postgres --pg-url "$pg_url" --cycles 20
suite "web unit (vitest)" bash -c "cd web && npx vitest run"
suite "browser" bash -c "cd tests/browser && { [[ -d node_modules ]] || PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund; } && cd ../.. && bash tests/browser/run.sh"

echo
if [[ $failed -gt 0 ]]; then
  printf 'Fallaron: %s\n' "${failed_names[@]}"
fi
echo "suites: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
