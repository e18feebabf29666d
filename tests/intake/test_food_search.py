"""Food search over the migrated SR28 library: ranking, matching, typos, visibility and query budget (docs/domain.md
§10). Every test here runs as written on SQLite and on PostgreSQL: the answers must be the same."""

from __future__ import annotations

import pytest

from intake import services, spelling, usda
from intake.common_foods import COMMON_FOODS
from intake.models import Food
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
        ("egg", "Egg, whole, raw, fresh"),  # the everyday egg, not the yolk
        ("milk", "Milk, whole, 3.25% milkfat, with added vitamin D"),
        ("chicken", "Chicken, broilers or fryers, breast, meat only, cooked, roasted"),
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
    # Whether any food holds every word (else the typo fallback), the foods, their portions.
    for query in ("banana", "a", "milk whole"):
        with django_assert_max_num_queries(3):
            foods = search_foods(anyone, query, 50)
            for food in foods:
                list(food.portions.all())
                _ = food.group.name if food.group else None
    # A typo adds one query to find the word no food holds, and one per such word for its candidates.
    for query, budget in (("bananna", 5), ("bananna spinich", 6)):
        with django_assert_max_num_queries(budget):
            for food in search_foods(anyone, query, 50):
                list(food.portions.all())


def test_common_foods_are_listed_with_the_names_the_library_has(food_library) -> None:
    library = dict(Food.objects.filter(ndb_no__in=COMMON_FOODS).values_list("ndb_no", "description"))
    assert library == COMMON_FOODS


def test_milk_finds_cows_milk_before_sheep_milk_and_dried_buttermilk(food_library, anyone) -> None:
    top = _top(anyone, "milk", 50)
    cow = top.index("Milk, whole, 3.25% milkfat, with added vitamin D")
    assert cow == 0
    assert cow < top.index("Milk, sheep, fluid") and cow < top.index("Milk, buttermilk, dried")
    assert top[:4] == [  # the cow's milks people buy, before any other
        "Milk, whole, 3.25% milkfat, with added vitamin D",
        "Milk, lowfat, fluid, 1% milkfat, with added vitamin A and vitamin D",
        "Milk, reduced fat, fluid, 2% milkfat, with added vitamin A and vitamin D",
        "Milk, nonfat, fluid, with added vitamin A and vitamin D (fat free or skim)",
    ]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("bananna", "Bananas, raw"),  # a letter doubled
        ("banan", "Bananas, raw"),  # a prefix is a substring: no typo at all
        ("bannana", "Bananas, raw"),
        ("spinich", "Spinach, raw"),  # a letter mistyped
        ("spinnach", "Spinach, raw"),
        ("spniach", "Spinach, raw"),  # two letters swapped
        ("brocoli", "Broccoli, raw"),  # a letter left out
        ("almnds", "Nuts, almonds"),
        ("chiken", "Chicken, broilers or fryers, breast, meat only, cooked, roasted"),
        ("bananna raw", "Bananas, raw"),  # a typo beside a word typed right
        ("spinich bananna", None),  # both corrected: no food holds both words
    ],
)
def test_typos_find_the_food_on_every_database(food_library, anyone, query: str, first: str | None) -> None:
    top = _top(anyone, query)
    assert (top[0] if top else None) == first


def test_typos_are_ranked_as_the_word_typed_right(food_library, anyone) -> None:
    assert _top(anyone, "bananna", 10) == _top(anyone, "banana", 10)
    assert _top(anyone, "spinich", 10) == _top(anyone, "spinach", 10)


@pytest.mark.parametrize("query", ["zzzqx", "qqqq", "xyz", "egg zzzqx", "banana sheep"])
def test_nothing_near_finds_nothing(food_library, anyone, query: str) -> None:
    assert search_foods(anyone, query) == []


def test_a_typo_finds_a_coach_food_only_for_whom_sees_it(food_library, roster, coach_food) -> None:
    assert "Banana recovery shake (team recipe)" in _top(roster.athlete_a.user, "recovery shaek", 5)
    assert _top(roster.athlete_b.user, "recovery shaek", 5) == []


def test_the_api_corrects_typos_too(food_library, roster) -> None:
    body = roster.clients["athlete_a"].get("/api/v1/foods/?search=spinich").json()
    assert body["results"][0]["description"] == "Spinach, raw"


def test_closest_word_forgives_more_in_longer_words() -> None:
    texts = ["bananas, raw", "snacks, banana chips", "spinach, raw", "pepper, banana, raw"]
    assert spelling.closest_word("bananna", texts) == "banana"  # one edit, before "bananas" (two)
    assert spelling.closest_word("spinich", texts) == "spinach"
    assert spelling.closest_word("rwa", texts) is None  # under 4 letters: as typed
    assert spelling.closest_word("bxqzzz", texts) is None  # more than two edits from any word
    assert spelling.max_edits("milk") == 1 and spelling.max_edits("spinach") == 2 and spelling.max_edits("2%") == 0
    assert spelling.trigrams("spinich") == ["spi", "pin", "ini", "nic", "ich"]


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
