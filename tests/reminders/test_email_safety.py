"""Subjects are one line whatever a name holds (no header injection), and amounts follow the athlete's units."""

from __future__ import annotations

from reminders import services
from reminders.content import clean_subject, volume
from reminders.models import Delivery
from tests.reminders.conftest import DAY, local


def test_clean_subject() -> None:
    assert clean_subject("Hi\r\nBcc: victim@example.org") == "Hi Bcc: victim@example.org"
    assert clean_subject("a\u2028b\x00c\td") == "a b c d"
    assert len(clean_subject("x" * 500)) == 150


def test_a_name_with_newlines_cannot_add_headers(berlin, coach, smtp_server) -> None:
    berlin.user.name = "Eve\r\nBcc: victim@example.org\r\nX-Evil: 1"
    berlin.user.save()
    [_, to_coach] = sorted(
        services.notify_recovery_red(
            berlin, [{"code": "load_spike", "message": "ratio 1.6"}], DAY, now=local("Europe/Berlin", DAY, 9)
        ),
        key=lambda d: d.recipient_id == coach.pk,
    )
    assert "\n" not in Delivery.objects.get(pk=to_coach.pk).subject
    assert services.send_delivery(to_coach.pk) == "sent"
    [message] = smtp_server.messages
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert message["Subject"].startswith("Eve Bcc: victim@example.org X-Evil: 1")
    assert [str(a) for a in message["To"].addresses] == [coach.email]


def test_volumes_in_units() -> None:
    assert volume(350, "metric") == "350 ml"
    assert volume(350, "imperial") == "12 fl oz"
    assert volume(1500, "metric") == "1,500 ml"
