"""Recovery checks on stored history: statuses with reasons, the next hard session adapted within the rules,
the coach told, and the coach's undo."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from plans import convert, selectors
from plans.engine import check_week
from plans.models import PlanAdjustment, PlanSession
from recovery.models import CoachAlert
from recovery.services import run_check
from tests.conftest import client_for
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachFactory,
    CrampFactory,
    WaterFactory,
    WorkoutFactory,
)
from tests.world import generate

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=300)
    return coach, client_for(coach), athlete


def hard_session_and_now(coach_client, athlete) -> tuple[PlanSession, dt.datetime]:
    """Publish the coming week; `now` is the evening before its first hard session."""
    from tests.world import MONDAY

    plan = generate(coach_client, athlete, MONDAY)
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    session = PlanSession.objects.filter(plan_id=plan["id"], intensity="hard").order_by("date").first()
    zone = ZoneInfo(athlete.time_zone)
    now = dt.datetime.combine(session.date - dt.timedelta(days=1), dt.time(20), tzinfo=zone)
    return session, now


def week_violations(session: PlanSession) -> list:
    plan = session.plan
    ctx = selectors.plan_context(plan)
    rows = list(selectors.sessions_with_blocks().filter(plan=plan))
    return check_week(convert.week_of_rows(plan.week_start, rows), ctx)


def test_a_red_day_converts_the_next_hard_session_within_the_rules(setup) -> None:
    coach, coach_client, athlete = setup
    session, now = hard_session_and_now(coach_client, athlete)
    assert week_violations(session) == []
    CrampFactory(
        athlete=athlete, at=now - dt.timedelta(hours=2), location="behind_knee", side="left", severity=8,
        duration_minutes=3, context="during_exercise",
    )  # fmt: skip
    status = run_check(athlete, now=now)
    assert status.status == "red"
    assert "recent_cramp" in {r["code"] for r in status.reasons}
    session.refresh_from_db()
    assert session.modality in {"cycling", "swimming", "aqua_jogging", "elliptical", "rowing", "yoga"}
    assert session.intensity == "easy"
    kinds = list(session.blocks.order_by("order").values_list("kind", flat=True))
    assert kinds[0] == "warmup" and kinds[-1] == "stretching"
    assert week_violations(session) == []
    adjustment = PlanAdjustment.objects.get(session=session)
    assert adjustment.kind == "cross_training" and "(a recent cramp)" in adjustment.message
    assert "recent_cramp" not in adjustment.message  # words for people, never codes
    shown = coach_client.get(f"/api/v1/plans/{session.plan_id}/").json()
    [on_session] = [s for d in shown["days"] for s in d["sessions"] if s["id"] == session.pk]
    assert on_session["adjustments"][0]["kind"] == "cross_training"
    alert = CoachAlert.objects.get(coach=coach, athlete=athlete)
    assert alert.status == "red"
    # A second check the same day neither adjusts again nor alerts twice.
    run_check(athlete, now=now + dt.timedelta(minutes=5))
    assert PlanAdjustment.objects.count() == 1 and CoachAlert.objects.count() == 1
    # The coach sees it and undoes it.
    listed = coach_client.get("/api/v1/alerts/").json()["results"]
    assert [a["id"] for a in listed] == [alert.pk]
    undone = coach_client.post(f"/api/v1/adjustments/{adjustment.pk}/undo/", {}, format="json")
    assert undone.status_code == 200, undone.content
    session.refresh_from_db()
    assert session.intensity == "hard"
    assert week_violations(session) == []
    again = coach_client.post(f"/api/v1/adjustments/{adjustment.pk}/undo/", {}, format="json")
    assert again.status_code == 400


def test_an_amber_day_eases_the_next_hard_session(setup) -> None:
    _, coach_client, athlete = setup
    session, now = hard_session_and_now(coach_client, athlete)
    # The last completed session skipped its warm-up (six weeks ago, before the weeks the load baseline reads).
    WorkoutFactory(
        athlete=athlete,
        date=now.date() - dt.timedelta(days=42),
        modality="",
        minutes=40,
        rpe=4,
        completed=True,
        warmup_done=False,
        stretching_done=True,
    )
    status = run_check(athlete, now=now)
    assert status.status == "amber"
    assert "skipped_warmup" in {r["code"] for r in status.reasons}
    session.refresh_from_db()
    assert session.intensity == "moderate"
    assert PlanAdjustment.objects.get(session=session).kind == "easier"
    assert week_violations(session) == []
    assert not CoachAlert.objects.exists()  # amber adapts; only red alerts the coach


def test_a_healthy_history_is_green_and_changes_nothing(setup) -> None:
    _, coach_client, athlete = setup
    session, now = hard_session_and_now(coach_client, athlete)
    for back in range(1, 30):
        day = now.date() - dt.timedelta(days=back)
        if back % 2:
            WorkoutFactory(
                athlete=athlete, date=day, modality="", minutes=45, rpe=4, warmup_done=True, stretching_done=True
            )
    status = run_check(athlete, now=now)
    assert status.status == "green", status.reasons
    session.refresh_from_db()
    assert session.intensity == "hard"
    assert not PlanAdjustment.objects.exists()


@pytest.mark.parametrize(
    ("make", "code", "level"),
    [
        ("checkin_item_at_7", "poor_recovery", "red"),
        ("morning_mass_drop", "dehydration", "red"),
        ("yesterday_water_low", "dehydration", "red"),
        ("load_spike", "load_spike", "red"),
    ],
)
def test_stored_history_trips_each_reason(setup, make: str, code: str, level: str) -> None:
    _, _, athlete = setup
    zone = ZoneInfo(athlete.time_zone)
    now = dt.datetime.now(zone).replace(hour=12)
    today = now.date()
    if make == "checkin_item_at_7":
        CheckInFactory(athlete=athlete, date=today, sleep=2, fatigue=7, stress=2, soreness=3)
    elif make == "morning_mass_drop":
        for back in range(1, 7):
            CheckInFactory(
                athlete=athlete, date=today - dt.timedelta(days=back), sleep=2, fatigue=2, stress=2, soreness=2,
                morning_mass_kg=62,
            )  # fmt: skip
        CheckInFactory(athlete=athlete, date=today, sleep=2, fatigue=2, stress=2, soreness=2, morning_mass_kg=60)
    elif make == "yesterday_water_low":
        WaterFactory(athlete=athlete, at=now - dt.timedelta(days=1), water_ml=500)
    elif make == "load_spike":
        for back in range(36):  # four quiet weeks, then 8 days at five times the load
            WorkoutFactory(
                athlete=athlete, date=today - dt.timedelta(days=back), modality="", minutes=30 if back > 7 else 150,
                rpe=4, warmup_done=True, stretching_done=True,
            )  # fmt: skip
    status = run_check(athlete, now=now)
    reasons = {r["code"]: r for r in status.reasons}
    assert code in reasons, status.reasons
    assert reasons[code]["severity"] == level
    assert reasons[code]["message"]
    assert status.status == "red"
