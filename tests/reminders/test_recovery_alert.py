"""`notify_recovery_red`: when the recovery check turns red, the athlete and every coach on the roster get an
alert with the reasons, once per athlete per day, inside each person's waking hours (docs/domain.md §7, §9)."""

from __future__ import annotations

import datetime as dt

from reminders import services
from reminders.models import Delivery
from tests.factories import CoachFactory
from tests.reminders.conftest import DAY, local

REASONS = [
    {"code": "recent_cramp", "message": "A cramp of severity 8 in the last 48 hours.", "severity": "red"},
    {"code": "poor_recovery", "message": "Hooper index 24 without a baseline."},
]


def test_athlete_and_every_coach_once_a_day(berlin, coach) -> None:
    second = CoachFactory()
    berlin.coach_links.create(coach=second)
    now = local("Europe/Berlin", DAY, 9)
    made = services.notify_recovery_red(berlin, REASONS, DAY, now=now)
    assert {d.recipient_id for d in made} == {berlin.user_id, coach.pk, second.pk}
    assert {(d.kind, d.slot, d.local_date) for d in made} == {("recovery_alert", f"athlete-{berlin.pk}", DAY)}
    to_coach = next(d for d in made if d.recipient_id == coach.pk)
    assert to_coach.context["for_coach"] and "Bea Berlin" in to_coach.subject
    assert [r["code"] for r in to_coach.context["reasons"]] == ["recent_cramp", "poor_recovery"]
    again = services.notify_recovery_red(berlin, REASONS, DAY, now=now + dt.timedelta(hours=2))
    assert {d.pk for d in again} == {d.pk for d in made}  # the same rows: nothing new
    assert Delivery.objects.count() == 3
    tomorrow = services.notify_recovery_red(berlin, REASONS, DAY + dt.timedelta(days=1), now=now + dt.timedelta(days=1))
    assert len(tomorrow) == 3 and Delivery.objects.count() == 6


def test_at_night_the_alert_waits_for_waking_hours(berlin, coach) -> None:
    night = local("Europe/Berlin", DAY, 2)
    made = services.notify_recovery_red(berlin, REASONS, DAY, now=night)
    to_athlete = next(d for d in made if d.recipient_id == berlin.user_id)
    assert to_athlete.next_attempt_at == local("Europe/Berlin", DAY, 7)
    # The sweep publishes it when it is due, not before.
    assert to_athlete.pk not in services.sweep(night + dt.timedelta(hours=1), publish=False).republished
    assert to_athlete.pk in services.sweep(local("Europe/Berlin", DAY, 7, 1), publish=False).republished


def test_turned_off_kind_is_respected(berlin, coach) -> None:
    services.update_preferences(coach, {"kinds": {"recovery_alert": False}})
    made = services.notify_recovery_red(berlin, REASONS, DAY, now=local("Europe/Berlin", DAY, 9))
    assert [d.recipient_id for d in made] == [berlin.user_id]


def test_the_coach_reads_the_reasons_about_the_athlete_by_name(berlin, coach) -> None:
    """Issue 14: the reasons speak to the athlete; the coach's alert speaks about the athlete."""
    from reminders.emails import delivery_message

    reasons = [{"code": "poor_recovery", "severity": "red", "message": "You rated fatigue 7 of 7 this morning."}]
    made = services.notify_recovery_red(berlin, reasons, DAY, now=local("Europe/Berlin", DAY, 9))
    by_recipient = {d.recipient_id: d for d in made}
    to_coach = delivery_message(by_recipient[coach.pk], services.preference_for(coach))
    to_athlete = delivery_message(by_recipient[berlin.user_id], services.preference_for(berlin.user))
    assert "Bea Berlin rated fatigue 7 of 7 this morning." in to_coach.body and "You rated" not in to_coach.body
    assert f"turned red on {DAY:%A} {DAY.day} {DAY:%B}." in to_coach.body  # a day in words, not 2026-06-09
    assert "You rated fatigue 7 of 7 this morning." in to_athlete.body
