"""Build the course with the two ways off MkDocs 1 and say what works: ``make try-exit``.

MkDocs 1 is the course's builder; Material for MkDocs, its theme, is in
maintenance mode and MkDocs 2 drops plugins. This script tries the two
candidates on the course as it is, each in a virtual environment of its own
under ``.cache/exit/`` (installed from the lock, so the course's own
libraries are the same), and compares each site with the MkDocs build:

* **ProperDocs**, the drop-in fork of MkDocs 1.6 (``properdocs build``);
* **Zensical**, the new builder from Material's authors, which reads
  ``mkdocs.yml`` but runs no MkDocs plugins or hooks.

For each it reports whether the strict build passed, how long it took, the
pages built, and per page what our hooks and plugins put there and the
candidate did not: named values left as ``{{ ... }}``, formulas not turned
into MathML, glossary tooltips, lesson headers, notebook pages. A Markdown
table goes to standard output and to ``.bench/exit.md``. It is a trial, not
a test: it exits 0 whatever the candidates do (1 only if it cannot run).

    python3 scripts/try_exit.py [--only properdocs|zensical]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXIT = ROOT / ".cache" / "exit"
LOCK = ROOT / "requirements" / "lock.txt"

CANDIDATES = {
    "properdocs": {"package": "properdocs>=1.6.7", "build": ["properdocs", "build", "--strict", "--site-dir", "{site}"]},
    "zensical": {"package": "zensical", "build": ["zensical", "build", "--strict", "-f", "mkdocs.yml"], "site": "site"},
}

#: what our hooks and plugins leave in a page, each as (what, a pattern that counts it in the HTML)
MARKERS = {
    # MkDocs' own count is the syntax shown on purpose (written \{{ ... }} in the Markdown)
    "named values left as {{ ... }}": re.compile(r"\{\{\s*[a-z_]+\.[\w.]+"),
    "formulas as MathML": re.compile(r"<math[ >]"),
    "formulas left as TeX": re.compile(r'class="arithmatex"'),
    "glossary tooltips": re.compile(r"<abbr tabindex=\"0\""),
    "lesson headers": re.compile(r'class="gd-lesson-meta'),
    "widgets": re.compile(r"data-gd-widget="),
}


def run(command: list[str], **options) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, **options)


def environment(name: str, package: str) -> Path:
    """A virtual environment with the course's docs dependencies (from the lock) and ``package``."""
    venv = EXIT / f"{name}-venv"
    python = venv / "bin" / "python"
    stamp = venv / ".installed"
    if stamp.is_file() and stamp.read_text() == package:
        return venv
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    constraint = ["-c", str(LOCK)] if LOCK.is_file() else []
    done = run([str(python), "-m", "pip", "install", "--quiet", *constraint, "-e", f"{ROOT}[docs]", package])
    if done.returncode != 0:  # the candidate may want other versions than the lock's: try without it
        done = run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[docs]", package])
    if done.returncode != 0:
        raise RuntimeError(f"cannot install {package}: {done.stderr[-1500:]}")
    stamp.write_text(package)
    return venv


def pages(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8", errors="replace") for p in sorted(site.rglob("index.html"))}


def counts(html: dict[str, str]) -> dict[str, int]:
    return {what: sum(len(pattern.findall(text)) for text in html.values()) for what, pattern in MARKERS.items()}


def mkdocs_site() -> tuple[Path, float]:
    site = EXIT / "mkdocs-site"
    began = time.perf_counter()
    done = run([str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--site-dir", str(site)], cwd=ROOT, env=_env())
    if done.returncode != 0:
        raise RuntimeError(f"the MkDocs build itself failed: {done.stderr[-1500:]}")
    return site, time.perf_counter() - began


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GDNOTES_CACHE_DIR": str(EXIT / "cache")}


def trial(name: str, reference: dict[str, str]) -> dict:
    spec = CANDIDATES[name]
    venv = environment(name, spec["package"])
    site = EXIT / f"{name}-site"
    shutil.rmtree(site, ignore_errors=True)
    command = [str(venv / "bin" / spec["build"][0]), *[part.format(site=site) for part in spec["build"][1:]]]
    workdir = ROOT
    if "site" in spec:  # a builder that writes where mkdocs.yml says: build in a copy, so site/ is not touched
        workdir = EXIT / f"{name}-project"
        shutil.rmtree(workdir, ignore_errors=True)
        shutil.copytree(ROOT, workdir, ignore=shutil.ignore_patterns(".venv", ".cache", ".git", "site", ".bench"))
    began = time.perf_counter()
    done = run(command, cwd=workdir, env=_env(), timeout=1800)
    seconds = time.perf_counter() - began
    if "site" in spec and (workdir / spec["site"]).is_dir():
        shutil.move(str(workdir / spec["site"]), site)
    built = pages(site) if site.is_dir() else {}
    same = sum(1 for page, text in built.items() if _normal(text) == _normal(reference.get(page, "")))
    said = (done.stdout + done.stderr).strip().splitlines()
    return {
        "name": name, "passed": done.returncode == 0, "seconds": seconds, "pages": len(built),
        "missing": sorted(set(reference) - set(built)), "identical": same, "counts": counts(built),
        "said": [line for line in said if re.search(r"WARNING|ERROR|Error|error", line)][:8],
    }


def _normal(text: str) -> str:
    """A page without the generator's name (each builder writes its own)."""
    return re.sub(r'<meta name="generator" content="[^"]*">', "", text)


def report(reference: dict[str, str], seconds: float, trials: list[dict]) -> str:
    base = counts(reference)
    lines = [
        "| | MkDocs 1 | " + " | ".join(t["name"] for t in trials) + " |",
        "|---|---|" + "---|" * len(trials),
        "| strict build passed | yes | " + " | ".join("yes" if t["passed"] else "no" for t in trials) + " |",
        f"| seconds | {seconds:.1f} | " + " | ".join(f"{t['seconds']:.1f}" for t in trials) + " |",
        f"| pages | {len(reference)} | " + " | ".join(str(t["pages"]) for t in trials) + " |",
        f"| pages identical to MkDocs' (generator tag aside) | {len(reference)} | " + " | ".join(str(t["identical"]) for t in trials) + " |",
    ]
    for what in MARKERS:
        lines.append(f"| {what} | {base[what]} | " + " | ".join(str(t["counts"][what]) for t in trials) + " |")
    for t in trials:
        if t["missing"]:
            lines.append(f"\n{t['name']} built no {', '.join(t['missing'][:12])}{' …' if len(t['missing']) > 12 else ''}")
        for line in t["said"]:
            lines.append(f"\n{t['name']} said: `{line.strip()[:200]}`")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", choices=sorted(CANDIDATES), help="try one candidate")
    args = parser.parse_args(argv)
    EXIT.mkdir(parents=True, exist_ok=True)
    try:
        site, seconds = mkdocs_site()
    except RuntimeError as error:
        print(f"try_exit: {error}", file=sys.stderr)
        return 1
    reference = pages(site)
    trials = []
    for name in [args.only] if args.only else sorted(CANDIDATES):
        try:
            trials.append(trial(name, reference))
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
            trials.append({"name": name, "passed": False, "seconds": 0.0, "pages": 0, "missing": [], "identical": 0,
                           "counts": dict.fromkeys(MARKERS, 0), "said": [str(error)[:300]]})
    text = report(reference, seconds, trials)
    print(text)
    (ROOT / ".bench").mkdir(exist_ok=True)
    (ROOT / ".bench" / "exit.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
