"""The hydration email on a phone (issue 14): its HTML part fits 375 px, names the product, and its "Log a drink" link
opens a page on the site (no sign-in) whose one button logs the glass."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from intake.models import WaterLog
from reminders import emails, services
from reminders.models import Delivery
from tests.browser.conftest import PHONE, axe_violations, describe, new_page, shoot
from tests.factories import AthleteFactory

pytestmark = pytest.mark.django_db(transaction=True)

ZONE = "Europe/Berlin"
DAY = dt.date(2026, 6, 10)  # as tests/reminders: a fixed day for the slot; the drink itself is logged now


def test_one_tap_from_the_email_logs_a_drink(browser, site, settings) -> None:
    settings.SITE_URL = site  # emails' links use SITE_URL: here, the live server
    athlete = AthleteFactory(time_zone=ZONE, user__name="Hana Hydrate")
    start = dt.datetime.combine(DAY, dt.time(0), tzinfo=ZoneInfo(ZONE))
    services.recompute_schedules(athlete.user, now=start)
    ten = dt.datetime.combine(DAY, dt.time(10), tzinfo=ZoneInfo(ZONE))
    created = services.sweep(ten, publish=False).created
    delivery = Delivery.objects.get(pk__in=created, kind="hydration")
    html = emails.delivery_message(delivery, services.preference_for(athlete.user)).alternatives[0][0]

    page = new_page(browser, site, PHONE)
    page.set_content(html)
    assert page.title() == "Trainer"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # the viewport holds
    shoot(page, "hydration-email")
    with page.expect_navigation():
        page.get_by_role("link", name="Log a drink (250 ml)").click()
    assert page.url.startswith(f"{site}/drink/")
    assert page.get_by_role("heading", name="Log a drink?").is_visible()
    assert not WaterLog.objects.exists()  # opening the link logged nothing
    assert axe_violations(page) == [], describe(axe_violations(page))
    with page.expect_navigation():
        page.get_by_role("button", name="Log 250 ml of water").click()
    assert page.get_by_role("heading", name="Drink logged").is_visible()
    assert list(WaterLog.objects.filter(athlete=athlete).values_list("water_ml", flat=True)) == [250]
    shoot(page, "drink-logged")
    page.context.close()
