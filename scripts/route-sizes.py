#!/usr/bin/env python3
"""`make bench`: what a cold load of each route fetches, as nginx serves it (FILE.br, brotli
-q 11, made by scripts/compress-dist.sh): the shell (index.html, every script, style and
wasm it names, the split loader the shell's JS imports) plus the route's bundle (its own
chunk and the shared chunks it needs merged into one module, scripts/split-wasm.py); a split point
loaded on demand (the search) counts its chunk files one by one, as it fetches them. Prints
one row per split point (own chunk, shared chunks, their files, and the bytes they cost
when fetched one by one, as a page reached by navigation does) and fails when any first
load is over the budget (BUNDLE_BUDGET_KB, KiB of brotli).

usage: route-sizes.py DIST BUDGET_KB
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_chunks import split_files  # noqa: E402

LOADER = re.compile(r"__wasm_split-[0-9a-f]+\.js")
ASSET = re.compile(r'(?:src|href)="\./([^"]+\.(?:js|css|wasm))"')


def served(dist: str, name: str) -> int:
    """Bytes nginx sends for a file: its .br copy (every js/css/wasm has one)."""
    path = os.path.join(dist, name + ".br")
    if not os.path.exists(path):
        raise SystemExit(f"route-sizes.py: no {name}.br in {dist} (release builds make them)")
    return os.path.getsize(path)


def main() -> int:
    dist, budget_kb = sys.argv[1], int(sys.argv[2])
    html = open(os.path.join(dist, "index.html"), encoding="utf-8").read()
    shell = sorted(set(ASSET.findall(html)))
    # The boot script imports the app's JS, which imports the loader.
    app_js = [n for n in os.listdir(dist) if re.fullmatch(r"prefect-dashboard-[0-9a-f]+\.js", n)]
    loaders = [n for n in os.listdir(dist) if LOADER.fullmatch(n)]
    if len(app_js) != 1 or len(loaders) != 1:
        print(f"route-sizes.py: expected one app JS and one loader, got {app_js} {loaders}", file=sys.stderr)
        return 1
    shell = sorted(set(shell) | set(app_js) | set(loaders))
    index_bytes = os.path.getsize(os.path.join(dist, "index.html.br")) if os.path.exists(
        os.path.join(dist, "index.html.br")) else len(html.encode())
    shell_bytes = index_bytes + sum(served(dist, n) for n in shell)
    loader = open(os.path.join(dist, loaders[0]), encoding="utf-8").read()
    routes = split_files(loader)
    if not routes:
        print("route-sizes.py: the loader names no split points", file=sys.stderr)
        return 1
    print(f"shell: {shell_bytes} bytes brotli ({', '.join(shell)} + index.html)")
    print(f"{'route chunk':<14} {'own':>9} {'shared':>9} {'files':>6} {'bundle':>9} {'first load':>11}")
    over = []
    for split, files in sorted(routes.items()):
        own = served(dist, files[0]) if files else 0
        shared = sum(served(dist, f) for f in files[1:])
        bundles = [n for n in os.listdir(dist) if re.fullmatch(rf"bundle_{split}-[0-9a-f]+\.wasm", n)]
        if len(bundles) > 1:
            print(f"route-sizes.py: more than one bundle for {split}: {bundles}", file=sys.stderr)
            return 1
        packed = served(dist, bundles[0]) if bundles else None
        total = shell_bytes + (packed if packed is not None else own + shared)
        flag = "  OVER" if total > budget_kb * 1024 else ""
        shown = packed if packed is not None else "-"
        print(f"{split:<14} {own:>9} {shared:>9} {len(files):>6} {shown:>9} {total:>11}{flag}")
        if flag:
            over.append(split)
    if over:
        print(f"over the budget of {budget_kb} KiB brotli: {', '.join(over)}", file=sys.stderr)
        return 1
    print(f"every route within {budget_kb} KiB brotli on a cold load")
    return 0


if __name__ == "__main__":
    sys.exit(main())
