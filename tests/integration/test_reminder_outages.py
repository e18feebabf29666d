"""Outages with a real worker, broker and SMTP server (docs/design.md, Reminder delivery (3-5)):
- the SMTP server down for a while: retried with backoff by the sweep, then delivered once;
- messages lost in the broker (a Redis restart without persistence): the next sweep publishes them again;
- a worker that died mid-send (a row left in `sending` past the timeout): the nudge is abandoned, the alert is
  sent again with the same Message-ID."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from reminders import services
from reminders.models import Delivery, DeliveryStatus
from tests.factories import AthleteFactory, CoachFactory
from tests.integration.stack import free_port
from tests.reminders.conftest import DAY, local, park_schedules, prime
from tests.reminders.support import HoldingSMTP, message_ids, purge, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


ZONE = "Europe/Berlin"


@pytest.fixture
def smtp_later(settings):
    """An SMTP server that is down until the test starts it (the port is chosen, nothing listens yet)."""
    server = HoldingSMTP(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", server.port, False
    yield server
    server.stop()


def test_smtp_down_then_up(empty_queue, celery_worker, smtp_later) -> None:
    athletes = [AthleteFactory(time_zone=ZONE) for _ in range(3)]
    prime(*(a.user for a in athletes), at=local(ZONE, DAY, 9))
    created = services.sweep(local(ZONE, DAY, 10)).created
    assert len(created) == 3
    park_schedules()  # from here the sweeps run at the real time, for these three rows only
    wait_for(lambda: all(d.attempts == 1 and d.status == DeliveryStatus.PENDING for d in Delivery.objects.all()),
             what="first attempts refused")  # fmt: skip
    for row in Delivery.objects.all():
        assert row.next_attempt_at - timezone.now() > dt.timedelta(seconds=30)  # backing off, no tight loop
        assert "Connection refused" in row.last_error or "Errno" in row.last_error
    # Still down at the first retry: attempt 2, longer wait.
    services.sweep(timezone.now() + services.backoff(1) + dt.timedelta(seconds=5))
    # Finished, not only claimed: a second attempt still connecting when the server starts would succeed as attempt 2.
    wait_for(lambda: all(d.attempts >= 2 and d.status == DeliveryStatus.PENDING for d in Delivery.objects.all()),
             what="second attempts refused")  # fmt: skip
    smtp_later.start()
    services.sweep(timezone.now() + services.backoff(2) + dt.timedelta(seconds=5))
    wait_for(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 3, what="all sent")
    assert sorted(message_ids(smtp_later.messages).values()) == [1, 1, 1]
    assert all(d.attempts >= 3 for d in Delivery.objects.all())


def test_broker_lost_the_messages(empty_queue, smtp_server) -> None:
    """Published with no worker running, then the queue is emptied: the next sweep publishes them again."""
    from celery.contrib.testing.worker import start_worker

    from trainer.celery import app

    queue = empty_queue
    athletes = [AthleteFactory(time_zone=ZONE) for _ in range(4)]
    prime(*(a.user for a in athletes), at=local(ZONE, DAY, 9))
    assert len(services.sweep(local(ZONE, DAY, 10)).created) == 4
    # The publishes were there, and are now gone: one message for the four rows, sent in batches (issue 16).
    assert purge(queue) >= 1
    app.conf.task_default_queue = queue
    with start_worker(app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=10, queues=[queue]):
        assert Delivery.objects.filter(status=DeliveryStatus.PENDING).count() == 4  # nothing lost, nothing sent
        result = services.sweep(local(ZONE, DAY, 10) + services.PUBLISH_LEASE)
        assert len(result.republished) == 4
        wait_for(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 4, what="all sent")
    assert sorted(message_ids(smtp_server.messages).values()) == [1, 1, 1, 1]


def test_stuck_in_sending_by_kind(empty_queue, celery_worker, smtp_server) -> None:
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], time_zone=ZONE)
    prime(athlete.user, at=local(ZONE, DAY, 9))
    [nudge_id] = services.sweep(local(ZONE, DAY, 10), publish=False).created
    park_schedules()
    alerts = services.notify_recovery_red(
        athlete, [{"code": "recent_cramp", "message": "Severity 8"}], DAY, now=local(ZONE, DAY, 3)
    )  # at night: held for waking hours, so nothing is published now
    # As if a worker had claimed both and died mid-send, 10 minutes ago.
    claimed = timezone.now() - dt.timedelta(minutes=10)
    Delivery.objects.filter(pk__in=[nudge_id, *(a.pk for a in alerts)]).update(
        status=DeliveryStatus.SENDING, claimed_at=claimed, attempts=1
    )
    result = services.sweep(timezone.now())
    assert result.abandoned == 1 and set(result.republished) == {a.pk for a in alerts}
    wait_for(lambda: Delivery.objects.filter(status=DeliveryStatus.SENT).count() == 2, what="alerts re-sent")
    assert message_ids(smtp_server.messages) == {f"<delivery-{a.pk}@trainer.local>": 1 for a in alerts}
    assert Delivery.objects.get(pk=nudge_id).status == DeliveryStatus.ABANDONED
    assert {d.attempts for d in Delivery.objects.filter(kind="recovery_alert")} == {2}
