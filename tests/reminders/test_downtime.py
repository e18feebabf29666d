"""After downtime one sweep makes one reminder per kind for the current slot, not a backlog (docs/design.md,
Reminder delivery (7)), and moves each schedule to its next future slot."""

from __future__ import annotations

import datetime as dt

from reminders import services
from reminders.models import Delivery, ReminderSchedule
from tests.reminders.conftest import DAY, local, prime

ZONE = "Europe/Berlin"


def test_six_hours_down_then_one_sweep(berlin) -> None:
    prime(berlin.user, at=local(ZONE, DAY, 10, 10) - dt.timedelta(hours=6))
    result = services.sweep(local(ZONE, DAY, 16, 10), publish=False)
    rows = list(Delivery.objects.filter(pk__in=result.created))
    # 10:00 and 13:00 were missed and stay missed; 16:00 is 10 minutes old, within its 30-minute grace.
    assert [(d.kind, d.slot) for d in rows] == [("hydration", "16:00")]
    assert ReminderSchedule.objects.get(user=berlin.user, kind="hydration").next_due_at == local(ZONE, DAY, 19)
    assert ReminderSchedule.objects.get(user=berlin.user, kind="checkin").next_due_at == local(ZONE, DAY, 20)


def test_a_day_down_then_one_sweep(berlin) -> None:
    prime(berlin.user, at=local(ZONE, DAY, 0))
    result = services.sweep(local(ZONE, DAY + dt.timedelta(days=1), 20, 30), publish=False)
    rows = list(Delivery.objects.filter(pk__in=result.created))
    assert [(d.kind, d.local_date, d.slot) for d in rows] == [("checkin", DAY + dt.timedelta(days=1), "20:00")]
    assert all(s.next_due_at > local(ZONE, DAY + dt.timedelta(days=1), 20, 30) for s in ReminderSchedule.objects.all())


def test_the_same_sweep_twice_makes_nothing_new(berlin) -> None:
    prime(berlin.user, at=local(ZONE, DAY, 9))
    first = services.sweep(local(ZONE, DAY, 10), publish=False)
    second = services.sweep(local(ZONE, DAY, 10), publish=False)
    assert len(first.created) == 1 and second.created == []
    # A schedule made due again (a profile save) looks at 10:00 again, and the outbox key ignores it.
    services.touch_schedules(berlin.user, now=local(ZONE, DAY, 10, 5))
    assert services.sweep(local(ZONE, DAY, 10, 5), publish=False).created == []
    assert Delivery.objects.count() == 1
