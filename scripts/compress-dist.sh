#!/usr/bin/env bash
# Trunk post_build hook (Trunk.toml): for a release build, writes FILE.gz (zopfli: gzip
# format, ~5% smaller than gzip -9) and FILE.br (brotli -q 11, ~22% smaller) next to every
# wasm (chunks and bundles too), js and css file, for nginx's gzip_static and
# brotli_static (deploy/nginx). Each file's pair is kept in target/compress-cache/ under a
# hash of its content, so a build that changed a few chunks compresses only those (and a
# second `make run` none); the cache keeps what the last build used.
set -euo pipefail
[ "${TRUNK_PROFILE:-}" = release ] || exit 0
dir=${TRUNK_STAGING_DIR:?compress-dist.sh runs as a trunk hook}
for tool in zopfli brotli sha256sum; do
  command -v "$tool" >/dev/null || { echo "compress-dist.sh: $tool is missing (make setup installs it)" >&2; exit 1; }
done
root=$(cd "$(dirname "$0")/.." && pwd)
cache=${CARGO_TARGET_DIR:-$root/target}/compress-cache
mkdir -p "$cache"
# One file per core at a time (a build has over 400 chunks); any failure fails the build.
shopt -s nullglob
files=("$dir"/*.wasm "$dir"/*.js "$dir"/*.css)
[ ${#files[@]} -gt 0 ] || exit 0
used=$(mktemp)
trap 'rm -f "$used"' EXIT
# shellcheck disable=SC2016
printf '%s\0' "${files[@]}" | CACHE=$cache xargs -0 -n 1 -P "$(nproc)" sh -c '
  set -e
  sum=$(sha256sum "$1" | cut -c1-40)
  kept="$CACHE/$sum"
  if [ ! -s "$kept.gz" ] || [ ! -s "$kept.br" ]; then
    # Written aside, then renamed: a build stopped half-way leaves no half file.
    zopfli -c "$1" > "$kept.gz.part" && mv "$kept.gz.part" "$kept.gz"
    brotli -q 11 -f -o "$kept.br.part" "$1" && mv "$kept.br.part" "$kept.br"
  fi
  cp "$kept.gz" "$1.gz" && cp "$kept.br" "$1.br"
  echo "$sum"' compress > "$used"
# Only what this build used stays.
for kept in "$cache"/*; do
  sum=$(basename "$kept"); sum=${sum%%.*}
  grep -qx "$sum" "$used" || rm -f "$kept"
done
