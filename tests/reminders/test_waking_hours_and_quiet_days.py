"""No reminder outside waking hours or on a quiet weekday (docs/domain.md §9), whatever the person chose."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from reminders import services
from reminders.models import Delivery
from tests.reminders.conftest import DAY, local, prime, run_day

ZONE = "Europe/Berlin"


def made_local_times(made: dict[int, dt.datetime]) -> list[tuple[str, str]]:
    rows = Delivery.objects.filter(pk__in=made).order_by("id")
    return [(d.kind, made[d.pk].astimezone(ZoneInfo(ZONE)).strftime("%H:%M")) for d in rows]


def test_default_day_without_plan_or_drinks(berlin) -> None:
    """07:00-21:00: hydration at 10, 13, 16, 19 (nothing drunk, so behind) and the check-in at 20."""
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, step_minutes=1)
    assert made_local_times(made) == [
        ("hydration", "10:00"), ("hydration", "13:00"), ("hydration", "16:00"), ("hydration", "19:00"),
        ("checkin", "20:00"),
    ]  # fmt: skip


def test_custom_waking_hours_and_interval(berlin) -> None:
    """09:00-18:00 every 2 h: hydration at 11, 13, 15, 17; the 20:00 check-in moves to 17:00, an hour before
    waking hours end; nothing before 09:00 or from 18:00."""
    services.update_preferences(
        berlin.user,
        {"waking_start": dt.time(9), "waking_end": dt.time(18), "hydration_interval_hours": 2},
    )
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    times = made_local_times(run_day(start, step_minutes=1))
    assert times == [
        ("hydration", "11:00"), ("hydration", "13:00"), ("hydration", "15:00"), ("checkin", "17:00"),
        ("hydration", "17:00"),
    ]  # fmt: skip
    assert all("09:00" <= t < "18:00" for _, t in times)


def test_quiet_weekday_gets_nothing_and_the_next_day_is_normal(berlin) -> None:
    services.update_preferences(berlin.user, {"quiet_weekdays": [DAY.weekday()]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, hours=48, step_minutes=5)
    dates = {d.local_date for d in Delivery.objects.filter(pk__in=made)}
    assert dates == {DAY + dt.timedelta(days=1)}


def test_everything_off_gets_nothing(berlin) -> None:
    kinds = dict.fromkeys(("hydration", "pre_session", "post_session", "rest_day", "checkin", "recovery_alert"), False)
    services.update_preferences(berlin.user, {"kinds": kinds})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    assert run_day(start, step_minutes=15) == {}


def test_invited_athlete_who_never_joined_gets_nothing(berlin) -> None:
    berlin.user.set_unusable_password()
    berlin.user.save()
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    assert run_day(start, step_minutes=15) == {}
