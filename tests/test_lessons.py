"""Named values: gdnotes.lessons (lookup, formatting, every topic) and every name the pages use."""

from __future__ import annotations

import json
import math

import pytest
from conftest import ROOT

from gdnotes import lessons

NAME = lessons.NAMED_VALUE


def _page_names() -> list[tuple[str, int, str, str, str]]:
    found = []
    for page in sorted((ROOT / "docs").rglob("*.md")):
        for number, line in enumerate(page.read_text(encoding="utf-8").split("\n"), start=1):
            for m in NAME.finditer(line):
                found.append((str(page.relative_to(ROOT)), number, m.group(1), m.group(2), m.group(3) or ""))
    return found


@pytest.fixture(scope="module")
def tables() -> dict[str, dict]:
    return {topic: lessons.values(topic) for topic in lessons.topics()}


def test_every_name_on_every_page_exists_and_shows(tables: dict[str, dict]) -> None:
    names = _page_names()
    assert len(names) > 50
    for page, line, topic, path, spec in names:
        assert topic in tables, f"{page}:{line}: no lesson module {topic!r}"
        shown = lessons.show(lessons.lookup(tables[topic], path), spec)
        assert shown and "nan" not in shown.lower(), f"{page}:{line}: {topic}.{path} shows {shown!r}"


def test_every_topic_gives_plain_finite_json(tables: dict[str, dict]) -> None:
    def numbers(value):
        if isinstance(value, dict):
            for v in value.values():
                yield from numbers(v)
        elif isinstance(value, list):
            for v in value:
                yield from numbers(v)
        elif isinstance(value, float):
            yield value

    for topic, table in tables.items():
        assert json.loads(json.dumps(table)) == table, topic
        assert all(math.isfinite(x) for x in numbers(table)), f"{topic} computes a NaN or infinite value"


def test_show_formats_as_the_tables_do() -> None:
    assert lessons.show(0.30000000000000004) == "0.3"
    assert lessons.show(-1.5) == "−1.5"
    assert lessons.show(3.14159, "3") == "3.14"
    assert lessons.show(0.9, ".0%") == "90%"
    assert lessons.show(12345) == "12,345"
    assert lessons.show("a text") == "a text"


@pytest.mark.parametrize(
    ("value", "spec", "message"),
    [
        (float("nan"), "", "NaN or infinity"),
        (float("inf"), ".2f", "NaN or infinity"),
        ("text", ".2f", "takes no format spec"),
        ([1, 2], "", "list or dict"),
        (1.5, "d", "does not fit"),
    ],
)
def test_show_refuses_what_a_sentence_cannot_hold(value, spec, message) -> None:
    with pytest.raises(ValueError, match=message):
        lessons.show(value, spec)


def test_lookup_names_what_is_there() -> None:
    table = {"bowl": {"path": [4.0, 3.2], "alpha": 0.1}}
    assert lessons.lookup(table, "bowl.path.1") == 3.2
    with pytest.raises(KeyError, match="no value 'alfa' under bowl; there is alpha, path"):
        lessons.lookup(table, "bowl.alfa")
    with pytest.raises(KeyError, match="list of 2"):
        lessons.lookup(table, "bowl.path.5")
    with pytest.raises(KeyError, match="single value"):
        lessons.lookup(table, "bowl.alpha.x")


def test_values_refuses_unknown_topics() -> None:
    with pytest.raises(ValueError, match="no lesson module 'nope'"):
        lessons.values("nope")
    with pytest.raises(TypeError, match="topic must be a string"):
        lessons.values(3)


def test_plain_refuses_objects() -> None:
    with pytest.raises(TypeError, match="must be a number, string, list or dict"):
        lessons.plain({"a": object()})


def test_bibliography_reads_the_elevation_model(tables: dict[str, dict]) -> None:
    dem = tables["bibliography"]["dem"]
    assert dem["rows"] > 100 and dem["cols"] > 100
    assert dem["south"] < dem["north"] and dem["east"] < dem["west"]


def test_pages_stay_prose_first() -> None:
    """Issue 10's targets: lessons and practice at most 20 % code, no block over 12 lines, no prose printed from Python."""
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import measure_pages

    rows = [measure_pages.measure(p) for p in sorted((ROOT / "docs").rglob("*.md"))]
    for row in rows:
        if measure_pages.targeted(row):
            assert row["code_share"] <= measure_pages.TARGET_SHARE, f"{row['page']}: {row['code_share']:.0%} of its lines are executed code"
            assert row["longest_block"] <= measure_pages.TARGET_BLOCK, f"{row['page']}: a {row['longest_block']}-line executed block"
    assert sum(r["generated_sentences"] for r in rows) <= measure_pages.TARGET_SENTENCES


def test_the_page_measure_counts_prose_printed_from_python() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    import measure_pages

    page = '```python exec="on"\nprint(f"The run stops after {n} steps. It is done.")\n```\n\n```python exec="on" source="above"\nprint("same seed, same path here")\n```\n'
    found, quizzes, lines = measure_pages.blocks(page)
    assert [shown for _, shown in found] == [False, True] and lines == 8
    assert measure_pages.prose_sentences("\n".join(found[0][0])) == 2
