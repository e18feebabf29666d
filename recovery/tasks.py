"""Thin Celery tasks for recovery: a check when logs arrive, each athlete's morning check, and the review of each
finished week against its plan."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from recovery import replanning, selectors, services

# Each athlete's morning check runs once their local clock has passed this hour.
MORNING_HOUR = 5
# A check owed for longer than this was lost on its way (broker down, worker gone): the sweep runs it. Shorter
# and the sweep would duplicate checks still in the queue (harmless, but wasted work).
OWED_GRACE = dt.timedelta(minutes=2)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_recovery(athlete_id: int, later: bool = False) -> str | None:
    return services.run_owed_check(athlete_id, later)


@shared_task
def morning_checks() -> int:
    """Enqueue today's check for every athlete past their local morning who has none yet, and every check owed
    by a log whose own check never ran (runs every 15 min)."""
    due = selectors.due_checks(timezone.now(), morning_hour=MORNING_HOUR, owed_grace=OWED_GRACE)
    for athlete_id in due:
        check_recovery.delay(athlete_id)
    return len(due)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def review_week(athlete_id: int, week_start: str) -> int | None:
    """Compare one finished week with its plan and ease the coming weeks if it fell short (once per week: the
    review row is the claim)."""
    return replanning.review_week_of(athlete_id, dt.date.fromisoformat(week_start))


@shared_task
def review_weeks() -> int:
    """Enqueue the review of every week that just ended in its athlete's zone (runs every 15 min, like the
    morning checks; docs/domain.md §1 "Blocks and re-planning")."""
    due = selectors.weeks_to_review(timezone.now(), selectors.athletes_with_zones())
    for athlete, week_start in due:
        review_week.delay(athlete.pk, week_start.isoformat())
    return len(due)
