"""Reads about intake, each a fixed number of queries whatever the row count.

Foods (docs/domain.md §10): who sees which food, and the food search.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Iterable

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Length, StrIndex
from django.http import Http404

from intake import spelling, usda
from intake.common_foods import COMMON_FOODS
from intake.models import FavouriteFood, Food, FoodPortion, Meal, MealItem, WaterLog
from people.models import AthleteProfile, CoachAthlete, User


def visible_foods(user: User) -> QuerySet[Food]:
    """Library foods for everyone; a coach's own foods for that coach and the athletes on their roster; staff all.

    Archived foods (their coach's account is gone) are nobody's: meals that name them keep them through the
    foreign key, but no search, list or new meal finds them.
    """
    foods = Food.objects.filter(archived=False)
    if user.is_staff:
        return foods
    coaches_of_user = CoachAthlete.objects.filter(athlete__user=user).values("coach_id")
    return foods.filter(Q(owner__isnull=True) | Q(owner=user) | Q(owner__in=coaches_of_user))


def _with_details(foods: QuerySet[Food]) -> QuerySet[Food]:
    return foods.select_related("group").prefetch_related(
        Prefetch("portions", queryset=FoodPortion.objects.order_by("seq"))
    )


def get_visible_food(user: User, food_id: int) -> Food:
    """The food, or 404 when it does not exist or `user` may not see it (never leak existence)."""
    try:
        return _with_details(visible_foods(user)).get(pk=food_id)
    except (Food.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404("No such food.") from exc


def food_search(user: User, query: str = "") -> QuerySet[Food]:
    """The visible foods matching every word of `query`, best first; all visible foods by name without one.

    The same ranking on SQLite and PostgreSQL, built from how SR28 names foods ("Bananas, raw", "Nuts, almonds",
    "Fish, salmon, pink, raw"): the whole query naming the food, then the first word heading the first or second
    comma part, then everyday foods (intake.common_foods), then that word as a whole word, then raw foods, then
    how early the words appear, then shorter names. Words match as substrings of the folded name after a crude
    singular ("bananas" -> "banana"). When no food matches, a misspelled word is corrected (intake.spelling) and
    the search runs again: "bananna" finds bananas on both databases.
    """
    foods = visible_foods(user)
    words = usda.query_words(query)
    if not words:
        return _with_details(foods.order_by("search_text", "id"))
    matches = _matching(foods, words)
    if not matches.exists():
        corrected = corrected_words(foods, words)
        if corrected is None:
            return _with_details(matches)  # nothing: no word was near enough to another
        words, matches = corrected, _matching(foods, corrected)
    return _with_details(_ranked(matches, words))


def _matching(foods: QuerySet[Food], words: list[str]) -> QuerySet[Food]:
    for word in words:
        foods = foods.filter(search_text__contains=usda.stem(word))
    return foods


def _ranked(matches: QuerySet[Food], words: list[str]) -> QuerySet[Food]:
    stems = [usda.stem(word) for word in words]
    phrase = " ".join(words)
    # Words are [a-z0-9]+ (usda.query_words), so they go into these patterns without escaping; the patterns use
    # only syntax Python's re (SQLite's REGEXP in Django) and PostgreSQL's ~ read alike.
    plural = "(y|ies|e?s)?"
    heads = rf"^([^,]*, )?{stems[0]}{plural}([^a-z]|$)"
    whole_word = rf"(^|[^a-z]){words[0]}{plural}([^a-z]|$)"
    ranked = matches.annotate(
        rank_exact=_flag(Q(search_text=phrase) | Q(search_text__startswith=f"{phrase},")),
        rank_common=_flag(Q(ndb_no__in=COMMON_FOODS)),
        rank_head=_flag(Q(search_text__regex=heads)),
        rank_word=_flag(Q(search_text__regex=whole_word)),
        rank_raw=_flag(Q(search_text__contains=", raw")),
        rank_position=sum((StrIndex("search_text", Value(stem)) for stem in stems), start=Value(0)),
        rank_length=Length("search_text"),
    )
    return ranked.order_by(
        "rank_exact",
        "rank_head",
        "rank_common",
        "rank_word",
        "rank_raw",
        "rank_position",
        "rank_length",
        "search_text",
        "id",
    )


def _flag(condition: Q) -> Case:
    """0 when the condition holds, else 1: sorts the foods that meet it first."""
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def _one_if(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def corrected_words(foods: QuerySet[Food], words: list[str]) -> list[str] | None:
    """`words` with each one that no food holds replaced by the nearest word of the foods most like it
    (intake.spelling), or None when some such word has no near neighbour. One query to find the missing words,
    then one per missing word (at most 8, usda.query_words), each reading at most spelling.CANDIDATE_FOODS names.
    """
    held = foods.aggregate(
        **{f"w{i}": Count("pk", filter=Q(search_text__contains=usda.stem(word))) for i, word in enumerate(words)}
    )
    # The words typed right narrow the candidates: in "recovery shaek" only foods holding "recovery" are read.
    around = _matching(foods, [word for i, word in enumerate(words) if held[f"w{i}"]])
    corrected = list(words)
    for i, word in enumerate(words):
        if held[f"w{i}"]:
            continue
        pieces = spelling.trigrams(word)
        if spelling.max_edits(word) == 0 or not pieces:
            return None
        shared = sum((_one_if(Q(search_text__contains=piece)) for piece in pieces), start=Value(0))
        candidates = (
            around.filter(functools.reduce(operator.or_, (Q(search_text__contains=piece) for piece in pieces)))
            .annotate(shared=shared)
            .filter(shared__gte=spelling.min_shared_trigrams(word))
            .order_by("-shared", "id")
            .values_list("search_text", flat=True)[: spelling.CANDIDATE_FOODS]
        )
        closest = spelling.closest_word(word, candidates)
        if closest is None:
            return None
        corrected[i] = closest
    return corrected


def search_foods(user: User, query: str, limit: int = 20) -> list[Food]:
    """The first `limit` foods of `food_search`: for pickers and pages that show one short list."""
    return list(food_search(user, query)[: max(limit, 0)])


# --- the athlete's own foods: recent and favourite ------------------------------------------------------------

RECENT_FOODS = 8
# Recent foods come from the athlete's last meals only, so the query reads at most this many meals (by the
# (athlete, at) index) and their items, however long the history (a meal holds at most 50 items).
RECENT_MEALS_SCANNED = 20


def recent_foods(athlete: AthleteProfile, limit: int = RECENT_FOODS) -> list[Food]:
    """The foods of the athlete's last meals, each once, most recently eaten first, in one query. Foods no longer
    visible to the athlete (archived, or of a coach they left) are left out."""
    last_meals = Meal.objects.filter(athlete=athlete).order_by("-at", "-id").values("id")[:RECENT_MEALS_SCANNED]
    items = MealItem.objects.filter(meal__in=last_meals)
    last_eaten = items.filter(food=OuterRef("pk")).order_by("-meal__at", "-id").values("meal__at")[:1]
    foods = visible_foods(athlete.user).filter(pk__in=items.values("food")).annotate(last_eaten=Subquery(last_eaten))
    return list(foods.order_by(F("last_eaten").desc(), "pk")[: max(limit, 0)])


def favourite_foods(athlete: AthleteProfile) -> list[Food]:
    """The athlete's starred foods that they can still log, by name (at most MAX_FAVOURITE_FOODS), in one query."""
    starred = FavouriteFood.objects.filter(athlete=athlete).values("food")
    return list(visible_foods(athlete.user).filter(pk__in=starred).order_by("search_text", "pk"))


def with_portions(foods: Iterable[Food]) -> None:
    """Fetch the portions of all these foods in one query (those already fetched are left alone)."""
    prefetch_related_objects(
        [food for food in foods if "portions" not in getattr(food, "_prefetched_objects_cache", {})],
        Prefetch("portions", queryset=FoodPortion.objects.order_by("seq")),
    )


def meals_with_foods(athlete: AthleteProfile, *, portions: bool = False) -> QuerySet[Meal]:
    """The athlete's meals with their foods, and the portions they were entered in when the page shows them (one
    query each, whatever the number of meals)."""
    related = ("items__food", "items__portion") if portions else ("items__food",)
    return Meal.objects.filter(athlete=athlete).prefetch_related(*related)


def meal_with_foods(athlete: AthleteProfile, meal_id: int, *, portions: bool = False) -> Meal | None:
    return meals_with_foods(athlete, portions=portions).filter(pk=meal_id).first()


def water_log_of(athlete: AthleteProfile, log_id: int) -> WaterLog | None:
    return WaterLog.objects.filter(pk=log_id, athlete=athlete).first()


def portions_by_id(portion_ids: Iterable[int]) -> dict[int, FoodPortion]:
    ids = list(portion_ids)
    return FoodPortion.objects.in_bulk(ids) if ids else {}


def favourites(athlete: AthleteProfile) -> QuerySet[FavouriteFood]:
    """The athlete's starred foods they may still see, in the food list's order."""
    visible = visible_foods(athlete.user)
    return (
        FavouriteFood.objects.filter(athlete=athlete, food__in=visible)
        .select_related("food")
        .order_by("food__search_text", "pk")
    )


def is_favourite(athlete: AthleteProfile, food: Food) -> bool:
    return FavouriteFood.objects.filter(athlete=athlete, food=food).exists()


def favourite_ids(athlete: AthleteProfile) -> set[int]:
    return set(FavouriteFood.objects.filter(athlete=athlete).values_list("food_id", flat=True))


def food_by_id(food_id: int) -> Food | None:
    return Food.objects.filter(pk=food_id).first()
