"""The home page: its figure of a descent on the bowl, and the values its prose names as ``{{ home.* }}``."""

from __future__ import annotations

from .. import descent, figures, surfaces, tables, theory, widgets

START = (-3.5, 2.5)
RATE = 0.1
STEPS = 15


def _point(p) -> str:
    return "(" + ", ".join(tables.number(round(float(v), 2)) for v in p) + ")"


def figure() -> str:
    """The home page's contour map of $L = w_1^2 + 3 w_2^2$ with a descent path on it, as inline SVG."""
    bowl = surfaces.get("bowl2d")
    path = descent.gradient_descent_path(bowl, RATE, START, STEPS).trajectory()
    with figures.figure(4.8, 3.1) as (fig, ax):
        ax.contour(*bowl.grid(61), levels=[0.5, 2, 5, 10, 18, 28, 40], colors=figures.FAINT, linewidths=0.8)
        ax.plot(*path.T, "o-", color=figures.COLORS[1], markersize=3.5, linewidth=1.6)
        ax.plot(*bowl.minima[0], "*", color=figures.COLORS[0], markersize=11)
        ax.set(xlabel="$w_1$", ylabel="$w_2$", aspect="equal")
    loss = str(bowl.expression).replace("**2", "²").replace("*", "").translate(str.maketrans("12", "₁₂"))
    alt = (
        f"Contour map of the loss L = {loss}, a bowl whose lowest point is {_point(bowl.minima[0])}. "
        f"A path of {STEPS} gradient-descent steps with learning rate {RATE} starts at {_point(START)}, drops quickly across "
        f"the steep w₂ direction, then runs along w₁ and ends near the bottom, at {_point(path[-1])}."
    )
    caption = (
        f"{STEPS} steps of gradient descent on the bowl L = {loss}, from {_point(START)} with α = {RATE}. "
        "Nobody told the algorithm where the bottom is: it only felt the slope at each point."
    )
    return figures.svg(fig, alt, "home-descent", caption)


def marble_rates() -> dict:
    """The rates the prose under the home page's marble names, from the bowl's steepest curvature.

    Above ``zigzag`` (one over the steepest curvature) a step overshoots the
    bottom of the steep direction; above ``limit`` (two over it,
    :func:`gdnotes.theory.largest_stable_rate`) each overshoot is larger than
    the last and the run diverges.

    >>> marble_rates()
    {'zigzag': 0.16666666666666666, 'limit': 0.3333333333333333}
    """
    curvatures = [mode["curvature"] for mode in widgets.marble_modes("bowl2d")]
    return {"zigzag": 1.0 / max(curvatures), "limit": theory.largest_stable_rate(curvatures)}


def values() -> dict:
    return {"start": list(START), "rate": RATE, "steps": STEPS, "marble": marble_rates()}
