"""A value sent both in metric and in imperial units is refused, naming both fields (issue 18, item 3): which one
was meant cannot be told, so even two values that agree are refused, and nothing is stored."""

from __future__ import annotations

import pytest

from intake.models import SweatTest, WaterLog
from people import rules as people
from people.logs import local_today
from people.models import AthleteProfile
from training.models import WellnessCheckIn

pytestmark = pytest.mark.django_db


def imperial(athlete: AthleteProfile) -> AthleteProfile:
    athlete.units = people.Units.IMPERIAL
    athlete.save(update_fields=["units"])
    return athlete


def assert_both_named(response, metric: str, imperial_name: str) -> None:
    assert response.status_code == 400, response.content
    sentence = f"Give {metric} or {imperial_name}, not both."
    assert response.json() == {metric: [sentence], imperial_name: [sentence]}


@pytest.mark.parametrize("fl_oz", [50, 3.4])  # 1,479 ml against 100; and about the same 100 ml
def test_water(roster, fl_oz: float) -> None:
    athlete = imperial(roster.athlete_a)
    url = f"/api/v1/athletes/{athlete.pk}/water/"
    response = roster.clients["athlete_a"].post(url, {"water_ml": 100, "water_fl_oz": fl_oz}, format="json")
    assert_both_named(response, "water_ml", "water_fl_oz")
    assert not WaterLog.objects.filter(athlete=athlete).exists()
    assert roster.clients["athlete_a"].post(url, {"water_fl_oz": fl_oz}, format="json").status_code == 201


def test_water_correction(roster) -> None:
    athlete = imperial(roster.athlete_a)
    client = roster.clients["athlete_a"]
    log = client.post(f"/api/v1/athletes/{athlete.pk}/water/", {"water_ml": 250}, format="json").json()
    url = f"/api/v1/athletes/{athlete.pk}/water/{log['id']}/"
    assert_both_named(client.patch(url, {"water_ml": 100, "water_fl_oz": 50}, format="json"), "water_ml", "water_fl_oz")
    assert WaterLog.objects.get(pk=log["id"]).water_ml == 250


def test_athlete_mass_on_creation(roster, django_capture_on_commit_callbacks) -> None:
    body = {
        "email": "new@example.org", "name": "New Athlete", "birth_date": "2000-01-01", "sex": "male",
        "mass_kg": 60, "mass_lb": 300, "units": "imperial", "time_zone": "Europe/Paris", "sport": "run",
        "level": "novice", "available_weekdays": [0, 2, 4],
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        response = roster.clients["coach_a"].post("/api/v1/athletes/", body, format="json")
    assert_both_named(response, "mass_kg", "mass_lb")
    assert not AthleteProfile.objects.filter(user__email="new@example.org").exists()


@pytest.mark.parametrize("mass_lb", [300, 132.3])  # 136.1 kg against 60; and 60.0 kg
def test_athlete_mass_on_a_change(roster, mass_lb: float) -> None:
    athlete = imperial(roster.athlete_a)
    before = athlete.mass_kg
    url = f"/api/v1/athletes/{athlete.pk}/"
    response = roster.clients["coach_a"].patch(url, {"mass_kg": 60, "mass_lb": mass_lb}, format="json")
    assert_both_named(response, "mass_kg", "mass_lb")
    athlete.refresh_from_db()
    assert athlete.mass_kg == before


def test_sweat_test_masses(roster) -> None:
    athlete = imperial(roster.athlete_a)
    body = {"date": local_today(athlete).isoformat(), "minutes": 60, "mass_before_kg": 62.0, "mass_before_lb": 137,
            "mass_after_lb": 135}  # fmt: skip
    response = roster.clients["athlete_a"].post(f"/api/v1/athletes/{athlete.pk}/sweat-tests/", body, format="json")
    assert_both_named(response, "mass_before_kg", "mass_before_lb")
    assert not SweatTest.objects.filter(athlete=athlete).exists()


def test_morning_mass_of_a_check_in(roster) -> None:
    athlete = imperial(roster.athlete_a)
    body = {"date": local_today(athlete).isoformat(), "sleep": 2, "fatigue": 3, "stress": 2, "soreness": 4,
            "morning_mass_kg": 60, "morning_mass_lb": 300}  # fmt: skip
    response = roster.clients["athlete_a"].post(f"/api/v1/athletes/{athlete.pk}/checkins/", body, format="json")
    assert_both_named(response, "morning_mass_kg", "morning_mass_lb")
    assert not WellnessCheckIn.objects.filter(athlete=athlete).exists()
