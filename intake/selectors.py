"""Reads about intake, each a fixed number of queries whatever the row count.

Foods (DOMAIN.md §10): who sees which food, and the food search.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, Case, F, Func, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Length, StrIndex
from django.http import Http404

from intake import usda
from intake.models import Food, FoodPortion
from trainer.models import CoachAthlete, User


class _HasSimilarWord(Func):
    """PostgreSQL pg_trgm `query <% text`: the text holds a word at least pg_trgm.word_similarity_threshold (0.6 by
    default) like the query. Served by the GIN trigram index of migration 0003."""

    arg_joiner = " <%% "  # %% : the SQL goes through the driver's %s formatting
    template = "(%(expressions)s)"
    output_field = BooleanField()


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
    comma part, then that word as a whole word, then raw foods, then how early the words appear, then shorter
    names. Words match as substrings of the folded name after a crude singular ("bananas" -> "banana").
    PostgreSQL answers the substring tests from a pg_trgm index and adds a typo-tolerant fallback.
    """
    foods = visible_foods(user)
    words = usda.query_words(query)
    if not words:
        return _with_details(foods.order_by("search_text", "id"))
    stems = [usda.stem(word) for word in words]
    matches = foods
    for stem in stems:
        matches = matches.filter(search_text__contains=stem)
    if connection.vendor == "postgresql" and not matches.exists():
        return _with_details(_typo_matches(foods, " ".join(words)))
    phrase = " ".join(words)
    # Words are [a-z0-9]+ (usda.query_words), so they go into these patterns without escaping; the patterns use
    # only syntax Python's re (SQLite's REGEXP in Django) and PostgreSQL's ~ read alike.
    plural = "(y|ies|e?s)?"
    heads = rf"^([^,]*, )?{stems[0]}{plural}([^a-z]|$)"
    whole_word = rf"(^|[^a-z]){words[0]}{plural}([^a-z]|$)"
    ranked = matches.annotate(
        rank_exact=_flag(Q(search_text=phrase) | Q(search_text__startswith=f"{phrase},")),
        rank_head=_flag(Q(search_text__regex=heads)),
        rank_word=_flag(Q(search_text__regex=whole_word)),
        rank_raw=_flag(Q(search_text__contains=", raw")),
        rank_position=sum((StrIndex("search_text", Value(stem)) for stem in stems), start=Value(0)),
        rank_length=Length("search_text"),
    )
    return _with_details(
        ranked.order_by(
            "rank_exact", "rank_head", "rank_word", "rank_raw", "rank_position", "rank_length", "search_text", "id"
        )
    )


def _flag(condition: Q) -> Case:
    """0 when the condition holds, else 1: sorts the foods that meet it first."""
    return Case(When(condition, then=Value(0)), default=Value(1), output_field=IntegerField())


def _typo_matches(foods: QuerySet[Food], phrase: str) -> QuerySet[Food]:
    """PostgreSQL: foods with a word like the query, e.g. "bananna" finds bananas; closest first."""
    from django.contrib.postgres.search import TrigramSimilarity, TrigramWordSimilarity

    return (
        foods.filter(_HasSimilarWord(Value(phrase), F("search_text")))
        .annotate(
            word_similarity=TrigramWordSimilarity(Value(phrase), "search_text"),
            similarity=TrigramSimilarity("search_text", Value(phrase)),
        )
        .order_by(F("word_similarity").desc(), F("similarity").desc(), Length("search_text"), "id")
    )


def search_foods(user: User, query: str, limit: int = 20) -> list[Food]:
    """The first `limit` foods of `food_search`: for pickers and pages that show one short list."""
    return list(food_search(user, query)[: max(limit, 0)])
