"""`GET /api/v1/foods/?search=`, `GET /api/v1/foods/{id}/`, `POST /api/v1/foods/` (docs/api.md; docs/domain.md §10)."""

from __future__ import annotations

import pytest
from django.db import connection

from intake.models import Food, FoodPortion

pytestmark = pytest.mark.usefixtures("food_library")

ROLES = ["athlete_a", "athlete_b", "coach_a", "coach_b", "staff"]
SHAKE = {
    "description": "Recovery shake, team recipe",
    "water_g": 82.5,
    "energy_kcal": 75,
    "protein_g": 6,
    "potassium_mg": 390,
    "calcium_mg": 120,
    "magnesium_mg": 35,
    "sodium_mg": 210,
    "portions": [{"amount": 1, "unit": "bottle", "grams": 500}],
}


def _create(roster, role: str = "coach_a", **changes):
    return roster.clients[role].post("/api/v1/foods/", {**SHAKE, **changes}, format="json")


def test_anonymous_gets_401(roster) -> None:
    assert roster.clients["anonymous"].get("/api/v1/foods/?search=banana").status_code == 401
    assert roster.clients["anonymous"].post("/api/v1/foods/", SHAKE, format="json").status_code == 401


def test_search_is_paginated_and_ranked(roster) -> None:
    response = roster.clients["athlete_a"].get("/api/v1/foods/", {"search": "banana", "page_size": 5})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] > 5 and body["next"] and body["previous"] is None
    banana = body["results"][0]
    assert banana["description"] == "Bananas, raw"
    assert banana["ndb_no"] == "09040" and banana["source"] == "usda_sr28" and banana["owner"] is None
    assert banana["group"] == "Fruits and Fruit Juices" and banana["group_code"] == "0900"
    # docs/domain.md §10, per 100 g; JSON numbers, not strings.
    assert (banana["water_g"], banana["potassium_mg"], banana["calcium_mg"]) == (74.91, 358, 5)
    assert (banana["magnesium_mg"], banana["sodium_mg"], banana["energy_kcal"]) == (27, 1, 89)
    assert banana["is_beverage"] is False
    medium = {"amount": 1, "unit": 'medium (7" to 7-7/8" long)', "grams": 118}
    assert any({k: v for k, v in p.items() if k != "id"} == medium for p in banana["portions"])
    assert all(isinstance(p["id"], int) for p in banana["portions"])


def test_unknown_values_are_null(roster) -> None:
    cereal = roster.clients["athlete_a"].get("/api/v1/foods/", {"search": "rice crunchins"}).json()["results"][0]
    assert cereal["ndb_no"] == "08370"
    assert cereal["water_g"] is None and cereal["potassium_mg"] is None and cereal["calcium_mg"] == 0


def test_list_has_a_fixed_query_budget(roster, django_assert_max_num_queries) -> None:
    client = roster.clients["athlete_a"]
    # auth (user), count, page, portions; PostgreSQL adds its typo-fallback check.
    budget = 5 if connection.vendor == "postgresql" else 4
    for params in ({"search": "milk"}, {"search": "a", "page_size": 200}, {}):
        with django_assert_max_num_queries(budget):
            assert client.get("/api/v1/foods/", params).status_code == 200


def test_detail(roster) -> None:
    spinach = Food.objects.get(ndb_no="11457")
    body = roster.clients["coach_b"].get(f"/api/v1/foods/{spinach.pk}/").json()
    assert body["description"] == "Spinach, raw"
    assert (body["water_g"], body["potassium_mg"], body["calcium_mg"], body["magnesium_mg"], body["sodium_mg"]) == (
        91.4, 558, 99, 79, 79,
    )  # fmt: skip
    assert roster.clients["coach_b"].get("/api/v1/foods/99999999/").status_code == 404


def test_coach_creates_a_food(roster) -> None:
    response = _create(roster)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["owner"] == roster.coach_a.pk and body["source"] == "coach" and body["ndb_no"] is None
    assert body["water_g"] == 82.5 and body["sodium_mg"] == 210
    portion = FoodPortion.objects.get(food_id=body["id"])  # a meal item names a portion by this id
    assert body["portions"] == [{"id": portion.pk, "amount": 1, "unit": "bottle", "grams": 500}]
    assert body["is_beverage"] is False and body["group"] is None


def test_beverage_flag_defaults_like_sr28_and_can_be_set(roster) -> None:
    assert _create(roster, description="Orange juice, fresh pressed").json()["is_beverage"] is True
    assert _create(roster, description="Sports drink", is_beverage=True, group_code="1400").json()["group"] == (
        "Beverages"
    )


def test_unknown_values_may_be_left_out(roster) -> None:
    response = roster.clients["coach_a"].post("/api/v1/foods/", {"description": "Grandma's soup"}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["water_g"] is None and body["potassium_mg"] is None and body["portions"] == []


# Who sees coach A's food: the coach, the athletes on their roster, staff; others get 404 (docs/api.md).
SEES = {"athlete_a": 200, "athlete_b": 404, "coach_a": 200, "coach_b": 404, "staff": 200}


@pytest.mark.parametrize("role", ROLES)
def test_coach_food_visibility(roster, role: str) -> None:
    food_id = _create(roster).json()["id"]
    client = roster.clients[role]
    assert client.get(f"/api/v1/foods/{food_id}/").status_code == SEES[role]
    listed = {row["id"] for row in client.get("/api/v1/foods/", {"search": "recovery shake"}).json()["results"]}
    assert (food_id in listed) is (SEES[role] == 200)


@pytest.mark.parametrize("role", ["athlete_a", "athlete_b"])
def test_athletes_cannot_add_foods(roster, role: str) -> None:
    assert _create(roster, role).status_code == 403
    assert not Food.objects.filter(description=SHAKE["description"]).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"water_g": -1}, "water_g"),
        ({"potassium_mg": -0.5}, "potassium_mg"),
        ({"water_g": 100.5}, "water_g"),
        ({"protein_g": 150}, "protein_g"),
        ({"sodium_mg": 100_001}, "sodium_mg"),
        ({"energy_kcal": 5000}, "energy_kcal"),
        ({"calcium_mg": "lots"}, "calcium_mg"),
        ({"magnesium_mg": "NaN"}, "magnesium_mg"),
        ({"description": ""}, "description"),
        ({"description": "x" * 201}, "description"),
        ({"group_code": "9999"}, "group_code"),
        ({"water_g": 90, "protein_g": 20}, "water_g"),  # more than the 100 g together
        ({"portions": [{"amount": 1, "unit": "cup", "grams": 0}]}, "portions"),
        ({"portions": [{"amount": 1, "unit": "cup", "grams": 20_000}]}, "portions"),
        ({"portions": [{"amount": 1, "unit": "cup", "grams": 50}] * 21}, "portions"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(roster, changes: dict, field: str) -> None:
    response = _create(roster, **changes)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Food.objects.filter(owner=roster.coach_a).exists()


def test_out_of_range_messages_say_why(roster) -> None:
    assert "100 g" in _create(roster, water_g=101).json()["water_g"][0]
    assert "negative" in _create(roster, sodium_mg=-3).json()["sodium_mg"][0]
    assert "number" in _create(roster, calcium_mg="lots").json()["calcium_mg"][0]


def test_schema_describes_the_food_endpoints(roster) -> None:
    schema = roster.clients["staff"].get("/api/schema/", {"format": "json"}).json()
    list_op = schema["paths"]["/api/v1/foods/"]["get"]
    assert any(p["name"] == "search" for p in list_op["parameters"])
    food = schema["components"]["schemas"]["Food"]["properties"]
    assert food["potassium_mg"]["type"] == "number" and food["water_g"]["nullable"] is True
    assert "post" in schema["paths"]["/api/v1/foods/"] and "/api/v1/foods/{id}/" in schema["paths"]


def test_service_refuses_what_the_api_would(roster) -> None:
    from decimal import Decimal

    from core.errors import ServiceError
    from intake import services

    with pytest.raises(ServiceError) as refused:
        services.create_coach_food(owner=roster.athlete_a.user, description="Shake", nutrients={})
    assert refused.value.field == "owner"
    with pytest.raises(ServiceError) as refused:
        services.create_coach_food(
            owner=roster.coach_a, description="Shake", nutrients={"water_g": Decimal("99.9"), "sodium_mg": 200}
        )
    assert refused.value.field == "water_g"  # 99.9 g + 0.2 g of sodium > 100 g
    with pytest.raises(ServiceError) as refused:
        services.create_coach_food(
            owner=roster.coach_a,
            description="Shake",
            nutrients={},
            portions=[services.PortionInput(amount=Decimal(1), unit="cup", grams=Decimal(0))],
        )
    assert refused.value.field == "portions"
    food = services.create_coach_food(
        owner=roster.coach_a, description="  Shake,   chocolate ", nutrients={"water_g": 80.5, "sodium_mg": 120}
    )
    assert food.description == "Shake, chocolate" and food.search_text == "shake, chocolate"
    assert food.water_g == Decimal("80.5") and food.potassium_mg is None
