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
sed -e "s|@LISTEN@|$listen|g" -e "s|@DIST_DIR@|$dist|g" \
    -e "s|@PREFECT_API_URL@|$api|g" -e "s|@BASE_PATH@|$base|g" \
    "$here/deploy/nginx/prefect-dashboard.conf.template" > "$prefix/site.conf"
sed -e "s|@USER_DIRECTIVE@|$user|g" -e "s|@SITE_CONF@|$prefix/site.conf|g" \
    "$here/deploy/nginx/standalone.conf.template" > "$prefix/nginx.conf"
