"""Invitations end to end: a coach adds an athlete, a real worker sends the email over real SMTP, the
athlete opens the link, sets a password and signs in; the link then refuses a second use."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from rest_framework.test import APIClient

from tests.conftest import client_for
from tests.factories import CoachFactory

pytestmark = pytest.mark.django_db(transaction=True)

ATHLETE = {
    "email": "dana@example.org", "name": "Dana Diaz", "birth_date": "1999-07-04", "sex": "female",
    "mass_kg": 58.5, "time_zone": "Australia/Sydney", "sport": "swim", "level": "advanced",
    "available_weekdays": [0, 1, 2, 3, 4, 5], "medical_flags": ["thyroid_disorder"],
}  # fmt: skip


def wait_for(predicate, timeout_s: float = 20.0):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def test_invitation_round_trip(celery_worker, smtp_server) -> None:
    coach = CoachFactory(name="Casey Coach")
    response = client_for(coach).post("/api/v1/athletes/", ATHLETE, format="json")
    assert response.status_code == 201, response.content

    [message] = wait_for(lambda: smtp_server.messages)
    assert message["To"] == "dana@example.org"
    assert "Casey Coach" in message["Subject"]
    assert message.get_body(("plain",)) is not None and message.get_body(("html",)) is not None
    text = message.get_body(("plain",)).get_content()
    url = re.search(r"https?://\S+/invite/(\S+)/", text)
    assert url, text
    path = f"/invite/{url.group(1)}/"

    browser = Client()
    page = browser.get(path)
    assert page.status_code == 200
    assert b"dana@example.org" in page.content

    mismatch = browser.post(path, {"password": "a good new password", "password_again": "different one!"})
    assert mismatch.status_code == 400
    assert b"The two passwords differ." in mismatch.content

    done = browser.post(path, {"password": "a good new password", "password_again": "a good new password"})
    assert done.status_code == 302
    assert browser.get("/api/v1/me/").json()["email"] == "dana@example.org"

    again = Client().get(path)
    assert again.status_code == 400
    assert b"already been used" in again.content

    api = APIClient()
    token = api.post("/api/v1/auth/token/", {"email": "dana@example.org", "password": "a good new password"})
    assert token.status_code == 200
    reuse = api.post("/api/v1/auth/invitations/accept/", {"token": url.group(1), "password": "another password"})
    assert reuse.status_code == 400
    assert "already been used" in reuse.json()["token"][0]
