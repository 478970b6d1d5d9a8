"""Measure the course site: build time, build memory and page weight.

    make bench                      (or: .venv/bin/python scripts/bench.py)
    .venv/bin/python scripts/bench.py --check    exit 1 if a target is missed

It prints four tables and writes the same numbers to .bench/bench.json:

(a) the build and the edit loop, each in seconds and as a ratio to a plain
    Material build of the same pages measured in the same run
    (scripts/baseline.py): a cold ``mkdocs build --strict`` (fresh process,
    empty site folder, the caches of the notebook pages, of executed blocks and of
    named values cleared), then a warm build right after it, the peak resident
    memory of the builds, and the time from saving lesson 3 to the page being
    served again under ``make serve`` (scripts/bench_reload.py), for a prose
    edit and an edit inside an executed block; and the slowest executed
    blocks of the cold build (all of them in .bench/blocks.json);
(b) every page: its HTML, raw and gzipped;
(c) every lesson page: what a first visit downloads, gzipped: the HTML, every
    same-site stylesheet, script, image and font it refers to (followed
    through the stylesheets' url() and @import), and the files Material's
    JavaScript fetches as soon as a page opens (the search worker, the
    search index and sitemap.xml for instant navigation).

Sizes are gzip at level 6 (a common server setting); "KB" is 1000 bytes.
Times are wall-clock and include starting Python; on a busy machine they
vary, so the load average is printed with them.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import yaml

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / ".bench"
SITE = BENCH / "site"
JUPYTER_CACHE = ROOT / ".cache" / "gdnotes-notebooks"
EXEC_CACHE = ROOT / ".cache" / "gdnotes-exec"
VALUES_CACHE = ROOT / ".cache" / "gdnotes-values"
RENDER_CACHE = ROOT / ".cache" / "gdnotes-render"
PROFILE = BENCH / "blocks.json"
GZIP_LEVEL = 6

TARGETS = {
    "cold_build_seconds": 20.0,
    "warm_build_seconds": 3.0,
    "prose_edit_seconds": 1.0,
    "block_edit_seconds": 2.0,
    "peak_memory_mb": 1000.0,
    "lesson_html_gzip_kb": 150.0,
    "first_visit_gzip_kb": 400.0,
}


# --- (a) the build -------------------------------------------------------------


def build(profile: Path | None = None) -> tuple[float, float, float | None]:
    """One strict build in a fresh process: (wall seconds, CPU seconds, mkdocs' own seconds).

    CPU time (user + system, of the build and anything it starts) is what the
    build would take on an idle machine with one core; wall time is what a
    writer waits for here and now.
    """
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1767225600"),
        "PYTHONHASHSEED": "0",
    }
    if profile is not None:
        env["GDNOTES_EXEC_PROFILE"] = str(profile)
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(SITE)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-2000:] + result.stderr[-5000:])
        sys.exit(f"bench: mkdocs build --strict failed (exit {result.returncode})")
    reported = re.search(r"Documentation built in ([\d.]+) seconds", result.stderr + result.stdout)
    return seconds, cpu, float(reported.group(1)) if reported else None


def peak_memory_mb() -> float:
    """Largest resident set of any finished child process so far (Linux reports KiB)."""
    kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return kib * 1024 / 1e6


# --- (b) and (c) page weight ---------------------------------------------------


def gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0))


class _References(HTMLParser):
    """The URLs a page makes the browser fetch by itself, and Material's config."""

    LOADING_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload", "manifest", "prefetch"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self.config = ""
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and set(a.get("rel", "").lower().split()) & self.LOADING_RELS and a.get("href"):
            self.urls.append(a["href"])
        elif tag in {"script", "img", "iframe", "source", "video", "audio", "embed", "track"} and a.get("src"):
            self.urls.append(a["src"])
        if tag in {"img", "source"} and a.get("srcset"):
            self.urls.append(a["srcset"].split(",")[0].split()[0])
        if tag == "video" and a.get("poster"):
            self.urls.append(a["poster"])
        if tag in {"image", "use"}:
            href = a.get("href") or a.get("xlink:href") or ""
            if href and not href.startswith("#"):
                self.urls.append(href)
        if "style" in a:
            self.inline_css.append(a["style"])
        if tag == "style":
            self._in = "style"
        elif tag == "script" and a.get("id") == "__config":
            self._in = "config"

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._in = None

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "style":
            self.inline_css.append(data)
        elif self._in == "config":
            self.config += data


CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)['"]?\s*\)|@import\s+(?:url\()?\s*['"]([^'"]+)""")


def site_file(url: str) -> Path | None:
    """The built file behind a same-site URL (absolute http://site.invalid/...), if any."""
    parts = urlsplit(url)
    if parts.netloc != "site.invalid":
        return None
    target = SITE / unquote(parts.path).lstrip("/")
    if parts.path.endswith("/"):
        target = target / "index.html"
    return target if target.is_file() else None


def first_visit(page: str) -> dict[str, object]:
    """Everything a first visit to ``page`` downloads, gzipped, resolved from the built files."""
    base = "http://site.invalid/" + page
    parser = _References()
    parser.feed((SITE / page).read_text(encoding="utf-8"))
    pending = [urljoin(base, u) for u in parser.urls]
    for css in parser.inline_css:
        pending += [urljoin(base, a or b) for a, b in CSS_URL.findall(css)]
    runtime: list[str] = []
    if parser.config:
        config = json.loads(parser.config)
        site_root = urljoin(base, config.get("base", ".") + "/")
        if config.get("search"):
            runtime.append(urljoin(base, config["search"]))
            runtime.append(urljoin(site_root, "search/search_index.json"))
        if "navigation.instant" in config.get("features", []):
            runtime.append(urljoin(site_root, "sitemap.xml"))
    seen: dict[str, Path] = {}
    external: list[str] = []
    missing: list[str] = []
    queue = [(u, "static") for u in pending] + [(u, "runtime") for u in runtime]
    kinds: dict[str, str] = {}
    while queue:
        url, kind = queue.pop(0)
        url = url.split("#")[0].split("?")[0]
        if url.startswith("data:") or not url or url in seen:
            continue
        if urlsplit(url).netloc != "site.invalid":
            external.append(url)
            continue
        path = site_file(url)
        if path is None:
            missing.append(url)
            continue
        seen[url] = path
        kinds[url] = kind
        if path.suffix == ".css":
            for a, b in CSS_URL.findall(path.read_text(encoding="utf-8", errors="replace")):
                queue.append((urljoin(url, a or b), kind))
    html_gzip = gzip_size((SITE / page).read_bytes())
    files = [
        {"file": path.relative_to(SITE).as_posix(), "kind": kinds[url], "bytes": path.stat().st_size, "gzip_bytes": gzip_size(path.read_bytes())}
        for url, path in sorted(seen.items())
    ]
    static = sum(f["gzip_bytes"] for f in files if f["kind"] == "static")
    runtime_bytes = sum(f["gzip_bytes"] for f in files if f["kind"] == "runtime")
    return {
        "page": page,
        "html_gzip_bytes": html_gzip,
        "assets_gzip_bytes": static,
        "runtime_gzip_bytes": runtime_bytes,
        "total_gzip_bytes": html_gzip + static + runtime_bytes,
        "files": files,
        "external": sorted(set(external)),
        "missing": sorted(set(missing)),
    }


def lesson_pages() -> list[str]:
    """Built paths of the pages whose front matter says ``lesson: N``."""
    pages = []
    for source in sorted((ROOT / "docs").rglob("*.md")):
        match = re.match(r"^---\n(.*?)\n---\n", source.read_text(encoding="utf-8"), re.S)
        meta = yaml.safe_load(match.group(1)) if match else None
        if isinstance(meta, dict) and "lesson" in meta:
            relative = source.relative_to(ROOT / "docs").with_suffix("").as_posix()
            pages.append("index.html" if relative == "index" else f"{relative}/index.html")
    return pages


# --- report ----------------------------------------------------------------------


def kb(n: float) -> str:
    return f"{n / 1000:,.1f}"


def verdict(value: float, target: float) -> str:
    return "ok" if value <= target else "MISSED"


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(headers, *rows)]
    line = lambda cells: "  ".join(str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in enumerate(zip(cells, widths)))  # noqa: E731
    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit with status 1 if any target is missed")
    args = parser.parse_args()

    shutil.rmtree(SITE, ignore_errors=True)
    shutil.rmtree(JUPYTER_CACHE, ignore_errors=True)
    shutil.rmtree(EXEC_CACHE, ignore_errors=True)  # cold: every executed block runs (and refills the cache)
    shutil.rmtree(VALUES_CACHE, ignore_errors=True)  # and every lesson's named values are computed
    shutil.rmtree(RENDER_CACHE, ignore_errors=True)  # and the API pages rendered, every page indexed for search
    BENCH.mkdir(exist_ok=True)
    load = os.getloadavg()
    cold, cold_cpu, cold_reported = build(profile=PROFILE)
    warm, warm_cpu, warm_reported = build()
    peak = peak_memory_mb()
    sys.path.insert(0, str(ROOT / "scripts"))
    import baseline
    import bench_reload

    plain = baseline.measure()
    reload = bench_reload.measure(3, ["--dirty"])

    build_numbers = {
        "plain_material_build_seconds": round(plain, 2),
        "prose_edit_seconds": reload["prose_edit_seconds"],
        "block_edit_seconds": reload["block_edit_seconds"],
        "reload_runs": reload["runs"],
        "cold_build_seconds": round(cold, 2),
        "cold_build_seconds_mkdocs": cold_reported,
        "cold_build_cpu_seconds": round(cold_cpu, 2),
        "warm_build_seconds": round(warm, 2),
        "warm_build_seconds_mkdocs": warm_reported,
        "warm_build_cpu_seconds": round(warm_cpu, 2),
        "peak_memory_mb": round(peak, 1),
        "load_average_1min": round(load[0], 2),
        "cpus": os.cpu_count(),
    }
    pages = []
    for path in sorted(SITE.rglob("*.html")):
        data = path.read_bytes()
        pages.append({"page": path.relative_to(SITE).as_posix(), "bytes": len(data), "gzip_bytes": gzip_size(data)})
    lessons = [first_visit(page) for page in lesson_pages() if (SITE / page).is_file()]

    checks = {
        "cold_build_seconds": cold <= TARGETS["cold_build_seconds"],
        "warm_build_seconds": warm <= TARGETS["warm_build_seconds"],
        "prose_edit_seconds": reload["prose_edit_seconds"] <= TARGETS["prose_edit_seconds"],
        "block_edit_seconds": reload["block_edit_seconds"] <= TARGETS["block_edit_seconds"],
        "peak_memory_mb": peak < TARGETS["peak_memory_mb"],
        "lesson_html_gzip_kb": all(l["html_gzip_bytes"] / 1000 < TARGETS["lesson_html_gzip_kb"] for l in lessons),
        "first_visit_gzip_kb": all(l["total_gzip_bytes"] / 1000 < TARGETS["first_visit_gzip_kb"] for l in lessons),
    }

    print(f"(a) Build and edit loop  (machine: {os.cpu_count()} CPUs, load average {load[0]:.2f} when it started)\n")
    ratio = lambda seconds: f"{seconds / plain:.1f}×"  # noqa: E731
    print(
        table(
            ["measure", "seconds", "× plain Material", "target", ""],
            [
                ["plain Material build of the same pages (median of 3)", f"{plain:.2f}", "1.0×", "", ""],
                ["prose edit -> page rebuilt, make serve (median of 3)", f"{reload['prose_edit_seconds']:.2f}", ratio(reload["prose_edit_seconds"]), "≤ 1.0", verdict(reload["prose_edit_seconds"], 1.0)],
                ["edit in an executed block -> page rebuilt", f"{reload['block_edit_seconds']:.2f}", ratio(reload["block_edit_seconds"]), "≤ 2.0", verdict(reload["block_edit_seconds"], 2.0)],
                ["cold strict build, wall", f"{cold:.2f}", ratio(cold), "≤ 20", verdict(cold, 20)],
                ["  CPU time", f"{cold_cpu:.2f}", "", "", ""],
                ["warm strict build, wall", f"{warm:.2f}", ratio(warm), "≤ 3", verdict(warm, 3)],
                ["  CPU time", f"{warm_cpu:.2f}", "", "", ""],
                ["peak memory (MB)", f"{peak:.0f}", "", "< 1000", verdict(peak, 1000)],
            ],
        )
    )
    blocks = json.loads(PROFILE.read_text()) if PROFILE.is_file() else []
    if blocks:
        total = sum(b["seconds"] for b in blocks)
        print(f"\nExecuted blocks in the cold build: {len(blocks)}, {total:.1f} s in all; the slowest:\n")
        slowest = sorted(blocks, key=lambda b: -b["seconds"])[:8]
        print(table(["s", "session", "first line"], [[f"{b['seconds']:.2f}", b["session"] or "", b["first_line"][:60]] for b in slowest]))
        build_numbers["cold_build_block_seconds"] = round(total, 2)
    print("\n(b) Pages: HTML size\n")
    print(table(["page", "KB", "KB gzip"], [[p["page"], kb(p["bytes"]), kb(p["gzip_bytes"])] for p in pages]))
    print(f"\n(c) Lesson pages: first visit, KB gzip (targets: HTML < {TARGETS['lesson_html_gzip_kb']:.0f}, total < {TARGETS['first_visit_gzip_kb']:.0f})\n")
    print(
        table(
            ["lesson page", "HTML", "", "CSS/JS/images", "search+sitemap", "total", ""],
            [
                [
                    l["page"],
                    kb(l["html_gzip_bytes"]),
                    verdict(l["html_gzip_bytes"] / 1000, TARGETS["lesson_html_gzip_kb"]),
                    kb(l["assets_gzip_bytes"]),
                    kb(l["runtime_gzip_bytes"]),
                    kb(l["total_gzip_bytes"]),
                    verdict(l["total_gzip_bytes"] / 1000, TARGETS["first_visit_gzip_kb"]),
                ]
                for l in lessons
            ],
        )
    )
    if lessons:
        print("\nFiles of the first visit to", lessons[0]["page"], "(the others share the assets):\n")
        print(table(["file", "kind", "KB", "KB gzip"], [[f["file"], f["kind"], kb(f["bytes"]), kb(f["gzip_bytes"])] for f in lessons[0]["files"]]))
    for key, what in (("external", "refer to other hosts (not counted)"), ("missing", "refer to files missing from the site")):
        found = sorted({url for l in lessons for url in l[key]})
        if found:
            where = [l["page"] for l in lessons if l[key]]
            print(f"\n! {len(where)} lesson page(s) {what}:\n  " + "\n  ".join(found))

    BENCH.mkdir(exist_ok=True)
    report = {"build": build_numbers, "pages": pages, "lessons": lessons, "targets": TARGETS, "met": checks, "gzip_level": GZIP_LEVEL}
    (BENCH / "bench.json").write_text(json.dumps(report, indent=2) + "\n")
    missed = [name for name, ok in checks.items() if not ok]
    print("\n(d) Pages for a contributor: how much of each is code (scripts/measure_pages.py)\n")
    sys.path.insert(0, str(ROOT / "scripts"))
    import measure_pages

    if measure_pages.main(["--json", str(BENCH / "pages.json")]) or json.loads((BENCH / "pages.json").read_text())["missed"]:
        missed.append("page targets")
    print(f"\nTargets missed: {', '.join(missed)}" if missed else "\nAll targets met.")
    print(f"Numbers written to {(BENCH / 'bench.json').relative_to(ROOT)}")
    return 1 if args.check and missed else 0


if __name__ == "__main__":
    sys.exit(main())
