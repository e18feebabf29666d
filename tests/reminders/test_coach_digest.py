"""The coach digest at 07:00 in the coach's zone: athletes flagged (a cramp or no check-in yesterday), the
week's compliance (DOMAIN.md §2) and yesterday's missed logs; nothing for a coach without athletes."""

from __future__ import annotations

import datetime as dt

from plans.models import CrampEpisode, PlanSession, WellnessCheckIn, WorkoutLog
from reminders import services
from reminders.models import Delivery
from tests.factories import AthleteFactory, CoachFactory
from tests.reminders.conftest import DAY, local, prime, publish_week, run_day

MONDAY = DAY - dt.timedelta(days=DAY.weekday())  # DAY is a Wednesday
TUESDAY = MONDAY + dt.timedelta(days=1)


def test_digest_flags_compliance_and_missed_logs(coach, berlin, new_york) -> None:
    services.update_preferences(coach, {"time_zone": "Asia/Tokyo"})
    publish_week(
        berlin, MONDAY, {MONDAY: [{"title": "Easy run", "minutes": 50}], TUESDAY: [{"title": "Hills", "minutes": 60}]}
    )
    WorkoutLog.objects.create(
        athlete=berlin, session=PlanSession.objects.get(title="Easy run"), date=MONDAY, minutes=50, rpe=3
    )
    WellnessCheckIn.objects.create(athlete=new_york, date=TUESDAY, sleep=2, fatigue=2, stress=2, soreness=2)
    CrampEpisode.objects.create(
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
