"""An athlete signs in and logs water (one tap, with htmx and without JavaScript), a meal found by search, a
workout, a check-in and a cramp, and sees the day's totals change, in a real browser."""

from __future__ import annotations

import pytest

from intake.models import Meal, WaterLog
from people.logs import local_today
from plans import services
from tests.browser.conftest import PHONE, new_page, shoot, sign_in
from tests.factories import PASSWORD, AthleteFactory, CoachFactory
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

pytestmark = pytest.mark.django_db(transaction=True)


def test_athlete_logs_a_day(browser, site) -> None:
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], user__name="Ben Athlete", level="intermediate", weekly_minutes_target=300)
    today = local_today(athlete)
    plan = services.generate_plan(
        athlete=athlete, week_start=today.fromordinal(today.toordinal() - today.weekday()), author=coach
    )
    services.publish_plan(plan)

    page = new_page(browser, site, PHONE)
    sign_in(page, athlete.user.email, PASSWORD)
    assert page.url.endswith(f"/athletes/{athlete.pk}/today/")
    total = page.locator("#water-total")
    assert total.inner_text() == "0 ml"

    # Water in one tap: htmx swaps the card in place. (Predicates are arrow functions: Playwright evaluates a bare
    # expression with eval, which the pages' Content-Security-Policy refuses.)
    page.get_by_role("button", name="+250 ml").click()
    page.wait_for_function("() => document.querySelector('#water-total').textContent === '250 ml'")
    page.get_by_role("button", name="+500 ml").click()
    page.wait_for_function("() => document.querySelector('#water-total').textContent === '750 ml'")
    page.get_by_label("Other amount (ml)").fill("100")
    page.get_by_role("button", name="Add", exact=True).click()
    page.wait_for_function("() => document.querySelector('#water-total').textContent === '850 ml'")
    assert page.url.endswith("/today/")  # no page load: the card was swapped
    page.get_by_label("Other amount (ml)").fill("5000")
    page.get_by_role("button", name="Add", exact=True).click()
    page.locator("#id_water_ml_error").wait_for()
    assert "2 L" in page.locator("#id_water_ml_error").inner_text()
    shoot(page, "athlete-today-water")

    # A meal found by search (htmx results as the athlete types).
    potassium_before = page.locator("#minerals tbody tr").first.locator("td").first.inner_text()
    page.get_by_role("link", name="Log a meal").click()
    page.get_by_label("Find a food").press_sequentially("banana", delay=20)
    page.get_by_label("Bananas, raw").check()
    page.get_by_label("How much").fill("118")  # in grams, the measure a metric athlete starts with
    page.get_by_role("button", name="Log the meal").click()
    assert page.get_by_text("Meal logged: 118 g Bananas, raw.").is_visible()
    assert page.locator("#minerals tbody tr").first.locator("td").first.inner_text() != potassium_before
    assert Meal.objects.filter(athlete=athlete).count() == 1

    # A workout, with the RPE scale in words.
    page.locator(".subnav").get_by_role("link", name="Workout").click()
    page.get_by_label("Minutes").fill("40")
    page.get_by_label("5 – Hard").check()
    page.get_by_label("Warm-up done").check()
    page.get_by_label("Stretching done").check()
    page.get_by_role("button", name="Save the workout").click()
    assert page.get_by_text("Workout logged: 40 min at RPE 5 (load 200 AU).").is_visible()
    assert "40 min" in page.locator("#workouts").inner_text()

    # The check-in.
    page.locator(".subnav").get_by_role("link", name="Check-in").click()
    for item, value in (("Sleep quality", "2"), ("Fatigue", "3"), ("Stress", "2"), ("Muscle soreness", "3")):
        page.get_by_role("group", name=item).get_by_label(f"{value} –").check()
    page.get_by_role("button", name="Save the check-in").click()
    assert page.get_by_text("Done: Hooper index 10 of 28").is_visible()

    # A cramp, then what preceded it.
    page.locator(".subnav").get_by_role("link", name="Cramp", exact=True).click()
    page.get_by_label("Left").check()
    page.get_by_label("How bad (1-10)").select_option("6")
    page.get_by_label("How long (minutes)").fill("2")
    page.get_by_label("It came on").select_option("after_exercise")
    page.get_by_role("button", name="Save the cramp").click()
    cramp = CrampEpisode.objects.get(athlete=athlete)
    entry = page.locator(f"#cramp-{cramp.pk}")
    assert "Behind the knee (left), 6 of 10" in entry.inner_text()
    shoot(page, "athlete-cramp-factors")

    # Without JavaScript the same buttons post and redirect.
    plain = new_page(browser, site, PHONE, user=athlete.user, java_script_enabled=False)
    plain.goto(f"/athletes/{athlete.pk}/today/")
    plain.get_by_role("button", name="+500 ml").click()
    assert plain.url.endswith("/today/#water")
    assert plain.locator("#water-total").inner_text() == "1350 ml"

    assert sum(WaterLog.objects.filter(athlete=athlete).values_list("water_ml", flat=True)) == 1350
    assert WorkoutLog.objects.get(athlete=athlete).load == 200
    assert WellnessCheckIn.objects.get(athlete=athlete).hooper_index == 10
    plain.context.close()
    page.context.close()
