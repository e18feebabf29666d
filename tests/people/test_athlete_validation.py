"""Bad athlete input gets a 400 naming the field, and nothing is written."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from people.models import AthleteProfile

pytestmark = pytest.mark.django_db

VALID = {
    "email": "new@example.org", "name": "New Athlete", "birth_date": "1990-05-01", "sex": "female",
    "mass_kg": 60, "time_zone": "America/New_York", "sport": "run", "level": "novice",
    "available_weekdays": [0, 1, 3, 5], "medical_flags": ["diabetes"],
}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("time_zone", "Mars/Olympus_Mons"),
        ("time_zone", "../../etc/passwd"),
        ("birth_date", (date.today() + timedelta(days=3)).isoformat()),
        ("birth_date", "2001-02-30"),
        ("birth_date", (date.today() - timedelta(days=365 * 10)).isoformat()),
        ("mass_kg", 0),
        ("mass_kg", 700),
        ("mass_kg", "heavy"),
        ("available_weekdays", [0, 7]),
        ("available_weekdays", [-1]),
        ("available_weekdays", []),
        ("available_weekdays", [1, 1]),
        ("medical_flags", ["kidney_disease", "vampirism"]),
        ("sex", "robot"),
        ("level", "legend"),
        ("email", "not-an-email"),
        ("sweat_rate_ml_per_h", 50000),
        ("preferred_long_day", 9),
    ],
)
def test_bad_field_is_refused_by_name(roster, field: str, value: object, django_capture_on_commit_callbacks) -> None:
    before = AthleteProfile.objects.count()
    with django_capture_on_commit_callbacks(execute=False):
        response = roster.clients["coach_a"].post("/api/v1/athletes/", {**VALID, field: value}, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert response.json()[field]  # a reason, in words
    assert AthleteProfile.objects.count() == before


def test_the_reason_for_a_bad_zone_is_readable(roster) -> None:
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/"
    response = roster.clients["coach_a"].patch(path, {"time_zone": "Europe/Atlantis"}, format="json")
    assert response.status_code == 400
    assert "IANA time zone" in response.json()["time_zone"][0]


def test_patch_keeps_other_fields_and_returns_si(roster) -> None:
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/"
    response = roster.clients["athlete_a"].patch(
        path, {"units": "imperial", "mass_lb": 150, "medications": ["metformin"]}, format="json"
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["mass_kg"] == pytest.approx(68.0, abs=0.1)
    assert body["mass_lb"] == pytest.approx(150, abs=0.2)
    assert body["medications"] == ["metformin"]
    assert body["time_zone"] == "Europe/Berlin"


def test_mass_lb_needs_imperial_units(roster) -> None:
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/"
    response = roster.clients["athlete_a"].patch(path, {"mass_lb": 150}, format="json")
    assert response.status_code == 400
    assert "mass_lb" in response.json()


def test_email_cannot_be_taken_over(roster) -> None:
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/"
    response = roster.clients["coach_a"].patch(path, {"email": "someone-else@example.org"}, format="json")
    assert response.status_code == 400
    assert "email" in response.json()


def test_existing_email_is_refused(roster, django_capture_on_commit_callbacks) -> None:
    body = {**VALID, "email": roster.athlete_b.user.email.upper()}
    with django_capture_on_commit_callbacks(execute=False):
        response = roster.clients["coach_a"].post("/api/v1/athletes/", body, format="json")
    assert response.status_code == 400
    assert "email" in response.json()


def test_database_backs_the_mass_range(roster) -> None:
    from django.db import IntegrityError, transaction

    athlete = roster.athlete_a
    athlete.mass_kg = 700
    with pytest.raises(IntegrityError), transaction.atomic():
        athlete.save()


def test_list_is_paginated(roster) -> None:
    from tests.factories import AthleteFactory

    AthleteFactory.create_batch(3, coaches=[roster.coach_a])
    response = roster.clients["coach_a"].get("/api/v1/athletes/?page_size=2")
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert body["next"]
