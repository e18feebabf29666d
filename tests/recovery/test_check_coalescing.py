"""A burst of logs shares recovery checks (issue 16): at most one check per athlete a window, the first at once and
one more at the window's end for whatever came after it, and no log left unchecked. A real worker runs them."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from celery.signals import task_postrun

from people.models import AthleteProfile
from recovery.models import RecoveryStatus
from recovery.services import publish_check
from tests.conftest import client_for
from tests.factories import AthleteFactory
from trainer.celery import app as celery_app

WINDOW_SECONDS = 2


@pytest.fixture
def checks_seen(settings) -> Iterator[list[tuple[float, tuple]]]:
    """(monotonic time, args) of every recovery check the worker finishes for an athlete of this test's (a
    message left by another test names an athlete long gone)."""
    settings.RECOVERY_CHECK_WINDOW_SECONDS = WINDOW_SECONDS
    seen: list[tuple[float, tuple]] = []

    def record(sender=None, args=(), **kwargs) -> None:
        if sender is not None and sender.name == "recovery.tasks.check_recovery":
            seen.append((time.monotonic(), tuple(args)))

    task_postrun.connect(record, weak=False)
    yield seen
    task_postrun.disconnect(record)


def wait_until(condition, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_five_logs_in_a_burst_share_two_checks_and_none_is_left(celery_worker, checks_seen) -> None:
    athlete = AthleteFactory()

    def mine() -> list[tuple[float, tuple]]:
        return [(at, args) for at, args in checks_seen if args and args[0] == athlete.pk]

    client = client_for(athlete.user)
    for water_ml in (200, 300, 250, 400, 150):
        response = client.post(f"/api/v1/athletes/{athlete.pk}/water/", {"water_ml": water_ml}, format="json")
        assert response.status_code == 201
    last_log = time.monotonic()

    def owed() -> object:
        return AthleteProfile.objects.values_list("recovery_owed_since", flat=True).get(pk=athlete.pk)

    wait_until(lambda: len(mine()) >= 2 and owed() is None, 20)
    time.sleep(WINDOW_SECONDS + 1)  # room for a third check, which must not come
    assert [args for _, args in mine()] == [(athlete.pk,), (athlete.pk, True)]
    (first, _), (second, _) = mine()
    assert second - first >= WINDOW_SECONDS * 0.9  # the second waited for the window's end
    assert second >= last_log  # and ran after every log of the burst
    assert owed() is None
    assert RecoveryStatus.objects.filter(athlete=athlete).count() == 1


@pytest.mark.django_db
def test_a_log_in_a_window_with_a_check_still_coming_publishes_nothing(settings) -> None:
    """The claims alone: no worker runs here, and what they published is purged from this process's queue so no
    later test's worker runs it."""
    settings.RECOVERY_CHECK_WINDOW_SECONDS = 30
    athlete = AthleteFactory()
    try:
        assert publish_check(athlete.pk) == "now"
        assert publish_check(athlete.pk) == "later"
        assert publish_check(athlete.pk) is None
        assert publish_check(AthleteFactory().pk) == "now"  # another athlete's window is their own
    finally:
        celery_app.control.purge()
