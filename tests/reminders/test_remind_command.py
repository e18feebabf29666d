"""`python manage.py remind --now <instant>`: one sweep at that instant, sent inline with no worker."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from reminders.models import Delivery, DeliveryStatus
from tests.reminders.conftest import DAY, local, prime


def test_sweeps_and_sends_inline(berlin, smtp_server) -> None:
    prime(berlin.user, at=local("Europe/Berlin", DAY, 9))
    out = StringIO()
    call_command("remind", "--now", local("Europe/Berlin", DAY, 10, 1).isoformat(), stdout=out)
    assert "created 1" in out.getvalue() and "sent 1" in out.getvalue()
    [message] = smtp_server.messages
    assert "drink" in message["Subject"].lower()
    assert Delivery.objects.get().status == DeliveryStatus.SENT
    call_command("remind", "--now", "2026-06-10T08:01:00Z", stdout=StringIO())
    assert len(smtp_server.messages) == 1  # the same instant again: nothing new


def test_refuses_a_wall_clock_time() -> None:
    with pytest.raises(CommandError, match="offset"):
        call_command("remind", "--now", "2026-06-10T10:00:00")
    with pytest.raises(CommandError, match="ISO 8601"):
        call_command("remind", "--now", "tomorrow")
