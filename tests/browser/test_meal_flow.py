"""Meals in a real browser (issue 14): a food added and then the meal logged is stored once; portions and ounces
for an athlete who uses imperial units; a recent food tapped, starred and logged."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from intake import log_services
from intake.models import FavouriteFood, Food, FoodPortion, MealItem
from tests.browser.conftest import DESKTOP, PHONE, new_page, shoot
from tests.factories import AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db(transaction=True)


def measures(page) -> list[str]:
    return page.locator("#id_unit option").all_inner_texts()


def star_of(food: Food) -> re.Pattern:
    return re.compile(r"^Favourite\s*: " + re.escape(food.description) + "$")


def choose(where, description: str):
    """The radio of the food named `description` (not of another whose name holds it: "New Zealand spinach")."""
    return where.get_by_role("radio", name=re.compile("^" + re.escape(description) + "( —|$)"))


def test_add_then_log_stores_the_food_once(browser, site) -> None:
    """The double save: after "Add to the meal" the food stayed chosen with an empty amount, so "Log the meal"
    asked "How many grams?" and, given them again, stored the food twice."""
    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Dana Double")
    page = new_page(browser, site, PHONE, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/meals/new/")
    page.get_by_label("Find a food").press_sequentially("banana", delay=20)
    choose(page, "Bananas, raw").check()
    assert measures(page)[0] == "g"  # a metric athlete starts in grams
    page.get_by_label("How much").fill("118")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the meal").click()

    assert page.locator(".basket li").count() == 1
    assert "118 g Bananas, raw" in page.locator(".basket").inner_text()
    assert page.locator("input[name=food]:checked").count() == 0  # the food added is no longer the chosen one
    assert page.get_by_label("How much").input_value() == ""

    with page.expect_navigation():
        page.get_by_role("button", name="Log the meal").click()
    assert page.get_by_text("Meal logged: 118 g Bananas, raw.").is_visible()
    assert page.get_by_text("How many grams?").count() == 0
    items = list(MealItem.objects.filter(meal__athlete=athlete).values_list("food__description", "grams"))
    assert items == [("Bananas, raw", Decimal("118.0"))]
    page.context.close()


def test_imperial_athlete_logs_portions_and_ounces(browser, site) -> None:
    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Ian Imperial", units="imperial")
    banana = Food.objects.get(ndb_no="09040")
    medium = FoodPortion.objects.get(food=banana, unit__startswith="medium")
    page = new_page(browser, site, DESKTOP, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/meals/new/")

    page.get_by_label("Find a food").press_sequentially("banana", delay=20)
    choose(page, "Bananas, raw").check()
    offered = measures(page)
    # Ounces first (the athlete's units), then grams, then the banana's own portions and no other food's.
    assert offered[:2] == ["oz", "g"]
    portions = banana.portions.order_by("seq")
    assert offered[2:] == [f"{p.amount.normalize():f} {p.unit} = {p.grams.normalize():f} g" for p in portions]
    page.get_by_label("Measure", exact=True).select_option(str(medium.pk))
    page.get_by_label("How much").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Add to the meal").click()
    assert "236 g Bananas, raw (2 × 1 medium" in page.locator(".basket").inner_text()

    page.get_by_label("Find a food").fill("")
    page.get_by_label("Find a food").press_sequentially("spinach", delay=20)
    choose(page, "Spinach, raw").check()
    page.get_by_label("Measure", exact=True).select_option("oz")
    page.get_by_label("How much").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Log the meal").click()
    assert page.get_by_text("Meal logged: 236 g Bananas, raw (2 × 1 medium").is_visible()
    assert page.get_by_text("85 g (3 oz) Spinach, raw").first.is_visible()
    stored = list(
        MealItem.objects.filter(meal__athlete=athlete)
        .order_by("id")
        .values_list("food__ndb_no", "portion_id", "amount", "grams")
    )
    assert stored == [("09040", medium.pk, Decimal("2.00"), Decimal("236.0")), ("11457", None, None, Decimal("85.0"))]
    shoot(page, "athlete-meal-imperial")
    page.context.close()


def test_a_recent_food_is_tapped_starred_and_logged(browser, site) -> None:
    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Rita Recent")
    spinach, milk = Food.objects.get(ndb_no="11457"), Food.objects.get(ndb_no="01077")
    yesterday = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    log_services.log_meal(athlete=athlete, items=[{"food": spinach, "grams": 30}], at=yesterday)
    log_services.log_meal(athlete=athlete, items=[{"food": milk, "grams": 244}], at=yesterday + dt.timedelta(hours=2))
    page = new_page(browser, site, PHONE, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/meals/new/")

    recent = page.locator("#recent-foods")
    assert [t.split(" —")[0].strip() for t in recent.locator("label").all_inner_texts()] == [
        milk.description, spinach.description,  # the latest first
    ]  # fmt: skip
    recent.locator("label").filter(has_text=spinach.description).click()  # a tap on the name chooses the food
    assert choose(recent, spinach.description).is_checked()
    with page.expect_navigation():
        recent.get_by_role("button", name=star_of(spinach)).click()
    assert page.get_by_text(f"{spinach.description} is now one of your favourites.").is_visible()
    assert FavouriteFood.objects.filter(athlete=athlete, food=spinach).exists()
    favourites = page.locator("#favourite-foods")
    star = favourites.get_by_role("button", name=star_of(spinach))
    assert star.get_attribute("aria-pressed") == "true"
    assert page.locator("#recent-foods label").filter(has_text=spinach.description).count() == 0  # listed once

    favourites.locator("label").filter(has_text=spinach.description).click()
    page.get_by_label("How much").fill("40")
    shoot(page, "athlete-meal-your-foods")
    with page.expect_navigation():
        page.get_by_role("button", name="Log the meal").click()
    assert page.get_by_text("Meal logged: 40 g Spinach, raw.").is_visible()
    assert MealItem.objects.filter(meal__athlete=athlete, food=spinach).count() == 2
    page.context.close()
