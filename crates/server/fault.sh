#!/usr/bin/env bash
# Kill the class server with SIGKILL in the middle of a class under load, start it again, and
# check that every student's game resumes at its last acknowledged move: qpq-load compares every
# stored log with the student's own at the end (a move lost or applied twice fails it).
#
#   crates/server/fault.sh [DB-URL] [STUDENTS]
#     DB-URL    sqlite:///tmp/qpq-fault/class.db (default, made fresh) or postgres://…
#     STUDENTS  1000 by default
# Builds the release binaries first. Prints qpq-load's report, the moves stored at the kill, and
# how long the server took to be ready again and to have every student back in their game.
set -euo pipefail
cd "$(dirname "$0")/../.."
db=${1:-sqlite:///tmp/qpq-fault/class.db}
students=${2:-1000}
port=${QPQ_FAULT_PORT:-8110}
if [[ $db == sqlite://* ]]; then
  mkdir -p /tmp/qpq-fault && rm -f /tmp/qpq-fault/class.db*
fi
cargo build --release -p qpq-server -q
bin=target/release
log=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$log"' EXIT
$bin/qpq-server --db "$db" --listen 127.0.0.1:$port >"$log/server1" 2>&1 &
server=$!
sleep 1
$bin/qpq-load --server ws://127.0.0.1:$port/play --db "$db" --students "$students" \
  --rounds 4 --think 1000..6000 --ramp 10000 --patience 120 >"$log/load" 2>&1 &
load=$!
sleep 40
kill -9 $server
wait $server 2>/dev/null || true
echo "fault: server killed with SIGKILL 40 s into the class"
sleep 2
restart=$(date +%s%N)
$bin/qpq-server --db "$db" --listen 127.0.0.1:$port >"$log/server2" 2>&1 &
for _ in $(seq 1 200); do
  grep -q "ready in" "$log/server2" 2>/dev/null && break
  sleep 0.05
done
echo "fault: restarted: $(head -2 "$log/server2" | tr '\n' ' ')($(( ($(date +%s%N) - restart) / 1000000 )) ms to the first line, the process start included)"
code=0
wait $load || code=$?
cat "$log/load"
exit $code
