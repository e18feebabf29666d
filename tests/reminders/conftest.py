"""Helpers for reminder tests: local instants, published weeks made row by row, sweeps over a simulated day."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

import pytest

from plans.models import PlanStatus, PlanWeek
from reminders import services
from reminders.models import Delivery
from tests.factories import AthleteFactory, PlanSessionFactory, PlanWeekFactory

UTC = dt.UTC
# A past Wednesday, so water logs at its times are not "in the future" (people/logs.py).
DAY = dt.date(2026, 6, 10)


def local(zone: str, day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    """The UTC instant of a wall-clock time in `zone`."""
    return dt.datetime.combine(day, dt.time(hh, mm), tzinfo=ZoneInfo(zone)).astimezone(UTC)


def start_of(day: dt.date, zone: str) -> dt.datetime:
    return local(zone, day, 0, 0)


def run_day(start: dt.datetime, hours: float = 24, step_minutes: int = 5) -> dict[int, dt.datetime]:
    """Sweep every `step_minutes` from `start` for `hours` (no publishing): each delivery made, and when."""
    made: dict[int, dt.datetime] = {}
    t = start
    while t < start + dt.timedelta(hours=hours):
        made.update(dict.fromkeys(services.sweep(t, publish=False).created, t))
        t += dt.timedelta(minutes=step_minutes)
    return made


def deliveries(ids: Iterable[int] | None = None, **filters: object) -> list[Delivery]:
    rows = Delivery.objects.filter(**filters).order_by("id")
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return list(rows)


def publish_week(
    athlete,
    monday: dt.date,
    sessions: dict[dt.date, list[dict]],
) -> PlanWeek:
    """A published week with the given sessions (title, modality, intensity, minutes, start), each with a
    warm-up, a main block and a stretching block (two stretches)."""
    assert monday.weekday() == 0
    plan = PlanWeekFactory(athlete=athlete, week_start=monday, status=PlanStatus.PUBLISHED)
    for date, specs in sessions.items():
        for order, spec in enumerate(specs, start=1):
            PlanSessionFactory(
                plan=plan,
                date=date,
                order=order,
                title=spec.get("title", "Easy run"),
                modality=spec.get("modality", "run"),
                intensity=spec.get("intensity", "easy"),
                planned_rpe=spec.get("rpe", 3),
                planned_minutes=spec.get("minutes", 45),
                start_time=spec.get("start"),
                event=spec.get("event", ""),
                blocks=True,
            )
    return plan


@pytest.fixture
def berlin(coach):
    return AthleteFactory(coaches=[coach], time_zone="Europe/Berlin", user__name="Bea Berlin")


@pytest.fixture
def new_york(coach):
    return AthleteFactory(
        coaches=[coach], time_zone="America/New_York", units="imperial", mass_kg=70, user__name="Nia York"
    )


def only_kinds(user, *kinds: str) -> None:
    """Turn every kind off except `kinds` (tests look at one behaviour at a time)."""
    from reminders import selectors

    services.update_preferences(user, {"kinds": {k.value: k.value in kinds for k in selectors.kinds_for(user)}})


def prime(*users, at: dt.datetime) -> None:
    """Position the users' schedules as if computed at `at` (signals positioned them at the real now)."""
    for user in users:
        services.recompute_schedules(user, now=at)


def park_schedules() -> None:
    """Take every schedule out of the sweep: for tests that sweep at the real time about rows they made themselves
    (otherwise whatever slot the wall clock happens to be near would join in)."""
    from reminders.models import ReminderSchedule

    ReminderSchedule.objects.update(next_due_at=None)
