"""At most 6 reminder emails per athlete per day (DOMAIN.md §9), earliest first; a recovery alert is not a
reminder and is never held back by the cap."""

from __future__ import annotations

import datetime as dt

from reminders import services
from reminders.models import Delivery
from tests.reminders.conftest import DAY, local, prime, publish_week, run_day

ZONE = "Europe/Berlin"
MONDAY = DAY - dt.timedelta(days=DAY.weekday())


def test_a_busy_day_stops_at_six(berlin) -> None:
    # Nine candidates: pre 09:00 and 14:00, hydration 10, 13, 16, 19, post 13:15 and 18:15, check-in 20:00.
    publish_week(berlin, MONDAY, {DAY: [{"start": dt.time(12)}, {"start": dt.time(17)}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, step_minutes=1)
    rows = list(Delivery.objects.filter(pk__in=made).order_by("id"))
    assert len(rows) == 6
    assert [d.kind for d in rows] == [
        "pre_session", "hydration", "hydration", "post_session", "pre_session", "hydration",
    ]  # fmt: skip
    alerts = services.notify_recovery_red(
        berlin, [{"code": "poor_recovery", "message": "Hooper index 25"}], DAY, now=local(ZONE, DAY, 20, 30)
    )
    assert [d.recipient_id for d in alerts if d.recipient_id == berlin.user_id] == [berlin.user_id]
    assert Delivery.objects.filter(recipient=berlin.user, local_date=DAY).count() == 7
