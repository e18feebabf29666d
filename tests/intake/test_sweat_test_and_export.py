"""Sweat tests set the athlete's sweat rate and flag big losses; logs export as CSV for a date range."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from intake.models import SweatTest
from people.logs import local_today

pytestmark = pytest.mark.django_db


def test_a_sweat_test_sets_the_rate_and_flags_a_big_loss(roster) -> None:
    a, client = roster.athlete_a, roster.clients["athlete_a"]
    # 62.0 -> 60.5 kg in 60 min with 500 ml drunk and no urine: 1,500 + 500 = 2,000 ml/h; 2.42 % lost: flagged.
    body = {
        "date": local_today(a).isoformat(),
        "minutes": 60,
        "mass_before_kg": 62.0,
        "mass_after_kg": 60.5,
        "fluid_ml": 500,
    }
    response = client.post(f"/api/v1/athletes/{a.pk}/sweat-tests/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["sweat_rate_ml_per_h"] == 2000
    assert response.json()["flagged"] is True
    assert response.json()["mass_loss_pct"] == pytest.approx(2.42, abs=0.01)
    a.refresh_from_db()
    assert a.sweat_rate_ml_per_h == 2000
    small = {**body, "mass_after_kg": 61.5}
    assert client.post(f"/api/v1/athletes/{a.pk}/sweat-tests/", small, format="json").json()["flagged"] is False


@pytest.mark.parametrize(
    ("change", "field"),
    [({"mass_after_kg": 70}, "mass_after_kg"), ({"mass_after_kg": 50}, "mass_after_kg"), ({"minutes": 0}, "minutes"),
     ({"mass_before_kg": 0}, "mass_before_kg"), ({"mass_before_lb": 140}, "mass_before_lb"),
     ({"date": "2099-01-01"}, "date")],
)  # fmt: skip
def test_bad_sweat_tests_are_refused(roster, change: dict, field: str) -> None:
    a = roster.athlete_a
    body = {"date": local_today(a).isoformat(), "minutes": 60, "mass_before_kg": 62.0, "mass_after_kg": 61.0, **change}
    response = roster.clients["athlete_a"].post(f"/api/v1/athletes/{a.pk}/sweat-tests/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not SweatTest.objects.exists()


def test_logs_export_as_csv_for_a_range(roster) -> None:
    a, client = roster.athlete_a, roster.clients["coach_a"]
    today = local_today(a)
    base = f"/api/v1/athletes/{a.pk}"
    client.post(f"{base}/water/", {"water_ml": 400}, format="json")
    client.post(
        f"{base}/workouts/", {"date": today.isoformat(), "minutes": 30, "rpe": 4, "notes": "=cmd()"}, format="json"
    )
    old = (today - dt.timedelta(days=10)).isoformat()
    client.post(f"{base}/workouts/", {"date": old, "minutes": 50, "rpe": 5}, format="json")
    response = client.get(f"{base}/export/?from={(today - dt.timedelta(days=2)).isoformat()}&to={today.isoformat()}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert sorted(r["kind"] for r in table) == ["water", "workout"]
    workout = next(r for r in table if r["kind"] == "workout")
    assert workout["load"] == "120"
    assert workout["notes"] == "'=cmd()"  # no formula reaches a spreadsheet
    assert roster.clients["coach_b"].get(f"{base}/export/").status_code == 404


def test_admin_exports_csv(client, roster) -> None:
    client.force_login(roster.staff)
    response = client.post(
        "/admin/trainer/athleteprofile/", {"action": "export_logs", "_selected_action": [roster.athlete_a.pk]}
    )
    assert response.status_code == 200
    assert response.content.decode().startswith("kind,local_date")
