"""`send_delivery` over real SMTP (aiosmtpd on loopback): the compare-and-set claim makes a second call a
no-op, the email has text and HTML parts, a deterministic Message-ID and one-click unsubscribe headers; SMTP
errors back off exponentially, then the row fails (docs/design.md, Reminder delivery (3))."""

from __future__ import annotations

import datetime as dt
import socket

import pytest
from django.utils import timezone

from reminders import services
from reminders.models import Delivery, DeliveryStatus
from tests.reminders.conftest import DAY, local


@pytest.fixture
def checkin(berlin) -> Delivery:
    services.recompute_schedules(berlin.user, now=local("Europe/Berlin", DAY, 19))
    [delivery_id] = services.sweep(local("Europe/Berlin", DAY, 20), publish=False).created
    return Delivery.objects.get(pk=delivery_id)


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nothing listens here once the socket closes


def test_sent_once_with_headers_and_both_parts(checkin, smtp_server, berlin) -> None:
    assert services.send_delivery(checkin.pk) == "sent"
    assert services.send_delivery(checkin.pk) == "taken"
    [message] = smtp_server.messages
    assert message["To"] == berlin.user.email
    assert message["Message-ID"] == f"<delivery-{checkin.pk}@trainer.local>"
    assert message["List-Unsubscribe"].strip().startswith("<http") and "/unsubscribe/" in message["List-Unsubscribe"]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert "check-in" in text and f"/api/v1/athletes/{berlin.pk}/checkins/" in text
    assert "<a href=" in html and "Stop these checkin emails" in html
    row = Delivery.objects.get(pk=checkin.pk)
    assert row.status == DeliveryStatus.SENT and row.attempts == 1 and row.sent_at is not None


def test_reminder_address_override(checkin, smtp_server, berlin) -> None:
    services.update_preferences(berlin.user, {"email": "bea.alerts@example.org"})
    services.send_delivery(checkin.pk)
    assert smtp_server.messages[0]["To"] == "bea.alerts@example.org"


def test_smtp_down_backs_off_then_fails(checkin, settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", closed_port(), False
    waits = []
    for attempt in range(1, services.MAX_ATTEMPTS):
        before = timezone.now()
        assert services.send_delivery(checkin.pk) == "retry"
        row = Delivery.objects.get(pk=checkin.pk)
        assert row.status == DeliveryStatus.PENDING and row.attempts == attempt and "Connection" in row.last_error
        waits.append(round((row.next_attempt_at - before).total_seconds() / 60))
    assert waits == [1, 2, 4, 8]
    assert services.send_delivery(checkin.pk) == "failed"
    assert Delivery.objects.get(pk=checkin.pk).status == DeliveryStatus.FAILED
    assert services.send_delivery(checkin.pk) == "taken"


def test_turned_off_before_sending_is_abandoned(checkin, smtp_server, berlin) -> None:
    services.update_preferences(berlin.user, {"kinds": {"checkin": False}})
    assert services.send_delivery(checkin.pk) == "off"
    assert smtp_server.messages == []
    assert Delivery.objects.get(pk=checkin.pk).status == DeliveryStatus.ABANDONED


def test_backoff_is_capped() -> None:
    assert services.backoff(1) == dt.timedelta(minutes=1)
    assert services.backoff(20) == services.BACKOFF_MAX
