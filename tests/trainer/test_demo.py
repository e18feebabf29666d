"""`load_demo` creates the demo coach and athletes, with varied profiles, and is safe to run twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from plans import selectors, services
from plans.models import Fixture
from trainer.models import AthleteProfile, CoachAthlete, User

pytestmark = pytest.mark.django_db


def test_load_demo_is_idempotent_and_varied() -> None:
    call_command("load_demo")
    call_command("load_demo")
    assert User.objects.count() == 5
    coach = User.objects.get(email="coach@example.com")
    assert coach.is_coach and coach.check_password("demo-pass-2026")
    athletes = {a.user.email: a for a in AthleteProfile.objects.select_related("user")}
    assert set(athletes) == {"ana@example.com", "ben@example.com", "chloe@example.com", "diego@example.com"}
    assert CoachAthlete.objects.filter(coach=coach).count() == 4
    today = timezone.localdate()
    assert sorted(a.age_on(today) for a in athletes.values()) == [16, 22, 34, 58]
    assert {a.time_zone for a in athletes.values()} == {
        "America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Los_Angeles",
    }  # fmt: skip
    # the soccer player: two weekly practices and a season of Saturday matches, loaded once however often run
    diego = athletes["diego@example.com"]
    assert diego.sport == "soccer" and [p["weekday"] for p in diego.team_practices] == [1, 3]
    matches = Fixture.objects.filter(athlete=diego, kind="match")
    assert matches.count() == 12 and all(m.date.weekday() == 5 and m.date >= today for m in matches)
    assert {a.sex for a in athletes.values()} == {"female", "male"}
    assert len({a.level for a in athletes.values()}) == 3
    flagged = [a for a in athletes.values() if {"kidney_disease", "diuretics"} <= set(a.medical_flags)]
    assert len(flagged) == 1
    assert all(a.user.check_password("demo-pass-2026") for a in athletes.values())


def test_the_demo_soccer_players_week_keeps_every_rule() -> None:
    call_command("load_demo")
    diego = AthleteProfile.objects.get(user__email="diego@example.com")
    today = timezone.localdate()
    monday = today + dt.timedelta(days=7 - today.weekday())
    plan = services.generate_plan(athlete=diego, week_start=monday, author=None)
    assert [b.violation.message for b in selectors.plan_breaches(plan)] == []
    assert sorted(plan.sessions.exclude(event="").values_list("event", flat=True)) == ["match", "practice", "practice"]
