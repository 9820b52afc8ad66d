#!/usr/bin/env bash
# Builds the browser version (web/build.sh) and the desktop one, then plays the page in headless
# Chromium (web/test/play.mjs): menu, scenario, round, End round, report, a reload that keeps the
# game, the tutorial to its debrief, downloads, the record replayed on the desktop, a level opened
# from a file, a resize. Then a class (web/test/class.mjs): the class server serving the page, the
# teacher's page opening a session, two students joining by code and playing the tutorial, the
# monitor, the class report and the records replayed on the desktop. On success records
# web/tested.stamp (see web/inputs.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v npm >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  echo "web test: installing ${need[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
web/build.sh
cargo build --bin quid-pro-quo
cargo build -p qpq-server --bin qpq-server
(cd web && npm ci --no-audit --no-fund --loglevel=error)
node web/test/play.mjs
node web/test/class.mjs
web/inputs.sh > web/tested.stamp
echo "web test: passed in $(( $(date +%s) - start ))s (web/tested.stamp updated)"
