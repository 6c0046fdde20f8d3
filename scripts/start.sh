#!/usr/bin/env bash
# One command on a fresh Debian 12: install dependencies, build server and web app, load demo
# data (first run only) and start Tequio. Env: TEQUIO_PORT (8080), TEQUIO_DATA_DIR (./data).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
bash scripts/setup-deps.sh
bash scripts/build.sh
port="${TEQUIO_PORT:-8080}"
data="${TEQUIO_DATA_DIR:-$repo/data}"
./build/tequio demo --data-dir "$data"
cat <<TXT

  Tequio está listo en  http://127.0.0.1:$port/
  Administrador:        usuario «admin», contraseña «Tequio-Admin-2026»
  Otros usuarios demo:  director, jefe.soporte, tecnico, mesa, solicitante, auditor
                        (contraseña «Tequio-Demo-2026»)
  Detener: Ctrl+C

TXT
exec ./build/tequio serve --data-dir "$data" --port "$port" --web-root "$repo/web/dist"
