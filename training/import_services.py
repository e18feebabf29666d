"""Workouts from files (docs/domain.md §12; docs/api.md "Workout files"): read, weighed by heart rate, matched to the
planned session of the same local day and modality, then stored through the same write as a typed-in workout
(log_services.log_workout), so the recovery check, the load and the plan's completion follow."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from people.logs import CLOCK_SKEW, OLDEST_LOG, local_date_of
from people.models import AthleteProfile, User
from plans import compliance
from plans.engine.types import Modality, disciplines
from plans.models import PlanSession, PlanStatus
from training import services as log_services
from training import trimp
from training.models import WellnessCheckIn, WorkoutLog, WorkoutSource
from training.workout_files import WorkoutFileError, WorkoutSummary, read_workout_file, sample_seconds

# A file's sport, as planned sessions may name it: the sport's own session first, then its cross-training twin
# (a runner's ride is cross-training "cycling"; a triathlete's or cyclist's is "bike").
TWINS: dict[Modality, Modality] = {
    Modality.BIKE: Modality.CYCLING,
    Modality.SWIM: Modality.SWIMMING,
    Modality.ROW: Modality.ROWING,
}


class DuplicateWorkoutFile(Exception):
    """The athlete imported this very file before."""

    def __init__(self, workout_id: int) -> None:
        super().__init__("This file was imported already.")
        self.workout_id = workout_id


def fingerprint(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def import_workout_file(*, athlete: AthleteProfile, data: bytes, by: User) -> WorkoutLog:
    """Store the workout a file holds. Raises WorkoutFileError (nothing stored) for a file that cannot be used,
    DuplicateWorkoutFile when the athlete sent the same file before."""
    digest = fingerprint(data)
    if (existing := _imported(athlete, digest)) is not None:
        raise DuplicateWorkoutFile(existing)
    summary = read_workout_file(data)
    _check_ranges(summary)
    day = _local_day(athlete, summary.start)
    session, modality = planned_match(athlete, day, summary.sport)
    fields: dict[str, Any] = {
        "date": day,
        "session": session,
        "modality": modality,
        "minutes": summary.moving_minutes,
        "rpe": None,  # a file has none: the athlete gives it later (PATCH), and the load waits for it
        "source": WorkoutSource.FILE,
        "distance_m": summary.distance_m,
        "elevation_gain_m": summary.elevation_gain_m,
        "avg_hr_bpm": summary.avg_hr_bpm,
        "max_hr_bpm": summary.max_hr_bpm,
        "file_sha256": digest,
        "started_at": summary.start,
        **heart_rate_load(athlete, summary, day),
    }
    try:
        with transaction.atomic():
            return log_services.log_workout(athlete=athlete, data=fields, by=by)
    except IntegrityError:
        # The same file sent twice at once: the other request stored it first.
        if (existing := _imported(athlete, digest)) is not None:
            raise DuplicateWorkoutFile(existing) from None
        raise


def modalities_for(athlete: AthleteProfile, sport: Modality | None) -> tuple[Modality, ...]:
    """The session modalities a file's sport may do, the likeliest first for this athlete."""
    if sport is None:
        return ()
    twin = TWINS.get(sport)
    if twin is None:
        return (sport,)
    own = disciplines(Modality(athlete.sport))
    return (sport, twin) if sport in own else (twin, sport)


def planned_match(athlete: AthleteProfile, day: dt.date, sport: Modality | None) -> tuple[PlanSession | None, str]:
    """The published session of `day` (the athlete's local date) in the file's sport that no workout did yet,
    and the modality to store: the session's, else the likeliest for the sport ("" when the file names none)."""
    wanted = modalities_for(athlete, sport)
    if not wanted:
        return None, ""
    sessions = list(
        PlanSession.objects.filter(plan__athlete=athlete, plan__status=PlanStatus.PUBLISHED, date=day).order_by(
            "order", "id"
        )
    )
    free = [s for s in sessions if s.modality in wanted]
    if free:
        workouts = WorkoutLog.objects.filter(Q(athlete=athlete, date=day) | Q(session__in=free))
        done = compliance.match_workouts(sessions, list(workouts))
        free = [s for s in free if s.pk not in done]
    free.sort(key=lambda s: wanted.index(Modality(s.modality)))
    if free:
        return free[0], free[0].modality
    return None, wanted[0].value


def heart_rate_load(athlete: AthleteProfile, summary: WorkoutSummary, day: dt.date) -> dict[str, float | None]:
    """Banister TRIMP from the average heart rate, Edwards TRIMP from the samples (docs/domain.md §12): HR_rest is
    the median of the last month's check-ins (else trimp.DEFAULT_REST_HR_BPM), HR_max the age formula (the
    profile holds no measured one)."""
    if summary.avg_hr_bpm is None:
        return {"trimp": None, "trimp_edwards": None}
    recent = WellnessCheckIn.objects.filter(
        athlete=athlete,
        date__range=(day - dt.timedelta(days=trimp.REST_HR_DAYS), day),
        resting_hr_bpm__isnull=False,
    ).values_list("resting_hr_bpm", flat=True)
    rest_bpm = trimp.resting_hr(list(recent))
    # docs/domain.md §12: a measured maximum when the profile has one, else Tanaka's estimate from age
    max_bpm = float(athlete.max_hr_bpm) if athlete.max_hr_bpm else trimp.tanaka_max_hr(athlete.age_on(day))
    banister = trimp.banister_trimp(summary.moving_seconds / 60, summary.avg_hr_bpm, rest_bpm, max_bpm, athlete.sex)
    edwards = None
    if summary.heart_rate:
        seconds = sample_seconds([s.at for s in summary.heart_rate])
        edwards = trimp.edwards_trimp([(s, h.bpm) for s, h in zip(seconds, summary.heart_rate, strict=True)], max_bpm)
    return {
        "trimp": None if banister is None else round(banister, 1),
        "trimp_edwards": None if edwards is None else round(edwards, 1),
    }


def _imported(athlete: AthleteProfile, digest: str) -> int | None:
    return WorkoutLog.objects.filter(athlete=athlete, file_sha256=digest).values_list("pk", flat=True).first()


# WorkoutLog's constraints on what one workout may hold: a file past them is refused in words, not by the
# database (which would answer an error page).
MAX_DISTANCE_M = 1_000_000
MAX_ELEVATION_GAIN_M = 20_000


def _check_ranges(summary: WorkoutSummary) -> None:
    if summary.distance_m is not None and summary.distance_m > MAX_DISTANCE_M:
        raise WorkoutFileError("The file's distance is over 1,000 km, more than one workout can cover.")
    if summary.elevation_gain_m is not None and summary.elevation_gain_m > MAX_ELEVATION_GAIN_M:
        raise WorkoutFileError("The file's climb is over 20,000 m, more than one workout can hold.")


def _local_day(athlete: AthleteProfile, start: dt.datetime) -> dt.date:
    now = timezone.now()
    if start > now + CLOCK_SKEW:
        raise WorkoutFileError("The workout in the file starts in the future; check the clock of the watch.")
    if start < now - OLDEST_LOG:
        raise WorkoutFileError("The workout in the file is more than two years old.")
    return local_date_of(athlete, start)
