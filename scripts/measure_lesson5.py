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

import argparse
import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gdnotes import implementations  # noqa: E402

OUTPUT = ROOT / "src" / "gdnotes" / "data" / implementations.TIMINGS_FILE


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=25, help="gradient-descent steps per run (default 25)")
    parser.add_argument("--repeats", type=int, default=5, help="rounds per measurement; the best is kept (default 5)")
    parser.add_argument("--sizes", type=int, nargs="+", default=list(implementations.SIZES), help="numbers of parameters")
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"where to write (default {OUTPUT.relative_to(ROOT)})")
    parser.add_argument("--dry-run", action="store_true", help="print the results without writing them")
    args = parser.parse_args()

    load_before = os.getloadavg()
    result = implementations.measure(args.sizes, steps=args.steps, repeats=args.repeats)
    result["measured_on"] = datetime.date.today().isoformat()
    result["load_average_before"] = [round(x, 2) for x in load_before]
    result["command"] = "python scripts/measure_lesson5.py"

    print(f"{'parameters':>10}  {'plain Python':>12}  {'NumPy':>9}  {'ratio':>6}")
    for n, py, vec in zip(result["sizes"], result["seconds"]["python"], result["seconds"]["numpy"]):
        print(f"{n:>10,}  {implementations.format_seconds(py):>12}  {implementations.format_seconds(vec):>9}  {py / vec:>6.3g}")
    print(f"machine: {result['machine']}; load average before: {result['load_average_before']}")
    if args.dry_run:
        return 0
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
