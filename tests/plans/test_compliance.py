"""Compliance, planned against done (docs/domain.md §2): bands, the week's %, and which workout did which session."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.compliance import (
    Completion,
    LoggedWorkout,
    PlannedSession,
    completion_of,
    match_workouts,
    week_compliance,
)

TODAY = dt.date(2026, 12, 2)
RANK = {Completion.MISSED: 0, Completion.PARTIAL: 1, Completion.DONE: 2}

planned_minutes = st.integers(min_value=1, max_value=600)
logged_minutes = st.integers(min_value=1, max_value=1440)
dates = st.dates(min_value=TODAY - dt.timedelta(days=20), max_value=TODAY + dt.timedelta(days=20))
completions = st.lists(st.sampled_from(list(Completion)), max_size=14)


def band(planned: int, logged: int) -> Completion:
    """A session that is logged, whatever its date."""
    return completion_of(TODAY, planned, logged, TODAY)


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        (48, Completion.DONE),  # 80 % exactly
        (47, Completion.PARTIAL),
        (72, Completion.DONE),  # 120 % exactly
        (73, Completion.PARTIAL),
        (30, Completion.PARTIAL),  # 50 % exactly
        (29, Completion.MISSED),
        (90, Completion.PARTIAL),  # 150 % exactly
        (91, Completion.MISSED),
    ],
)
def test_band_edges_of_an_hour(logged: int, expected: Completion) -> None:
    assert band(60, logged) is expected


@given(st.integers(min_value=1, max_value=60))
def test_band_edges_hold_exactly_for_any_session_length(tens: int) -> None:
    planned = 10 * tens  # 80, 120, 50 and 150 % of it are whole minutes
    assert band(planned, 8 * tens) is Completion.DONE
    assert band(planned, 12 * tens) is Completion.DONE
    assert band(planned, 5 * tens) is Completion.PARTIAL
    assert band(planned, 15 * tens) is Completion.PARTIAL
    assert band(planned, 8 * tens - 1) is Completion.PARTIAL
    assert band(planned, 12 * tens + 1) is Completion.PARTIAL
    assert band(planned, 5 * tens - 1) is Completion.MISSED
    assert band(planned, 15 * tens + 1) is Completion.MISSED


@given(planned_minutes, logged_minutes)
def test_band_is_the_exact_share_of_planned_minutes(planned: int, logged: int) -> None:
    share = Fraction(logged, planned)
    expected = (
        Completion.DONE
        if Fraction(4, 5) <= share <= Fraction(6, 5)
        else Completion.PARTIAL
        if Fraction(1, 2) <= share <= Fraction(3, 2)
        else Completion.MISSED
    )
    assert band(planned, logged) is expected


@given(planned_minutes, logged_minutes, logged_minutes)
def test_closer_to_the_plan_is_never_a_worse_band(planned: int, a: int, b: int) -> None:
    closer, further = sorted((a, b), key=lambda m: abs(m - planned))
    assert RANK[band(planned, closer)] >= RANK[band(planned, further)]


@given(dates, planned_minutes)
def test_without_a_workout_a_session_is_planned_until_its_day_has_passed(day: dt.date, planned: int) -> None:
    expected = Completion.PLANNED if day >= TODAY else Completion.MISSED
    assert completion_of(day, planned, None, TODAY) is expected


@given(dates, planned_minutes, logged_minutes)
def test_a_logged_session_gets_its_band_at_once_whatever_its_date(day: dt.date, planned: int, logged: int) -> None:
    assert completion_of(day, planned, logged, TODAY) is band(planned, logged)
    assert completion_of(day, planned, logged, TODAY) is not Completion.PLANNED


def test_week_compliance_counts_half_of_partial_over_the_sessions_due() -> None:
    week = week_compliance([Completion.DONE] * 3 + [Completion.PARTIAL] + [Completion.PLANNED] * 2)
    assert week.percent == 87.5  # (3 + 0.5) / 4
    assert (week.done, week.partial, week.missed, week.planned, week.due) == (3, 1, 0, 2, 4)
    assert week_compliance([Completion.PLANNED] * 3).percent is None
    assert week_compliance([]).percent is None
    assert week_compliance([Completion.MISSED, Completion.PARTIAL]).percent == 25.0


@given(completions)
def test_week_compliance_is_a_percentage_of_the_sessions_due(week: list[Completion]) -> None:
    result = week_compliance(week)
    assert result.done + result.partial + result.missed + result.planned == len(week)
    if result.due == 0:
        assert result.percent is None
    else:
        assert result.percent is not None and 0 <= result.percent <= 100
        assert (result.percent == 100) == (result.done == result.due)


@given(completions, st.data())
def test_a_better_session_never_lowers_the_week(week: list[Completion], data: st.DataObject) -> None:
    due = [i for i, c in enumerate(week) if c in (Completion.MISSED, Completion.PARTIAL)]
    if not due:
        return
    i = data.draw(st.sampled_from(due))
    better = [*week]
    better[i] = Completion.PARTIAL if week[i] is Completion.MISSED else Completion.DONE
    assert week_compliance(better).percent > week_compliance(week).percent


@given(completions, st.integers(min_value=0, max_value=5))
def test_sessions_not_yet_due_do_not_change_the_percent(week: list[Completion], coming: int) -> None:
    assert week_compliance([*week, *[Completion.PLANNED] * coming]).percent == week_compliance(week).percent


# --- which workout did which session ------------------------------------------------------------------------

MONDAY = dt.date(2026, 11, 23)
modalities = st.sampled_from(["run", "bike", "swim", ""])
week_days = st.integers(min_value=0, max_value=6).map(lambda i: MONDAY + dt.timedelta(days=i))


@st.composite
def plans_and_logs(draw: st.DrawFn) -> tuple[list[PlannedSession], list[LoggedWorkout]]:
    n = draw(st.integers(min_value=0, max_value=8))
    sessions = [
        PlannedSession(id=i + 1, date=draw(week_days), planned_minutes=60, modality=draw(modalities.filter(bool)))
        for i in range(n)
    ]
    sessions.sort(key=lambda s: (s.date, s.id))
    links = st.one_of(st.none(), st.integers(min_value=1, max_value=n + 3))  # some link outside the week
    workouts = [
        LoggedWorkout(id=100 + i, date=draw(week_days), minutes=45, modality=draw(modalities), session_id=draw(links))
        for i in range(draw(st.integers(min_value=0, max_value=10)))
    ]
    return sessions, workouts


@given(plans_and_logs())
def test_each_workout_does_at_most_one_session_and_only_a_fitting_one(
    data: tuple[list[PlannedSession], list[LoggedWorkout]],
) -> None:
    sessions, workouts = data
    matched = match_workouts(sessions, workouts)
    by_id = {w.id: w for w in workouts}
    assert len(set(matched.values())) == len(matched)
    for session in sessions:
        linked = [w for w in workouts if w.session_id == session.id]
        if linked:  # the linked workout first
            assert matched[session.id] == min(w.id for w in linked)
        elif session.id in matched:
            workout = by_id[matched[session.id]]
            assert workout.session_id is None
            assert (workout.date, workout.modality) == (session.date, session.modality)


@given(plans_and_logs())
def test_no_fitting_unlinked_workout_is_left_beside_a_session_without_one(
    data: tuple[list[PlannedSession], list[LoggedWorkout]],
) -> None:
    sessions, workouts = data
    matched = match_workouts(sessions, workouts)
    used = set(matched.values())
    left = [w for w in workouts if w.id not in used and w.session_id is None]
    for session in sessions:
        if session.id not in matched:
            assert not [w for w in left if (w.date, w.modality) == (session.date, session.modality)]


def test_unlinked_workouts_pair_with_sessions_in_order_and_never_twice() -> None:
    morning = PlannedSession(1, MONDAY, 40, "run")
    evening = PlannedSession(2, MONDAY, 60, "run")
    swim = PlannedSession(3, MONDAY, 45, "swim")
    first = LoggedWorkout(10, MONDAY, 38, "run", None)
    second = LoggedWorkout(11, MONDAY, 62, "run", None)
    elsewhere = LoggedWorkout(12, MONDAY, 45, "swim", 99)  # linked to another week's session
    assert match_workouts([morning, evening, swim], [first, second, elsewhere]) == {1: 10, 2: 11}
    assert match_workouts([morning, evening], [first]) == {1: 10}


def test_a_linked_workout_beats_an_unlinked_one_and_may_be_on_another_day() -> None:
    session = PlannedSession(1, MONDAY, 60, "run")
    unlinked = LoggedWorkout(10, MONDAY, 60, "run", None)
    linked_next_day = LoggedWorkout(11, MONDAY + dt.timedelta(days=1), 30, "run", 1)
    assert match_workouts([session], [unlinked, linked_next_day]) == {1: 11}


def test_the_module_is_pure() -> None:
    code = "import sys, plans.compliance; sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
