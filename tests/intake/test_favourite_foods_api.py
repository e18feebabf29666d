"""Favourite foods in the API: GET/POST /athletes/{id}/favourite-foods/, DELETE …/{food_id}/, for whoever may log
for the athlete; the foods the athlete may log only; at most services.MAX_FAVOURITE_FOODS."""

from __future__ import annotations

import pytest

from intake import services
from intake.models import FavouriteFood, Food

pytestmark = pytest.mark.django_db


def banana() -> Food:
    return Food.objects.get(ndb_no="09040")


def url(roster, athlete=None) -> str:
    return f"/api/v1/athletes/{(athlete or roster.athlete_a).pk}/favourite-foods/"


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("athlete_a", 201), ("athlete_b", 404), ("coach_a", 201), ("coach_b", 404), ("staff", 201)],
)
def test_who_may_star_for_athlete_a(roster, role: str, expected: int) -> None:
    client = roster.clients[role]
    assert client.post(url(roster), {"food": banana().pk}, format="json").status_code == expected
    assert client.get(url(roster)).status_code == (200 if expected == 201 else expected)
    starred = FavouriteFood.objects.filter(athlete=roster.athlete_a).exists()
    assert starred is (expected == 201)
    if starred:
        assert client.delete(f"{url(roster)}{banana().pk}/").status_code == 204
    else:
        services.star_food(athlete=roster.athlete_a, food=banana())
        assert client.delete(f"{url(roster)}{banana().pk}/").status_code == expected
        assert FavouriteFood.objects.filter(athlete=roster.athlete_a).exists()  # untouched


def test_star_list_and_unstar(roster) -> None:
    client, spinach = roster.clients["athlete_a"], Food.objects.get(ndb_no="11457")
    first = client.post(url(roster), {"food": spinach.pk}, format="json")
    assert first.status_code == 201 and first.json()["description"] == "Spinach, raw"
    assert client.post(url(roster), {"food": spinach.pk}, format="json").status_code == 200  # again: no change
    client.post(url(roster), {"food": banana().pk}, format="json")
    assert [row["description"] for row in client.get(url(roster)).json()] == ["Bananas, raw", "Spinach, raw"]
    assert client.delete(f"{url(roster)}{spinach.pk}/").status_code == 204
    assert client.delete(f"{url(roster)}{spinach.pk}/").status_code == 404
    assert client.delete(f"{url(roster)}99999999/").status_code == 404
    assert [row["food"] for row in client.get(url(roster)).json()] == [banana().pk]


@pytest.mark.parametrize("body", [{}, {"food": None}, {"food": "banana"}, {"food": 99999999}, {"food": True}])
def test_bad_stars_are_refused_with_the_field_named(roster, body: dict) -> None:
    response = roster.clients["athlete_a"].post(url(roster), body, format="json")
    assert response.status_code == 400 and "food" in response.json()
    assert not FavouriteFood.objects.exists()


def test_another_coachs_food_cannot_be_starred(roster) -> None:
    other = services.create_coach_food(owner=roster.coach_b, description="Coach B's shake", nutrients={})
    response = roster.clients["athlete_a"].post(url(roster), {"food": other.pk}, format="json")
    assert response.status_code == 400 and "There is no food" in str(response.json()["food"])


def test_at_most_so_many_favourites(roster) -> None:
    foods = list(Food.objects.filter(ndb_no__isnull=False).order_by("pk")[: services.MAX_FAVOURITE_FOODS + 1])
    for food in foods[:-1]:
        services.star_food(athlete=roster.athlete_a, food=food)
    response = roster.clients["athlete_a"].post(url(roster), {"food": foods[-1].pk}, format="json")
    assert response.status_code == 400
    assert "remove one first" in str(response.json()["food"])
    assert FavouriteFood.objects.count() == services.MAX_FAVOURITE_FOODS


def test_favourite_foods_are_in_the_schema(roster) -> None:
    schema = roster.clients["athlete_a"].get("/api/schema/?format=json").json()
    assert {"get", "post"} <= set(schema["paths"]["/api/v1/athletes/{athlete_id}/favourite-foods/"])
    assert "delete" in schema["paths"]["/api/v1/athletes/{athlete_id}/favourite-foods/{food_id}/"]
