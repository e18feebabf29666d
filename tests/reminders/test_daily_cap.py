"""At most 6 reminder emails per athlete per day (docs/domain.md §9), earliest first; a recovery alert is not a
reminder and is never held back by the cap."""

from __future__ import annotations

import datetime as dt

from reminders import services
from reminders.models import Delivery
from tests.reminders.conftest import DAY, local, prime, publish_week, run_day

ZONE = "Europe/Berlin"
MONDAY = DAY - dt.timedelta(days=DAY.weekday())


def test_a_busy_day_stops_at_six(berlin) -> None:
    # Seven candidates: pre 07:00 (09:00's, at the start of waking hours) and 16:00, post 10:15 and 20:15, check-in
    # 20:00, and hydration 11:15 (10:00 moved out of the 09:00 session's drinking window) and 13:00 (16:00 and
    # 19:00 fall in the 19:00 session's window, which ends after waking hours).
    publish_week(berlin, MONDAY, {DAY: [{"start": dt.time(9)}, {"start": dt.time(19)}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, step_minutes=1)
    rows = list(Delivery.objects.filter(pk__in=made).order_by("id"))
    assert len(rows) == 6
    assert [(d.kind, made[d.pk]) for d in rows] == [
        ("pre_session", local(ZONE, DAY, 7)), ("post_session", local(ZONE, DAY, 10, 15)),
        ("hydration", local(ZONE, DAY, 11, 15)), ("hydration", local(ZONE, DAY, 13)),
        ("pre_session", local(ZONE, DAY, 16)), ("checkin", local(ZONE, DAY, 20)),
    ]  # fmt: skip
    assert not Delivery.objects.filter(kind="post_session", local_date=DAY, pk__in=made).exclude(pk=rows[1].pk)
    alerts = services.notify_recovery_red(
        berlin, [{"code": "poor_recovery", "message": "Hooper index 25"}], DAY, now=local(ZONE, DAY, 20, 30)
    )
    assert [d.recipient_id for d in alerts if d.recipient_id == berlin.user_id] == [berlin.user_id]
    assert Delivery.objects.filter(recipient=berlin.user, local_date=DAY).count() == 7
