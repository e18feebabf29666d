"""Enqueue Celery tasks after the surrounding transaction commits, and survive a broker outage."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task, current_app
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task | str, *args: Any, inline_if_broker_down: bool = False) -> None:
    """Publish `task(*args)` once the data it needs is committed.

    A service names its own app's task ("reminders.tasks.send_delivery") instead of importing it: the task
    module imports the services, and the name keeps that one way (docs/design.md "Rooms"). Every process
    registers every app's tasks at start-up (trainer/apps.py), so a misspelt name fails here, at once.

    A broker outage must not turn a saved write into an error page: the row the task works on is already
    stored, and the periodic sweeps pick up what was never published. Work that no sweep would find again (a
    password-reset email) asks to run here and now instead.
    """

    found = current_app.tasks[task] if isinstance(task, str) else task
    transaction.on_commit(lambda: publish(found, *args, inline_if_broker_down=inline_if_broker_down))


def publish(task: Task | str, *args: Any, countdown: float | None = None, inline_if_broker_down: bool = False) -> None:
    """Publish `task(*args)` now, `countdown` seconds ahead if given; for work already committed (an on_commit
    callback), with the broker outage handled as enqueue_on_commit says."""
    found = current_app.tasks[task] if isinstance(task, str) else task
    try:
        found.apply_async(args=args, countdown=countdown, retry=False, argsrepr=_private_repr(args))
    except OperationalError:
        # The task's name only: arguments may carry an address or a link.
        logger.warning("broker unavailable; %s %s", found.name, "run inline" if inline_if_broker_down else "left")
        if inline_if_broker_down:
            found.apply(args=args)


def _private_repr(args: tuple[Any, ...]) -> str:
    """How the arguments appear in worker logs, events and monitors: ids as they are, anything else (an address,
    a link, a message body) as its type only."""
    return repr(tuple(a if isinstance(a, int) else f"<{type(a).__name__}>" for a in args))
