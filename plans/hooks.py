"""What was done, as the plan app reads it: plans compare the workouts logged against what they planned
(compliance, done load, the chain's look back), but the logs live in the training app above (docs/design.md
"Layout"). Training hands its reader over at start-up (training/apps.py), the way a signal's receiver is
connected, so plans never imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet

from plans.models import PlanSession


class Workout(Protocol):
    """The fields of a logged workout that plans read: a DoneWorkout, or training's own row."""

    @property
    def id(self) -> int: ...
    @property
    def athlete_id(self) -> int: ...
    @property
    def session_id(self) -> int | None: ...
    @property
    def date(self) -> dt.date: ...
    @property
    def modality(self) -> str: ...
    @property
    def minutes(self) -> int: ...
    @property
    def rpe(self) -> int | None: ...
    @property
    def load(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class DoneWorkout:
    """A logged workout, reduced to what plans read."""

    id: int
    athlete_id: int
    session_id: int | None
    date: dt.date
    modality: str  # "" when unknown
    minutes: int
    rpe: int | None  # None while a file's workout waits for its RPE

    @property
    def load(self) -> int | None:
        """Session RPE load (docs/domain.md §2); None while the RPE is missing."""
        return None if self.rpe is None else self.rpe * self.minutes


# (athlete ids, first date, last date, sessions whose linked workouts count wherever they lie) -> the workouts of
# those athletes on those dates plus those linked to the sessions, oldest first (by id), in one query.
WorkoutReader = Callable[[Sequence[int], dt.date, dt.date, "QuerySet[PlanSession] | None"], list[DoneWorkout]]
_reader: WorkoutReader | None = None


def provide_workouts(reader: WorkoutReader) -> None:
    global _reader
    _reader = reader


def done_workouts(
    athlete_ids: Sequence[int], first: dt.date, last: dt.date, linked: QuerySet[PlanSession] | None = None
) -> list[DoneWorkout]:
    """The athletes' workouts from `first` to `last`, and any linked to `linked`'s sessions, oldest first
    (training.selectors.done_workouts; 1 query, none for no athlete)."""
    if _reader is None:
        raise ImproperlyConfigured("The training app gives plans the workouts logged against them; install it.")
    if not athlete_ids:
        return []
    return _reader(athlete_ids, first, last, linked)
