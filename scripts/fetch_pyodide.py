"""Fetch the Pyodide runtime that lesson 4's try-it code cell runs in the page.

Pyodide (CPython compiled to WebAssembly) is served by the site itself, from
``assets/pyodide/``: no page may ask another host for anything. This script
puts the runtime files into ``.cache/pyodide/VERSION/`` (git ignores .cache);
the MkDocs hook copies them into the built site.

It takes the npm registry's tarball of ``pyodide@VERSION``, with ``npm pack``
when npm is on the PATH and with Python's urllib otherwise, checks it against
the pinned sha512 integrity below (the registry's ``dist.integrity``) and
extracts only the files the loader requests at run time. Run again, it checks
what is there and does nothing more. It needs nothing but Python's standard
library:

    python3 scripts/fetch_pyodide.py            # into .cache/pyodide/VERSION (`make pyodide`)
    python3 scripts/fetch_pyodide.py --check    # exit 1 if missing or altered

Offline, it says so within seconds (it first tries to open a connection to
the registry, :data:`PROBE_SECONDS` at most) and names the missing file and
the command to run once online, rather than waiting on npm's retries.

The MkDocs hook imports this file for ``VERSION``, ``FILES`` and
:func:`runtime_dir`, so the pin lives in one place.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tarfile
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

VERSION = "314.0.7"
"""The pinned Pyodide release (its npm version)."""

INTEGRITY = "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A=="
"""``npm view pyodide@VERSION dist.integrity``: the sha512 of the registry's tarball."""

TARBALL = f"https://registry.npmjs.org/pyodide/-/pyodide-{VERSION}.tgz"

FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
"""What a module worker's ``loadPyodide`` requests to run pure Python (checked in a browser):
the loader, the Emscripten module and its WebAssembly, the standard library and the package lock."""

MANIFEST = "manifest.json"
"""Written beside the files: the version and each file's size and sha256 (checked on every run)."""

ROOT = Path(__file__).resolve().parent.parent


def runtime_dir(root: Path = ROOT) -> Path:
    """Where the runtime files of :data:`VERSION` live in a clone at ``root``."""
    return Path(root) / ".cache" / "pyodide" / VERSION


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def problem(folder: Path) -> str | None:
    """Why ``folder`` does not hold the verified runtime, or ``None`` if it does."""
    manifest = Path(folder) / MANIFEST
    if not manifest.is_file():
        return f"{manifest} is missing"
    try:
        recorded = json.loads(manifest.read_text(encoding="utf-8"))
    except ValueError:
        return f"{manifest} is not valid JSON"
    if recorded.get("version") != VERSION or recorded.get("integrity") != INTEGRITY:
        return f"{manifest} is for pyodide {recorded.get('version')}, not {VERSION}"
    for name in FILES:
        path = Path(folder) / name
        entry = recorded.get("files", {}).get(name)
        if not path.is_file() or entry is None:
            return f"{path} is missing"
        if path.stat().st_size != entry["bytes"] or _sha256(path) != entry["sha256"]:
            return f"{path} differs from the file extracted from the verified tarball"
    return None


def _integrity_of(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode("ascii")


PROBE_SECONDS = 5  # to open a connection to the registry (or the proxy): offline is told in this time
NPM_SECONDS = 90  # npm retries an unreachable registry for minutes; a working download takes seconds
URLLIB_SECONDS = 30  # without a byte for this long, the connection is given up


def _tarball_with_npm(npm: str) -> bytes:
    with tempfile.TemporaryDirectory() as scratch:
        command = [npm, "pack", f"pyodide@{VERSION}", "--silent", "--fetch-retries=1", "--pack-destination", scratch]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=NPM_SECONDS)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"`npm pack pyodide@{VERSION}` gave nothing in {NPM_SECONDS} s: is the npm registry reachable (offline?)") from None
        packed = sorted(Path(scratch).glob("*.tgz"))
        if result.returncode != 0 or not packed:
            said = result.stderr.strip()[-2000:] or "npm printed no reason; is the npm registry reachable (offline?)"
            raise RuntimeError(f"`npm pack pyodide@{VERSION}` failed (exit {result.returncode}): {said}")
        return packed[0].read_bytes()


def _tarball_with_urllib() -> bytes:
    try:
        with urllib.request.urlopen(TARBALL, timeout=URLLIB_SECONDS) as response:  # noqa: S310 - a fixed https URL
            return response.read()
    except OSError as error:
        raise RuntimeError(f"could not download {TARBALL}: {error} (offline?)") from error


def _registry(npm: str | None) -> str:
    """The address the tarball comes from: npm's configured registry, or :data:`TARBALL`'s."""
    if npm:
        try:
            said = subprocess.run([npm, "config", "get", "registry"], capture_output=True, text=True, timeout=PROBE_SECONDS)
            if said.returncode == 0 and said.stdout.strip().startswith("http"):
                return said.stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            pass
    return TARBALL


def reachable(url: str, seconds: float = PROBE_SECONDS) -> str | None:
    """``None`` if a connection to ``url``'s host (or to the HTTPS proxy, when one is set) opens within
    ``seconds``; otherwise why not, in a few words."""
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    target = urllib.parse.urlsplit(proxy or url)
    host, port = target.hostname or "", target.port or (443 if target.scheme == "https" else 80)
    try:
        with socket.create_connection((host, port), timeout=seconds):
            return None
    except OSError as error:
        return f"{host}:{port} cannot be reached ({error.strerror or error})"


def download() -> bytes:
    """The registry's tarball of pyodide@VERSION, verified against :data:`INTEGRITY` (npm if installed, else urllib)."""
    npm = shutil.which("npm")
    unreachable = reachable(_registry(npm))
    if unreachable is not None:
        raise RuntimeError(f"{unreachable}: offline?")
    data = _tarball_with_npm(npm) if npm else _tarball_with_urllib()
    got = _integrity_of(data)
    if got != INTEGRITY:
        source = "npm pack" if npm else TARBALL
        raise RuntimeError(
            f"the pyodide {VERSION} tarball from {source} failed its integrity check:\n"
            f"  expected {INTEGRITY}\n  got      {got}\n"
            "It was not extracted. Retry; if it persists, the download was altered or the pin in "
            f"scripts/fetch_pyodide.py is wrong (compare with `npm view pyodide@{VERSION} dist.integrity`)."
        )
    return data


def extract(data: bytes, folder: Path) -> None:
    """Write :data:`FILES` from the tarball ``data`` into ``folder``, then the manifest."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    entries = {}
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for name in FILES:
            try:
                member = archive.getmember(f"package/{name}")
            except KeyError:
                raise RuntimeError(f"the pyodide {VERSION} tarball has no package/{name}") from None
            content = archive.extractfile(member).read()
            (folder / name).write_bytes(content)
            entries[name] = {"bytes": len(content), "sha256": hashlib.sha256(content).hexdigest()}
    manifest = {"version": VERSION, "integrity": INTEGRITY, "files": entries}
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def fetch(folder: Path | None = None) -> Path:
    """Make sure ``folder`` (by default :func:`runtime_dir`) holds the verified runtime; return it."""
    folder = runtime_dir() if folder is None else Path(folder)
    if problem(folder) is None:
        return folder
    extract(download(), folder)
    left = problem(folder)
    if left is not None:
        raise RuntimeError(f"after extracting pyodide {VERSION}: {left}")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dest", type=Path, default=None, help="folder for the files (default: .cache/pyodide/VERSION)")
    parser.add_argument("--check", action="store_true", help="only check the folder; exit 1 if the runtime is missing or altered")
    args = parser.parse_args(argv)
    folder = runtime_dir() if args.dest is None else args.dest
    if args.check:
        reason = problem(folder)
        print(f"pyodide {VERSION}: " + ("ok" if reason is None else reason))
        return 0 if reason is None else 1
    already = problem(folder) is None
    missing = problem(folder)
    try:
        fetch(folder)
    except RuntimeError as error:
        print(
            f"fetch_pyodide: {missing}; it is the Python runtime of lesson 4's try-it cell, which the site serves itself.\n"
            f"fetch_pyodide: it could not be fetched: {error}\n"
            "fetch_pyodide: fetch it once while online, with: make pyodide",
            file=sys.stderr,
        )
        return 1
    total = sum((folder / name).stat().st_size for name in FILES)
    print(f"pyodide {VERSION}: {'already present' if already else 'fetched and verified'} in {folder} ({total / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
