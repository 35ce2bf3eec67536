"""Reads the chunk loader wasm_split_cli_support 0.2.4 writes (`__wasm_split.js`): which
wasm files each split point (a page group of src/pages/lazy.rs) needs. Shared by
scripts/split-wasm.py (preloads) and scripts/route-sizes.py (`make bench`).

The loader has `const __chunk_N = makeLoad(() => { ... fetch(new URL("./FILE",
import.meta.url)) ... }, [])` per shared chunk and, per split point,
`export const __wasm_split_load_NAME = wrapAsyncCb(makeLoad(() => {...}, [__chunk_N, ...]))`.
"""

import re

_CHUNK = re.compile(r"const (__chunk_\d+) = makeLoad\((.*?)\n?, \[\]\);", re.S)
_SPLIT = re.compile(
    r"export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\((.*?)\n?, \[([^\]]*)\]\)\);", re.S
)
_FILE = re.compile(r'new URL\("\./([^"]+)"')


def _file_of(body: str) -> str:
    found = _FILE.search(body)
    return found.group(1) if found else ""


def split_files(loader: str) -> dict:
    """{split name: [its own file, then the shared chunks it needs]} (empty chunks left out)."""
    chunks = {var: _file_of(body) for var, body in _CHUNK.findall(loader)}
    out = {}
    for name, body, deps in _SPLIT.findall(loader):
        own = _file_of(body)
        shared = [chunks[d.strip()] for d in deps.split(",") if chunks.get(d.strip())]
        out[name] = ([own] if own else []) + shared
    return out
