#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): for a release build, writes FILE.gz (zopfli: gzip
# format, ~5% smaller than gzip -9) and FILE.br (brotli -q 11, ~22% smaller) next to every
# wasm (chunks and bundles too), js and css file, for nginx's gzip_static and
# brotli_static (deploy/nginx).
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
dir=${TRUNK_STAGING_DIR:?compress-dist.sh runs as a trunk hook}
for tool in zopfli brotli; do
  command -v "$tool" >/dev/null || { echo "compress-dist.sh: $tool is missing (make setup installs it)" >&2; exit 1; }
done
# One file per core at a time (a build has over 400 chunks); any failure fails the build.
shopt -s nullglob
files=("$dir"/*.wasm "$dir"/*.js "$dir"/*.css)
[ ${#files[@]} -gt 0 ] || exit 0
printf '%s\0' "${files[@]}" | xargs -0 -n 1 -P "$(nproc)" sh -c \
  'zopfli -c "$1" > "$1.gz" && brotli -q 11 -f -o "$1.br" "$1"' compress
