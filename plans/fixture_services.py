"""Writes of a team athlete's fixtures (DOMAIN.md section 11): matches and extra practices on dates.

A fixture entered, changed or deleted after its week was planned changes that week too: its fixed session is
added, replaced or removed, so the plan always shows the team's schedule; the week's rules then say what the
change broke (the plan page lists the breaches), and a published week's reminders follow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import IntegrityError, transaction

from plans import convert, selectors
from plans.engine.rules import day_label
from plans.engine.team import event_session
from plans.engine.types import EventKind, Modality
from plans.models import Fixture, PlanSession, PlanStatus, PlanWeek
from plans.services import reschedule_if_published, write_week_sessions
from trainer import people
from trainer.logs import local_today
from trainer.models import AthleteProfile, User
from trainer.services import ServiceError

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
    for item in items:
        _taken(athlete, item["date"], item["start_time"])
    try:
        rows = Fixture.objects.bulk_create(
            Fixture(athlete=athlete, author=author, **{k: item[k] for k in FIELDS if k in item}) for item in items
        )
    except IntegrityError as exc:  # a concurrent request took the same start: the constraint backs _taken
        raise ServiceError("date", "A fixture at that date and time exists already.") from exc
    for row in rows:
        _sync(athlete, row, None)
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
    if before is not None:
        date, start, kind = before
        old = PlanSession.objects.filter(plan__athlete=athlete, date=date, start_time=start, event=kind)
        touched |= set(old.values_list("plan_id", flat=True))
        old.delete()
    if fixture is not None:
        plan = PlanWeek.objects.filter(athlete=athlete, week_start=_monday(fixture.date)).first()
        if plan is not None:
            _add_session(plan, fixture)
            touched.add(plan.pk)
    for plan in PlanWeek.objects.filter(pk__in=touched, status=PlanStatus.PUBLISHED):
        reschedule_if_published(plan)


def on_profile_changed(sender: type, *, athlete: AthleteProfile, fields: set[str], **_: Any) -> None:
    """trainer.services.profile_changed: new weekly practices reach the weeks already planned."""
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
    weekly = PlanSession.objects.filter(plan__athlete=athlete, event=EventKind.PRACTICE, date__gte=today)
    stale = [row for row in weekly if (row.date, row.start_time) not in extra]
    PlanSession.objects.filter(pk__in=[row.pk for row in stale]).delete()
    plans = list(PlanWeek.objects.filter(athlete=athlete, week_start__gte=_monday(today)))
    if not plans:
        return
    slug_ids, catalogue = selectors.catalogue_for(athlete)
    for plan in plans:
        facts = convert.facts_of(athlete)
        events = [e for e in facts.fixed_events(plan.week_start) if e.date >= today]
        dated = [(e.date, event_session(catalogue, Modality(athlete.sport), e, plan.block_week)) for e in events]
        if dated:
            order = 1 + max(plan.sessions.values_list("order", flat=True), default=0)
            write_week_sessions(plan, dated, slug_ids, order=order)
        if plan.status == PlanStatus.PUBLISHED:
            reschedule_if_published(plan)


def _add_session(plan: PlanWeek, fixture: Fixture) -> None:
    slug_ids, catalogue = selectors.catalogue_for(plan.athlete)
    session = event_session(catalogue, Modality(plan.athlete.sport), convert.fixture_of(fixture), plan.block_week)
    order = 1 + max(plan.sessions.filter(date=fixture.date).values_list("order", flat=True), default=0)
    write_week_sessions(plan, [(fixture.date, session)], slug_ids, order=order)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())
