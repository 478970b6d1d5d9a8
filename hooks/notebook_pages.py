"""Slim the notebook pages that mkdocs-jupyter renders, and add a download link.

nbconvert inlines JupyterLab's whole stylesheet (about 570 KB), a MathJax
configuration and a module script that imports mermaid from a CDN. Our
notebooks need none of it: the site's own ``assets/notebook.css`` styles
the cells, and no page may refer to another host.
"""

from __future__ import annotations

import re

REMOTE_MODULE = re.compile(r'<script type="module">(?:(?!</script>).)*?https://(?:(?!</script>).)*?</script>', re.S)
NOTEBOOK_STYLE = re.compile(r"<style[^>]*>\s*(?:@charset|\.jupyter-wrapper|\[|\.jp-Mermaid)(?:(?!</style>).)*</style>", re.S)
MATHJAX = re.compile(r"<!-- Load mathjax -->.*?<!-- End of mathjax configuration -->", re.S)


def slim(output: str, notebook_name: str) -> str:
    """A rendered notebook page without nbconvert's extras, with a download link under its title."""
    output = REMOTE_MODULE.sub("", output)
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
