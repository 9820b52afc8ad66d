#!/usr/bin/env bash
# Runs the game on one screen and prints its accessible tree as a screen reader reads it:
#   tests/screen-reader/read.sh <game binary (built with the dev feature)> <screen> [keys...]
# Needs an X display (xvfb-run), D-Bus, at-spi2-core and python3-pyatspi; `.ci/run` installs them.
# It starts its own D-Bus session and accessibility bus, tells the bus a screen reader is on (as
# Orca does), and reads the tree with tests/screen-reader/tree.py.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bin="$1"; screen="$2"; shift 2
if [ -z "${IN_SESSION:-}" ]; then
  exec env IN_SESSION=1 dbus-run-session -- "$0" "$bin" "$screen" "$@"
fi
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-$(mktemp -d)}"
data="$(mktemp -d)"
/usr/libexec/at-spi-bus-launcher --launch-immediately >/dev/null 2>&1 &
bus=$!
for _ in $(seq 50); do
  dbus-send --session --dest=org.a11y.Bus --print-reply /org/a11y/bus org.a11y.Bus.GetAddress \
    >/dev/null 2>&1 && break
  sleep 0.1
done
# Both switches, as Orca sets them: AccessKit (the game's side) waits for ScreenReaderEnabled;
# without it the game never joins the accessibility bus (unless a desktop setting left in dconf
# happens to turn it on, which a fresh machine does not have).
for prop in IsEnabled ScreenReaderEnabled; do
  dbus-send --session --dest=org.a11y.Bus --print-reply /org/a11y/bus \
    org.freedesktop.DBus.Properties.Set string:org.a11y.Status string:$prop variant:boolean:true >/dev/null
done
args=()
[ "$screen" != menu ] && args=(--screen "$screen")
QPQ_DATA_DIR="$data" QPQ_SEED=7 "$bin" "${args[@]}" >"$data/game.log" 2>&1 &
game=$!
if [ $# -gt 0 ]; then
  sleep 8
  win=$(xdotool search --sync --name "Quid Pro Quo" | head -1)
  for k in "$@"; do xdotool key --window "$win" "$k"; sleep 2; done
fi
/usr/bin/python3 "$here/tree.py" 90 2>/dev/null || true
kill "$game" "$bus" 2>/dev/null || true
wait "$game" 2>/dev/null || true
if grep -q "stopped unexpectedly" "$data/game.log"; then
  echo "the game died:" >&2; cat "$data/game.log" >&2; exit 1
fi
rm -rf "$data"
