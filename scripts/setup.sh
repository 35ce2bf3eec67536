#!/usr/bin/env bash
# Installs what the project needs, once; fast when everything is present. Only package
# registries are used (crates.io, npm, PyPI, Debian apt). Fails loudly on anything missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
tools="$root/.tools"
venv="$tools/venv"
mkdir -p "$tools"
export PATH="$tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
BINARYEN_VERSION=132
AXE_CORE_VERSION=4.11.1
PREFECT_VERSION=3.8.8
# Prefect's Redis messaging (the e2e scale bed: two API replicas on one broker).
PREFECT_REDIS_VERSION=0.3.0

step() { printf '\033[1m==> %s\033[0m\n' "$*"; }
# Output is captured first: with pipefail, grep -q closing the pipe early would fail the check.
have_version() {
  command -v "$1" >/dev/null 2>&1 || return 1
  local out
  out=$("$1" --version 2>/dev/null) || true
  [[ "$out" == *"$2"* ]]
}
prefect_version() { "$venv/bin/prefect" version 2>/dev/null | head -1 | tr -s ' ' || true; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# The release build rebuilds the standard library for size (scripts/release-build.sh).
if ! rustup component list --installed | grep -qx rust-src; then
  step "rustup component add rust-src"
  rustup component add rust-src
fi

if ! have_version trunk "$TRUNK_VERSION"; then
  step "cargo install trunk $TRUNK_VERSION (15-25 min on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if ! have_version wasm-bindgen "$WASM_BINDGEN_VERSION"; then
  # Without --locked: the registry lacks one dependency version its lockfile pins.
  step "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 10 min, once)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# The page chunks (scripts/split-wasm.py). The binary has no --version: ask cargo.
WASM_SPLIT_VERSION=0.2.4
if ! cargo install --list | grep -qx "wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
  step "cargo install wasm_split_cli_support $WASM_SPLIT_VERSION (a few minutes, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked --force
fi

# view! bodies are formatted by leptosfmt (scripts/check-format.sh; `make fmt`).
LEPTOSFMT_VERSION=0.1.33
if ! have_version leptosfmt "$LEPTOSFMT_VERSION"; then
  step "cargo install leptosfmt $LEPTOSFMT_VERSION (a few minutes, once)"
  cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked --force
fi

if ! have_version wasm-opt "version_$BINARYEN_VERSION"; then
  step "npm install binaryen@$BINARYEN_VERSION (wasm-opt)"
  npm install --prefix "$tools" --no-audit --no-fund "binaryen@$BINARYEN_VERSION" >/dev/null
  have_version wasm-opt "version_$BINARYEN_VERSION" || { echo "wasm-opt $BINARYEN_VERSION not usable" >&2; exit 1; }
fi

# The e2e accessibility check injects axe-core into each page (tests/e2e/design.rs).
axe_file="$tools/node_modules/axe-core/axe.min.js"
if ! grep -qs "\"version\": \"$AXE_CORE_VERSION\"" "$tools/node_modules/axe-core/package.json"; then
  step "npm install axe-core@$AXE_CORE_VERSION (the e2e accessibility check)"
  npm install --prefix "$tools" --no-audit --no-fund "axe-core@$AXE_CORE_VERSION" >/dev/null
  [ -s "$axe_file" ] || { echo "axe-core $AXE_CORE_VERSION not installed at $axe_file" >&2; exit 1; }
fi

missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v chromedriver >/dev/null || missing+=(chromium-driver)
command -v nginx >/dev/null || missing+=(nginx)
# Precompressed bundle (scripts/compress-dist.sh) and nginx serving the .br files.
command -v zopfli >/dev/null || missing+=(zopfli)
command -v brotli >/dev/null || missing+=(brotli)
[ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
# The scale bed (tests/e2e/replicas.rs): Prefect on PostgreSQL with Redis messaging, each a
# server of the test's own in a temp dir (never the system's, which is not started).
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  step "apt-get install ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}"
fi

# The venv is (re)synced whenever Prefect's version or the pinned working set changes.
constraints_stamp() { sha256sum "$root/scripts/python-constraints.txt" | cut -d' ' -f1; }
if [[ "$(prefect_version)" != "Version: $PREFECT_VERSION" ]] \
  || [[ "$(cat "$venv/.constraints" 2>/dev/null)" != "$(constraints_stamp)" ]]; then
  step "Python venv with prefect==$PREFECT_VERSION"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check \
    -c "$root/scripts/python-constraints.txt" "prefect==$PREFECT_VERSION" "prefect-redis==$PREFECT_REDIS_VERSION"
  [[ "$(prefect_version)" == "Version: $PREFECT_VERSION" ]] || { echo "prefect $PREFECT_VERSION not usable" >&2; exit 1; }
  "$venv/bin/python" -c "import prefect_redis, asyncpg" || { echo "prefect-redis $PREFECT_REDIS_VERSION or asyncpg not usable" >&2; exit 1; }
  constraints_stamp > "$venv/.constraints"
fi

step "toolchain ready: $(trunk --version), $(wasm-bindgen --version), $(wasm-opt --version | head -1), prefect $PREFECT_VERSION, $(chromium --version), $(nginx -v 2>&1)"
