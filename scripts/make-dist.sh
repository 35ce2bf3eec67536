#!/usr/bin/env bash
# make dist: packs the release build for a machine without Rust, as
# prefect-dashboard-<version>.tar.gz (in the repo's root, or in --out DIR):
#   prefect-dashboard-<version>/dist/                 the release, precompressed (.br, .gz)
#   prefect-dashboard-<version>/deploy/nginx/*.template   the nginx config
#   prefect-dashboard-<version>/scripts/render-nginx.sh   renders it for one API
#   prefect-dashboard-<version>/INSTALL               what to do with them
# It packs the dist/ there is (`make dist` builds it first); a dist/ that is not a release
# build (no precompressed copies) is refused.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=$root
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out=${2:?--out takes a directory}; shift 2 ;;
    *) echo "usage: make-dist.sh [--out DIR]" >&2; exit 1 ;;
  esac
done
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)
[ -n "$version" ] || { echo "make-dist.sh: no version in Cargo.toml" >&2; exit 1; }
dist=$root/dist
[ -f "$dist/index.html" ] || { echo "make-dist.sh: no $dist/index.html; build the release first (make build)" >&2; exit 1; }
compgen -G "$dist/*.wasm.br" >/dev/null \
  || { echo "make-dist.sh: $dist is not a release build (no .wasm.br); run scripts/release-build.sh" >&2; exit 1; }
name=prefect-dashboard-$version
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/$name/deploy/nginx" "$stage/$name/scripts"
cp -R "$dist" "$stage/$name/dist"
cp "$root"/deploy/nginx/*.template "$stage/$name/deploy/nginx/"
cp "$root/scripts/render-nginx.sh" "$stage/$name/scripts/"
cat > "$stage/$name/INSTALL" <<TEXT
prefect-dashboard $version: a browser dashboard for Prefect, served by nginx.

Needs: nginx (with ngx_http_brotli_static_module for brotli; gzip works without it) and a
Prefect 3 API this machine can reach. No Rust, Node or Python.

1. Where the dashboard talks to (optional): edit dist/config.json (see the README's
   "Configuration"; the defaults serve one Prefect server through this proxy at /api).
2. Render the nginx config for your Prefect API:
     scripts/render-nginx.sh ./nginx 127.0.0.1:8080 "\$PWD/dist" http://127.0.0.1:4200/api
   (several API replicas: a space-separated list of URLs; --read-only for a proxy that
   refuses every change; a fifth argument such as /dashboard serves it under a sub-path).
3. Run it:
     nginx -p ./nginx -c nginx.conf
   and open http://127.0.0.1:8080/.
To include the site in an nginx of your own instead, use ./nginx/site.conf inside its http {}
block (deploy/nginx/prefect-dashboard.conf.template says what each placeholder is).
TEXT
mkdir -p "$out"
tarball="$(cd "$out" && pwd)/$name.tar.gz"
tar -C "$stage" -czf "$tarball" "$name"
echo "make-dist.sh: $tarball ($(du -h "$tarball" | cut -f1))"
