"""The meal page (issue 14): a food added is stored once; grams, ounces and the food's portions; recent and
favourite foods at the top, in a fixed number of queries however long the history."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake import log_services, services
from intake.models import FavouriteFood, Food, FoodPortion, Meal, MealItem
from intake.selectors import RECENT_FOODS, recent_foods
from tests.factories import AthleteFactory
from tests.world import signed_in

pytestmark = pytest.mark.django_db


def library(ndb: str) -> Food:
    return Food.objects.get(ndb_no=ndb)


def medium_banana() -> FoodPortion:
    return FoodPortion.objects.get(food__ndb_no="09040", unit__startswith="medium")


@pytest.fixture
def url(people) -> str:
    return f"/athletes/{people.athlete.pk}/meals/new/"


def stored(athlete) -> list[tuple]:
    return list(
        MealItem.objects.filter(meal__athlete=athlete)
        .order_by("id")
        .values_list("food_id", "portion_id", "amount", "grams")
    )


def test_add_then_log_stores_each_food_once(athlete_pages, people, url) -> None:
    banana = library("09040")
    added = athlete_pages.post(url, {"q": "banana", "food": banana.pk, "amount": "118", "unit": "g", "action": "add"})
    body = added.content.decode()
    assert added.status_code == 200 and f'name="item" value="{banana.pk}:118"' in body
    assert "checked" not in body.split('id="food-results"')[1].split("</fieldset>")[0]  # no food chosen any more
    saved = athlete_pages.post(url, {"q": "banana", "item": [f"{banana.pk}:118"], "amount": "", "action": "save"})
    assert saved.status_code == 302
    assert stored(people.athlete) == [(banana.pk, None, None, Decimal("118.0"))]


def test_the_same_food_in_the_same_measure_is_one_item(athlete_pages, people, url) -> None:
    banana, medium = library("09040"), medium_banana()
    form = {"food": banana.pk, "amount": "1", "unit": str(medium.pk), "action": "add"}
    again = athlete_pages.post(url, {**form, "item": [f"{banana.pk}:{medium.pk}:1"]})
    assert f'name="item" value="{banana.pk}:{medium.pk}:2"' in again.content.decode()
    assert again.content.decode().count('name="item"') == 1
    athlete_pages.post(url, {"item": [f"{banana.pk}:{medium.pk}:2", f"{banana.pk}:30"], "action": "save"})
    assert stored(people.athlete) == [
        (banana.pk, medium.pk, Decimal("2.00"), Decimal("236.0")),
        (banana.pk, None, None, Decimal("30.0")),  # grams are another measure: another item
    ]


def test_a_portion_is_logged_as_entered(athlete_pages, people, url) -> None:
    banana, medium = library("09040"), medium_banana()
    page = athlete_pages.get(url + "?q=banana").content.decode()
    assert f'<optgroup label="Bananas, raw" data-food="{banana.pk}">' in page  # without JavaScript: every food's
    assert f'value="{medium.pk}">1 medium (7&quot; to 7-7/8&quot; long) = 118 g</option>' in page
    saved = athlete_pages.post(url, {"food": banana.pk, "amount": "1.5", "unit": str(medium.pk), "action": "save"})
    assert saved.status_code == 302
    assert stored(people.athlete) == [(banana.pk, medium.pk, Decimal("1.50"), Decimal("177.0"))]
    today = athlete_pages.get(saved.url.split("#")[0]).content.decode()
    assert "177 g Bananas, raw (1.5 × 1 medium (7&quot; to 7-7/8&quot; long))" in today


def test_refusals_name_the_field(athlete_pages, people, url) -> None:
    banana, milk_cup = library("09040"), FoodPortion.objects.filter(food__ndb_no="01077").first()
    cases = [
        ({"unit": str(milk_cup.pk), "amount": "1"}, "id_unit_error", "not one of this food"),
        ({"unit": "oz", "amount": "4"}, "id_unit_error", "Choose grams or one of the food"),  # a metric athlete
        ({"unit": "cup", "amount": "1"}, "id_unit_error", "Choose grams"),
        ({"unit": str(medium_banana().pk), "amount": "101"}, "id_amount_error", "not plausible"),
        ({"unit": "g", "amount": "3001"}, "id_amount_error", "3000"),
        ({"unit": "g", "amount": ""}, "id_amount_error", "How much?"),
        ({"unit": "g", "amount": "-2"}, "id_amount_error", "0.01"),
    ]
    for extra, error_id, words in cases:
        response = athlete_pages.post(url, {"q": "banana", "food": banana.pk, "action": "add", **extra})
        body = response.content.decode()
        assert response.status_code == 400, extra
        assert f'id="{error_id}"' in body, extra
        assert words in body, (extra, words)
        assert f'value="{banana.pk}" id="food-{banana.pk}" data-portions=' in body
        assert body.split(f'id="food-{banana.pk}"')[1].split(">")[0].endswith(" checked")  # still chosen
    assert not Meal.objects.exists()


def test_imperial_athletes_weigh_in_ounces_too(people) -> None:
    athlete = AthleteFactory(coaches=[people.coach], units="imperial")
    client, url = signed_in(athlete.user), f"/athletes/{athlete.pk}/meals/new/"
    page = client.get(url).content.decode()
    assert '<option value="oz" data-base selected>oz</option><option value="g" data-base>g</option>' in page
    spinach = library("11457")
    client.post(url, {"food": spinach.pk, "amount": "3", "unit": "oz", "action": "save"})
    assert stored(athlete) == [(spinach.pk, None, None, Decimal("85.0"))]  # 3 oz = 85.05 g; stored in grams
    today = client.get(f"/athletes/{athlete.pk}/today/").content.decode()
    assert "85 g (3 oz) Spinach, raw" in today


def meal_at(athlete, foods: list[Food], hours_ago: int) -> Meal:
    at = timezone.now() - dt.timedelta(hours=hours_ago)
    return log_services.log_meal(athlete=athlete, items=[{"food": f, "grams": 50} for f in foods], at=at)


def test_recent_foods_are_the_last_meals_foods_each_once_latest_first(people) -> None:
    athlete = people.athlete
    banana, spinach, milk, oats = library("09040"), library("11457"), library("01077"), library("20038")
    meal_at(athlete, [oats], hours_ago=30)
    meal_at(athlete, [banana, milk], hours_ago=20)
    meal_at(athlete, [spinach, banana], hours_ago=2)
    meal_at(people.other, [library("01123")], hours_ago=1)  # another athlete's egg
    assert [f.pk for f in recent_foods(athlete)][:2] == sorted([spinach.pk, banana.pk])  # the same meal: by id
    assert [f.pk for f in recent_foods(athlete)][2:] == [milk.pk, oats.pk]
    assert len(recent_foods(athlete, limit=2)) == 2


def test_recent_foods_take_one_query_and_read_only_the_last_meals(people, django_assert_num_queries) -> None:
    athlete = people.athlete
    foods = list(Food.objects.filter(ndb_no__isnull=False).order_by("pk")[:40])
    for hours, food in enumerate(foods):  # foods[0] the latest
        meal_at(athlete, [food], hours_ago=hours + 1)
    with django_assert_num_queries(1):
        recent = recent_foods(athlete)
    assert [f.pk for f in recent] == [f.pk for f in foods[:RECENT_FOODS]]


def test_recent_foods_leave_out_what_the_athlete_can_no_longer_log(people) -> None:
    own = services.create_coach_food(owner=people.coach, description="Team rice bowl", nutrients={})
    meal_at(people.athlete, [own], hours_ago=1)
    assert own in recent_foods(people.athlete)
    Food.objects.filter(pk=own.pk).update(archived=True, owner=None)
    assert own not in recent_foods(people.athlete)


def test_the_meal_page_takes_the_same_queries_however_long_the_history(athlete_pages, people, url) -> None:
    athlete = people.athlete
    foods = list(Food.objects.filter(ndb_no__isnull=False).order_by("pk")[:30])
    services.star_food(athlete=athlete, food=foods[0])
    meal_at(athlete, foods[:1], hours_ago=1)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert athlete_pages.get(url + "?q=banana").status_code == 200
        return len(captured)

    short = queries()
    for hours, food in enumerate(foods):
        meal_at(athlete, [food, foods[-1]], hours_ago=hours + 2)
    for food in foods[1:10]:
        services.star_food(athlete=athlete, food=food)
    assert queries() == short


def test_recent_and_favourite_foods_head_the_page(athlete_pages, people, url) -> None:
    banana, spinach = library("09040"), library("11457")
    meal_at(people.athlete, [banana, spinach], hours_ago=3)
    services.star_food(athlete=people.athlete, food=spinach)
    page = athlete_pages.get(url).content.decode()
    yours = page.split('id="your-foods"')[1].split("</section>")[0]
    favourites, recent = yours.split('id="recent-foods"')
    assert "Spinach, raw" in favourites and "Bananas, raw" not in favourites
    assert "Bananas, raw" in recent and "Spinach, raw" not in recent  # a favourite is not listed twice
    assert f'id="recent-{banana.pk}"' in recent and 'name="food"' in recent  # a tap chooses it in the form


def test_star_and_unstar_keep_the_meal_being_made(athlete_pages, people, url) -> None:
    banana, milk = library("09040"), library("01077")
    starred = athlete_pages.post(url, {"star": banana.pk, "item": [f"{milk.pk}:200"], "food": banana.pk})
    body = starred.content.decode()
    assert starred.status_code == 200 and "Bananas, raw is now one of your favourites." in body
    assert f'name="item" value="{milk.pk}:200"' in body  # the meal so far is kept
    assert f'id="favourite-{banana.pk}" data-portions=' in body and 'aria-pressed="true"' in body
    assert list(FavouriteFood.objects.values_list("athlete_id", "food_id")) == [(people.athlete.pk, banana.pk)]
    athlete_pages.post(url, {"star": banana.pk})  # twice: still one
    assert FavouriteFood.objects.count() == 1
    unstarred = athlete_pages.post(url, {"unstar": banana.pk}).content.decode()
    assert "Bananas, raw is no longer one of your favourites." in unstarred
    assert not FavouriteFood.objects.exists() and not Meal.objects.exists()


def test_stars_are_checked(people, url) -> None:
    hidden = services.create_coach_food(owner=people.other_coach, description="Other team's shake", nutrients={})
    client = signed_in(people.athlete.user)
    refused = client.post(url, {"star": hidden.pk}).content.decode()
    assert "That food is not one you can log." in refused and not FavouriteFood.objects.exists()
    assert client.post(url, {"star": "banana"}).status_code == 200 and not FavouriteFood.objects.exists()
    assert client.post(f"/athletes/{people.other.pk}/meals/new/", {"star": library("09040").pk}).status_code == 404
    for food in Food.objects.filter(ndb_no__isnull=False).order_by("pk")[: services.MAX_FAVOURITE_FOODS]:
        services.star_food(athlete=people.athlete, food=food)
    full = client.post(url, {"star": library("09040").pk}).content.decode()
    assert f"You have {services.MAX_FAVOURITE_FOODS} favourites already" in full
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(people.athlete.user)
    assert strict.post(url, {"unstar": library("09040").pk}).status_code == 403  # no CSRF token


def test_the_coach_stars_for_the_athlete_as_they_log_for_them(coach_pages, people, url) -> None:
    coach_pages.post(url, {"star": library("09040").pk})
    assert FavouriteFood.objects.filter(athlete=people.athlete).count() == 1


def test_htmx_results_carry_portions_and_stars(athlete_pages, people) -> None:
    banana = library("09040")
    services.star_food(athlete=people.athlete, food=banana)
    body = athlete_pages.get(f"/athletes/{people.athlete.pk}/foods/?q=banana", HTTP_HX_REQUEST="true").content
    text = body.decode()
    medium = medium_banana()
    assert f'id="food-{banana.pk}" data-portions="[[' in text
    assert f"[{medium.pk}, &quot;1 medium (7\\&quot; to 7-7/8\\&quot; long) = 118 g&quot;]" in text
    assert 'aria-pressed="true"><span aria-hidden="true">★</span> Favourite' in text
    assert '<span class="visually-hidden">: Bananas, raw</span>' in text
