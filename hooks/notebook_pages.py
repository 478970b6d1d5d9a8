"""Slim the notebook pages that mkdocs-jupyter renders, give them MathML, and add a download link.

nbconvert inlines JupyterLab's whole stylesheet (about 570 KB), a MathJax
configuration and a module script that imports mermaid from a CDN. Our
notebooks need none of it: the site's own ``assets/notebook.css`` styles
the cells, and no page may refer to another host.

Without MathJax the ``$...$`` and ``$$...$$`` of the notebooks' Markdown
(cells, and Markdown that code cells display) would stay raw TeX, so
``math`` turns them into MathML with the converter the lessons use
(``hooks/mathml.py``, math-core): the same markup, no script.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))  # for mathml, the lessons' converter
import mathml as lesson_math  # noqa: E402

# each matches up to the first closing tag (a lazy ``.*?``, which is fast on nbconvert's 570 KB of CSS)
MODULE_SCRIPT = re.compile(r'<script type="module">.*?</script>', re.S)
NOTEBOOK_STYLE = re.compile(r"<style[^>]*>\s*(?:@charset|\.jupyter-wrapper|\[|\.jp-Mermaid).*?</style>", re.S)
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


# rendered Markdown: a Markdown cell's body, or a displayed Markdown output (no nested div in either)
RENDERED_MARKDOWN = re.compile(r'(<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown[^"]*"[^>]*>)(.*?)(</div>)', re.S)
# a heading's entry in the page's table of contents (Material's sidebar)
TOC_ENTRY = re.compile(r'(<span class="md-ellipsis">)([^<]*?\$[^<]*?)(</span>)', re.S)
# code keeps its dollars: <pre> blocks and <code> spans are copied as they are
VERBATIM = re.compile(r"(<pre[ >].*?</pre>|<code[ >].*?</code>)", re.S)
DISPLAY_TEX = re.compile(r"\$\$(.+?)\$\$", re.S)
INLINE_TEX = re.compile(r"(?<![\\$])\$(?!\s)([^$]+?)(?<![\s\\])\$(?!\$)")


def _prose_math(text: str, where: str) -> str:
    text = DISPLAY_TEX.sub(lambda m: f'<span class="gd-math">{lesson_math.mathml(m.group(1), "block", where)}</span>', text)
    return INLINE_TEX.sub(lambda m: lesson_math.mathml(m.group(1), "inline", where), text)


def math(output: str, where: str) -> str:
    """The TeX of a notebook page's rendered Markdown and its contents entries as MathML (code left alone).

    >>> "<math" in math('<div class="jp-RenderedHTMLCommon jp-RenderedMarkdown"><p>$\\alpha$</p></div>', "x")
    True
    """

    def body(match: re.Match) -> str:
        parts = VERBATIM.split(match.group(2))
        parts[::2] = [_prose_math(part, where) for part in parts[::2]]
        return match.group(1) + "".join(parts) + match.group(3)

    output = RENDERED_MARKDOWN.sub(body, output)
    return TOC_ENTRY.sub(lambda m: m.group(1) + _prose_math(m.group(2), where) + m.group(3), output)


def slim(output: str, notebook_name: str) -> str:
    """A rendered notebook page without nbconvert's extras, with a download link under its title."""
    output = MODULE_SCRIPT.sub(lambda m: "" if "https://" in m.group(0) else m.group(0), output)
    output = NOTEBOOK_STYLE.sub("", output)
    output = MATHJAX.sub("", output)
    link = (
        f'<p class="gd-lesson-meta gd-notebook-download"><a href="{notebook_name}" download>Download this notebook ({notebook_name})</a>'
        " · it runs in Jupyter with the <code>gdnotes</code> package installed (<code>pip install -e .</code> in a clone of the course).</p>"
    )
    return re.sub(r"(<h1[^>]*>.*?</h1>)", lambda m: m.group(1) + link, output, count=1, flags=re.S)


def on_post_page(output, page, config):
    if page.file.src_uri.endswith(".ipynb"):
        return slim(math(output, page.file.src_uri), page.file.name + ".ipynb")
    return output
