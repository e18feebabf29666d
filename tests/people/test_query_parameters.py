"""Query parameters are refused when they are wrong, as bodies are (issue 18): a client that asks for
`?page_size=null` or `?to=` learns it, instead of getting a default it did not ask for."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachAlertFactory, WaterFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("size", ["null", "0", "-1", "201", "2.5", "", "５"])
def test_a_page_size_outside_1_to_200_is_refused(size: str) -> None:
    athlete = AthleteFactory()
    response = client_for(athlete.user).get(f"/api/v1/athletes/{athlete.pk}/water/", {"page_size": size})
    assert response.status_code == 400
    assert response.json() == {"page_size": ["Use a whole number from 1 to 200."]}


def test_a_page_size_in_range_pages() -> None:
    athlete = AthleteFactory()
    WaterFactory.create_batch(3, athlete=athlete)
    body = client_for(athlete.user).get(f"/api/v1/athletes/{athlete.pk}/water/", {"page_size": 2}).json()
    assert (body["count"], len(body["results"]), body["next"] is not None) == (3, 2, True)


@pytest.mark.parametrize("path", ["water", "workouts", "meals", "load"])
@pytest.mark.parametrize("name", ["from", "to"])
def test_a_blank_date_bound_is_refused(path: str, name: str) -> None:
    athlete = AthleteFactory()
    response = client_for(athlete.user).get(f"/api/v1/athletes/{athlete.pk}/{path}/?{name}=")
    assert response.status_code == 400
    assert response.json() == {name: ["Give a date, YYYY-MM-DD, or leave the parameter out."]}


def test_a_blank_week_start_is_refused() -> None:
    athlete = AthleteFactory()
    response = client_for(athlete.user).get(f"/api/v1/athletes/{athlete.pk}/plans/?week_start=")
    assert response.status_code == 400
    assert "week_start" in response.json()


def test_the_schema_gives_the_page_size_bounds() -> None:
    athlete = AthleteFactory()
    schema = client_for(athlete.user).get("/api/schema/?format=json")
    operation = schema.json()["paths"]["/api/v1/athletes/{athlete_id}/water/"]["get"]
    [page_size] = [p for p in operation["parameters"] if p["name"] == "page_size"]
    assert (page_size["schema"]["minimum"], page_size["schema"]["maximum"]) == (1, 200)


def test_unread_alerts_take_a_true_or_false(coach) -> None:
    CoachAlertFactory(coach=coach, read_at=timezone.now())
    CoachAlertFactory(coach=coach)
    client = client_for(coach)
    counts = {flag: client.get("/api/v1/alerts/", {"unread": flag}).json()["count"] for flag in ("0", "1", "false")}
    assert counts == {"0": 2, "1": 1, "false": 2}  # "0" once read as true: any text was
    response = client.get("/api/v1/alerts/", {"unread": "maybe"})
    assert response.status_code == 400
    assert "unread" in response.json()
