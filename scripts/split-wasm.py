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
  5. each route group's chunks are also merged into one module, `bundle_GROUP-HASH.wasm`
     (binaryen's wasm-merge, then wasm-opt), and a small script in index.html's <head>
     fetches and compiles the bundle of the page the address opens, alongside the shell
     (ROUTE_GROUPS maps routes to groups): a cold load is one request and one module for
     its chunks instead of one of each per chunk (over 200 for some pages), smaller than
     they are one by one (one set of headers; brotli and wasm-opt see them together). The
     loader instantiates that module once for every chunk it holds, else fetches the
     chunk's own file (every other page reached by navigation, the search, or a bundle that
     failed).
  6. the loader is rewritten compactly (scripts/wasm_chunks.py `compact`: the tool's runtime,
     then one table of files): the tool writes ~500 bytes per chunk, and a split point per
     page makes over 400 chunks.
Trunk's own unsplit JS and wasm are removed from the staging dir. Any failure fails the build.

Steps 1-6 depend only on the linked wasm, these scripts, split-rules.json and the tools: their
output is kept in target/split-cache/ under a hash of all of those, and a build whose linked
wasm is unchanged (a second `make run`) takes it from there instead of splitting again.
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
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from wasm_chunks import compact, split_files  # noqa: E402

BIN = "prefect-dashboard"

# Rust's rules, written by Rust (src/build_rules.rs; a native test fails when this file is
# not what it says): each route -> its page's split point (routes::PAGE_CHUNKS), the split
# points loaded on demand, the workspace-scope mark, config.json's defaults and the
# credentials key prefix. The build fails when the wasm's split points are not the file's.
with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "split-rules.json"), encoding="utf-8") as f:
    RULES = json.load(f)
ROUTE_GROUPS = RULES["page_chunks"]
ON_DEMAND = set(RULES["on_demand_chunks"])

# A chunk imports exactly these from the shell, under the module name "__wasm_split" (what
# wasm_split_cli_support's loader passes). A bundle imports them once, under BUNDLE_IMPORTS:
# each chunk's imports are resolved, in wasm-merge, to the exports of a stub that imports
# them itself (wasm-merge would keep one memory import per chunk otherwise).
CHUNK_IMPORTS = ("memory", "__indirect_function_table", "__wasm_split_shared0")
BUNDLE_IMPORTS = "__pd"
# The wasm features the chunks use (wasm-merge and wasm-opt must accept them, no more).
FEATURES = (
    "--enable-bulk-memory", "--enable-mutable-globals", "--enable-sign-ext",
    "--enable-nontrapping-float-to-int", "--enable-reference-types", "--enable-multivalue",
)

# Runs before the app (a classic script in <head>): asks for config.json (which the app
# reads first; `__pdPrefetch`) and fetches and compiles the bundle of the page the address
# opens at once, in parallel with the shell, instead of after the shell has started, and
# leaves its group's index and the compiled module in `__pdBundle` for the loader
# (CHUNK_FROM_BUNDLE). A bundle that fails to arrive or to compile makes the loader fetch
# each chunk itself.
PRELOAD = """(function () {
  // What the app asks for first, asked for now: config.json, then, for a server that takes
  // no credentials, its settings (a page's first POSTs wait for them: do they need a CSRF
  // token?) and the page's own first read (rules.page_reads: an object's by the UUID in the
  // address; a list's at its defaults, for an address without a query, and only when the
  // settings say CSRF is off). config.json and the settings resolve to [url, status, text]
  // (platform::prefetched_text); the page's read is {answer, abort}: answer resolves to
  // [url, Response] with its body unread, so the app reads status, Retry-After and body as
  // it reads its own, under its own timeout (abort), or to null where it must ask itself
  // (platform::prefetched_response).
  var rules = %(rules)s;
  var d = rules.config_defaults;
  try {
    var text = function (url, init) {
      var answer = fetch(url, init).then(function (r) {
        return r.text().then(function (body) { return [url, r.status, body]; });
      });
      answer.catch(function () {});
      return answer;
    };
    var config = text(new URL("config.json", document.baseURI).href, { cache: "no-store" });
    var stored = function (storage) {
      for (var i = 0; i < storage.length; i++) {
        if (String(storage.key(i)).indexOf(rules.credentials_key_prefix) === 0) return true;
      }
      return false;
    };
    // The top-level target only (not a page under /@slug/…), without credentials stored by
    // the user.
    var below = location.pathname.slice(new URL(document.baseURI).pathname.length);
    var scoped = below.charAt(0) === rules.scope_mark;
    var segments = below.split("/").filter(Boolean);
    var uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    var at = segments.length === 0 ? "" : segments.length === 1 ? segments[0]
      : segments.length === 2 && uuid.test(segments[1]) ? segments[0] + "/*" : null;
    var rule = at !== null && Object.prototype.hasOwnProperty.call(rules.page_reads, at)
      ? rules.page_reads[at] : null;
    var uuidAt = at && at.slice(-2) === "/*" ? segments[1].toLowerCase() : null;
    if (rule && uuidAt === null && location.search !== "") rule = null;
    var page = rule && {
      key: uuidAt ? rule.key.replace("{id}", uuidAt) : rule.key,
      path: uuidAt ? rule.path.replace("{id}", uuidAt) : rule.path,
      method: rule.method, body: rule.body
    };
    var plain = false;
    try {
      plain = !scoped && !stored(window.sessionStorage) && !stored(window.localStorage);
    } catch (e) {}
    var base = config.then(function (answer) {
      if (!plain) return null;
      var c = answer[1] === 200 ? JSON.parse(answer[2]) : null;
      // No credentials in config.json either, and a server (Cloud has no settings endpoint).
      if (!c || (c.auth || d.auth) !== "none" || (c.kind || d.kind) !== "server") return null;
      var api = new URL(c.api_base || d.api_base, document.baseURI).href.replace(/\\/+$/, "");
      return new URL(api).origin === location.origin ? api : null;
    });
    var settings = base.then(function (api) { return api && text(api + "/admin/settings"); });
    settings.catch(function () {});
    window.__pdPrefetch = { config: config, settings: settings };
    // What was asked, by key (what the tests check the app took instead of asking again).
    var sent = window.__pdPrefetchSent = [];
    if (page) {
      var abort = new AbortController();
      var ask = function (api, init) {
        if (!api || abort.signal.aborted) return null;
        init.signal = abort.signal;
        init.headers = init.headers || {};
        init.headers.Accept = "application/json";
        sent.push(page.key);
        var url = api + page.path;
        return fetch(url, init).then(function (r) { return [url, r]; });
      };
      var read = page.method === "GET"
        ? base.then(function (api) { return ask(api, {}); })
        : base.then(function (api) {
          return settings.then(function (answer) {
            var csrf = null;
            try { csrf = JSON.parse(answer[2]).server.api.csrf_protection_enabled; } catch (e) {}
            if (!answer || answer[1] !== 200 || csrf !== false) return null;
            return ask(api, {
              method: page.method, body: page.body,
              headers: { "Content-Type": "application/json" }
            });
          });
        });
      read.catch(function () {});
      window.__pdPrefetch[page.key] = { answer: read, abort: abort };
    }
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
    var inner = route + "/" + parts[2] + "/*";
    if (parts.length === 4 && routes[inner]) route = inner;
    var group = groups[routes[route]];
    var file = bundles[group];
    if (!file) return;
    var bundle = fetch(new URL(file, document.baseURI)).then(function (answer) {
      if (!answer.ok) throw new Error(file + ": HTTP " + answer.status);
      var type = answer.headers.get("Content-Type") || "";
      if (type.indexOf("application/wasm") === 0) return WebAssembly.compileStreaming(answer);
      return answer.arrayBuffer().then(function (bytes) { return WebAssembly.compile(bytes); });
    });
    bundle.catch(function () {});
    window.__pdBundle = { group: group, module: bundle };
  } catch (e) {}
})();
"""

# Appended to the loader (scripts/wasm_chunks.py `compact`), whose chunks are fetched and
# instantiated through it: a chunk the bundle the head script compiled holds (`__pdMasks`: a
# bit per route group) is that module, instantiated once for all of them; if it fails, or for
# a chunk it does not hold, the chunk's own file, fetched at once.
CHUNK_FROM_BUNDLE = """
let __pdBundled;
function __pdFetcher(name) {
    return () => {
        const url = new URL("./" + name, import.meta.url);
        const bundle = globalThis.__pdBundle;
        const own = (src) => (imports) => WebAssembly.instantiateStreaming(src, imports);
        if (!bundle || !((__pdMasks.get(name) || 0) & (1 << bundle.group))) {
            const src = fetch(url);
            src.catch(() => {});
            return own(src);
        }
        return (imports) => {
            if (!__pdBundled) {
                __pdBundled = bundle.module.then((module) =>
                    WebAssembly.instantiate(module, { %(imports)s: imports.__wasm_split }));
            }
            return __pdBundled.catch(() => own(fetch(url))(imports));
        };
    };
}
""" % {"imports": BUNDLE_IMPORTS}


def imports_of(wasm: bytes) -> list:
    """A wasm module's imports as (module, name, kind byte, limits or global type bytes)."""

    def leb(at: int) -> tuple:
        value = shift = 0
        while True:
            byte = wasm[at]
            at += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value, at

    def name(at: int) -> tuple:
        length, at = leb(at)
        return wasm[at:at + length].decode(), at + length

    if wasm[:4] != b"\0asm":
        raise ValueError("not a wasm module")
    at, found = 8, []
    while at < len(wasm):
        section, size_at = wasm[at], at + 1
        size, body = leb(size_at)
        if section == 2:
            count, at = leb(body)
            for _ in range(count):
                module, at = name(at)
                field, at = name(at)
                kind = wasm[at]
                at += 1
                start = at
                if kind == 0:  # function: a type index
                    _, at = leb(at)
                elif kind == 1:  # table: element type, limits
                    at += 1
                    flags, at = leb(at)
                    _, at = leb(at)
                    if flags & 1:
                        _, at = leb(at)
                elif kind == 2:  # memory: limits
                    flags, at = leb(at)
                    _, at = leb(at)
                    if flags & 1:
                        _, at = leb(at)
                elif kind == 3:  # global: value type, mutability
                    at += 2
                else:
                    raise ValueError(f"import kind {kind}")
                found.append((module, field, kind, wasm[start:at]))
            return found
        at = body + size
    return found


def merge(paths: list, work: str, release: bool) -> bytes:
    """The chunks at `paths` as one module importing CHUNK_IMPORTS once from BUNDLE_IMPORTS
    (what the loader instantiates for a cold load of their route group)."""
    wanted = {}
    for path in paths:
        for module, field, kind, raw in imports_of(open(path, "rb").read()):
            if module != "__wasm_split" or field not in CHUNK_IMPORTS:
                raise SystemExit(f"split-wasm.py: {path} imports {module}.{field}, not one of {CHUNK_IMPORTS}")
            # Every chunk states the same type for what it imports (the shell's memory and
            # table, with the same minimum, and the stack pointer).
            if wanted.setdefault(field, (kind, raw)) != (kind, raw):
                raise SystemExit(f"split-wasm.py: {path} imports {field} as another type")
    stub = work + ".stub.wasm"
    with open(stub, "wb") as out:
        out.write(stub_module(wanted))
    merged = work + ".wasm"
    args = ["wasm-merge", *FEATURES, stub, "__wasm_split"]
    for i, path in enumerate(paths):
        args += [path, f"c{i}"]
    run(*args, "-o", merged)
    if release:
        run("wasm-opt", "-Oz", *FEATURES, f"--output={merged}", merged)
    data = open(merged, "rb").read()
    imports = sorted((i[0], i[1]) for i in imports_of(data))
    if imports != sorted((BUNDLE_IMPORTS, n) for n in wanted):
        raise SystemExit(f"split-wasm.py: a merged bundle imports {imports}")
    return data


def stub_module(imports: dict) -> bytes:
    """A module importing `imports` ({name: (kind byte, type bytes)}, as the chunks state
    them) from BUNDLE_IMPORTS and exporting each under its own name."""

    def vec(items: list) -> bytes:
        return uleb(len(items)) + b"".join(items)

    def text(value: str) -> bytes:
        return uleb(len(value.encode())) + value.encode()

    def section(number: int, body: bytes) -> bytes:
        return bytes([number]) + uleb(len(body)) + body

    entries, exports = [], []
    # One import of each kind at most, so each is index 0 of its kind.
    for field, (kind, raw) in sorted(imports.items()):
        entries.append(text(BUNDLE_IMPORTS) + text(field) + bytes([kind]) + raw)
        exports.append(text(field) + bytes([kind]) + uleb(0))
    return b"\0asm\x01\0\0\0" + section(2, vec(entries)) + section(7, vec(exports))


def uleb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def run(*args: str) -> None:
    result = subprocess.run(args, capture_output=True, text=True)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        raise SystemExit(f"split-wasm.py: {args[0]} failed ({result.returncode})")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def integrity(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()


def tool_stamp(name: str) -> str:
    """Where `name` is and which build of it (its size and time): a new version of a tool
    makes another cache key."""
    path = shutil.which(name)
    if not path:
        raise SystemExit(f"split-wasm.py: {name} is missing (make setup installs it)")
    real = os.path.realpath(path)
    info = os.stat(real)
    return f"{real}:{info.st_size}:{info.st_mtime_ns}"


def cache_key(raw: str, release: bool) -> str:
    """A hash of everything the split's output is made from."""
    here = os.path.dirname(os.path.abspath(__file__))
    h = hashlib.sha256()
    for path in (raw, os.path.abspath(__file__), os.path.join(here, "wasm_chunks.py"),
                 os.path.join(here, "split-rules.json")):
        h.update(open(path, "rb").read())
        h.update(b"\0")
    tools = ("wasm-split-cli", "wasm-bindgen", "wasm-merge") + (("wasm-opt",) if release else ())
    h.update("|".join([str(release)] + [tool_stamp(t) for t in tools]).encode())
    return h.hexdigest()[:32]


# Split outputs kept (the newest by use; a release and a dev build may take turns).
CACHE_KEPT = 3


def cached(entry: str):
    """The made outputs stored at `entry`, or None when there are none (or they are not
    whole: then they are made again)."""
    try:
        with open(os.path.join(entry, "made.json"), encoding="utf-8") as f:
            made = json.load(f)
        made["outputs"] = {n: open(os.path.join(entry, "files", n), "rb").read() for n in made["outputs"]}
        made["snippets"] = {r: open(os.path.join(entry, "snippets", r), "rb").read() for r in made["snippets"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None
    os.utime(entry)
    return made


def store(cache: str, key: str, made: dict) -> None:
    """Keeps `made` at cache/key (written aside, then renamed: a build stopped half-way leaves
    no half entry) and drops all but the CACHE_KEPT newest entries."""
    os.makedirs(cache, exist_ok=True)
    work = tempfile.mkdtemp(prefix=f"{key}.", dir=cache)
    for folder, files in (("files", made["outputs"]), ("snippets", made["snippets"])):
        for name, data in files.items():
            path = os.path.join(work, folder, name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as out:
                out.write(data)
    index = dict(made, outputs=sorted(made["outputs"]), snippets=sorted(made["snippets"]))
    with open(os.path.join(work, "made.json"), "w", encoding="utf-8") as f:
        json.dump(index, f)
    entry = os.path.join(cache, key)
    shutil.rmtree(entry, ignore_errors=True)
    os.rename(work, entry)
    entries = sorted(
        (os.path.join(cache, e) for e in os.listdir(cache)), key=os.path.getmtime, reverse=True
    )
    for old in entries[CACHE_KEPT:]:
        shutil.rmtree(old, ignore_errors=True)


def make_outputs(raw: str, release: bool, tmp: str) -> dict:
    """Steps 1-6 on the linked wasm at `raw`, in `tmp`: every file the page needs (name ->
    bytes), bindgen's snippets (relative path -> bytes) and the shell's, glue's and head
    script's names."""
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
        raise SystemExit(1)
    wasms = chunks + [os.path.join(bindgen_dir, "main_bg.wasm")]
    if release:
        # One wasm-opt per core: over 400 small modules, each mostly start-up.
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            for done in [pool.submit(run, "wasm-opt", "-Oz", f"--output={p}", p) for p in wasms]:
                done.result()

    with open(os.path.join(split_dir, "__wasm_split.js"), encoding="utf-8") as f:
        loader = f.read()
    outputs = {}
    paths = {}
    for path in chunks:
        data = open(path, "rb").read()
        stem = os.path.basename(path)[: -len(".wasm")]
        # 8 hex digits: the loader names over 400 chunks, and a hash does not compress.
        name = f"{stem}-{digest(data)[:8]}.wasm"
        ref = f'"./{stem}.wasm"'
        if f"fetch(new URL({ref}, import.meta.url))" not in loader:
            print(f"split-wasm.py: the loader does not fetch {stem}.wasm as expected", file=sys.stderr)
            raise SystemExit(1)
        loader = loader.replace(ref, f'"./{name}"')
        outputs[name] = data
        paths[name] = path

    groups = split_files(loader)
    # Each chunk's fetch names the bundles holding it (a bit per route group, in `order`;
    # the compact loader works the bits out from its table), so a chunk no bundle of this
    # load holds is fetched at once, not after the bundle arrives.
    order = sorted(set(ROUTE_GROUPS.values()))
    loader = compact(loader, order, CHUNK_FROM_BUNDLE)
    if split_files(loader) != groups:
        print("split-wasm.py: the compact loader does not name the tool's files", file=sys.stderr)
        raise SystemExit(1)
    if set(groups) != set(ROUTE_GROUPS.values()) | ON_DEMAND:
        print(f"split-wasm.py: split points {sorted(groups)} are not the route groups "
              f"{sorted(set(ROUTE_GROUPS.values()))} and {sorted(ON_DEMAND)}", file=sys.stderr)
        raise SystemExit(1)

    main_wasm = open(os.path.join(bindgen_dir, "main_bg.wasm"), "rb").read()
    glue = open(os.path.join(bindgen_dir, "main.js"), encoding="utf-8").read()
    # The shell's name: a hash of everything it is made of (the glue names the loader and
    # the loader names the glue, so neither name can hash the other's final text).
    shell = digest(main_wasm + glue.encode() + loader.encode())
    js_name, wasm_name = f"{BIN}-{shell}.js", f"{BIN}-{shell}_bg.wasm"
    if '"./main.js"' not in loader or not re.search(r"""['"]\./__wasm_split\.js['"]""", glue):
        print("split-wasm.py: the loader and the glue do not name each other", file=sys.stderr)
        raise SystemExit(1)
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
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        merging = {
            group: pool.submit(
                merge, [paths[name] for name in groups[group]], os.path.join(tmp, f"bundle_{group}"), release
            )
            for group in order
        }
        for group in order:
            merged = merging[group].result()
            bundles[group] = f"bundle_{group}-{digest(merged)}.wasm"
            outputs[bundles[group]] = merged
    preload = (PRELOAD % {
        "bundles": json.dumps([bundles[group] for group in order]),
        "groups": json.dumps({group: i for i, group in enumerate(order)}, sort_keys=True),
        "routes": json.dumps(ROUTE_GROUPS, sort_keys=True),
        "rules": json.dumps({k: RULES[k] for k in ("scope_mark", "credentials_key_prefix", "page_reads", "config_defaults")}, sort_keys=True),
    }).encode()
    preload_name = f"preload-{digest(preload)}.js"
    outputs[preload_name] = preload
    outputs[js_name] = glue.encode()
    outputs[wasm_name] = main_wasm
    snippets = {}
    snippets_dir = os.path.join(bindgen_dir, "snippets")
    for folder, _, files in os.walk(snippets_dir):
        for file in files:
            path = os.path.join(folder, file)
            snippets[os.path.relpath(path, snippets_dir)] = open(path, "rb").read()
    return {
        "outputs": outputs, "snippets": snippets, "js": js_name, "wasm": wasm_name,
        "preload": preload_name, "chunks": len(chunks),
    }


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

    cache = os.path.join(target, "split-cache")
    key = cache_key(raw, release)
    made = cached(os.path.join(cache, key))
    if made is None:
        with tempfile.TemporaryDirectory() as tmp:
            made = make_outputs(raw, release, tmp)
        store(cache, key, made)
    else:
        print(f"split-wasm.py: the linked wasm is unchanged: its split is reused (target/split-cache/{key})")
    outputs, js_name, wasm_name, preload_name = made["outputs"], made["js"], made["wasm"], made["preload"]
    shutil.rmtree(os.path.join(staging, "snippets"), ignore_errors=True)
    for name, data in made["snippets"].items():
        path = os.path.join(staging, "snippets", name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(data)

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
    print(f"split-wasm.py: {made['chunks']} chunks; {len(outputs)} files, "
          f"{sum(len(d) for d in outputs.values())} bytes; shell {wasm_name} {len(outputs[wasm_name])} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
