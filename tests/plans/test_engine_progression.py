"""Eight weeks in a row, each week's planned load feeding the next: +10 % at most, deloads at ~50 %."""

from __future__ import annotations

import dataclasses
import datetime as dt

from plans.engine import Modality, RuleContext, Week, check_week, generate_week

from .engine_support import catalogue, healthy_input


def _longest(weeks: list[Week]) -> dict[Modality, int]:
    """Longest planned session per modality over the last 4 weeks (the 30-day history)."""
    longest: dict[Modality, int] = {}
    for week in weeks[-4:]:
        for session in week.sessions():
            longest[session.modality] = max(longest.get(session.modality, 0), session.planned_minutes)
    return longest


def _eight_weeks(**changes: object) -> list[Week]:
    inp = healthy_input(weekly_minutes_target=600, previous_week_load=1200.0, week_index=1, nordic_week=1, **changes)
    weeks: list[Week] = []
    for index in range(1, 9):
        week = generate_week(inp, catalogue())
        assert check_week(week, RuleContext.from_input(inp)) == []
        weeks.append(week)
        inp = dataclasses.replace(
            inp,
            week_start=inp.week_start + dt.timedelta(weeks=1),
            week_index=index + 1,
            nordic_week=index + 1,
            previous_week_load=float(week.load),
            longest_minutes_by_modality_30d={**inp.longest_minutes_by_modality_30d, **_longest(weeks)},
        )
    return weeks


def test_eight_weeks_grow_at_most_ten_percent_and_deload_every_fourth() -> None:
    weeks = _eight_weeks()
    loads = [1200, *(w.load for w in weeks)]
    for index in range(1, 9):
        ratio = loads[index] / loads[index - 1]
        if index % 4 == 0:
            assert 0.45 <= ratio <= 0.50, (index, loads)
        else:
            assert ratio <= 1.10, (index, loads)
    # the load really climbs between deloads (the 600-minute wish is far above 1,200 AU)
    assert loads[3] > loads[1] > loads[0]
    assert [w.week_start.weekday() for w in weeks] == [0] * 8


def test_deload_weeks_say_why_minutes_fell() -> None:
    weeks = _eight_weeks()
    assert any("deload week" in wish for wish in weeks[3].unmet_wishes)
    assert any("at most 10 %" in wish for wish in weeks[1].unmet_wishes)
