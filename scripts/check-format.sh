#!/usr/bin/env bash
# The project's format is leptosfmt (view! bodies, leptosfmt.toml) then rustfmt (everything
# else, rustfmt.toml), the two `make fmt` runs. This formats a copy of src/ that way and
# fails, showing the difference, when the tree is not already in that form.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v leptosfmt >/dev/null || { echo "leptosfmt is missing: run scripts/setup.sh" >&2; exit 1; }
copy=$(mktemp -d)
trap 'rm -rf "$copy"' EXIT
cp -r src leptosfmt.toml rustfmt.toml "$copy/"
(
  cd "$copy"
  leptosfmt --quiet src
  rustfmt --edition 2021 --config-path rustfmt.toml src/lib.rs src/main.rs
)
if ! diff -ru src "$copy/src"; then
  echo "check-format: src/ is not formatted: run \`make fmt\` (leptosfmt, then cargo fmt)" >&2
  exit 1
fi
echo "check-format: src/ is formatted (leptosfmt $(leptosfmt --version | awk '{print $2}'), rustfmt)"
