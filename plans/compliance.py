"""Compliance, planned against done (docs/domain.md §2 "Compliance"). Pure Python: no Django, no I/O.

Which logged workout did which planned session, each session's completion, and the week's compliance %. The
bands themselves are plans.load.session_compliance and plans.load.weekly_compliance_pct, used here unchanged.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from plans import load


class Completion(StrEnum):
    PLANNED = "planned"  # not yet due: today or later, and nothing logged yet
    DONE = "done"
    PARTIAL = "partial"
    MISSED = "missed"


@dataclass(frozen=True)
class PlannedSession:
    id: int
    date: dt.date
    planned_minutes: int
    modality: str


@dataclass(frozen=True)
class LoggedWorkout:
    id: int
    date: dt.date  # the athlete's local date
    minutes: int
    modality: str  # "" when the athlete did not say
    session_id: int | None  # the planned session the athlete linked it to, if any


@dataclass(frozen=True)
class WeekCompliance:
    percent: float | None  # None while no session is due yet
    done: int
    partial: int
    missed: int
    planned: int

    @property
    def due(self) -> int:
        return self.done + self.partial + self.missed


@dataclass(frozen=True)
class Outcome:
    completion: Completion
    workout_id: int | None  # the workout that did the session (match_workouts), if any


def completion_of(
    session_date: dt.date, planned_minutes: int, logged_minutes: int | None, today: dt.date
) -> Completion:
    """A session with a workout gets its band at once, even on its own day; without one it is planned until its
    day has passed in the athlete's time zone, then missed (docs/domain.md §2)."""
    if logged_minutes is not None:
        return Completion(load.session_compliance(planned_minutes, logged_minutes).value)
    return Completion.PLANNED if session_date >= today else Completion.MISSED


def week_compliance(completions: Iterable[Completion]) -> WeekCompliance:
    """(done + half of partial) / sessions due, as a percentage (docs/domain.md §2); sessions not yet due don't
    count."""
    completions = list(completions)
    counts = {c: completions.count(c) for c in Completion}
    due = [load.Compliance(c.value) for c in completions if c is not Completion.PLANNED]
    percent = load.weekly_compliance_pct(due)
    return WeekCompliance(
        percent=None if percent is None else round(percent, 1),
        done=counts[Completion.DONE],
        partial=counts[Completion.PARTIAL],
        missed=counts[Completion.MISSED],
        planned=counts[Completion.PLANNED],
    )


def match_workouts(sessions: Sequence[PlannedSession], workouts: Sequence[LoggedWorkout]) -> dict[int, int]:
    """Session id -> the id of the workout that did it; each workout does at most one session.

    A workout the athlete linked to a session does that session (the lowest id wins if several are linked).
    Otherwise an unlinked workout of the same local date and modality does it, sessions and workouts taken in
    their given order. A workout linked elsewhere never stands in for another session.
    """
    wanted = {s.id for s in sessions}
    matched: dict[int, int] = {}
    for workout in sorted(workouts, key=lambda w: w.id):
        if workout.session_id in wanted and workout.session_id not in matched:
            matched[workout.session_id] = workout.id
    free = [w for w in workouts if w.session_id is None and w.modality]
    for session in sessions:
        if session.id in matched:
            continue
        for workout in free:
            if workout.date == session.date and workout.modality == session.modality:
                matched[session.id] = workout.id
                free.remove(workout)
                break
    return matched


def outcomes(
    sessions: Sequence[PlannedSession], workouts: Sequence[LoggedWorkout], today: dt.date
) -> dict[int, Outcome]:
    """Session id -> its completion and the workout that did it: match_workouts, then completion_of with that
    workout's minutes. Every reader of compliance (plan JSON, the roster, the coach digest) goes through here;
    `today` is the athlete's local date (a draft's readers pass the day before its week: nothing is due)."""
    minutes = {w.id: w.minutes for w in workouts}
    matched = match_workouts(sessions, workouts)
    out = {}
    for session in sessions:
        workout_id = matched.get(session.id)
        logged = minutes[workout_id] if workout_id is not None else None
        out[session.id] = Outcome(completion_of(session.date, session.planned_minutes, logged, today), workout_id)
    return out
