#!/usr/bin/env bash
# Browser tests: start a demo tequio on a free port, run Playwright with Debian's chromium, stop it.
# Builds nothing. Env: TEQUIO_BIN (default <repo>/build/tequio), TEQUIO_WEB (default <repo>/web/dist),
# CHROMIUM_PATH (default /usr/bin/chromium). Extra arguments go to `playwright test`.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
TEQUIO_BIN="${TEQUIO_BIN:-$repo/build/tequio}"
TEQUIO_WEB="${TEQUIO_WEB:-$repo/web/dist}"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

[[ -x "$TEQUIO_BIN" ]] || { echo "run.sh: no tequio binary at $TEQUIO_BIN (set TEQUIO_BIN)" >&2; exit 2; }
[[ -f "$TEQUIO_WEB/index.html" ]] || { echo "run.sh: no built web app at $TEQUIO_WEB (cd web && npm ci && npm run build)" >&2; exit 2; }
[[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]] || { echo "run.sh: chromium missing (scripts/setup-deps.sh installs it)" >&2; exit 2; }
[[ -d "$here/node_modules/@playwright/test" ]] || (cd "$here" && npm ci --no-audit --no-fund)

data_dir="$(mktemp -d -t tequio-browser.XXXXXX)"
server_pid=""
cleanup() {
  if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$data_dir"
}
trap cleanup EXIT INT TERM

# A free port: ask the kernel for one, then release it for the server.
port="$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export TEQUIO_URL="http://127.0.0.1:$port"

"$TEQUIO_BIN" demo --data-dir "$data_dir" >"$data_dir/demo.log" 2>&1 || {
  echo "run.sh: tequio demo failed:" >&2; cat "$data_dir/demo.log" >&2; exit 1; }

"$TEQUIO_BIN" serve --data-dir "$data_dir" --port "$port" --web-root "$TEQUIO_WEB" >"$data_dir/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 100); do
  if ! kill -0 "$server_pid" 2>/dev/null; then break; fi
  if node -e 'fetch(process.argv[1]).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))' "$TEQUIO_URL/readyz"; then
    ready=1; break
  fi
  sleep 0.2
done
if [[ -z "$ready" ]]; then
  echo "run.sh: server did not become ready on $TEQUIO_URL" >&2
  cat "$data_dir/server.log" >&2
  exit 1
fi

status=0
(cd "$here" && npx playwright test "$@") || status=$?
if [[ $status -ne 0 ]]; then
  echo "---- server log (last 80 lines) ----" >&2
  tail -n 80 "$data_dir/server.log" >&2 || true
fi
exit $status
