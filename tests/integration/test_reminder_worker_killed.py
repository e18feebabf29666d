"""A worker SIGKILLed in the middle of a batch (docs/design.md, Reminder delivery (5)): after a restart every
reminder that was not in flight arrives exactly once; the one in flight, which the SMTP server may or may not
have taken, follows its kind's policy: a nudge is abandoned (at most once), a recovery alert is sent again
with the same Message-ID (at least once)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reminders import content, services
from reminders.models import Delivery, DeliveryStatus
from reminders.tasks import send_delivery
from tests.factories import AthleteFactory, DeliveryFactory
from tests.integration.stack import free_port
from tests.reminders.conftest import DAY, park_schedules
from tests.reminders.support import HoldingSMTP, WorkerProcess, drop_unacked, message_ids, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


def make_batch(in_flight_kind: str) -> list[Delivery]:
    """Five reminders for five athletes; the third is the one the worker will be sending when it dies."""
    rows = []
    for i in range(5):
        athlete = AthleteFactory(time_zone="Europe/Berlin")
        if i == 2 and in_flight_kind == "recovery_alert":
            message = content.recovery_alert(
                "Bea", [{"code": "recent_cramp", "message": "Severity 8"}], False, DAY.isoformat()
            )
        else:
            message = content.checkin("https://trainer.example/api/v1/athletes/1/checkins/")
        kind = in_flight_kind if i == 2 else "checkin"
        rows.append(
            DeliveryFactory(
                recipient=athlete.user,
                athlete=athlete,
                kind=kind,
                local_date=DAY,
                slot="20:00",
                subject=f"reminder {i}",
                context=message.context,
            )
        )
    park_schedules()  # only this batch: the sweep below runs at the real time
    return rows


@pytest.mark.parametrize("in_flight_kind", ["checkin", "recovery_alert"])
def test_sigkill_mid_send(in_flight_kind, tmp_path, empty_queue) -> None:
    queue = empty_queue
    smtp = HoldingSMTP(free_port()).start()
    worker = WorkerProcess(queue, smtp.port, tmp_path / "worker.log")
    try:
        batch = make_batch(in_flight_kind)
        in_flight = batch[2]
        smtp.hold = f"<delivery-{in_flight.pk}@trainer.local>"
        for row in batch:
            send_delivery.delay(row.pk)
        worker.start()
        assert smtp.holding.wait(60), "the worker never reached the third message"
        worker.kill()  # SIGKILL in the middle of the SMTP conversation
        smtp.release.set()
        assert Delivery.objects.get(pk=in_flight.pk).status == DeliveryStatus.SENDING
        sent_before = Delivery.objects.filter(status=DeliveryStatus.SENT).count()
        assert sent_before == 2

        worker = WorkerProcess(
            queue, smtp.port, tmp_path / "worker.log"
        ).start()  # the restart picks up what was still queued
        others = [r.pk for r in batch if r.pk != in_flight.pk]
        wait_for(
            lambda: Delivery.objects.filter(pk__in=others, status=DeliveryStatus.SENT).count() == 4,
            timeout_s=60,
            what="the reminders not in flight",
        )
        assert Delivery.objects.get(pk=in_flight.pk).status == DeliveryStatus.SENDING  # nobody knows yet

        # The sweep after the sending timeout applies the kind's policy.
        result = services.sweep(timezone.now() + services.SENDING_TIMEOUT + dt.timedelta(seconds=1))
        if in_flight_kind == "recovery_alert":
            assert result.republished == [in_flight.pk]
            wait_for(
                lambda: Delivery.objects.get(pk=in_flight.pk).status == DeliveryStatus.SENT,
                timeout_s=60,
                what="the alert sent again",
            )
        else:
            assert result.abandoned == 1
            assert Delivery.objects.get(pk=in_flight.pk).status == DeliveryStatus.ABANDONED
    finally:
        worker.stop()
        smtp.stop()
        drop_unacked(queue)  # the killed worker's message, which Redis would hand out again in an hour

    counts = message_ids(smtp.messages)
    for row in batch:
        expected = 2 if row.pk == in_flight.pk and in_flight_kind == "recovery_alert" else 1
        assert counts[f"<delivery-{row.pk}@trainer.local>"] == expected, (row.kind, counts)
    assert len(smtp.messages) == sum(counts.values())
