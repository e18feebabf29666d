"""A coach signs in, generates a week, edits it, hits a rule violation and sees its sentence, overrides it with a
reason, and publishes the week, in a real browser."""

from __future__ import annotations

import datetime as dt

import pytest

from people.logs import local_today
from plans.models import PlanStatus, PlanWeek, RuleOverride
from tests.browser.conftest import DESKTOP, PHONE, new_page, shoot, sign_in
from tests.factories import PASSWORD, AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db(transaction=True)
CROSS = ("cycling", "swimming", "aqua_jogging", "elliptical", "rowing", "yoga")


def test_coach_generates_edits_and_publishes_a_week(browser, site) -> None:
    coach = CoachFactory(name="Casey Coach")
    athlete = AthleteFactory(coaches=[coach], user__name="Ana Athlete", level="intermediate", weekly_minutes_target=300)
    page = new_page(browser, site)
    sign_in(page, coach.email, PASSWORD)
    assert page.url.endswith("/coach/")
    page.get_by_role("link", name="Ana Athlete").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Ana Athlete"

    today = local_today(athlete)
    next_monday = today - dt.timedelta(days=today.weekday()) + dt.timedelta(days=7)
    page.get_by_label("Week starting").select_option(next_monday.isoformat())
    page.get_by_role("button", name="Generate a week").click()
    plan = PlanWeek.objects.get(athlete=athlete, week_start=next_monday)
    assert page.url.endswith(f"/coach/plans/{plan.pk}/")
    assert page.locator(".editor-day").count() == 7

    # An edit that keeps the rules: rename the long run.
    session = plan.sessions.order_by("-planned_minutes").first()
    card = page.locator(f"#session-{session.pk}")
    card.locator("summary", has_text="Change or move").click()
    card.get_by_label("Title").fill("Long run by the river")
    card.get_by_role("button", name="Save the change").click()
    assert page.get_by_text("Session changed.").is_visible()
    assert page.locator(f"#session-{session.pk} h3").inner_text() == "Long run by the river"

    # Removing the week's cross-training session breaks a rule: the page says which and why.
    cross = plan.sessions.filter(modality__in=CROSS).first()
    page.locator(f"#session-{cross.pk}").get_by_role("button", name="Remove").click()
    violation = page.locator(f"#session-{cross.pk} .violations")
    assert violation.is_visible()
    assert violation.locator(".rule").first.inner_text() == "Cross-training day:"  # words, never the code
    sentence = violation.locator(".sentence").first.inner_text()
    assert len(sentence) > 20
    shoot(page, "coach-plan-violation")
    page.set_viewport_size(PHONE)
    shoot(page, "coach-plan-violation")
    page.set_viewport_size(DESKTOP)

    # Override it with a reason.
    card = page.locator(f"#session-{cross.pk}")
    card.get_by_label("Override reason for removing it").fill("The pool is closed this week")
    card.get_by_role("button", name="Remove").click()
    assert page.get_by_text("Session removed.").is_visible()
    assert page.locator(f"#session-{cross.pk}").count() == 0
    assert page.get_by_text("The pool is closed this week").first.is_visible()
    assert RuleOverride.objects.filter(plan=plan, rule="cross_training_day").exists()

    page.get_by_role("button", name="Publish this week").click()
    assert page.locator("#plan-status").inner_text() == "Published"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.PUBLISHED
    page.context.close()
