"""A check-in arriving through the API triggers the recovery check on a real Celery worker."""

from __future__ import annotations

import time

import pytest

from people.logs import local_today
from recovery.models import RecoveryStatus
from tests.conftest import client_for
from tests.factories import AthleteFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bad_checkin_turns_today_red(celery_worker) -> None:
    athlete = AthleteFactory()
    body = {"date": local_today(athlete).isoformat(), "sleep": 7, "fatigue": 6, "stress": 5, "soreness": 6}
    response = client_for(athlete.user).post(f"/api/v1/athletes/{athlete.pk}/checkins/", body, format="json")
    assert response.status_code == 201
    deadline = time.monotonic() + 20
    while not RecoveryStatus.objects.filter(athlete=athlete).exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    status = RecoveryStatus.objects.get(athlete=athlete, date=local_today(athlete))
    assert status.status == "red"
    assert "poor_recovery" in {r["code"] for r in status.reasons}
