"""The Celery app, configured from Django settings under the CELERY_ namespace."""

from __future__ import annotations

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer.settings")

app = Celery("trainer")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def ensure_broker() -> None:
    """Start the embedded Redis when no REDIS_URL is configured (trainer/embedded_redis.py)."""
    from django.conf import settings

    if not settings.REDIS_URL:
        from trainer import embedded_redis

        embedded_redis.ensure_running(settings.EMBEDDED_REDIS_SOCKET)
