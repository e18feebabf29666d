"""`make bench`: run every benchmark in bench/ and print one table of figures and ratios to references.

Each bench/<name>.py has `main() -> [(figure, value, reference, higher_is_better[, goal])]`. The ratio is value /
reference (reference / value when lower is better); the goal is the ratio to reach, 1 unless the row says (a
reference that is itself the goal, such as 5,000 weeks/s, is met at 1; a reference that is another figure of the
same run, such as the `SELECT 1` view, carries its goal, such as 0.25). Benchmarks run in their own process so
their Django set-ups do not meet.

`--quick` asks each for a tenth of its size (BENCH_QUICK=1, and the sizes the older benchmarks read from their own
variables) and lets them copy databases migrated once (bench/_quick.py), built here first when missing; `--json
PATH` also writes the rows as JSON; names (`run_all.py reads load`) run only those files.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# runpy files the benchmark under its run_name in sys.modules while it runs: not "bench", which would hide the
# bench/ package (bench/_quick.py) from it.
RUN_ONE = (
    "import json, runpy, sys; sys.path[0] = {root!r}; "
    "rows = runpy.run_path({path!r}, run_name='__bench__')['main'](); print('ROWS' + json.dumps(rows))"
)


def run(path: Path) -> list[list]:
    code = RUN_ONE.format(root=str(HERE.parent), path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("ROWS"):
            return json.loads(line[4:])
    raise SystemExit(f"{path.name} failed:\n{out.stderr[-2000:]}")


# A tenth of each older benchmark's size, through the variables it already reads.
QUICK_SIZES = {"BENCH_QUICK": "1", "BENCH_RECOVERY_ATHLETES": "1000", "BENCH_LOAD_SECONDS": "6"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (bench/<name>.py); all by default")
    parser.add_argument("--quick", action="store_true", help="a tenth of each benchmark's size")
    parser.add_argument("--json", type=Path, metavar="PATH", help="also write the rows to PATH as JSON")
    args = parser.parse_args()
    if args.quick:
        for name, value in QUICK_SIZES.items():
            os.environ.setdefault(name, value)
        sys.path[0] = str(HERE.parent)  # the root, not bench/, whose plans.py etc. would shadow the apps
        from bench._quick import prepare

        started = time.perf_counter()
        prepare()
        print(f"migrated templates: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    rows = []
    for path in sorted(HERE.glob("*.py")):
        if path.name != "run_all.py" and not path.name.startswith("_") and (not args.names or path.stem in args.names):
            started = time.perf_counter()
            rows += [(path.stem, *row) for row in run(path)]
            print(f"{path.stem}: {time.perf_counter() - started:.0f} s", file=sys.stderr)
    print("| bench | figure | value | reference | ratio | goal | met |\n| --- | --- | --- | --- | --- | --- | --- |")
    table = []
    for bench, name, value, reference, higher, *rest in rows:
        ratio = None if not reference else (value / reference if higher else reference / value)
        goal = None if ratio is None else (rest[0] if rest else 1.0)
        met = None if ratio is None else ratio >= goal
        table.append(
            {"bench": bench, "figure": name, "value": value, "reference": reference or None, "ratio": ratio,
             "goal": goal, "met": met}
        )  # fmt: skip
        shown = "" if ratio is None else f"{ratio:.2f}"
        ref = f"{reference:,.1f}" if isinstance(reference, float) else reference or ""
        verdict = "" if met is None else ("yes" if met else "no")
        shown_value = f"{value:,.1f}" if abs(value) >= 10 or value == int(value) else f"{value:.3g}"
        print(f"| {bench} | {name} | {shown_value} | {ref} | {shown} | {'' if goal is None else goal} | {verdict} |")
    if args.json:
        args.json.write_text(json.dumps(table, indent=2) + "\n")


if __name__ == "__main__":
    main()
