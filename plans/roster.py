"""The coach's roster with today's recovery status, hydration % and plan compliance %, in a fixed number of
queries for any roster size (DESIGN.md principle 8)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Max

from intake import targets
from intake.day import daily_intake, day_sessions, profile_of
from plans import load as load_metrics
from plans.models import CrampEpisode, PlanSession, PlanStatus, RecoveryStatus, WorkoutLog
from trainer.models import AthleteProfile, User
from trainer.selectors import visible_athletes


def roster(coach: User, now: dt.datetime) -> list[dict[str, Any]]:
    """One row per athlete (9 queries whatever the roster size)."""
    athletes = list(visible_athletes(coach).order_by("user__name", "id"))
    if not athletes:
        return []
    today = {a.pk: now.astimezone(ZoneInfo(a.time_zone)).date() for a in athletes}
    first_monday = min(d - dt.timedelta(days=d.weekday()) for d in today.values())
    last_day = max(today.values())
    ids = list(today)
    statuses = {
        (s.athlete_id, s.date): s
        for s in RecoveryStatus.objects.filter(athlete_id__in=ids, date__in=set(today.values()))
    }
    intake = daily_intake(athletes, min(today.values()), last_day)
    sessions = defaultdict(list)
    for session in PlanSession.objects.filter(
        plan__athlete_id__in=ids, plan__status=PlanStatus.PUBLISHED, date__gte=first_monday, date__lte=last_day
    ).select_related("plan"):
        sessions[session.plan.athlete_id].append(session)
    workouts = defaultdict(list)
    for workout in WorkoutLog.objects.filter(athlete_id__in=ids, date__gte=first_monday, date__lte=last_day):
        workouts[workout.athlete_id].append(workout)
    last_cramps = dict(
        CrampEpisode.objects.filter(athlete_id__in=ids)
        .values("athlete_id")
        .annotate(last=Max("at"))
        .values_list("athlete_id", "last")
    )
    return [
        _row(
            a, today[a.pk], statuses.get((a.pk, today[a.pk])), intake[a.pk], sessions[a.pk], workouts[a.pk], last_cramps
        )
        for a in athletes
    ]


def _row(
    athlete: AthleteProfile,
    day: dt.date,
    status: RecoveryStatus | None,
    intake: dict,
    sessions: list[PlanSession],
    workouts: list[WorkoutLog],
    last_cramps: dict[int, dt.datetime],
) -> dict[str, Any]:
    todays = [s for s in sessions if s.date == day]
    done_today = [w for w in workouts if w.date == day]
    target_ml = targets.water_target(profile_of(athlete, day), day_sessions(todays, done_today)).water_ml
    drunk_ml = intake[day].water_ml
    reasons = status.reasons if status else []
    top = next((r for r in reasons if r["severity"] == "red"), None) or next(
        (r for r in reasons if r["severity"] == "amber"), None
    )
    return {
        "athlete": athlete.pk,
        "name": str(athlete),
        "date": day.isoformat(),
        "status": status.status if status else None,
        "top_reason": top,
        "hydration_pct": round(100 * drunk_ml / target_ml) if target_ml else None,
        "water_ml": round(drunk_ml),
        "water_target_ml": target_ml,
        "compliance_pct": compliance_pct(day, sessions, workouts),
        "last_cramp_at": last_cramps[athlete.pk].isoformat() if athlete.pk in last_cramps else None,
    }


def compliance_pct(day: dt.date, sessions: list[PlanSession], workouts: list[WorkoutLog]) -> float | None:
    """This week's published sessions up to today, done / partial / missed by logged minutes (DOMAIN.md §2)."""
    logged: dict[int, int] = defaultdict(int)
    for workout in workouts:
        if workout.session_id:
            logged[workout.session_id] += workout.minutes
    monday = day - dt.timedelta(days=day.weekday())
    due = [s for s in sessions if monday <= s.date <= day]
    statuses = [load_metrics.session_compliance(s.planned_minutes, logged.get(s.pk)) for s in due]
    pct = load_metrics.weekly_compliance_pct(statuses)
    return None if pct is None else round(pct, 1)
