#!/usr/bin/env bash
# make run: serves the release dashboard with nginx at a printed URL, /api proxied to Prefect
# (DASHBOARD_READ_ONLY=1: a read-only proxy, see docs/security.md). Without PREFECT_API_URL
# it starts a local Prefect server (SQLite under .data/) with demo data and a worker. Ctrl-C
# stops everything it started.
#
# It never writes to a server it did not start: a port that is taken (very likely 4200, where
# `prefect server start` listens) is replaced by a free one, said on the console; a port asked
# for with PREFECT_PORT or DASHBOARD_PORT that is taken stops the script with a message. Demo
# data is seeded only once this script's own server is the one answering.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv="$root/.tools/venv"
data="$root/.data"

# True when the port is held on this machine (a listener on 127.0.0.1 or on every address):
# a bind test, so nothing is sent to whatever holds it.
port_taken() {
  python3 - "$1" <<'PY'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
    taken = False
except OSError:
    taken = True
finally:
    s.close()
sys.exit(0 if taken else 1)
PY
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# choose NAME VARIABLE DEFAULT: the port to use, or stop when an asked-for one is taken.
choose_port() {
  local name=$1 variable=$2 default=$3 asked=${!2:-}
  if [ -n "$asked" ]; then
    if port_taken "$asked"; then
      echo "make run: port $asked ($variable) is already in use; not starting $name there. Stop what listens on it, or pick another port: $variable=<port> make run" >&2
      exit 1
    fi
    echo "$asked"
  elif port_taken "$default"; then
    local port
    port=$(free_port)
    echo "==> port $default is in use (another $name?); $name uses $port instead" >&2
    echo "$port"
  else
    echo "$default"
  fi
}

dashboard_port=$(choose_port "the dashboard" DASHBOARD_PORT 8080)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

if [ -z "${PREFECT_API_URL:-}" ]; then
  prefect_port=$(choose_port "Prefect" PREFECT_PORT 4200)
  mkdir -p "$data"
  export PREFECT_HOME="$data/prefect"
  export PREFECT_API_URL="http://127.0.0.1:$prefect_port/api"
  echo "==> starting Prefect at $PREFECT_API_URL (data in $PREFECT_HOME)"
  "$venv/bin/prefect" server start --host 127.0.0.1 --port "$prefect_port" >"$data/server.log" 2>&1 &
  pids+=($!)
  # Ours answers: our process is alive and the server on that port has our PREFECT_HOME.
  ours() {
    kill -0 "${pids[0]}" 2>/dev/null || return 1
    local home
    home=$(curl -sf "$PREFECT_API_URL/admin/settings" 2>/dev/null \
      | python3 -c 'import json, sys; print(json.load(sys.stdin).get("home", ""))' 2>/dev/null) || return 1
    [ "$(realpath -m "$home")" = "$(realpath -m "$PREFECT_HOME")" ]
  }
  for _ in $(seq 1 120); do
    ours && break
    kill -0 "${pids[0]}" 2>/dev/null || { tail -20 "$data/server.log"; echo "make run: Prefect did not start (see $data/server.log); nothing was written anywhere" >&2; exit 1; }
    sleep 1
  done
  ours || { echo "make run: Prefect did not start; see $data/server.log" >&2; exit 1; }
  if [ ! -f "$data/seeded" ]; then
    echo "==> filling it with demo data (real flow runs)"
    "$venv/bin/python" scripts/seed.py --profile demo >"$data/seed.log" 2>&1 || { tail -20 "$data/seed.log"; exit 1; }
    touch "$data/seeded"
  fi
  echo "==> starting a process worker on demo-pool"
  (cd scripts && exec "$venv/bin/prefect" worker start --pool demo-pool >"$data/worker.log" 2>&1) &
  pids+=($!)
else
  echo "==> using the Prefect API at $PREFECT_API_URL"
fi

echo "==> building the dashboard (release)"
scripts/release-build.sh

mkdir -p "$data"
# DASHBOARD_READ_ONLY=1: the proxy passes reads only (config.json's read_only hides controls).
render_flags=()
if [ -n "${DASHBOARD_READ_ONLY:-}" ]; then
  render_flags+=(--read-only)
  echo "==> read-only proxy: every change is refused with 403"
fi
"$root/scripts/render-nginx.sh" "${render_flags[@]}" "$data/nginx" "127.0.0.1:$dashboard_port" "$root/dist" "$PREFECT_API_URL"
nginx -p "$data/nginx" -c nginx.conf &
pids+=($!)
for _ in $(seq 1 20); do
  curl -sf "http://127.0.0.1:$dashboard_port/" 2>/dev/null | grep -q "Prefect dashboard" && break
  kill -0 "${pids[-1]}" 2>/dev/null || { tail -5 "$data/nginx/logs/error.log" 2>/dev/null; echo "make run: nginx did not start on port $dashboard_port" >&2; exit 1; }
  sleep 0.5
done
echo
echo "    Prefect dashboard: http://127.0.0.1:$dashboard_port/"
echo "    (Ctrl-C to stop)"
wait
