#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): for a release build, writes FILE.gz (zopfli: gzip
# format, ~5% smaller than gzip -9) and FILE.br (brotli -q 11, ~22% smaller) next to every
# wasm, js, css and bundle (.bin) file, for nginx's gzip_static and brotli_static (deploy/nginx).
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
dir=${TRUNK_STAGING_DIR:?compress-dist.sh runs as a trunk hook}
for tool in zopfli brotli; do
  command -v "$tool" >/dev/null || { echo "compress-dist.sh: $tool is missing (make setup installs it)" >&2; exit 1; }
done
for file in "$dir"/*.wasm "$dir"/*.js "$dir"/*.css "$dir"/*.bin; do
  [ -e "$file" ] || continue
  zopfli -c "$file" > "$file.gz"
  brotli -q 11 -f -o "$file.br" "$file"
done
