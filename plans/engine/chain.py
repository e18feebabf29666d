"""Weeks in a row (docs/domain.md section 1, "Blocks and re-planning"): what each week's rules and generator know
from the weeks before it, and blocks of weeks built by calling the same function in a loop. Pure.

One week generated alone and a week inside a block get their RuleContext from `week_context`, so the two can
never drift apart: a block only appends the weeks it just planned to the history the next week reads.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from .constants import (
    BASELINE_WEEKS,
    BLOCK_WEEKS,
    CONGESTED_WITHIN_DAYS,
    DELOAD_EVERY_DEFAULT,
    DELOAD_EVERY_MASTERS,
    FULL_WEEK_DONE_SHARE,
    MASTERS_AGE,
    TWO_WEEK_TAPER_FROM,
)
from .generate import generate_week
from .types import (
    MIN_AGE_YEARS,
    AthleteInput,
    EventKind,
    Exercise,
    FixedEvent,
    Intensity,
    Level,
    Modality,
    RuleContext,
    Week,
    WeekKind,
)

# docs/domain.md section 1: the long-session cap looks 30 days back; "starting without history" 28 days.
LONG_SESSION_DAYS = 30
STARTING_DAYS = 28
# The history a week needs: the baseline's 4 weeks and the 30 days of the long-session cap.
HISTORY_DAYS = max(7 * BASELINE_WEEKS, LONG_SESSION_DAYS) + 5
# The match-day scheme looks past the week's ends: MD-2 on the Sunday before a Tuesday match, and congested
# fixtures up to 4 days apart around Monday or Sunday.
MATCH_LOOKAROUND_DAYS = CONGESTED_WITHIN_DAYS


@dataclass(frozen=True, slots=True)
class TrainingDay:
    """A planned session or a logged workout on a day before the week being planned."""

    date: dt.date
    modality: Modality | None
    minutes: int
    hard: bool
    logged: bool


@dataclass(frozen=True, slots=True)
class PastWeek:
    """A week before the one being planned: its plan (if any) and what was done in it."""

    week_start: dt.date
    kind: WeekKind | None = None  # None: no plan that week
    block_week: int | None = None
    planned_load: float | None = None
    done_load: float = 0.0
    over: bool = True  # the week has ended in the athlete's time zone
    eased: bool = False  # a recovery or re-planning adjustment lowered it
    days: tuple[TrainingDay, ...] = ()

    @property
    def load(self) -> float:
        """What the week weighs for the next one: what was done once it is over, what is planned before."""
        if self.over or self.planned_load is None:
            return self.done_load
        return self.planned_load

    @property
    def full(self) -> bool:
        """A week to grow from: neither a deload, a taper nor eased, and (once over) done as planned
        (docs/domain.md section 1: caps never grow from weeks nobody did)."""
        if (self.kind is not None and self.kind.is_reduced) or self.eased or self.load <= 0:
            return False
        if self.over and self.planned_load:
            return self.done_load >= FULL_WEEK_DONE_SHARE * self.planned_load
        return True


@dataclass(frozen=True, slots=True)
class WeeklyPractice:
    """A team practice every week on `weekday` (Monday = 0), in the athlete's local time."""

    weekday: int
    minutes: int
    intensity: Intensity = Intensity.MODERATE
    start_time: dt.time | None = None


@dataclass(frozen=True, slots=True)
class AthleteFacts:
    """The profile fields planning reads, with the recovery checks' limits on coming days, and a team
    athlete's weekly practices and dated fixtures (docs/domain.md section 11) around the weeks being planned."""

    level: Level
    sport: Modality
    birth_date: dt.date
    available_weekdays: frozenset[int]
    weekly_minutes_target: int
    preferred_long_day: int | None = None
    imbalance: bool = False
    max_intensity: Intensity | None = None
    avoid_hard_dates: frozenset[dt.date] = frozenset()
    practices: tuple[WeeklyPractice, ...] = ()
    fixtures: tuple[FixedEvent, ...] = ()

    def match_dates(self, week_start: dt.date) -> frozenset[dt.date]:
        """The matches the week's match-day scheme looks at: the week's own and those just before and after."""
        first = week_start - dt.timedelta(days=MATCH_LOOKAROUND_DAYS)
        last = week_start + dt.timedelta(days=6 + MATCH_LOOKAROUND_DAYS)
        return frozenset(f.date for f in self.fixtures if f.kind is EventKind.MATCH and first <= f.date <= last)

    def fixed_events(self, week_start: dt.date) -> tuple[FixedEvent, ...]:
        """The week's practices (weekly ones on their weekdays, plus dated extra ones) and matches."""
        days = [week_start + dt.timedelta(days=i) for i in range(7)]
        weekly = tuple(
            FixedEvent(days[p.weekday], EventKind.PRACTICE, p.minutes, p.intensity, p.start_time)
            for p in self.practices
        )
        return weekly + tuple(f for f in self.fixtures if days[0] <= f.date <= days[-1])

    def age_on(self, day: dt.date) -> int:
        """The age the rules use on `day`. Nobody under 14 signs up (docs/domain.md section 4), but a coach may plan
        a past week from before the 14th birthday: it is planned as a 14-year-old's, with the youth limits."""
        before_birthday = (day.month, day.day) < (self.birth_date.month, self.birth_date.day)
        return max(day.year - self.birth_date.year - before_birthday, MIN_AGE_YEARS)


def deload_every(age_years: int) -> int:
    """3:1 cycles, 2:1 for masters (docs/domain.md section 1, "Blocks")."""
    return DELOAD_EVERY_MASTERS if age_years >= MASTERS_AGE else DELOAD_EVERY_DEFAULT


def block_kinds(weeks: int, age_years: int, has_goal: bool) -> list[WeekKind]:
    """Each week's kind: build weeks with a deload every 4th (3rd for masters), and a taper of 1-2 weeks
    before a goal date (2 from 10 weeks on)."""
    if not BLOCK_WEEKS[0] <= weeks <= BLOCK_WEEKS[1]:
        raise ValueError(f"a block holds {BLOCK_WEEKS[0]} to {BLOCK_WEEKS[1]} weeks")
    every = deload_every(age_years)
    kinds = [WeekKind.DELOAD if i % every == 0 else WeekKind.BUILD for i in range(1, weeks + 1)]
    if has_goal:
        taper = 2 if weeks >= TWO_WEEK_TAPER_FROM else 1
        kinds[-taper:] = [WeekKind.TAPER] * taper
    return kinds


def _before(past: Sequence[PastWeek], week_start: dt.date, weeks: int) -> list[PastWeek]:
    """The weeks within `weeks` before week_start, latest first."""
    first = week_start - dt.timedelta(weeks=weeks)
    return sorted((w for w in past if first <= w.week_start < week_start), key=lambda w: w.week_start, reverse=True)


def _days_before(past: Sequence[PastWeek], week_start: dt.date, days: int) -> list[TrainingDay]:
    first = week_start - dt.timedelta(days=days)
    return [d for w in past for d in w.days if first <= d.date < week_start]


def _streak(days: Sequence[TrainingDay], week_start: dt.date) -> tuple[int, bool, int | None]:
    """The run of training days ending last Sunday (planned or logged, the cautious reading), whether that
    Sunday was hard, and the days from the last hard day to Monday (None: none in the week before)."""
    trained = {d.date for d in days}
    hard = [d.date for d in days if d.hard and d.date >= week_start - dt.timedelta(days=7)]
    sunday = week_start - dt.timedelta(days=1)
    run, day = 0, sunday
    while day in trained and run < 7:
        run, day = run + 1, day - dt.timedelta(days=1)
    last_hard = max(hard, default=None)
    return run, sunday in hard, None if last_hard is None else (week_start - last_hard).days


def _longest(days: Sequence[TrainingDay]) -> dict[Modality, float]:
    longest: dict[Modality, float] = {}
    for day in days:
        if day.modality is not None:
            longest[day.modality] = max(longest.get(day.modality, 0.0), float(day.minutes))
    return longest


def week_context(
    facts: AthleteFacts,
    week_start: dt.date,
    past: Sequence[PastWeek],
    *,
    plans_before: int,
    kind: WeekKind | None = None,
    block_week: int | None = None,
    final_week: bool = False,
) -> RuleContext:
    """The rules' view of `week_start` given the weeks before it.

    `kind` and `block_week` are a block's; a week made alone continues the chain of the week before it
    (block week + 1, a deload every 4th, or 3rd for masters) and is a `single` week otherwise.
    """
    age = facts.age_on(week_start)
    recent = _before(past, week_start, BASELINE_WEEKS)
    previous = recent[0] if recent and recent[0].week_start == week_start - dt.timedelta(weeks=1) else None
    full = next((w for w in recent if w.full), None)
    if block_week is None:
        block_week = previous.block_week + 1 if previous is not None and previous.block_week else 1
    every = deload_every(age)
    if kind is None:
        kind = WeekKind.DELOAD if block_week % every == 0 else WeekKind.SINGLE
    days = _days_before(past, week_start, LONG_SESSION_DAYS)
    trailing, sunday_hard, since_hard = _streak(days, week_start)
    # "starting without history": nothing trained or planned in the last 4 weeks; an athlete back after a
    # long break restarts at the level's figures rather than from a months-old plan
    recent_plan = any(w.kind is not None for w in _before(past, week_start, STARTING_DAYS // 7))
    active = recent_plan or bool(_days_before(past, week_start, STARTING_DAYS))
    return RuleContext(
        level=facts.level,
        age_years=age,
        sport=facts.sport,
        previous_week_load=previous.load if previous is not None else None,
        longest_minutes_by_modality_30d=_longest(days),
        week_index=block_week,
        deload_every=every,
        imbalance=facts.imbalance,
        nordic_week=block_week,
        max_intensity=facts.max_intensity,
        avoid_hard_dates=facts.avoid_hard_dates,
        trailing_training_days=trailing,
        previous_day_hard=sunday_hard,
        last_full_week_load=full.load if full is not None else None,
        week_kind=kind,
        final_week=final_week,
        starting=not active,
        plan_number=plans_before + 1,
        days_since_hard=since_hard,
        match_dates=facts.match_dates(week_start),
    )


def input_for(facts: AthleteFacts, week_start: dt.date, ctx: RuleContext) -> AthleteInput:
    """The generator's input for the week the context describes: the context's fields and the athlete's wishes."""
    return AthleteInput(
        **{f.name: getattr(ctx, f.name) for f in dataclasses.fields(RuleContext)},
        week_start=week_start,
        available_weekdays=facts.available_weekdays,
        weekly_minutes_target=facts.weekly_minutes_target,
        preferred_long_day=facts.preferred_long_day,
        fixed_events=facts.fixed_events(week_start),
    )


def planned_week(week: Week, ctx: RuleContext) -> PastWeek:
    """A week just planned, as the history of the weeks after it sees it (planned, not yet done)."""
    return PastWeek(
        week_start=week.week_start,
        kind=ctx.kind,
        block_week=ctx.week_index,
        planned_load=float(week.load),
        over=False,
        days=tuple(
            TrainingDay(date, s.modality, s.planned_minutes, s.intensity is Intensity.HARD, logged=False)
            for date, s in week.dated_sessions()
        ),
    )


def _race_free(facts: AthleteFacts, goal_date: dt.date | None, ctx: RuleContext) -> AthleteFacts:
    """The goal's week keeps the goal's day free of training: the race or test is the day's work."""
    if goal_date is None or not ctx.final_week:
        return facts
    days = facts.available_weekdays - {goal_date.weekday()}
    return dataclasses.replace(facts, available_weekdays=days) if days else facts


@dataclass(frozen=True, slots=True)
class PlannedWeek:
    week: Week
    ctx: RuleContext


def plan_block(
    facts: AthleteFacts,
    start: dt.date,
    weeks: int,
    past: Sequence[PastWeek],
    catalogue: Sequence[Exercise],
    *,
    plans_before: int,
    goal_date: dt.date | None = None,
) -> list[PlannedWeek]:
    """`weeks` weeks from `start`, each planned by `week_context` + `generate_week` on the history so far."""
    if goal_date is not None and not start <= goal_date < start + dt.timedelta(weeks=weeks):
        raise ValueError("the goal date falls outside the block")
    kinds = block_kinds(weeks, facts.age_on(start), goal_date is not None)
    history = list(past)
    out = []
    for index, kind in enumerate(kinds):
        week_start = start + dt.timedelta(weeks=index)
        ctx = week_context(
            facts,
            week_start,
            history,
            plans_before=plans_before + index,
            kind=kind,
            block_week=index + 1,
            final_week=goal_date is not None and index == weeks - 1,
        )
        week = generate_week(input_for(_race_free(facts, goal_date, ctx), week_start, ctx), catalogue)
        out.append(PlannedWeek(week, ctx))
        history.append(planned_week(week, ctx))
    return out
