"""scripts/try_exit.py, the trial of ProperDocs and Zensical (``make try-exit``): what it counts in a page."""

from __future__ import annotations

import importlib.util

from conftest import ROOT

spec = importlib.util.spec_from_file_location("try_exit_under_test", ROOT / "scripts" / "try_exit.py")
try_exit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(try_exit)


def test_it_counts_what_our_hooks_leave_in_a_page_and_what_a_builder_left_undone() -> None:
    ours = '<p>The rate is <math><mn>0.1</mn></math>; <abbr tabindex="0" title="t">gradient</abbr></p><p class="gd-lesson-meta">'
    theirs = '<p>The rate is {{ update.bowl.alpha }}; <span class="arithmatex">\\(x\\)</span> gradient</p>'
    assert try_exit.counts({"a": ours}) == {
        "named values left as {{ ... }}": 0, "formulas as MathML": 1, "formulas left as TeX": 0,
        "glossary tooltips": 1, "lesson headers": 1, "widgets": 0,
    }
    left = try_exit.counts({"a": theirs})
    assert left["named values left as {{ ... }}"] == 1 and left["formulas left as TeX"] == 1 and left["formulas as MathML"] == 0


def test_pages_that_differ_only_in_the_generator_tag_count_as_identical() -> None:
    mkdocs = '<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2"><p>x</p>'
    properdocs = '<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.2"><p>x</p>'
    assert try_exit._normal(mkdocs) == try_exit._normal(properdocs) != try_exit._normal(properdocs.replace("x", "y"))
