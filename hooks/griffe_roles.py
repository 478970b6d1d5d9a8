"""Griffe extension: Sphinx cross-reference roles in gdnotes docstrings become links.

The package's docstrings name other objects the Sphinx way, for example
``:func:`gdnotes.descent.run``` or ``:data:`DIVERGED```, which reads well in
``help()``. mkdocstrings does not understand these roles, so on the API pages
they would show up literally. When griffe has loaded the package this
extension rewrites each role into an autorefs link, resolving the name the
way Sphinx does: as written, then relative to the documented object's module
(and its package for a leading dot), then inside ``gdnotes``. A leading ``~``
shows only the last part of the name; ``:math:`x``` becomes ``$x$``, which
the site's math hook renders. Doctest examples are fenced as ``pycon`` code so
that they render as code, not as Markdown. A name that resolves to nothing stays
plain code rather than becoming a broken link.
"""

from __future__ import annotations

import re

import griffe

_ROLE = re.compile(r":(?:func|class|meth|attr|data|mod|obj|exc):`(~?)([\w.]+)`")
_MATH = re.compile(r":math:`([^`]+)`")


def _fence_doctests(text: str) -> str:
    """Wrap each run of doctest lines (``>>>`` and its output, up to a blank line) in a pycon fence."""
    out: list[str] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith(">>>"):
            indent = line[: len(line) - len(line.lstrip())]
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i])
                i += 1
            out += [f"{indent}```pycon", *block, f"{indent}```"]
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _module_of(obj: griffe.Object) -> griffe.Module:
    while not obj.is_module:
        obj = obj.parent
    return obj


def _exists(package: griffe.Module, path: str) -> bool:
    if path == package.path:
        return True
    if not path.startswith(package.path + "."):
        return False
    try:
        target = package[path[len(package.path) + 1 :]]
    except (KeyError, ValueError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return False
    if target.canonical_path != path:
        return False  # an imported name: link to where it is defined instead
    # mkdocstrings only renders members that have a docstring: no anchor otherwise
    return not target.name.startswith("_") and (target.is_module or target.docstring is not None)


def _resolve(package: griffe.Module, obj: griffe.Object, name: str) -> str | None:
    module = _module_of(obj)
    candidates = []
    if name.startswith("."):
        candidates.append((module.parent.path if module.parent else module.path) + name)
    else:
        candidates += [name, f"{module.path}.{name}", f"{package.path}.{name}"]
        if obj.is_class:
            candidates.insert(0, f"{obj.path}.{name}")
        elif obj.parent is not None and obj.parent.is_class:
            candidates.insert(0, f"{obj.parent.path}.{name}")
    return next((path for path in candidates if _exists(package, path)), None)


class SphinxRoles(griffe.Extension):
    """Rewrite ``:role:`name``` in every docstring of the package into an autorefs link."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: object) -> None:
        self._walk(pkg, pkg)

    def _walk(self, package: griffe.Module, obj: griffe.Object) -> None:
        if obj.docstring is not None:
            def link(match: re.Match[str]) -> str:
                short, name = match.groups()
                shown = name.rsplit(".", 1)[-1] if short else name.lstrip(".")
                path = _resolve(package, obj, name)
                return f"[`{shown}`][{path}]" if path else f"`{shown}`"

            text = _ROLE.sub(link, obj.docstring.value)
            obj.docstring.value = _fence_doctests(_MATH.sub(r"$\1$", text))
        for member in obj.members.values():
            if not member.is_alias:
                self._walk(package, member)
