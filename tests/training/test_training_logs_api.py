"""Workouts, check-ins and cramp episodes: who may log, validation with the field named, list filters."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from people.logs import local_today
from tests.world import MONDAY, generate, sessions_of
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

pytestmark = pytest.mark.django_db


def workout(day: dt.date, **extra) -> dict:
    return {"date": day.isoformat(), "minutes": 45, "rpe": 6, "completed": True, "warmup_done": True,
            "stretching_done": False, "notes": "", **extra}  # fmt: skip


def checkin(day: dt.date, **extra) -> dict:
    return {"date": day.isoformat(), "sleep": 2, "fatigue": 3, "stress": 2, "soreness": 4, **extra}


def cramp(at: dt.datetime, **extra) -> dict:
    return {"at": at.isoformat(), "location": "behind_knee", "side": "left", "severity": 6,
            "duration_minutes": 2, "context": "during_exercise", **extra}  # fmt: skip


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", 401), ("athlete_a", 201), ("athlete_b", 404), ("coach_a", 201), ("coach_b", 404), ("staff", 201)],
)
def test_who_may_log_for_athlete_a(roster, role: str, expected: int) -> None:
    client = roster.clients[role]
    a = roster.athlete_a
    today = local_today(a)
    base = f"/api/v1/athletes/{a.pk}"
    assert client.post(f"{base}/workouts/", workout(today), format="json").status_code == expected
    assert client.post(f"{base}/checkins/", checkin(today), format="json").status_code in {expected, 200}
    assert client.post(f"{base}/cramps/", cramp(timezone.now()), format="json").status_code == expected
    for path in ("workouts", "checkins", "cramps"):
        assert client.get(f"{base}/{path}/").status_code == (200 if expected == 201 else expected)


def test_workout_load_and_session_link(roster) -> None:
    coach = roster.clients["coach_a"]
    a = roster.athlete_a
    plan = generate(coach, a, MONDAY - dt.timedelta(days=7))  # this week, so its sessions are near today
    _, session = sessions_of(plan)[0]
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{a.pk}/workouts/",
        workout(local_today(a), session=session["id"]),
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["load"] == 45 * 6
    other_plan = generate(roster.clients["coach_b"], roster.athlete_b)
    _, foreign = sessions_of(other_plan)[0]
    refused = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{a.pk}/workouts/", workout(local_today(a), session=foreign["id"]), format="json"
    )
    assert refused.status_code == 400
    assert "session" in refused.json()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"minutes": -5}, "minutes"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": "forty"}, "minutes"),
        ({"minutes": 5000}, "minutes"),
        ({"rpe": 11}, "rpe"),
        ({"rpe": -1}, "rpe"),
        ({"date": "2026-02-30"}, "date"),
        ({"date": "2099-01-01"}, "date"),
        ({"date": "yesterday"}, "date"),
        ({"modality": "skydiving"}, "modality"),
    ],
)
def test_bad_workouts_are_refused_by_field(roster, change: dict, field: str) -> None:
    a = roster.athlete_a
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{a.pk}/workouts/", workout(local_today(a), **change), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not WorkoutLog.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [({"sleep": 0}, "sleep"), ({"fatigue": 8}, "fatigue"), ({"resting_hr_bpm": 400}, "resting_hr_bpm"),
     ({"morning_mass_kg": 0}, "morning_mass_kg"), ({"sleep_hours": 30}, "sleep_hours"),
     ({"morning_mass_lb": 150}, "morning_mass_lb")],
)  # fmt: skip
def test_bad_checkins_are_refused_by_field(roster, change: dict, field: str) -> None:
    a = roster.athlete_a
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{a.pk}/checkins/", checkin(local_today(a), **change), format="json"
    )
    assert response.status_code == 400
    assert field in response.json()


def test_a_second_checkin_the_same_day_replaces_the_first(roster) -> None:
    a = roster.athlete_a
    path = f"/api/v1/athletes/{a.pk}/checkins/"
    client = roster.clients["athlete_a"]
    first = client.post(path, checkin(local_today(a)), format="json")
    assert first.status_code == 201
    assert first.json()["hooper_index"] == 11
    second = client.post(path, checkin(local_today(a), soreness=7), format="json")
    assert second.status_code == 200
    assert second.json()["hooper_index"] == 14
    assert WellnessCheckIn.objects.count() == 1


def test_imperial_mass_is_accepted_and_returned_in_si(roster) -> None:
    a = roster.athlete_a
    a.units = "imperial"
    a.save()
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{a.pk}/checkins/", checkin(local_today(a), morning_mass_lb=132.3), format="json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["morning_mass_kg"] == pytest.approx(60.0, abs=0.1)


@pytest.mark.parametrize(
    ("change", "field"),
    [({"severity": 0}, "severity"), ({"severity": 11}, "severity"), ({"location": "elbow"}, "location"),
     ({"side": "middle"}, "side"), ({"context": "sleepwalking"}, "context"),
     ({"duration_minutes": -1}, "duration_minutes"),
     ({"at": "2099-01-01T10:00:00+00:00"}, "at"), ({"at": "not a time"}, "at")],
)  # fmt: skip
def test_bad_cramps_are_refused_by_field(roster, change: dict, field: str) -> None:
    a = roster.athlete_a
    response = roster.clients["athlete_a"].post(
        f"/api/v1/athletes/{a.pk}/cramps/", {**cramp(timezone.now()), **change}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not CrampEpisode.objects.exists()


def test_lists_are_newest_first_and_filter_by_local_dates(roster) -> None:
    a = roster.athlete_a  # Europe/Berlin
    client = roster.clients["athlete_a"]
    today = local_today(a)
    for days_back in (0, 1, 2, 5):
        day = today - dt.timedelta(days=days_back)
        assert client.post(f"/api/v1/athletes/{a.pk}/workouts/", workout(day), format="json").status_code == 201
    page = client.get(f"/api/v1/athletes/{a.pk}/workouts/").json()
    assert [r["date"] for r in page["results"]] == sorted((r["date"] for r in page["results"]), reverse=True)
    first, last = today - dt.timedelta(days=2), today - dt.timedelta(days=1)
    window = client.get(f"/api/v1/athletes/{a.pk}/workouts/?from={first.isoformat()}&to={last.isoformat()}").json()
    assert window["count"] == 2
    bad = client.get(f"/api/v1/athletes/{a.pk}/workouts/?from=2026-13-01")
    assert bad.status_code == 400 and "from" in bad.json()
    # 23:30 UTC on a winter day is already the next day in Berlin.
    late = dt.datetime.combine(today - dt.timedelta(days=3), dt.time(23, 30), tzinfo=dt.UTC)
    assert client.post(f"/api/v1/athletes/{a.pk}/cramps/", cramp(late), format="json").status_code == 201
    berlin_day = (today - dt.timedelta(days=2)).isoformat()
    found = client.get(f"/api/v1/athletes/{a.pk}/cramps/?from={berlin_day}&to={berlin_day}").json()
    assert found["count"] == (
        1 if late.astimezone(dt.timezone(dt.timedelta(hours=1))).date().isoformat() == berlin_day else 0
    )


@pytest.mark.parametrize("query", ["from=0001-01-01", "to=9999-12-31", "from=0001-01-01&to=9999-12-31"])
def test_dates_at_the_ends_of_the_calendar_are_a_400(roster, query: str) -> None:
    for path in ("cramps", "supplements", "workouts"):
        response = roster.clients["athlete_a"].get(f"/api/v1/athletes/{roster.athlete_a.pk}/{path}/?{query}")
        assert response.status_code == 400, (path, response.status_code)
