"""Slim the notebook pages that mkdocs-jupyter renders, and add a download link.

nbconvert inlines JupyterLab's whole stylesheet (about 570 KB), a MathJax
configuration and a module script that imports mermaid from a CDN. Our
notebooks need none of it: the site's own ``assets/notebook.css`` styles
the cells, and no page may refer to another host.
"""

from __future__ import annotations

import re

# each matches up to the first closing tag (a lazy ``.*?``, which is fast on nbconvert's 570 KB of CSS)
MODULE_SCRIPT = re.compile(r'<script type="module">.*?</script>', re.S)
NOTEBOOK_STYLE = re.compile(r"<style[^>]*>\s*(?:@charset|\.jupyter-wrapper|\[|\.jp-Mermaid).*?</style>", re.S)
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


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
        return slim(output, page.file.name + ".ipynb")
    return output
