"""Reads for workouts from files: the files of one upload and what became of them, the workouts waiting for their
RPE, and the heart-rate load per day (docs/domain.md §12)."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from people.models import AthleteProfile
from plans.hooks import DoneWorkout
from plans.models import PlanSession
from training.models import WellnessCheckIn, WorkoutLog, WorkoutSource, WorkoutUpload

WAITING_SHOWN = 30
DONE_FIELDS = ("id", "athlete_id", "session_id", "date", "modality", "minutes", "rpe")


def done_workouts(
    athlete_ids: Sequence[int], first: dt.date, last: dt.date, linked: QuerySet[PlanSession] | None
) -> list[DoneWorkout]:
    """What plans read of the logs (plans.hooks): the athletes' workouts from `first` to `last` and those linked
    to `linked`'s sessions, oldest first (1 query)."""
    # Both sides index-backed (athlete and date; session): a join in the OR made the database scan every workout.
    where = Q(athlete_id__in=athlete_ids, date__range=(first, last))
    if linked is not None:
        where |= Q(session__in=linked)
    rows = WorkoutLog.objects.filter(where).order_by("id").values_list(*DONE_FIELDS)
    return [DoneWorkout(*row) for row in rows]


def batch_uploads(athlete: AthleteProfile, batch: uuid.UUID) -> list[WorkoutUpload]:
    """The files sent together, in the order sent, each zip with its entries (3 queries). Only this athlete's."""
    entries = WorkoutUpload.objects.select_related("workout__session").order_by("id")
    return list(
        WorkoutUpload.objects.filter(athlete=athlete, batch=batch, parent__isnull=True)
        .select_related("workout__session")
        .prefetch_related(Prefetch("entries", queryset=entries))
        .defer("data")
        .order_by("id")
    )


def waiting_for_rpe(athlete: AthleteProfile, limit: int = WAITING_SHOWN) -> list[WorkoutLog]:
    """Workouts read from files whose RPE the athlete has not given yet, the newest first (1 query)."""
    return list(
        WorkoutLog.objects.filter(athlete=athlete, source=WorkoutSource.FILE, rpe__isnull=True)
        .select_related("session")
        .order_by("-date", "-id")[:limit]
    )


@dataclass(frozen=True)
class HeartRateDay:
    day: dt.date
    banister_trimp: float  # the day's Banister TRIMP, its workouts with a heart rate added up
    edwards_trimp: float | None  # None when no workout that day had heart-rate samples
    waiting_for_rpe: int  # of those workouts, how many still wait for their RPE (no session-RPE load yet)


def heart_rate_days(athlete: AthleteProfile, first: dt.date, last: dt.date) -> list[HeartRateDay]:
    """Only the days with a heart-rate load, oldest first (1 query)."""
    rows = (
        WorkoutLog.objects.filter(athlete=athlete, date__range=(first, last), trimp__isnull=False)
        .values("date")
        .annotate(
            banister=Sum("trimp"),
            edwards=Sum("trimp_edwards"),
            waiting=Count("id", filter=Q(rpe__isnull=True)),
        )
        .order_by("date")
    )
    return [HeartRateDay(r["date"], round(r["banister"], 1), r["edwards"], r["waiting"]) for r in rows]


def checkin_on(athlete: AthleteProfile, day: dt.date) -> WellnessCheckIn | None:
    return WellnessCheckIn.objects.filter(athlete=athlete, date=day).first()


def workout_of(athlete: AthleteProfile, log_id: int) -> WorkoutLog | None:
    """The athlete's workout with its planned session, or None (another athlete's is None too)."""
    return WorkoutLog.objects.filter(athlete=athlete, pk=log_id).select_related("session").first()
