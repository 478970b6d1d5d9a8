"""Measure lesson 5's timings and save them where the lesson reads them.

    .venv/bin/python scripts/measure_lesson5.py            (rewrites the data file)
    .venv/bin/python scripts/measure_lesson5.py --dry-run  (prints, writes nothing)

Times one full run (25 steps) of the plain-Python loop and of the NumPy
version of gradient descent for 1 to 100,000 parameters, best of 5 rounds,
and writes src/gdnotes/data/lesson5_timings.json with the date and the
machine. Lesson 5 draws its figure and table from that committed file, so
the site builds the same bytes every time; run this script again (on a quiet
machine) to refresh the numbers, and commit the file.
"""

from __future__ import annotations

import os

from _measure import ROOT, parser, save, stamp

from gdnotes import implementations

OUTPUT = ROOT / "src" / "gdnotes" / "data" / implementations.TIMINGS_FILE


def main() -> int:
    arguments = parser(__doc__, OUTPUT)
    arguments.add_argument("--steps", type=int, default=25, help="gradient-descent steps per run (default 25)")
    arguments.add_argument("--repeats", type=int, default=5, help="rounds per measurement; the best is kept (default 5)")
    arguments.add_argument("--sizes", type=int, nargs="+", default=list(implementations.SIZES), help="numbers of parameters")
    args = arguments.parse_args()

    load_before = os.getloadavg()
    result = implementations.measure(args.sizes, steps=args.steps, repeats=args.repeats)
    stamp(result, "python scripts/measure_lesson5.py", load_before, result["machine"])

    print(f"{'parameters':>10}  {'plain Python':>12}  {'NumPy':>9}  {'ratio':>6}")
    for n, py, vec in zip(result["sizes"], result["seconds"]["python"], result["seconds"]["numpy"]):
        print(f"{n:>10,}  {implementations.format_seconds(py):>12}  {implementations.format_seconds(vec):>9}  {py / vec:>6.3g}")
    return save(result, args)


if __name__ == "__main__":
    raise SystemExit(main())
