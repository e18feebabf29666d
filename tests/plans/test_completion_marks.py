"""How each session went, in words on the athlete's week and Today pages and on the coach's athlete page, and the
week's compliance in a sentence (docs/domain.md §2). The week is in the past, built relative to the athlete's today."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

import pytest

from plans import services
from plans.models import PlanSession
from tests.conftest import client_for
from tests.world import signed_in, this_monday

pytestmark = pytest.mark.django_db

MARK = re.compile(r'<span class="badge (\w+)"><span class="visually-hidden">How it went: </span>(\w+)</span>')


def past_week_with_logs(people) -> tuple[dt.date, list[PlanSession]]:
    """A published week two weeks back: the first session done, the second partial, the others missed."""
    athlete = people.athlete
    week_start = this_monday(athlete) - dt.timedelta(days=14)
    plan = services.publish_plan(services.generate_plan(athlete=athlete, week_start=week_start, author=people.coach))
    sessions = list(plan.sessions.order_by("date", "order", "id"))
    assert len(sessions) >= 3
    api = client_for(athlete.user)
    for session, minutes in zip(
        sessions, (sessions[0].planned_minutes, sessions[1].planned_minutes * 6 // 10), strict=False
    ):
        body = {"session": session.pk, "date": session.date.isoformat(), "minutes": minutes, "rpe": 5}
        assert api.post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json").status_code == 201
    return week_start, sessions


def test_the_week_shows_done_partial_and_missed_in_words_with_the_compliance(athlete_pages, people) -> None:
    week_start, sessions = past_week_with_logs(people)
    body = athlete_pages.get(f"/athletes/{people.athlete.pk}/week/?week={week_start}").content.decode()
    marks = MARK.findall(body)
    assert marks[:2] == [("green", "Done"), ("amber", "Partial")]
    assert set(marks[2:]) == {("red", "Missed")} and len(marks) == len(sessions)
    assert f"{sessions[0].planned_minutes} of {sessions[0].planned_minutes} minutes logged" in body
    assert "Nothing logged" in body
    missed = len(sessions) - 2
    percent = (Decimal(150) / len(sessions)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert f"1 of {len(sessions)} sessions done, 1 partial, {missed} missed: {percent} % compliance." in body


def test_today_marks_the_session_of_that_day(athlete_pages, people) -> None:
    _, sessions = past_week_with_logs(people)
    day = sessions[0].date
    body = athlete_pages.get(f"/athletes/{people.athlete.pk}/today/?date={day}").content.decode()
    assert ("green", "Done") in MARK.findall(body)


def test_the_coach_sees_the_same_marks(coach_pages, people) -> None:
    week_start, sessions = past_week_with_logs(people)
    body = coach_pages.get(f"/coach/athletes/{people.athlete.pk}/?week={week_start}").content.decode()
    assert MARK.findall(body)[:2] == [("green", "Done"), ("amber", "Partial")]
    assert f"1 of {len(sessions)} sessions done" in body


def test_a_week_ahead_has_no_marks_yet(people) -> None:
    athlete = people.athlete
    week_start = this_monday(athlete) + dt.timedelta(days=7)
    services.publish_plan(services.generate_plan(athlete=athlete, week_start=week_start, author=people.coach))
    body = signed_in(athlete.user).get(f"/athletes/{athlete.pk}/week/?week={week_start}").content.decode()
    assert not MARK.findall(body)
    assert "No session due yet this week." in body
