"""Pre- and post-session reminders (docs/domain.md §9): 3 h before a published session (6 ml/kg, §4) while it is
still planned; 30 min after its end with rehydration, the stretching block and a link to log it."""

from __future__ import annotations

import datetime as dt

from plans.models import PlanSession, PlanStatus
from reminders import services
from reminders.emails import delivery_message
from reminders.models import Delivery, ReminderSchedule
from tests.factories import WorkoutFactory
from tests.reminders.conftest import DAY, local, only_kinds, prime, publish_week, run_day

ZONE = "Europe/Berlin"
MONDAY = DAY - dt.timedelta(days=DAY.weekday())


def local_hhmm(instant: dt.datetime) -> str:
    from zoneinfo import ZoneInfo

    return instant.astimezone(ZoneInfo(ZONE)).strftime("%H:%M")


def test_pre_and_post_session(berlin) -> None:
    only_kinds(berlin.user, "pre_session", "post_session")
    publish_week(
        berlin, MONDAY, {DAY: [{"title": "Tempo run", "intensity": "moderate", "minutes": 60, "start": dt.time(18)}]}
    )
    session = PlanSession.objects.get()
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, step_minutes=1)
    pre, post = Delivery.objects.filter(pk__in=made).order_by("id")
    assert (pre.kind, pre.slot, local_hhmm(made[pre.pk])) == ("pre_session", f"session-{session.pk}", "15:00")
    assert pre.context["before_ml"] == 350  # 6 ml x 62 kg = 372 ml, rounded to 50 ml
    assert pre.context["start"] == "18:00" and "350 ml" in pre.subject
    assert (post.kind, local_hhmm(made[post.pk])) == ("post_session", "19:30")  # 60 min + 30 min after 18:00
    assert [e["name"] for e in post.context["stretching"]] == ["Standing hamstring stretch", "Calf stretch"]
    assert post.context["log_url"].endswith(f"/api/v1/athletes/{berlin.pk}/workouts/")
    assert post.context["sweat_ml"] == 800  # docs/domain.md §4: moderate, 0.8 L/h for an hour


def test_a_match_gets_match_day_hydration_and_the_recovery_day_after(berlin) -> None:
    only_kinds(berlin.user, "pre_session", "post_session")
    match = {"title": "Match", "modality": "soccer", "intensity": "hard", "rpe": 8, "minutes": 125}
    publish_week(berlin, MONDAY, {DAY: [match | {"start": dt.time(15), "event": "match"}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, step_minutes=1)
    pre, post = Delivery.objects.filter(pk__in=made).order_by("id")
    assert pre.subject.startswith("Match day: Match at 15:00, drink") and pre.context["match"]
    assert post.subject == "After Match: rehydrate, stretch, log it, recover tomorrow"
    email = delivery_message(post, services.preference_for(berlin.user))
    assert "Tomorrow is a recovery day" in email.body and "recovery day" in email.alternatives[0][0]
    assert "FIFA 11+" in delivery_message(pre, services.preference_for(berlin.user)).body


def test_no_pre_session_once_the_session_is_logged(berlin) -> None:
    only_kinds(berlin.user, "pre_session")
    publish_week(berlin, MONDAY, {DAY: [{"start": dt.time(18)}]})
    WorkoutFactory(athlete=berlin, session=PlanSession.objects.get(), date=DAY, minutes=40, rpe=3, modality="")
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    assert run_day(start, step_minutes=5) == {}


def test_early_session_moves_to_waking_start_only_if_two_hours_remain(berlin) -> None:
    """09:30: 06:30 is before waking hours; 07:00 still leaves 2.5 h (issue 6: 2-4 h before). 08:00: none."""
    only_kinds(berlin.user, "pre_session")
    tomorrow = DAY + dt.timedelta(days=1)
    publish_week(berlin, MONDAY, {DAY: [{"start": dt.time(9, 30)}], tomorrow: [{"start": dt.time(8)}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, hours=48, step_minutes=5)
    [pre] = Delivery.objects.filter(pk__in=made)
    assert (pre.local_date, local_hhmm(made[pre.pk])) == (DAY, "07:00")


def test_session_without_a_time_uses_the_preferred_time(berlin) -> None:
    berlin.preferred_session_time = dt.time(17, 0)
    berlin.save()
    only_kinds(berlin.user, "pre_session")
    publish_week(berlin, MONDAY, {DAY: [{"start": None}]})
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    made = run_day(start, step_minutes=5)
    [pre] = Delivery.objects.filter(pk__in=made)
    assert local_hhmm(made[pre.pk]) == "14:00"


def test_draft_weeks_get_no_session_reminders(berlin) -> None:
    only_kinds(berlin.user, "pre_session", "post_session")
    plan = publish_week(berlin, MONDAY, {DAY: [{"start": dt.time(18)}]})
    plan.status = PlanStatus.DRAFT
    plan.save()
    start = local(ZONE, DAY, 0)
    prime(berlin.user, at=start)
    assert run_day(start, step_minutes=5) == {}


def test_plan_published_schedules_the_next_session_at_once(berlin) -> None:
    only_kinds(berlin.user, "pre_session")
    now = local(ZONE, DAY, 9)
    prime(berlin.user, at=now)
    schedule = ReminderSchedule.objects.get(user=berlin.user, kind="pre_session")
    assert schedule.next_due_at == local(ZONE, DAY + dt.timedelta(days=1), 0)  # nothing planned: next re-read
    plan = publish_week(berlin, MONDAY, {DAY: [{"start": dt.time(18)}]})
    with_plan = services.recompute_schedules(plan.athlete.user, now=now)
    assert with_plan["pre_session"] == local(ZONE, DAY, 15)
    assert services.plan_published(plan)["pre_session"] is not None
