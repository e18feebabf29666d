"""What preceded a cramp, in the 72 hours before it, per episode and as a pattern per athlete."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from people.logs import local_today
from tests.conftest import client_for
from tests.factories import AthleteFactory, CrampFactory, WaterFactory, WorkoutFactory

pytestmark = pytest.mark.django_db


def test_factors_name_what_preceded_the_cramp(roster) -> None:
    athlete = roster.athlete_a
    zone = ZoneInfo(athlete.time_zone)
    today = local_today(athlete)
    yesterday = today - dt.timedelta(days=1)
    WorkoutFactory(
        athlete=athlete, date=yesterday, modality="", minutes=60, rpe=7, warmup_done=False, stretching_done=False
    )
    WaterFactory(athlete=athlete, at=dt.datetime.combine(yesterday, dt.time(9), tzinfo=zone), water_ml=400)
    cramp = CrampFactory(
        athlete=athlete, at=dt.datetime.combine(yesterday, dt.time(21), tzinfo=zone), location="behind_knee",
        side="left", severity=5, duration_minutes=2, context="night",
    )  # fmt: skip
    response = roster.clients["athlete_a"].get(f"/api/v1/athletes/{athlete.pk}/cramps/{cramp.pk}/factors/")
    assert response.status_code == 200
    factors = {f["code"]: f for f in response.json()}
    assert {"skipped_warmup", "skipped_stretching", "dehydration"} <= set(factors)
    assert all(f["message"] for f in factors.values())
    assert factors["dehydration"]["value"] is not None
    assert "preceded" in response["X-Cramp-Summary"]  # factors, never causes (docs/domain.md §6)
    # Others cannot see it; a cramp of another athlete is a 404 too.
    assert roster.clients["coach_b"].get(f"/api/v1/athletes/{athlete.pk}/cramps/{cramp.pk}/factors/").status_code == 404
    other = roster.athlete_b
    assert roster.clients["athlete_a"].get(f"/api/v1/athletes/{other.pk}/cramps/{cramp.pk}/factors/").status_code == 404
    pattern = roster.clients["coach_a"].get(f"/api/v1/athletes/{athlete.pk}/cramp-patterns/").json()
    assert pattern["cramps"] == 1
    by_code = {row["code"]: row for row in pattern["factors"]}
    assert by_code["skipped_warmup"]["cramp_days_with_factor"] == 1


def test_a_medical_flag_is_listed_as_a_factor(db) -> None:
    athlete = AthleteFactory(medical_flags=["diuretics"], medications=["furosemide"])
    cramp = CrampFactory(
        athlete=athlete, at=dt.datetime.now(dt.UTC) - dt.timedelta(hours=1), location="calf", side="right",
        severity=8, duration_minutes=4, context="rest",
    )  # fmt: skip
    response = client_for(athlete.user).get(f"/api/v1/athletes/{athlete.pk}/cramps/{cramp.pk}/factors/")
    assert "medical_flag" in {f["code"] for f in response.json()}
    assert "healthcare professional" in response["X-Cramp-Summary"]


def test_data_not_logged_is_said_in_the_api_and_on_the_pages(roster) -> None:
    """A cramp after a day with no water logged: the factors are unknown, not absent (issue 14). The API adds
    `not_logged` items (told apart by the added `kind`) after the factors; the cramp timeline lists them too."""
    from tests.world import signed_in

    athlete = roster.athlete_a
    zone = ZoneInfo(athlete.time_zone)
    yesterday = local_today(athlete) - dt.timedelta(days=1)
    WorkoutFactory(
        athlete=athlete, date=yesterday, modality="", minutes=40, rpe=4, warmup_done=True, stretching_done=True
    )
    cramp = CrampFactory(
        athlete=athlete, at=dt.datetime.combine(yesterday, dt.time(21), tzinfo=zone), location="calf",
        side="right", severity=3, duration_minutes=1, context="night",
    )  # fmt: skip
    response = roster.clients["athlete_a"].get(f"/api/v1/athletes/{athlete.pk}/cramps/{cramp.pk}/factors/")
    assert response.status_code == 200
    items = response.json()
    assert all(set(item) == {"code", "message", "value", "kind"} for item in items)
    assert not [i for i in items if i["kind"] == "factor"]  # nothing logged points at a factor ...
    unknown = {i["code"]: i for i in items if i["kind"] == "not_logged"}
    assert {"water_not_logged", "meals_not_logged", "checkin_not_logged"} <= set(unknown)  # ... and it says why
    assert "workouts_not_logged" not in unknown  # yesterday's workout was logged
    assert unknown["water_not_logged"]["message"].startswith("No water was logged on ")
    assert unknown["water_not_logged"]["value"] is None
    assert "Not logged, so unknown: water, meals and check-ins." in response["X-Cramp-Summary"]
    # The athlete's cramps page and the coach's athlete page show the same timeline.
    for user, path in (
        (athlete.user, f"/athletes/{athlete.pk}/cramps/"),
        (roster.coach_a, f"/coach/athletes/{athlete.pk}/"),
    ):
        page = signed_in(user).get(path)
        body = page.content.decode()
        assert page.status_code == 200
        assert "No water was logged on " in body and "so whether you were low on fluids is unknown" in body
        assert "water_not_logged" not in body


def test_a_logged_day_misses_nothing_in_the_api(roster) -> None:
    athlete = roster.athlete_a
    zone = ZoneInfo(athlete.time_zone)
    yesterday = local_today(athlete) - dt.timedelta(days=1)
    WaterFactory(athlete=athlete, at=dt.datetime.combine(yesterday, dt.time(9), tzinfo=zone), water_ml=300)
    cramp = CrampFactory(
        athlete=athlete, at=dt.datetime.combine(yesterday, dt.time(21), tzinfo=zone), location="calf",
        side="right", severity=3, duration_minutes=1, context="night",
    )  # fmt: skip
    items = roster.clients["athlete_a"].get(f"/api/v1/athletes/{athlete.pk}/cramps/{cramp.pk}/factors/").json()
    codes = {i["code"]: i["kind"] for i in items}
    assert codes["dehydration"] == "factor"  # 300 ml is low: present, so the day before's water is not asked for
    assert "water_not_logged" not in codes
