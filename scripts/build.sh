#!/usr/bin/env bash
# Builds the server (Release, with tests) and the web app. Usage: scripts/build.sh [--no-web]
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo"
jobs="$(nproc)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DTEQUIO_TESTS=ON >/dev/null
cmake --build build -j"$jobs"
if [[ "${1:-}" != "--no-web" ]]; then
  (cd web && { [[ -d node_modules ]] || npm ci --no-audit --no-fund; } && npm run build)
fi
