#!/usr/bin/env bash
# make run: serves the release dashboard with nginx at a printed URL, /api proxied to Prefect.
# Without PREFECT_API_URL it starts a local Prefect server (SQLite under .data/) with demo
# data and a worker. Ctrl-C stops everything it started.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
venv="$root/.tools/venv"
data="$root/.data"
dashboard_port=${DASHBOARD_PORT:-8080}
prefect_port=${PREFECT_PORT:-4200}
mkdir -p "$data"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

if [ -z "${PREFECT_API_URL:-}" ]; then
  export PREFECT_HOME="$data/prefect"
  export PREFECT_API_URL="http://127.0.0.1:$prefect_port/api"
  echo "==> starting Prefect at $PREFECT_API_URL (data in $PREFECT_HOME)"
  "$venv/bin/prefect" server start --host 127.0.0.1 --port "$prefect_port" >"$data/server.log" 2>&1 &
  pids+=($!)
  for _ in $(seq 1 120); do
    curl -sf "$PREFECT_API_URL/health" >/dev/null && break
    kill -0 "${pids[0]}" 2>/dev/null || { tail -20 "$data/server.log"; exit 1; }
    sleep 1
  done
  curl -sf "$PREFECT_API_URL/health" >/dev/null || { echo "Prefect did not start; see $data/server.log" >&2; exit 1; }
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
trunk build --release

"$root/scripts/render-nginx.sh" "$data/nginx" "127.0.0.1:$dashboard_port" "$root/dist" "$PREFECT_API_URL"
nginx -p "$data/nginx" -c nginx.conf &
pids+=($!)
sleep 1
echo
echo "    Prefect dashboard: http://127.0.0.1:$dashboard_port/"
echo "    (Ctrl-C to stop)"
wait
