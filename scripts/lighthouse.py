"""Lighthouse on every page of the course, as a reader on a phone gets it (make lighthouse).

A measurement, not a test: it builds the site (or takes a built one, ``--site``), serves it on
loopback with gzip, runs Lighthouse 12 (mobile preset, its default) with the system Chromium on
each page in the navigation of mkdocs.yml, and writes one table (page, the four scores, total
blocking time, cumulative layout shift, page weight) to stdout and to .bench/lighthouse.md.

- The server is Debian's nginx (``apt-get install nginx-light``) with gzip on, as a host would
  serve the site; without nginx a small Python server that gzips text stands in, and the table
  says which one served.
- Lighthouse comes from npm, pinned (``lighthouse@12.2.3``: 13 needs Node 22), installed under
  .cache/lighthouse, never globally; ``CHROME_PATH`` is /usr/bin/chromium (or GDNOTES_CHROMIUM).
- Each page's full report is kept in .bench/lighthouse/<page>.json.

Usage: .venv/bin/python scripts/lighthouse.py [--site DIR] [--runs N] [PAGE ...]
(a PAGE is a path such as ``lessons/04-learning-rate/``; ``""`` or ``home`` is the home page).
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / ".cache" / "lighthouse"
BENCH = ROOT / ".bench"
LIGHTHOUSE = "lighthouse@12.2.3"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
GZIP_TYPES = "text/css application/javascript text/javascript application/json image/svg+xml text/xml text/plain"


def nav_pages() -> list[str]:
    """Every page in the navigation of mkdocs.yml, as a URL path ("" for the home page)."""
    from mkdocs.utils.yaml import yaml_load

    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as source:
        nav = yaml_load(source)["nav"]

    def files(items: list) -> Iterator[str]:
        for item in items:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            yield from files(value) if isinstance(value, list) else [value]

    pages = []
    for source in files(nav):
        stem = source.rsplit(".", 1)[0]
        pages.append("" if stem == "index" else (stem.removesuffix("/index")) + "/")
    return pages


def build(site: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONHASHSEED": "0"}
    env.setdefault("SOURCE_DATE_EPOCH", subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip() or "1767225600")
    print(f"building the site into {site} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=env, check=True, capture_output=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def nginx(site: Path) -> Iterator[str]:
    """The site served by nginx on loopback, gzip on; yields its base URL."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="gdnotes-nginx-") as prefix:
        conf = Path(prefix) / "nginx.conf"
        conf.write_text(
            f"""worker_processes 1;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path {prefix}/body; proxy_temp_path {prefix}/proxy; fastcgi_temp_path {prefix}/fastcgi;
  uwsgi_temp_path {prefix}/uwsgi; scgi_temp_path {prefix}/scgi;
  sendfile on;
  gzip on; gzip_comp_level 6; gzip_min_length 256; gzip_vary on;
  gzip_types {GZIP_TYPES};
  server {{
    listen 127.0.0.1:{port};
    root {site};
    index index.html;
    error_page 404 /404.html;
  }}
}}
"""
        )
        process = subprocess.Popen(["nginx", "-p", prefix, "-c", str(conf), "-g", "daemon off;"], stderr=subprocess.PIPE)
        try:
            wait_for(port, process)
            yield f"http://127.0.0.1:{port}/"
        finally:
            process.terminate()
            process.wait(timeout=10)


def wait_for(port: int, process: subprocess.Popen) -> None:
    import time

    for _ in range(100):
        if process.poll() is not None:
            raise RuntimeError(f"nginx stopped: {process.stderr.read().decode() if process.stderr else ''}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return
        time.sleep(0.1)
    raise RuntimeError("nginx did not start")


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the built files, gzipped when the client accepts it and the type is text."""

    def log_message(self, *args: object) -> None:
        pass

    def send_head(self):  # noqa: ANN201
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or kind.split(";")[0] not in GZIP_TYPES.split() + ["text/html"]:
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        import io

        return io.BytesIO(body)


@contextlib.contextmanager
def python_server(site: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


def lighthouse_bin() -> Path:
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        print(f"installing {LIGHTHOUSE} under {CACHE} ...", file=sys.stderr)
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "i", "-E", "--no-audit", "--no-fund", "--prefix", str(CACHE), LIGHTHOUSE], check=True)
    return binary


def run(binary: Path, url: str, report: Path) -> dict:
    """One Lighthouse run (mobile preset) on ``url``; its numbers."""
    chrome = os.environ.get("GDNOTES_CHROMIUM") or "/usr/bin/chromium"
    command = [str(binary), url, "--output=json", f"--output-path={report}", f"--chrome-flags={CHROME_FLAGS}", "--quiet"]
    subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": chrome}, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {key: round(100 * (data["categories"][key]["score"] or 0)) for key in ("performance", "accessibility", "best-practices", "seo")}
    audits = data["audits"]
    failed = sorted(
        name
        for key in ("accessibility", "best-practices", "seo")
        for ref in data["categories"][key]["auditRefs"]
        if ref.get("weight") and (name := ref["id"]) and audits[name].get("score") not in (None, 1)
    )
    return {
        **scores,
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "kb": audits["total-byte-weight"]["numericValue"] / 1024,
        "failed": failed,
    }


def table(rows: list[tuple[str, dict]], served_by: str, runs: int) -> str:
    lines = [
        f"Lighthouse {LIGHTHOUSE.split('@')[1]}, mobile preset, Chromium at {os.environ.get('GDNOTES_CHROMIUM') or '/usr/bin/chromium'}; "
        f"served with gzip by {served_by} on loopback; {'median of ' + str(runs) + ' runs' if runs > 1 else 'one run'} a page.",
        "",
        "| page | performance | accessibility | best practices | SEO | TBT ms | CLS | weight KB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for page, r in rows:
        lines.append(
            f"| {page or 'home'} | {r['performance']} | {r['accessibility']} | {r['best-practices']} | {r['seo']} | "
            f"{r['tbt']:.0f} | {r['cls']:.3f} | {r['kb']:.0f} |"
        )
    failing = sorted({(page or "home", name) for page, r in rows for name in r["failed"]})
    if failing:
        lines += ["", "Audits below full marks (accessibility, best practices, SEO): " + "; ".join(f"{p}: {n}" for p, n in failing)]
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", nargs="*", help="pages to measure (default: every page in the navigation)")
    parser.add_argument("--site", type=Path, help="a built site to use instead of building one")
    parser.add_argument("--runs", type=int, default=1, help="runs a page; the table shows each number's median")
    args = parser.parse_args()

    pages = [("" if p in ("", "home", "/") else p.strip("/") + "/") for p in args.pages] or nav_pages()
    site = args.site
    if site is None:
        site = CACHE / "site"
        build(site)
    missing = [page or "home" for page in pages if not (site / page / "index.html").is_file()]
    if missing:
        parser.error(f"no such page in {site}: {', '.join(missing)} (pages look like {', '.join(p or 'home' for p in nav_pages()[:3])})")
    if args.runs < 1:
        parser.error(f"--runs must be 1 or more, got {args.runs}")
    binary = lighthouse_bin()
    reports = BENCH / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    served_by = "nginx" if shutil.which("nginx") else "a Python gzip server (nginx not installed)"
    server = nginx if shutil.which("nginx") else python_server
    rows = []
    with server(site.resolve()) as base:
        for page in pages:
            results = [run(binary, base + page, reports / f"{(page.strip('/') or 'home').replace('/', '-')}.json") for _ in range(args.runs)]
            if args.runs > 1:
                print(f"{page or 'home'}, each run: " + ", ".join(f"{r['performance']} (TBT {r['tbt']:.0f})" for r in results), file=sys.stderr)
            merged = {key: statistics.median(r[key] for r in results) for key in ("performance", "accessibility", "best-practices", "seo", "tbt", "cls", "kb")}
            merged["failed"] = sorted({name for r in results for name in r["failed"]})
            rows.append((page, merged))
            print(f"{page or 'home'}: {merged}", file=sys.stderr, flush=True)
    text = table(rows, served_by, args.runs)
    (BENCH / "lighthouse.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
