"""The API's per-user limit (people/throttles.py): a counter per window, refused past the rate with the wait."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory

pytestmark = pytest.mark.django_db


def limit(monkeypatch, rate: str) -> None:
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {**api_settings.DEFAULT_THROTTLE_RATES, "user": rate})


def test_past_the_rate_a_user_waits_for_the_windows_end(monkeypatch) -> None:
    limit(monkeypatch, "3/min")
    me = client_for(AthleteFactory().user)
    answers = [me.get("/api/v1/me/") for _ in range(4)]
    assert [a.status_code for a in answers] == [200, 200, 200, 429]
    assert 0 < int(answers[-1]["Retry-After"]) <= 60
    other = client_for(CoachFactory())  # each user has a counter of their own
    assert other.get("/api/v1/me/").status_code == 200


def test_a_new_window_opens_once_the_last_one_ended(monkeypatch) -> None:
    limit(monkeypatch, "2/s")
    me = client_for(AthleteFactory().user)
    assert [me.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]
    time.sleep(1.1)
    assert [me.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]


def test_the_count_is_one_number_however_many_requests(monkeypatch) -> None:
    """DRF's own throttle keeps every request's time; here the entry stays one integer."""
    limit(monkeypatch, "1000/min")
    user = AthleteFactory().user
    me = client_for(user)
    for _ in range(30):
        assert me.get("/api/v1/me/").status_code == 200
    assert cache.get(f"throttle_user_{user.pk}") == 30
