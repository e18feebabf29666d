from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory

# The coming Monday: plans are made for the week ahead, and dates stay valid whenever the suite runs.
MONDAY = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())


@pytest.fixture
def coach(db):
    return CoachFactory()


@pytest.fixture
def coach_client(coach):
    return client_for(coach)


@pytest.fixture
def athlete(coach):
    return AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=300)


def generate(client, athlete, week_start: dt.date = MONDAY) -> dict:
    response = client.post(
        f"/api/v1/athletes/{athlete.pk}/plans/", {"week_start": week_start.isoformat()}, format="json"
    )
    assert response.status_code == 201, response.content
    return response.json()


def sessions_of(plan: dict) -> list[tuple[dict, dict]]:
    return [(day, s) for day in plan["days"] for s in day["sessions"]]


def codes(response) -> set[str]:
    assert response.status_code == 400, response.content
    return {v["rule"] for v in response.json()["violations"]}
