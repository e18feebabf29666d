"""Conversions between stored plan rows and the engine's value types. No queries here: callers prefetch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from people.models import AthleteProfile
from plans import compliance
from plans.engine.chain import AthleteFacts, WeeklyPractice
from plans.engine.types import (
    Block,
    BlockExercise,
    BlockKind,
    Category,
    Day,
    DayKind,
    EventKind,
    Exercise,
    FixedEvent,
    Intensity,
    Level,
    Modality,
    Session,
    Week,
)
from plans.hooks import Workout
from plans.models import BlockExercise as BlockExerciseRow
from plans.models import Exercise as ExerciseRow
from plans.models import Fixture, PlanSession


def exercise_of(row: ExerciseRow) -> Exercise:
    return Exercise(
        slug=row.slug,
        name=row.name,
        category=Category(row.category),
        target_muscles=tuple(row.target_muscles),
        equipment=row.equipment,
        instructions=row.instructions,
        default_sets=row.default_sets,
        default_reps=row.default_reps,
        default_seconds=row.default_seconds,
        modality=Modality(row.modality) if row.modality else None,
        suits=tuple(Modality(m) for m in row.suits),
    )


def block_exercise_of(row: BlockExerciseRow) -> BlockExercise:
    library = row.exercise
    return BlockExercise(
        name=row.name,
        sets=row.sets,
        reps=row.reps,
        seconds=row.seconds,
        notes=row.notes,
        slug=library.slug if library else "",
        category=Category(library.category) if library else None,
        target_muscles=tuple(library.target_muscles) if library else (),
    )


def session_of(row: PlanSession) -> Session:
    """The engine's view of a stored session (blocks and their exercises prefetched)."""
    return Session(
        title=row.title,
        modality=Modality(row.modality),
        intensity=Intensity(row.intensity),
        planned_rpe=row.planned_rpe,
        blocks=tuple(
            Block(
                kind=BlockKind(block.kind),
                minutes=block.minutes,
                exercises=tuple(block_exercise_of(e) for e in block.exercises.all()),
            )
            for block in row.blocks.all()
        ),
        event=EventKind(row.event) if row.event else None,
        start_time=row.start_time if row.event else None,
    )


def fixture_of(row: Fixture) -> FixedEvent:
    match = row.kind == EventKind.MATCH
    return FixedEvent(
        date=row.date,
        kind=EventKind(row.kind),
        minutes=row.minutes,
        intensity=Intensity.HARD if match else Intensity(row.intensity),
        start_time=row.start_time,
        title=row.title,
    )


def practices_of(athlete: AthleteProfile) -> tuple[WeeklyPractice, ...]:
    """The profile's weekly team practices (validated on the way in: people.api.TeamPracticeSerializer)."""
    return tuple(
        WeeklyPractice(
            weekday=p["weekday"],
            minutes=p["minutes"],
            intensity=Intensity(p.get("intensity") or Intensity.MODERATE),
            start_time=dt.time.fromisoformat(p["start_time"]) if p.get("start_time") else None,
        )
        for p in athlete.team_practices or ()
    )


def facts_of(athlete: AthleteProfile, fixtures: Iterable[Fixture] = ()) -> AthleteFacts:
    """The profile fields the planning chain reads, with the athlete's fixtures around the weeks planned."""
    return AthleteFacts(
        level=Level(athlete.level),
        sport=Modality(athlete.sport),
        birth_date=athlete.birth_date,
        available_weekdays=frozenset(athlete.available_weekdays),
        weekly_minutes_target=athlete.weekly_minutes_target,
        preferred_long_day=athlete.preferred_long_day,
        imbalance=athlete.hamstring_imbalance,
        practices=practices_of(athlete),
        fixtures=tuple(fixture_of(f) for f in fixtures),
    )


def day_kind_of(modalities: Iterable[str]) -> DayKind:
    """A day's kind follows from its sessions: none is rest, only cross-training is a cross-training day."""
    modalities = [Modality(m) for m in modalities]
    if not modalities:
        return DayKind.REST
    if all(m.is_cross_training for m in modalities):
        return DayKind.CROSS_TRAINING
    return DayKind.TRAINING


def week_of(week_start: dt.date, dated_sessions: Iterable[tuple[dt.date, Session]]) -> Week:
    by_date: dict[dt.date, list[Session]] = {}
    for date, session in dated_sessions:
        by_date.setdefault(date, []).append(session)
    days = []
    for offset in range(7):
        date = week_start + dt.timedelta(days=offset)
        sessions = by_date.get(date, [])
        kind = day_kind_of(s.modality for s in sessions)
        days.append(Day(date=date, kind=kind, sessions=tuple(sessions)))
    return Week(week_start=week_start, days=tuple(days))


def week_of_rows(week_start: dt.date, rows: Iterable[PlanSession]) -> Week:
    return week_of(week_start, ((row.date, session_of(row)) for row in rows))


def compliance_outcomes(
    sessions: Sequence[PlanSession], workouts: Sequence[Workout], today: dt.date
) -> dict[int, compliance.Outcome]:
    """plans.compliance.outcomes on stored rows: session id -> completion and the id of the workout that did it.
    `workouts`: any superset of the athlete's workouts that may have done the sessions (linked to one, or on a
    session's date), oldest first, as plans.selectors.workouts_for_plans and published_weeks return them."""
    return compliance.outcomes(
        [compliance.PlannedSession(s.pk, s.date, s.planned_minutes, s.modality) for s in sessions],
        [compliance.LoggedWorkout(w.id, w.date, w.minutes, w.modality, w.session_id) for w in workouts],
        today,
    )
