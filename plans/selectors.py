"""Reads for plan pages and the API, each a fixed number of queries whatever the row count."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet, Sum
from django.http import Http404

from people.logs import local_today
from people.models import AthleteProfile, CoachAthlete, User
from people.selectors import visible_athletes
from plans import compliance, convert
from plans.engine import check_week
from plans.engine.chain import HISTORY_DAYS, MATCH_LOOKAROUND_DAYS, AthleteFacts, PastWeek, TrainingDay, week_context
from plans.engine.types import Exercise, Modality, RuleContext, Violation, WeekKind
from plans.hooks import DoneWorkout, done_workouts
from plans.models import (
    BlockExercise,
    Fixture,
    PlanAdjustment,
    PlanSession,
    PlanStatus,
    PlanTemplate,
    PlanWeek,
    RuleOverride,
    SessionBlock,
    TrainingBlock,
)
from plans.models import Exercise as ExerciseRow


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
        .select_related("athlete__user", "block")
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


def workouts_for_plans(plans: Sequence[PlanWeek]) -> list[DoneWorkout]:
    """Every workout that may have done one of the plans' sessions or counts toward a week's done load: those
    linked to their sessions, and the athletes' workouts on the dates of their weeks (1 query for any number of
    plans; none for no plan). A superset when the plans' weeks differ: callers keep each week's own. Oldest first,
    so matching them to sessions is deterministic."""
    if not plans:
        return []
    first = min(plan.week_start for plan in plans)
    last = max(plan.week_start for plan in plans) + dt.timedelta(days=6)
    linked = PlanSession.objects.filter(plan_id__in=[plan.pk for plan in plans])
    return done_workouts(sorted({plan.athlete_id for plan in plans}), first, last, linked)


@dataclass(frozen=True)
class PublishedWeek:
    """An athlete's published week (no sessions without one: a draft is never due) and the workouts that may
    have done its sessions or were logged on its dates, oldest first (as workouts_for_plans gives them)."""

    monday: dt.date
    sessions: list[PlanSession]
    workouts: list[DoneWorkout]

    def outcomes(self, today: dt.date) -> dict[int, compliance.Outcome]:
        """Each session's completion and the workout that did it, as plan JSON shows them (no query)."""
        return convert.compliance_outcomes(self.sessions, self.workouts, today)

    def week_compliance(self, today: dt.date) -> compliance.WeekCompliance:
        """The week's compliance as plan JSON's `compliance` gives it for the same `today` (no query)."""
        return compliance.week_compliance(o.completion for o in self.outcomes(today).values())


def published_weeks(days: Mapping[int, dt.date]) -> dict[int, PublishedWeek]:
    """Athlete id -> the week (Monday to Sunday) holding their local date `days[id]`: the sessions of that week if
    it is published, and every workout of theirs on the week's dates or linked to one of its sessions, matched
    as plan JSON matches them (plans.compliance). 2 queries for any number of athletes; none for none."""
    mondays = {athlete_id: day - dt.timedelta(days=day.weekday()) for athlete_id, day in days.items()}
    out = {athlete_id: PublishedWeek(monday, [], []) for athlete_id, monday in mondays.items()}
    if not out:
        return out
    ids, starts = list(out), set(mondays.values())
    published = Q(plan__athlete_id__in=ids, plan__status=PlanStatus.PUBLISHED, plan__week_start__in=starts)
    session_ids: set[int] = set()
    for session in PlanSession.objects.filter(published).select_related("plan").order_by("date", "order", "id"):
        if session.plan.week_start == mondays[session.plan.athlete_id]:
            out[session.plan.athlete_id].sessions.append(session)
            session_ids.add(session.pk)
    first, last = min(starts), max(starts) + dt.timedelta(days=6)
    # Linked workouts may lie outside the week's dates (a session done a day early); a superset is fetched and
    # each athlete keeps their own: on their week's dates, or linked to one of its sessions.
    linked = PlanSession.objects.filter(plan__athlete_id__in=ids, plan__week_start__in=starts)
    for workout in done_workouts(ids, first, last, linked):
        week = out.get(workout.athlete_id)
        if week is None:
            continue
        on_dates = week.monday <= workout.date <= week.monday + dt.timedelta(days=6)
        if on_dates or workout.session_id in session_ids:
            week.workouts.append(workout)
    return out


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


# The ids of rows just written without model instances (plans.services._copy_week), each by what makes it unique
# in a fresh copy of a week: 1 query each, however many plans.


def plans_by_athlete(athlete_ids: Sequence[int], week_start: dt.date) -> dict[int, PlanWeek]:
    """Athlete id -> their plan for `week_start` (unique per athlete and week)."""
    plans = PlanWeek.objects.filter(athlete_id__in=athlete_ids, week_start=week_start)
    return {plan.athlete_id: plan for plan in plans}


def session_ids(plan_ids: Sequence[int]) -> dict[tuple[int, dt.date, int], int]:
    """(plan id, date, order) -> session id, for the sessions of these plans."""
    rows = PlanSession.objects.filter(plan_id__in=plan_ids).values_list("plan_id", "date", "order", "id")
    return {(plan_id, date, order): pk for plan_id, date, order, pk in rows}


def block_ids(plan_ids: Sequence[int]) -> dict[tuple[int, int], int]:
    """(session id, order) -> block id, for the blocks of these plans' sessions (unique: block_order_unique)."""
    rows = SessionBlock.objects.filter(session__plan_id__in=plan_ids).values_list("session_id", "order", "id")
    return {(session_id, order): pk for session_id, order, pk in rows}


def chain_history(athletes: Sequence[AthleteProfile], week_start: dt.date) -> dict[int, tuple[list[PastWeek], int]]:
    """Per athlete, the weeks before `week_start` that the planning chain reads and the number of plans before
    it (4 queries for any number of athletes)."""
    ids = [a.pk for a in athletes]
    past = _past_weeks(athletes, week_start)
    plans_before = dict(
        PlanWeek.objects.filter(athlete_id__in=ids, week_start__lt=week_start)
        .values("athlete_id")
        .annotate(n=Count("id"))
        .values_list("athlete_id", "n")
    )
    return {a.pk: (past[a.pk], plans_before.get(a.pk, 0)) for a in athletes}


def athlete_facts(athletes: Sequence[AthleteProfile], first: dt.date, last: dt.date) -> dict[int, AthleteFacts]:
    """Each athlete's planning facts with their fixtures from `first` to `last` and a few days around (the
    match-day scheme looks past a week's ends), in 1 query for any number of athletes."""
    margin = dt.timedelta(days=MATCH_LOOKAROUND_DAYS)
    fixtures: dict[int, list[Fixture]] = defaultdict(list)
    for row in Fixture.objects.filter(
        athlete_id__in=[a.pk for a in athletes], date__gte=first - margin, date__lte=last + margin
    ):
        fixtures[row.athlete_id].append(row)
    return {a.pk: convert.facts_of(a, fixtures[a.pk]) for a in athletes}


def rule_contexts(
    athletes: Sequence[AthleteProfile], week_start: dt.date, existing: dict[int, PlanWeek] | None = None
) -> dict[int, RuleContext]:
    """Each athlete's RuleContext for `week_start`, in 5 queries for any number of athletes.

    The pure chain (plans.engine.chain.week_context) reads the weeks before: their plans, what was done, and
    the planned and logged days of the last 30. `existing` gives the plan being edited, whose kind and
    block week stand as they were made.
    """
    history = chain_history(athletes, week_start)
    facts = athlete_facts(athletes, week_start, week_start + dt.timedelta(days=6))
    out = {}
    for athlete in athletes:
        past, plans_before = history[athlete.pk]
        plan = (existing or {}).get(athlete.pk)
        block = plan.block if plan is not None and plan.block_id else None
        out[athlete.pk] = week_context(
            facts[athlete.pk],
            week_start,
            past,
            plans_before=plans_before,
            kind=WeekKind(plan.week_kind) if plan is not None else None,
            block_week=plan.block_week if plan is not None else None,
            final_week=bool(block and block.goal_date and plan.block_week == block.weeks),
        )
    return out


def plan_context(plan: PlanWeek) -> RuleContext:
    """The rules' view of a stored week (4 queries; `plan.block` is read when the week belongs to one)."""
    return rule_contexts([plan.athlete], plan.week_start, {plan.athlete_id: plan})[plan.athlete_id]


def _past_weeks(athletes: Sequence[AthleteProfile], week_start: dt.date) -> dict[int, list[PastWeek]]:
    """The weeks before `week_start` that the chain reads (HISTORY_DAYS), per athlete, in 3 queries."""
    ids = [a.pk for a in athletes]
    first = week_start - dt.timedelta(days=HISTORY_DAYS)
    first_monday = first - dt.timedelta(days=first.weekday())
    live = PlanAdjustment.objects.filter(plan=OuterRef("pk"), undone_at__isnull=True)
    plans = {
        (row["athlete_id"], row["week_start"]): row
        for row in PlanWeek.objects.filter(athlete_id__in=ids, week_start__gte=first_monday, week_start__lt=week_start)
        .annotate(load=Sum(F("sessions__planned_rpe") * F("sessions__planned_minutes")), eased=Exists(live))
        .values("athlete_id", "week_start", "week_kind", "block_week", "load", "eased")
    }
    days: dict[tuple[int, dt.date], list[TrainingDay]] = defaultdict(list)
    done: dict[tuple[int, dt.date], float] = defaultdict(float)
    planned = PlanSession.objects.filter(plan__athlete_id__in=ids, date__gte=first, date__lt=week_start)
    for athlete_id, date, modality, minutes, intensity in planned.values_list(
        "plan__athlete_id", "date", "modality", "planned_minutes", "intensity"
    ):
        days[athlete_id, _monday(date)].append(
            TrainingDay(date, Modality(modality), minutes, intensity == "hard", False)
        )
    for w in done_workouts(ids, first, week_start - dt.timedelta(days=1)):
        kind = Modality(w.modality) if w.modality else None
        hard = w.rpe is not None and w.rpe >= HARD_RPE  # a file's workout waiting for its RPE is not known hard
        days[w.athlete_id, _monday(w.date)].append(TrainingDay(w.date, kind, w.minutes, hard, True))
        done[w.athlete_id, _monday(w.date)] += w.load or 0
    out: dict[int, list[PastWeek]] = {}
    for athlete in athletes:
        today = local_today(athlete)
        weeks = []
        monday = first_monday
        while monday < week_start:
            key = (athlete.pk, monday)
            plan = plans.get(key)
            if plan is not None or key in days:
                weeks.append(
                    PastWeek(
                        week_start=monday,
                        kind=WeekKind(plan["week_kind"]) if plan else None,
                        block_week=plan["block_week"] if plan else None,
                        planned_load=float(plan["load"] or 0) if plan else None,
                        done_load=done.get(key, 0.0),
                        over=monday + dt.timedelta(days=7) <= today,
                        eased=bool(plan and plan["eased"]),
                        days=tuple(days.get(key, ())),
                    )
                )
            monday += dt.timedelta(days=7)
        out[athlete.pk] = weeks
    return out


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def week_is_planned(athlete: AthleteProfile, day: dt.date, *, drafts: bool = False) -> bool:
    """Whether the week holding `day` has a plan the viewer sees: a day without sessions is a rest day only then
    (issue 14: "no plan yet" is not a rest day)."""
    weeks = PlanWeek.objects.filter(athlete=athlete, week_start=_monday(day))
    return (weeks if drafts else weeks.filter(status=PlanStatus.PUBLISHED)).exists()


def blocks_of(athlete: AthleteProfile) -> QuerySet[TrainingBlock]:
    return TrainingBlock.objects.filter(athlete=athlete).order_by("-start", "-id")


def blocks_with_counts(athlete: AthleteProfile) -> list[TrainingBlock]:
    """The athlete's blocks, newest first, each annotated with `plan_count` (weeks that still have a plan: a week
    generated alone later replaces the block's draft) and `published_count` (1 query)."""
    published = Q(plan_weeks__status=PlanStatus.PUBLISHED)
    return list(
        blocks_of(athlete).annotate(
            plan_count=Count("plan_weeks"), published_count=Count("plan_weeks", filter=published)
        )
    )


def get_block(user: User, block_id: int) -> TrainingBlock:
    """A block whose athlete `user` sees, or 404."""
    block = TrainingBlock.objects.filter(pk=block_id, athlete__in=visible_athletes(user)).first()
    if block is None:
        raise Http404("No such block.")
    return block


def block_plans(user: User, *blocks: TrainingBlock) -> list[PlanWeek]:
    """The weeks of these blocks that `user` may see, oldest first, with their rows for plan_json (a fixed number
    of queries however many blocks)."""
    plans = visible_plans(user).filter(block__in=[b.pk for b in blocks]).select_related("athlete__user")
    return list(plans.prefetch_related(_sessions_prefetch(), "overrides").order_by("week_start"))


@dataclass(frozen=True)
class Breach:
    """A rule the week breaks now, with the override that accepted it (if any) and whether that still covers
    today's figure."""

    violation: Violation
    override: RuleOverride | None

    @property
    def covered(self) -> bool:
        return self.override is not None and self.violation.no_worse_than(self.override.figure)


def plan_breaches(plan: PlanWeek) -> list[Breach]:
    """The week's current breaches against its current context (rules read done loads once weeks are over), each
    with the latest override of the same rule and subject (5 queries; sessions and overrides prefetched)."""
    ctx = plan_context(plan)
    week = convert.week_of_rows(plan.week_start, list(plan.sessions.all()))
    overrides = sorted(plan.overrides.all(), key=lambda o: o.created_at)
    latest = {(o.rule, o.subject): o for o in overrides}
    return [Breach(v, latest.get((v.rule, v.subject))) for v in check_week(week, ctx)]


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


def fixtures_from(athlete: AthleteProfile, since: dt.date) -> QuerySet[Fixture]:
    return Fixture.objects.filter(athlete=athlete, date__gte=since).order_by("date", "start_time")


def exercises_for(user: User) -> QuerySet[ExerciseRow]:
    """The library, plus a coach's own exercises (for an athlete: those of their coaches)."""
    if user.is_staff:
        return ExerciseRow.objects.all()
    if user.is_coach:
        return ExerciseRow.objects.filter(Q(owner__isnull=True) | Q(owner=user))
    coaches = CoachAthlete.objects.filter(athlete__user=user).values("coach_id")
    return ExerciseRow.objects.filter(Q(owner__isnull=True) | Q(owner__in=coaches))


# docs/domain.md §1 (hard_easy): RPE 7 and above is a hard session.
HARD_RPE = 7
