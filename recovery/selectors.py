"""Reads of recovery that the tasks and views need, each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from people.models import AthleteProfile, User
from people.selectors import visible_athletes
from plans.models import CoachAlert, CrampEpisode, PlanAdjustment, WellnessCheckIn
from recovery.models import RecoveryStatus


def due_checks(now: dt.datetime, *, morning_hour: int, owed_grace: dt.timedelta) -> list[int]:
    """The athletes whose check is due: past `morning_hour` on their own clock with no check today, or owing one
    for longer than `owed_grace` (its publish was lost). 2 queries."""
    athletes = list(AthleteProfile.objects.only("pk", "time_zone", "recovery_owed_since"))
    local = {a.pk: now.astimezone(ZoneInfo(a.time_zone)) for a in athletes}
    done = set(
        RecoveryStatus.objects.filter(date__in={t.date() for t in local.values()}).values_list("athlete_id", "date")
    )
    owed = {a.pk for a in athletes if a.recovery_owed_since and a.recovery_owed_since < now - owed_grace}
    return [pk for pk, t in local.items() if (t.hour >= morning_hour and (pk, t.date()) not in done) or pk in owed]


def cramp_of(athlete: AthleteProfile, cramp_id: int) -> CrampEpisode | None:
    return CrampEpisode.objects.filter(athlete=athlete, pk=cramp_id).first()


def cramps_since(athlete: AthleteProfile, since: dt.datetime, limit: int | None = None) -> list[CrampEpisode]:
    """The athlete's cramps from `since` on, the latest first (at most `limit`)."""
    rows = CrampEpisode.objects.filter(athlete=athlete, at__gte=since).order_by("-at", "-id")
    return list(rows if limit is None else rows[:limit])


def hooper_by_date(athlete: AthleteProfile, first: dt.date) -> dict[dt.date, int]:
    """Each check-in's Hooper index from `first` on, by its date."""
    return {c.date: c.hooper_index for c in WellnessCheckIn.objects.filter(athlete=athlete, date__gte=first)}


def adjustment_for(user: User, adjustment_id: int) -> PlanAdjustment | None:
    """The adjustment if it belongs to an athlete `user` may see."""
    return PlanAdjustment.objects.filter(pk=adjustment_id, plan__athlete__in=visible_athletes(user)).first()


def alerts_about(coach: User, athlete: AthleteProfile, limit: int = 10) -> list[CoachAlert]:
    """The coach's latest alerts about one athlete."""
    return list(CoachAlert.objects.filter(coach=coach, athlete=athlete)[:limit])


def alert_of(coach: User, alert_id: int) -> CoachAlert | None:
    return CoachAlert.objects.filter(coach=coach, pk=alert_id).first()
