"""Water, meals and supplements: who may log, units, validation with the field named, nothing half-written."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from intake.models import Food, Meal, MealItem, SupplementLog, WaterLog

pytestmark = pytest.mark.django_db


def food(ndb: str) -> int:
    return Food.objects.get(ndb_no=ndb).pk


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("athlete_a", 201), ("athlete_b", 404), ("coach_a", 201), ("coach_b", 404), ("staff", 201)],
)
def test_who_may_log_for_athlete_a(roster, role: str, expected: int) -> None:
    client, base = roster.clients[role], f"/api/v1/athletes/{roster.athlete_a.pk}"
    assert client.post(f"{base}/water/", {"water_ml": 250}, format="json").status_code == expected
    meal = {"items": [{"food": food("09040"), "grams": 118}]}
    assert client.post(f"{base}/meals/", meal, format="json").status_code == expected
    assert client.post(f"{base}/supplements/", {"magnesium_mg": 200}, format="json").status_code == expected
    for path in ("water", "meals", "supplements"):
        assert client.get(f"{base}/{path}/").status_code == (200 if expected == 201 else expected)


def test_water_defaults_to_now_and_accepts_imperial(roster) -> None:
    a = roster.athlete_a
    client = roster.clients["athlete_a"]
    before = timezone.now()
    body = client.post(f"/api/v1/athletes/{a.pk}/water/", {"water_ml": 300}, format="json").json()
    assert dt.datetime.fromisoformat(body["at"]) >= before - dt.timedelta(seconds=1)
    refused = client.post(f"/api/v1/athletes/{a.pk}/water/", {"water_fl_oz": 16}, format="json")
    assert refused.status_code == 400 and "water_fl_oz" in refused.json()
    a.units = "imperial"
    a.save()
    ok = client.post(f"/api/v1/athletes/{a.pk}/water/", {"water_fl_oz": 16}, format="json")
    assert ok.status_code == 201
    assert ok.json()["water_ml"] == 473


@pytest.mark.parametrize(
    ("body", "field"),
    [({"water_ml": 0}, "water_ml"), ({"water_ml": -200}, "water_ml"), ({"water_ml": 2500}, "water_ml"),
     ({"water_ml": "lots"}, "water_ml"), ({}, "water_ml"), ({"water_ml": 200, "at": "2099-01-01T08:00:00Z"}, "at"),
     ({"water_ml": 200, "at": "2026-02-30T08:00:00Z"}, "at")],
)  # fmt: skip
def test_bad_water_is_refused_by_field(roster, body: dict, field: str) -> None:
    response = roster.clients["athlete_a"].post(f"/api/v1/athletes/{roster.athlete_a.pk}/water/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not WaterLog.objects.exists()


def test_a_day_over_ten_litres_is_refused_and_keeps_what_was_logged(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    for _ in range(5):
        assert client.post(f"/api/v1/athletes/{a.pk}/water/", {"water_ml": 2000}, format="json").status_code == 201
    refused = client.post(f"/api/v1/athletes/{a.pk}/water/", {"water_ml": 100}, format="json")
    assert refused.status_code == 400
    assert "hyponatraemia" in refused.json()["water_ml"][0]
    assert WaterLog.objects.filter(athlete=a).count() == 5


@pytest.mark.parametrize(
    ("items", "field"),
    [([], "items"), ([{"food": 99999999, "grams": 100}], "items"), ([{"food": "banana", "grams": 100}], "items"),
     ([{"grams": 100}], "items"), ([{"food": None, "grams": 100}], "items")],
)  # fmt: skip
def test_bad_meals_are_refused(roster, items: list, field: str) -> None:
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{roster.athlete_a.pk}/meals/", {"items": items}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Meal.objects.exists()


@pytest.mark.parametrize("grams", [0, -10, 5000, "heavy"])
def test_bad_grams_are_refused(roster, grams: object) -> None:
    items = [{"food": food("09040"), "grams": grams}]
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{roster.athlete_a.pk}/meals/", {"items": items}, format="json"
    )
    assert response.status_code == 400
    assert "grams" in response.json()["items"]["0"]  # DRF names a list item by its index


def test_a_meal_with_one_bad_item_writes_nothing(roster) -> None:
    items = [{"food": food("09040"), "grams": 100}, {"food": food("11457"), "grams": -1}]
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{roster.athlete_a.pk}/meals/", {"items": items}, format="json"
    )
    assert response.status_code == 400
    assert not Meal.objects.exists() and not MealItem.objects.exists()


def test_another_coachs_food_is_unknown_to_the_athlete(roster) -> None:
    own = roster.clients["coach_b"].post(
        "/api/v1/foods/", {"description": "Coach B's recovery shake", "potassium_mg": 400}, format="json"
    )
    assert own.status_code == 201, own.content
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{roster.athlete_a.pk}/meals/",
        {"items": [{"food": own.json()["id"], "grams": 300}]},
        format="json",
    )
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("body", "field"),
    [({}, "non_field_errors"), ({"magnesium_mg": -5}, "magnesium_mg"), ({"sodium_mg": 50000}, "sodium_mg"),
     ({"calcium_mg": "a lot"}, "calcium_mg")],
)  # fmt: skip
def test_bad_supplements_are_refused(roster, body: dict, field: str) -> None:
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{roster.athlete_a.pk}/supplements/", body, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not SupplementLog.objects.exists()


def test_database_refuses_an_empty_supplement() -> None:
    from django.db import IntegrityError

    from tests.factories import AthleteFactory

    with pytest.raises(IntegrityError):
        SupplementLog.objects.create(athlete=AthleteFactory(), at=timezone.now())
