#!/usr/bin/env bash
# make test: every test the project has. Nothing is skipped: a missing tool fails the run.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "format (leptosfmt for view! bodies, then rustfmt)"
cargo fmt --check
scripts/check-format.sh
step "module cycles"
python3 scripts/check-module-cycles.py
step "one door: pages and components never call the client"
python3 scripts/check-one-door.py
step "clippy (host, incl. end-to-end tests and the benchmark)"
cargo clippy --all-targets --features e2e,bench -- -D warnings
step "clippy (wasm32)"
cargo clippy --target wasm32-unknown-unknown --lib --bins --tests -- -D warnings
step "native tests"
cargo test
step "browser tests (wasm-bindgen-test in headless Chromium)"
CHROMEDRIVER=$(command -v chromedriver) cargo test --target wasm32-unknown-unknown --test web
step "release build"
scripts/release-build.sh
step "release build again: an unchanged wasm's split and compressed copies are reused, byte for byte"
digests() { (cd dist && find . -type f -print0 | sort -z | xargs -0 sha256sum); }
before=$(digests)
again=$(scripts/release-build.sh 2>&1) || { echo "$again"; exit 1; }
grep -q "its split is reused" <<<"$again" \
  || { echo "$again" | tail -20; echo "the second release build split the wasm again" >&2; exit 1; }
[ "$(digests)" = "$before" ] \
  || { diff <(echo "$before") <(digests) | head -20; echo "the second release build's dist/ is not the first's" >&2; exit 1; }
step "end-to-end tests (real Prefect, nginx, Chromium)"
# A failure's message, not its backtrace, is what the end of the log should hold.
RUST_BACKTRACE=0 cargo test --features e2e --test e2e -- --test-threads=2
