#!/usr/bin/env python3
"""Trunk post_build hook (Trunk.toml): moves every inline <script> of the built index.html
into a file of its own, named by its content hash like Trunk's assets, so the page runs
under `script-src 'self'` with no hash or 'unsafe-inline' (deploy/nginx sends that CSP).

Trunk writes the wasm loader inline (a module script that imports the hashed JS and
starts the wasm); index.html has the theme script that must run before the first paint.
A module script stays a module script (deferred, as before); a classic one stays classic
(blocking, so the theme still applies before paint). Each gets `integrity`.
"""

import base64
import hashlib
import os
import re
import sys

INLINE = re.compile(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S)


def externalize(html: str, write) -> str:
    def replace(match: re.Match) -> str:
        attrs, body = match.group("attrs"), match.group("body")
        if "src=" in attrs or not body.strip():
            return match.group(0)
        data = body.strip().encode() + b"\n"
        name = f"{'boot' if 'module' in attrs else 'head'}-{hashlib.sha256(data).hexdigest()[:16]}.js"
        write(name, data)
        integrity = "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode()
        return f'<script{attrs} src="./{name}" integrity="{integrity}"></script>'

    return INLINE.sub(replace, html)


def main() -> int:
    staging = os.environ.get("TRUNK_STAGING_DIR")
    if not staging:
        print("externalize-scripts.py runs as a trunk hook (TRUNK_STAGING_DIR)", file=sys.stderr)
        return 1
    index = os.path.join(staging, "index.html")
    with open(index, encoding="utf-8") as f:
        html = f.read()

    def write(name: str, data: bytes) -> None:
        with open(os.path.join(staging, name), "wb") as out:
            out.write(data)

    out = externalize(html, write)
    if INLINE.search(out) and any(
        "src=" not in m.group("attrs") and m.group("body").strip() for m in INLINE.finditer(out)
    ):
        print("externalize-scripts.py: an inline script is left", file=sys.stderr)
        return 1
    with open(index, "w", encoding="utf-8") as f:
        f.write(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
