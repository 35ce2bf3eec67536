#!/usr/bin/env bash
# Renders deploy/nginx into a runnable nginx prefix directory.
# Usage: render-nginx.sh [--read-only] [--allow-origin ORIGIN]... PREFIX_DIR LISTEN DIST_DIR
#                        PREFECT_API_URL [BASE_PATH]
# Then: nginx -p PREFIX_DIR -c nginx.conf
#   --read-only           the proxy passes reads only (GET, the read POSTs, the streams); every
#                         change answers 403. config.json's read_only only hides controls.
#   --allow-origin ORIGIN another origin (https://portal.example.com) whose pages may call
#                         the API and show the dashboard in a frame; every other origin is
#                         refused. Repeat for more.
# PREFECT_API_URL may name several replicas of one API, space-separated, same scheme and
# path: "http://10.0.0.1:4200/api http://10.0.0.2:4200/api" (an nginx upstream group).
# Environment:
#   PREFECT_DASHBOARD_CONNECT_SRC  origins of config.json targets served elsewhere, for the
#                                  CSP's connect-src (space-separated), e.g.
#                                  "https://api.prefect.cloud wss://api.prefect.cloud"
#   PREFECT_DASHBOARD_CA_BUNDLE    CA certificates that sign an https Prefect API
#                                  (default: the system bundle)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
refuse_writes=0 allowed="" ancestors=""
while [ $# -gt 0 ]; do
  case "$1" in
    --read-only) refuse_writes=1; shift ;;
    --allow-origin)
      origin=${2:-}
      # An origin is scheme://host[:port], nothing else (no path, no wildcard).
      [[ "$origin" =~ ^https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?$ ]] || {
        echo "render-nginx.sh: --allow-origin takes an origin such as https://portal.example.com: '$origin'" >&2; exit 1; }
      allowed="$allowed \"$origin\" \$http_origin;" ancestors="$ancestors $origin"
      shift 2 ;;
    --*) echo "render-nginx.sh: unknown option $1" >&2; exit 1 ;;
    *) break ;;
  esac
done
[ $# -ge 4 ] || { echo "usage: render-nginx.sh [--read-only] [--allow-origin ORIGIN]... PREFIX_DIR LISTEN DIST_DIR PREFECT_API_URL [BASE_PATH]" >&2; exit 1; }
prefix=$1 listen=$2 dist=$3 apis=$4 base=${5:-}
base=${base%/}
# The base path goes into location prefixes and regular expressions: plain segments only.
[[ -z "$base" || "$base" =~ ^(/[A-Za-z0-9._~-]+)+$ ]] || { echo "render-nginx.sh: BASE_PATH must be like /dashboard: '$base'" >&2; exit 1; }
frame_ancestors=${ancestors:-" 'none'"}
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
connect=${PREFECT_DASHBOARD_CONNECT_SRC:-}
case "$connect" in
  *[\;\"\'\|\\]*) echo "render-nginx.sh: PREFECT_DASHBOARD_CONNECT_SRC holds a character a CSP source cannot: $connect" >&2; exit 1 ;;
esac
# The upstream group: one server line per URL; scheme, Host and path from the first.
servers="" scheme="" host="" path=""
for url in $apis; do
  url=${url%/}
  [[ "$url" =~ ^(https?)://([^/]+)(/.*)?$ ]] || { echo "render-nginx.sh: not an http(s) URL: $url" >&2; exit 1; }
  this_scheme=${BASH_REMATCH[1]} this_host=${BASH_REMATCH[2]} this_path=${BASH_REMATCH[3]}
  case "$this_host" in
    *:*) server=$this_host ;;
    *) server="$this_host:$([ "$this_scheme" = https ] && echo 443 || echo 80)" ;;
  esac
  case "$server$this_path" in
    *[\;\"\'\|\\\ ]*) echo "render-nginx.sh: the API URL holds a character nginx cannot take: $url" >&2; exit 1 ;;
  esac
  if [ -z "$scheme" ]; then
    scheme=$this_scheme host=$this_host path=$this_path
  elif [ "$this_scheme" != "$scheme" ] || [ "$this_path" != "$path" ]; then
    echo "render-nginx.sh: every API replica needs the same scheme and path ($url)" >&2; exit 1
  fi
  servers="$servers server $server max_fails=3 fail_timeout=10s;"
done
[ -n "$servers" ] || { echo "render-nginx.sh: no PREFECT_API_URL" >&2; exit 1; }
api="$scheme://$host$path"
# An https API is verified against a CA bundle; plain http has nothing to verify.
case "$api" in
  https://*)
    ca=${PREFECT_DASHBOARD_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}
    [ -r "$ca" ] || { echo "render-nginx.sh: no CA bundle at $ca (set PREFECT_DASHBOARD_CA_BUNDLE)" >&2; exit 1; }
    tls="proxy_ssl_server_name on; proxy_ssl_name ${host%:*}; proxy_ssl_verify on; proxy_ssl_verify_depth 4; proxy_ssl_trusted_certificate $ca;"
    ;;
  *) tls="# the Prefect API is plain http: no upstream TLS to verify" ;;
esac
sed -e "s|@LISTEN@|$listen|g" -e "s|@DIST_DIR@|$dist|g" \
    -e "s|@API_SERVERS@|$servers|g" -e "s|@API_SCHEME@|$scheme|g" \
    -e "s|@API_HOST@|$host|g" -e "s|@API_PATH@|$path|g" -e "s|@BASE_PATH@|$base|g" \
    -e "s|@BROTLI_STATIC@|$brotli|g" -e "s|@CONNECT_SRC@|$connect|g" \
    -e "s|@UPSTREAM_TLS@|$tls|g" -e "s|@REFUSE_WRITES@|$refuse_writes|g" \
    -e "s|@ALLOWED_ORIGINS@|$allowed|g" -e "s|@FRAME_ANCESTORS@|${frame_ancestors# }|g" \
    "$here/deploy/nginx/prefect-dashboard.conf.template" > "$prefix/site.conf"
sed -e "s|@USER_DIRECTIVE@|$user|g" -e "s|@SITE_CONF@|$prefix/site.conf|g" \
    -e "s|@LOAD_MODULES@|$load|g" \
    "$here/deploy/nginx/standalone.conf.template" > "$prefix/nginx.conf"
