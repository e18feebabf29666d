"""`python manage.py remind --now 2026-03-29T08:00:00+00:00`: one sweep at that instant, sent inline.

For operators and tests: no worker or broker is needed, the emails go through the configured backend in this
process. Without --now the sweep runs at the current time.
"""

from __future__ import annotations

import datetime as dt
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reminders import services


def _instant(value: str) -> dt.datetime:
    try:
        instant = dt.datetime.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f'--now: "{value}" is not an ISO 8601 instant such as 2026-03-29T08:00:00+00:00.') from exc
    if instant.tzinfo is None:
        raise CommandError("--now needs an offset or Z (an instant, not a wall-clock time).")
    return instant.astimezone(dt.UTC)


class Command(BaseCommand):
    help = "Run one reminder sweep at an instant and send what it produced, without a worker."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--now", type=_instant, default=None, help="ISO 8601 instant with offset (default: now).")

    def handle(self, *args: Any, **options: Any) -> None:
        now = options["now"] or timezone.now()
        result = services.sweep(now, publish=False)
        outcomes: dict[str, int] = {}
        for delivery_id in result.to_send:
            outcome = services.send_delivery(delivery_id)
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        summary = ", ".join(f"{k} {v}" for k, v in sorted({**result.as_dict(), **outcomes}.items()))
        self.stdout.write(f"sweep at {now.isoformat()}: {summary}")
