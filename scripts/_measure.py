"""What the measuring scripts (measure_lesson5.py, measure_lesson6.py) share.

Each script measures something a lesson reports and writes it, with where and
when it was measured, to a committed JSON file that the lesson reads, so the
site builds the same bytes every time.
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


def parser(doc: str, output: Path) -> argparse.ArgumentParser:
    """An argument parser with the options every measuring script has (--output, --dry-run)."""
    made = argparse.ArgumentParser(description=doc.splitlines()[0])
    made.add_argument("--output", type=Path, default=output, help=f"where to write (default {output.relative_to(ROOT)})")
    made.add_argument("--dry-run", action="store_true", help="print the results without writing them")
    return made


def stamp(result: dict, command: str, load_before: tuple[float, ...], machine: object) -> dict:
    """Add the machine, the date, the load averages and the command to ``result``."""
    result["machine"] = machine
    result["measured_on"] = datetime.date.today().isoformat()
    result["load_average_before"] = [round(x, 2) for x in load_before]
    result["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    result["command"] = command
    return result


def save(result: dict, args: argparse.Namespace) -> int:
    """Write ``result`` to ``args.output`` unless ``--dry-run``; the script's exit code."""
    print(f"machine: {result['machine']}; load average before: {result['load_average_before']}")
    if args.dry_run:
        return 0
    args.output.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0
