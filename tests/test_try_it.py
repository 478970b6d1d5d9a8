"""The try-it code cell of lesson 4 (gdnotes.widgets.try_it) and its Python runtime.

Here: the fallback shows the snippet and exactly what running it prints; a
snippet that raises fails (so a page with one does not build); bad arguments
fail naming the argument; the fetch script's pin and checks; and the built
site carries the runtime at assets/pyodide/. The browser side is in
test_widgets_try_it.py.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import importlib.util
import io
import json
import re
from pathlib import Path

import pytest
from conftest import ROOT

from gdnotes import theory, widgets

SCRIPT = ROOT / "scripts" / "fetch_pyodide.py"


def fetcher():
    spec = importlib.util.spec_from_file_location("fetch_pyodide_under_test", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def printed_by(code: str) -> str:
    """Run ``code`` here, independently of the package, and return what it printed."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<test>", "exec"), {"__name__": "__main__"})  # noqa: S102 - the lesson's snippet
    return out.getvalue()


def fallback_output(page: str) -> str:
    match = re.search(r'<div class="highlight gd-tryit-output[^"]*">.*?<code>(.*?)</code>', page, re.S)
    assert match, "the fallback has no output block"
    return html.unescape(match.group(1))


def fallback_code(page: str) -> str:
    match = re.search(r'<div class="highlight gd-tryit-code">.*?<code>(.*?)</code>', page, re.S)
    assert match, "the fallback has no code block"
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))


def test_default_snippet_output_is_what_running_it_prints() -> None:
    page = widgets.try_it()
    expected = printed_by(widgets.TRY_IT_CODE)
    assert fallback_output(page) == expected
    assert fallback_code(page) == widgets.TRY_IT_CODE
    config = widgets.config(page)
    assert config["output"] == expected and config["code"] == widgets.TRY_IT_CODE
    assert config["timeLimit"] == 10.0
    assert 'data-gd-widget="try-it"' in page and "try-it" in widgets.NAMES and "try_it" in widgets.__all__


def test_default_snippet_finds_the_theory_rate() -> None:
    """The bisection lands within 1e-6 of the closed form for 25 steps from 5 with tolerance 1e-3."""
    last = printed_by(widgets.TRY_IT_CODE).strip().splitlines()[-1]
    found = float(last.rsplit(":", 1)[1])
    assert found == pytest.approx(theory.largest_rate_for_tolerance(5, 25, 1e-3), abs=1e-6)


def test_another_snippet_gets_its_own_output_and_stderr_is_kept() -> None:
    code = "import sys\nfor k in range(3):\n    print(k * k)\nprint('note', file=sys.stderr)"
    page = widgets.try_it(code, time_limit=5)
    assert fallback_output(page) == "0\n1\n4\nnote\n"
    assert widgets.config(page)["code"] == code + "\n"
    assert widgets.config(page)["timeLimit"] == 5.0


def test_each_run_starts_from_a_fresh_namespace() -> None:
    code = "print('counter' in globals())\ncounter = 1"
    assert widgets.run_snippet(code) == widgets.run_snippet(code) == "False\n"


def test_markup_in_the_output_is_escaped() -> None:
    page = widgets.try_it("print('<b>bold</b> & co')")
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in page and "<b>bold</b>" not in page


def test_nothing_printed_is_said() -> None:
    assert "(nothing printed)" in widgets.try_it("x = 1")


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("print(1 / 0)", "ZeroDivisionError"),
        ("def f(:\n    pass", "SyntaxError"),
        ("raise SystemExit(3)", "SystemExit"),
        ("input()", "EOFError"),
    ],
)
def test_a_snippet_that_raises_fails_the_build(code: str, kind: str) -> None:
    with pytest.raises(RuntimeError, match=kind) as caught:
        widgets.try_it(code)
    assert "Traceback" not in str(caught.value)


def test_a_clean_exit_is_not_a_failure() -> None:
    assert widgets.run_snippet("print('bye')\nraise SystemExit") == "bye\n"


@pytest.mark.parametrize(
    ("call", "error", "words"),
    [
        (lambda: widgets.try_it(code=3), TypeError, "code"),
        (lambda: widgets.try_it(code=b"print(1)"), TypeError, "code"),
        (lambda: widgets.try_it(code="   \n"), ValueError, "code"),
        (lambda: widgets.try_it(code="pass\n" * 250), ValueError, "code"),
        (lambda: widgets.try_it(time_limit=0), ValueError, "time_limit"),
        (lambda: widgets.try_it(time_limit=500), ValueError, "time_limit"),
        (lambda: widgets.try_it(time_limit="10"), TypeError, "time_limit"),
        (lambda: widgets.try_it(time_limit=float("nan")), ValueError, "time_limit"),
        (lambda: widgets.try_it(label=""), ValueError, "label"),
        (lambda: widgets.try_it(label=None), TypeError, "label"),
        (lambda: widgets.run_snippet(None), TypeError, "code"),
    ],
)
def test_bad_arguments_fail_clearly(call, error: type, words: str) -> None:
    with pytest.raises(error, match=re.escape(words)):
        call()


# ------------------------------------------------------------------ the runtime


def test_fetch_script_checks_what_it_extracted(tmp_path: Path) -> None:
    module = fetcher()
    assert module.VERSION == "314.0.7"
    assert module.INTEGRITY.startswith("sha512-") and len(module.INTEGRITY) == 7 + 88
    assert "missing" in module.problem(tmp_path)
    for name in module.FILES:
        (tmp_path / name).write_bytes(name.encode())
    entries = {name: {"bytes": len(name), "sha256": hashlib.sha256(name.encode()).hexdigest()} for name in module.FILES}
    manifest = {"version": module.VERSION, "integrity": module.INTEGRITY, "files": entries}
    (tmp_path / module.MANIFEST).write_text(json.dumps(manifest))
    assert module.problem(tmp_path) is None
    (tmp_path / "pyodide.asm.wasm").write_bytes(b"pyodide.asm.wasX")
    assert "pyodide.asm.wasm differs" in module.problem(tmp_path)
    manifest["version"] = "0.1"
    (tmp_path / module.MANIFEST).write_text(json.dumps(manifest))
    assert "not 314.0.7" in module.problem(tmp_path)


def test_fetch_script_refuses_a_tarball_that_fails_its_integrity(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    module = fetcher()
    monkeypatch.setattr(module.shutil, "which", lambda name: None)
    monkeypatch.setattr(module, "_tarball_with_urllib", lambda: b"not the pyodide tarball")
    with pytest.raises(RuntimeError, match="failed its integrity check"):
        module.fetch(tmp_path / "runtime")
    assert not (tmp_path / "runtime").exists(), "nothing may be extracted from an unverified tarball"


def test_the_built_site_serves_the_runtime(built_site: Path) -> None:
    """`make test` must build with the runtime: the cell would otherwise only say Python is missing."""
    module = fetcher()
    served = built_site / "assets" / "pyodide"
    reason = module.problem(served)
    assert reason is None, f"{reason}: run `python3 scripts/fetch_pyodide.py` (make does) before building"
    assert sorted(p.name for p in served.iterdir()) == sorted([*module.FILES, module.MANIFEST])
    page = (built_site / "lessons" / "04-learning-rate" / "index.html").read_text(encoding="utf-8")
    assert page.count('data-gd-widget="try-it"') == 1
    assert "pyodide" not in page.lower(), "the lesson page itself must not load or name the runtime"
    sizes = {name: (served / name).stat().st_size for name in module.FILES}
    print(f"assets/pyodide: {sum(sizes.values())} bytes {sizes}")
