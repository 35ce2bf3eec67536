#!/usr/bin/env python3
"""Fails when a page or a component fetches data itself instead of through the one door.

Every page's data comes through `AppContext::resource` / `follow_up` / `resource_with`
(retries, 401 handling, invalidation) and a loader in `src/loaders/`; the client is called
only there. In `src/pages/` and `src/components/` this script refuses:

- a call of any `PrefectClient` method that talks to the server: the endpoint methods of
  `src/api/methods.rs` and every `pub async fn` of an `impl PrefectClient` block;
- a resource made by hand: `ApiResource::new`, `ApiResource::tracked`,
  `ApiResource::infallible`.

Comments and string literals are ignored. Each finding is printed as `file:line: what`,
and the script exits 1.

Usage: scripts/check-one-door.py [SRC_DIR]   (default: src)
"""

import importlib.util
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def load_strip_code():
    spec = importlib.util.spec_from_file_location("cycles", HERE / "check-module-cycles.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.strip_code


def client_methods(src: Path, strip_code) -> set:
    """Names of the client's methods that send a request."""
    names = set()
    methods = strip_code((src / "api" / "methods.rs").read_text())
    names.update(re.findall(r"^\s*fn\s+([a-z_][a-z0-9_]*)\s*\(", methods, re.M))
    for file in (src / "api").rglob("*.rs"):
        text = strip_code(file.read_text())
        for block in re.finditer(r"impl\s+PrefectClient\s*\{", text):
            depth, i = 1, block.end()
            while i < len(text) and depth:
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            names.update(
                re.findall(r"pub\s+async\s+fn\s+([a-z_][a-z0-9_]*)", text[block.end():i])
            )
    return names


def main() -> int:
    src = Path(sys.argv[1] if len(sys.argv) > 1 else "src")
    strip_code = load_strip_code()
    methods = client_methods(src, strip_code)
    if len(methods) < 20:
        print(f"check-one-door: found only {len(methods)} client methods; is {src} the crate?")
        return 1
    call = re.compile(r"\.\s*(" + "|".join(sorted(methods)) + r")\s*(::<[^>]*>)?\s*\(")
    by_hand = re.compile(r"\bApiResource\s*::\s*(new|tracked|infallible)\b")
    findings = []
    for folder in ("pages", "components"):
        for file in sorted((src / folder).rglob("*.rs")):
            text = strip_code(file.read_text())
            for number, line in enumerate(text.split("\n"), start=1):
                for found in call.finditer(line):
                    findings.append(
                        f"{file}:{number}: calls the client's `{found.group(1)}` "
                        "(a loader in src/loaders/ does, through context.resource)"
                    )
                for found in by_hand.finditer(line):
                    findings.append(
                        f"{file}:{number}: makes a resource by hand (`ApiResource::{found.group(1)}`; "
                        "use context.resource, follow_up or resource_with)"
                    )
    for finding in findings:
        print(finding)
    if findings:
        print(f"check-one-door: {len(findings)} place(s) fetch outside the one door")
        return 1
    print(f"check-one-door: pages and components call none of the client's {len(methods)} methods")
    return 0


if __name__ == "__main__":
    sys.exit(main())
