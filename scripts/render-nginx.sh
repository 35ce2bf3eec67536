#!/usr/bin/env bash
# Renders deploy/nginx into a runnable nginx prefix directory.
# Usage: render-nginx.sh PREFIX_DIR LISTEN DIST_DIR PREFECT_API_URL [BASE_PATH]
# Then: nginx -p PREFIX_DIR -c nginx.conf
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
prefix=$1 listen=$2 dist=$3 api=${4%/} base=${5:-}
base=${base%/}
mkdir -p "$prefix/logs" "$prefix/tmp"
user=""
[ "$(id -u)" = 0 ] && user="user root;"
# Brotli when nginx has the static module (scripts/setup.sh installs it); gzip_static always.
brotli_module=${NGINX_BROTLI_MODULE:-/usr/lib/nginx/modules/ngx_http_brotli_static_module.so}
if [ -e "$brotli_module" ]; then
  load="load_module $brotli_module;" brotli="brotli_static on;"
else
  load="" brotli="# brotli_static: no $brotli_module"
fi
sed -e "s|@LISTEN@|$listen|g" -e "s|@DIST_DIR@|$dist|g" \
    -e "s|@PREFECT_API_URL@|$api|g" -e "s|@BASE_PATH@|$base|g" \
    -e "s|@BROTLI_STATIC@|$brotli|g" \
    "$here/deploy/nginx/prefect-dashboard.conf.template" > "$prefix/site.conf"
sed -e "s|@USER_DIRECTIVE@|$user|g" -e "s|@SITE_CONF@|$prefix/site.conf|g" \
    -e "s|@LOAD_MODULES@|$load|g" \
    "$here/deploy/nginx/standalone.conf.template" > "$prefix/nginx.conf"
