"""The schema says what the server requires of a quantity in two units (trainer/schema.py, issue 18 item 4): a
create takes exactly one, a correction at most one; and the server answers as the schema says."""

from __future__ import annotations

import jsonschema
import pytest

from tests.conftest import client_for
from tests.factories import AthleteFactory

pytestmark = pytest.mark.django_db


PERSON = {"email": "a@example.org", "name": "A", "birth_date": "2000-01-01", "sex": "female"}


def body_schema(openapi: dict, name: str) -> dict:
    return {**openapi["components"]["schemas"][name], "components": openapi["components"]}


@pytest.mark.parametrize(
    ("name", "body", "valid"),
    [
        ("WaterLogRequest", {"water_ml": 250}, True),
        ("WaterLogRequest", {"water_fl_oz": 8}, True),
        ("WaterLogRequest", {}, False),
        ("WaterLogRequest", {"water_ml": 100, "water_fl_oz": 50}, False),
        ("PatchedWaterLogRequest", {}, True),
        ("PatchedWaterLogRequest", {"water_ml": 100, "water_fl_oz": 50}, False),
        ("AthleteRequest", PERSON | {"mass_kg": 60}, True),
        ("AthleteRequest", PERSON, False),
        ("PatchedAthleteRequest", {"mass_kg": 60, "mass_lb": 300}, False),
    ],
)
def test_the_schema_takes_one_unit(openapi, name: str, body: dict, valid: bool) -> None:
    errors = list(jsonschema.Draft7Validator(body_schema(openapi, name)).iter_errors(body))
    assert not errors if valid else errors


def test_the_server_refuses_what_the_schema_refuses() -> None:
    athlete = AthleteFactory()
    me = client_for(athlete.user)
    base = f"/api/v1/athletes/{athlete.pk}/water/"
    assert me.post(base, {}, format="json").status_code == 400
    both = me.post(base, {"water_ml": 100, "water_fl_oz": 50}, format="json")
    assert both.status_code == 400
    assert me.post(base, {"water_ml": 250}, format="json").status_code == 201
