"""Plan benchmarks: `python bench/plans.py`.

bench_engine: weeks per second generated (and checked) by the pure planning core over varied inputs.
A bulk-template benchmark can be added beside it as another bench_* function.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
import time
from pathlib import Path

# run as a script, bench/ would come first on sys.path and this file would shadow the plans package
ROOT = Path(__file__).resolve().parents[1]
sys.path[0] = str(ROOT)

from plans.engine import (  # noqa: E402
    AthleteInput,
    Exercise,
    Intensity,
    Level,
    Modality,
    RuleContext,
    check_week,
    generate_week,
    load_catalogue,
)

MONDAY = dt.date(2026, 11, 30)
SPORTS = (Modality.RUN, Modality.BIKE, Modality.SWIM, Modality.ROW)


def varied_inputs(count: int, seed: int = 7) -> list[AthleteInput]:
    """Deterministic spread over levels, ages, sports, availability, volume, history and flags."""
    rng = random.Random(seed)
    inputs = []
    for i in range(count):
        week_start = MONDAY + dt.timedelta(weeks=i % 52)
        history = {m: rng.randint(30, 180) for m in rng.sample(list(Modality), rng.randint(0, 4))}
        inputs.append(
            AthleteInput(
                level=rng.choice(list(Level)),
                sport=rng.choice(SPORTS),
                age_years=rng.randint(14, 80),
                week_start=week_start,
                available_weekdays=frozenset(rng.sample(range(7), rng.randint(1, 7))),
                weekly_minutes_target=rng.randint(60, 900),
                preferred_long_day=rng.choice([None, *range(7)]),
                week_index=rng.randint(1, 12),
                previous_week_load=rng.choice([None, float(rng.randint(100, 5000))]),
                longest_minutes_by_modality_30d=history,
                max_intensity=rng.choice([None, None, None, Intensity.MODERATE, Intensity.EASY]),
                avoid_hard_dates=frozenset({week_start + dt.timedelta(days=rng.randint(0, 6))})
                if i % 5 == 0
                else frozenset(),
                imbalance=rng.random() < 0.3,
                nordic_week=rng.choice([None, rng.randint(1, 16)]),
            )
        )
    return inputs


def bench_engine(count: int = 2000, catalogue: list[Exercise] | None = None) -> dict[str, float]:
    catalogue = catalogue or load_catalogue()
    inputs = varied_inputs(count)
    start = time.perf_counter()
    weeks = [generate_week(inp, catalogue) for inp in inputs]
    generated = time.perf_counter() - start
    start = time.perf_counter()
    violations = sum(len(check_week(w, RuleContext.from_input(i))) for w, i in zip(weeks, inputs, strict=True))
    checked = time.perf_counter() - start
    return {
        "weeks": count,
        "weeks_per_s": count / generated,
        "checks_per_s": count / checked,
        "violations": violations,
    }


def main() -> None:
    result = bench_engine()
    print(f"engine  weeks/s  {result['weeks_per_s']:.0f}")
    print(f"rules   weeks/s  {result['checks_per_s']:.0f}")
    if result["violations"]:
        sys.exit(f"engine produced {result['violations']:.0f} violations")


if __name__ == "__main__":
    main()
