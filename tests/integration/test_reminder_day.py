"""A day of reminders for athletes in three time zones and their coach, end to end: beat-like sweeps on the
simulated clock, a real Celery worker on the real broker, a real SMTP server. Every reminder arrives once, at
its local time, inside waking hours."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from reminders import services
from reminders.models import Delivery, DeliveryStatus
from tests.factories import AthleteFactory, CoachFactory
from tests.reminders.conftest import DAY, only_kinds, prime, publish_week
from tests.reminders.support import message_ids, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


MONDAY = DAY - dt.timedelta(days=DAY.weekday())


def test_a_day_in_three_zones(empty_queue, celery_worker, smtp_server) -> None:
    coach = CoachFactory(name="Casey Coach")
    services.update_preferences(coach, {"time_zone": "Asia/Tokyo"})
    berlin = AthleteFactory(coaches=[coach], time_zone="Europe/Berlin", user__name="Bea Berlin")
    new_york = AthleteFactory(coaches=[coach], time_zone="America/New_York", units="imperial", user__name="Nia York")
    sydney = AthleteFactory(coaches=[coach], time_zone="Australia/Sydney", user__name="Sid Sydney")
    only_kinds(new_york.user, "pre_session", "post_session", "checkin", "rest_day")
    publish_week(
        new_york, MONDAY, {DAY: [{"title": "Tempo run", "intensity": "moderate", "minutes": 50, "start": dt.time(18)}]}
    )
    zones = {berlin.user_id: "Europe/Berlin", new_york.user_id: "America/New_York", sydney.user_id: "Australia/Sydney"}
    zones[coach.pk] = "Asia/Tokyo"

    start = dt.datetime.combine(DAY, dt.time.min, tzinfo=dt.UTC)
    prime(coach, berlin.user, new_york.user, sydney.user, at=start)
    made: dict[int, dt.datetime] = {}
    t = start
    while t < start + dt.timedelta(hours=24):
        made.update(dict.fromkeys(services.sweep(t).created, t))  # publishes to the worker after commit
        t += dt.timedelta(minutes=5)

    wait_for(lambda: len(smtp_server.messages) >= len(made), what="every reminder sent")
    rows = list(Delivery.objects.filter(pk__in=made).select_related("recipient"))
    wait_for(lambda: all(d.status == DeliveryStatus.SENT for d in Delivery.objects.filter(pk__in=made)), what="sent")
    # Each once: one message per delivery, each with its own Message-ID, to the right person.
    ids = message_ids(smtp_server.messages)
    assert len(smtp_server.messages) == len(rows) and set(ids.values()) == {1}
    assert ids.keys() == {f"<delivery-{d.pk}@trainer.local>" for d in rows}
    to = {m["Message-ID"]: str(m["To"]) for m in smtp_server.messages}
    assert all(to[f"<delivery-{d.pk}@trainer.local>"] == d.recipient.email for d in rows)
    # Each at its local time, inside waking hours.
    for d in rows:
        when = made[d.pk].astimezone(ZoneInfo(zones[d.recipient_id]))
        assert dt.time(7) <= when.time() < dt.time(21), (d, when)
        if d.slot[:2].isdigit():
            assert when.strftime("%H:%M") == d.slot, (d, when)
    seen = {
        (d.recipient_id, d.kind, made[d.pk].astimezone(ZoneInfo(zones[d.recipient_id])).strftime("%m-%d %H:%M"))
        for d in rows
    }
    june = f"{DAY:%m-%d}"
    assert (berlin.user_id, "hydration", f"{june} 10:00") in seen
    assert (sydney.user_id, "checkin", f"{june} 20:00") in seen
    assert (new_york.user_id, "pre_session", f"{june} 15:00") in seen
    assert (new_york.user_id, "post_session", f"{june} 19:20") in seen
    assert (coach.pk, "coach_digest", f"{DAY + dt.timedelta(days=1):%m-%d} 07:00") in seen
    assert not any(k == "hydration" for u, k, _ in seen if u == new_york.user_id)
    digest = next(m for m in smtp_server.messages if "Your athletes" in m["Subject"])
    assert "Sid Sydney" in digest.get_body(("plain",)).get_content()
    pre = next(m for m in smtp_server.messages if "Tempo run at 18:00" in m["Subject"])
    assert "fl oz" in pre["Subject"]  # New York reads imperial units
