"""Thin Celery tasks for recovery: a check when logs arrive, the morning checks in chunks of athletes, and the
review of each finished week against its plan."""

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
# docs/design.md, "The morning run": a chunk's reads are a fixed number of IN-queries, so its cost per athlete falls
# with its size; 500 keeps one chunk a few seconds of work, which is what a dead worker loses.
MORNING_CHUNK = 500
# Claims of days before yesterday (UTC) are no athlete's today any more: the sweep forgets them.
CLAIMS_KEPT = dt.timedelta(days=2)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_recovery(athlete_id: int, later: bool = False) -> str | None:
    return services.run_owed_check(athlete_id, later)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def check_morning_chunk(athlete_ids: list[int]) -> int:
    """The morning check of one chunk of athletes; how many this chunk checked (the others were claimed by another
    chunk, or are gone). A chunk whose worker died goes back to the queue, and what it left claimed is taken over
    by the next beat's chunks once the lease ran out (recovery.services.claim_mornings)."""
    return len(services.run_morning_chunk(athlete_ids))


@shared_task
def morning_checks() -> int:
    """Enqueue today's check for every athlete past their local morning who has none yet, in chunks of
    MORNING_CHUNK, and every check owed by a log whose own check never ran (runs every 15 min)."""
    now = timezone.now()
    due = selectors.due_checks(now, morning_hour=MORNING_HOUR, owed_grace=OWED_GRACE)
    for start in range(0, len(due.mornings), MORNING_CHUNK):
        check_morning_chunk.delay(due.mornings[start : start + MORNING_CHUNK])
    for athlete_id in due.owed:
        check_recovery.delay(athlete_id)
    services.prune_claims(before=now.date() - CLAIMS_KEPT)
    return len(due.mornings) + len(due.owed)


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
