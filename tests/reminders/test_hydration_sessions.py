"""No hydration nudge during a planned session or inside its drinking advice (issue 14): from 4 h before the start
(docs/domain.md §4 "Before", the pre-session email's advice) to an hour after the post-session email. A nudge that falls
inside moves to just after the window, or is skipped when that is past waking hours; the outbox still makes each
slot once."""

from __future__ import annotations

import datetime as dt

from reminders import services, timing
from reminders.models import Delivery, ReminderSchedule
from reminders.timing import Kind, SessionTime, Waking
from tests.reminders.conftest import DAY, local, only_kinds, prime, publish_week, run_day

ZONE = "Europe/Berlin"
MONDAY = DAY - dt.timedelta(days=DAY.weekday())


def made_of(made: dict[int, dt.datetime], kind: str) -> list[tuple[str, dt.datetime]]:
    rows = Delivery.objects.filter(pk__in=made, kind=kind).order_by("id")
    return [(d.slot, made[d.pk]) for d in rows]


def test_nudges_inside_the_window_move_to_just_after_it(berlin) -> None:
    """A 17:00 hour-long run: the window is 13:00-19:30, so 13:00, 16:00 and 19:00 become one nudge at 19:30,
    while the pre-session (14:00) and post-session (18:30) emails give the drinking advice in between."""
    only_kinds(berlin.user, "hydration", "pre_session", "post_session")
    publish_week(berlin, MONDAY, {DAY: [{"title": "Tempo run", "minutes": 60, "start": dt.time(17)}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, hours=24, step_minutes=5)  # nothing drunk all day: every nudge would be sent
    assert made_of(made, "hydration") == [("10:00", local(ZONE, DAY, 10)), ("19:30", local(ZONE, DAY, 19, 30))]
    [(_, pre_at)] = made_of(made, "pre_session")
    [(_, post_at)] = made_of(made, "post_session")
    assert (pre_at, post_at) == (local(ZONE, DAY, 14), local(ZONE, DAY, 18, 30))
    nudge = Delivery.objects.get(kind="hydration", slot="19:30")
    assert nudge.local_date == DAY and nudge.context["at"] == "19:30"  # the email says "By 19:30 ..."
    # Swept again at the same moment (a touched schedule): the outbox key makes it once.
    services.touch_schedules(berlin.user, now=local(ZONE, DAY, 19, 30))
    assert services.sweep(local(ZONE, DAY, 19, 31), publish=False).created == []


def test_the_schedule_points_at_the_moved_slot(berlin) -> None:
    only_kinds(berlin.user, "hydration")
    publish_week(berlin, MONDAY, {DAY: [{"minutes": 60, "start": dt.time(17)}]})
    services.recompute_schedules(berlin.user, now=local(ZONE, DAY, 10, 5))
    row = ReminderSchedule.objects.get(user=berlin.user, kind="hydration")
    assert row.next_due_at == local(ZONE, DAY, 19, 30)


def test_a_session_without_a_start_time_uses_the_preferred_session_time(berlin) -> None:
    """As for the pre- and post-session reminders: an 08:00 preferred time and 45 minutes close the window at 10:15."""
    berlin.preferred_session_time = dt.time(8)
    berlin.save()
    only_kinds(berlin.user, "hydration")
    publish_week(berlin, MONDAY, {DAY: [{"minutes": 45}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, hours=24, step_minutes=5)
    assert [slot for slot, _ in made_of(made, "hydration")] == ["10:15", "13:00", "16:00", "19:00"]


def test_a_window_that_ends_after_waking_hours_skips_the_nudge(berlin) -> None:
    """A 19:00 session: the window runs 15:00-21:30, past the 21:00 end of waking hours, so 16:00 and 19:00 go."""
    only_kinds(berlin.user, "hydration")
    publish_week(berlin, MONDAY, {DAY: [{"minutes": 60, "start": dt.time(19)}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, hours=24, step_minutes=5)
    assert [slot for slot, _ in made_of(made, "hydration")] == ["10:00", "13:00"]


def test_days_without_sessions_keep_every_slot(berlin) -> None:
    only_kinds(berlin.user, "hydration")
    publish_week(berlin, MONDAY, {DAY - dt.timedelta(days=1): [{"minutes": 60, "start": dt.time(12)}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, hours=24, step_minutes=5)
    assert [slot for slot, _ in made_of(made, "hydration")] == ["10:00", "13:00", "16:00", "19:00"]


# --- the pure timing --------------------------------------------------------------------------------------


def test_windows_of_close_sessions_merge_and_a_slot_leaves_them_all() -> None:
    waking = Waking(zone="America/Los_Angeles")
    sessions = [SessionTime(1, DAY, dt.time(9), 60), SessionTime(2, DAY, dt.time(13), 30)]
    windows = timing.drinking_windows(waking, sessions)
    # 05:00-11:30 and 09:00-15:00 overlap: one window 05:00-15:00, local time.
    assert windows == [(waking.to_utc(DAY, dt.time(5)), waking.to_utc(DAY, dt.time(15)))]
    labels = [s.label for s in timing.daily_slots(Kind.HYDRATION, waking, DAY, sessions)]
    assert labels == ["15:00", "16:00", "19:00"]  # 10:00 and 13:00 move to 15:00


def test_other_daily_kinds_ignore_sessions() -> None:
    waking = Waking(zone=ZONE)
    sessions = [SessionTime(1, DAY, dt.time(9), 60)]
    assert timing.daily_slots(Kind.REST_DAY, waking, DAY, sessions) == timing.daily_slots(Kind.REST_DAY, waking, DAY)
    assert timing.daily_slots(Kind.CHECKIN, waking, DAY, sessions) == timing.daily_slots(Kind.CHECKIN, waking, DAY)


def test_a_moved_slot_is_due_within_its_grace_only() -> None:
    waking = Waking(zone=ZONE)
    sessions = [SessionTime(1, DAY, dt.time(17), 60)]
    at = local(ZONE, DAY, 19, 30)
    assert timing.due_daily_slot(Kind.HYDRATION, waking, local(ZONE, DAY, 16, 5), sessions) is None
    assert timing.due_daily_slot(Kind.HYDRATION, waking, at, sessions).label == "19:30"
    assert timing.due_daily_slot(Kind.HYDRATION, waking, at + timing.GRACE[Kind.HYDRATION], sessions) is not None
    late = at + timing.GRACE[Kind.HYDRATION] + dt.timedelta(minutes=1)
    assert timing.due_daily_slot(Kind.HYDRATION, waking, late, sessions) is None
    assert timing.next_due(Kind.HYDRATION, waking, local(ZONE, DAY, 10), sessions) == at
