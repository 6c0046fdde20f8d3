#!/usr/bin/env bash
# Installs every Debian 12 package Tequio needs to build, run and test.
# Idempotent: packages already present are skipped by apt.
set -euo pipefail
PKGS=(
  build-essential cmake pkg-config git ca-certificates
  libboost-dev libboost-system-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql-15 postgresql-client-15
  nlohmann-json3-dev libspdlog-dev libfmt-dev libcli11-dev libsodium-dev zlib1g-dev
  libgtest-dev googletest
  libcurl4-openssl-dev libxlsxwriter-dev libcairo2-dev libpango1.0-dev poppler-utils fonts-dejavu-core unzip
  libqrencode-dev zbar-tools libzip-dev
  chromium
  wrk python3 python3-aiosmtpd curl
)
missing=()
# Node.js 20 with its npm may come from another package set; install Debian's only when absent.
command -v node >/dev/null 2>&1 || PKGS+=(nodejs)
command -v npm >/dev/null 2>&1 || PKGS+=(npm)
for p in "${PKGS[@]}"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
