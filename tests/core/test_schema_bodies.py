"""The schema tells the truth: the hand-built bodies (the day summary, load, cramp patterns, roster, an undo and a plan
refusal) are typed in /api/schema/, and real answers built from real data validate against those types."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
from django.utils import timezone

from people.logs import local_today
from plans.models import PlanAdjustment, PlanSession
from recovery.cramps import FactorCode
from recovery.services import run_check
from recovery.status import Severity
from tests.conftest import client_for
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachFactory,
    CrampFactory,
    FixtureFactory,
    MealFactory,
    RecoveryStatusFactory,
    SupplementFactory,
    WaterFactory,
    WorkoutFactory,
)
from tests.world import MONDAY, generate

pytestmark = pytest.mark.django_db

DAY = "/api/v1/athletes/{athlete_id}/days/{day}/"
LOAD = "/api/v1/athletes/{athlete_id}/load/"
PATTERNS = "/api/v1/athletes/{athlete_id}/cramp-patterns/"
ROSTER = "/api/v1/roster/"
UNDO = "/api/v1/adjustments/{adjustment_id}/undo/"
SESSIONS = "/api/v1/plans/{plan_id}/sessions/"
GENERATE = "/api/v1/athletes/{athlete_id}/plans/"


# --- the served schema as JSON Schema ----------------------------------------------------------------------------


def _json_schema(node: Any) -> Any:
    """OpenAPI 3.0 to JSON Schema: `nullable: true` becomes "or null" (as schemathesis reads it)."""
    if isinstance(node, list):
        return [_json_schema(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _json_schema(v) for k, v in node.items() if k != "nullable"}
    if node.get("nullable"):
        return {"anyOf": [out, {"type": "null"}]}
    return out


def body_schema(openapi: dict, path: str, method: str, status: int) -> dict:
    return openapi["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]


def resolved(openapi: dict, schema: dict) -> dict:
    while "$ref" in schema or len(schema.get("allOf", [])) == 1:
        if "allOf" in schema:
            schema = schema["allOf"][0]
        schema = openapi["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def check(openapi: dict, path: str, method: str, response, status: int = 200) -> Any:
    """The answer has `status` and validates against the schema served for that operation and status, which
    is no bare object."""
    assert response.status_code == status, response.content
    schema = body_schema(openapi, path, method, status)
    assert resolved(openapi, schema).get("properties"), f"{method} {path} {status}: an untyped body"
    body = response.json()
    validate(openapi, schema, body)
    return body


def validate(openapi: dict, schema: dict, body: Any) -> None:
    root = {**_json_schema(copy.deepcopy(schema)), "components": _json_schema(copy.deepcopy(openapi["components"]))}
    jsonschema.validate(body, root, cls=jsonschema.Draft7Validator, format_checker=jsonschema.FormatChecker())


def component(openapi: dict, name: str) -> dict:
    return openapi["components"]["schemas"][name]


# --- a week with an adjustment, and a full day -------------------------------------------------------------------


@pytest.fixture
def world(db):
    """A coach, an athlete with a published week whose first hard session a red check turned into cross-training,
    and the day before that session full of logs."""
    coach = CoachFactory()
    coach_client = client_for(coach)
    athlete = AthleteFactory(
        coaches=[coach], level="intermediate", weekly_minutes_target=300, medical_flags=["diabetes"]
    )
    plan = generate(coach_client, athlete, MONDAY)
    assert coach_client.post(f"/api/v1/plans/{plan['id']}/publish/").status_code == 200
    session = PlanSession.objects.filter(plan_id=plan["id"], intensity="hard").order_by("date").first()
    zone = ZoneInfo(athlete.time_zone)
    now = dt.datetime.combine(session.date - dt.timedelta(days=1), dt.time(20), tzinfo=zone)
    eve = session.date - dt.timedelta(days=1)
    # workouts over the weeks before, so the load has history and the series has days without it
    for back in range(1, 36, 2):
        WorkoutFactory(athlete=athlete, date=eve - dt.timedelta(days=back), minutes=50, rpe=5)
    WorkoutFactory(athlete=athlete, date=eve, minutes=40, rpe=4, warmup_done=False)
    morning = dt.datetime.combine(eve, dt.time(8), tzinfo=zone)
    WaterFactory(athlete=athlete, at=morning, water_ml=400)
    MealFactory(athlete=athlete, at=morning)
    for back in (1, 2, 3):  # three short days before: mineral suggestions
        MealFactory(athlete=athlete, at=morning - dt.timedelta(days=back))
    SupplementFactory(athlete=athlete, at=morning, magnesium_mg=500)  # over the supplement limit: a warning
    CheckInFactory(athlete=athlete, date=eve, sleep=6, fatigue=6, stress=5, soreness=6, resting_hr_bpm=60)
    CrampFactory(
        athlete=athlete, at=now - dt.timedelta(hours=2), location="behind_knee", side="left", severity=8,
        duration_minutes=3, context="during_exercise",
    )  # fmt: skip
    status = run_check(athlete, now=now)
    assert status.status == "red" and status.reasons
    adjustment = PlanAdjustment.objects.get(session=session)
    return coach, coach_client, athlete, session, adjustment


def test_the_day_summary_is_typed(openapi, world) -> None:
    coach, coach_client, athlete, session, _ = world
    eve = session.date - dt.timedelta(days=1)
    stored = check(openapi, DAY, "get", coach_client.get(f"/api/v1/athletes/{athlete.pk}/days/{eve}/"))
    assert stored["recovery"]["checked_at"] is not None and stored["recovery"]["reasons"]
    for key in ("workouts", "water", "meals", "supplements", "cramps"):
        assert stored["logs"][key], key
    assert stored["logs"]["checkin"] is not None
    assert stored["warnings"] and stored["suggestions"] and stored["medical_notes"]
    # the adjusted session's day: the check is computed for the answer, the session carries its adjustment
    computed = check(openapi, DAY, "get", coach_client.get(f"/api/v1/athletes/{athlete.pk}/days/{session.date}/"))
    assert computed["recovery"]["checked_at"] is None
    [shown] = [s for s in computed["sessions"] if s["id"] == session.pk]
    assert shown["adjustments"] and shown["status"] == "published"
    assert computed["hydration_guidance"]
    # an imperial athlete's empty day: fl_oz too, no check-in, no load history
    imperial = AthleteFactory(coaches=[coach], units="imperial")
    empty = check(
        openapi, DAY, "get", coach_client.get(f"/api/v1/athletes/{imperial.pk}/days/{local_today(imperial)}/")
    )
    assert "fl_oz" in empty["water"] and empty["logs"]["checkin"] is None and empty["load"]["acute"] is None


def test_the_load_is_typed(openapi, world) -> None:
    _, coach_client, athlete, session, _ = world
    first, last = session.date - dt.timedelta(days=60), session.date + dt.timedelta(days=3)
    body = check(openapi, LOAD, "get", coach_client.get(f"/api/v1/athletes/{athlete.pk}/load/?from={first}&to={last}"))
    rows = body["results"]
    assert len(rows) == (last - first).days + 1
    assert "weekly_load" not in rows[0]  # before the first workout: the row leaves the weekly figures out
    assert any(r["acwr"] is not None for r in rows) and any(r["planned_load"] for r in rows)


def test_cramp_patterns_are_typed(openapi, db) -> None:
    athlete = AthleteFactory(coaches=[CoachFactory()])
    today = local_today(athlete)
    zone = ZoneInfo(athlete.time_zone)
    WorkoutFactory(athlete=athlete, date=today - dt.timedelta(days=3), minutes=90, rpe=8, stretching_done=False)
    CrampFactory(athlete=athlete, at=dt.datetime.combine(today - dt.timedelta(days=2), dt.time(9), tzinfo=zone))
    body = check(
        openapi, PATTERNS, "get", client_for(athlete.user).get(f"/api/v1/athletes/{athlete.pk}/cramp-patterns/")
    )
    assert body["cramps"] == 1 and body["factors"]
    codes = set(resolved(openapi, component(openapi, "CrampPatternFactor")["properties"]["code"])["enum"])
    assert codes == {c.value for c in FactorCode} - {FactorCode.MEDICAL_FLAG.value}


def test_the_roster_is_typed(openapi, world) -> None:
    coach, coach_client, _, _, _ = world
    unchecked = AthleteFactory(coaches=[coach], sport="soccer")
    FixtureFactory(athlete=unchecked, date=local_today(unchecked) + dt.timedelta(days=3), author=coach)
    amber = AthleteFactory(coaches=[coach])
    reason = {"code": "dehydration", "severity": "amber", "message": "Drank little.", "value": 55.0, "threshold": 80}
    RecoveryStatusFactory(athlete=amber, date=local_today(amber), status="amber", reasons=[reason])
    WaterFactory(athlete=amber, at=timezone.now())
    rows = check(openapi, ROSTER, "get", coach_client.get(ROSTER))["results"]
    by_id = {r["athlete"]: r for r in rows}
    assert by_id[amber.pk]["status"] == "amber" and by_id[amber.pk]["top_reason"] == reason
    assert by_id[unchecked.pk]["status"] is None and by_id[unchecked.pk]["next_match"]
    # and the schema is strict enough to refuse a wrong row
    schema = body_schema(openapi, ROSTER, "get", 200)
    for wrong in ({"status": "purple"}, {"water_ml": None}, {"top_reason": {"code": "x"}}):
        with pytest.raises(jsonschema.ValidationError):
            validate(openapi, schema, {"results": [by_id[amber.pk] | wrong]})


def test_an_undo_and_its_refusal_are_typed(openapi, world) -> None:
    _, coach_client, _, _, adjustment = world
    path = f"/api/v1/adjustments/{adjustment.pk}/undo/"
    # the weeks of workouts before make the hard session, given back, a load jump over last week
    refused = check(openapi, UNDO, "post", coach_client.post(path, {}, format="json"), 400)
    assert "load_progression" in {v["rule"] for v in refused["violations"]}
    reason = {"override_reason": "She is fresh"}
    undone = check(openapi, UNDO, "post", coach_client.post(path, reason, format="json"))
    assert undone["id"] == adjustment.pk and undone["undone_at"] and undone["reasons"]
    again = check(openapi, UNDO, "post", coach_client.post(path, reason, format="json"), 400)
    assert "adjustment" in again
    request = openapi["paths"][UNDO]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert "override_reason" in resolved(openapi, request)["properties"]


def test_a_rule_refusal_and_a_field_refusal_are_typed(openapi, coach_client, coach) -> None:
    athlete = AthleteFactory(coaches=[coach], level="novice", weekly_minutes_target=200)
    plan = generate(coach_client, athlete)
    rests = [d["date"] for d in plan["days"] if d["kind"] == "rest"]
    path = f"/api/v1/plans/{plan['id']}/sessions/"
    for date in rests[:-2]:  # down to the 2 rest days a novice needs
        extra = {"date": date, "modality": "yoga", "intensity": "easy", "planned_minutes": 40, "override_reason": "x"}
        assert coach_client.post(path, extra, format="json").status_code == 201
    breach = {"date": rests[-1], "modality": "run", "intensity": "easy", "planned_minutes": 40}
    refused = check(openapi, SESSIONS, "post", coach_client.post(path, breach, format="json"), 400)
    assert "min_rest_days" in {v["rule"] for v in refused["violations"]}
    not_monday = (MONDAY + dt.timedelta(days=1)).isoformat()
    bad = coach_client.post(f"/api/v1/athletes/{athlete.pk}/plans/", {"week_start": not_monday}, format="json")
    assert "week_start" in check(openapi, GENERATE, "post", bad, 400)


def test_enum_like_fields_name_their_choices(openapi) -> None:
    """The codes the schema lists are the ones the code has (plans and intake may not import recovery)."""
    severity = resolved(openapi, component(openapi, "RecoveryReason")["properties"]["severity"])
    assert severity["enum"] == [s.value for s in Severity]
    level = component(openapi, "RecoveryLevel")["enum"]
    assert level == ["green", "amber", "red", "unknown"]
    for name in ("DaySummary", "LoadSeries", "CrampPatterns", "RecoveryRoster", "AdjustmentOut", "PlanRefusal"):
        assert component(openapi, name)["properties"], name
