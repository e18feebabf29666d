"""Daylight-saving days: reminder slots keep their local wall-clock times (docs/design.md, principle 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from reminders import timing
from reminders.models import Delivery
from reminders.timing import Kind, Waking
from tests.factories import AthleteFactory
from tests.reminders.conftest import local, only_kinds, prime, run_day

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("zone", "day", "before", "on", "after"),
    [
        # Berlin springs forward on 2026-03-29 (CET +1 -> CEST +2): 10:00 local moves from 09:00 to 08:00 UTC.
        ("Europe/Berlin", dt.date(2026, 3, 29), utc(2026, 3, 28, 9), utc(2026, 3, 29, 8), utc(2026, 3, 30, 8)),
        # New York falls back on 2026-11-01 (EDT -4 -> EST -5): 10:00 local moves from 14:00 to 15:00 UTC.
        ("America/New_York", dt.date(2026, 11, 1), utc(2026, 10, 31, 14), utc(2026, 11, 1, 15), utc(2026, 11, 2, 15)),
    ],
)
def test_first_hydration_slot_stays_at_ten_local(zone, day, before, on, after) -> None:
    waking = Waking(zone=zone)
    firsts = [timing.daily_slots(Kind.HYDRATION, waking, day + dt.timedelta(days=d))[0] for d in (-1, 0, 1)]
    assert [s.at for s in firsts] == [before, on, after]
    assert all(s.label == "10:00" for s in firsts)
    # The slots of the change day are 3 h apart on the wall clock and in real time (no change inside waking hours).
    assert [s.label for s in timing.daily_slots(Kind.HYDRATION, waking, day)] == ["10:00", "13:00", "16:00", "19:00"]


@pytest.mark.parametrize(
    ("zone", "day"), [("Europe/Berlin", dt.date(2026, 3, 29)), ("America/New_York", dt.date(2026, 11, 1))]
)
def test_next_slot_across_the_change(zone, day) -> None:
    """From the evening before, the next check-in is 20:00 local on the change day, a 23 or 25 hour day away."""
    waking = Waking(zone=zone)
    evening = local(zone, day - dt.timedelta(days=1), 20, 0)
    slot = timing.next_daily_slot(Kind.CHECKIN, waking, evening)
    assert slot is not None and slot.local_date == day
    assert slot.at == local(zone, day, 20, 0)
    hours = (slot.at - evening).total_seconds() / 3600
    assert hours == (23 if zone == "Europe/Berlin" else 25)


def test_pre_session_is_three_real_hours_before_across_the_change() -> None:
    """A 10:00 session on the spring-forward day: 3 real hours before is 07:00 local (not 06:00 or 08:00)."""
    waking = Waking(zone="Europe/Berlin")
    session = timing.SessionTime(1, dt.date(2026, 3, 29), dt.time(10, 0), 60)
    slot = timing.session_slot(Kind.PRE_SESSION, waking, session)
    assert slot is not None and slot.at == local("Europe/Berlin", dt.date(2026, 3, 29), 7, 0)


@pytest.mark.parametrize(
    ("zone", "day"), [("Europe/Berlin", dt.date(2026, 3, 29)), ("America/New_York", dt.date(2026, 11, 1))]
)
def test_a_swept_dst_day_sends_at_local_times(db, zone, day) -> None:
    """Sweeping the whole change day minute by minute: the check-in is made at 20:00 local, once."""
    athlete = AthleteFactory(time_zone=zone)
    only_kinds(athlete.user, "checkin")
    start = local(zone, day, 0, 0)
    prime(athlete.user, at=start)
    made = run_day(start, hours=24, step_minutes=1)
    [delivery] = Delivery.objects.filter(pk__in=made)
    assert (delivery.kind, delivery.local_date, delivery.slot) == ("checkin", day, "20:00")
    # Made by the sweep at 20:00 local, the first minute the slot was due.
    assert made[delivery.pk] == local(zone, day, 20, 0)
