#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml), in order (Trunk may run a stage's hooks at once):
# inline scripts into hashed files first, then the precompressed copies of every asset.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/externalize-scripts.py"
"$here/compress-dist.sh"
