"""`load_demo` creates the demo coach and athletes, with varied profiles and eight weeks of history that make one
athlete red and one amber today by the recovery check itself, and a second load writes the same history again."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import Client
from django.utils import timezone

from intake.models import Meal, MealItem, SupplementLog, WaterLog
from people.models import AthleteProfile, CoachAthlete, User
from plans import selectors
from plans.models import Fixture, PlanSession, PlanStatus, PlanWeek, TrainingBlock
from recovery.models import CoachAlert, RecoveryStatus
from trainer.demo import COACH_EMAIL, DEMO_PASSWORD, load_demo
from trainer.demo_history import AMBER_EMAIL, HISTORY_WEEKS, RED_EMAIL
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

pytestmark = pytest.mark.django_db

LOG_MODELS = (WorkoutLog, WellnessCheckIn, CrampEpisode, WaterLog, Meal, MealItem, SupplementLog)


def _athletes() -> dict[str, AthleteProfile]:
    return {a.user.email: a for a in AthleteProfile.objects.select_related("user")}


def test_the_command_loads_varied_athletes_and_a_roster_with_every_status_checked() -> None:
    call_command("load_demo")
    assert User.objects.count() == 5
    coach = User.objects.get(email=COACH_EMAIL)
    assert coach.is_coach and coach.check_password(DEMO_PASSWORD)
    athletes = _athletes()
    assert set(athletes) == {"ana@example.com", "ben@example.com", "chloe@example.com", "diego@example.com"}
    assert CoachAthlete.objects.filter(coach=coach).count() == 4
    today = timezone.localdate()
    assert sorted(a.age_on(today) for a in athletes.values()) == [16, 22, 34, 58]
    assert {a.time_zone for a in athletes.values()} == {
        "America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Los_Angeles",
    }  # fmt: skip
    # the soccer player: two weekly practices and a season of Saturday matches ahead, the weeks played behind
    diego = athletes["diego@example.com"]
    assert diego.sport == "soccer" and [p["weekday"] for p in diego.team_practices] == [1, 3]
    diego_today = timezone.now().astimezone(ZoneInfo(diego.time_zone)).date()
    matches = Fixture.objects.filter(athlete=diego, kind="match")
    assert all(m.date.weekday() == 5 for m in matches)
    assert matches.filter(date__gte=diego_today).count() == 12
    assert matches.filter(date__lt=diego_today).count() >= HISTORY_WEEKS
    assert {a.sex for a in athletes.values()} == {"female", "male"}
    assert len({a.level for a in athletes.values()}) == 3
    flagged = [a for a in athletes.values() if {"kidney_disease", "diuretics"} <= set(a.medical_flags)]
    assert len(flagged) == 1
    assert all(a.user.check_password(DEMO_PASSWORD) for a in athletes.values())
    # the coach signs in with the published password and sees every athlete checked today, one red, one amber
    client = Client()
    signed_in = client.post("/login/", {"username": COACH_EMAIL, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302, signed_in.content
    page = client.get("/coach/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Not checked" not in html and "badge unknown" not in html
    assert ">Red<" in html and ">Amber<" in html
    assert all(a.user.name in html for a in athletes.values())


@pytest.mark.parametrize("days_later", [0, 3], ids=["now", "three-days-later"])
def test_eight_weeks_of_history_make_one_athlete_red_and_one_amber(days_later: int) -> None:
    now = timezone.now() + dt.timedelta(days=days_later)  # the weekday differs between the two
    load_demo(timezone.localdate(now), now)
    athletes = _athletes()
    local_today = {email: _local(now, a).date() for email, a in athletes.items()}
    for email, athlete in athletes.items():
        today = local_today[email]
        first = today - dt.timedelta(days=today.weekday(), weeks=HISTORY_WEEKS)  # the block's first Monday
        workouts = WorkoutLog.objects.filter(athlete=athlete)
        weeks = {d - dt.timedelta(days=d.weekday()) for d in workouts.values_list("date", flat=True)}
        assert len(weeks) >= 7 and min(weeks) == first, email
        past = PlanSession.objects.filter(plan__athlete=athlete, date__lt=today - dt.timedelta(days=today.weekday()))
        logged = past.filter(logs__isnull=False).distinct().count()
        assert logged >= 0.9 * past.count(), email  # most sessions done ...
        slipped = workouts.filter(completed=False).count() + past.filter(logs__isnull=True).count()
        assert 1 <= slipped <= 3, email  # ... a few cut short or missed
        assert workouts.filter(rpe__gte=1, minutes__gte=10).count() == workouts.count()
        days = (today - first).days  # the days before today
        water_days = {_local(w.at, athlete).date() for w in WaterLog.objects.filter(athlete=athlete)}
        assert len(water_days) >= 0.9 * days, email  # water most days
        assert WellnessCheckIn.objects.filter(athlete=athlete, date__lt=today).count() >= 0.9 * days, email
        assert Meal.objects.filter(athlete=athlete).count() >= 3 * days, email
        # real SR28 foods, found by their NDB numbers
        assert not MealItem.objects.filter(meal__athlete=athlete, food__ndb_no__isnull=True).exists()
        assert TrainingBlock.objects.filter(athlete=athlete).count() == 1
        plans = PlanWeek.objects.filter(athlete=athlete)
        assert plans.count() == HISTORY_WEEKS + 4 and not plans.exclude(status=PlanStatus.PUBLISHED).exists()
        assert plans.filter(week_start__gt=today).count() == 3  # and the coming weeks
        _assert_local_hours(athlete)
        _assert_weeks_keep_the_rules(athlete)
    # as many workouts as the levels' weeks hold (docs/domain.md section 1): the advanced runner 5-6 sessions a week, 40
    # or more; the intermediate cyclist 4-5 (fewer in his first and deload weeks), his club rides on top; the novice
    # 3-4; the soccer player two practices, the match and a session of his own
    counts = {email: WorkoutLog.objects.filter(athlete=a).count() for email, a in athletes.items()}
    assert counts["chloe@example.com"] >= 40 and counts[AMBER_EMAIL] >= 36, counts
    assert min(counts.values()) >= 3 * HISTORY_WEEKS and sum(counts.values()) >= 130, counts
    # one cramp, the red athlete's, yesterday; some supplements
    [cramp] = CrampEpisode.objects.all()
    assert cramp.athlete == athletes[RED_EMAIL] and cramp.severity >= 7
    assert _local(cramp.at, cramp.athlete).date() == local_today[RED_EMAIL] - dt.timedelta(days=1)
    assert SupplementLog.objects.values("athlete").distinct().count() >= 2
    # today's statuses, stored by the recovery check (one per athlete, on their local today)
    statuses = {s.athlete.user.email: s for s in RecoveryStatus.objects.select_related("athlete__user")}
    assert {email: s.date for email, s in statuses.items()} == local_today
    red, amber = statuses[RED_EMAIL], statuses[AMBER_EMAIL]
    assert red.status == "red" and amber.status == "amber"
    assert {"recent_cramp", "dehydration"} <= {r["code"] for r in red.reasons if r["severity"] == "red"}
    assert "load_spike" in {r["code"] for r in amber.reasons if r["severity"] == "amber"}
    assert all(r["message"] for s in statuses.values() for r in s.reasons)
    assert {statuses[e].status for e in statuses if e not in (RED_EMAIL, AMBER_EMAIL)} <= {"green", "amber"}
    # red tells the coach, as a red check does
    alerts = CoachAlert.objects.filter(athlete=athletes[RED_EMAIL], date=local_today[RED_EMAIL], status="red")
    assert alerts.count() == 1


def test_a_second_load_writes_the_same_history_again() -> None:
    now = timezone.now()
    load_demo(timezone.localdate(now), now)
    before = _fingerprint()
    load_demo(timezone.localdate(now), now)
    assert _fingerprint() == before
    assert User.objects.count() == 5 and CoachAthlete.objects.count() == 4
    assert TrainingBlock.objects.count() == 4 and RecoveryStatus.objects.count() == 4


def _fingerprint() -> dict[str, object]:
    """Every log table's row count, and the figures the pages sum."""
    counts = {model.__name__: model.objects.count() for model in (*LOG_MODELS, PlanWeek, PlanSession, Fixture)}
    workouts = list(WorkoutLog.objects.order_by("athlete__user__email", "date", "minutes").values_list(
        "athlete__user__email", "date", "minutes", "rpe", "completed"
    ))  # fmt: skip
    water = dict(
        WaterLog.objects.values("athlete__user__email")
        .annotate(ml=Sum("water_ml"))
        .values_list("athlete__user__email", "ml")
    )
    statuses = sorted(RecoveryStatus.objects.values_list("athlete__user__email", "date", "status"))
    return {"counts": counts, "workouts": workouts, "water": water, "statuses": statuses}


def _local(instant: dt.datetime, athlete: AthleteProfile) -> dt.datetime:
    assert instant.tzinfo is not None  # stored aware
    return instant.astimezone(ZoneInfo(athlete.time_zone))


def _assert_local_hours(athlete: AthleteProfile) -> None:
    """Logs at plausible hours on the athlete's own clock: check-ins in the morning, nothing in the night."""
    for checkin in WellnessCheckIn.objects.filter(athlete=athlete):
        assert 5 <= _local(checkin.created_at, athlete).hour <= 9, (athlete, checkin.date)
    for model in (WaterLog, Meal):
        hours = {_local(row.at, athlete).hour for row in model.objects.filter(athlete=athlete)}
        assert min(hours) >= 5 and max(hours) <= 22, (athlete, model.__name__, hours)
    for workout in WorkoutLog.objects.filter(athlete=athlete):
        logged = _local(workout.created_at, athlete)
        assert logged.date() == workout.date and 6 <= logged.hour <= 22, (athlete, workout.date, logged)


def _assert_weeks_keep_the_rules(athlete: AthleteProfile) -> None:
    """Every published week keeps every plan rule; the only breach is the one the amber story makes true: Ben's
    unplanned club rides can make the days in a row run past his level's five into the next week."""
    allowed = {"max_consecutive_training_days"} if athlete.user.email == AMBER_EMAIL else set()
    for plan in PlanWeek.objects.filter(athlete=athlete).prefetch_related("sessions", "overrides"):
        broken = {b.violation.rule for b in selectors.plan_breaches(plan)}
        assert broken <= allowed, (athlete.user.email, plan.week_start, broken)
