#!/usr/bin/env bash
# The release build (`make build`, `make test`, the benches): `trunk build --release` with the
# standard library rebuilt for size. The pinned stable rustc builds it (RUSTC_BOOTSTRAP lets it
# take the flags nightly has): `-Z build-std` with std's `optimize_for_size`, panics that abort
# at once (`-C panic=immediate-abort`: no panic message or formatting machinery compiled in)
# and no file/line strings (`-Z location-detail=none`). Every route's first load is 20-30 KB
# brotli lighter (docs/performance.md, "Bundle size"). A panic in a release build is then a bare wasm trap;
# index.html's head script shows the same "internal error" banner the panic hook shows in dev
# builds. Dev builds (`trunk serve`, `trunk build`) and every test build are untouched.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export PATH="$root/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

sysroot=$(rustc --print sysroot)
[ -e "$sysroot/lib/rustlib/src/rust/library/std/Cargo.toml" ] \
  || { echo "rustc's rust-src component is missing (scripts/setup.sh adds it: rustup component add rust-src)" >&2; exit 1; }

export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
# Replaces .cargo/config.toml's rustflags for the wasm target, so theirs are repeated here.
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="--cfg erase_components -C link-args=--emit-relocs -Z unstable-options -C panic=immediate-abort -Z location-detail=none"

# Trunk runs cargo offline (Trunk.toml): std's own dependencies are fetched first.
cargo fetch --quiet --target wasm32-unknown-unknown
exec trunk build --release "$@"
