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
step "end-to-end tests (real Prefect, nginx, Chromium)"
# A failure's message, not its backtrace, is what the end of the log should hold.
RUST_BACKTRACE=0 cargo test --features e2e --test e2e -- --test-threads=2
