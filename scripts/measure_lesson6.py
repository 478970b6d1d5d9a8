"""Measure lesson 6's timing and save it where the lesson reads it.

    .venv/bin/python scripts/measure_lesson6.py            (rewrites the data file)
    .venv/bin/python scripts/measure_lesson6.py --dry-run  (prints, writes nothing)

Runs plain gradient descent from every start of a 100 x 100 grid over the
tilted Himmelblau surface (10,000 starts, 200 steps each, alpha = 0.05), once
with all starts in one call of gdnotes.descent.run (best of 3 rounds) and once
with a Python loop that runs one start at a time (1 round: it is slow),
checks that both give identical final positions, and writes
src/gdnotes/data/lesson6_timings.json with the date and the machine.
Lesson 6 reads that committed file, so the site builds the same bytes every
time; run this script again (on a quiet machine) to refresh the numbers, and
commit the file.
"""

from __future__ import annotations

import os
import sys

from _measure import ROOT, parser, save, stamp

from gdnotes import basins, implementations

OUTPUT = ROOT / "src" / "gdnotes" / "data" / basins.TIMINGS_FILE


def main() -> int:
    arguments = parser(__doc__, OUTPUT)
    arguments.add_argument("--learning-rate", type=float, default=0.05, help="gradient-descent learning rate (default 0.05)")
    arguments.add_argument("--steps", type=int, default=200, help="steps per start (default 200)")
    arguments.add_argument("--resolution", type=int, default=100, help="grid points per axis (default 100: 10,000 starts)")
    arguments.add_argument("--repeats", type=int, default=3, help="rounds of the vectorised run; the best is kept (default 3)")
    arguments.add_argument("--loop-repeats", type=int, default=1, help="rounds of the looped run (default 1)")
    args = arguments.parse_args()

    load_before = os.getloadavg()
    result = basins.measure(
        "tilted_himmelblau",
        learning_rate=args.learning_rate,
        resolution=args.resolution,
        steps=args.steps,
        repeats=args.repeats,
        loop_repeats=args.loop_repeats,
    )
    stamp(result, "python scripts/measure_lesson6.py", load_before, implementations.machine())

    seconds = result["seconds"]
    print(f"{result['starts']:,} starts, {result['steps']} steps, alpha = {result['learning_rate']}")
    print(f"  vectorised (one call):   {seconds['vectorised']:.3f} s")
    print(f"  looped (one per start):  {seconds['looped']:.3f} s   ({seconds['looped'] / seconds['vectorised']:.3g} times slower)")
    print(f"  identical final positions: {result['identical']}")
    if not result["identical"]:
        print("the two runs disagree: not writing the data file", file=sys.stderr)
        return 1
    return save(result, args)


if __name__ == "__main__":
    raise SystemExit(main())
