"""Enqueue Celery tasks after the surrounding transaction commits, and survive a broker outage."""

from __future__ import annotations

import logging
from typing import Any

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, *args: Any) -> None:
    """Publish `task(*args)` once the data it needs is committed.

    A broker outage must not turn a saved write into an error page: the row the task works on is already
    stored, and the periodic sweeps pick up what was never published.
    """

    def publish() -> None:
        try:
            task.apply_async(args=args, retry=False)
        except OperationalError:
            logger.warning("broker unavailable; %s(%s) left for the sweep", task.name, args)

    transaction.on_commit(publish)
