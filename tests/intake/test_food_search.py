"""Food search over the migrated SR28 library: ranking, matching, visibility and query budget (DOMAIN.md §10)."""

from __future__ import annotations

import pytest
from django.db import connection

from intake import services, usda
from intake.selectors import food_search, get_visible_food, search_foods, visible_foods
from tests.factories import AthleteFactory, CoachFactory


@pytest.fixture
def anyone(roster):
    return roster.athlete_b.user


def _top(user, query: str, n: int = 5) -> list[str]:
    return [food.description for food in search_foods(user, query, n)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("banana", "Bananas, raw"),
        ("bananas", "Bananas, raw"),
        ("Banana", "Bananas, raw"),
        ("spinach", "Spinach, raw"),
        ("almonds", "Nuts, almonds"),
        ("milk whole", "Milk, whole, 3.25% milkfat, with added vitamin D"),
        ("orange juice", "Orange juice, raw"),
        ("oats", "Oats"),
        ("egg", "Egg, yolk, raw, fresh"),
        ("water", "Water, bottled, generic"),
    ],
)
def test_the_plain_food_comes_first(food_library, anyone, query: str, first: str) -> None:
    assert _top(anyone, query)[0] == first


def test_salmon_finds_salmon_raw_fish_high(food_library, anyone) -> None:
    top = _top(anyone, "salmon", 10)
    assert all("salmon" in d.lower() for d in top)
    assert "Salmonberries, raw (Alaska Native)" not in top  # "salmon" is not a prefix match for a berry
    assert any(d.startswith("Fish, salmon,") and d.endswith(", raw") for d in top[:5])


def test_every_word_must_match(food_library, anyone) -> None:
    results = search_foods(anyone, "milk whole", 200)
    assert results
    assert all("milk" in f.search_text and "whole" in f.search_text for f in results)
    assert search_foods(anyone, "banana zzzqx") == []


def test_word_order_punctuation_and_case_do_not_matter(food_library, anyone) -> None:
    assert _top(anyone, "whole, MILK")[:2] == _top(anyone, "milk whole")[:2]


def test_accents_and_non_ascii_fold(food_library, anyone) -> None:
    assert usda.fold("Entrée  Crème") == "entree creme"
    assert _top(anyone, "SunGold")[0] == "Kiwifruit, ZESPRI SunGold, raw"


def test_no_query_lists_every_visible_food_by_name(food_library, anyone) -> None:
    foods = food_search(anyone, "  ")
    assert foods.count() == 8789
    names = [f.search_text for f in foods[:50]]
    assert names == sorted(names)


def test_search_runs_a_fixed_number_of_queries(food_library, anyone, django_assert_max_num_queries) -> None:
    # Foods + their portions; PostgreSQL first asks whether any food holds every word (for its typo fallback).
    budget = 3 if connection.vendor == "postgresql" else 2
    for query in ("banana", "a", "milk whole"):
        with django_assert_max_num_queries(budget):
            foods = search_foods(anyone, query, 50)
            for food in foods:
                list(food.portions.all())
                _ = food.group.name if food.group else None


def test_typos_match_on_postgresql_only(food_library, anyone) -> None:
    """PostgreSQL falls back to trigram similarity; SQLite has no typo matching and finds nothing."""
    if connection.vendor == "postgresql":
        assert any("banana" in d.lower() for d in _top(anyone, "bananna"))
        assert _top(anyone, "spinnach")[0] == "Spinach, raw"
    else:
        assert _top(anyone, "spinnach") == []


# --- coach foods: who sees them -------------------------------------------------------------------------------


@pytest.fixture
def coach_food(roster):
    return services.create_coach_food(
        owner=roster.coach_a,
        description="Banana recovery shake (team recipe)",
        nutrients={"water_g": 80, "potassium_mg": 400, "sodium_mg": 120},
        portions=[services.PortionInput(amount=1, unit="bottle", grams=500)],
    )


def test_coach_food_is_seen_by_its_coach_and_their_athletes_only(food_library, roster, coach_food) -> None:
    sees = {
        "coach_a": roster.coach_a,
        "athlete_a": roster.athlete_a.user,
        "staff": roster.staff,
    }
    blind = {"coach_b": roster.coach_b, "athlete_b": roster.athlete_b.user}
    for who, user in sees.items():
        assert visible_foods(user).filter(pk=coach_food.pk).exists(), who
        assert coach_food in search_foods(user, "banana shake"), who
        assert get_visible_food(user, coach_food.pk) == coach_food
    for who, user in blind.items():
        assert not visible_foods(user).filter(pk=coach_food.pk).exists(), who
        assert search_foods(user, "banana shake") == [], who


def test_an_athlete_with_two_coaches_sees_both_coaches_foods(food_library, roster, coach_food) -> None:
    other = services.create_coach_food(owner=roster.coach_b, description="Team electrolyte mix", nutrients={})
    both = AthleteFactory(coaches=[roster.coach_a, roster.coach_b])
    assert set(visible_foods(both.user).filter(owner__isnull=False)) == {coach_food, other}
    assert not visible_foods(CoachFactory()).filter(owner__isnull=False).exists()


def test_the_library_is_seen_by_everyone(food_library, roster) -> None:
    for user in (roster.coach_b, roster.athlete_a.user, roster.staff):
        assert visible_foods(user).filter(ndb_no="09040").exists()
