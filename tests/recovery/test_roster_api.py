"""The coach's roster: status, hydration % and compliance % for every athlete in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from intake.models import WaterLog
from people.logs import local_today
from recovery.models import RecoveryStatus
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory
from training.models import CrampEpisode

pytestmark = pytest.mark.django_db


def roster_queries(client) -> tuple[int, list[dict]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/roster/")
    assert response.status_code == 200
    return len(queries.captured_queries), response.json()["results"]


def populate(coach, count: int) -> list:
    athletes = [
        AthleteFactory(coaches=[coach], time_zone=z) for z in ["Europe/Berlin", "America/New_York"] * (count // 2)
    ]
    now = timezone.now()
    WaterLog.objects.bulk_create(WaterLog(athlete=a, at=now, water_ml=500) for a in athletes)
    reason = {"code": "dehydration", "severity": "amber", "message": "m", "value": 1, "threshold": 2}
    RecoveryStatus.objects.bulk_create(
        RecoveryStatus(athlete=a, date=local_today(a), status="amber", checked_at=now, reasons=[reason])
        for a in athletes
    )
    CrampEpisode.objects.bulk_create(
        CrampEpisode(athlete=a, at=now - dt.timedelta(hours=3), location="calf", side="left", severity=3,
                     duration_minutes=1, context="night")
        for a in athletes
    )  # fmt: skip
    return athletes


def test_roster_takes_the_same_queries_for_5_and_200_athletes() -> None:
    small_coach, large_coach = CoachFactory(), CoachFactory()
    populate(small_coach, 6)
    populate(large_coach, 200)
    small, small_rows = roster_queries(client_for(small_coach))
    large, large_rows = roster_queries(client_for(large_coach))
    assert (len(small_rows), len(large_rows)) == (6, 200)
    assert small == large
    row = large_rows[0]
    assert row["status"] == "amber" and row["top_reason"]["code"] == "dehydration"
    assert row["hydration_pct"] == round(100 * 500 / row["water_target_ml"])
    assert row["last_cramp_at"]


def test_roster_is_for_coaches(roster) -> None:
    assert roster.clients["athlete_a"].get("/api/v1/roster/").status_code == 403
    assert roster.clients["anonymous"].get("/api/v1/roster/").status_code == 401
    rows = roster.clients["coach_a"].get("/api/v1/roster/").json()["results"]
    assert [r["athlete"] for r in rows] == [roster.athlete_a.pk]


def test_compliance_counts_done_partial_and_missed(db) -> None:
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], weekly_minutes_target=300)
    client = client_for(coach)
    today = local_today(athlete)
    monday = today - dt.timedelta(days=today.weekday())
    plan = client.post(
        f"/api/v1/athletes/{athlete.pk}/plans/", {"week_start": monday.isoformat()}, format="json"
    ).json()
    client.post(f"/api/v1/plans/{plan['id']}/publish/")
    due = [s for d in plan["days"] for s in d["sessions"] if d["date"] <= today.isoformat()]
    for session in due:  # log every due session in full
        body = {"session": session["id"], "date": session["date"], "minutes": session["planned_minutes"], "rpe": 4}
        assert (
            client_for(athlete.user).post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json").status_code
            == 201
        )
    [row] = client.get("/api/v1/roster/").json()["results"]
    assert row["compliance_pct"] == (100.0 if due else None)
