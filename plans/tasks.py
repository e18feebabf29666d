"""Thin Celery tasks for plans: each finished week is reviewed against its plan."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from plans import replan_services, selectors


@shared_task(acks_late=True, reject_on_worker_lost=True)
def review_week(athlete_id: int, week_start: str) -> int | None:
    """Compare one finished week with its plan and ease the coming weeks if it fell short (once per week: the
    review row is the claim)."""
    return replan_services.review_week_of(athlete_id, dt.date.fromisoformat(week_start))


@shared_task
def review_weeks() -> int:
    """Enqueue the review of every week that just ended in its athlete's zone (runs every 15 min, like the
    morning checks; docs/domain.md §1 "Blocks and re-planning")."""
    due = selectors.weeks_to_review(timezone.now(), selectors.athletes_with_zones())
    for athlete, week_start in due:
        review_week.delay(athlete.pk, week_start.isoformat())
    return len(due)
