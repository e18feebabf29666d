"""An athlete corrects the day's water in a real browser (issue 14): three one-tap logs, Undo on the last one,
Remove on another, and the card's total follows."""

from __future__ import annotations

import pytest

from intake.models import WaterLog
from tests.browser.conftest import PHONE, new_page, shoot
from tests.factories import AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db(transaction=True)


def wait_for_total(page, text: str) -> None:
    # An arrow function: a bare expression would be eval'd, which the pages' Content-Security-Policy refuses.
    page.wait_for_function(f"() => document.querySelector('#water-total').textContent === {text!r}")


def test_athlete_undoes_and_removes_water(browser, site) -> None:
    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Uma Undo")
    page = new_page(browser, site, PHONE, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/today/")
    assert page.locator("#water-total").inner_text() == "0 ml"

    for expected in ("500 ml", "1000 ml", "1500 ml"):  # htmx swaps the card in place each time
        page.get_by_role("button", name="+500 ml").click()
        wait_for_total(page, expected)
    assert page.locator("#water-logs li").count() == 3
    last = WaterLog.objects.filter(athlete=athlete).order_by("-id").first()

    # The card's message offers Undo for exactly the log just added: a plain form, then back to the day.
    card = page.locator("#water")
    assert "Added 500 ml." in card.locator(".msg").inner_text()
    with page.expect_navigation():
        card.get_by_role("button", name="Undo").click()
    assert page.locator("#water-total").inner_text() == "1000 ml"
    assert page.get_by_text("Removed 500 ml of water logged at").is_visible()
    assert not WaterLog.objects.filter(pk=last.pk).exists()
    assert page.get_by_role("button", name="Undo").count() == 0

    # Remove another one from the day's list.
    with page.expect_navigation():
        page.locator("#water-logs li").first.get_by_role("button", name="Remove").click()
    assert page.locator("#water-total").inner_text() == "500 ml"
    assert page.locator("#water-logs li").count() == 1
    assert list(WaterLog.objects.filter(athlete=athlete).values_list("water_ml", flat=True)) == [500]
    shoot(page, "athlete-water-corrected")
    page.context.close()


def test_athlete_corrects_a_meal_in_one_step(browser, site) -> None:
    """A meal logged with the wrong amount: Change, type the right amount, Save; the day's line follows."""
    from intake import log_services
    from intake.models import Food, MealItem

    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Mia Meal")
    banana = Food.objects.get(description="Bananas, raw")
    meal = log_services.log_meal(athlete=athlete, items=[{"food": banana, "grams": 1180}])  # a typo: 1180 for 118
    page = new_page(browser, site, PHONE, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/today/")
    row = page.locator(f"#meal-{meal.pk}")
    assert "1180 g Bananas, raw" in row.inner_text()
    row.locator("summary").click()
    row.get_by_label("Bananas, raw (g)").fill("118")
    with page.expect_navigation():
        row.get_by_role("button", name="Save").click()
    assert page.get_by_text("Meal changed: 118 g Bananas, raw").is_visible()
    assert "118 g Bananas, raw" in page.locator(f"#meal-{meal.pk}").inner_text()
    assert [float(g) for g in MealItem.objects.filter(meal=meal).values_list("grams", flat=True)] == [118.0]
    shoot(page, "athlete-meal-corrected")
    page.context.close()
