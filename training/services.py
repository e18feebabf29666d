"""Writes of the athlete's training logs. Each is one transaction.

Every write, a correction or a removal as much as a new log, goes through `after_log`: the athlete owes a
recovery check from that moment, and one is published once the write commits. Load, the day summary and the
plan's completion marks are computed from the logs when read, so they follow by themselves; the stored recovery
status is the one that needs the check to run again.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import transaction
from django.db.models import Model

from core.errors import RowGone, ServiceError
from people.models import AthleteProfile, User
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog
from training.signals import after_log

M = TypeVar("M", bound=Model)


@transaction.atomic
def log_workout(*, athlete: AthleteProfile, data: dict[str, Any], by: User) -> WorkoutLog:
    after_log(athlete)
    return WorkoutLog.objects.create(athlete=athlete, logged_by=by, **data)


@transaction.atomic
def update_workout(*, workout: WorkoutLog, data: dict[str, Any]) -> WorkoutLog:
    """Correct a workout (validated as on creation); moving it to another date changes the load of both days."""
    row = apply_changes(locked(workout), data)
    after_log(workout.athlete)
    return row


@transaction.atomic
def delete_workout(*, workout: WorkoutLog) -> None:
    """Remove a workout: its day loses its load, and a session it did is planned (or missed) again."""
    WorkoutLog.objects.filter(pk=workout.pk).delete()
    after_log(workout.athlete)


@transaction.atomic
def record_checkin(*, athlete: AthleteProfile, data: dict[str, Any]) -> tuple[WellnessCheckIn, bool]:
    """One check-in per local day: a second one that day replaces the first (a corrected entry)."""
    fields = {k: v for k, v in data.items() if k != "date"}
    after_log(athlete)
    return WellnessCheckIn.objects.update_or_create(athlete=athlete, date=data["date"], defaults=fields)


@transaction.atomic
def update_checkin(*, checkin: WellnessCheckIn, data: dict[str, Any]) -> WellnessCheckIn:
    """Correct a check-in; moving it onto a day that has its own check-in is refused (one per day)."""
    row = locked(checkin)
    day = data.get("date", row.date)
    if day != row.date and WellnessCheckIn.objects.filter(athlete_id=row.athlete_id, date=day).exists():
        raise ServiceError(
            "date", f"There is a check-in on {day.isoformat()} already: correct that one, or delete it first."
        )
    row = apply_changes(row, data)
    after_log(checkin.athlete)
    return row


@transaction.atomic
def delete_checkin(*, checkin: WellnessCheckIn) -> None:
    WellnessCheckIn.objects.filter(pk=checkin.pk).delete()
    after_log(checkin.athlete)


@transaction.atomic
def log_cramp(*, athlete: AthleteProfile, data: dict[str, Any]) -> CrampEpisode:
    after_log(athlete)
    return CrampEpisode.objects.create(athlete=athlete, **data)


@transaction.atomic
def update_cramp(*, cramp: CrampEpisode, data: dict[str, Any]) -> CrampEpisode:
    row = apply_changes(locked(cramp), data)
    after_log(cramp.athlete)
    return row


@transaction.atomic
def delete_cramp(*, cramp: CrampEpisode) -> None:
    CrampEpisode.objects.filter(pk=cramp.pk).delete()
    after_log(cramp.athlete)


# --- shared by the corrections of every log kind (intake's too) -------------------------------------------


def locked(row: M) -> M:
    """The row as stored now, locked until the transaction ends; 404 when it was deleted meanwhile (a correction
    must never bring a deleted log back). Call inside a transaction."""
    fresh = type(row)._default_manager.select_for_update().filter(pk=row.pk).first()
    if fresh is None:
        raise RowGone("No such log.")
    return fresh


def apply_changes(row: M, data: dict[str, Any]) -> M:
    """Set the validated fields and write only them (plus any auto_now stamp); the database's constraints still
    check every value."""
    if not data:
        return row
    for name, value in data.items():
        setattr(row, name, value)
    stamps = [f.name for f in row._meta.concrete_fields if getattr(f, "auto_now", False)]
    row.save(update_fields=[*data, *stamps])
    return row
