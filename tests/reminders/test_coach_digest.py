"""The coach digest at 07:00 in the coach's zone: athletes flagged (a cramp or no check-in yesterday), the
week's compliance (docs/domain.md §2) and yesterday's missed logs; nothing for a coach without athletes."""

from __future__ import annotations

import datetime as dt

from plans.models import PlanSession
from reminders import services
from reminders.models import Delivery
from tests.factories import (
    AthleteFactory,
    CheckInFactory,
    CoachFactory,
    CrampFactory,
    RecoveryStatusFactory,
    WorkoutFactory,
)
from tests.reminders.conftest import DAY, local, prime, publish_week, run_day

MONDAY = DAY - dt.timedelta(days=DAY.weekday())  # DAY is a Wednesday
TUESDAY = MONDAY + dt.timedelta(days=1)


def test_digest_flags_compliance_and_missed_logs(coach, berlin, new_york) -> None:
    services.update_preferences(coach, {"time_zone": "Asia/Tokyo"})
    publish_week(
        berlin, MONDAY, {MONDAY: [{"title": "Easy run", "minutes": 50}], TUESDAY: [{"title": "Hills", "minutes": 60}]}
    )
    WorkoutFactory(
        athlete=berlin, session=PlanSession.objects.get(title="Easy run"), date=MONDAY, minutes=50, rpe=3, modality=""
    )
    CheckInFactory(athlete=new_york, date=TUESDAY, sleep=2, fatigue=2, stress=2, soreness=2)
    CrampFactory(
        athlete=berlin, at=local("Europe/Berlin", TUESDAY, 19), location="behind_knee", side="left", severity=6,
        duration_minutes=2, context="after_exercise",
    )  # fmt: skip
    start = local("Asia/Tokyo", DAY, 0)
    prime(coach, at=start)
    made = run_day(start, hours=24, step_minutes=10)
    [digest] = Delivery.objects.filter(pk__in=made)
    assert (digest.kind, digest.slot, digest.local_date) == ("coach_digest", "07:00", DAY)
    assert made[digest.pk] == local("Asia/Tokyo", DAY, 7)
    rows = {a["name"]: a for a in digest.context["athletes"]}
    assert rows["Bea Berlin"]["flags"] == ["cramp yesterday (1, severity up to 6/10)", "no check-in yesterday"]
    assert rows["Bea Berlin"]["compliance_pct"] == 50 and rows["Bea Berlin"]["missed"] == ["Hills"]
    # Tokyo's 07:00 Wednesday is still Tuesday in New York: "yesterday" is each athlete's own.
    assert rows["Nia York"]["flags"] == ["no check-in yesterday"] and rows["Nia York"]["compliance_pct"] is None
    assert digest.context["flagged"] == 2 and "2 athletes need a look" in digest.subject


def test_no_digest_for_a_coach_without_athletes(db) -> None:
    lonely = CoachFactory()
    start = local("UTC", DAY, 0)
    prime(lonely, at=start)
    assert run_day(start, hours=24, step_minutes=30) == {}


def test_athletes_do_not_get_digests(db) -> None:
    athlete = AthleteFactory()
    start = local("UTC", DAY, 0)
    prime(athlete.user, at=start)
    made = run_day(start, hours=24, step_minutes=30)
    assert "coach_digest" not in {d.kind for d in Delivery.objects.filter(pk__in=made)}


def test_each_athletes_status_with_its_top_reason_and_their_own_yesterday(coach, berlin, new_york) -> None:
    """07:00 in Berlin is 22:00 on Tuesday in Los Angeles: Lara's yesterday is Monday, where UTC's is Tuesday.
    Red and amber athletes are flagged (red first) with their worst reason, spoken about them; no check is Unknown."""
    from reminders.emails import delivery_message

    services.update_preferences(coach, {"time_zone": "Europe/Berlin"})
    lara = AthleteFactory(coaches=[coach], time_zone="America/Los_Angeles", user__name="Lara Angeles")
    uma = AthleteFactory(coaches=[coach], time_zone="Europe/Berlin", user__name="Uma Unchecked")
    publish_week(lara, MONDAY, {MONDAY: [{"title": "Hills"}], TUESDAY: [{"title": "Tempo"}]})
    for athlete, day in ((lara, MONDAY), (berlin, TUESDAY), (new_york, TUESDAY), (uma, TUESDAY)):
        CheckInFactory(athlete=athlete, date=day, sleep=3, fatigue=3, stress=3, soreness=3)
    checked = local("UTC", DAY, 4)
    reasons = [
        {"code": "medical_flag", "severity": "info", "message": "Your profile lists medical flags."},
        {"code": "dehydration", "severity": "amber", "message": "Yesterday you drank 70 % of your target."},
        {"code": "poor_recovery", "severity": "red", "message": "You rated fatigue 7 of 7."},
    ]
    RecoveryStatusFactory(athlete=lara, date=TUESDAY, status="red", reasons=reasons, checked_at=checked)
    amber = [{"code": "load_spike", "severity": "amber", "message": "Your acute:chronic load ratio is 1.4."}]
    RecoveryStatusFactory(athlete=new_york, date=TUESDAY, status="amber", reasons=amber, checked_at=checked)
    RecoveryStatusFactory(athlete=berlin, date=DAY, status="green", reasons=[], checked_at=checked)
    start = local("Europe/Berlin", DAY, 0)
    prime(coach, at=start)
    made = run_day(start, hours=24, step_minutes=10)
    [digest] = Delivery.objects.filter(pk__in=made, kind="coach_digest")
    assert made[digest.pk] == local("Europe/Berlin", DAY, 7)
    rows = digest.context["athletes"]
    assert [r["name"] for r in rows] == ["Lara Angeles", "Nia York", "Bea Berlin", "Uma Unchecked"]
    by_name = {r["name"]: r for r in rows}
    red = by_name["Lara Angeles"]
    assert (red["status_words"], red["flagged"], red["flags"]) == ("Red", True, [])  # red is never unflagged
    assert red["status_reason"] == "Poor wellness scores: Lara Angeles rated fatigue 7 of 7."
    assert red["yesterday"] == MONDAY.isoformat() and red["missed"] == ["Hills"]  # Tuesday is still her today
    assert by_name["Nia York"]["status_words"] == "Amber" and by_name["Nia York"]["flagged"]
    assert by_name["Nia York"]["status_reason"].startswith("Load jump: Nia York's acute:chronic load ratio is 1.4")
    assert (by_name["Bea Berlin"]["status_words"], by_name["Bea Berlin"]["flagged"]) == ("Green", False)
    assert by_name["Uma Unchecked"]["status_words"] == "Unknown (not enough data yet)"
    assert not by_name["Uma Unchecked"]["flagged"]
    assert digest.context["flagged"] == 2 and "2 athletes need a look" in digest.subject
    email = delivery_message(digest, services.preference_for(coach))
    text, html = email.body, email.alternatives[0][0]
    assert "Lara Angeles [flagged]" in text and "Recovery: Red. Poor wellness scores: Lara Angeles rated" in text
    assert "Not logged on Monday 8 June (their yesterday): Hills" in text
    assert "Recovery: Unknown (not enough data yet)" in text
    for part in (text, html):
        assert "poor_recovery" not in part and "§" not in part and ".md" not in part
    assert "Wednesday 10 June" in html and "Unknown" in html


def test_an_unknown_or_unlisted_stored_status_reads_unknown() -> None:
    from reminders.content import digest_status

    assert digest_status(None, [], "Ana")["status_words"] == "Unknown (not enough data yet)"
    assert digest_status("unknown", [], "Ana")["status"] == "unknown"
    assert digest_status("purple", [{"code": "x", "severity": "red", "message": "m"}], "Ana")["status_reason"] == ""
    green = digest_status("green", [{"code": "medical_flag", "severity": "info", "message": "m"}], "Ana")
    assert (green["status_words"], green["status_reason"], green["status_flagged"]) == ("Green", "", False)
