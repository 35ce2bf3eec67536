#!/usr/bin/env python3
"""Trunk post_build hook, first step (scripts/post-build.sh): splits the app's wasm into the
shell and one chunk per page, so a cold load fetches the shell plus the page it opens.

Trunk has no split support (trunk-rs/trunk#1022), so this redoes its last steps on the raw
wasm cargo linked (with `--emit-relocs`, .cargo/config.toml):
  1. wasm-split-cli cuts it at the `wasm_split` points (src/pages/lazy.rs) into main.wasm,
     one wasm per page, shared chunks and `__wasm_split.js`, the loader the chunks go through;
  2. wasm-bindgen (`--target web`, as Trunk runs it, plus `--keep-lld-exports`, which the
     chunks link against) makes the JS glue and the final main wasm;
  3. release builds: wasm-opt -Oz on every wasm (index.html tells Trunk not to, since its
     output is thrown away here);
  4. every file gets a content hash in its name (so nginx may cache it for good), the
     loader's references are rewritten to those names, and index.html's script and preload
     tags (with their integrity) point at the new shell;
  5. each route group's chunks are also packed into one file, `bundle_GROUP-HASH.bin`
     (BUNDLE_MAGIC), and a small script in index.html's <head> fetches the bundle of the
     page the address opens, alongside the shell (ROUTE_GROUPS maps routes to groups): a
     cold load is one request for its chunks instead of one per chunk (over a hundred for
     some pages), and brotli compresses them together (a quarter smaller than one by one).
     The loader takes a chunk from that bundle when it holds it, else fetches the chunk's
     own file (every other page reached by navigation, the search, or a bundle that failed).
  6. the loader is rewritten compactly (scripts/wasm_chunks.py `compact`: the tool's runtime,
     then one table of files): the tool writes ~500 bytes per chunk, and a split point per
     page makes over 400 chunks.
Trunk's own unsplit JS and wasm are removed from the staging dir. Any failure fails the build.
"""

import base64
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_chunks import compact, split_files  # noqa: E402

BIN = "prefect-dashboard"

# Each route (src/app.rs) -> its page's split point (src/pages/lazy.rs): a list by its first
# path segment, an object's page by its first segment and "/*" (anything after it).
# The build fails when a group here is not a split point or a split point is not here.
ROUTE_GROUPS = {
    "": "dashboard",
    "flow-runs": "flow_runs",
    "flow-runs/*": "flow_run",
    "task-runs/*": "task_run",
    "flows": "flows",
    "flows/*": "flow",
    "deployments": "deployments",
    "deployments/*": "deployment",
    "work-pools": "work_pools",
    "work-pools/*": "work_pool",
    "concurrency-limits": "concurrency_limits",
    "variables": "variables",
    "blocks": "blocks",
    "blocks/*": "block",
    "artifacts": "artifacts",
    "artifacts/*": "artifact",
    "events": "events",
    "events/*": "event",
    "automations": "automations",
    "settings": "settings",
    "workspaces": "workspaces",
}

# Split points loaded on demand, not by a route: the search dialog (src/pages/lazy.rs).
ON_DEMAND = {"search"}

# A bundle: b"PDB1", the header's length (u32, little-endian), the header (JSON: a list of
# [file name, byte length]), then those files' bytes one after another.
BUNDLE_MAGIC = b"PDB1"

# Runs before the app (a classic script in <head>): asks for config.json (which the app
# reads first; `__pdPrefetch`) and fetches the bundle of the page the address opens at once,
# in parallel with the shell, instead of after the shell has started, and leaves its group's
# index and its files (name -> bytes) in `__pdBundle` for the loader (CHUNK_FROM_BUNDLE).
# A bundle that fails to arrive or to parse makes the loader fetch each chunk itself.
PRELOAD = """(function () {
  // config.json, which the app reads first, asked for now (platform::prefetched_text).
  try {
    var config = new URL("config.json", document.baseURI).href;
    var answer = fetch(config, { cache: "no-store" }).then(function (r) {
      return r.text().then(function (text) { return [r.status, text]; });
    });
    answer.catch(function () {});
    window.__pdPrefetch = { url: config, answer: answer };
  } catch (e) {}
  var bundles = %(bundles)s;
  var groups = %(groups)s;
  var routes = %(routes)s;
  try {
    var base = new URL(document.baseURI).pathname;
    var path = location.pathname.indexOf(base) === 0 ? location.pathname.slice(base.length) : "";
    var parts = path.split("/").filter(Boolean);
    var id = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    if (parts.length && parts[0].charAt(0) === "@") {
      parts.shift();
      if (parts.length >= 2 && id.test(parts[0]) && id.test(parts[1])) parts.splice(0, 2);
    }
    var route = parts.length ? parts[0] + (parts.length > 1 ? "/*" : "") : "";
    var group = groups[routes[route]];
    var file = bundles[group];
    if (!file) return;
    var bundle = fetch(new URL(file, document.baseURI)).then(function (answer) {
      if (!answer.ok) throw new Error(file + ": HTTP " + answer.status);
      return answer.arrayBuffer();
    }).then(function (buffer) {
      var magic = new Uint8Array(buffer, 0, 4);
      if (String.fromCharCode(magic[0], magic[1], magic[2], magic[3]) !== %(magic)s) {
        throw new Error(file + " is not a bundle");
      }
      var length = new DataView(buffer).getUint32(4, true);
      var header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 8, length)));
      var files = new Map();
      var at = 8 + length;
      for (var i = 0; i < header.length; i++) {
        var size = header[i][1];
        if (at + size > buffer.byteLength) throw new Error(file + " is cut short");
        files.set(header[i][0], new Uint8Array(buffer, at, size));
        at += size;
      }
      return files;
    });
    bundle.catch(function () {});
    window.__pdBundle = { group: group, files: bundle };
  } catch (e) {}
})();
"""

# Appended to the loader, whose chunk fetches go through it: the chunk from the bundle the
# head script fetched when that bundle holds it (`inBundles`: a bit per route group; each
# chunk taken once), else the chunk's own file, at once.
CHUNK_FROM_BUNDLE = """
function __pdChunk(name, url, inBundles) {
    const bundle = globalThis.__pdBundle;
    if (!bundle || !(inBundles & (1 << bundle.group))) return fetch(url);
    return bundle.files.then((files) => {
        const bytes = files.get(name);
        if (!bytes) return fetch(url);
        files.delete(name);
        return new Response(bytes, { headers: { "Content-Type": "application/wasm" } });
    }, () => fetch(url));
}
"""


def bundle(files: list) -> bytes:
    """One file of `files` ([(name, bytes)]) in the BUNDLE_MAGIC format."""
    header = json.dumps([[name, len(data)] for name, data in files], separators=(",", ":")).encode()
    return BUNDLE_MAGIC + len(header).to_bytes(4, "little") + header + b"".join(d for _, d in files)


def run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"split-wasm.py: {args[0]} failed ({result.returncode})")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("split-wasm.py runs as a trunk hook (TRUNK_STAGING_DIR)", file=sys.stderr)
        return 1
    release = os.environ.get("TRUNK_PROFILE") == "release"
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(root, "target"))
    raw = os.path.join(target, "wasm32-unknown-unknown", "release" if release else "debug", f"{BIN}.wasm")
    if not os.path.exists(raw):
        print(f"split-wasm.py: no {raw}", file=sys.stderr)
        return 1

    index_path = os.path.join(staging, "index.html")
    with open(index_path, encoding="utf-8") as f:
        html = f.read()
    old_js = re.search(rf"{BIN}-[0-9a-f]+\.js", html)
    old_wasm = re.search(rf"{BIN}-[0-9a-f]+_bg\.wasm", html)
    if not old_js or not old_wasm:
        print("split-wasm.py: index.html names no app JS and wasm", file=sys.stderr)
        return 1
    old_js, old_wasm = old_js.group(0), old_wasm.group(0)

    with tempfile.TemporaryDirectory() as tmp:
        split_dir = os.path.join(tmp, "split")
        bindgen_dir = os.path.join(tmp, "bindgen")
        run("wasm-split-cli", raw, split_dir)
        run(
            "wasm-bindgen", "--target=web", "--no-typescript", "--keep-lld-exports",
            "--no-demangle", f"--out-dir={bindgen_dir}", "--out-name=main",
            os.path.join(split_dir, "main.wasm"),
        )
        chunks = sorted(
            p for p in glob.glob(os.path.join(split_dir, "*.wasm")) if not p.endswith("/main.wasm")
        )
        if not chunks:
            print("split-wasm.py: the wasm has no split points (src/pages/lazy.rs)", file=sys.stderr)
            return 1
        wasms = chunks + [os.path.join(bindgen_dir, "main_bg.wasm")]
        if release:
            for path in wasms:
                run("wasm-opt", "-Oz", f"--output={path}", path)

        with open(os.path.join(split_dir, "__wasm_split.js"), encoding="utf-8") as f:
            loader = f.read()
        outputs = {}
        for path in chunks:
            data = open(path, "rb").read()
            stem = os.path.basename(path)[: -len(".wasm")]
            # 8 hex digits: the loader names over 400 chunks, and a hash does not compress.
            name = f"{stem}-{digest(data)[:8]}.wasm"
            ref = f'"./{stem}.wasm"'
            if f"fetch(new URL({ref}, import.meta.url))" not in loader:
                print(f"split-wasm.py: the loader does not fetch {stem}.wasm as expected", file=sys.stderr)
                return 1
            loader = loader.replace(ref, f'"./{name}"')
            outputs[name] = data

        groups = split_files(loader)
        # Each chunk's fetch names the bundles holding it (a bit per route group, in `order`;
        # the compact loader works the bits out from its table), so a chunk no bundle of this
        # load holds is fetched at once, not after the bundle arrives.
        order = sorted(set(ROUTE_GROUPS.values()))
        loader = compact(loader, order, CHUNK_FROM_BUNDLE)
        if split_files(loader) != groups:
            print("split-wasm.py: the compact loader does not name the tool's files", file=sys.stderr)
            return 1
        if set(groups) != set(ROUTE_GROUPS.values()) | ON_DEMAND:
            print(f"split-wasm.py: split points {sorted(groups)} are not the route groups "
                  f"{sorted(set(ROUTE_GROUPS.values()))} and {sorted(ON_DEMAND)}", file=sys.stderr)
            return 1

        main_wasm = open(os.path.join(bindgen_dir, "main_bg.wasm"), "rb").read()
        glue = open(os.path.join(bindgen_dir, "main.js"), encoding="utf-8").read()
        # The shell's name: a hash of everything it is made of (the glue names the loader and
        # the loader names the glue, so neither name can hash the other's final text).
        shell = digest(main_wasm + glue.encode() + loader.encode())
        js_name, wasm_name = f"{BIN}-{shell}.js", f"{BIN}-{shell}_bg.wasm"
        if '"./main.js"' not in loader or not re.search(r"""['"]\./__wasm_split\.js['"]""", glue):
            print("split-wasm.py: the loader and the glue do not name each other", file=sys.stderr)
            return 1
        loader = loader.replace('"./main.js"', f'"./{js_name}"')
        loader_name = f"__wasm_split-{digest(loader.encode())}.js"
        # Only the import statements: the imports object keeps the wasm's module name as key.
        glue = re.sub(
            r"""(from\s*)(['"])\./__wasm_split\.js\2""",
            lambda m: f"{m.group(1)}{m.group(2)}./{loader_name}{m.group(2)}",
            glue,
        )
        # wasm-bindgen's default path for init() with no argument.
        glue = glue.replace("main_bg.wasm", wasm_name)
        outputs[loader_name] = loader.encode()
        bundles = {}
        for group in order:
            packed = bundle([(name, outputs[name]) for name in groups[group]])
            bundles[group] = f"bundle_{group}-{digest(packed)}.bin"
            outputs[bundles[group]] = packed
        preload = (PRELOAD % {
            "bundles": json.dumps([bundles[group] for group in order]),
            "groups": json.dumps({group: i for i, group in enumerate(order)}, sort_keys=True),
            "routes": json.dumps(ROUTE_GROUPS, sort_keys=True),
            "magic": json.dumps(BUNDLE_MAGIC.decode()),
        }).encode()
        preload_name = f"preload-{digest(preload)}.js"
        outputs[preload_name] = preload
        outputs[js_name] = glue.encode()
        outputs[wasm_name] = main_wasm
        snippets = os.path.join(bindgen_dir, "snippets")
        if os.path.isdir(snippets):
            shutil.rmtree(os.path.join(staging, "snippets"), ignore_errors=True)
            shutil.copytree(snippets, os.path.join(staging, "snippets"))

    for old in (old_js, old_wasm):
        path = os.path.join(staging, old)
        if os.path.exists(path):
            os.remove(path)
    for name, data in outputs.items():
        with open(os.path.join(staging, name), "wb") as out:
            out.write(data)

    def retag(match: re.Match) -> str:
        tag = match.group(0)
        for old, new in ((old_js, js_name), (old_wasm, wasm_name)):
            if old in tag:
                tag = tag.replace(old, new)
                tag = re.sub(r'integrity="[^"]*"', f'integrity="{integrity(outputs[new])}"', tag)
        return tag

    html = re.sub(r"<link[^>]*>", retag, html)
    html = html.replace(old_js, js_name).replace(old_wasm, wasm_name)
    base_tag = re.search(r"<base[^>]*>", html)
    if not base_tag:
        print("split-wasm.py: index.html has no <base>", file=sys.stderr)
        return 1
    html = html.replace(
        base_tag.group(0),
        f'{base_tag.group(0)}\n    <script src="./{preload_name}" '
        f'integrity="{integrity(outputs[preload_name])}"></script>',
        1,
    )
    if old_js in html or old_wasm in html:
        print("split-wasm.py: index.html still names Trunk's unsplit files", file=sys.stderr)
        return 1
    with open(index_path, "w", encoding="utf-8") as f:
        f.write(html)
    sizes = ", ".join(f"{n} {len(d)}" for n, d in sorted(outputs.items()))
    print(f"split-wasm.py: {len(chunks)} chunks: {sizes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
