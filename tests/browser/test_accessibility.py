"""axe-core finds no serious or critical violation on the main pages; every page fits 375 px without sideways
scrolling; screenshots of each at 375 px and 1280 px go to var/screenshots/."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from people.logs import local_today
from plans import services
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe, new_page, shoot
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachAlertFactory,
    CoachFactory,
    CrampFactory,
    WaterFactory,
    WorkoutFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def a_lived_in_week():
    coach = CoachFactory(name="Casey Coach")
    athlete = AthleteFactory(coaches=[coach], user__name="Ana Athlete", level="intermediate", weekly_minutes_target=300)
    AthleteFactory(coaches=[coach], user__name="Ben Other", units="imperial")
    today = local_today(athlete)
    monday = today - dt.timedelta(days=today.weekday())
    plan = services.publish_plan(services.generate_plan(athlete=athlete, week_start=monday, author=coach))
    draft = services.generate_plan(athlete=athlete, week_start=monday + dt.timedelta(days=7), author=coach)
    services.save_template(plan=plan, name="Base week", owner=coach)
    for days_ago in range(6):
        day = today - dt.timedelta(days=days_ago)
        WorkoutFactory(
            athlete=athlete,
            date=day,
            modality="",
            minutes=40 + 5 * days_ago,
            rpe=4 + days_ago % 3,
            warmup_done=days_ago % 2 == 0,
            stretching_done=True,
        )
        CheckInFactory(athlete=athlete, date=day, sleep=2, fatigue=3 + days_ago % 3, stress=2, soreness=3)
        WaterFactory(athlete=athlete, at=timezone.now() - dt.timedelta(days=days_ago), water_ml=1500)
    CrampFactory(
        athlete=athlete,
        at=timezone.now() - dt.timedelta(hours=3),
        location="behind_knee",
        side="right",
        severity=5,
        duration_minutes=2,
        context="after_exercise",
    )
    CoachAlertFactory(
        coach=coach,
        athlete=athlete,
        date=today,
        status="red",
        reasons=[],
        message="Ana Athlete is red today: load spike.",
    )
    return coach, athlete, draft


def test_main_pages_pass_axe_fit_a_phone_and_are_photographed(browser, site) -> None:
    coach, athlete, draft = a_lived_in_week()
    a = athlete.pk
    pages = {
        None: [("sign-in", "/login/"), ("password-reset", "/password-reset/")],
        coach: [
            ("coach-roster", "/coach/"),
            ("coach-athlete", f"/coach/athletes/{a}/"),
            ("coach-plan-editor", f"/coach/plans/{draft.pk}/"),
            ("coach-templates", "/coach/templates/"),
            ("coach-invite", "/coach/invite/"),
        ],
        athlete.user: [
            ("athlete-today", f"/athletes/{a}/today/"),
            ("athlete-week", f"/athletes/{a}/week/"),
            ("athlete-meal", f"/athletes/{a}/meals/new/?q=banana"),
            ("athlete-workout", f"/athletes/{a}/workouts/new/"),
            ("athlete-checkin", f"/athletes/{a}/checkin/"),
            ("athlete-cramp", f"/athletes/{a}/cramps/new/"),
            ("athlete-cramps", f"/athletes/{a}/cramps/"),
            ("athlete-trends", f"/athletes/{a}/trends/"),
            ("athlete-reminders", f"/athletes/{a}/reminders/"),
            ("athlete-calendar", f"/athletes/{a}/calendar/"),
        ],
    }
    problems = []
    for user, urls in pages.items():
        for viewport in (PHONE, DESKTOP):
            page = new_page(browser, site, viewport, user=user)
            for name, url in urls:
                response = page.goto(url)
                assert response.status == 200, (name, response.status)
                if viewport is PHONE:
                    width = page.evaluate("document.documentElement.scrollWidth")
                    if width > PHONE["width"]:
                        problems.append(f"{name}: {width} px wide at 375 px")
                    found = axe_violations(page)
                    if found:
                        problems.append(f"{name}:\n{describe(found)}")
                shoot(page, name)
            page.context.close()
    assert not problems, "\n".join(problems)


def test_a_form_with_errors_passes_axe(browser, site) -> None:
    _, athlete, _ = a_lived_in_week()
    page = new_page(browser, site, PHONE, user=athlete.user)
    page.goto(f"/athletes/{athlete.pk}/workouts/new/")
    page.get_by_label("Minutes").fill("0")
    page.get_by_role("button", name="Save the workout").click()
    assert page.locator("#id_minutes_error").is_visible() and page.locator("#id_rpe_error").is_visible()
    assert page.get_by_label("Minutes").get_attribute("aria-invalid") == "true"
    assert not axe_violations(page), describe(axe_violations(page))
    shoot(page, "athlete-workout-errors")
    page.context.close()
