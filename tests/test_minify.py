"""The built site ships its own scripts and stylesheets minified; `mkdocs serve` keeps them as written."""

from __future__ import annotations

import gzip
import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ASSETS = ROOT / "docs" / "assets"


def _hooks():
    spec = importlib.util.spec_from_file_location("gdnotes_site_assets_for_test", ROOT / "hooks" / "site_assets.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_built_scripts_and_styles_are_minified(built_site: Path) -> None:
    sources = sorted(p for p in ASSETS.rglob("*") if p.suffix in (".js", ".css"))
    assert len(sources) >= 10
    for source in sources:
        built = (built_site / "assets" / source.relative_to(ASSETS)).read_bytes()
        written = source.read_bytes()
        assert len(built) < 0.9 * len(written), f"{source.name} was not minified"
        assert len(gzip.compress(built)) < len(gzip.compress(written)), source.name
        if source.suffix == ".js":
            assert b"\n//" not in built and b"/*" not in built, f"{source.name} still has comments"


def test_serve_keeps_the_sources_as_written(tmp_path: Path) -> None:
    hooks = _hooks()
    docs, site = tmp_path / "docs", tmp_path / "site"
    text = "// a comment\nconst  answer = 42;  // another\n"
    for folder in (docs, site):
        (folder / "assets").mkdir(parents=True)
        (folder / "assets" / "a.js").write_text(text, encoding="utf-8")
    config = {"docs_dir": str(docs), "site_dir": str(site)}
    hooks.on_startup(command="serve", dirty=False)
    hooks.minify_assets(config)
    assert (site / "assets" / "a.js").read_text(encoding="utf-8") == text
    hooks.on_startup(command="build", dirty=False)
    hooks.minify_assets(config)
    assert (site / "assets" / "a.js").read_text(encoding="utf-8") == "const answer=42;\n"
