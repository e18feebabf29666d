"""Re-planning after a week ends (docs/domain.md §1, "Blocks and re-planning"): a block whose athlete skips two weeks
is eased to what was done, each change recorded and undoable, the coach told; a week done as planned changes
nothing; each week is reviewed once."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from people.logs import local_today
from plans import convert, selectors, services
from plans.engine import check_week
from plans.engine.rules import day_label
from plans.models import PlanAdjustment, PlanSession, PlanWeek
from recovery import selectors as recovery_selectors
from recovery.models import CoachAlert, WeekReview
from recovery.replanning import review_week
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory, PlanWeekFactory

pytestmark = pytest.mark.django_db

CROSS = ["cycling", "swimming", "aqua_jogging", "elliptical", "rowing", "yoga"]


@pytest.fixture
def setup(db):
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=400)
    return coach, client_for(coach), athlete


def _this_monday(athlete) -> dt.date:
    today = local_today(athlete)
    return today - dt.timedelta(days=today.weekday())


def _block_from(client, athlete, start: dt.date, weeks: int = 8) -> dict:
    """A published block from `start`; through the service, as a block whose weeks have passed (the API and the
    pages only start blocks this week or later)."""
    block = services.create_block(athlete=athlete, start=start, weeks=weeks, author=None)
    # published back when it was made: today the weeks after the missed ones would be refused (rightly) until eased
    PlanWeek.objects.filter(block=block).update(status="published", published_at=timezone.now())
    return client.get(f"/api/v1/blocks/{block.pk}/").json()


def _do_as_planned(athlete, plan_id: int) -> None:
    me = client_for(athlete.user)
    for session in PlanSession.objects.filter(plan_id=plan_id):
        body = {"session": session.pk, "date": session.date.isoformat(), "minutes": session.planned_minutes}
        body |= {"rpe": session.planned_rpe, "completed": True, "warmup_done": True, "stretching_done": True}
        response = me.post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json")
        assert response.status_code == 201, response.content


def _loads(coach_client, block_id: int) -> list[int]:
    return [w["planned_load"] for w in coach_client.get(f"/api/v1/blocks/{block_id}/").json()["weeks"]]


def test_two_skipped_weeks_ease_the_coming_weeks_recorded_and_undoable(setup) -> None:
    coach, coach_client, athlete = setup
    start = _this_monday(athlete) - dt.timedelta(weeks=3)
    block = _block_from(coach_client, athlete, start)
    weeks = block["weeks"]
    _do_as_planned(athlete, weeks[0]["plan"])  # week 1 done, weeks 2 and 3 skipped
    before = _loads(coach_client, block["id"])
    done_week_1 = coach_client.get(f"/api/v1/plans/{weeks[0]['plan']}/").json()["done_load"]

    assert review_week(athlete, start).adjustments == []  # done as planned: nothing to ease
    first_miss = review_week(athlete, start + dt.timedelta(weeks=1))
    second_miss = review_week(athlete, start + dt.timedelta(weeks=2))
    assert first_miss.short and second_miss.short and first_miss.done_load == 0
    after = _loads(coach_client, block["id"])
    # caps never grow from weeks nobody did: the deload is 60 % of week 1 (the last full week), the first build
    # week after it within +10 % of week 1; from there the eased plan grows again
    assert after[:3] == before[:3]  # weeks already over stay as they were
    assert after[3] <= 0.60 * done_week_1 + 1 < before[3]
    assert after[4] <= 1.10 * done_week_1 + 1 < before[4]
    told = " ".join(CoachAlert.objects.filter(coach=coach, athlete=athlete).values_list("message", flat=True))
    for index in range(3, 8):
        plan = PlanWeek.objects.get(pk=weeks[index]["plan"])
        rows = list(selectors.sessions_with_blocks().filter(plan=plan))
        broken = check_week(convert.week_of_rows(plan.week_start, rows), selectors.plan_context(plan))
        # every eased week keeps the rules; one that cannot get under its cap is named to the coach
        assert not broken or (
            {v.rule for v in broken} <= {"deload_week", "load_progression"}
            and f"The week of {day_label(plan.week_start)} still plans" in told
        ), broken

    adjustments = PlanAdjustment.objects.filter(plan__block_id=block["id"], kind="shorter")
    assert adjustments.exists()
    one = adjustments.order_by("date").first()
    assert "shortened from" in one.message and "AU planned" in one.message
    assert "strength work and stretching stay" in one.message
    # the coach is told, in words
    assert "were eased to what was done" in told
    # and can undo one: it breaks the cap again, so it needs a reason for exactly that
    refused = coach_client.post(f"/api/v1/adjustments/{one.pk}/undo/", {}, format="json")
    assert refused.status_code == 400 and "load_progression" in {v["rule"] for v in refused.json()["violations"]}
    undone = coach_client.post(
        f"/api/v1/adjustments/{one.pk}/undo/", {"override_reason": "Camp week, she is fresh"}, format="json"
    )
    assert undone.status_code == 200, undone.content
    one.refresh_from_db()
    assert one.undone_at is not None
    assert (
        PlanSession.objects.get(pk=one.session_id).planned_minutes
        == one.before["week"]["days"][one.date.weekday()]["sessions"][0]["planned_minutes"]
    )


def test_each_week_is_reviewed_once(setup) -> None:
    _, coach_client, athlete = setup
    start = _this_monday(athlete) - dt.timedelta(weeks=2)
    _block_from(coach_client, athlete, start, weeks=6)
    assert review_week(athlete, start) is not None
    assert review_week(athlete, start) is None  # the review row is the claim
    assert WeekReview.objects.filter(athlete=athlete, week_start=start).count() == 1


def test_the_sweep_finds_each_athletes_week_just_ended_in_their_zone(setup) -> None:
    coach, _, _ = setup
    tokyo = AthleteFactory(coaches=[coach], time_zone="Asia/Tokyo")
    honolulu = AthleteFactory(coaches=[coach], time_zone="Pacific/Honolulu")
    # Monday 09:00 UTC: Monday evening in Tokyo, still Sunday night in Honolulu
    now = dt.datetime.combine(_this_monday(tokyo), dt.time(9), tzinfo=dt.UTC)
    for athlete in (tokyo, honolulu):
        local_monday = now.astimezone(ZoneInfo(athlete.time_zone)).date()
        week = local_monday - dt.timedelta(days=local_monday.weekday() + 7)
        PlanWeekFactory(athlete=athlete, week_start=week)
    due = recovery_selectors.weeks_to_review(now, [tokyo, honolulu])
    tokyo_week = _this_monday(tokyo) - dt.timedelta(weeks=1)
    assert (tokyo, tokyo_week) in due
    # for Honolulu the week that ended is the one before, whose plan exists too
    assert len(due) == 2 and {w for _, w in due} == {tokyo_week, tokyo_week - dt.timedelta(weeks=1)}
    assert timezone.is_aware(now)


def test_an_edit_that_lightens_a_week_eases_the_weeks_after_it(setup) -> None:
    _, coach_client, athlete = setup
    block = _block_from(coach_client, athlete, _this_monday(athlete) + dt.timedelta(weeks=1), weeks=4)
    first, second = block["weeks"][0]["plan"], block["weeks"][1]["plan"]
    before = _loads(coach_client, block["id"])
    # the coach takes two sessions out of week 1 (with a reason for what that breaks)
    easy = PlanSession.objects.filter(plan_id=first, intensity="easy").exclude(modality__in=CROSS)[:2]
    for session in easy:
        response = coach_client.delete(
            f"/api/v1/plans/{first}/sessions/{session.pk}/", {"override_reason": "Exams"}, format="json"
        )
        assert response.status_code == 204, response.content
    after = _loads(coach_client, block["id"])
    assert after[0] < before[0] and after[1] < before[1]
    # week 2 now grows from the lighter week 1 and keeps every rule, hard limits included
    plan = PlanWeek.objects.get(pk=second)
    rows = list(selectors.sessions_with_blocks().filter(plan=plan))
    assert check_week(convert.week_of_rows(plan.week_start, rows), selectors.plan_context(plan)) == []
    eased = PlanAdjustment.objects.filter(plan_id=second)
    assert eased.exists() and all("after a change" in a.message for a in eased)


def test_a_week_that_breaks_a_hard_limit_now_is_not_published(setup) -> None:
    _, coach_client, athlete = setup
    last_monday = _this_monday(athlete) - dt.timedelta(weeks=1)
    # last week planned and barely done (15 minutes): this week, planned on last week's plan, is now far over +30 %
    block = services.create_block(athlete=athlete, start=last_monday, weeks=4, author=None)
    me = client_for(athlete.user)
    body = {"date": last_monday.isoformat(), "minutes": 15, "rpe": 3, "completed": True}
    assert me.post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json").status_code == 201
    this_week = PlanWeek.objects.get(block=block, week_start=_this_monday(athlete))
    response = coach_client.post(f"/api/v1/plans/{this_week.pk}/publish/")
    assert response.status_code == 400
    assert "load_progression" in {v["rule"] for v in response.json()["violations"]}
    this_week.refresh_from_db()
    assert this_week.status == "draft"
    # the block cannot be published at once either: nothing is
    refused = coach_client.post(f"/api/v1/blocks/{block.pk}/publish/")
    assert refused.status_code == 400
    assert not PlanWeek.objects.filter(block=block, status="published").exists()
