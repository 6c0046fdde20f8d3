#!/usr/bin/env bash
# Foundation benchmark: how much an authenticated read costs compared with /healthz.
#
#   bench/foundation/run.sh                         SQLite, 10,000 generated people
#   bench/foundation/run.sh --postgres              a throwaway PostgreSQL 15 cluster (scripts/pg-test-server.sh)
#   bench/foundation/run.sh --database URL          an existing, EMPTY PostgreSQL database
#   options: --bin PATH (build/tequio)  --people N (10000)  --duration S (15)  --connections C (64)
#            --threads T (2)  --warmup S (2)  --no-record (do not append to RESULTS.md)
#
# Loads demo data plus N generated people (`tequio demo --people N`; through the API when
# that flag is missing), starts the server with the access log off, logs in as admin, and
# runs wrk --latency against: GET /healthz; GET /api/v1/people/{id} with the session cookie
# and random existing ids; GET /api/v1/people?q=…&area_id=…&page=N&per_page=20. Appends a
# section with the machine, the commands and the figures to bench/foundation/RESULTS.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
bin="$repo/build/tequio"
database=""
use_pg=0
people=10000
duration=15
connections=64
threads=2
warmup=2
record=1

while [ $# -gt 0 ]; do
  case "$1" in
    --bin) bin="$2"; shift 2 ;;
    --database) database="$2"; shift 2 ;;
    --postgres) use_pg=1; shift ;;
    --people) people="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --warmup) warmup="$2"; shift 2 ;;
    --no-record) record=0; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "opción desconocida: $1" >&2; exit 2 ;;
  esac
done

command -v wrk >/dev/null || { echo "falta wrk (scripts/setup-deps.sh lo instala)" >&2; exit 1; }
[ -x "$bin" ] || { echo "no existe $bin (scripts/build.sh)" >&2; exit 1; }
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

work="$(mktemp -d -t tequio-bench.XXXXXX)"
chmod 755 "$work"
data="$work/data"
mkdir -p "$data"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "$use_pg" = 1 ]; then bash "$repo/scripts/pg-test-server.sh" stop "$work/pg" >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ "$use_pg" = 1 ]; then
  database="$(bash "$repo/scripts/pg-test-server.sh" start "$work/pg" | tail -n 1)"
fi
db_args=(--data-dir "$data")
backend="SQLite"
if [ -n "$database" ]; then
  db_args+=(--database "$database")
  backend="PostgreSQL 15"
fi
# The environment must not override what this script chooses.
for v in $(env | sed -n 's/^\(TEQUIO_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done

echo "== datos: demo + $people personas generadas ($backend)"
people_via_api=0
demo_cmd=("$bin" demo "${db_args[@]}" --people "$people")
if ! "${demo_cmd[@]}" >"$work/demo.log" 2>&1; then
  if grep -qi "people" "$work/demo.log"; then
    echo "   tequio demo no acepta --people: se crean por la API"
    demo_cmd=("$bin" demo "${db_args[@]}")
    "${demo_cmd[@]}" >"$work/demo.log" 2>&1 || { cat "$work/demo.log" >&2; exit 1; }
    people_via_api=1
  else
    cat "$work/demo.log" >&2
    exit 1
  fi
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
serve_cmd=("$bin" serve "${db_args[@]}" --listen 127.0.0.1 --port "$port" --access-log false --log-level warn)
"${serve_cmd[@]}" >"$work/server.log" 2>&1 &
server_pid=$!
base="http://127.0.0.1:$port"
for _ in $(seq 1 300); do
  curl -fsS -o /dev/null "$base/readyz" 2>/dev/null && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done
curl -fsS -o /dev/null "$base/readyz" || { echo "el servidor no quedó listo" >&2; cat "$work/server.log" >&2; exit 1; }

# Log in, create people through the API if needed, and pick the ids and the search.
python3 - "$base" "$work" "$people_via_api" "$people" <<'EOF'
import http.client, json, math, sys, threading, urllib.parse
base, work, via_api, people = sys.argv[1], sys.argv[2], sys.argv[3] == "1", int(sys.argv[4])
host, port = urllib.parse.urlsplit(base).hostname, urllib.parse.urlsplit(base).port

def call(method, path, body=None, cookie=None, csrf=None):
    c = http.client.HTTPConnection(host, port, timeout=60)
    h = {}
    if body is not None:
        body = json.dumps(body).encode(); h["Content-Type"] = "application/json"
    if cookie: h["Cookie"] = "tequio_session=" + cookie
    if csrf: h["X-CSRF-Token"] = csrf
    c.request(method, path, body=body, headers=h)
    r = c.getresponse(); data = r.read(); hdrs = r.getheaders(); c.close()
    return r.status, hdrs, data

st, hdrs, data = call("POST", "/api/v1/auth/login", {"username": "admin", "password": "Tequio-Admin-2026"})
assert st == 200, (st, data)
cookie = next(v.split(";")[0].split("=", 1)[1] for k, v in hdrs if k.lower() == "set-cookie" and v.startswith("tequio_session="))
csrf = json.loads(data)["csrf_token"]

def page_all(path):
    items, page = [], 1
    while True:
        st, _, data = call("GET", f"{path}{'&' if '?' in path else '?'}page={page}&per_page=200", cookie=cookie)
        assert st == 200, (st, data)
        d = json.loads(data); items += d["items"]
        if not d["items"] or len(items) >= d["total"]: return items
        page += 1

if via_api:
    areas = [a["id"] for a in page_all("/api/v1/areas")]
    first = ["Ana", "Luis", "María", "José", "Carmen", "Jorge", "Rosa", "Pedro", "Elena", "Raúl"]
    last = ["García", "Hernández", "López", "Martínez", "Pérez", "Sánchez", "Ramírez", "Cruz", "Gómez", "Ruiz"]
    def worker(k):
        for i in range(k, people, 4):
            name = f"{first[i % 10]} {last[(i // 10) % 10]} {last[(i // 100) % 10]} {i}"
            st, _, data = call("POST", "/api/v1/people", {"full_name": name, "area_id": areas[i % len(areas)]},
                               cookie=cookie, csrf=csrf)
            assert st == 201, (st, data)
    ts = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    [t.start() for t in ts]; [t.join() for t in ts]

everyone = page_all("/api/v1/people")
with open(f"{work}/ids.txt", "w") as f:
    f.write("\n".join(str(p["id"]) for p in everyone) + "\n")
by_area = {}
for p in everyone: by_area[p["area_id"]] = by_area.get(p["area_id"], 0) + 1
area = max(by_area, key=by_area.get)
best = None
for q in ("ar", "an", "er", "ez", "es", "ra"):
    st, _, data = call("GET", f"/api/v1/people?q={q}&area_id={area}&per_page=1", cookie=cookie)
    total = json.loads(data)["total"]
    if best is None or total > best[1]: best = (q, total)
    if total >= 200: best = (q, total); break
q, total = best
pages = max(1, min(50, math.ceil(total / 20)))
with open(f"{work}/vars.sh", "w") as f:
    f.write(f"BENCH_COOKIE='{cookie}'\nBENCH_Q='{q}'\nBENCH_AREA_ID='{area}'\nBENCH_PAGES='{pages}'\n"
            f"BENCH_PEOPLE_TOTAL='{len(everyone)}'\nBENCH_AREA_PEOPLE='{by_area[area]}'\nBENCH_Q_TOTAL='{total}'\n")
print(f"   {len(everyone)} personas; búsqueda q={q} en el área {area} ({by_area[area]} personas): {total} coinciden, {pages} páginas")
EOF
# shellcheck disable=SC1091
source "$work/vars.sh"
export BENCH_DIR="$here" BENCH_COOKIE BENCH_Q BENCH_AREA_ID BENCH_PAGES BENCH_IDS_FILE="$work/ids.txt"

load_before="$(cut -d' ' -f1-3 /proc/loadavg)"
names=(healthz person search)
scripts=(healthz.lua people_get.lua people_search.lua)
labels=("GET /healthz" "GET /api/v1/people/{id} (con sesión)" "GET /api/v1/people?q=$BENCH_Q&area_id=$BENCH_AREA_ID&page=1..$BENCH_PAGES&per_page=20 (con sesión)")
declare -A result
commands=()
for i in 0 1 2; do
  name="${names[$i]}"
  url="$base/"
  [ "$name" = healthz ] && url="$base/healthz"
  if [ "$warmup" -gt 0 ]; then
    wrk -t"$threads" -c"$connections" -d"${warmup}s" -s "$here/${scripts[$i]}" "$url" >/dev/null 2>&1 || true
  fi
  cmd=(wrk -t"$threads" -c"$connections" -d"${duration}s" --latency -s "bench/foundation/${scripts[$i]}" "$url")
  commands+=("${cmd[*]}")
  echo "== ${labels[$i]}"
  (cd "$repo" && "${cmd[@]}") >"$work/wrk-$name.txt" 2>&1 || { cat "$work/wrk-$name.txt" >&2; exit 1; }
  grep -E "Requests/sec|Latency |Non-2xx|Socket errors" "$work/wrk-$name.txt" | sed 's/^/   /'
  result[$name]="$(sed -n 's/^BENCH //p' "$work/wrk-$name.txt")"
  [ -n "${result[$name]}" ] || { echo "wrk no imprimió el resumen" >&2; cat "$work/wrk-$name.txt" >&2; exit 1; }
  sleep 1
done

hwm_kb="$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status")"
rss_kb="$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$server_pid/status")"
kill "$server_pid"
wait "$server_pid" 2>/dev/null || true
server_pid=""

# The figures, the verdicts and the RESULTS.md section.
commit="$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo "sin commit")"
if [ -n "$(cd "$repo" && git status --porcelain -- src migrations CMakeLists.txt 2>/dev/null)" ]; then commit="$commit (con cambios sin commit en src/)"; fi
cpu="$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
mem="$(awk '/^MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
db_label="$backend"
[ -n "$database" ] && db_label="$backend ($(echo "$database" | sed 's#//[^@]*@#//…@#'))"
section="$(python3 - "${result[healthz]}" "${result[person]}" "${result[search]}" "$hwm_kb" "$rss_kb" <<'EOF'
import json, sys
h, p, s = (json.loads(x) for x in sys.argv[1:4])
hwm, rss = int(sys.argv[4]), int(sys.argv[5])
def ms(us): return f"{us / 1000:.2f} ms"
rows = [("GET /healthz", h), ("GET /api/v1/people/{id} (con sesión)", p),
        ("GET /api/v1/people?q=…&area_id=…&page=N&per_page=20 (con sesión)", s)]
out = []
out.append("| ruta | peticiones/s | p50 | p99 | máx. | % de /healthz | errores (no 2xx / socket) |")
out.append("|---|---:|---:|---:|---:|---:|---:|")
for label, r in rows:
    sock = r["errors_connect"] + r["errors_read"] + r["errors_write"] + r["errors_timeout"]
    out.append(f"| {label} | {r['rps']:,.0f} | {ms(r['p50_us'])} | {ms(r['p99_us'])} | {ms(r['max_us'])} | "
               f"{100 * r['rps'] / h['rps']:.0f} % | {r['errors_status']} / {sock} |")
out.append("")
out.append(f"Memoria del servidor: pico (VmHWM) {hwm / 1024:.1f} MiB; al final (VmRSS) {rss / 1024:.1f} MiB.")
out.append("")
verdicts = []
for label, r in rows[1:]:
    ratio_ok = r["rps"] >= 0.40 * h["rps"]
    p99_ok = r["p99_us"] < 10000
    errs_ok = r["errors_status"] == 0
    verdicts.append(f"- {label}: {'CUMPLE' if ratio_ok else 'NO CUMPLE'} ≥ 40 % de /healthz "
                    f"({100 * r['rps'] / h['rps']:.0f} %); {'CUMPLE' if p99_ok else 'NO CUMPLE'} p99 < 10 ms "
                    f"({ms(r['p99_us'])})" + ("" if errs_ok else f"; {r['errors_status']} respuestas no 2xx"))
out.append("Metas:")
out += verdicts
print("\n".join(out))
EOF
)"
echo
echo "$section"

if [ "$record" = 1 ]; then
  results="$here/RESULTS.md"
  if [ ! -f "$results" ]; then
    cat >"$results" <<'EOF'
# Benchmark de la base (foundation)

Lo produce `bench/foundation/run.sh`; cada ejecución agrega una sección al final.

**Metas:** una lectura autenticada (`GET /api/v1/people/{id}` y la búsqueda paginada
`GET /api/v1/people?q=…&area_id=…&page=N&per_page=20`, ambas con la cookie de sesión) debe
sostener **al menos el 40 % de las peticiones por segundo de `GET /healthz`**, con **p99 < 10 ms**,
medido con wrk a 64 conexiones y 2 hilos durante 15 s por ruta, en la misma máquina que el servidor.
EOF
  fi
  {
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — $db_label, commit $commit"
    echo
    echo "- Máquina: $(nproc) núcleos, $cpu; memoria $mem; kernel $(uname -r); $(. /etc/os-release && echo "$PRETTY_NAME"); carga (loadavg 1/5/15 min) antes de medir: $load_before"
    echo "- Datos: demo + $people personas generadas$([ "$people_via_api" = 1 ] && echo " (por la API)") = $BENCH_PEOPLE_TOTAL personas; búsqueda q=$BENCH_Q en un área de $BENCH_AREA_PEOPLE personas ($BENCH_Q_TOTAL coinciden, páginas 1–$BENCH_PAGES al azar)"
    echo "- wrk $(wrk -v 2>&1 | head -n 1 | awk '{print $2}'), calentamiento de ${warmup} s por ruta (no medido); wrk y el servidor comparten la máquina"
    echo "- Comandos (desde la raíz del repositorio; BENCH_COOKIE es la sesión de admin):"
    echo
    echo '```'
    echo "${demo_cmd[*]}" | sed "s#$repo/##g; s#$work#\$TMP#g"
    echo "${serve_cmd[*]}" | sed "s#$repo/##g; s#$work#\$TMP#g"
    for c in "${commands[@]}"; do echo "$c" | sed "s#$base#http://127.0.0.1:PUERTO#g"; done
    echo '```'
    echo
    echo "$section"
  } >>"$results"
  echo
  echo "Agregado a $results"
fi
