"""The periodic tasks beat runs, kept in django-celery-beat's tables (created after every migrate)."""

from __future__ import annotations

from typing import Any

# name -> (task, every N seconds). Reminder sweeps join this table in their issue.
PERIODIC_TASKS: dict[str, tuple[str, int]] = {
    "re-send unsent invitations": ("people.tasks.send_unsent_invitations", 300),
    "reminder sweep": ("reminders.tasks.sweep", 60),
    "morning recovery checks": ("recovery.tasks.morning_checks", 900),
    "weekly re-planning": ("recovery.tasks.review_weeks", 900),
}


def ensure_periodic_tasks(**_: Any) -> None:
    from django_celery_beat.models import IntervalSchedule, PeriodicTask

    for name, (task, every_s) in PERIODIC_TASKS.items():
        interval, _ = IntervalSchedule.objects.get_or_create(every=every_s, period=IntervalSchedule.SECONDS)
        PeriodicTask.objects.update_or_create(name=name, defaults={"task": task, "interval": interval})
