"""Math as MathML, made at build time: pages need no math script, font or CDN.

``pymdownx.arithmatex`` (generic mode) marks up ``$...$`` and ``$$...$$``;
this hook turns each into MathML with latex2mathml, which browsers render
natively. A formula latex2mathml cannot read fails the build, naming the page.

Each formula's MathML is kept (``.cache/gdnotes-math/math-*.json``, one
file per latex2mathml version and version of this file), so a warm build
converts only formulas it has not seen; a full build keeps only the
formulas it used.
"""

from __future__ import annotations

import hashlib
import html
import importlib.metadata
import json
import re
import sys
from pathlib import Path

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # for gdsite, the helpers the hooks share
import gdsite  # noqa: E402

INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.S)


class Formulas:
    """Each formula's MathML, from the file of the last build when it was there."""

    def __init__(self) -> None:
        self.file: Path | None = None
        self.known: dict[str, str] = {}
        self.added = False
        self.used: set[str] = set()

    def start(self, config) -> None:
        version = importlib.metadata.version("latex2mathml")
        this = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
        self.file = gdsite.cache_dir(config, "gdnotes-math") / f"math-{version}-{this}.json"
        self.known, self.added, self.used = {}, False, set()
        if self.file.is_file():
            try:
                self.known = json.loads(self.file.read_text(encoding="utf-8"))
            except ValueError:
                self.known = {}

    def get(self, source: str, display: str) -> str:
        key = f"{display}\0{source}"
        self.used.add(key)
        if key not in self.known:
            self.known[key] = convert(source, display=display)
            self.added = True
        return self.known[key]

    def save(self) -> None:
        if self.file is None:
            return
        if not gdsite.BUILD["partial"] and set(self.known) != self.used:
            self.known = {key: self.known[key] for key in self.used}  # a full build: only what it used
            self.added = True
        if not self.added:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        for old in self.file.parent.glob("math-*.json"):
            if old != self.file:
                old.unlink(missing_ok=True)  # another latex2mathml or another version of this hook
        temporary = self.file.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.known, sort_keys=True, ensure_ascii=False), encoding="utf-8")
        temporary.replace(self.file)


FORMULAS = Formulas()


def mathml(latex: str, display: str, where: str) -> str:
    """MathML for one formula; ``where`` names the page in an error."""
    # tables.number writes U+2212 MINUS SIGN for text; latex2mathml would read it
    # as an identifier (<mi>), so give it the ASCII minus it knows as an operator
    source = html.unescape(latex).strip().replace("\u2212", "-")
    try:
        return FORMULAS.get(source, display)
    except Exception as error:  # latex2mathml raises many types
        raise PluginError(f"{where}: cannot render math {source!r}: {error}") from error


def render(html_text: str, where: str) -> str:
    """Every arithmatex formula in a page's HTML, as MathML."""
    html_text = DISPLAY.sub(lambda m: f'<div class="gd-math">{mathml(m.group(1), "block", where)}</div>', html_text)
    return INLINE.sub(lambda m: mathml(m.group(1), "inline", where), html_text)


def on_pre_build(config):
    FORMULAS.start(config)


def on_page_content(html_text, page, config, files):
    return render(html_text, page.file.src_uri)


def on_post_build(config):
    FORMULAS.save()
