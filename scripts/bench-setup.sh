#!/usr/bin/env bash
# What only the browser benchmark needs beyond `make setup`: PostgreSQL's server (Debian's
# package; the benchmark runs a cluster of its own in a temp dir, never the system one) and
# asyncpg in the Prefect venv (Prefect's PostgreSQL driver). Fails loudly when missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "==> apt-get install postgresql"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q postgresql
fi
ls /usr/lib/postgresql/*/bin/initdb >/dev/null
"$root/.tools/venv/bin/python" -c "import asyncpg" 2>/dev/null || {
  echo "==> pip install asyncpg (into .tools/venv)"
  "$root/.tools/venv/bin/pip" install -q --disable-pip-version-check \
    -c "$root/scripts/python-constraints.txt" asyncpg
}
"$root/.tools/venv/bin/python" -c "import asyncpg"
