"""Writes of a team athlete's fixtures (docs/domain.md section 11): matches and extra practices on dates.

A fixture entered, changed or deleted after its week was planned changes that week too: its fixed session is
added, replaced or removed, so the plan always shows the team's schedule; the week's rules then say what the
change broke (the plan page lists the breaches), and a published week's reminders follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max

from core.errors import ServiceError
from people import rules as people
from people.logs import local_today
from people.models import AthleteProfile, User
from people.services import data_changed
from plans import convert, selectors
from plans.engine.rules import day_label
from plans.engine.team import event_session
from plans.engine.types import EventKind, FixedEvent, Modality
from plans.models import Fixture, PlanSession, PlanStatus, PlanWeek
from plans.services import reschedule_if_published, write_dated_sessions

FIELDS = ("date", "start_time", "minutes", "kind", "title", "intensity")


def _team_athlete(athlete: AthleteProfile) -> None:
    sport = people.Sport(athlete.sport)
    if not sport.is_team_sport:
        raise ServiceError(
            "kind", f"Fixtures are for team sports; this athlete's sport is {sport.label.lower()}. Change it first."
        )


def _taken(athlete: AthleteProfile, date: dt.date, start: dt.time, exclude: int | None = None) -> None:
    clash = Fixture.objects.filter(athlete=athlete, date=date, start_time=start).exclude(pk=exclude)
    if clash.exists():
        raise ServiceError(
            "date", f"A fixture at {start:%H:%M} on {day_label(date)} exists already; change that one instead."
        )


@transaction.atomic
def add_fixtures(*, athlete: AthleteProfile, items: Sequence[dict[str, Any]], author: User) -> list[Fixture]:
    """Several fixtures at once (a season's matches); all or none."""
    _team_athlete(athlete)
    starts = [(item["date"], item["start_time"]) for item in items]
    if len(set(starts)) != len(starts):
        raise ServiceError("dates", "The same date and time are listed twice.")
    taken = set(
        Fixture.objects.filter(athlete=athlete, date__in={d for d, _ in starts}).values_list("date", "start_time")
    )
    if clash := sorted(set(starts) & taken):
        date, start = clash[0]
        raise ServiceError(
            "date", f"A fixture at {start:%H:%M} on {day_label(date)} exists already; change that one instead."
        )
    try:
        rows = Fixture.objects.bulk_create(
            Fixture(athlete=athlete, author=author, **{k: item[k] for k in FIELDS if k in item}) for item in items
        )
    except IntegrityError as exc:  # a concurrent request took the same start: the constraint backs _taken
        raise ServiceError("date", "A fixture at that date and time exists already.") from exc
    _publish_changes(_add_to_plans(athlete, [convert.fixture_of(row) for row in rows]))
    return rows


@transaction.atomic
def update_fixture(fixture: Fixture, data: dict[str, Any]) -> Fixture:
    fixture = Fixture.objects.select_for_update().get(pk=fixture.pk)
    before = (fixture.date, fixture.start_time, fixture.kind)
    for key in FIELDS:
        if key in data:
            setattr(fixture, key, data[key])
    _taken(fixture.athlete, fixture.date, fixture.start_time, exclude=fixture.pk)
    fixture.save()
    _sync(fixture.athlete, fixture, before)
    return fixture


@transaction.atomic
def delete_fixture(fixture: Fixture) -> None:
    before = (fixture.date, fixture.start_time, fixture.kind)
    athlete = fixture.athlete
    fixture.delete()
    _sync(athlete, None, before)


def _sync(athlete: AthleteProfile, fixture: Fixture | None, before: tuple[dt.date, dt.time, str] | None) -> None:
    """Bring the planned weeks in line with the fixture: drop the session of what it was, add what it is."""
    touched: set[int] = set()
    data_changed([athlete.pk])
    if before is not None:
        date, start, kind = before
        old = PlanSession.objects.filter(plan__athlete=athlete, date=date, start_time=start, event=kind)
        touched |= set(old.values_list("plan_id", flat=True))
        old.delete()
    if fixture is not None:
        touched |= _add_to_plans(athlete, [convert.fixture_of(fixture)])
    _publish_changes(touched)


def _add_to_plans(athlete: AthleteProfile, events: Sequence[FixedEvent]) -> set[int]:
    """Each event as a session of its week where that week is planned already, in a fixed number of queries however
    many events (a season's matches at once); the ids of the weeks changed."""
    plans = {
        p.week_start: p
        for p in PlanWeek.objects.filter(athlete=athlete, week_start__in={_monday(e.date) for e in events})
    }
    events = [e for e in events if _monday(e.date) in plans]
    if not events:
        return set()
    slug_ids, catalogue = selectors.catalogue_for(athlete)
    last = {
        (row["plan_id"], row["date"]): row["last"]
        for row in PlanSession.objects.filter(plan__in=list(plans.values()))
        .values("plan_id", "date")
        .annotate(last=Max("order"))
    }
    items = []
    for event in events:
        plan = plans[_monday(event.date)]
        order = last[plan.pk, event.date] = last.get((plan.pk, event.date), 0) + 1
        items.append(
            (plan, event.date, event_session(catalogue, Modality(athlete.sport), event, plan.block_week), order)
        )
    write_dated_sessions(items, slug_ids)
    return {plan.pk for plan, *_ in items}


def _publish_changes(plan_ids: set[int]) -> None:
    for plan in PlanWeek.objects.filter(pk__in=plan_ids, status=PlanStatus.PUBLISHED):
        reschedule_if_published(plan)


def on_profile_changed(sender: type, *, athlete: AthleteProfile, fields: set[str], **_: Any) -> None:
    """people.services.profile_changed: new weekly practices reach the weeks already planned."""
    if "team_practices" in fields:
        sync_weekly_practices(athlete)


def sync_weekly_practices(athlete: AthleteProfile) -> None:
    """The planned weeks from the athlete's today on follow the profile's weekly practices: the practices that no
    fixture holds are replaced by this week's ones (past days stay as they were: they happened)."""
    today = local_today(athlete)
    extra = set(
        Fixture.objects.filter(athlete=athlete, kind=EventKind.PRACTICE, date__gte=today).values_list(
            "date", "start_time"
        )
    )
    practices = PlanSession.objects.filter(plan__athlete=athlete, event=EventKind.PRACTICE, date__gte=today)
    stale = [row for row in practices if (row.date, row.start_time) not in extra]
    data_changed([athlete.pk])
    PlanSession.objects.filter(pk__in=[row.pk for row in stale]).delete()
    facts = convert.facts_of(athlete)
    weeks = PlanWeek.objects.filter(athlete=athlete, week_start__gte=_monday(today)).values_list(
        "week_start", flat=True
    )
    weekly = [e for start in weeks for e in facts.fixed_events(start) if e.date >= today]
    _publish_changes(_add_to_plans(athlete, weekly) | {row.plan_id for row in stale})


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
