"""The day summary: water and minerals against targets, in a fixed number of queries however full the day."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from intake.models import Food, Meal, MealItem, SupplementLog, WaterLog
from people.logs import local_today
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory
from training.models import WorkoutLog

pytestmark = pytest.mark.django_db


@pytest.fixture
def ben(db):
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], sex="male", birth_date=dt.date(1992, 1, 10), mass_kg=80)
    return athlete, client_for(athlete.user), client_for(coach)


def food(ndb: str) -> int:
    return Food.objects.get(ndb_no=ndb).pk


def day(client, athlete) -> dict:
    response = client.get(f"/api/v1/athletes/{athlete.pk}/days/{local_today(athlete).isoformat()}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_totals_follow_the_logs(ben) -> None:
    athlete, me, _ = ben
    base = f"/api/v1/athletes/{athlete.pk}"
    empty = day(me, athlete)
    assert empty["water"] == empty["water"] | {"ml": 0, "target_ml": 3000}  # men 19+: 3,000 ml (docs/domain.md §4)
    assert empty["minerals"]["potassium"]["target_mg"] == 3400
    assert empty["load"]["session_load"] == 0
    assert empty["recovery"]["status"] == "unknown"  # nothing logged: too little to judge (docs/api.md)
    assert {r["code"] for r in empty["recovery"]["reasons"]} >= {"insufficient_history"}
    me.post(f"{base}/water/", {"water_ml": 500}, format="json")
    # 250 g whole milk is a beverage: 88.13 g water per 100 g counts as 220 ml (docs/domain.md §10).
    me.post(f"{base}/meals/", {"items": [{"food": food("09040"), "grams": 200}, {"food": food("01211"), "grams": 250}]})
    me.post(f"{base}/supplements/", {"magnesium_mg": 100}, format="json")
    full = day(me, athlete)
    assert full["water"]["ml"] == 500 + 220
    potassium = full["minerals"]["potassium"]
    assert potassium["mg"] == round(358 * 2 + 132 * 2.5)
    assert full["minerals"]["magnesium"]["mg"] == round(27 * 2 + 10 * 2.5 + 100)
    assert full["minerals"]["magnesium"]["supplement_mg"] == 100
    assert potassium["why"] and potassium["source"]
    assert len(full["logs"]["meals"]) == 1 and len(full["logs"]["water"]) == 1


def test_kidney_disease_changes_the_advice(db) -> None:
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], medical_flags=["kidney_disease"])
    body = day(client_for(athlete.user), athlete)
    messages = " ".join(n["message"] for n in body["medical_notes"])
    assert "talk to your doctor first" in messages.lower()


def test_bad_dates_are_400(ben) -> None:
    athlete, me, _ = ben
    assert me.get(f"/api/v1/athletes/{athlete.pk}/days/2026-02-30/").status_code == 400
    assert me.get(f"/api/v1/athletes/{athlete.pk}/days/today/").status_code == 400
    assert me.get(f"/api/v1/athletes/{athlete.pk}/days/0001-01-01/").status_code == 400
    assert me.get(f"/api/v1/athletes/{athlete.pk}/days/9999-12-31/").status_code == 400


def test_others_cannot_see_the_day(ben, roster) -> None:
    athlete, _, _ = ben
    path = f"/api/v1/athletes/{athlete.pk}/days/{local_today(athlete).isoformat()}/"
    assert roster.clients["coach_a"].get(path).status_code == 404
    assert roster.clients["athlete_a"].get(path).status_code == 404


def test_imperial_athletes_also_get_fluid_ounces(db) -> None:
    athlete = AthleteFactory(units="imperial")
    me = client_for(athlete.user)
    assert me.post(f"/api/v1/athletes/{athlete.pk}/water/", {"water_fl_oz": 8}, format="json").status_code == 201
    water = day(me, athlete)["water"]
    assert water["ml"] == 237
    assert water["fl_oz"] == pytest.approx(8.0, abs=0.05)
    assert water["target_fl_oz"] == pytest.approx(water["target_ml"] / 29.5735, abs=0.05)


def test_fixed_number_of_queries_however_full_the_day(ben, django_assert_num_queries) -> None:
    athlete, me, coach = ben
    base = f"/api/v1/athletes/{athlete.pk}"
    monday = local_today(athlete) - dt.timedelta(days=local_today(athlete).weekday())
    plan = coach.post(f"{base}/plans/", {"week_start": monday.isoformat()}, format="json").json()
    # Today holds a session whatever the weekday, so the count never depends on the date the test runs on.
    extra = {"date": local_today(athlete).isoformat(), "modality": "run", "intensity": "easy", "planned_minutes": 45}
    added = coach.post(f"/api/v1/plans/{plan['id']}/sessions/", extra | {"override_reason": "test"}, format="json")
    assert added.status_code == 201, added.content
    coach.post(f"/api/v1/plans/{plan['id']}/publish/")
    me.post(f"{base}/water/", {"water_ml": 250}, format="json")
    me.post(f"{base}/meals/", {"items": [{"food": food("09040"), "grams": 100}]}, format="json")
    with django_assert_num_queries(QUERIES) as light:
        day(me, athlete)
    # 50 meals of four foods, water, supplements and workouts the same day.
    now = timezone.now()
    meals = Meal.objects.bulk_create(Meal(athlete=athlete, at=now) for _ in range(49))
    foods = [food(n) for n in ("09040", "11457", "12061", "01117")]
    MealItem.objects.bulk_create(MealItem(meal=m, food_id=f, grams=80) for m in meals for f in foods)
    WaterLog.objects.bulk_create(WaterLog(athlete=athlete, at=now, water_ml=250) for _ in range(10))
    SupplementLog.objects.bulk_create(SupplementLog(athlete=athlete, at=now, calcium_mg=100) for _ in range(5))
    today = local_today(athlete)
    WorkoutLog.objects.bulk_create(WorkoutLog(athlete=athlete, date=today, minutes=20, rpe=3) for _ in range(5))
    with django_assert_num_queries(QUERIES) as heavy:
        body = day(me, athlete)
    assert len(body["logs"]["meals"]) == 50
    assert len(light.captured_queries) == len(heavy.captured_queries)


# sessions, blocks, exercises, adjustments + workouts, water, meals, meal items, supplements, check-in, cramps
# + the three days before (water, meal items, supplements) for mineral shortfalls
# + load (2) + the stored recovery status (1), or the check computed live (athlete history 9, last session,
#   cramps, the team's matches around the day: issue 13). The athlete's own profile comes with their sign-in
#   (people/authentication.py): no query for it.
QUERIES = 27


def test_a_three_day_shortfall_brings_a_suggestion_and_kidney_disease_a_caution(db) -> None:
    coach = CoachFactory()
    for flags, expect_foods in (([], True), (["kidney_disease"], False)):
        athlete = AthleteFactory(coaches=[coach], medical_flags=flags)
        me = client_for(athlete.user)
        today = local_today(athlete)
        for back in (1, 2, 3):  # a little rice each day: far under every mineral target
            at = dt.datetime.combine(today - dt.timedelta(days=back), dt.time(12), tzinfo=dt.UTC)
            items = [{"food": food("20445"), "grams": 100}]
            assert (
                me.post(f"/api/v1/athletes/{athlete.pk}/meals/", {"items": items, "at": at.isoformat()}).status_code
                == 201
            )
        suggestions = {s["mineral"]: s for s in day(me, athlete)["suggestions"]}
        assert "potassium" in suggestions
        if expect_foods:
            assert suggestions["potassium"]["foods"]
        else:
            assert not suggestions["potassium"]["foods"]
            assert "talk to your doctor first" in suggestions["potassium"]["message"].lower()


def test_water_only_days_say_nothing_about_minerals(db) -> None:
    athlete = AthleteFactory()
    me = client_for(athlete.user)
    today = local_today(athlete)
    for back in (1, 2, 3):
        at = dt.datetime.combine(today - dt.timedelta(days=back), dt.time(12), tzinfo=dt.UTC)
        assert (
            me.post(f"/api/v1/athletes/{athlete.pk}/water/", {"water_ml": 500, "at": at.isoformat()}).status_code == 201
        )
    assert day(me, athlete)["suggestions"] == []  # unknown, not 0 mg
