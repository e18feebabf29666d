"""Thin Celery tasks for recovery: a check when logs arrive, and each athlete's morning check."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from celery import shared_task
from django.utils import timezone

from people.models import AthleteProfile
from plans.models import RecoveryStatus
from recovery.services import run_check

# Each athlete's morning check runs once their local clock has passed this hour.
MORNING_HOUR = 5
# A check owed for longer than this was lost on its way (broker down, worker gone): the sweep runs it. Shorter
# and the sweep would duplicate checks still in the queue (harmless, but wasted work).
OWED_GRACE = dt.timedelta(minutes=2)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_recovery(athlete_id: int) -> str | None:
    athlete = AthleteProfile.objects.select_related("user").filter(pk=athlete_id).first()
    if athlete is None:
        return None
    status = run_check(athlete).status
    # Paid only once the check succeeded, and only the debt it saw (compare-and-set): a log that arrived while
    # it ran has moved recovery_owed_since later, and still owes a check.
    if athlete.recovery_owed_since is not None:
        AthleteProfile.objects.filter(pk=athlete_id, recovery_owed_since__lte=athlete.recovery_owed_since).update(
            recovery_owed_since=None
        )
    return status


@shared_task
def morning_checks() -> int:
    """Enqueue today's check for every athlete past their local morning who has none yet, and every check owed
    by a log whose own check never ran (runs every 15 min)."""
    now = timezone.now()
    athletes = list(AthleteProfile.objects.only("pk", "time_zone", "recovery_owed_since"))
    local = {a.pk: now.astimezone(ZoneInfo(a.time_zone)) for a in athletes}
    done = set(
        RecoveryStatus.objects.filter(date__in={t.date() for t in local.values()}).values_list("athlete_id", "date")
    )
    owed = {a.pk for a in athletes if a.recovery_owed_since and a.recovery_owed_since < now - OWED_GRACE}
    due = [pk for pk, t in local.items() if (t.hour >= MORNING_HOUR and (pk, t.date()) not in done) or pk in owed]
    for athlete_id in due:
        check_recovery.delay(athlete_id)
    return len(due)
