"""The sweep's cost follows what is due, not how many athletes exist (docs/design.md, Reminder delivery (2), and
principle 8): the same few due rows cost the same queries among 5 athletes or 200."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders import services
from reminders.models import Delivery, ReminderSchedule
from tests.factories import AthleteFactory
from tests.reminders.conftest import DAY, local, publish_week

ZONE = "Europe/Berlin"
NOW = local(ZONE, DAY, 20)  # hydration 19:00 is past its grace; the check-in 20:00 is due
MONDAY = DAY - dt.timedelta(days=DAY.weekday())
FAR = NOW + dt.timedelta(days=365)


def make_due(athletes, kinds=("hydration", "checkin", "rest_day", "pre_session")) -> None:
    ReminderSchedule.objects.filter(user__athlete__in=athletes, kind__in=kinds).update(next_due_at=NOW)


def sweep_queries() -> tuple[list[str], services.SweepResult]:
    with CaptureQueriesContext(connection) as queries:
        result = services.sweep(NOW, publish=False)
    # Savepoints are the transaction bookkeeping of the test's own transaction, not work.
    return [q["sql"] for q in queries.captured_queries if "SAVEPOINT" not in q["sql"]], result


def test_same_due_rows_same_queries_among_5_or_200_athletes(db) -> None:
    few = [AthleteFactory(time_zone=ZONE) for _ in range(5)]
    for athlete in few[:3]:
        publish_week(athlete, MONDAY, {DAY: [{"start": dt.time(23)}]})
    ReminderSchedule.objects.update(next_due_at=FAR)
    make_due(few[:3])
    small, result = sweep_queries()
    assert result.schedules == 12 and len(result.created) == 6  # three check-ins, three pre-session

    Delivery.objects.all().delete()
    many = [AthleteFactory(time_zone=ZONE) for _ in range(195)]
    for athlete in many[:3]:
        publish_week(athlete, MONDAY, {DAY: [{"start": dt.time(23)}]})
    ReminderSchedule.objects.update(next_due_at=FAR)
    make_due(many[:3])
    large, result = sweep_queries()
    assert result.schedules == 12 and len(result.created) == 6
    assert len(large) == len(small), (small, large)


def test_nothing_due_is_a_handful_of_queries(db) -> None:
    for _ in range(50):
        AthleteFactory(time_zone=ZONE)
    ReminderSchedule.objects.update(next_due_at=FAR)
    count, result = sweep_queries()
    assert result.schedules == 0 and len(count) <= 5, count


def test_more_due_rows_of_one_kind_cost_no_more_queries(db) -> None:
    athletes = [AthleteFactory(time_zone=ZONE) for _ in range(30)]
    ReminderSchedule.objects.update(next_due_at=FAR)
    make_due(athletes[:2], kinds=("checkin",))
    two, _ = sweep_queries()
    ReminderSchedule.objects.update(next_due_at=FAR)
    Delivery.objects.all().delete()
    make_due(athletes[2:30], kinds=("checkin",))
    twenty_eight, result = sweep_queries()
    assert len(result.created) == 28
    assert len(twenty_eight) == len(two), (two, twenty_eight)
