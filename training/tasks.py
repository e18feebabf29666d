"""Thin Celery tasks for training logs: large workout files are read by a worker."""

from __future__ import annotations

from celery import shared_task

from training import upload_services


@shared_task(acks_late=True, reject_on_worker_lost=True)
def read_workout_upload(upload_id: int) -> str | None:
    """Read a large workout file (or export zip) sent on the workout page, and store what it holds."""
    row = upload_services.read_queued(upload_id)
    return None if row is None else row.outcome
