"""`GET /api/v1/me/export/`: everything held about the caller as a JSON download, in a fixed number of queries,
nothing of anyone else's, no secrets; and the settings page links to it."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from people.models import Role
from tests.history import give_coach_own, give_history

pytestmark = pytest.mark.django_db

URL = "/api/v1/me/export/"
ATHLETE_LISTS = (
    "coaches", "invitations", "plans", "adjustments", "recovery_statuses", "workouts", "checkins", "cramps", "water",
    "meals", "supplements", "sweat_tests", "reminder_emails",
)  # fmt: skip
COACH_LISTS = ("roster", "foods", "exercises", "plan_templates")


def export_of(client) -> dict:
    response = client.get(URL)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"].startswith('attachment; filename="trainer-export-')
    return json.loads(response.content)


def test_an_athlete_gets_everything_of_theirs(roster) -> None:
    athlete = roster.athlete_a
    give_history(athlete, roster.coach_a, rows=2)
    give_history(roster.athlete_b, roster.coach_b, rows=1)
    data = export_of(roster.clients["athlete_a"])

    assert data["account"]["email"] == athlete.user.email
    assert data["account"]["name"] == athlete.user.name
    assert data["account"]["role"] == Role.ATHLETE
    assert data["athlete"]["id"] == athlete.pk
    assert data["athlete"]["mass_kg"] == 62.0
    assert data["reminder_preference"]["hydration"] is False
    assert [c["name"] for c in data["coaches"]] == [roster.coach_a.name]
    for name in ATHLETE_LISTS:
        assert len(data[name]) == (1 if name in ("coaches", "invitations") else 2), name
    for name in COACH_LISTS:
        assert data[name] == [], name

    plan = data["plans"][0]
    assert len(plan["days"]) == 7
    session = next(s for day in plan["days"] for s in day["sessions"])
    assert session["blocks"][0]["kind"] == "warmup"
    assert session["blocks"][0]["exercises"][0]["name"]
    meal = data["meals"][0]
    assert meal["notes"] == "lunch"
    banana = meal["items"][0]
    assert (banana["description"], banana["grams"]) == ("Bananas, raw", 118.0)
    assert banana["potassium_mg"] == pytest.approx(358 * 1.18, abs=0.1)  # SR28: 358 mg per 100 g
    assert data["workouts"][0]["notes"] == "tempo"
    assert data["checkins"][0]["resting_hr_bpm"] == 52
    assert data["cramps"][0]["location"] == "behind_knee"
    assert data["water"][0]["water_ml"] == 250
    assert data["supplements"][0]["magnesium_mg"] == 200
    assert data["sweat_tests"][0]["mass_before_kg"] == 62.0
    assert data["recovery_statuses"][0]["status"] == "amber"
    assert data["adjustments"][0]["kind"] == "easier"
    assert data["reminder_emails"][0]["subject"] == "Drink up"


def test_the_export_holds_nothing_of_others_and_no_secrets(roster) -> None:
    give_history(roster.athlete_a, roster.coach_a)
    give_history(roster.athlete_b, roster.coach_b)
    body = roster.clients["athlete_a"].get(URL).content.decode()
    assert roster.athlete_b.user.email not in body
    assert roster.coach_b.email not in body
    assert roster.athlete_a.calendar_token not in body
    assert roster.athlete_a.user.password not in body
    assert "calendar_token" not in body and "password" not in body


def test_the_query_count_does_not_grow_with_the_data(roster) -> None:
    give_history(roster.athlete_a, roster.coach_a, rows=1)
    give_history(roster.athlete_b, roster.coach_b, rows=4)
    counts = {}
    for who in ("athlete_a", "athlete_b"):
        with CaptureQueriesContext(connection) as queries:
            assert roster.clients[who].get(URL).status_code == 200
        counts[who] = len(queries)
    assert counts["athlete_a"] == counts["athlete_b"]
    assert counts["athlete_b"] <= 21, counts


def test_a_coach_gets_their_account_roster_foods_exercises_and_templates(roster, django_assert_max_num_queries) -> None:
    plans = give_history(roster.athlete_a, roster.coach_a)
    own = give_coach_own(roster.coach_a, roster.athlete_a, plans[0])
    with django_assert_max_num_queries(7):
        data = export_of(roster.clients["coach_a"])
    assert data["account"]["email"] == roster.coach_a.email
    assert data["account"]["role"] == Role.COACH
    assert data["athlete"] is None
    assert [(r["athlete_id"], r["email"]) for r in data["roster"]] == [
        (roster.athlete_a.pk, roster.athlete_a.user.email)
    ]
    assert {f["description"] for f in data["foods"]} == {own.eaten_food.description, own.uneaten_food.description}
    assert data["foods"][0]["potassium_mg"] == 400
    assert [e["slug"] for e in data["exercises"]] == [own.exercise.slug]
    assert [t["name"] for t in data["plan_templates"]] == ["Base week"]
    assert isinstance(data["plan_templates"][0]["week"]["days"], list)
    for name in ATHLETE_LISTS:
        if name != "reminder_emails":
            assert data[name] == [], name
    # The athlete's logs are not the coach's: they stay out of the coach's file.
    assert data["workouts"] == [] and data["meals"] == []


def test_signing_in_is_required(roster) -> None:
    assert roster.clients["anonymous"].get(URL).status_code == 401


def test_a_browser_session_downloads_json_not_the_browsable_api(client, roster) -> None:
    client.force_login(roster.athlete_a.user)
    response = client.get(URL, HTTP_ACCEPT="text/html,application/xhtml+xml")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["account"]["email"] == roster.athlete_a.user.email


def test_the_settings_page_links_to_the_download_for_its_owner_only(client, roster) -> None:
    page = f"/athletes/{roster.athlete_a.pk}/reminders/"
    client.force_login(roster.athlete_a.user)
    body = client.get(page).content.decode()
    assert f'href="{URL}"' in body and 'href="/settings/account/delete/"' in body
    client.force_login(roster.coach_a)  # the coach sees the athlete's reminders, not the athlete's own links
    body = client.get(page).content.decode()
    assert URL not in body and "/settings/account/delete/" not in body
    body = client.get("/settings/reminders/").content.decode()
    assert f'href="{URL}"' in body


@pytest.fixture
def wsgi_calls_keep_the_test_connection():
    """Calling the WSGI app directly fires request_finished, which would close the test's open transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.parametrize("who", ["athlete_a", "coach_a"])
def test_a_full_export_matches_the_openapi_schema(roster, who: str, wsgi_calls_keep_the_test_connection) -> None:
    """The fuzzer's users have empty histories; this checks the schema against every list filled."""
    import schemathesis
    from rest_framework.authtoken.models import Token
    from werkzeug.test import Client as WsgiClient

    from trainer.wsgi import application

    plans = give_history(roster.athlete_a, roster.coach_a, rows=2)
    give_coach_own(roster.coach_a, roster.athlete_a, plans[0])
    user = roster.athlete_a.user if who == "athlete_a" else roster.coach_a
    token = Token.objects.get_or_create(user=user)[0].key
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    response = WsgiClient(application).get(URL, headers={"Authorization": f"Token {token}"})
    assert response.status_code == 200
    assert schema[URL]["GET"].validate_response(response) is not False
