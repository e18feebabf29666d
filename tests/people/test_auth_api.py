"""Token sign-in, coach sign-up (throttled) and /me/."""

from __future__ import annotations

import pytest

from people.models import User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_token_for_email_and_password_works_with_the_api(roster, api) -> None:
    email = roster.athlete_a.user.email
    response = api.post("/api/v1/auth/token/", {"email": email.upper(), "password": PASSWORD}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").json()["athlete_id"] == roster.athlete_a.pk


def test_wrong_password_is_a_400_without_a_token(roster, api) -> None:
    email = roster.athlete_a.user.email
    response = api.post("/api/v1/auth/token/", {"email": email, "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "token" not in response.json()


def test_signup_creates_a_coach(api) -> None:
    body = {"email": "New.Coach@Example.org", "password": "correct horse battery", "name": "Nina"}
    response = api.post("/api/v1/auth/signup/", body, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["role"] == "coach"
    assert response.json()["email"] == "new.coach@example.org"
    assert User.objects.get(email="new.coach@example.org").check_password("correct horse battery")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "x@example.org", "password": "short", "name": "X"}, "password"),
        ({"email": "x@example.org", "password": "12345678901", "name": "X"}, "password"),
        ({"email": "nope", "password": "correct horse battery", "name": "X"}, "email"),
        ({"email": "x@example.org", "password": "correct horse battery"}, "name"),
    ],
)
def test_signup_validation(api, body: dict, field: str) -> None:
    response = api.post("/api/v1/auth/signup/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_signup_refuses_a_taken_email(roster, api) -> None:
    body = {"email": roster.coach_a.email, "password": "correct horse battery", "name": "Copy"}
    assert api.post("/api/v1/auth/signup/", body, format="json").status_code == 400


def test_signup_is_throttled(api, settings) -> None:
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "signup": "3/hour"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    from rest_framework.throttling import ScopedRateThrottle

    ScopedRateThrottle.THROTTLE_RATES = rates
    try:
        codes = [
            api.post(
                "/api/v1/auth/signup/",
                {"email": f"c{i}@example.org", "password": "correct horse battery", "name": "C"},
                format="json",
            ).status_code
            for i in range(5)
        ]
    finally:
        ScopedRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [201, 201, 201, 429, 429]


def test_sign_in_is_throttled_per_account_across_addresses(roster, api, settings) -> None:
    from rest_framework.settings import api_settings
    from rest_framework.throttling import SimpleRateThrottle

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "login_account": "3/hour"}
    SimpleRateThrottle.THROTTLE_RATES = rates
    try:
        email = roster.athlete_a.user.email
        codes = [
            api.post(
                "/api/v1/auth/token/", {"email": email, "password": "wrong"}, REMOTE_ADDR=f"10.0.0.{i}"
            ).status_code
            for i in range(5)
        ]
        other = api.post("/api/v1/auth/token/", {"email": roster.athlete_b.user.email, "password": PASSWORD})
    finally:
        SimpleRateThrottle.THROTTLE_RATES = api_settings.DEFAULT_THROTTLE_RATES
    assert codes == [400, 400, 400, 429, 429]
    assert other.status_code == 200  # another account is not locked out
