"""Who may open which page: an athlete only their own (another's are 404), a coach only their roster's
athletes (others are 404), coach pages only for coaches (403 for athletes)."""

from __future__ import annotations

import pytest

from intake.models import WaterLog
from tests.world import published_week, signed_in

pytestmark = pytest.mark.django_db

ATHLETE_PAGES = [
    "today",
    "week",
    "trends",
    "cramps",
    "cramps/new",
    "meals/new",
    "workouts/new",
    "checkin",
    "reminders",
    "calendar",
    "foods",
]


def test_an_athlete_opens_their_own_pages(athlete_pages, people) -> None:
    for page in ATHLETE_PAGES:
        response = athlete_pages.get(f"/athletes/{people.athlete.pk}/{page}/")
        assert response.status_code == 200, page


def test_an_athlete_cannot_open_another_athletes_pages(athlete_pages, people) -> None:
    for page in ATHLETE_PAGES:
        assert athlete_pages.get(f"/athletes/{people.other.pk}/{page}/").status_code == 404, page
    assert athlete_pages.post(f"/athletes/{people.other.pk}/water/", {"water_ml": 250}).status_code == 404
    assert athlete_pages.post(f"/athletes/{people.other.pk}/calendar/").status_code == 404
    assert not WaterLog.objects.exists()
    assert athlete_pages.get("/athletes/999999/today/").status_code == 404


def test_coach_pages_are_for_coaches(athlete_pages, people) -> None:
    for url in ("/coach/", "/coach/invite/", "/coach/templates/", f"/coach/athletes/{people.athlete.pk}/"):
        assert athlete_pages.get(url).status_code == 403, url
    assert athlete_pages.get(f"/coach/athletes/{people.other.pk}/").status_code == 404
    plan = published_week(people.athlete, people.coach)
    assert athlete_pages.get(f"/coach/plans/{plan.pk}/").status_code == 403
    assert athlete_pages.post(f"/coach/plans/{plan.pk}/publish/").status_code == 403


def test_a_coach_sees_only_their_roster(coach_pages, people) -> None:
    roster = coach_pages.get("/coach/").content.decode()
    assert str(people.athlete) in roster and str(people.other) not in roster
    assert coach_pages.get(f"/coach/athletes/{people.athlete.pk}/").status_code == 200
    assert coach_pages.get(f"/coach/athletes/{people.other.pk}/").status_code == 404
    for page in ATHLETE_PAGES:
        assert coach_pages.get(f"/athletes/{people.athlete.pk}/{page}/").status_code == 200, page
        assert coach_pages.get(f"/athletes/{people.other.pk}/{page}/").status_code == 404, page
    others_plan = published_week(people.other, people.other_coach)
    assert coach_pages.get(f"/coach/plans/{others_plan.pk}/").status_code == 404
    assert coach_pages.post(f"/coach/plans/{others_plan.pk}/publish/").status_code == 404
    assert (
        coach_pages.post(f"/coach/athletes/{people.other.pk}/generate/", {"week_start": "2030-01-07"}).status_code
        == 404
    )


def test_staff_see_everyone(people) -> None:
    client = signed_in(people.staff)
    roster = client.get("/coach/").content.decode()
    assert str(people.athlete) in roster and str(people.other) in roster
    assert client.get(f"/coach/athletes/{people.other.pk}/").status_code == 200
