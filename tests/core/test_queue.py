"""Publishing with the broker down: the write stands, the task is left for the sweeps (or run here when asked),
and kombu's reconnect loop is not entered inside the request."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery, current_app
from django.conf import settings

from core.queue import enqueue_on_commit
from tests.integration.stack import free_port

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_broker_app() -> Iterator[Celery]:
    """An app configured like ours, whose broker is a loopback port nothing listens on."""
    app = Celery("dead-broker", broker=f"redis://127.0.0.1:{free_port()}/0", set_as_current=False)
    app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    yield app
    app.close()


def probe_task(app: Celery, ran: list[int]):
    @app.task(name="probe", shared=False)
    def probe(value: int) -> None:
        ran.append(value)

    app.finalize()
    return probe


def test_left_for_the_sweep(dead_broker_app: Celery, django_capture_on_commit_callbacks, monkeypatch) -> None:
    ran: list[int] = []
    task = probe_task(dead_broker_app, ran)
    sleeps: list[float] = []
    monkeypatch.setattr("kombu.utils.functional.sleep", sleeps.append)  # records, still returns at once
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(task, 1)
    assert ran == []
    assert sleeps == []  # no reconnect attempts inside the request


def test_run_inline_when_asked(dead_broker_app: Celery, django_capture_on_commit_callbacks) -> None:
    ran: list[int] = []
    task = probe_task(dead_broker_app, ran)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(task, 7, inline_if_broker_down=True)
    assert ran == [7]


# A service publishes its own app's task by name (core.queue), and beat names the periodic ones: a misspelt
# name must fail in CI, not in a worker.
TASK_NAME = re.compile(r'"((?:people|recovery|reminders|training)\.tasks\.\w+)"')


def test_every_task_named_in_the_code_is_registered() -> None:
    named = {
        name
        for path in Path(settings.BASE_DIR).glob("*/*.py")
        if ".venv" not in path.parts and "tests" not in path.parts
        for name in TASK_NAME.findall(path.read_text())
    }
    assert {
        "people.tasks.send_invitation",
        "people.tasks.send_email",
        "recovery.tasks.check_recovery",
        "reminders.tasks.send_deliveries",
        "training.tasks.read_workout_upload",
        "recovery.tasks.morning_checks",
    } <= named
    assert named <= set(current_app.tasks)


def test_a_name_no_task_has_fails_at_once() -> None:
    with pytest.raises(KeyError):
        enqueue_on_commit("reminders.tasks.no_such_task", 1)
