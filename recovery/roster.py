"""The coach's roster with today's recovery status, hydration % and plan compliance %, in a fixed number of
queries for any roster size (docs/design.md principle 8)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Min, OuterRef, Q, Subquery

from intake import targets
from intake.day import daily_intake, day_sessions, profile_of
from people import rules as people
from people.models import AthleteProfile, User
from people.selectors import visible_athletes
from plans.models import Fixture
from plans.selectors import PublishedWeek, published_weeks
from recovery.models import RecoveryStatus
from training.models import CrampEpisode


def roster(coach: User, now: dt.datetime) -> list[dict[str, Any]]:
    """One row per athlete (9 queries whatever the roster size). `compliance_pct` is this week's, as the plan
    page gives it (plans.selectors.published_weeks: linked or same-day workouts; sessions not yet due don't count)."""
    athletes = list(visible_athletes(coach).order_by("user__name", "id"))
    if not athletes:
        return []
    today = {a.pk: now.astimezone(ZoneInfo(a.time_zone)).date() for a in athletes}
    ids = list(today)
    statuses = {
        (s.athlete_id, s.date): s
        for s in RecoveryStatus.objects.filter(athlete_id__in=ids, date__in=set(today.values()))
    }
    intake = daily_intake(athletes, min(today.values()), max(today.values()))
    weeks = published_weeks(today)  # this week's published sessions and the workouts that may have done them
    # Each athlete's latest cramp, one step down the (athlete, at) index: a MAX over every cramp grew with history.
    latest = CrampEpisode.objects.filter(athlete=OuterRef("pk")).order_by("-at").values("at")[:1]
    last_cramps = {
        pk: at
        for pk, at in AthleteProfile.objects.filter(pk__in=ids)
        .order_by()
        .annotate(last=Subquery(latest))
        .values_list("pk", "last")
        if at is not None
    }
    # a team athlete's next match (docs/domain.md section 11), from their own local today: the roster's todays are at
    # most three dates, so one query holds the first match from each
    todays = sorted(set(today.values()))
    next_matches = {
        row["athlete_id"]: row
        for row in Fixture.objects.filter(athlete_id__in=ids, kind="match", date__gte=todays[0])
        .values("athlete_id")
        .annotate(**{f"from{i}": Min("date", filter=Q(date__gte=d)) for i, d in enumerate(todays)})
    }
    return [
        _row(a, today[a.pk], statuses.get((a.pk, today[a.pk])), intake[a.pk], weeks[a.pk], last_cramps)
        | {
            "sport": a.sport,
            "sport_label": people.Sport(a.sport).label,
            "next_match": _next(next_matches.get(a.pk), todays.index(today[a.pk])),
        }
        for a in athletes
    ]


def _next(row: dict[str, Any] | None, index: int) -> str | None:
    found = row and row[f"from{index}"]
    return found.isoformat() if found else None


def _row(
    athlete: AthleteProfile,
    day: dt.date,
    status: RecoveryStatus | None,
    intake: dict,
    week: PublishedWeek,
    last_cramps: dict[int, dt.datetime],
) -> dict[str, Any]:
    todays = [s for s in week.sessions if s.date == day]
    done_today = [w for w in week.workouts if w.date == day]
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
        "compliance_pct": week.week_compliance(day).percent,
        "last_cramp_at": last_cramps[athlete.pk].isoformat() if athlete.pk in last_cramps else None,
    }
