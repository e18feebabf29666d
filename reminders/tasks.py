"""Thin Celery tasks for reminders: beat's sweep, and sending outbox rows in batches.

docs/design.md, Reminder delivery (3): `acks_late` and `reject_on_worker_lost` give a task back to the broker when
its worker dies; time limits stay well under the broker's visibility timeout, so Redis never redelivers a task
that is still running; nothing is scheduled with a countdown or ETA (retries wait in `next_attempt_at`, read
by the sweep).
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from reminders import services

_VISIBILITY_S = settings.CELERY_BROKER_VISIBILITY_TIMEOUT_SECONDS
# A batch starts its last email before services.SEND_BUDGET_S; that email may take the SMTP backend's own timeout
# (trainer/settings.py EMAIL_TIMEOUT) more.
SEND_TIME_LIMIT_S = min(90, _VISIBILITY_S // 10)
_EMAIL_TIMEOUT_S = getattr(settings, "EMAIL_TIMEOUT", None) or 30
# The sweep stops starting batches after services.SWEEP_BUDGET_S; this bounds the last one.
SWEEP_TIME_LIMIT_S = min(150, _VISIBILITY_S // 10)
# Beat publishes a sweep every minute; one that waited longer than that in the queue is superseded.
SWEEP_EXPIRES_S = 120

assert services.SENDING_TIMEOUT.total_seconds() > SEND_TIME_LIMIT_S, "a live send must never look stuck"
assert services.SEND_BUDGET_S + _EMAIL_TIMEOUT_S < SEND_TIME_LIMIT_S - 10, "a batch ends before its limit"
# Both send tasks: given back to the broker when their worker dies, and stopped well before the visibility timeout.
SENDING = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "time_limit": SEND_TIME_LIMIT_S,
    "soft_time_limit": SEND_TIME_LIMIT_S - 10,
    "ignore_result": True,
}


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    time_limit=SWEEP_TIME_LIMIT_S,
    soft_time_limit=SWEEP_TIME_LIMIT_S - 10,
    expires=SWEEP_EXPIRES_S,
    ignore_result=True,
)
def sweep() -> dict[str, int]:
    """Beat, every minute: due schedules to deliveries, lost publishes again, stuck sends settled."""
    return services.sweep().as_dict()


@shared_task(**SENDING)
def send_delivery(delivery_id: int) -> str:
    """Send one reminder; a duplicate publish of the same id finds the row claimed and does nothing."""
    return services.send_delivery(delivery_id)


@shared_task(**SENDING)
def send_deliveries(delivery_ids: list[int]) -> dict[str, int]:
    """Send a batch of reminders over one SMTP session and one database connection; each row is claimed on its
    own, so a duplicate publish finds its rows taken."""
    return services.send_deliveries(delivery_ids)
