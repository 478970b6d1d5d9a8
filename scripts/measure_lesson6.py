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

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gdnotes import basins, implementations  # noqa: E402

OUTPUT = ROOT / "src" / "gdnotes" / "data" / basins.TIMINGS_FILE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learning-rate", type=float, default=0.05, help="gradient-descent learning rate (default 0.05)")
    parser.add_argument("--steps", type=int, default=200, help="steps per start (default 200)")
    parser.add_argument("--resolution", type=int, default=100, help="grid points per axis (default 100: 10,000 starts)")
    parser.add_argument("--repeats", type=int, default=3, help="rounds of the vectorised run; the best is kept (default 3)")
    parser.add_argument("--loop-repeats", type=int, default=1, help="rounds of the looped run (default 1)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default {OUTPUT.relative_to(ROOT)})")
    parser.add_argument("--dry-run", action="store_true", help="print the results without writing them")
    args = parser.parse_args()

    load_before = os.getloadavg()
    result = basins.measure(
        "tilted_himmelblau",
        learning_rate=args.learning_rate,
        resolution=args.resolution,
        steps=args.steps,
        repeats=args.repeats,
        loop_repeats=args.loop_repeats,
    )
    result["machine"] = implementations.machine()
    result["measured_on"] = datetime.date.today().isoformat()
    result["load_average_before"] = [round(x, 2) for x in load_before]
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["command"] = "python scripts/measure_lesson6.py"

    seconds = result["seconds"]
    print(f"{result['starts']:,} starts, {result['steps']} steps, alpha = {result['learning_rate']}")
    print(f"  vectorised (one call):   {seconds['vectorised']:.3f} s")
    print(f"  looped (one per start):  {seconds['looped']:.3f} s   ({seconds['looped'] / seconds['vectorised']:.3g} times slower)")
    print(f"  identical final positions: {result['identical']}")
    print(f"machine: {result['machine']}; load average before: {result['load_average_before']}")
    if not result["identical"]:
        print("the two runs disagree: not writing the data file", file=sys.stderr)
        return 1
    if args.dry_run:
        return 0
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
