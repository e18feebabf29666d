"""The permission matrix over every people endpoint: nothing leaks (404), nothing a role may do is refused."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "athlete_a", "athlete_b", "coach_a", "coach_b", "staff"]


def _status(roster, role: str, method: str, path: str, body: dict | None = None) -> int:
    client = roster.clients[role]
    return getattr(client, method)(path, body or {}, format="json").status_code


# Who may read or change athlete A's profile.
SEES_A = {"anonymous": 401, "athlete_a": 200, "athlete_b": 404, "coach_a": 200, "coach_b": 404, "staff": 200}


@pytest.mark.parametrize("role", ROLES)
def test_read_athlete_a(roster, role: str) -> None:
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/"
    assert _status(roster, role, "get", path) == SEES_A[role]


@pytest.mark.parametrize("role", ROLES)
def test_patch_athlete_a(roster, role: str) -> None:
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/"
    assert _status(roster, role, "patch", path, {"mass_kg": 61.5}) == SEES_A[role]


@pytest.mark.parametrize("role", ROLES)
def test_rotate_calendar_token_of_a(roster, role: str) -> None:
    path = f"/api/v1/athletes/{roster.athlete_a.pk}/calendar-token/"
    assert _status(roster, role, "post", path) == SEES_A[role]


def test_missing_athlete_looks_like_a_hidden_one(roster) -> None:
    assert _status(roster, "coach_b", "get", "/api/v1/athletes/999999/") == 404
    assert _status(roster, "staff", "get", "/api/v1/athletes/999999/") == 404


@pytest.mark.parametrize(
    ("role", "expected"),
    [("anonymous", None), ("athlete_a", ["a"]), ("athlete_b", ["b"]), ("coach_a", ["a"]), ("coach_b", ["b"]),
     ("staff", ["a", "b"])],
)  # fmt: skip
def test_list_shows_only_visible_athletes(roster, role: str, expected: list[str] | None) -> None:
    response = roster.clients[role].get("/api/v1/athletes/")
    if expected is None:
        assert response.status_code == 401
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    by_name = {"a": roster.athlete_a.pk, "b": roster.athlete_b.pk}
    assert ids == {by_name[x] for x in expected}


CREATE = {"anonymous": 401, "athlete_a": 403, "athlete_b": 403, "coach_a": 201, "coach_b": 201, "staff": 201}


@pytest.mark.parametrize("role", ROLES)
def test_create_athlete(roster, role: str, django_capture_on_commit_callbacks) -> None:
    body = {
        "email": f"new-{role}@example.org", "name": "New Athlete", "birth_date": "2000-01-01", "sex": "male",
        "mass_kg": 70, "time_zone": "Europe/Paris", "sport": "run", "level": "novice",
        "available_weekdays": [0, 2, 4, 6], "medical_flags": [],
    }  # fmt: skip
    with django_capture_on_commit_callbacks(execute=False):
        assert _status(roster, role, "post", "/api/v1/athletes/", body) == CREATE[role]


@pytest.mark.parametrize("role", ROLES)
def test_me(roster, role: str) -> None:
    response = roster.clients[role].get("/api/v1/me/")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    me = response.json()
    assert me["role"] == ("athlete" if role.startswith("athlete") else "coach")
    if role == "athlete_a":
        assert me["athlete_id"] == roster.athlete_a.pk
    if role.startswith("coach"):
        assert me["athlete_id"] is None


@pytest.mark.parametrize("role", ROLES)
def test_public_endpoints_answer_everyone(roster, role: str) -> None:
    assert roster.clients[role].get("/api/schema/").status_code == 200
    assert roster.clients[role].get("/api/docs/").status_code == 200


def test_api_docs_are_served_by_the_project_not_a_cdn(client) -> None:
    html = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in html
    assert "cdn" not in html.lower()
    assert "/static/drf_spectacular_sidecar/" in html
    schema = client.get("/api/schema/?format=json").json()
    for path in ["/api/v1/auth/token/", "/api/v1/auth/signup/", "/api/v1/me/", "/api/v1/athletes/{id}/"]:
        assert path in schema["paths"], path
