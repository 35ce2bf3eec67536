"""The chunk loader (`__wasm_split.js`): which wasm files each split point (a page of
src/pages/lazy.rs) needs. Shared by scripts/split-wasm.py (which rewrites the loader) and
scripts/route-sizes.py (`make bench`).

Two forms:
- what wasm_split_cli_support 0.2.4 writes: `const __chunk_N = makeLoad(() => { ...
  fetch(new URL("./FILE", import.meta.url)) ... }, [])` per shared chunk and, per split
  point, `export const __wasm_split_load_NAME = wrapAsyncCb(makeLoad(() => {...},
  [__chunk_N, ...]))` (about 500 bytes per chunk, over 400 chunks with a split point per page);
- the compact one split-wasm.py ships (`compact`): the tool's runtime as it is, then one JSON
  table, `const __pdSplits = {...};`, of the chunks' files, each split point's own file and
  needed chunks, and the route groups whose bundles the masks of `__pdMasks` refer to; then
  one line per split point's export.
"""

import json
import re

_CHUNK = re.compile(r"const (__chunk_\d+) = makeLoad\((.*?)\n?, \[\]\);", re.S)
_SPLIT = re.compile(
    r"export const __wasm_split_load_(\w+) = wrapAsyncCb\(makeLoad\((.*?)\n?, \[([^\]]*)\]\)\);", re.S
)
_FILE = re.compile(r'new URL\("\./([^"]+)"')
_TABLE = re.compile(r"^const __pdSplits = (\{.*\});$", re.M)
# Where the tool's loader stops being runtime and starts listing chunks.
_FIRST_ENTRY = re.compile(r"^(?:/\* .* \*/\n)?(?:const __chunk_|export const __wasm_split_load_)", re.M)


def _file_of(body: str) -> str:
    found = _FILE.search(body)
    return found.group(1) if found else ""


def parse(loader: str) -> tuple:
    """The tool's loader as (chunks: [(variable, file)], splits: [(name, own file or "",
    [chunk variables])])."""
    chunks = [(var, _file_of(body)) for var, body in _CHUNK.findall(loader)]
    splits = [
        (name, _file_of(body), [d.strip() for d in deps.split(",") if d.strip()])
        for name, body, deps in _SPLIT.findall(loader)
    ]
    return chunks, splits


def compact(loader: str, groups: list, tail: str) -> str:
    """The tool's loader rewritten compactly (same runtime, same exports). Each file is
    fetched and instantiated through `__pdFetcher(name)` (defined in `tail`, appended), and
    bit i of `__pdMasks.get(name)` says whether the bundle of `groups[i]` holds it."""
    first = _FIRST_ENTRY.search(loader)
    if not first:
        raise ValueError("the loader lists no chunks")
    chunks, splits = parse(loader)
    index = {var: i for i, (var, _) in enumerate(chunks)}
    table = {
        "chunks": [file for _, file in chunks],
        # Each split point's own file (or null) and the chunks it needs, as the steps between
        # their ascending indexes (shorter than the indexes).
        "splits": {name: [own or None, _steps(sorted(index[d] for d in deps))] for name, own, deps in splits},
        "groups": groups,
    }
    lines = [
        loader[: first.start()].rstrip("\n"),
        "",
        "// scripts/split-wasm.py: the loader's chunks and split points as one table.",
        "const __pdSplits = " + json.dumps(table, separators=(",", ":")) + ";",
        "for (const entry of Object.values(__pdSplits.splits)) {",
        "    let at = -1;",
        "    entry[1] = entry[1].map((step) => (at += step));",
        "}",
        "const __pdMasks = new Map();",
        "__pdSplits.groups.forEach((group, bit) => {",
        "    const [own, needs] = __pdSplits.splits[group];",
        "    for (const name of (own ? [own] : []).concat(needs.map((i) => __pdSplits.chunks[i]))) {",
        "        __pdMasks.set(name, (__pdMasks.get(name) || 0) | (1 << bit));",
        "    }",
        "});",
        "const __pdChunks = __pdSplits.chunks.map((name) => makeLoad(__pdFetcher(name), []));",
        "function __pdSplit(split) {",
        "    const [own, needs] = __pdSplits.splits[split];",
        "    const fetcher = own ? __pdFetcher(own) : () => async (_imp) => ({});",
        "    return wrapAsyncCb(makeLoad(fetcher, needs.map((i) => __pdChunks[i])));",
        "}",
    ]
    lines += [f'export const __wasm_split_load_{name} = __pdSplit("{name}");' for name, _, _ in splits]
    return "\n".join(lines) + "\n" + tail


def _steps(ascending: list) -> list:
    return [b - a for a, b in zip([-1] + ascending, ascending)]


def _unsteps(steps: list) -> list:
    out, at = [], -1
    for step in steps:
        at += step
        out.append(at)
    return out


def split_files(loader: str) -> dict:
    """{split name: [its own file, then the shared chunks it needs]} (empty chunks left out),
    from either form of the loader."""
    table = _TABLE.search(loader)
    if table:
        data = json.loads(table.group(1))
        files = data["chunks"]
        return {
            name: ([own] if own else []) + [files[i] for i in _unsteps(steps)]
            for name, (own, steps) in data["splits"].items()
        }
    chunks, splits = parse(loader)
    files = dict(chunks)
    return {
        name: ([own] if own else []) + [files[d] for d in deps if files.get(d)]
        for name, own, deps in splits
    }
