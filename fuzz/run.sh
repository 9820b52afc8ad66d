#!/usr/bin/env bash
# Runs the fuzz targets for a while each, on the nightly toolchain with libFuzzer:
#   fuzz/run.sh [SECONDS] [TARGET...]      (default: 600 seconds, every target)
# The committed corpus (fuzz/corpus/<target>/) is read; inputs that find new paths go to
# fuzz/work/<target>/ (not committed; move a few small ones into corpus/ to keep them). A crash is
# written to fuzz/artifacts/<target>/ and stops that target; once fixed, copy it into
# fuzz/regressions/<target>/ so the ordinary tests replay it forever.
# Needs: `rustup toolchain install nightly` and `cargo install cargo-fuzz`.
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-600}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(level record text game)
fi
cargo +nightly fuzz build -O
status=0
for t in "${targets[@]}"; do
    mkdir -p "corpus/$t" "work/$t" "artifacts/$t"
    echo "== $t: ${seconds}s"
    if ! cargo +nightly fuzz run -O "$t" "work/$t" "corpus/$t" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1 \
        2> "artifacts/$t/log.txt"; then
        status=1
        echo "   CRASH or hang: see fuzz/artifacts/$t/ and its log.txt"
    fi
    grep -E "stat::number_of_executed_units|stat::peak_rss_mb|stat::new_units_added" \
        "artifacts/$t/log.txt" | sed 's/^/   /' || true
    grep -E "^(==[0-9]+==ERROR|SUMMARY|.*panicked at)" "artifacts/$t/log.txt" | head -5 | sed 's/^/   /' || true
done
exit $status
