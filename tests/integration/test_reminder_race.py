"""Exactly once under races: two sends of one delivery at the same moment, the same id published twice to a
real worker, and two sweeps at once, all end in one email (docs/design.md, Reminder delivery (2, 3))."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from reminders import services
from reminders.models import Delivery, DeliveryStatus
from reminders.tasks import send_delivery
from tests.factories import AthleteFactory
from tests.reminders.conftest import DAY, local, prime
from tests.reminders.support import message_ids, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


ZONE = "Europe/Berlin"


def in_threads(target, n: int = 2) -> list:
    """Run `target` in n threads released together; each thread closes its own database connection."""
    barrier, results = threading.Barrier(n), []

    def run() -> None:
        try:
            barrier.wait()
            results.append(target())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return results


def test_two_sends_at_once_one_email(smtp_server) -> None:
    athlete = AthleteFactory(time_zone=ZONE)
    prime(athlete.user, at=local(ZONE, DAY, 9))
    [delivery_id] = services.sweep(local(ZONE, DAY, 10), publish=False).created
    outcomes = in_threads(lambda: services.send_delivery(delivery_id), n=4)
    assert sorted(outcomes) == ["sent", "taken", "taken", "taken"]
    assert len(smtp_server.messages) == 1


def test_same_id_published_three_times_to_a_real_worker(empty_queue, celery_worker, smtp_server) -> None:
    first, marker = AthleteFactory(time_zone=ZONE), AthleteFactory(time_zone=ZONE)
    prime(first.user, at=local(ZONE, DAY, 9))
    [delivery_id] = services.sweep(local(ZONE, DAY, 10)).created  # published once after commit
    send_delivery.delay(delivery_id)
    send_delivery.delay(delivery_id)
    # A second delivery published after them: one worker, one queue, in order; once it is sent, so are they.
    prime(marker.user, at=local(ZONE, DAY, 9))
    [last] = services.sweep(local(ZONE, DAY, 10)).created
    wait_for(lambda: Delivery.objects.get(pk=last).status == DeliveryStatus.SENT, what="the marker sent")
    assert message_ids(smtp_server.messages) == {
        f"<delivery-{delivery_id}@trainer.local>": 1,
        f"<delivery-{last}@trainer.local>": 1,
    }
    assert Delivery.objects.get(pk=delivery_id).attempts == 1


def test_two_sweeps_at_once_one_email_per_slot(empty_queue, celery_worker, smtp_server) -> None:
    athletes = [AthleteFactory(time_zone=ZONE) for _ in range(6)]
    prime(*(a.user for a in athletes), at=local(ZONE, DAY, 9))
    results = in_threads(lambda: services.sweep(local(ZONE, DAY, 10)), n=2)
    created = [i for r in results for i in r.created]
    assert len(created) == len(set(created)) == 6  # each due row handled by exactly one sweep
    assert Delivery.objects.count() == 6
    wait_for(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 6, what="all sent")
    assert sorted(message_ids(smtp_server.messages).values()) == [1] * 6
