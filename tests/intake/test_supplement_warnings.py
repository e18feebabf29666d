"""Supplement warnings for medical flags (issue 14) are shown on the day the athlete sees in their own zone: a
potassium supplement logged at 22:30 in Los Angeles (06:30 the next day in UTC) warns on that Los Angeles day, on
the Today page and in the day summary, and not on the next one. Words only, pointing to a clinician."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from people.logs import local_today
from tests.conftest import client_for
from tests.factories import AthleteFactory
from tests.world import signed_in

pytestmark = pytest.mark.django_db

ZONE = "America/Los_Angeles"
DIURETIC = "take a diuretic"
BLOOD_PRESSURE = "take blood-pressure medicine"


@pytest.fixture
def athlete():
    return AthleteFactory(time_zone=ZONE, medical_flags=["diuretics", "blood_pressure_medication"])


def _log_late(athlete, **doses) -> dt.date:
    """A supplement logged through the API, as athletes log them, at 22:30 on their clock ten days ago."""
    day = local_today(athlete) - dt.timedelta(days=10)
    at = dt.datetime.combine(day, dt.time(22, 30), tzinfo=ZoneInfo(ZONE))
    assert at.astimezone(dt.UTC).date() == day + dt.timedelta(days=1)  # UTC has moved on to the next day
    response = client_for(athlete.user).post(
        f"/api/v1/athletes/{athlete.pk}/supplements/", {"at": at.isoformat(), **doses}, format="json"
    )
    assert response.status_code == 201, response.content
    return day


def test_the_warning_is_on_the_athletes_own_day(athlete) -> None:
    day = _log_late(athlete, potassium_mg=99)
    page = signed_in(athlete.user).get(f"/athletes/{athlete.pk}/today/?date={day.isoformat()}")
    body = page.content.decode()
    assert page.status_code == 200
    assert DIURETIC in body and BLOOD_PRESSURE in body
    assert "22:30" in body  # the log listed at the athlete's time
    following = signed_in(athlete.user).get(f"/athletes/{athlete.pk}/today/?date={day + dt.timedelta(days=1)}")
    assert DIURETIC not in following.content.decode()
    summary = client_for(athlete.user).get(f"/api/v1/athletes/{athlete.pk}/days/{day.isoformat()}/").json()
    messages = [w["message"] for w in summary["warnings"] if w["mineral"] == "potassium"]
    assert len(messages) == 2 and all("ask your doctor before changing potassium intake" in m for m in messages)
    next_day = client_for(athlete.user).get(f"/api/v1/athletes/{athlete.pk}/days/{day + dt.timedelta(days=1)}/")
    assert next_day.json()["warnings"] == []


def test_a_sodium_supplement_with_blood_pressure_medicine_warns_in_words(athlete) -> None:
    day = _log_late(athlete, sodium_mg=500)
    body = signed_in(athlete.user).get(f"/athletes/{athlete.pk}/today/?date={day.isoformat()}").content.decode()
    assert "no advice to add sodium" in body and "clinician" in body
    assert "blood_pressure_medication" not in body
