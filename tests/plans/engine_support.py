"""Hypothesis strategies and small builders shared by the engine tests (no Django)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from functools import cache

from hypothesis import strategies as st

from plans.engine import (
    AthleteInput,
    BlockKind,
    Day,
    Exercise,
    Intensity,
    Level,
    Modality,
    Violation,
    Week,
    load_catalogue,
)

MONDAY = dt.date(2026, 11, 30)
# triathlon: run, bike and swim sessions mixed in one week (issue 13)
SPORTS = (Modality.RUN, Modality.BIKE, Modality.SWIM, Modality.ROW, Modality.TRIATHLON)
HISTORY_MODALITIES = tuple(Modality)


@cache
def catalogue() -> tuple[Exercise, ...]:
    return tuple(load_catalogue())


@st.composite
def athlete_inputs(draw: st.DrawFn) -> AthleteInput:
    week_start = MONDAY + dt.timedelta(weeks=draw(st.integers(-200, 200)))
    dates = [week_start + dt.timedelta(days=i) for i in range(7)]
    history = draw(
        st.one_of(
            st.just({}),
            st.dictionaries(
                st.sampled_from(HISTORY_MODALITIES), st.integers(10, 300), max_size=len(HISTORY_MODALITIES)
            ),
        )
    )
    return AthleteInput(
        level=draw(st.sampled_from(Level)),
        sport=draw(st.sampled_from(SPORTS)),
        age_years=draw(st.integers(14, 80)),
        week_start=week_start,
        available_weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        weekly_minutes_target=draw(st.integers(60, 900)),
        preferred_long_day=draw(st.one_of(st.none(), st.integers(0, 6))),
        week_index=draw(st.integers(1, 12)),
        deload_every=draw(st.sampled_from((4, 4, 3, 5, 6))),
        previous_week_load=draw(st.one_of(st.none(), st.integers(0, 6000).map(float))),
        longest_minutes_by_modality_30d=history,
        max_intensity=draw(st.one_of(st.none(), st.sampled_from(Intensity))),
        avoid_hard_dates=draw(st.frozensets(st.sampled_from(dates))),
        imbalance=draw(st.booleans()),
        nordic_week=draw(st.one_of(st.none(), st.integers(1, 16))),
        # week-boundary continuity: the whole valid range, so streaks at and over every level's limit
        # (and a hard Sunday without a streak, which the engine accepts too) are drawn
        trailing_training_days=draw(st.one_of(st.just(0), st.integers(0, 7))),
        previous_day_hard=draw(st.booleans()),
    )


def healthy_input(**changes: object) -> AthleteInput:
    """An intermediate runner with history, an imbalance flag and week 3 of the Nordic progression."""
    values: dict[str, object] = {
        "level": Level.INTERMEDIATE,
        "sport": Modality.RUN,
        "age_years": 30,
        "week_start": MONDAY,
        "available_weekdays": frozenset(range(7)),
        "weekly_minutes_target": 420,
        "preferred_long_day": 6,
        "week_index": 2,
        "previous_week_load": 1500.0,
        "longest_minutes_by_modality_30d": {Modality.RUN: 100},
        "imbalance": True,
        "nordic_week": 3,
    }
    values.update(changes)
    return AthleteInput(**values)  # type: ignore[arg-type]


def codes(violations: list[Violation]) -> set[str]:
    return {v.rule for v in violations}


def replace_day(week: Week, weekday: int, **changes: object) -> Week:
    days = list(week.days)
    days[weekday] = dataclasses.replace(days[weekday], **changes)
    return dataclasses.replace(week, days=tuple(days))


def replace_session(week: Week, weekday: int, **changes: object) -> Week:
    day = week.days[weekday]
    session = dataclasses.replace(day.sessions[0], **changes)
    return replace_day(week, weekday, sessions=(session, *day.sessions[1:]))


def replace_block(week: Week, weekday: int, kind: BlockKind, **changes: object) -> Week:
    session = week.days[weekday].sessions[0]
    blocks = tuple(dataclasses.replace(b, **changes) if b.kind is kind else b for b in session.blocks)
    return replace_session(week, weekday, blocks=blocks)


def weekday_of(week: Week, predicate: Callable[[Day], bool]) -> int:
    return next(i for i, day in enumerate(week.days) if predicate(day))
