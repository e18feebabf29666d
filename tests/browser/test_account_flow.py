"""Accounts in a real browser (issue 14, item 6): a coach signs up from the sign-in page and lands on the roster;
an athlete switches to imperial units and another time zone and sees both applied on the Today page; the athlete
changes their password and signs in with the new one. axe-core checks the new pages at phone width."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from people.models import Role, User
from reminders.models import ReminderPreference
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe, new_page, shoot, sign_in
from tests.factories import PASSWORD, AthleteFactory, CoachFactory, WaterFactory

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "quiet harbour lantern 91"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_coach_signs_up_and_lands_on_the_roster(browser, site, viewport) -> None:
    page = new_page(browser, site, viewport)
    page.goto("/login/")
    page.get_by_role("link", name="Create a coach account").first.click()
    page.wait_for_url("**/signup/")
    assert page.get_by_role("heading", name="Create a coach account").is_visible()
    assert axe_violations(page) == [], describe(axe_violations(page))
    email = f"casey-{viewport['width']}@example.org"
    page.get_by_label("Your name").fill("Casey Newcoach")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Password (again)").fill(NEW_PASSWORD)
    page.get_by_label("Time zone").select_option("America/Chicago")
    shoot(page, "coach-signup")
    with page.expect_navigation():
        page.get_by_role("button", name="Create my account").click()
    assert page.url.endswith("/coach/")
    assert page.get_by_role("heading", name="Your athletes").is_visible()
    assert page.get_by_text("Welcome to Trainer").is_visible()
    user = User.objects.get(email=email)
    assert user.role == Role.COACH and user.name == "Casey Newcoach"
    assert ReminderPreference.objects.get(user=user).time_zone == "America/Chicago"
    page.context.close()


def test_an_athlete_switches_units_and_time_zone_and_sees_them_applied(browser, site) -> None:
    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Uma Umbra", time_zone="Europe/Berlin", mass_kg=62)
    # A drink yesterday at noon UTC: its time on the Today page is on the athlete's own clock.
    at = dt.datetime.combine(timezone.now().date() - dt.timedelta(days=1), dt.time(12, 0), tzinfo=dt.UTC)
    WaterFactory(athlete=athlete, at=at, water_ml=500)
    berlin, new_york = at.astimezone(ZoneInfo("Europe/Berlin")), at.astimezone(ZoneInfo("America/New_York"))

    page = new_page(browser, site, PHONE, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/today/?date={berlin.date().isoformat()}")
    assert page.get_by_text(f"{berlin:%H:%M}: 500 ml").is_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Profile").click()
    page.wait_for_url(f"**/athletes/{athlete.pk}/profile/")
    assert page.get_by_label("Body mass (kg)").input_value() == "62.0"
    assert axe_violations(page) == [], describe(axe_violations(page))
    page.get_by_label("Units").select_option("imperial")
    page.get_by_label("Time zone").select_option("America/New_York")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Profile saved.").is_visible()
    assert page.get_by_label("Body mass (lb)").input_value() == "136.7"  # 62 kg, unchanged, shown in pounds
    assert page.get_by_label("Time zone").input_value() == "America/New_York"
    shoot(page, "athlete-profile")
    athlete.refresh_from_db()
    assert (athlete.units, athlete.time_zone, float(athlete.mass_kg)) == ("imperial", "America/New_York", 62.0)

    page.goto(f"/athletes/{athlete.pk}/today/?date={new_york.date().isoformat()}")
    assert page.get_by_text(f"{new_york:%H:%M}: 500 ml").is_visible()
    assert "fl oz" in page.locator("#water").inner_text()
    page.context.close()


def test_an_athlete_changes_the_password_and_signs_in_with_the_new_one(browser, site) -> None:
    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Pia Password")
    page = new_page(browser, site, PHONE)
    sign_in(page, athlete.user.email, PASSWORD)
    page.goto(f"/athletes/{athlete.pk}/profile/")
    page.get_by_role("link", name="Change your password").click()
    page.wait_for_url("**/settings/password/")
    assert axe_violations(page) == [], describe(axe_violations(page))

    page.get_by_label("Old password").fill("not the password")
    page.get_by_label("New password:", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Change the password").click()
    assert page.get_by_text("Your old password was entered incorrectly").is_visible()

    page.get_by_label("Old password").fill(PASSWORD)
    page.get_by_label("New password:", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Change the password").click()
    assert page.get_by_text("Your password is changed.").is_visible()
    shoot(page, "password-changed")

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/login/")
    sign_in(page, athlete.user.email, PASSWORD)
    assert page.get_by_text("Please enter a correct email and password").is_visible()
    sign_in(page, athlete.user.email, NEW_PASSWORD)
    assert page.url.endswith(f"/athletes/{athlete.pk}/today/")
    page.context.close()


def test_an_athlete_on_a_coach_page_sees_a_page_with_the_navigation(browser, site) -> None:
    athlete = AthleteFactory(coaches=[CoachFactory()], user__name="Fay Forbidden")
    page = new_page(browser, site, PHONE, user=athlete.user)
    response = page.goto("/coach/")
    assert response.status == 403
    assert page.get_by_text("This page is for coaches.").is_visible()
    assert page.get_by_role("navigation", name="Main").get_by_role("link", name="Today").is_visible()
    assert axe_violations(page) == [], describe(axe_violations(page))
    shoot(page, "forbidden")
    page.get_by_role("main").get_by_role("link", name="today").click()
    page.wait_for_url(f"**/athletes/{athlete.pk}/today/")
    page.context.close()
