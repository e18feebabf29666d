"""Reads of recovery that the tasks and views need, each a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from people.models import AthleteProfile, User
from people.selectors import visible_athletes
from plans.models import PlanAdjustment, PlanWeek
from recovery.models import CoachAlert, RecoveryStatus, WeekReview
from training.models import CrampEpisode, WellnessCheckIn


class DueChecks(NamedTuple):
    """The quarter-hourly sweep's work: mornings to check (no status yet today) and lost checks of logs."""

    mornings: list[int]  # past their local morning hour with no check today
    owed: list[int]  # no morning due, but owing a log's check for longer than the grace: its publish was lost


def due_checks(now: dt.datetime, *, morning_hour: int, owed_grace: dt.timedelta) -> DueChecks:
    """The athletes whose check is due: past `morning_hour` on their own clock with no check today, or owing one
    for longer than `owed_grace` (its publish was lost). An athlete who is both is a morning: the morning check pays
    the debt it saw. 2 queries."""
    athletes = list(AthleteProfile.objects.only("pk", "time_zone", "recovery_owed_since").order_by("pk"))
    local = {a.pk: now.astimezone(ZoneInfo(a.time_zone)) for a in athletes}
    done = set(
        RecoveryStatus.objects.filter(date__in={t.date() for t in local.values()}).values_list("athlete_id", "date")
    )
    mornings = [pk for pk, t in local.items() if t.hour >= morning_hour and (pk, t.date()) not in done]
    chunked = set(mornings)
    owed = [
        a.pk
        for a in athletes
        if a.recovery_owed_since and a.recovery_owed_since < now - owed_grace and a.pk not in chunked
    ]
    return DueChecks(mornings, owed)


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


def coach_alerts(coach: User, *, unread: bool = False) -> QuerySet[CoachAlert]:
    """The coach's alerts about athletes still on their roster, newest first: one taken off the roster leaves no
    alert pointing at data the coach may no longer see."""
    alerts = CoachAlert.objects.filter(coach=coach, athlete__coach_links__coach=coach).select_related("athlete__user")
    return alerts.filter(read_at__isnull=True) if unread else alerts


def athletes_with_zones() -> list[AthleteProfile]:
    """Every athlete with only their id and time zone: what the quarter-hourly sweeps compare clocks with."""
    return list(AthleteProfile.objects.only("pk", "time_zone"))


def weeks_to_review(now: dt.datetime, athletes: Sequence[AthleteProfile]) -> list[tuple[AthleteProfile, dt.date]]:
    """(athlete, the week that ended last in their zone) for each athlete who had a plan that week and whose week
    was not reviewed yet (2 queries). Only the week just ended: one the sweep missed for longer is not eased late."""
    ended = {}
    for athlete in athletes:
        today = now.astimezone(ZoneInfo(athlete.time_zone)).date()
        ended[athlete.pk] = today - dt.timedelta(days=today.weekday() + 7)
    starts = set(ended.values())
    planned = set(
        PlanWeek.objects.filter(athlete_id__in=ended, week_start__in=starts).values_list("athlete_id", "week_start")
    )
    reviewed = set(
        WeekReview.objects.filter(athlete_id__in=ended, week_start__in=starts).values_list("athlete_id", "week_start")
    )
    due = planned - reviewed
    return [(a, ended[a.pk]) for a in athletes if (a.pk, ended[a.pk]) in due]
