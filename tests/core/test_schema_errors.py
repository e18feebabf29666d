"""Every operation's error answers are in the schema (issue 18, item 4), and real error answers validate against
what the schema says of them."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.conftest import client_for
from tests.core.test_schema_bodies import body_schema, validate
from tests.factories import AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db


METHODS = {"get", "post", "put", "patch", "delete"}
ATHLETE = "/api/v1/athletes/{id}/"
ATHLETES = "/api/v1/athletes/"
WATER = "/api/v1/athletes/{athlete_id}/water/"
SIGNUP = "/api/v1/auth/signup/"


def operations(openapi: dict):
    for path, ops in openapi["paths"].items():
        for method, op in ops.items():
            if method in METHODS:
                yield path, method, op


def test_every_operation_documents_the_errors_it_can_answer(openapi) -> None:
    missing = []
    for path, method, op in operations(openapi):
        codes = set(op["responses"])
        needed = {"429", "401"}  # 401 also where signing in is optional: a bad token is refused anywhere
        if {} not in op["security"]:
            needed.add("403")
        query = {p["name"] for p in op.get("parameters", []) if p["in"] == "query"}
        if "{" in path or "page" in query:
            needed.add("404")
        if query or "{" in path:
            needed.add("400")
        if method in {"post", "put", "patch"}:
            needed |= {"400", "413", "415"}
        if not needed <= codes:
            missing.append(f"{method.upper()} {path}: {sorted(needed - codes)}")
    assert not missing, missing


def test_a_view_s_own_error_description_is_kept(openapi) -> None:
    refusal = body_schema(openapi, "/api/v1/athletes/{athlete_id}/plans/", "post", 400)
    assert refusal == {"$ref": "#/components/schemas/PlanRefusal"}


def _check(openapi: dict, path: str, method: str, response, status: int) -> None:
    assert response.status_code == status, response.content
    validate(openapi, body_schema(openapi, path, method, status), response.json())


def test_real_error_answers_match_the_schema(openapi) -> None:
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach])
    stranger = AthleteFactory()
    mine = ATHLETE.format(id=athlete.pk)
    _check(openapi, ATHLETE, "get", APIClient().get(mine), 401)
    _check(openapi, ATHLETE, "get", client_for(stranger.user).get(mine), 404)
    _check(openapi, ATHLETES, "post", client_for(athlete.user).post(ATHLETES, {}, format="json"), 403)
    water = WATER.format(athlete_id=athlete.pk)
    as_coach = client_for(coach)
    _check(openapi, WATER, "post", as_coach.post(water, {"water_ml": -5}, format="json"), 400)
    _check(openapi, WATER, "post", as_coach.post(water, "water=5", content_type="text/plain"), 415)
    _check(openapi, WATER, "post", as_coach.post(water, "{not json", content_type="application/json"), 400)
    huge = '{"notes": "' + "x" * (3 * 1024 * 1024) + '"}'
    _check(openapi, WATER, "post", as_coach.post(water, huge, content_type="application/json"), 413)


def test_a_throttled_answer_matches_the_schema(openapi) -> None:
    client = APIClient()
    answers = [client.post(SIGNUP, {}, format="json") for _ in range(12)]  # 10 an hour from one address
    assert answers[0].status_code == 400
    _check(openapi, SIGNUP, "post", answers[-1], 429)
    assert answers[-1].has_header("Retry-After")
