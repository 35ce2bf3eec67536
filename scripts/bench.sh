#!/usr/bin/env bash
# make bench: builds the release bundle and prints its sizes per kind: raw, gzip -9, and the
# precompressed copies nginx serves (FILE.gz by zopfli, FILE.br by brotli; see
# scripts/compress-dist.sh); then what a cold load of each route fetches (the shell plus
# that route's chunks, brotli: scripts/route-sizes.py). Fails when a route is over the
# budget (BUNDLE_BUDGET_KB, default 250 KiB). The browser benchmark is `make bench-browser`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
budget_kb=${BUNDLE_BUDGET_KB:-250}
scripts/release-build.sh >/dev/null
size() { [ -e "$1" ] || { echo "missing $1 (trunk's post_build hook makes it)" >&2; exit 1; }; stat -c %s "$1"; }
printf '%-6s %10s %10s %10s %10s\n' kind raw gzip-9 served.gz served.br
total_raw=0 total_gz=0 total_sgz=0 total_br=0
for kind in wasm js css; do
  raw=0 gz=0 sgz=0 br=0
  for f in dist/*."$kind"; do
    [ -e "$f" ] || continue
    raw=$((raw + $(size "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
    sgz=$((sgz + $(size "$f.gz")))
    br=$((br + $(size "$f.br")))
  done
  [ "$raw" -gt 0 ] || { echo "no .$kind in dist/" >&2; exit 1; }
  printf '%-6s %10d %10d %10d %10d\n' "$kind" "$raw" "$gz" "$sgz" "$br"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
  total_sgz=$((total_sgz + sgz)) total_br=$((total_br + br))
done
printf '%-6s %10d %10d %10d %10d\n' total "$total_raw" "$total_gz" "$total_sgz" "$total_br"

# The bar: what Prefect's own UIs (served by the pinned Prefect in .tools/venv) load before
# their first page: the scripts and styles their index.html names, gzip -9.
ui_root=$(echo "$root"/.tools/venv/lib/python3*/site-packages/prefect/server)
for ui in ui ui-v2; do
  index="$ui_root/$ui/index.html"
  [ -f "$index" ] || { echo "no $index (make setup installs Prefect)" >&2; exit 1; }
  files=$(grep -o '/assets/[^"]*\.\(js\|css\)"' "$index" | tr -d '"' | sort -u)
  count=0 gz=0
  for f in $files; do
    gz=$((gz + $(gzip -9 -c "$ui_root/$ui$f" | wc -c))) count=$((count + 1))
  done
  printf "Prefect's own %-5s: %d files named by index.html, %d bytes gzip -9\n" "$ui" "$count" "$gz"
done
python3 "$root/scripts/route-sizes.py" dist "$budget_kb"
