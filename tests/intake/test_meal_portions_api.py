"""Meal items as household portions (docs/api.md, "Added in turn 2"): `{"food", "portion", "amount"}` beside
`{"food", "grams"}`, weighed as the portion's grams x amount, read back as entered, corrected with the same
shapes, refused with the field named; a portion that a new SR28 release drops leaves the item in grams."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from intake.models import Food, FoodPortion, Meal, MealItem
from people.logs import local_date_of
from tests.factories import MealFactory

pytestmark = pytest.mark.django_db

BANANA, MILK = "09040", "01077"


def food(ndb: str) -> Food:
    return Food.objects.get(ndb_no=ndb)


def portion(ndb: str, unit_starts: str) -> FoodPortion:
    return FoodPortion.objects.get(food__ndb_no=ndb, unit__startswith=unit_starts)


def meals_url(roster) -> str:
    return f"/api/v1/athletes/{roster.athlete_a.pk}/meals/"


def test_a_portion_item_is_weighed_and_reads_back_as_entered(roster) -> None:
    client = roster.clients["athlete_a"]
    medium = portion(BANANA, "medium")  # 1 medium banana: 118 g
    cup = portion(MILK, "cup")  # 1 cup of whole milk: 244 g
    items = [
        {"food": food(BANANA).pk, "portion": medium.pk, "amount": 2},
        {"food": food(MILK).pk, "portion": cup.pk, "amount": "0.5"},
        {"food": food(BANANA).pk, "grams": 30},
    ]
    response = client.post(meals_url(roster), {"items": items}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()["items"]
    assert [(i["food"], i["portion"], i["amount"], i["grams"]) for i in body] == [
        (food(BANANA).pk, medium.pk, 2, 236),
        (food(MILK).pk, cup.pk, 0.5, 122),
        (food(BANANA).pk, None, None, 30),
    ]
    stored = list(MealItem.objects.order_by("id").values_list("portion_id", "amount", "grams"))
    assert stored == [(medium.pk, Decimal("2.00"), Decimal("236.0")), (cup.pk, Decimal("0.50"), Decimal("122.0")),
                      (None, None, Decimal("30.0"))]  # fmt: skip
    meal_id = response.json()["id"]
    assert client.get(f"{meals_url(roster)}{meal_id}/").json()["items"] == body
    listed = client.get(meals_url(roster)).json()
    rows = listed["results"] if isinstance(listed, dict) else listed
    assert rows[0]["items"] == body


def test_the_day_counts_a_portion_by_its_grams(roster) -> None:
    client = roster.clients["athlete_a"]
    items = [{"food": food(BANANA).pk, "portion": portion(BANANA, "medium").pk, "amount": 1}]
    meal = client.post(meals_url(roster), {"items": items}, format="json").json()
    day = local_date_of(roster.athlete_a, Meal.objects.get(pk=meal["id"]).at)
    summary = client.get(f"/api/v1/athletes/{roster.athlete_a.pk}/days/{day.isoformat()}/").json()
    assert summary["minerals"]["potassium"]["mg"] == round(358 * 1.18)  # 358 mg per 100 g, 118 g


@pytest.mark.parametrize(
    ("item", "field", "words"),
    [
        (lambda: {"food": food(BANANA).pk, "portion": portion(MILK, "cup").pk, "amount": 1}, "portion",
         "not one of this food's portions"),
        (lambda: {"food": food(BANANA).pk, "portion": 99999999, "amount": 1}, "portion", "There is no portion"),
        (lambda: {"food": food(BANANA).pk, "portion": "cup", "amount": 1}, "portion", "Incorrect type"),
        (lambda: {"food": food(BANANA).pk, "portion": portion(BANANA, "medium").pk}, "amount", "How many"),
        (lambda: {"food": food(BANANA).pk, "amount": 2}, "portion", "needs the portion"),
        (lambda: {"food": food(BANANA).pk, "portion": portion(BANANA, "medium").pk, "amount": 0}, "amount", "0.01"),
        (lambda: {"food": food(BANANA).pk, "portion": portion(BANANA, "medium").pk, "amount": -1}, "amount", "0.01"),
        (lambda: {"food": food(BANANA).pk, "portion": portion(BANANA, "medium").pk, "amount": 101}, "amount",
         "not plausible"),
        (lambda: {"food": food(BANANA).pk, "portion": portion(BANANA, "medium").pk, "amount": 30}, "amount",
         "3,540.0 g"),  # 30 bananas: under 100 portions, over 3 kg
        (lambda: {"food": food(BANANA).pk, "portion": portion(BANANA, "medium").pk, "amount": "lots"}, "amount",
         "valid number"),
        (lambda: {"food": food(BANANA).pk, "portion": portion(BANANA, "medium").pk, "amount": 1, "grams": 118},
         "grams", "not both"),
        (lambda: {"food": food(BANANA).pk}, "grams", "Give grams, or a portion"),
    ],
)  # fmt: skip
def test_bad_portion_items_are_refused_with_the_field_named(roster, item, field: str, words: str) -> None:
    response = roster.clients["athlete_a"].post(meals_url(roster), {"items": [item()]}, format="json")
    assert response.status_code == 400, response.content
    errors = response.json()["items"]["0"]  # DRF names a list item by its index
    assert field in errors, errors
    assert words in str(errors[field])
    assert not Meal.objects.exists()


def test_a_tiny_amount_of_a_light_portion_is_refused_not_stored_as_nothing(roster) -> None:
    light = FoodPortion.objects.filter(grams__lt=Decimal("4")).select_related("food").first()  # a pinch, a tsp
    item = {"food": light.food_id, "portion": light.pk, "amount": "0.01"}
    response = roster.clients["athlete_a"].post(meals_url(roster), {"items": [item]}, format="json")
    assert response.status_code == 400
    assert "less than 0.1 g" in str(response.json()["items"]["0"]["amount"])


def test_a_correction_takes_the_same_shapes(roster) -> None:
    client = roster.clients["athlete_a"]
    created = client.post(meals_url(roster), {"items": [{"food": food(BANANA).pk, "grams": 118}]}, format="json")
    path = f"{meals_url(roster)}{created.json()['id']}/"
    cup = portion(MILK, "cup")
    patched = client.patch(path, {"items": [{"food": food(MILK).pk, "portion": cup.pk, "amount": 1.5}]}, format="json")
    assert patched.status_code == 200, patched.content
    assert [(i["portion"], i["amount"], i["grams"]) for i in patched.json()["items"]] == [(cup.pk, 1.5, 366)]
    back = client.patch(path, {"items": [{"food": food(BANANA).pk, "grams": 100}]}, format="json")
    assert [(i["portion"], i["amount"], i["grams"]) for i in back.json()["items"]] == [(None, None, 100)]
    wrong = client.patch(path, {"items": [{"food": food(BANANA).pk, "portion": cup.pk, "amount": 1}]}, format="json")
    assert wrong.status_code == 400 and "portion" in wrong.json()["items"]["0"]
    half = client.patch(path, {"items": [{"portion": cup.pk, "amount": 1}]}, format="json")
    assert half.status_code == 400 and "food" in half.json()["items"]["0"]
    assert list(MealItem.objects.values_list("grams", flat=True)) == [Decimal("100.0")]  # the refusals changed nothing


def test_portion_meals_take_the_same_queries_for_any_number_of_items(roster) -> None:
    client = roster.clients["athlete_a"]
    portions = list(FoodPortion.objects.filter(food__ndb_no__isnull=False, grams__lte=200).order_by("pk")[:12])

    def post(count: int) -> int:
        items = [{"food": p.food_id, "portion": p.pk, "amount": 1} for p in portions[:count]]
        with CaptureQueriesContext(connection) as captured:
            assert client.post(meals_url(roster), {"items": items}, format="json").status_code == 201
        return len(captured)

    assert post(2) == post(12)


def test_the_database_refuses_a_portion_without_an_amount_and_amounts_out_of_range(roster) -> None:
    meal = MealFactory(athlete=roster.athlete_a, at="2026-01-05T12:00:00Z", items=False)
    medium = portion(BANANA, "medium")
    for bad in ({"portion": medium, "amount": None}, {"portion": medium, "amount": Decimal(0)},
                {"portion": medium, "amount": Decimal(101)}):  # fmt: skip
        with pytest.raises(IntegrityError), transaction.atomic():
            MealItem.objects.create(meal=meal, food=medium.food, grams=Decimal(118), **bad)


def test_a_portion_a_new_release_drops_leaves_its_items_in_grams(roster) -> None:
    client = roster.clients["athlete_a"]
    medium = portion(BANANA, "medium")
    items = [{"food": food(BANANA).pk, "portion": medium.pk, "amount": 2}]
    meal = client.post(meals_url(roster), {"items": items}, format="json").json()
    FoodPortion.objects.filter(pk=medium.pk).delete()  # what import_release does with a stale portion
    item = client.get(f"{meals_url(roster)}{meal['id']}/").json()["items"][0]
    assert (item["portion"], item["amount"], item["grams"]) == (None, None, 236)
