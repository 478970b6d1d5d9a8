"""MkDocs hooks for gdnotes.

* Math: ``pymdownx.arithmatex`` marks up ``$...$`` and ``$$...$$``; this hook
  turns each into MathML at build time with latex2mathml. Browsers render
  MathML natively, so pages need no math script, font or CDN.
* Lesson header: a page whose front matter has ``lesson: N`` gets a line
  under its title with the lesson number, an estimated reading time and a
  link to its companion notebook (front matter ``notebook: path``).
"""

from __future__ import annotations

import html
import math
import re

from latex2mathml.converter import convert
from mkdocs.exceptions import PluginError

WORDS_PER_MINUTE = 200

_INLINE = re.compile(r'<span class="arithmatex">\\\((.*?)\\\)</span>', re.S)
_DISPLAY = re.compile(r'<div class="arithmatex">\\\[(.*?)\\\]</div>', re.S)
_FENCE = re.compile(r"^(```|~~~).*?^\1", re.S | re.M)


def _mathml(latex: str, display: str, page) -> str:
    source = html.unescape(latex).strip()
    try:
        return convert(source, display=display)
    except Exception as error:  # latex2mathml raises many types
        raise PluginError(f"{page.file.src_uri}: cannot render math {source!r}: {error}") from error


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page's prose (code fences excluded), at least 1."""
    prose = _FENCE.sub(" ", markdown)
    return max(1, math.ceil(len(re.findall(r"\w+", prose)) / WORDS_PER_MINUTE))


_ABBR = re.compile(r'<abbr title="[^"]*">(.*?)</abbr>', re.S)
_NO_TOOLTIP = re.compile(r'<(h[1-6]|summary|a|figcaption|legend|label)\b[^>]*>.*?</\1>|<p class="admonition-title">.*?</p>', re.S)
_SECTION = re.compile(r"(?=<h2\b)")
TOOLTIP_FREE_PAGES = {"reference/glossary.md", "reference/bibliography.md"}


def glossary_tooltips(html_text: str, page) -> str:
    """Keep a glossary tooltip only on the first use of a term in each section.

    ``abbr`` (fed by includes/abbreviations.md) marks every occurrence; a
    tooltip in a heading, a link, a summary or on every repeat is noise, and
    the glossary and bibliography pages need none.
    """
    if page.file.src_uri in TOOLTIP_FREE_PAGES:
        return _ABBR.sub(r"\1", html_text)
    html_text = _NO_TOOLTIP.sub(lambda m: _ABBR.sub(r"\1", m.group(0)), html_text)

    def first_per_section(section: str) -> str:
        seen: set[str] = set()

        def keep(match: re.Match[str]) -> str:
            term = match.group(1).lower()
            if term in seen:
                return match.group(1)
            seen.add(term)
            return match.group(0)

        return _ABBR.sub(keep, section)

    return "".join(first_per_section(part) for part in _SECTION.split(html_text))


def on_page_content(html_text, page, config, files):
    html_text = glossary_tooltips(html_text, page)
    html_text = _DISPLAY.sub(lambda m: f'<div class="gd-math">{_mathml(m.group(1), "block", page)}</div>', html_text)
    html_text = _INLINE.sub(lambda m: _mathml(m.group(1), "inline", page), html_text)
    lesson = page.meta.get("lesson")
    if lesson is None:
        return html_text
    parts = [f"<span>Lesson {int(lesson)}</span>", f"<span>About {reading_minutes(page.markdown or '')} min read</span>"]
    notebook = page.meta.get("notebook")
    if notebook:
        target = files.get_file_from_path(notebook)
        if target is None:
            raise PluginError(f"{page.file.src_uri}: notebook {notebook!r} is not in docs/")
        view = target.url_relative_to(page.file)
        download = view.rstrip("/") + "/" + target.name + ".ipynb" if not view.endswith(".ipynb") else view
        parts.append(f'<span>Companion notebook: <a href="{view}">read</a> · <a href="{download}" download>download .ipynb</a></span>')
    meta = '<p class="gd-lesson-meta">' + " · ".join(parts) + "</p>"
    if "</h1>" in html_text:
        return html_text.replace("</h1>", "</h1>\n" + meta, 1)
    return meta + html_text


_REMOTE_MODULE = re.compile(r'<script type="module">(?:(?!</script>).)*?https://(?:(?!</script>).)*?</script>', re.S)
_NOTEBOOK_STYLE = re.compile(r"<style[^>]*>\s*(?:@charset|\.jupyter-wrapper|\[|\.jp-Mermaid)(?:(?!</style>).)*</style>", re.S)
_MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


def on_post_page(output, page, config):
    """Slim the notebook pages that mkdocs-jupyter renders.

    nbconvert inlines JupyterLab's whole stylesheet (about 570 KB), a MathJax
    configuration and a module script that imports mermaid from a CDN. Our
    notebooks need none of it: the site's own ``assets/notebook.css`` styles
    the cells, and no page may refer to another host.
    """
    if page.file.src_uri.endswith(".ipynb"):
        output = _REMOTE_MODULE.sub("", output)
        output = _NOTEBOOK_STYLE.sub("", output)
        output = _MATHJAX.sub("", output)
        name = page.file.name + ".ipynb"
        link = (
            f'<p class="gd-lesson-meta gd-notebook-download"><a href="{name}" download>Download this notebook ({name})</a>'
            " · it runs in Jupyter with the <code>gdnotes</code> package installed (<code>pip install -e .</code> in a clone of the course).</p>"
        )
        output = re.sub(r"(<h1[^>]*>.*?</h1>)", lambda m: m.group(1) + link, output, count=1, flags=re.S)
    return output
