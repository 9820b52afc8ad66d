#!/usr/bin/env bash
# Prints one hash of every file the browser build is made from (as they are in the work tree):
# web/test.sh records it in web/tested.stamp when the browser test passes, and CI (.ci/web)
# builds and tests the page again only when it differs.
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z -co --exclude-standard -- \
    src crates Cargo.toml Cargo.lock assets levels web \
    ':!web/tested.stamp' ':!web/README.md' \
  | sort -z \
  | while IFS= read -r -d '' f; do
      [ -f "$f" ] && printf '%s %s\n' "$(git hash-object -- "$f")" "$f"
    done \
  | sha256sum | cut -d' ' -f1
