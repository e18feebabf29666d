"""Load rows from logged workouts, checked against numbers worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from people.logs import local_today
from tests.conftest import client_for
from tests.factories import AthleteFactory, WorkoutFactory

pytestmark = pytest.mark.django_db


def test_acute_and_chronic_follow_the_worked_example(db) -> None:
    athlete = AthleteFactory()
    today = local_today(athlete)
    first = today - dt.timedelta(days=2)
    # Day 1: 60 min at RPE 5 = 300 AU; day 2: 80 min at RPE 5 = 400 AU; day 3 (today): rest = 0 AU.
    WorkoutFactory(athlete=athlete, date=first, modality="", minutes=60, rpe=5)
    WorkoutFactory(athlete=athlete, date=first + dt.timedelta(days=1), modality="", minutes=80, rpe=5)
    rows = (
        client_for(athlete.user)
        .get(f"/api/v1/athletes/{athlete.pk}/load/?from={first.isoformat()}&to={today.isoformat()}")
        .json()["results"]
    )
    assert [r["session_load"] for r in rows] == [300, 400, 0]
    # Seeded with the first day's load; acute lambda = 2/(7+1) = 0.25, chronic lambda = 2/(28+1) = 0.0690.
    assert rows[0]["acute"] == 300 and rows[0]["chronic"] == 300
    assert rows[1]["acute"] == pytest.approx(0.25 * 400 + 0.75 * 300, abs=0.1)  # 325
    assert rows[1]["chronic"] == pytest.approx(2 / 29 * 400 + (1 - 2 / 29) * 300, abs=0.1)  # 306.9
    assert rows[2]["acute"] == pytest.approx(0.75 * 325, abs=0.1)  # 243.75
    assert rows[2]["acwr"] is None  # fewer than 28 days of history


def test_bad_ranges_are_400(db) -> None:
    athlete = AthleteFactory()
    client = client_for(athlete.user)
    assert client.get(f"/api/v1/athletes/{athlete.pk}/load/?from=2026-05-01&to=2026-04-01").status_code == 400
    assert client.get(f"/api/v1/athletes/{athlete.pk}/load/?from=2020-01-01&to=2026-01-01").status_code == 400
    assert client.get(f"/api/v1/athletes/{athlete.pk}/load/?from=someday").status_code == 400
