"""A coach enters a soccer player's team schedule (issue 13) in a real browser: weekly practices on Tuesday and
Thursday, a season of Saturday matches every week until a date, then generates a week around them."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from people.logs import local_today
from plans.engine.rules import day_label
from plans.models import Fixture, PlanSession, PlanWeek
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, describe, new_page, shoot, sign_in
from tests.factories import PASSWORD, AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db(transaction=True)

SEASON_WEEKS = 6


def editor_day(page, heading: str):
    """The plan editor's day whose heading ("Saturday 12 Dec Training") matches the pattern."""
    return page.locator("li.editor-day").filter(has=page.get_by_role("heading", level=2, name=re.compile(heading)))


def test_coach_enters_practices_and_a_season_of_matches_then_plans_around_them(browser, site) -> None:
    coach = CoachFactory(name="Casey Coach")
    athlete = AthleteFactory(coaches=[coach], user__name="Sam Striker", sport="soccer", level="intermediate")
    today = local_today(athlete)
    coming_monday = today + dt.timedelta(days=7 - today.weekday())
    first_match = coming_monday + dt.timedelta(days=5)
    last_match = first_match + dt.timedelta(weeks=SEASON_WEEKS - 1)

    page = new_page(browser, site)
    sign_in(page, coach.email, PASSWORD)
    page.get_by_role("link", name="Sam Striker").first.click()
    page.locator("#team-schedule-link").get_by_role("link", name="Team schedule").click()
    assert page.url.endswith(f"/coach/athletes/{athlete.pk}/team/")
    assert page.get_by_role("heading", level=1).inner_text() == "Team schedule: Sam Striker"

    # weekly practices: Tuesday and Thursday evenings, saved at once
    practices = page.get_by_role("form", name="Weekly practices")
    for day, start in (("Tuesday", "18:30"), ("Thursday", "19:00")):
        row = practices.get_by_role("group", name=day)
        row.get_by_label("Practice").check()
        row.get_by_label("Start time").fill(start)
        row.get_by_label("Minutes").fill("90")
    practices.get_by_role("button", name="Save the weekly practices").click()
    page.wait_for_load_state()
    assert page.get_by_text("Weekly practices saved: Tuesday and Thursday.").is_visible()
    athlete.refresh_from_db()
    assert [(p["weekday"], p["start_time"]) for p in athlete.team_practices] == [(1, "18:30"), (3, "19:00")]
    practices = page.get_by_role("form", name="Weekly practices")
    assert practices.get_by_role("group", name="Tuesday").get_by_label("Practice").is_checked()
    assert not practices.get_by_role("group", name="Wednesday").get_by_label("Practice").is_checked()

    # the season's matches: every Saturday from the coming one
    matches = page.get_by_role("form", name="Add matches or practices")
    matches.get_by_label("Match", exact=True).check()
    matches.get_by_label("Start time").fill("15:00")
    matches.get_by_label("Minutes").fill("90")
    matches.get_by_label("Title").fill("League")
    matches.get_by_label("First date").fill(first_match.isoformat())
    matches.get_by_label("Every week until").fill(last_match.isoformat())
    matches.get_by_role("button", name="Add them").click()
    page.wait_for_load_state()
    assert page.get_by_text(f"Added {SEASON_WEEKS} matches").is_visible()
    stored = list(Fixture.objects.filter(athlete=athlete).order_by("date"))
    assert [f.date for f in stored] == [first_match + dt.timedelta(weeks=w) for w in range(SEASON_WEEKS)]

    listed = page.locator("#fixtures article h3")
    assert listed.count() == SEASON_WEEKS
    assert listed.first.inner_text().startswith(f"{day_label(first_match)}, 15:00: Match, League")
    assert re.match(r"^Saturday \d{1,2} \w{3}", listed.last.inner_text())

    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert not axe_violations(page), describe(axe_violations(page))
    shoot(page, "coach-team-schedule")
    page.set_viewport_size(DESKTOP)
    shoot(page, "coach-team-schedule")

    # the coming week, generated from the athlete page, holds the match on Saturday
    page.get_by_role("link", name="Back to Sam Striker").click()
    page.get_by_label("Week starting").select_option(coming_monday.isoformat())
    page.get_by_role("button", name="Generate a week").click()
    page.wait_for_load_state()
    plan = PlanWeek.objects.get(athlete=athlete, week_start=coming_monday)
    assert page.url.endswith(f"/coach/plans/{plan.pk}/")
    saturday = editor_day(page, rf"^{first_match:%A} {first_match.day} ")
    assert saturday.get_by_role("heading", level=3, name="League").is_visible()
    assert editor_day(page, "^Tuesday").get_by_role("heading", level=3, name="Team practice").is_visible()
    match = PlanSession.objects.get(plan=plan, event="match")
    assert (match.date, match.start_time) == (first_match, dt.time(15, 0))
    page.context.close()
