"""Rows stuck in `sending` (the worker died mid-send) follow their kind's policy (docs/design.md, Reminder delivery
(5)): nudges are abandoned (at most once), recovery alerts and digests go back to pending (at least once)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reminders import services
from reminders.models import Delivery, DeliveryStatus
from tests.factories import DeliveryFactory
from tests.reminders.conftest import park_schedules


def stuck(recipient, kind: str, minutes_ago: float, attempts: int = 1) -> Delivery:
    return DeliveryFactory(
        recipient=recipient,
        kind=kind,
        local_date=dt.date(2026, 6, 10),
        slot=f"{kind}-{minutes_ago}",
        subject=kind,
        status=DeliveryStatus.SENDING,
        attempts=attempts,
        claimed_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
    )


def test_policy_by_kind(berlin, coach) -> None:
    nudge = stuck(berlin.user, "hydration", 10)
    alert = stuck(berlin.user, "recovery_alert", 10)
    digest = stuck(coach, "coach_digest", 10)
    live = stuck(berlin.user, "checkin", 1)  # still within the send time limit: a live worker has it
    worn_out = stuck(coach, "recovery_alert", 10, attempts=services.MAX_ATTEMPTS)
    park_schedules()
    result = services.sweep(timezone.now(), publish=False)
    status = dict(Delivery.objects.values_list("pk", "status"))
    assert status[nudge.pk] == DeliveryStatus.ABANDONED
    assert status[alert.pk] == status[digest.pk] == DeliveryStatus.PENDING
    assert status[live.pk] == DeliveryStatus.SENDING
    assert status[worn_out.pk] == DeliveryStatus.FAILED
    assert set(result.republished) == {alert.pk, digest.pk} and result.abandoned == 1
    # Abandoned means done: a later sweep does not bring it back.
    later = services.sweep(timezone.now() + dt.timedelta(hours=1), publish=False)
    assert nudge.pk not in later.republished
