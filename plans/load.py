"""Training load: session load, EWMA acute and chronic load, ACWR, monotony, strain and compliance.

Pure core (docs/design.md): dataclasses in, dataclasses out; no Django import, no I/O. Numbers from docs/domain.md §2.
The acute:chronic ratio is shown as a zone that asks a question, never as an injury prediction (docs/domain.md §2).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

ACUTE_DAYS = 7  # docs/domain.md §2: acute EWMA, N = 7 (λ = 0.25)
CHRONIC_DAYS = 28  # docs/domain.md §2: chronic EWMA, N = 28 (λ ≈ 0.0690)
ACWR_MIN_HISTORY_DAYS = 28  # docs/domain.md §2: show the ratio only with 28 days of history
WEEK_DAYS = 7  # docs/domain.md §2: monotony and strain are computed over 7 days
MONOTONY_CAP = 10.0  # docs/domain.md §2: when the SD is 0, monotony is capped at 10
MAX_RPE = 10  # docs/domain.md §1/§2: session RPE on Foster's CR-10 scale
# docs/domain.md §2: the averages read a bounded warm-up before the first day shown, not the whole history. After
# 8 x 28 days the chronic average keeps (1 - λ)^224 ≈ 1.1e-7 of where it stood before (the acute one 1e-28):
# at most 0.01 % of the chronic load on 1,000 random histories with breaks (tests/plans/test_load.py).
WARMUP_DAYS = 8 * CHRONIC_DAYS
LONG_SESSION_LOOKBACK_DAYS = 30  # docs/domain.md §1 long_session_cap and §6 load_spike: the previous 30 days
# docs/domain.md §2 compliance bands, % of planned minutes (TrainingPeaks' green, yellow and red).
DONE_LOW_PCT = 80  # docs/domain.md §2: done at 80-120 %
DONE_HIGH_PCT = 120  # docs/domain.md §2
PARTIAL_LOW_PCT = 50  # docs/domain.md §2: partial at 50-79 % ...
PARTIAL_HIGH_PCT = 150  # docs/domain.md §2: ... or 121-150 %
PARTIAL_WEIGHT = 0.5  # docs/domain.md §2: weekly compliance counts half of each partial session


class Compliance(StrEnum):
    DONE = "done"
    PARTIAL = "partial"
    MISSED = "missed"


@dataclass(frozen=True)
class LoadDay:
    """One row of the load series (docs/api.md `load` fields plus the weekly figures the checks use)."""

    day: date
    session_load: float  # the day's total session load (RPE x minutes), 0 on days without a workout
    acute: float
    chronic: float
    acwr: float | None  # None until 28 days of history (docs/domain.md §2)
    monotony: float | None  # None until 7 days of history
    strain: float | None
    weekly_load: float  # the 7 days ending on `day` (fewer at the start of the history)
    week_change: float | None  # weekly_load over the 7 days before, as a fraction (0.3 = +30 %)


def ewma_lambda(n_days: int) -> float:
    """λ = 2 / (N + 1) (Williams et al., BJSM 2017; docs/domain.md §2)."""
    return 2 / (n_days + 1)


def session_load(rpe: float, minutes: float) -> float:
    """Session RPE (CR-10) x minutes (Foster et al. 2001; docs/domain.md §2)."""
    if not 0 <= rpe <= MAX_RPE:
        raise ValueError(f"rpe must be between 0 and {MAX_RPE}")
    if minutes < 0:
        raise ValueError("minutes must not be negative")
    return rpe * minutes


def daily_loads(
    loads_by_date: Mapping[date, float], start: date | None = None, end: date | None = None
) -> dict[date, float]:
    """Every day from `start` (default: first logged) to `end` (default: last logged), missing days as 0."""
    if not loads_by_date and (start is None or end is None):
        return {}
    first = start if start is not None else min(loads_by_date)
    last = end if end is not None else max(loads_by_date)
    days = (last - first).days + 1
    return {first + timedelta(d): float(loads_by_date.get(first + timedelta(d), 0.0)) for d in range(max(days, 0))}


def ewma(loads: Sequence[float], n_days: int) -> list[float]:
    """EWMA seeded with the first day's load (docs/domain.md §2): today = load x λ + (1 - λ) x yesterday."""
    lam = ewma_lambda(n_days)
    out: list[float] = []
    for load in loads:
        out.append(load if not out else load * lam + (1 - lam) * out[-1])
    return out


def acwr(acute: float, chronic: float, history_days: int) -> float | None:
    """Acute / chronic, only with 28 days of history and a non-zero chronic load (docs/domain.md §2)."""
    if history_days < ACWR_MIN_HISTORY_DAYS or chronic <= 0:
        return None
    return acute / chronic


def monotony(week_loads: Sequence[float]) -> float:
    """Mean daily load / SD over the week (Foster 1998; docs/domain.md §2), capped at 10.

    Population SD (pstdev), not sample SD: Foster describes the 7 daily loads of the week itself, the whole
    population of interest, not a sample drawn to estimate some wider spread. A week without any load has no
    monotony to warn about, so it is 0, not the cap; any other week whose SD is 0 (or tiny) gets the cap.
    """
    if len(week_loads) != WEEK_DAYS:
        raise ValueError(f"monotony needs exactly {WEEK_DAYS} daily loads")
    # Plain floats (fsum keeps the sums exact enough): statistics.pstdev's exact fractions cost ~15 times more,
    # and monotony is worked out for every day shown.
    mean = math.fsum(week_loads) / WEEK_DAYS
    if mean == 0:
        return 0.0
    sd = math.sqrt(math.fsum((x - mean) ** 2 for x in week_loads) / WEEK_DAYS)
    if sd == 0:
        return MONOTONY_CAP
    return min(mean / sd, MONOTONY_CAP)


def strain(week_loads: Sequence[float]) -> float:
    """Weekly load x monotony (Foster 1998; docs/domain.md §2)."""
    return sum(week_loads) * monotony(week_loads)


def week_over_week_change(this_week_load: float, last_week_load: float) -> float | None:
    """(this - last) / last as a fraction; None when last week had no load (no base to compare with)."""
    if last_week_load <= 0:
        return None
    return (this_week_load - last_week_load) / last_week_load


def load_series(
    loads_by_date: Mapping[date, float],
    start: date | None = None,
    end: date | None = None,
    *,
    days_before: int = 0,
    rows_from: date | None = None,
) -> tuple[LoadDay, ...]:
    """A row a day: daily load, acute, chronic, ACWR, monotony, strain and rolling week-over-week change.

    History starts at `start` (default: the first day with a load); `loads_by_date` holds each day's summed
    session loads. Weeks here are rolling 7-day windows ending on the row's day, so every day has a figure.

    A warm-up window (recovery.history.load_window): `days_before` days of history lie before `start` and count
    towards the 28 days the ratio waits for; the averages start at `start`'s load all the same. Only rows from
    `rows_from` on are returned: give at least 14 days of warm-up so that their weeks lie inside the window.
    """
    days = daily_loads(loads_by_date, start, end)
    if not days:
        return ()
    first = next(iter(days))
    loads = list(days.values())
    acutes, chronics = ewma(loads, ACUTE_DAYS), ewma(loads, CHRONIC_DAYS)
    skip = 0 if rows_from is None else max(0, (rows_from - first).days)
    return tuple(
        _row(first + timedelta(i), i, loads, acutes[i], chronics[i], days_before) for i in range(skip, len(loads))
    )


def windowed_load_series(
    loads_by_date: Mapping[date, float], first_workout: date, first: date, last: date
) -> tuple[LoadDay, ...]:
    """The rows of `first` to `last` from at most WARMUP_DAYS of history before `first` (docs/domain.md §2).

    `first_workout` is the first day of the whole history: it still counts the 28 days the ratio waits for.
    Loads before the warm-up are ignored; the same as `load_series` from the first workout when it lies inside.
    """
    start = max(first_workout, first - timedelta(days=WARMUP_DAYS))
    loads = {d: v for d, v in loads_by_date.items() if start <= d <= last}
    return load_series(loads, start, last, days_before=(start - first_workout).days, rows_from=first)


def _row(day: date, i: int, loads: list[float], acute: float, chronic: float, days_before: int = 0) -> LoadDay:
    week = loads[max(0, i - WEEK_DAYS + 1) : i + 1]
    full_week = len(week) == WEEK_DAYS
    previous_week = loads[i - 2 * WEEK_DAYS + 1 : i - WEEK_DAYS + 1] if i + 1 >= 2 * WEEK_DAYS else None
    weekly_load = sum(week)
    week_monotony = monotony(week) if full_week else None
    return LoadDay(
        day=day,
        session_load=loads[i],
        acute=acute,
        chronic=chronic,
        acwr=acwr(acute, chronic, history_days=days_before + i + 1),
        monotony=week_monotony,
        strain=None if week_monotony is None else weekly_load * week_monotony,
        weekly_load=weekly_load,
        week_change=week_over_week_change(weekly_load, sum(previous_week)) if previous_week else None,
    )


def long_session_ratio(minutes: float, previous_minutes: Sequence[float]) -> float | None:
    """A session's minutes over the longest same-modality session of the previous 30 days (docs/domain.md §1, §6).

    The caller passes the minutes of the previous 30 days' sessions of that modality; None without any.
    """
    longest = max(previous_minutes, default=0)
    if longest <= 0:
        return None
    return minutes / longest


def session_compliance(planned_minutes: float, logged_minutes: float | None) -> Compliance:
    """Done at 80-120 % of planned minutes, partial at 50-79 % or 121-150 %, missed otherwise (docs/domain.md §2).

    The bands are read as continuous: 79.5 % is partial and 120.5 % is partial, so no value falls in a gap.
    """
    if planned_minutes <= 0:
        raise ValueError("planned_minutes must be positive")
    if logged_minutes is None or logged_minutes <= 0:
        return Compliance.MISSED
    # Compare by cross-multiplying so that 80 % exactly is not lost to float rounding.
    pct_x_planned = logged_minutes * 100
    if DONE_LOW_PCT * planned_minutes <= pct_x_planned <= DONE_HIGH_PCT * planned_minutes:
        return Compliance.DONE
    if PARTIAL_LOW_PCT * planned_minutes <= pct_x_planned <= PARTIAL_HIGH_PCT * planned_minutes:
        return Compliance.PARTIAL
    return Compliance.MISSED


def weekly_compliance_pct(statuses: Sequence[Compliance]) -> float | None:
    """(done + half of partial) / planned sessions, in %; None for a week without planned sessions."""
    if not statuses:
        return None
    done = sum(1 for s in statuses if s is Compliance.DONE)
    partial = sum(1 for s in statuses if s is Compliance.PARTIAL)
    return 100 * (done + PARTIAL_WEIGHT * partial) / len(statuses)
