"""The practice page's widget ``loss-drill``: name the cause of a training-loss curve.

The curves are the cases of :mod:`gdnotes.diagnosis`, made when the site is
built; the browser only draws them, takes the reader's answer and keeps a
score. Its function, validation, data and static fallback are here; its script
is ``docs/assets/widgets/loss-drill/loss-drill.js`` and its stylesheet
``loss-drill.css`` beside it.

>>> html = loss_drill()
>>> data = config(html)
>>> len(data["cases"]) == len(data["order"]) == 49, [c["key"] for c in data["causes"]][:2]
(True, ['too_small', 'good'])
"""

from __future__ import annotations

import math

import numpy as np
from matplotlib.ticker import LogLocator, NullFormatter

from .. import _validate, diagnosis, figures, tables
from ..figures import COLORS
from ._common import Widget, _html_table, _note, _root, config

__all__ = ["loss_drill", "drill_figure"]

_DIGITS = 2
"""Decimals of each log10 gap in the config: the curve's height to about 2 %, which a picture cannot tell apart."""


def _logs(gaps: np.ndarray) -> list[float]:
    return [round(float(math.log10(g)), _DIGITS) for g in gaps]


def drill_figure(seed: int = 0, slug: str = "loss-drill-examples") -> str:
    """One example curve per cause (:func:`gdnotes.diagnosis.example`), small multiples on a log scale."""
    examples = {cause: diagnosis.example(cause, seed) for cause in diagnosis.CAUSES}
    with figures.figure(4.6, 7.0, ncols=2, nrows=4, sharey=False) as (fig, axes):
        for i, (ax, (cause, case)) in enumerate(zip(axes.flat, examples.items())):
            color = COLORS[i % len(COLORS)]
            # as in the widget, the curve ends where it first reaches the floor (below it is rounding noise)
            at_floor = np.flatnonzero(case.gaps <= diagnosis.FLOOR)
            end = int(at_floor[0]) + 1 if at_floor.size else case.gaps.size
            ax.plot(case.steps[:end], case.gaps[:end], color=color, linewidth=1.5)
            if case.diverged_at >= 0:
                ax.plot(case.steps[end - 1], case.gaps[end - 1], "x", color=color, markersize=7)
            ax.set_yscale("log")
            low, high = np.log10(case.gaps[:end].min()), np.log10(case.gaps[:end].max())
            ax.set_ylim(10.0 ** math.floor(low - 0.1), 10.0 ** math.ceil(high + 0.1))
            ax.set_xlim(0, (diagnosis.POINTS - 1) * case.every)
            ax.yaxis.set_major_locator(LogLocator(numticks=4))
            ax.yaxis.set_minor_formatter(NullFormatter())
            ax.set_title(diagnosis.CAUSES[cause].label, fontsize=9.5)
            ax.tick_params(labelsize=8)
            ax.set_xlabel("step", fontsize=8.5)
        for ax in axes.flat[len(examples):]:
            ax.set_visible(False)
        for ax in axes[:, 0]:
            ax.set_ylabel("loss above bottom", fontsize=8.5)
        words = "; ".join(
            f"{diagnosis.CAUSES[cause].label}: from {tables.number(float(case.gaps[0]), 3)} to {tables.number(float(case.gaps[-1]), 3)} in "
            f"{int(case.steps[-1])} steps" for cause, case in examples.items()
        )
        return figures.svg(
            fig,
            f"{len(examples)} training-loss curves on log scales, one per cause, each the loss above the bottom of its valley "
            f"against the step. {words}.",
            slug,
            max_scale=figures.MAX_SCALE,
        )


def loss_drill(seed: int = 0) -> str:
    """The practice page: a loss curve made by a hidden setting; the reader names the cause.

    Every case of :func:`gdnotes.diagnosis.cases` (``seed``) goes into the
    config: its cause, its setting in words and its gaps as base-10 logarithms
    to two decimals. The rounds visit the cases in an order shuffled once from
    ``seed``. The fallback is a figure of one example curve per cause and a
    table of each cause's tell-tale shape.

    Raises:
        TypeError: ``seed`` is not an integer.
        ValueError: ``seed`` is negative or not below 2**32.
    """
    found = diagnosis.cases(seed)
    keys = list(diagnosis.CAUSES)
    order = np.random.default_rng([_validate.count(seed, "seed"), len(found)]).permutation(len(found))
    data = {
        "causes": [{"key": k, "label": c.label, "name": c.name, "shape": c.shape, "why": c.why} for k, c in diagnosis.CAUSES.items()],
        "cases": [
            {"cause": keys.index(c.cause), "setting": c.setting, "every": c.every, "logs": _logs(c.gaps), "divergedAt": c.diverged_at}
            for c in found
        ],
        "order": [int(i) for i in order],
        "floor": round(math.log10(diagnosis.FLOOR), _DIGITS),
        "points": diagnosis.POINTS,
    }
    table = _html_table(
        ["cause", "what the loss curve does", "why"],
        [[c.label, c.shape[0].upper() + c.shape[1:] + ".", c.why[0].upper() + c.why[1:] + "."] for c in diagnosis.CAUSES.values()],
    )
    note = _note(
        "Each panel is one training run whose cause is known: the loss above the bottom of its valley, on a log scale, "
        "so that a fixed fraction lost per step is a straight line. The table names the shape each cause leaves. With "
        f"JavaScript on, this becomes a drill: it shows one of {len(found)} curves at a time, you name the cause, and it "
        "says whether you were right, why, and which setting made the curve."
    )
    fallback = (
        f"{note}\n<div class=\"gd-fallback-only\">\n{drill_figure(seed)}\n</div>\n"
        f'<div class="gd-fallback-only gd-table-box">\n{table}\n</div>'
    )
    return _root("loss-drill", data, fallback)


WIDGET = Widget(name="loss-drill", function=loss_drill, style=True, summary="Practice: name the cause of a training-loss curve.")
