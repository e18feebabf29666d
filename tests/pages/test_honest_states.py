"""Honest states (issue 14, item 3): too little data is "Unknown", never green; a week without a plan is not a
string of rest days; the coach reads each reason about the athlete, by name."""

from __future__ import annotations

import datetime as dt
import html

from people.logs import local_today
from recovery.models import RecoveryStatus
from recovery.services import run_check
from tests.factories import RecoveryStatusFactory
from tests.world import published_week, this_monday


def visible(response) -> str:
    return response.content.decode()


def test_an_athlete_with_nothing_logged_is_unknown_everywhere(athlete_pages, coach_pages, people) -> None:
    status = run_check(people.athlete)
    assert status.status == "unknown"
    today = visible(athlete_pages.get(f"/athletes/{people.athlete.pk}/today/"))
    assert 'Recovery: <span class="badge unknown">Unknown</span>' in today
    assert "Not enough logged yet to judge" in today
    assert "Green" not in today
    roster = visible(coach_pages.get("/coach/"))
    assert '<span class="badge unknown">Unknown</span>' in roster and "Too little logged to judge" in roster


def test_the_roster_says_unknown_before_any_check(coach_pages, people) -> None:
    assert not RecoveryStatus.objects.filter(athlete=people.athlete).exists()
    roster = visible(coach_pages.get("/coach/"))
    assert "Not checked yet today" in roster and "Green" not in roster


def test_one_check_in_is_enough_to_judge(athlete_pages, people) -> None:
    response = athlete_pages.post(
        f"/athletes/{people.athlete.pk}/checkin/",
        {"date": local_today(people.athlete).isoformat(), "sleep": 2, "fatigue": 2, "stress": 2, "soreness": 2},
    )
    assert response.status_code == 302
    assert run_check(people.athlete).status == "green"


def test_no_plan_yet_is_not_a_rest_day(athlete_pages, people) -> None:
    page = visible(athlete_pages.get(f"/athletes/{people.athlete.pk}/today/"))
    assert "No plan for this week yet." in page and "a rest day" not in page


def test_a_day_off_in_a_published_week_is_a_rest_day(athlete_pages, people) -> None:
    plan = published_week(people.athlete, people.coach)
    busy = {s.date for s in plan.sessions.all()}
    monday = this_monday(people.athlete)
    free = [monday + dt.timedelta(days=i) for i in range(7) if monday + dt.timedelta(days=i) not in busy]
    assert free, "the engine plans at least one rest day a week"
    page = visible(athlete_pages.get(f"/athletes/{people.athlete.pk}/today/?date={free[0].isoformat()}"))
    assert "a rest day" in page and "No plan for this week yet" not in page


def test_the_coach_reads_reasons_about_the_athlete_by_name(coach_pages, people) -> None:
    RecoveryStatusFactory(
        athlete=people.athlete, date=local_today(people.athlete), status="red", checked_at=dt.datetime.now(dt.UTC),
        reasons=[{"code": "poor_recovery", "severity": "red", "message": "You rated fatigue 7 of 7 this morning.",
                  "value": 7, "threshold": None}],
    )  # fmt: skip
    roster = visible(coach_pages.get("/coach/"))
    assert "Ana Athlete rated fatigue 7 of 7 this morning." in roster
    assert "You rated" not in roster and '<span class="badge red">Red</span>' in roster


def test_on_the_athletes_today_page_the_athlete_reads_you_and_the_coach_reads_the_name(
    athlete_pages, coach_pages, people
) -> None:
    RecoveryStatusFactory(
        athlete=people.athlete, date=local_today(people.athlete), status="amber", checked_at=dt.datetime.now(dt.UTC),
        reasons=[{"code": "elevated_resting_hr", "severity": "amber", "value": 8, "threshold": 7,
                  "message": "Your resting heart rate is 60 bpm, 8 bpm above your 28-day mean of 52."}],
    )  # fmt: skip
    url = f"/athletes/{people.athlete.pk}/today/"
    assert "Your resting heart rate is 60 bpm" in athlete_pages.get(url).content.decode()
    coach_view = html.unescape(coach_pages.get(url).content.decode())
    assert "Ana Athlete's resting heart rate is 60 bpm, 8 bpm above their 28-day mean of 52." in coach_view
