"""Write the visible text of every page of a built site, one text file a page.

    python scripts/site_text.py site OUT      # OUT/lessons/03-update-rule.txt, ...
    diff -ru BEFORE OUT                       # what a reader would see change

Only the page's article is kept (no navigation, header or footer), with
scripts, styles and SVG drawing code left out and white space collapsed,
one block element a line, so a diff of two builds shows what a reader
would read differently.
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

SKIP = {"script", "style", "template", "noscript"}
BLOCK = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "div", "pre", "figcaption", "summary", "legend", "dt", "dd", "title", "label", "br"}


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skip = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if tag in SKIP:
            self.skip += 1
        if tag in BLOCK or tag == "td" or tag == "th":
            self.parts.append("\n" if tag not in {"td", "th"} else " | ")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        if tag in SKIP and self.skip:
            self.skip -= 1
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if self.depth > 0 and not self.skip:
            self.parts.append(data.replace("\n", " "))


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line) + "\n"


def main(site: Path, out: Path) -> int:
    count = 0
    for page in sorted(site.rglob("index.html")):
        relative = page.parent.relative_to(site)
        if relative.parts[:1] in {("assets",), ("search",)}:
            continue
        target = out / (str(relative) if str(relative) != "." else "home")
        target = target.with_suffix(".txt") if target.suffix else Path(str(target) + ".txt")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page_text(page.read_text(encoding="utf-8")), encoding="utf-8")
        count += 1
    print(f"{count} pages -> {out}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
