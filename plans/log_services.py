"""Writes of the athlete's training logs. Each is one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from plans.models import CrampEpisode, WellnessCheckIn, WorkoutLog
from plans.tasks import after_log
from trainer.models import AthleteProfile, User


@transaction.atomic
def log_workout(*, athlete: AthleteProfile, data: dict[str, Any], by: User) -> WorkoutLog:
    after_log(athlete)
    return WorkoutLog.objects.create(athlete=athlete, logged_by=by, **data)


@transaction.atomic
def record_checkin(*, athlete: AthleteProfile, data: dict[str, Any]) -> tuple[WellnessCheckIn, bool]:
    """One check-in per local day: a second one that day replaces the first (a corrected entry)."""
    fields = {k: v for k, v in data.items() if k != "date"}
    after_log(athlete)
    return WellnessCheckIn.objects.update_or_create(athlete=athlete, date=data["date"], defaults=fields)


@transaction.atomic
def log_cramp(*, athlete: AthleteProfile, data: dict[str, Any]) -> CrampEpisode:
    after_log(athlete)
    return CrampEpisode.objects.create(athlete=athlete, **data)
