"""An athlete who turned 14 days ago (the youngest the product serves, docs/domain.md §4): the days before their
birthday are inside the windows the day summary and the recovery check read, and must not break them."""

from __future__ import annotations

import datetime as dt

import pytest

from intake.models import Food, Meal, MealItem, WaterLog
from people.logs import local_today
from recovery.services import run_check
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db


def fourteenth_birthday_was(days_ago: int) -> dt.date:
    """The birth date of someone whose 14th birthday was `days_ago` days before today (UTC)."""
    birthday = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=days_ago)
    if (birthday.month, birthday.day) == (2, 29):  # 14 years earlier is no leap year: born the day before
        birthday -= dt.timedelta(days=1)
    return birthday.replace(year=birthday.year - 14)


def test_days_before_the_fourteenth_birthday_in_the_windows_break_nothing() -> None:
    athlete = AthleteFactory(birth_date=fourteenth_birthday_was(1), time_zone="UTC")
    today = local_today(athlete)
    rice = Food.objects.get(ndb_no="20445")
    for back in (1, 2, 3):  # two of these days are before the birthday
        at = dt.datetime.combine(today - dt.timedelta(days=back), dt.time(12), tzinfo=dt.UTC)
        MealItem.objects.create(meal=Meal.objects.create(athlete=athlete, at=at), food=rice, grams=100)
        WaterLog.objects.create(athlete=athlete, at=at, water_ml=500)
    me = client_for(athlete.user)
    summary = me.get(f"/api/v1/athletes/{athlete.pk}/days/{today.isoformat()}/")
    assert summary.status_code == 200, summary.content
    assert run_check(athlete).date == today
    before = me.get(f"/api/v1/athletes/{athlete.pk}/days/{(today - dt.timedelta(days=2)).isoformat()}/")
    assert before.status_code == 400
    assert "under 14" in before.json()["date"][0]


def test_a_plan_for_a_week_from_before_the_fourteenth_birthday() -> None:
    coach = CoachFactory()
    athlete = AthleteFactory(birth_date=fourteenth_birthday_was(2), time_zone="UTC", coaches=[coach])
    before_birthday = local_today(athlete) - dt.timedelta(days=3)
    monday = before_birthday - dt.timedelta(days=before_birthday.weekday())  # a Monday the athlete was 13
    answer = client_for(coach).post(f"/api/v1/athletes/{athlete.pk}/plans/", {"week_start": monday.isoformat()})
    assert answer.status_code == 201, answer.content  # planned with the youth limits of a 14-year-old
