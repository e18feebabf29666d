"""Every kind renders a text and an HTML part over real SMTP, in the athlete's units, with the unsubscribe link
and the numbers that explain it (docs/design.md, principle 3; Reminder delivery (6))."""

from __future__ import annotations

import datetime as dt

import pytest

from reminders import services
from reminders.models import Delivery
from tests.reminders.conftest import DAY, local, prime, publish_week, run_day

ZONE = "America/New_York"
MONDAY = DAY - dt.timedelta(days=DAY.weekday())


@pytest.fixture
def week_of_reminders(new_york, coach) -> list[Delivery]:
    """Two days of everything for an imperial athlete: a rest day, then a training day; plus an alert."""
    services.update_preferences(coach, {"time_zone": ZONE})
    publish_week(
        new_york, MONDAY, {DAY: [{"title": "Long run", "intensity": "moderate", "minutes": 90, "start": dt.time(16)}]}
    )
    start = local(ZONE, DAY - dt.timedelta(days=1), 0)
    prime(new_york.user, coach, at=start)
    made = run_day(start, hours=48, step_minutes=5)
    services.notify_recovery_red(
        new_york, [{"code": "load_spike", "message": "Acute:chronic 1.6"}], DAY, now=local(ZONE, DAY, 9)
    )
    return list(Delivery.objects.filter(pk__in=made)) + list(Delivery.objects.filter(kind="recovery_alert"))


def test_every_kind_has_both_parts(week_of_reminders, smtp_server, new_york) -> None:
    kinds = {d.kind for d in week_of_reminders}
    assert kinds == {
        "hydration",
        "pre_session",
        "post_session",
        "rest_day",
        "checkin",
        "coach_digest",
        "recovery_alert",
    }
    for delivery in week_of_reminders:
        assert services.send_delivery(delivery.pk) == "sent", delivery
    by_id = {m["Message-ID"]: m for m in smtp_server.messages}
    assert len(by_id) == len(week_of_reminders)
    for delivery in week_of_reminders:
        message = by_id[f"<delivery-{delivery.pk}@trainer.local>"]
        text = message.get_body(("plain",)).get_content()
        html = message.get_body(("html",)).get_content()
        assert "/unsubscribe/" in text and "/unsubscribe/" in html, delivery.kind
        assert "Source:" in text, delivery.kind
        if delivery.recipient_id == new_york.user_id and delivery.kind in ("hydration", "pre_session", "post_session"):
            assert "fl oz" in text and " ml" not in text.replace("ml per kg", ""), (delivery.kind, text)
    pre = next(by_id[f"<delivery-{d.pk}@trainer.local>"] for d in week_of_reminders if d.kind == "pre_session")
    assert "14 fl oz" in pre.get_body(("plain",)).get_content()  # 6 ml x 70 kg = 420 ml, rounded to 400 ml = 14 fl oz
    assert "drink to thirst" in pre.get_body(("plain",)).get_content()  # a 90-minute session is long
    post = next(by_id[f"<delivery-{d.pk}@trainer.local>"] for d in week_of_reminders if d.kind == "post_session")
    assert "Standing hamstring stretch: 2 x 30 s" in post.get_body(("plain",)).get_content()
    rest = next(by_id[f"<delivery-{d.pk}@trainer.local>"] for d in week_of_reminders if d.kind == "rest_day")
    assert "rest day" in rest.get_body(("plain",)).get_content()


def test_the_recovery_alert_speaks_words_not_codes(week_of_reminders, new_york) -> None:
    from reminders.emails import delivery_message

    alerts = [d for d in week_of_reminders if d.kind == "recovery_alert"]
    assert alerts
    for delivery in alerts:
        email = delivery_message(delivery, services.preference_for(delivery.recipient))
        assert "Acute:chronic 1.6" in email.body
        assert "load_spike" not in email.body and "load_spike" not in email.alternatives[0][0]
