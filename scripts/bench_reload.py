"""Seconds from saving a lesson to the rebuilt page being served, under ``mkdocs serve``.

    .venv/bin/python scripts/bench_reload.py [--repeats 3] [--json FILE] [-- extra mkdocs serve options]

Starts the dev server the way ``make serve`` does, waits for its first
build, then times two edits a contributor makes to lesson 3 (each undone
afterwards, the file restored byte for byte even on Ctrl-C):

* a prose edit: a word added to a paragraph;
* an edit inside an executed block: a comment added to the loop the reader
  sees, so that block runs again.

Each time is from the moment the file is written to the moment the served
page shows the edit (polled over HTTP every 20 ms), so it includes the
server noticing the change. It prints the median and every run, and
``make bench`` includes it. No test framework is involved: a contributor can
run it on their own machine.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "docs" / "lessons" / "03-update-rule.md"
URL_PATH = "/lessons/03-update-rule/"
PROSE_ANCHOR = "Remember the walker on a dark hillside"
BLOCK_ANCHOR = "w = 4.0       # where we start"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def _wait_for(url: str, marker: str, limit: float) -> float | None:
    began = time.perf_counter()
    while time.perf_counter() - began < limit:
        if marker in _fetch(url):
            return time.perf_counter()
        time.sleep(0.02)
    return None


def _edits(original: str, n: int) -> dict[str, tuple[str, str]]:
    """Each kind of edit: (the edited page source, a text the served page then shows)."""
    word = f"benchmark{n}x"
    if PROSE_ANCHOR not in original or BLOCK_ANCHOR not in original:
        raise SystemExit(f"{LESSON.relative_to(ROOT)} no longer has the text this benchmark edits; update scripts/bench_reload.py")
    return {
        "prose": (original.replace(PROSE_ANCHOR, f"{PROSE_ANCHOR} {word}", 1), word),
        "block": (original.replace(BLOCK_ANCHOR, f"{BLOCK_ANCHOR} {word}", 1), word),
    }


def measure(repeats: int, extra: list[str]) -> dict:
    port = _free_port()
    url = f"http://127.0.0.1:{port}{URL_PATH}"
    # served at the root, as make serve does (site_url's path, /gdnotes/ on GitHub Pages, would move every page)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GDNOTES_SITE_URL": f"http://127.0.0.1:{port}/"}
    log = open(ROOT / ".bench" / "serve.log", "w")  # noqa: SIM115
    command = [str(ROOT / ".venv" / "bin" / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", *extra]
    original = LESSON.read_bytes()
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    results: dict[str, list[float]] = {"prose": [], "block": []}
    try:
        began = time.perf_counter()
        if _wait_for(url, "The update rule", 300) is None:
            raise SystemExit("mkdocs serve did not serve lesson 3 within 300 s; see .bench/serve.log")
        first_build = time.perf_counter() - began
        for n in range(repeats):
            for kind, (text, marker) in _edits(original.decode("utf-8"), n).items():
                LESSON.write_text(text, encoding="utf-8")
                written = time.perf_counter()
                shown = _wait_for(url, marker, 120)
                if shown is None:
                    raise SystemExit(f"the {kind} edit never showed; see .bench/serve.log")
                results[kind].append(shown - written)
                LESSON.write_bytes(original)
                _wait_for_absent(url, marker, 120)
    finally:
        LESSON.write_bytes(original)
        server.terminate()
        server.wait(30)
        log.close()
    errors = [line for line in (ROOT / ".bench" / "serve.log").read_text().splitlines() if re.match(r"(WARNING|ERROR)", line)]
    return {
        "first_build_seconds": round(first_build, 2),
        "prose_edit_seconds": round(statistics.median(results["prose"]), 3),
        "block_edit_seconds": round(statistics.median(results["block"]), 3),
        "runs": {k: [round(v, 3) for v in vs] for k, vs in results.items()},
        "server_warnings": errors,
        "command": " ".join(command[1:]),
    }


def _wait_for_absent(url: str, marker: str, limit: float) -> None:
    began = time.perf_counter()
    while time.perf_counter() - began < limit:
        if marker not in _fetch(url):
            return
        time.sleep(0.02)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json", type=Path)
    parser.add_argument("extra", nargs="*", help="more options for mkdocs serve (after --)")
    args = parser.parse_args(argv)
    (ROOT / ".bench").mkdir(exist_ok=True)
    result = measure(args.repeats, args.extra)
    print(f"mkdocs {result['command']}: first build {result['first_build_seconds']:.1f} s")
    print(f"  prose edit -> page rebuilt and served: {result['prose_edit_seconds']:.2f} s (runs {result['runs']['prose']})")
    print(f"  edit in an executed block -> page rebuilt: {result['block_edit_seconds']:.2f} s (runs {result['runs']['block']})")
    for line in result["server_warnings"]:
        print(f"  server said: {line}")
    if args.json:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 1 if result["server_warnings"] else 0


if __name__ == "__main__":
    sys.exit(main())
