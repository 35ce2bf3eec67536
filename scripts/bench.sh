#!/usr/bin/env bash
# make bench: builds the release bundle and prints its sizes, raw and gzip -9, per kind.
# Fails when the gzip total is over the budget.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
budget_kb=${BUNDLE_BUDGET_KB:-300}
trunk build --release >/dev/null
printf '%-6s %10s %10s\n' kind raw gzip
total_raw=0 total_gz=0
for kind in wasm js css; do
  raw=0 gz=0
  for f in dist/*."$kind"; do
    [ -e "$f" ] || continue
    raw=$((raw + $(stat -c %s "$f")))
    gz=$((gz + $(gzip -9 -c "$f" | wc -c)))
  done
  [ "$raw" -gt 0 ] || { echo "no .$kind in dist/" >&2; exit 1; }
  printf '%-6s %10d %10d\n' "$kind" "$raw" "$gz"
  total_raw=$((total_raw + raw)) total_gz=$((total_gz + gz))
done
printf '%-6s %10d %10d\n' total "$total_raw" "$total_gz"
if [ "$total_gz" -gt $((budget_kb * 1024)) ]; then
  echo "over budget: $total_gz bytes gzip > ${budget_kb} KiB" >&2
  exit 1
fi
echo "within budget: ${budget_kb} KiB gzip"
