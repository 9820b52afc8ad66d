#!/usr/bin/env bash
# Builds the game for the browser into web/dist: index.html, the JavaScript glue and the .wasm.
# Serve the folder with any static file server, e.g.
#     python3 -m http.server 8000 --directory web/dist
# and open http://localhost:8000.
#
# The toolchain: rustup's wasm32 target if it is installed (a developer's own machine:
# `rustup target add wasm32-unknown-unknown`); otherwise Debian's Rust for the web (rustc-web,
# cargo-web, rust-web-src, lld-22), which builds the standard library for wasm32 itself
# (-Zbuild-std). Then wasm-bindgen (the version in Cargo.lock, installed with cargo if missing).
# Prints the sizes at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TERM_COLOR=${CARGO_TERM_COLOR:-never}
target=wasm32-unknown-unknown
out=web/dist
start=$(date +%s)
say() { echo "web: $*"; }
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"

# --- the compiler ---------------------------------------------------------------------------
build_args=(build --profile web --target "$target" --bin quid-pro-quo)
if rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  say "building with rustup's $target target"
  cargo "${build_args[@]}"
else
  if ! { dpkg -s rustc-web cargo-web rust-web-src lld-22 >/dev/null 2>&1; }; then
    say "installing Debian's Rust for the web (rustc-web, cargo-web, rust-web-src, lld-22)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
      rustc-web cargo-web rust-web-src lld-22 >/dev/null
  fi
  say "building with Debian's $(/usr/bin/rustc --version) and -Zbuild-std"
  # rustc-web is a stable compiler: RUSTC_BOOTSTRAP lets it take -Z flags. rustup's cargo
  # stays first on PATH elsewhere; this build uses Debian's.
  PATH=/usr/bin:$PATH RUSTC_BOOTSTRAP=1 \
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER=/usr/lib/llvm-22/bin/wasm-ld \
    /usr/bin/cargo "${build_args[@]}" -Zbuild-std=std,panic_abort
fi
wasm=target/$target/web/quid-pro-quo.wasm
say "compiled in $(( $(date +%s) - start ))s"

# --- the JavaScript bindings ----------------------------------------------------------------
version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
PATH=$HOME/.cargo/bin:$PATH
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
  say "installing wasm-bindgen-cli $version (the version in Cargo.lock)"
  # Not --locked: one of its locked dependencies is missing from some registry mirrors.
  cargo install -q wasm-bindgen-cli --version "$version"
fi
rm -rf "$out"
mkdir -p "$out"
wasm-bindgen --target web --no-typescript --remove-name-section --out-dir "$out" "$wasm"

# --- smaller? --------------------------------------------------------------------------------
# Not wasm-opt: Debian 12's binaryen (version 108) breaks the module's table of function
# references ("WebAssembly.Table.set(): Argument 1 is invalid"), and its -Os output was no smaller
# once compressed (9.1 MB gzip against 8.9 MB, measured). The size comes from the `web` profile
# (opt-level "s", no debug info) and --remove-name-section above.

# --- the page -------------------------------------------------------------------------------
bg=$out/quid-pro-quo_bg.wasm
raw=$(stat -c %s "$bg")
sed "s/__WASM_BYTES__/$raw/" web/index.html > "$out/index.html"
cp assets/fonts/LICENSE-DejaVu.txt "$out/"
gz=$(gzip -9 -c "$bg" | wc -c)
say "wrote $out in $(( $(date +%s) - start ))s: quid-pro-quo_bg.wasm $(( raw / 1000 )) kB raw, $(( gz / 1000 )) kB gzip -9"
say "play it: python3 -m http.server 8000 --directory $out   (then open http://localhost:8000)"
