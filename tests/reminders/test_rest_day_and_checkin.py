"""Rest-day reminders at 08:00 on rest and cross-training days of a published week, and the 20:00 check-in
reminder only when no check-in was logged that day (docs/domain.md §9)."""

from __future__ import annotations

import datetime as dt

from reminders.models import Delivery
from tests.factories import CheckInFactory
from tests.reminders.conftest import DAY, local, only_kinds, prime, publish_week, run_day

ZONE = "Europe/Berlin"
MONDAY = DAY - dt.timedelta(days=DAY.weekday())  # DAY is a Wednesday


def test_rest_day_on_rest_and_cross_training_days_only(berlin) -> None:
    only_kinds(berlin.user, "rest_day")
    publish_week(
        berlin,
        MONDAY,
        {
            MONDAY: [{"title": "Easy run", "start": dt.time(18)}],
            DAY: [{"title": "Easy spin", "modality": "cycling", "start": dt.time(18)}],
        },
    )
    start = local(ZONE, MONDAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, hours=72, step_minutes=10)
    rows = Delivery.objects.filter(pk__in=made).order_by("local_date")
    assert [(d.local_date, d.slot, d.context["day_kind"]) for d in rows] == [
        (MONDAY + dt.timedelta(days=1), "08:00", "rest"),
        (DAY, "08:00", "cross_training"),
    ]
    assert rows[1].context["sessions"] == ["Easy spin"]
    assert rows[0].subject.startswith("Rest day")


def test_no_rest_day_reminder_without_a_published_week(berlin) -> None:
    only_kinds(berlin.user, "rest_day")
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    assert run_day(start, step_minutes=10) == {}


def test_checkin_only_when_none_was_logged(berlin) -> None:
    only_kinds(berlin.user, "checkin")
    CheckInFactory(athlete=berlin, date=DAY, sleep=2, fatigue=3, stress=2, soreness=3)
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, hours=48, step_minutes=10)
    [reminder] = Delivery.objects.filter(pk__in=made)
    assert (reminder.local_date, reminder.slot) == (DAY + dt.timedelta(days=1), "20:00")
    assert reminder.context["checkin_url"].endswith(f"/api/v1/athletes/{berlin.pk}/checkins/")
