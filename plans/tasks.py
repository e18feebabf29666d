"""Thin Celery tasks for plans: recovery checks when logs arrive and each morning; large workout files."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from celery import shared_task
from django.db.models.functions import Now
from django.utils import timezone

from plans import replan_services, selectors
from plans.models import RecoveryStatus
from plans.recovery_services import run_check
from trainer.models import AthleteProfile
from trainer.queue import enqueue_on_commit

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


@shared_task(acks_late=True, reject_on_worker_lost=True)
def review_week(athlete_id: int, week_start: str) -> int | None:
    """Compare one finished week with its plan and ease the coming weeks if it fell short (once per week: the
    review row is the claim)."""
    athlete = AthleteProfile.objects.select_related("user").filter(pk=athlete_id).first()
    if athlete is None:
        return None
    result = replan_services.review_week(athlete, dt.date.fromisoformat(week_start))
    return None if result is None else len(result.adjustments)


@shared_task
def review_weeks() -> int:
    """Enqueue the review of every week that just ended in its athlete's zone (runs every 15 min, like the
    morning checks; docs/domain.md §1 "Blocks and re-planning")."""
    athletes = list(AthleteProfile.objects.only("pk", "time_zone"))
    due = selectors.weeks_to_review(timezone.now(), athletes)
    for athlete, week_start in due:
        review_week.delay(athlete.pk, week_start.isoformat())
    return len(due)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def read_workout_upload(upload_id: int) -> str | None:
    """Read a large workout file (or export zip) sent on the workout page, and store what it holds."""
    from plans import upload_services  # it enqueues this task: imported here, not at the top

    row = upload_services.read_queued(upload_id)
    return None if row is None else row.outcome


def after_log(athlete: AthleteProfile) -> None:
    """A new log or check-in may change today's status: check again once it is committed.

    The debt is written in the log's own transaction, so a check that never gets published is not forgotten."""
    AthleteProfile.objects.filter(pk=athlete.pk).update(recovery_owed_since=Now())
    enqueue_on_commit(check_recovery, athlete.pk)
