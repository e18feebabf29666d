"""Fixtures shared by the integration tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings

from tests.reminders.support import purge


@pytest.fixture
def empty_queue() -> Iterator[str]:
    """Start and end with an empty test queue: a message left by another run names ids of another database."""
    purge(settings.CELERY_TASK_DEFAULT_QUEUE)
    yield settings.CELERY_TASK_DEFAULT_QUEUE
    purge(settings.CELERY_TASK_DEFAULT_QUEUE)
