"""Reads for plan pages and the API, each a fixed number of queries whatever the row count."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.db.models import F, Max, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from plans import convert
from plans.engine.types import Exercise, Modality, RuleContext
from plans.models import (
    BlockExercise,
    PlanSession,
    PlanStatus,
    PlanTemplate,
    PlanWeek,
    SessionBlock,
    WorkoutLog,
)
from plans.models import Exercise as ExerciseRow
from trainer.models import AthleteProfile, CoachAthlete, User
from trainer.selectors import visible_athletes

# DOMAIN.md §1, long_session_cap: the previous 30 days.
LONG_SESSION_WINDOW_DAYS = 30
# DOMAIN.md §1, deload_week: every 4th week by default.
DELOAD_EVERY = 4


def _sessions_prefetch() -> Prefetch:
    return Prefetch("sessions", queryset=sessions_with_blocks())


def visible_plans(user: User) -> QuerySet[PlanWeek]:
    """Plans of the athletes `user` sees; an athlete sees only published weeks."""
    plans = PlanWeek.objects.filter(athlete__in=visible_athletes(user))
    if user.is_athlete and not user.is_staff:
        plans = plans.filter(status=PlanStatus.PUBLISHED)
    return plans


def get_plan(user: User, plan_id: int) -> PlanWeek:
    """The plan with sessions, blocks and exercises (4 queries), or 404 if `user` may not see it."""
    plan = (
        visible_plans(user)
        .select_related("athlete__user")
        .prefetch_related(_sessions_prefetch(), "overrides")
        .filter(pk=plan_id)
        .first()
    )
    if plan is None:
        raise Http404("No such plan.")
    return plan


def plans_of(athlete: AthleteProfile, user: User, week_start: dt.date | None = None) -> QuerySet[PlanWeek]:
    plans = visible_plans(user).filter(athlete=athlete)
    if week_start is not None:
        plans = plans.filter(week_start=week_start)
    return plans.select_related("athlete__user").prefetch_related(_sessions_prefetch(), "overrides")


def catalogue_for(athlete: AthleteProfile) -> tuple[dict[str, int], list[Exercise]]:
    """The library plus the athlete's coaches' own exercises: (slug -> row id, engine exercises)."""
    coaches = CoachAthlete.objects.filter(athlete=athlete).values("coach_id")
    rows = list(ExerciseRow.objects.filter(Q(owner__isnull=True) | Q(owner__in=coaches)).order_by("owner_id", "id"))
    ids = {row.slug: row.pk for row in rows}
    return ids, [convert.exercise_of(row) for row in rows]


def library_catalogue() -> tuple[dict[str, int], list[Exercise]]:
    rows = list(ExerciseRow.objects.filter(owner__isnull=True).order_by("id"))
    return {row.slug: row.pk for row in rows}, [convert.exercise_of(row) for row in rows]


def sessions_with_blocks() -> QuerySet[PlanSession]:
    exercises = BlockExercise.objects.select_related("exercise").order_by("order")
    blocks = SessionBlock.objects.order_by("order").prefetch_related(Prefetch("exercises", queryset=exercises))
    return PlanSession.objects.prefetch_related(Prefetch("blocks", queryset=blocks), "adjustments")


def planned_athlete_ids(athletes: Sequence[AthleteProfile], week_start: dt.date) -> set[int]:
    plans = PlanWeek.objects.filter(athlete__in=[a.pk for a in athletes], week_start=week_start)
    return set(plans.values_list("athlete_id", flat=True))


def rule_contexts(
    athletes: Sequence[AthleteProfile], week_start: dt.date, block_weeks: dict[int, int] | None = None
) -> dict[int, tuple[RuleContext, int]]:
    """Each athlete's RuleContext and training-block week for `week_start`, in 6 queries for any number.

    The block week is the previous week's plus one, or 1 when the previous week had no plan; it also counts
    the weeks of the Nordic progression (DOMAIN.md §1), which starts with the athlete's first planned week.
    """
    ids = [a.pk for a in athletes]
    previous_start = week_start - dt.timedelta(days=7)
    previous = {
        row["athlete_id"]: row
        for row in PlanWeek.objects.filter(athlete_id__in=ids, week_start=previous_start)
        .annotate(load=Sum(F("sessions__planned_rpe") * F("sessions__planned_minutes")))
        .values("athlete_id", "load", "block_week")
    }
    # What was done beats what was planned: progression builds on the logged load when there is one.
    logged_load = dict(
        WorkoutLog.objects.filter(athlete_id__in=ids, date__gte=previous_start, date__lt=week_start)
        .values("athlete_id")
        .annotate(load=Sum(F("rpe") * F("minutes")))
        .values_list("athlete_id", "load")
    )
    since = week_start - dt.timedelta(days=LONG_SESSION_WINDOW_DAYS)
    longest: dict[int, dict[Modality, float]] = {}
    planned = (
        PlanSession.objects.filter(plan__athlete_id__in=ids, date__lt=week_start, date__gte=since)
        .values_list("plan__athlete_id", "modality")
        .annotate(longest=Max("planned_minutes"))
    )
    logged = (
        WorkoutLog.objects.filter(athlete_id__in=ids, date__lt=week_start, date__gte=since)
        .exclude(modality="")
        .values_list("athlete_id", "modality")
        .annotate(longest=Max("minutes"))
    )
    for athlete_id, modality, minutes in [*planned, *logged]:  # DOMAIN.md §1: planned or logged
        by_modality = longest.setdefault(athlete_id, {})
        by_modality[Modality(modality)] = max(by_modality.get(Modality(modality), 0.0), float(minutes))
    streaks = _streaks_before(ids, week_start)
    out = {}
    for athlete in athletes:
        prev = previous.get(athlete.pk)
        block_week = (block_weeks or {}).get(athlete.pk) or (prev["block_week"] + 1 if prev else 1)
        previous_load = logged_load.get(athlete.pk) or (float(prev["load"] or 0) if prev else None)
        ctx = RuleContext(
            level=athlete.level,
            age_years=athlete.age_on(week_start),
            sport=athlete.sport,
            previous_week_load=previous_load,
            longest_minutes_by_modality_30d=longest.get(athlete.pk, {}),
            week_index=block_week,
            deload_every=DELOAD_EVERY,
            imbalance=athlete.hamstring_imbalance,
            nordic_week=block_week,
            trailing_training_days=streaks[athlete.pk][0],
            previous_day_hard=streaks[athlete.pk][1],
        )
        out[athlete.pk] = (ctx, block_week)
    return out


def templates_of(user: User) -> QuerySet[PlanTemplate]:
    return PlanTemplate.objects.all() if user.is_staff else PlanTemplate.objects.filter(owner=user)


def athletes_by_id(user: User, ids: Iterable[int]) -> dict[int, AthleteProfile]:
    return {a.pk: a for a in visible_athletes(user).filter(pk__in=list(ids))}


def published_sessions(athlete: AthleteProfile, since: dt.date) -> QuerySet[PlanSession]:
    """Published sessions from `since` on, with blocks and exercises (4 queries)."""
    return (
        sessions_with_blocks()
        .filter(plan__athlete=athlete, plan__status=PlanStatus.PUBLISHED, date__gte=since)
        .select_related("plan")
        .order_by("date", "order")
    )


def exercises_for(user: User) -> QuerySet[ExerciseRow]:
    """The library, plus a coach's own exercises (for an athlete: those of their coaches)."""
    if user.is_staff:
        return ExerciseRow.objects.all()
    if user.is_coach:
        return ExerciseRow.objects.filter(Q(owner__isnull=True) | Q(owner=user))
    coaches = CoachAthlete.objects.filter(athlete__user=user).values("coach_id")
    return ExerciseRow.objects.filter(Q(owner__isnull=True) | Q(owner__in=coaches))


# DOMAIN.md §1 (hard_easy): RPE 7 and above is a hard session.
HARD_RPE = 7


def _streaks_before(ids: list[int], week_start: dt.date) -> dict[int, tuple[int, bool]]:
    """Per athlete: the run of training days ending last Sunday, and whether that Sunday was hard.

    A day counts when it held a planned session or a logged workout, whichever says more (the cautious reading).
    """
    first = week_start - dt.timedelta(days=7)
    sunday = week_start - dt.timedelta(days=1)
    trained: dict[int, set[dt.date]] = {i: set() for i in ids}
    hard_sunday: set[int] = set()
    planned = PlanSession.objects.filter(plan__athlete_id__in=ids, date__gte=first, date__lt=week_start)
    for athlete_id, date, intensity in planned.values_list("plan__athlete_id", "date", "intensity"):
        trained[athlete_id].add(date)
        if date == sunday and intensity == "hard":
            hard_sunday.add(athlete_id)
    logged = WorkoutLog.objects.filter(athlete_id__in=ids, date__gte=first, date__lt=week_start)
    for athlete_id, date, rpe in logged.values_list("athlete_id", "date", "rpe"):
        trained[athlete_id].add(date)
        if date == sunday and rpe >= HARD_RPE:
            hard_sunday.add(athlete_id)
    out = {}
    for athlete_id, days in trained.items():
        run, day = 0, sunday
        while day in days and run < 7:
            run, day = run + 1, day - dt.timedelta(days=1)
        out[athlete_id] = (run, athlete_id in hard_sunday)
    return out
