"""Reminders go out in batches (issue 16): one task sends many rows over one SMTP session and one database
connection, and still claims each row on its own just before its email, so every guarantee of the single send
holds (docs/design.md, Reminder delivery (3)-(5))."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reminders import content, services
from reminders.models import Delivery, DeliveryStatus
from tests.conftest import _Collect, _free_port
from tests.factories import AthleteFactory, DeliveryFactory

EMAILS = 12


@pytest.fixture
def batch(db) -> list[Delivery]:
    """Pending check-in reminders to EMAILS athletes, in id order."""
    message = content.checkin("https://trainer.example/api/v1/athletes/1/checkins/")
    rows = []
    for _ in range(EMAILS):
        athlete = AthleteFactory()
        rows.append(
            DeliveryFactory(recipient=athlete.user, athlete=athlete, subject=message.subject, context=message.context)
        )
    return rows


def ids_of(rows: list[Delivery]) -> list[int]:
    return [row.pk for row in rows]


def test_a_batch_is_one_session_one_read_and_two_updates_per_email(batch, smtp_server) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert services.send_deliveries(ids_of(batch)) == {"sent": EMAILS}
    # The read of the batch, then each row's claim and its finish: nothing grows but the two per email.
    assert len(queries.captured_queries) == 1 + 2 * EMAILS
    assert len(smtp_server.messages) == EMAILS and len(set(smtp_server.peers)) == 1
    assert [m["Message-ID"] for m in smtp_server.messages] == [f"<delivery-{pk}@trainer.local>" for pk in ids_of(batch)]
    assert [m["To"] for m in smtp_server.messages] == [row.recipient.email for row in batch]
    rows = Delivery.objects.filter(pk__in=ids_of(batch))
    assert {(r.status, r.attempts) for r in rows} == {(DeliveryStatus.SENT, 1)}
    assert all(r.sent_at is not None for r in rows)


def test_the_same_batch_again_finds_every_row_taken(batch, smtp_server) -> None:
    services.send_deliveries(ids_of(batch))
    assert services.send_deliveries([*ids_of(batch), 10**9]) == {"taken": EMAILS + 1}
    assert len(smtp_server.messages) == EMAILS


def test_rows_another_worker_claimed_are_skipped(batch, smtp_server) -> None:
    taken = batch[3]
    Delivery.objects.filter(pk=taken.pk).update(status=DeliveryStatus.SENDING)
    assert services.send_deliveries(ids_of(batch)) == {"sent": EMAILS - 1, "taken": 1}
    assert f"<delivery-{taken.pk}@trainer.local>" not in {m["Message-ID"] for m in smtp_server.messages}


def test_past_its_budget_a_batch_leaves_the_rest_pending_and_unclaimed(batch, smtp_server) -> None:
    assert services.send_deliveries(ids_of(batch), budget_s=-1) == {"later": EMAILS}
    assert smtp_server.messages == []
    rows = Delivery.objects.filter(pk__in=ids_of(batch))
    assert {(r.status, r.attempts) for r in rows} == {(DeliveryStatus.PENDING, 0)}


class _RefuseOne(_Collect):
    def __init__(self, refused: str) -> None:
        super().__init__()
        self.refused = refused

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if address == self.refused:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_one_refused_address_backs_off_alone(batch, settings) -> None:
    refused = batch[5]
    handler, port = _RefuseOne(refused.recipient.email), _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
    try:
        assert services.send_deliveries(ids_of(batch)) == {"sent": EMAILS - 1, "retry": 1}
    finally:
        controller.stop()
    row = Delivery.objects.get(pk=refused.pk)
    assert row.status == DeliveryStatus.PENDING and row.attempts == 1 and "SMTPRecipientsRefused" in row.last_error
    assert row.next_attempt_at > row.claimed_at
    assert len(handler.messages) == EMAILS - 1
