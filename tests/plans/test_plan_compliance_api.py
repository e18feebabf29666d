"""Completion of each session, the workout that did it, done load and compliance in plan JSON (docs/domain.md §2),
with workouts logged through the real API. Weeks are built relative to the athlete's today, so the suite
passes on any day of the week."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.logs import local_today
from plans import services
from tests.conftest import client_for
from tests.factories import AthleteFactory, WorkoutFactory
from tests.world import MONDAY, generate, sessions_of
from training.models import WorkoutLog

pytestmark = pytest.mark.django_db


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def published(coach_client, athlete, week_start: dt.date) -> dict:
    plan = generate(coach_client, athlete, week_start)
    response = coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    assert response.status_code == 200, response.content
    return response.json()


def log(client, athlete, **body) -> dict:
    body = {"rpe": 5, "completed": True, "warmup_done": True, "stretching_done": True, "notes": ""} | body
    response = client.post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def by_id(plan: dict) -> dict[int, dict]:
    return {s["id"]: s for _, s in sessions_of(plan)}


def unique_slots(plan: dict) -> list[dict]:
    """Sessions alone on their day with their modality, so an unlinked workout can only do that one."""
    sessions = [s for _, s in sessions_of(plan)]
    keys = [(s["date"], s["modality"]) for s in sessions]
    return [s for s, key in zip(sessions, keys, strict=True) if keys.count(key) == 1]


def test_a_past_week_shows_each_band_the_workouts_and_the_done_load(coach_client, athlete) -> None:
    week_start = monday_of(local_today(athlete)) - dt.timedelta(days=14)
    plan = published(coach_client, athlete, week_start)
    me = client_for(athlete.user)
    slots = unique_slots(plan)
    assert len(slots) >= 4, plan
    done, partial, high, missed = slots[:4]
    rest_day = next(d["date"] for d in plan["days"] if not d["sessions"])

    exact = log(me, athlete, session=done["id"], date=done["date"], minutes=done["planned_minutes"], rpe=4)
    # Linked first: an unlinked workout on the same day and modality does not replace the linked one.
    extra = log(me, athlete, session=None, date=done["date"], modality=done["modality"], minutes=10, rpe=2)
    short = log(me, athlete, session=partial["id"], date=partial["date"], minutes=partial["planned_minutes"] * 6 // 10)
    # No session named: matched by its local date and modality.
    long = log(
        me,
        athlete,
        session=None,
        date=high["date"],
        modality=high["modality"],
        minutes=high["planned_minutes"] * 14 // 10,
    )
    unplanned = log(me, athlete, session=None, date=rest_day, modality="yoga", minutes=30, rpe=3)
    log(me, athlete, date=(week_start - dt.timedelta(days=1)).isoformat(), modality="run", minutes=50)

    for reader in (me, coach_client):
        body = reader.get(f"/api/v1/plans/{plan['id']}/").json()
        sessions = by_id(body)
        assert sessions[done["id"]]["completion"] == "done"
        assert sessions[done["id"]]["workout"] == {
            "id": exact["id"],
            "date": done["date"],
            "minutes": done["planned_minutes"],
            "rpe": 4,
            "load": 4 * done["planned_minutes"],
        }
        assert sessions[partial["id"]]["completion"] == "partial"
        assert sessions[partial["id"]]["workout"]["id"] == short["id"]
        assert sessions[high["id"]]["completion"] == "partial"  # 140 %: the upper partial band
        assert sessions[high["id"]]["workout"]["id"] == long["id"]
        assert (sessions[missed["id"]]["completion"], sessions[missed["id"]]["workout"]) == ("missed", None)
        others = [s for i, s in sessions.items() if i not in (done["id"], partial["id"], high["id"])]
        assert all(s["completion"] == "missed" and s["workout"] is None for s in others)
        matched = {s["workout"]["id"] for s in sessions.values() if s["workout"]}
        assert extra["id"] not in matched and unplanned["id"] not in matched

        # Every workout on the week's dates counts, planned or not; the Sunday before does not.
        week_loads = [exact, extra, short, long, unplanned]
        assert body["done_load"] == sum(w["load"] for w in week_loads)
        n = len(sessions)
        assert body["compliance"] == {
            "percent": round(100 * (1 + 0.5 * 2) / n, 1),
            "done": 1,
            "partial": 2,
            "missed": n - 3,
            "planned": 0,
        }

    listed = me.get(f"/api/v1/athletes/{athlete.pk}/plans/?week_start={week_start.isoformat()}").json()
    assert listed["results"][0]["compliance"] == body["compliance"]
    assert listed["results"][0]["done_load"] == body["done_load"]


def ceil_share(minutes: int, pct: int) -> int:
    return -(-minutes * pct // 100)


def floor_share(minutes: int, pct: int) -> int:
    return minutes * pct // 100


# (logged minutes from planned, expected band): each edge of docs/domain.md §2, and one minute past it.
EDGES = [
    (lambda p: ceil_share(p, 80), "done"),
    (lambda p: ceil_share(p, 80) - 1, "partial"),
    (lambda p: floor_share(p, 120), "done"),
    (lambda p: floor_share(p, 120) + 1, "partial"),
    (lambda p: ceil_share(p, 50), "partial"),
    (lambda p: ceil_share(p, 50) - 1, "missed"),
    (lambda p: floor_share(p, 150), "partial"),
    (lambda p: floor_share(p, 150) + 1, "missed"),
]


@pytest.mark.parametrize("first", [0, 4])
def test_band_edges_through_the_api(coach_client, athlete, first: int) -> None:
    week_start = monday_of(local_today(athlete)) - dt.timedelta(days=21)
    plan = published(coach_client, athlete, week_start)
    me = client_for(athlete.user)
    sessions = [s for _, s in sessions_of(plan)]
    assert len(sessions) >= 4
    expected = {}
    for session, (minutes_of, band) in zip(sessions, EDGES[first : first + 4], strict=False):
        log(me, athlete, session=session["id"], date=session["date"], minutes=minutes_of(session["planned_minutes"]))
        expected[session["id"]] = band
    body = me.get(f"/api/v1/plans/{plan['id']}/").json()
    assert {i: s["completion"] for i, s in by_id(body).items() if i in expected} == expected


def test_a_workout_logged_today_gets_its_band_at_once_and_later_sessions_stay_planned(coach_client, athlete) -> None:
    today = local_today(athlete)
    plan = generate(coach_client, athlete, monday_of(today))
    # Today holds a session whatever the weekday.
    extra = {"date": today.isoformat(), "modality": "run", "intensity": "easy", "planned_minutes": 45}
    added = coach_client.post(
        f"/api/v1/plans/{plan['id']}/sessions/", extra | {"override_reason": "test"}, format="json"
    )
    assert added.status_code == 201, added.content
    assert added.json()["completion"] == "planned" and added.json()["workout"] is None
    coach_client.post(f"/api/v1/plans/{plan['id']}/publish/")
    me = client_for(athlete.user)
    log(me, athlete, session=added.json()["id"], date=today.isoformat(), minutes=44)
    body = me.get(f"/api/v1/plans/{plan['id']}/").json()
    sessions = by_id(body)
    assert sessions[added.json()["id"]]["completion"] == "done"
    for session in sessions.values():
        day = dt.date.fromisoformat(session["date"])
        if session["id"] != added.json()["id"]:
            assert session["completion"] == ("planned" if day >= today else "missed")
    assert body["compliance"]["done"] == 1
    assert body["compliance"]["planned"] == sum(s["completion"] == "planned" for s in sessions.values())

    # The day summary shows the same completion and workout.
    summary = me.get(f"/api/v1/athletes/{athlete.pk}/days/{today.isoformat()}/").json()
    mine = next(s for s in summary["sessions"] if s["id"] == added.json()["id"])
    assert mine["completion"] == "done" and mine["workout"]["minutes"] == 44


def test_a_week_ahead_has_nothing_due(coach_client, athlete) -> None:
    plan = published(coach_client, athlete, MONDAY)
    assert all(s["completion"] == "planned" and s["workout"] is None for _, s in sessions_of(plan))
    n = len(sessions_of(plan))
    assert plan["compliance"] == {"percent": None, "done": 0, "partial": 0, "missed": 0, "planned": n}
    assert plan["done_load"] == 0


def test_a_session_linked_from_another_day_is_done_on_its_own_day(coach_client, athlete) -> None:
    week_start = monday_of(local_today(athlete)) - dt.timedelta(days=14)
    plan = published(coach_client, athlete, week_start)
    session = next(s for _, s in sessions_of(plan))
    next_day = (dt.date.fromisoformat(session["date"]) + dt.timedelta(days=1)).isoformat()
    me = client_for(athlete.user)
    log(me, athlete, session=session["id"], date=next_day, minutes=session["planned_minutes"])
    assert by_id(me.get(f"/api/v1/plans/{plan['id']}/").json())[session["id"]]["completion"] == "done"
    summary = me.get(f"/api/v1/athletes/{athlete.pk}/days/{session['date']}/").json()
    assert next(s for s in summary["sessions"] if s["id"] == session["id"])["completion"] == "done"


def test_the_plan_list_reads_a_fixed_number_of_queries(coach_client, coach) -> None:
    """Principle 8 (docs/design.md): one week and a few workouts cost what many weeks and many workouts cost."""
    few, many = (AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=300) for _ in range(2))
    this_monday = monday_of(local_today(few))
    services.publish_plan(services.generate_plan(athlete=few, week_start=this_monday, author=coach))
    WorkoutFactory(athlete=few, date=this_monday, minutes=40, rpe=4, modality="run")
    for weeks_back in range(1, 7):
        week_start = this_monday - dt.timedelta(days=7 * weeks_back)
        plan = services.publish_plan(services.generate_plan(athlete=many, week_start=week_start, author=coach))
        WorkoutLog.objects.bulk_create(
            WorkoutLog(athlete=many, session=s, date=s.date, minutes=s.planned_minutes, rpe=5, modality=s.modality)
            for s in plan.sessions.all()
        )
        WorkoutLog.objects.bulk_create(
            WorkoutLog(athlete=many, date=week_start + dt.timedelta(days=d), minutes=20, rpe=2) for d in range(7)
        )
    counts = {}
    for athlete in (few, many):
        with CaptureQueriesContext(connection) as queries:
            response = coach_client.get(f"/api/v1/athletes/{athlete.pk}/plans/")
        assert response.status_code == 200
        counts[athlete.pk] = len(queries)
    body = response.json()
    assert body["count"] == 6
    assert all(p["compliance"]["done"] == len(sessions_of(p)) and p["done_load"] for p in body["results"])
    # the athlete, page count, plans, sessions, blocks, exercises, adjustments, overrides
    # + the workouts of every week shown (issue 12; 8 before)
    assert counts[few.pk] == counts[many.pk] == 9, counts
