r"""Named values and quizzes in a lesson's Markdown.

* ``{{ topic.name }}`` (optionally ``{{ topic.name:spec }}``) is replaced
  by the value ``gdnotes.lessons.topic.values()`` computes, formatted by
  ``gdnotes.lessons.show`` (see that module); inline code included. Code
  fences are left alone, so code that prints ``{{`` is safe. To show the
  syntax itself, write a backslash before it: ``\{{ update.bowl.alpha }}``.
* A fenced block ```` ```quiz KEY ```` holds one multiple-choice question
  written in Markdown (``gdnotes.quiz.from_markdown`` gives the syntax);
  it becomes the quiz's HTML, named values inside it included.

A bad name, spec or quiz fails the build with the page and line. Values
are kept in ``.cache/gdnotes-values``, one JSON file per lesson module and
package fingerprint (``gdsite.fingerprint``), so a warm build computes none
and an edit to the package computes them again.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # for gdsite, the helpers the hooks share
import gdsite  # noqa: E402

from mkdocs.exceptions import PluginError  # noqa: E402

ESCAPED = "\\{{"
from gdnotes.lessons import NAMED_VALUE as NAME  # noqa: E402 (the one pattern the build, the measure and the tests read)


class Values:
    """Each lesson module's values, computed once per package fingerprint."""

    def __init__(self) -> None:
        self.directory: Path | None = None
        self.fingerprint = ""
        self.loaded: dict[str, dict] = {}

    def start(self, config) -> None:
        self.fingerprint = gdsite.fresh_package()
        self.directory = gdsite.cache_dir(config, "gdnotes-values")
        self.loaded = {}

    def table(self, topic: str) -> dict:
        if topic in self.loaded:
            return self.loaded[topic]
        from gdnotes import lessons

        cached = self.directory / f"{topic}-{self.fingerprint[:24]}.json" if self.directory else None
        if cached is not None and cached.is_file():
            table = json.loads(cached.read_text(encoding="utf-8"))
        else:
            table = lessons.values(topic)
            if cached is not None:
                for old in self.directory.glob(f"{topic}-*.json"):
                    old.unlink(missing_ok=True)
                self.directory.mkdir(parents=True, exist_ok=True)
                cached.with_suffix(".tmp").write_text(json.dumps(table, sort_keys=True), encoding="utf-8")
                cached.with_suffix(".tmp").replace(cached)
        self.loaded[topic] = table
        return table

    def substitute(self, text: str, where: str) -> str:
        from gdnotes import lessons

        def one(match: re.Match[str]) -> str:
            topic, path, spec = match.group(1), match.group(2), match.group(3) or ""
            try:
                return lessons.show(lessons.lookup(self.table(topic), path), spec)
            except KeyError as error:
                raise PluginError(f"{where}: {{{{ {topic}.{path} }}}}: {error.args[0]} (gdnotes/lessons/{topic}.py)") from None
            except (ValueError, TypeError) as error:
                raise PluginError(f"{where}: {{{{ {topic}.{path} }}}}: {error}") from None
            except Exception as error:
                raise PluginError(f"{where}: computing gdnotes.lessons.{topic} failed: {type(error).__name__}: {error}") from error

        # a backslash shows the syntax itself: \{{ update.bowl.alpha }} is written out, not filled in
        return NAME.sub(one, text).replace(ESCAPED, "{{")


VALUES = Values()


def _quiz(lines: list[str], key: str, indent: str, where: str) -> str:
    from gdnotes import quiz

    body = "\n".join(line[len(indent):] if line.startswith(indent) else line.lstrip() for line in lines)
    try:
        return indent + quiz.from_markdown(key, body)
    except (ValueError, TypeError) as error:
        raise PluginError(f"{where}: quiz {key!r}: {error}") from None


def render(markdown: str, src_uri: str, first_line: int = 0) -> str:
    """The page's Markdown with every named value and quiz fence filled in.

    ``first_line``: lines of the file before ``markdown`` (its front matter), so errors give the file's line numbers.
    """
    from gdnotes import lessons

    lines = markdown.split("\n")
    try:
        blocks = lessons.fences(lines)
    except lessons.UnclosedFence as error:
        raise PluginError(f"{src_uri}:{first_line + error.line}: this code fence is never closed") from None
    out: list[str] = []
    quizzes: dict[str, int] = {}
    done = 0
    for fence in [*blocks, None]:
        upto = fence.start if fence else len(lines)
        out += [VALUES.substitute(line, f"{src_uri}:{first_line + n + 1}") if "{{" in line else line for n, line in enumerate(lines[done:upto], start=done)]
        if fence is None:
            break
        if fence.language == "quiz":
            key, at = fence.options.strip(), first_line + fence.start + 1
            if key in quizzes:
                raise PluginError(f"{src_uri}:{at}: quiz key {key!r} is used twice on this page (first on line {quizzes[key]})")
            quizzes[key] = at
            body = [VALUES.substitute(text, f"{src_uri}:{at + 1 + n}") for n, text in enumerate(lines[fence.start + 1 : fence.end])]
            out.append(_quiz(body, key, fence.indent, f"{src_uri}:{at}"))
        else:
            out += lines[fence.start : fence.end + 1]
        done = fence.end + 1
    return "\n".join(out)


def on_pre_build(config):
    VALUES.start(config)


def on_page_markdown(markdown, page, config, files):
    if "{{" not in markdown and "```quiz" not in markdown:
        return markdown
    return render(markdown, f"docs/{page.file.src_uri}", gdsite.front_matter_lines(page, markdown))
