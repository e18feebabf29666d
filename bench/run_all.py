"""`make bench`: run every benchmark in bench/ and print one table of figures and ratios to references.

Each bench/<name>.py has `main() -> [(figure, value, reference, higher_is_better)]`; ratio > 1 beats the
reference. Benchmarks run in their own process so their Django set-ups do not meet.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUN_ONE = (
    "import json, runpy, sys; sys.path[0] = {root!r}; "
    "rows = runpy.run_path({path!r}, run_name='bench')['main'](); print('ROWS' + json.dumps(rows))"
)


def run(path: Path) -> list[list]:
    code = RUN_ONE.format(root=str(HERE.parent), path=str(path))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    for line in out.stdout.splitlines():
        if line.startswith("ROWS"):
            return json.loads(line[4:])
    raise SystemExit(f"{path.name} failed:\n{out.stderr[-2000:]}")


def main() -> None:
    rows = []
    for path in sorted(HERE.glob("*.py")):
        if path.name != "run_all.py" and not path.name.startswith("_"):
            rows += [(path.stem, *row) for row in run(path)]
    print("| bench | figure | value | reference | ratio |\n| --- | --- | --- | --- | --- |")
    for bench, name, value, reference, higher in rows:
        ratio = "" if not reference else f"{(value / reference if higher else reference / value):.2f}"
        print(f"| {bench} | {name} | {value:,.1f} | {reference or ''} | {ratio} |")


if __name__ == "__main__":
    main()
