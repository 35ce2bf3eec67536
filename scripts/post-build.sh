#!/usr/bin/env bash
# Trunk's post_build hook (Trunk.toml), in order (Trunk may run a stage's hooks at once):
# the wasm split into the shell and a chunk per page (and wasm-opt'd) first, then inline
# scripts into hashed files, then the precompressed copies of every asset.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
python3 "$here/split-wasm.py"
python3 "$here/externalize-scripts.py"
"$here/compress-dist.sh"
