#!/usr/bin/env python3
"""Fails when the crate's modules import each other in a circle.

Two graphs are checked: one node per file (`src/api/client.rs` is `api::client`), and one
node per top-level module (`api`, `domain`, `config`, ...). An edge A -> B means a file of A
names something of B (`use crate::b::X`, `super::x::Y`, an inline `crate::b::f()`). Names
re-exported by a `mod.rs` (`pub use error::ApiError`) resolve to the file that defines them.
A module naming its own submodules, or a submodule naming an item its parent defines, is
containment, not an edge. Any cycle is printed with the lines that make it, and the script
exits 1.

Usage: scripts/check-module-cycles.py [SRC_DIR]   (default: src)
"""

import re
import sys
from pathlib import Path

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def module_of(src: Path, file: Path) -> tuple:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return tuple(parts)


def strip_code(text: str) -> str:
    """Drops comments, string and char literals, keeping line breaks."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    out.append("\n" if text[i] == "\n" else "")
                    i += 1
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            hashes = re.match(r'r(#*)"', text[i:]).group(1)
            end = text.find('"' + hashes, i + 2 + len(hashes))
            end = n if end < 0 else end + 1 + len(hashes)
            out.append('""' + "\n" * text.count("\n", i, end))
            i = end
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append('""' + "\n" * text.count("\n", i, j))
            i = j + 1
        elif c == "'" and re.match(r"'(\\.|[^\\'])'", text[i:i + 4]) or (c == "'" and text.startswith("'\\u{", i)):
            j = text.find("'", i + 1 if text[i + 1] != "\\" else i + 3)
            i = j + 1
            out.append("' '")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def expand_use_tree(tree: str) -> list:
    """`a::{b, c::{d as e}}` -> [`a::b`, `a::c::d`]."""
    results = []

    def walk(prefix: str, body: str):
        depth, start, items = 0, 0, []
        for k, ch in enumerate(body):
            if ch == "{":
                depth += 1
            elif ch == "}":
                depth -= 1
            elif ch == "," and depth == 0:
                items.append(body[start:k])
                start = k + 1
        items.append(body[start:])
        for item in items:
            item = re.sub(r"\s+as\s+" + IDENT + r"\s*$", "", item.strip())
            item = re.sub(r"\s+", "", item)
            if not item:
                continue
            if "{" in item:
                head, rest = item.split("{", 1)
                walk(prefix + head, rest[: rest.rfind("}")])
            else:
                results.append(prefix + item)

    walk("", tree)
    return results


class File:
    def __init__(self, src: Path, path: Path):
        self.path = path
        self.module = module_of(src, path)
        self.text = strip_code(path.read_text())
        self.refs = []  # (line, absolute path segments)
        self.reexports = {}  # name -> absolute path segments
        self.scan()

    def absolute(self, segments: list, inline: int) -> list:
        """Resolves `crate::`/`super::`/`self::` relative to the enclosing module."""
        base = list(self.module)
        if segments[0] == "crate":
            return segments[1:]
        if segments[0] in ("self", "super"):
            # Inside an inline `mod x { .. }` the first `super` only leaves that block.
            while segments and segments[0] in ("self", "super"):
                if segments[0] == "super":
                    if inline > 0:
                        inline -= 1
                    elif base:
                        base.pop()
                segments = segments[1:]
            return base + segments
        return None

    def scan(self):
        lines = self.text.split("\n")
        inline_starts = []
        depth = 0
        statement, statement_line = None, 0
        for number, line in enumerate(lines, 1):
            inline = sum(1 for d in inline_starts if d < depth)
            if statement is not None:
                statement += " " + line
            else:
                m = re.match(r"\s*(pub(\([^)]*\))?\s+)?use\s+", line)
                if m:
                    statement, statement_line = line, number
            if statement is not None and ";" in statement:
                body = re.sub(r"^\s*(pub(\([^)]*\))?\s+)?use\s+", "", statement.split(";", 1)[0])
                public = re.match(r"\s*pub\s", statement) is not None
                for path in expand_use_tree(body):
                    segments = [s for s in path.split("::") if s]
                    absolute = self.absolute(segments, inline) if segments else None
                    # `pub use child::X` in a mod.rs (a plain `use leptos::..` names no module).
                    if absolute is None and public and self.path.name in ("mod.rs", "lib.rs"):
                        absolute = list(self.module) + segments
                    if absolute is None:
                        continue
                    if public and absolute and absolute[-1] != "*":
                        self.reexports[absolute[-1]] = absolute
                    self.refs.append((statement_line, absolute))
                statement = None
            else:
                for m in re.finditer(r"\b((?:crate|super|self)(?:::" + IDENT + r")+)", line):
                    if re.match(r"\s*(pub(\([^)]*\))?\s+)?use\s", line):
                        break
                    absolute = self.absolute(m.group(1).split("::"), inline)
                    if absolute:
                        self.refs.append((number, absolute))
            for m in re.finditer(r"\bmod\s+" + IDENT + r"\s*\{|[{}]", line):
                token = m.group(0)
                if token == "}":
                    depth -= 1
                    while inline_starts and inline_starts[-1] >= depth:
                        inline_starts.pop()
                elif token == "{":
                    depth += 1
                else:
                    inline_starts.append(depth)
                    depth += 1


def resolve(files: dict, segments: list, seen=None) -> tuple:
    """The file module defining `segments` (longest module prefix, following re-exports)."""
    seen = seen or set()
    module = ()
    for i in range(len(segments), -1, -1):
        if tuple(segments[:i]) in files:
            module, rest = tuple(segments[:i]), segments[i:]
            break
    else:
        return None
    if rest and rest[0] in files[module].reexports and (module, rest[0]) not in seen:
        seen.add((module, rest[0]))
        target = files[module].reexports[rest[0]]
        if tuple(target[:-1]) != module or target[:-1] == list(module):
            found = resolve(files, target + rest[1:], seen)
            if found is not None and found != module:
                return found
    return module


def cycles(edges: dict) -> list:
    """Strongly connected components with more than one node (Tarjan)."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def strong(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                strong(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for v in sorted(edges):
        if v not in index:
            strong(v)
    return out


def name(module: tuple) -> str:
    return "::".join(module) or "crate"


def main() -> int:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "src")
    files = {}
    for path in sorted(src.rglob("*.rs")):
        f = File(src, path)
        files[f.module] = f
    file_edges, top_edges, why = {}, {}, {}
    for f in files.values():
        for line, segments in f.refs:
            target = resolve(files, segments)
            if target is None or target == f.module:
                continue
            if target[: len(f.module)] == f.module:
                continue  # a module naming its own submodules
            if f.module[: len(target)] == target:
                continue  # a submodule naming its parent's own items
            file_edges.setdefault(f.module, set()).add(target)
            why.setdefault((f.module, target), f"{f.path}:{line}")
            a, b = f.module[:1], target[:1]
            if a and b and a != b:
                top_edges.setdefault(a, set()).add(b)
                why.setdefault((a, b), f"{f.path}:{line}")
    failed = False
    for label, edges in (("top-level modules", top_edges), ("files", file_edges)):
        for component in cycles(edges):
            failed = True
            members = set(component)
            print(f"import cycle between {label}: {', '.join(name(m) for m in component)}")
            for a in component:
                for b in sorted(edges.get(a, ())):
                    if b in members:
                        print(f"  {name(a)} -> {name(b)}  ({why[(a, b)]})")
    if failed:
        return 1
    print(f"no import cycles ({len(files)} files, {len(top_edges)} top-level modules with imports)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
