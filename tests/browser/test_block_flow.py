"""A coach plans a 12-week training block from the athlete page and sees every week of it, in a real browser."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from people.logs import local_today
from plans.models import PlanStatus, PlanWeek, TrainingBlock
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe, new_page, shoot, sign_in
from tests.factories import PASSWORD, AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_coach_plans_a_twelve_week_block_and_publishes_it(browser, site) -> None:
    coach = CoachFactory(name="Casey Coach")
    athlete = AthleteFactory(coaches=[coach], user__name="Ana Athlete", level="intermediate", weekly_minutes_target=300)
    page = new_page(browser, site)
    sign_in(page, coach.email, PASSWORD)
    page.get_by_role("link", name="Ana Athlete").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ana Athlete"

    today = local_today(athlete)
    coming_monday = today + dt.timedelta(days=7 - today.weekday())
    form = page.get_by_role("form", name="Plan a block")
    assert form.get_by_label("First Monday").input_value() == coming_monday.isoformat()
    assert form.get_by_label("Number of weeks").input_value() == "12"
    form.get_by_label(re.compile(r"^Goal:?$")).fill("Autumn 10 km")  # not "Goal date"
    form.get_by_role("button", name="Plan the block").click()
    page.wait_for_load_state()

    block = TrainingBlock.objects.get(athlete=athlete)
    assert page.url.endswith(f"/coach/blocks/{block.pk}/")
    assert page.get_by_text("A 12-week block is ready as drafts").is_visible()
    assert block.start == coming_monday and block.weeks == 12
    rows = page.locator("table.block-weeks tbody tr")
    assert rows.count() == 12
    kinds = [k.strip() for k in page.locator('table.block-weeks td[data-label="Kind"]').all_inner_texts()]
    assert set(kinds) <= {"Build", "Deload"} and kinds[3] == "Deload" and kinds[0] == "Build"
    assert page.locator("#block-goal").inner_text() == "Autumn 10 km"
    assert page.locator("svg.chart-block").is_visible()
    assert rows.first.get_by_text("Not due yet").is_visible()

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not axe_violations(page), describe(axe_violations(page))
    shoot(page, "coach-block")
    page.set_viewport_size(DESKTOP)
    shoot(page, "coach-block")

    # each week opens its plan editor
    first = PlanWeek.objects.get(block=block, week_start=coming_monday)
    rows.first.get_by_role("link", name="Open week 1").click()
    assert page.url.endswith(f"/coach/plans/{first.pk}/")
    page.go_back()

    page.get_by_role("button", name="Publish all draft weeks").click()
    assert "Every week of the block is published" in page.locator("#block-status").inner_text()
    assert set(PlanWeek.objects.filter(block=block).values_list("status", flat=True)) == {PlanStatus.PUBLISHED}
    page.context.close()
