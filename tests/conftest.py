"""Shared fixtures: API clients per role, a real SMTP server, a real Celery worker on the real broker."""

from __future__ import annotations

import os
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller
from rest_framework.test import APIClient

from tests.factories import AthleteFactory, CoachFactory, StaffFactory
from tests.world import People, signed_in

WORKER_ID = os.environ.get("PYTEST_XDIST_WORKER", "main")


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    # Each xdist worker gets its own Celery queue, so parallel test workers never take each other's tasks.
    # The process id keeps two test runs sharing one broker (PostgreSQL + Redis CI) out of each other's queues.
    settings.CELERY_TASK_DEFAULT_QUEUE = f"test-{WORKER_ID}-{os.getpid()}"
    # Every kept day summary a test reads is checked against the data (intake/day_cache.py).
    settings.DAY_SUMMARY_CHECK_KEPT = True
    if not hasattr(config, "workerinput"):
        # The xdist controller outlives its workers, so it owns the embedded Redis they share.
        from trainer.celery import ensure_broker

        ensure_broker()


@pytest.fixture(autouse=True)
def _fast_hashing_and_open_throttles(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    """The exercise library and the SR28 foods that `migrate` loads, back after a transactional test flushed
    them (pytest-django empties every table after such a test)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or bool(marker and marker.kwargs.get("transaction"))
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker or "db" in request.fixturenames:
        request.getfixturevalue("db")
    else:
        return
    from intake.models import Food
    from intake.services import load_extract
    from plans.library import sync_library
    from plans.models import Exercise

    if not Exercise.objects.filter(owner__isnull=True).exists():
        sync_library(Exercise)
    if not Food.objects.filter(ndb_no__isnull=False).exists():
        load_extract()


@pytest.fixture(autouse=True)
def _clear_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()  # throttle counters live here
    yield


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@dataclass
class Roster:
    """Two athletes, each with their own coach, a coach with none of them, and staff."""

    athlete_a: object
    athlete_b: object
    coach_a: object
    coach_b: object
    staff: object
    clients: dict[str, APIClient] = field(default_factory=dict)


@pytest.fixture
def roster(db) -> Roster:
    coach_a, coach_b = CoachFactory(), CoachFactory()
    athlete_a = AthleteFactory(coaches=[coach_a])
    athlete_b = AthleteFactory(coaches=[coach_b])
    staff = StaffFactory()
    r = Roster(athlete_a, athlete_b, coach_a, coach_b, staff)
    r.clients = {
        "anonymous": APIClient(),
        "athlete_a": client_for(athlete_a.user),
        "athlete_b": client_for(athlete_b.user),
        "coach_a": client_for(coach_a),
        "coach_b": client_for(coach_b),
        "staff": client_for(staff),
    }
    return r


# --- the people most tests start from (tests/world.py) ---------------------------------------------------


@pytest.fixture
def coach(db):
    return CoachFactory(name="Casey Coach")


@pytest.fixture
def coach_client(coach) -> APIClient:
    """The coach's API client."""
    return client_for(coach)


@pytest.fixture
def athlete(coach):
    """An intermediate athlete on the coach's roster, 300 minutes a week."""
    return AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=300)


@pytest.fixture
def people(db) -> People:
    coach, other_coach = CoachFactory(name="Casey Coach"), CoachFactory(name="Olly Other")
    athlete = AthleteFactory(coaches=[coach], user__name="Ana Athlete", level="intermediate", weekly_minutes_target=300)
    other = AthleteFactory(coaches=[other_coach], user__name="Otto Other")
    return People(coach, other_coach, athlete, other, StaffFactory())


@pytest.fixture
def coach_pages(people):
    """The `people` coach's browser session, for pages."""
    return signed_in(people.coach)


@pytest.fixture
def athlete_pages(people):
    """The `people` athlete's browser session, for pages."""
    return signed_in(people.athlete.user)


# --- real SMTP -------------------------------------------------------------------------------------------


class _Collect:
    """Every message received, and the client address of the SMTP session that brought each."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.peers: list[object] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        self.peers.append(session.peer)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server(settings) -> Iterator[_Collect]:
    """An aiosmtpd server on a free loopback port; Django sends to it over real SMTP."""
    handler = _Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    try:
        yield handler
    finally:
        controller.stop()


# --- real Celery worker ----------------------------------------------------------------------------------


@pytest.fixture
def celery_worker(transactional_db) -> Iterator[object]:
    """A real Celery worker thread consuming this test process's queue on the configured broker."""
    from celery.contrib.testing.worker import start_worker
    from django.conf import settings

    from trainer.celery import app

    app.conf.task_default_queue = settings.CELERY_TASK_DEFAULT_QUEUE
    app.conf.task_always_eager = False
    with start_worker(
        app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10,
        queues=[settings.CELERY_TASK_DEFAULT_QUEUE],
    ) as worker:  # fmt: skip
        yield worker
