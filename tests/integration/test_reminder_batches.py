"""Rows published for sending travel in batches of SEND_BATCH (issue 16), and a real worker on the real broker
sends every one of them once, over one SMTP session."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from celery.signals import task_postrun

from reminders import content, services
from reminders.models import Delivery, DeliveryStatus
from tests.factories import AthleteFactory, DeliveryFactory


@pytest.fixture
def batches_run() -> Iterator[list[list[int]]]:
    seen: list[list[int]] = []

    def record(sender=None, args=(), **kwargs) -> None:
        if sender is not None and sender.name == "reminders.tasks.send_deliveries":
            seen.append(list(args[0]))

    task_postrun.connect(record, weak=False)
    yield seen
    task_postrun.disconnect(record)


@pytest.mark.django_db(transaction=True)
def test_published_rows_go_in_batches_and_each_is_sent_once(
    empty_queue, celery_worker, smtp_server, batches_run, monkeypatch
) -> None:
    monkeypatch.setattr(services, "SEND_BATCH", 5)
    message = content.checkin("https://trainer.example/api/v1/athletes/1/checkins/")
    rows = [
        DeliveryFactory(recipient=a.user, athlete=a, subject=message.subject, context=message.context,
                        status=DeliveryStatus.FAILED)
        for a in (AthleteFactory() for _ in range(12))
    ]  # fmt: skip
    ids = [row.pk for row in rows]
    assert services.send_again(ids) == 12  # staff's "send again" publishes them as the sweep does
    deadline = time.monotonic() + 30
    while Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENT).count() < 12 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(len(b) for b in batches_run) == [2, 5, 5] and sorted(pk for b in batches_run for pk in b) == ids
    assert sorted(m["Message-ID"] for m in smtp_server.messages) == sorted(
        f"<delivery-{pk}@trainer.local>" for pk in ids
    )
    assert len(set(smtp_server.peers)) == 1
