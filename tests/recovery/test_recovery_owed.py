"""A log owes a recovery check until one runs: a check lost on its way (broker down, worker gone) is run by the
quarter-hourly sweep, not forgotten until the next morning."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.utils import timezone

from people.models import AthleteProfile
from recovery.models import RecoveryStatus
from recovery.services import run_check
from recovery.tasks import OWED_GRACE, check_recovery, morning_checks
from tests.conftest import client_for
from tests.factories import AthleteFactory


def owed_since(athlete: AthleteProfile) -> dt.datetime | None:
    return AthleteProfile.objects.values_list("recovery_owed_since", flat=True).get(pk=athlete.pk)


@pytest.mark.django_db
def test_a_log_owes_a_check_and_the_check_pays_it() -> None:
    athlete = AthleteFactory()
    response = client_for(athlete.user).post(f"/api/v1/athletes/{athlete.pk}/water/", {"water_ml": 300}, format="json")
    assert response.status_code == 201
    assert owed_since(athlete) is not None
    check_recovery(athlete.pk)
    assert owed_since(athlete) is None


@pytest.mark.django_db
def test_the_sweep_leaves_a_fresh_debt_to_the_queue() -> None:
    athlete = AthleteFactory()
    run_check(athlete)  # today's morning check is done
    AthleteProfile.objects.filter(pk=athlete.pk).update(recovery_owed_since=timezone.now())
    assert morning_checks.run() == 0  # its own task is probably still in the queue


@pytest.mark.django_db(transaction=True)
def test_the_sweep_runs_a_lost_check(celery_worker) -> None:
    athlete = AthleteFactory()
    first = run_check(athlete)
    lost_at = timezone.now() - OWED_GRACE - dt.timedelta(seconds=30)
    AthleteProfile.objects.filter(pk=athlete.pk).update(recovery_owed_since=lost_at)
    assert morning_checks() == 1
    deadline = time.monotonic() + 20
    while RecoveryStatus.objects.get(pk=first.pk).checked_at == first.checked_at and time.monotonic() < deadline:
        time.sleep(0.05)
    assert RecoveryStatus.objects.get(pk=first.pk).checked_at > first.checked_at
    assert owed_since(athlete) is None
