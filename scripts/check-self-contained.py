#!/usr/bin/env python3
"""Fail when a tracked file outside the docs names a path above the repository root.

A user's clone has nothing beside it (no reference folder, no sibling checkout), so nothing the
project runs, tests or builds may read from there. Every relative path literal that starts with
`../` is resolved against the file's own folder (how `include_str!`, `import` and
`new URL(.., import.meta.url)` resolve it) and, for shell scripts, also against the repository
root (the scripts `cd` there first); any that lands outside the root is an error, and so is any
mention of the team's `shared/` reference folder. Markdown and docs/ may cite it in prose.

    python3 scripts/check-self-contained.py      # exit 1 and a list when something escapes
"""
import os
import re
import subprocess
import sys

ROOT = os.path.realpath(os.path.join(os.path.dirname(__file__), ".."))
REL = re.compile(r"""(?:^|(?<=[\s"'`(=:,\[]))((?:\.\./)+[A-Za-z0-9_.\-/]*)""")
SHARED = re.compile(r"(?:^|[^A-Za-z0-9_])shared/(?:vectors|reference|hooks)\b")
SKIP_DIRS = ("docs/", "tests/vectors/")
SHELL = (".sh", ".bash")


def tracked():
    out = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, check=True, capture_output=True)
    return [p for p in out.stdout.decode().split("\0") if p]


def escapes(base, rel):
    target = os.path.normpath(os.path.join(base, rel))
    return os.path.relpath(target, ROOT).startswith("..")


def check(path):
    if path.endswith(".md") or path.startswith(SKIP_DIRS) or path.endswith("package-lock.json"):
        return []
    try:
        with open(os.path.join(ROOT, path), encoding="utf-8") as f:
            text = f.read()
    except (UnicodeDecodeError, IsADirectoryError, FileNotFoundError):
        return []
    here = os.path.dirname(os.path.join(ROOT, path))
    shell = path.endswith(SHELL) or path.startswith(".ci/") or text.startswith("#!/usr/bin/env bash")
    bad = []
    for n, line in enumerate(text.splitlines(), 1):
        if SHARED.search(line):
            bad.append(f"{path}:{n}: names the shared/ reference folder: {line.strip()}")
            continue
        for m in REL.finditer(line):
            rel = m.group(1)
            if escapes(here, rel) or (shell and escapes(ROOT, rel)):
                bad.append(f"{path}:{n}: {rel} is outside the repository: {line.strip()}")
    return bad


def main():
    bad = [b for p in tracked() for b in check(p)]
    if bad:
        print("self-contained: these tracked files name a path above the repository root;", file=sys.stderr)
        print("copy what they need into the repository (tests/vectors/ for test data):", file=sys.stderr)
        for b in bad:
            print("  " + b, file=sys.stderr)
        return 1
    print("self-contained: ok", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
