"""Weeks in a row (plans.engine.chain): growth from the baseline, deloads at 60 % of the last full week, the
week after a deload back at the pre-deload level, tapers before a goal, and blocks that keep every rule."""

from __future__ import annotations

import datetime as dt
import itertools
from statistics import mean

from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st

from plans.engine import Level, Modality, check_week, generate_week
from plans.engine.chain import (
    AthleteFacts,
    PastWeek,
    TrainingDay,
    block_kinds,
    input_for,
    plan_block,
    planned_week,
    week_context,
)
from plans.engine.limits import sessions_range
from plans.engine.types import WeekKind

from .engine_support import MONDAY, catalogue


def _facts(**changes: object) -> AthleteFacts:
    values: dict[str, object] = {
        "level": Level.INTERMEDIATE,
        "sport": Modality.RUN,
        "birth_date": dt.date(1990, 5, 1),
        "available_weekdays": frozenset(range(7)),
        "weekly_minutes_target": 600,
        "preferred_long_day": 6,
    }
    values.update(changes)
    return AthleteFacts(**values)  # type: ignore[arg-type]


def _logged_history(weekly_load: float, weeks: int = 8, sport: Modality = Modality.RUN) -> list[PastWeek]:
    """`weeks` done weeks before MONDAY: four sessions each of at least 45 minutes, no plan."""
    out = []
    for back in range(weeks, 0, -1):
        monday = MONDAY - dt.timedelta(weeks=back)
        minutes = max(45, int(weekly_load / 4 / 4))  # four sessions at RPE 4, or easier ones
        days = tuple(TrainingDay(monday + dt.timedelta(days=d), sport, minutes, False, True) for d in (0, 2, 4, 6))
        out.append(PastWeek(monday, done_load=weekly_load, days=days))
    return out


def _loads(weeks) -> list[int]:
    return [w.week.load for w in weeks]


def test_thirteen_weeks_come_back_after_each_deload() -> None:
    # the turn-2 finding: 1042, 1016, 1031, 512 (deload), then the load never came back
    weeks = plan_block(_facts(), MONDAY, 13, _logged_history(1050), catalogue(), plans_before=0)
    loads = _loads(weeks)
    for index, planned in enumerate(weeks):
        assert check_week(planned.week, planned.ctx) == [], index
    kinds = [w.ctx.kind for w in weeks]
    assert kinds[3] is kinds[7] is kinds[11] is WeekKind.DELOAD
    for deload in (3, 7, 11):
        full = loads[deload - 1]
        assert loads[deload] <= 0.60 * full + 1e-9  # 60 % of the last full week
        assert loads[deload + 1] >= 0.9 * full  # and back at (or over) the pre-deload level after it
    for build in (1, 2, 5, 6, 9, 10):
        assert loads[build] <= 1.10 * max(loads[build - 1], loads[build - 2]) + 1e-9
    assert loads[2] > loads[0] and loads[10] > loads[6] > loads[2]


def test_a_goal_date_ends_the_block_in_a_taper() -> None:
    goal = MONDAY + dt.timedelta(weeks=11, days=5)  # Saturday of week 12
    weeks = plan_block(_facts(), MONDAY, 12, _logged_history(1050), catalogue(), plans_before=0, goal_date=goal)
    kinds = [w.ctx.kind for w in weeks]
    assert kinds[-2:] == [WeekKind.TAPER, WeekKind.TAPER] and kinds[3] is WeekKind.DELOAD
    loads = _loads(weeks)
    peak = loads[-3]
    assert loads[-2] <= 0.60 * peak + 1e-9 and loads[-1] <= 0.45 * peak + 1e-9
    # intensity is kept in deloads and the taper (Bosquet 2007): a hard session stays, shorter
    for index in (3, 7, 10, 11):
        assert any(s.intensity == "hard" for s in weeks[index].week.sessions()), index
    # the goal's day is kept free of training: the race is the day's work
    race_day = next(day for day in weeks[-1].week.days if day.date == goal)
    assert not race_day.sessions


def test_masters_cycle_two_to_one_and_keep_72_hours_between_hard_sessions() -> None:
    facts = _facts(birth_date=dt.date(1970, 5, 1))
    weeks = plan_block(facts, MONDAY, 9, _logged_history(900), catalogue(), plans_before=0)
    assert [w.ctx.kind for w in weeks] == [WeekKind.BUILD, WeekKind.BUILD, WeekKind.DELOAD] * 3
    hard = sorted(d for w in weeks for d, s in w.week.dated_sessions() if s.intensity == "hard")
    assert all((b - a).days >= 3 for a, b in itertools.pairwise(hard))
    assert all(sum(s.intensity == "hard" for s in w.week.sessions()) <= 2 for w in weeks)


def test_novice_and_advanced_start_differently_without_history() -> None:
    novice = plan_block(_facts(level=Level.NOVICE), MONDAY, 4, [], catalogue(), plans_before=0)[0]
    advanced = plan_block(_facts(level=Level.ADVANCED), MONDAY, 4, [], catalogue(), plans_before=0)[0]
    assert novice.ctx.starting and advanced.ctx.starting
    assert novice.week.planned_minutes <= 150 and max(_endurance(s) for s in novice.week.sessions()) <= 45
    assert not any(s.intensity == "hard" for s in novice.week.sessions())
    assert advanced.week.planned_minutes > 2 * novice.week.planned_minutes
    assert max(_endurance(s) for s in advanced.week.sessions()) <= 105
    assert any("start with at most 150 minutes a week" in wish for wish in novice.week.unmet_wishes)


def _endurance(session) -> int:
    """A session's minutes without its strength block (the starting figure counts strength work on top)."""
    return session.planned_minutes - sum(b.minutes for b in session.blocks if b.kind == "strength")


def test_a_youth_and_an_adult_get_different_weeks() -> None:
    adult = plan_block(_facts(level=Level.ADVANCED), MONDAY, 4, [], catalogue(), plans_before=0)[0].week
    youth = plan_block(
        _facts(level=Level.ADVANCED, birth_date=MONDAY.replace(year=MONDAY.year - 16)),
        MONDAY,
        4,
        [],
        catalogue(),
        plans_before=0,
    )[0].week
    assert sum(1 for d in youth.days if not d.sessions) >= 2
    assert sum(1 for d in adult.days if not d.sessions) < sum(1 for d in youth.days if not d.sessions)


def test_weeks_made_one_by_one_chain_exactly_like_a_block() -> None:
    facts, past = _facts(), _logged_history(1050)
    block = plan_block(facts, MONDAY, 8, past, catalogue(), plans_before=0)
    history = list(past)
    for index, planned in enumerate(block):
        monday = MONDAY + dt.timedelta(weeks=index)
        ctx = week_context(facts, monday, history, plans_before=index)
        week = generate_week(input_for(facts, monday, ctx), catalogue())
        assert week == planned.week, index
        history.append(planned_week(week, ctx))


def test_missed_weeks_hold_the_baseline_where_it_was() -> None:
    facts, past = _facts(), _logged_history(1050)
    # two weeks planned at ~1,150 AU and done not at all
    for back in (2, 1):
        past = [w for w in past if w.week_start != MONDAY - dt.timedelta(weeks=back)]
        past.append(PastWeek(MONDAY - dt.timedelta(weeks=back), WeekKind.BUILD, 1, 1150.0, 0.0, over=True))
    ctx = week_context(facts, MONDAY, past, plans_before=2)
    assert ctx.previous_week_load == 0.0
    assert ctx.last_full_week_load == 1050.0  # the week before the misses, not the planned 1,150
    week = generate_week(input_for(facts, MONDAY, ctx), catalogue())
    assert week.load <= 1.10 * 1050 + 1e-9


@st.composite
def _athletes(draw: st.DrawFn) -> tuple[AthleteFacts, list[PastWeek]]:
    age = draw(st.integers(14, 80))
    facts = AthleteFacts(
        level=draw(st.sampled_from(Level)),
        sport=draw(st.sampled_from((Modality.RUN, Modality.BIKE, Modality.SWIM, Modality.ROW))),
        birth_date=MONDAY.replace(year=MONDAY.year - age) - dt.timedelta(days=draw(st.integers(1, 300))),
        available_weekdays=draw(st.frozensets(st.integers(0, 6), min_size=1)),
        weekly_minutes_target=draw(st.integers(120, 900)),
        preferred_long_day=draw(st.one_of(st.none(), st.integers(0, 6))),
        imbalance=draw(st.booleans()),
    )
    past = draw(st.one_of(st.just([]), st.integers(300, 3000).map(lambda load: _logged_history(load, 8, facts.sport))))
    return facts, past


# Derandomized so CI is repeatable (the same 200 athletes each run); set derandomize=False locally to explore more
# (30 random seeds passed while it was written).
@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(_athletes())
def test_a_sixteen_week_block_keeps_every_rule_and_comes_back_after_deloads(athlete) -> None:
    facts, past = athlete
    note(f"{facts} with {len(past)} weeks of history at {past[0].done_load if past else 0} AU")
    weeks = plan_block(facts, MONDAY, 16, past, catalogue(), plans_before=0)
    loads = _loads(weeks)
    least, most = sessions_range(facts.level)
    for index, planned in enumerate(weeks):
        assert check_week(planned.week, planned.ctx) == [], (index, loads)
        sessions = sum(1 for _ in planned.week.sessions())
        offered = len(facts.available_weekdays)
        assert sessions <= most
        roomy = offered >= least + 2 and facts.weekly_minutes_target >= 400 and (not past or past[0].done_load >= 1000)
        if planned.ctx.kind is WeekKind.BUILD and roomy:
            # room in days, minutes and load for the level's sessions: at most one fewer
            assert sessions >= least - 1, (index, loads)
        if index and weeks[index - 1].ctx.kind is WeekKind.DELOAD:
            full = next(weeks[i].week for i in range(index - 1, -1, -1) if weeks[i].ctx.kind is WeekKind.BUILD)
            # back at the pre-deload load; where the athlete's minutes wish binds, the same minutes (the Nordic
            # progression may have taken a hard session's room)
            back = loads[index] >= 0.9 * full.load or planned.week.planned_minutes >= 0.9 * full.planned_minutes
            assert back, (index, loads)
    # an athlete who did everything planned ends the block at least where it began, unless the block already
    # gives them every minute they asked for (then the mix of easy and hard sessions decides the load)
    builds = [w for w in weeks[12:16] if w.ctx.kind is WeekKind.BUILD]
    at_wish = any(w.week.planned_minutes >= facts.weekly_minutes_target for w in builds)
    # (whole minutes make a plateau jitter by a few AU: 1 % slack)
    assert at_wish or mean(loads[12:16]) >= 0.99 * mean(loads[0:4]), loads


def test_block_kinds() -> None:
    assert block_kinds(8, 30, has_goal=False) == [WeekKind.BUILD] * 3 + [WeekKind.DELOAD] + [WeekKind.BUILD] * 3 + [
        WeekKind.DELOAD
    ]
    assert block_kinds(6, 30, has_goal=True)[-1] is WeekKind.TAPER
    assert block_kinds(6, 30, has_goal=True).count(WeekKind.TAPER) == 1
    assert block_kinds(10, 30, has_goal=True)[-2:] == [WeekKind.TAPER] * 2
    assert block_kinds(6, 55, has_goal=False) == [WeekKind.BUILD, WeekKind.BUILD, WeekKind.DELOAD] * 2


def test_back_after_a_long_break_starts_again_at_the_levels_figures() -> None:
    # a plan and logs two months ago, nothing in the last 4 weeks (docs/domain.md section 1, starting without history)
    old = [w for w in _logged_history(2000, weeks=9) if w.week_start < MONDAY - dt.timedelta(weeks=5)]
    old.append(PastWeek(MONDAY - dt.timedelta(weeks=9), WeekKind.BUILD, 5, 2000.0, 2000.0))
    ctx = week_context(_facts(), MONDAY, old, plans_before=12)
    assert ctx.starting and ctx.previous_week_load is None and ctx.last_full_week_load is None
    recent = [*old, PastWeek(MONDAY - dt.timedelta(weeks=3), WeekKind.BUILD, 1, 800.0, 0.0)]
    assert not week_context(_facts(), MONDAY, recent, plans_before=13).starting  # a plan 3 weeks ago counts
