"""The athlete's published weeks as an iCalendar feed (RFC 5545), built with the icalendar package.

Calendar apps keep what they were shown under each UID, so each event says when it changed: its lines (times,
title, description) are hashed, and a digest unlike the one shown before makes a new revision, a higher SEQUENCE
with a new LAST-MODIFIED and DTSTAMP (with no METHOD, DTSTAMP is when the event was last revised, RFC 5545
3.8.7.2). An unchanged event keeps all three. Comparing what is shown catches every change, whatever caused it:
a coach's edit, or a new preferred session time or time zone on the profile, which moves sessions without a
time of their own. The feed names the revisions; plans.calendar_services stores them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, vText

from people.models import AthleteProfile
from plans.models import Fixture, PlanSession


def session_description(session: PlanSession) -> str:
    summary = f"{session.intensity.capitalize()} {session.modality}, {session.planned_minutes} min"
    lines = [f"{summary}, RPE {session.planned_rpe}."]
    if session.event and session.start_time:
        what = "Kick-off" if session.event == "match" else "The team's practice starts"
        lines.append(f"{what} at {session.start_time:%H:%M}; warm up before it.")
    for block in session.blocks.all():
        lines.append(f"\n{block.kind.capitalize()} ({block.minutes} min):")
        for ex in block.exercises.all():
            dose = f"{ex.sets} x {ex.reps}" if ex.reps else (f"{ex.sets} x {ex.seconds} s" if ex.seconds else "")
            lines.append(f"- {ex.name} {dose}".rstrip())
    if session.override_reason:
        lines.append(f"\nCoach's note: {session.override_reason}")
    return "\n".join(lines)


@dataclass(frozen=True)
class Revision:
    """An event whose lines differ from those calendar apps were last shown (or were never shown)."""

    model: type[PlanSession] | type[Fixture]
    pk: int
    digest_before: str  # empty: shown for the first time
    digest: str
    sequence: int
    changed_at: dt.datetime


@dataclass(frozen=True)
class Feed:
    body: bytes
    revisions: list[Revision]


def feed(
    athlete: AthleteProfile,
    sessions: Iterable[PlanSession],
    host: str,
    fixtures: Iterable[Fixture] = (),
    now: dt.datetime | None = None,
) -> Feed:
    """One event per published session, at its local start time in the athlete's zone, and one per team fixture
    that no published week shows yet (docs/domain.md section 11: the season's matches are known before its weeks
    are planned), with a VTIMEZONE for the zone their times name."""
    now = now or dt.datetime.now(dt.UTC)
    sessions = list(sessions)
    zone = ZoneInfo(athlete.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//trainer//training plan//EN")
    calendar.add("version", "2.0")
    # vText: escaped as TEXT (an X- property is otherwise written as it is, and a line break in it is refused)
    calendar.add("x-wr-calname", vText(f"Training plan: {athlete}"))
    calendar.add("x-wr-timezone", athlete.time_zone)
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    revisions: list[Revision] = []
    for session in sessions:
        start = dt.datetime.combine(session.date, session.start_time or athlete.preferred_session_time, tzinfo=zone)
        if session.event:
            # a team's event keeps the team's time (kick-off); its warm-up comes before it (docs/domain.md section 11)
            start -= dt.timedelta(minutes=_warmup_minutes(session))
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("summary", session.title)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=session.planned_minutes))
        event.add("description", session_description(session))
        event.add("categories", [session.modality, session.intensity])
        first_shown = session.plan.published_at or now
        calendar.add_component(_revised(event, session, first_shown, now, revisions))
    planned = {(s.date, s.start_time, s.event) for s in sessions if s.event}
    for fixture in fixtures:
        if (fixture.date, fixture.start_time, fixture.kind) not in planned:
            event = _fixture_event(fixture, zone, host)
            calendar.add_component(_revised(event, fixture, fixture.updated_at, now, revisions))
    _add_timezones(calendar)
    return Feed(calendar.to_ical(), revisions)


def _revised(
    event: Event, row: PlanSession | Fixture, first_shown: dt.datetime, now: dt.datetime, revisions: list[Revision]
) -> Event:
    """The event with its SEQUENCE, LAST-MODIFIED and DTSTAMP; a revision noted when its lines changed."""
    digest = hashlib.sha256(event.to_ical()).hexdigest()
    sequence, changed_at = row.calendar_sequence, row.calendar_changed_at
    if digest != row.calendar_digest:
        if row.calendar_digest:  # shown before, with other lines
            sequence, changed_at = sequence + 1, now
        else:  # shown for the first time: as of its publication (a fixture: its last change)
            changed_at = first_shown
        revisions.append(Revision(type(row), row.pk, row.calendar_digest, digest, sequence, changed_at))
    event.add("sequence", sequence)
    event.add("last-modified", changed_at)
    event.add("dtstamp", changed_at)
    return event


def _add_timezones(calendar: Calendar) -> None:
    """A VTIMEZONE for each TZID the events name (RFC 5545 3.6.5), covering the days they span."""
    days = [event.decoded(name).date() for event in calendar.walk("VEVENT") for name in ("dtstart", "dtend")]
    if days:
        calendar.add_missing_timezones(
            first_date=min(days) - dt.timedelta(days=1), last_date=max(days) + dt.timedelta(days=1)
        )


def _warmup_minutes(session: PlanSession) -> int:
    blocks = list(session.blocks.all())
    return blocks[0].minutes if blocks and blocks[0].kind == "warmup" else 0


def _fixture_event(fixture: Fixture, zone: ZoneInfo, host: str) -> Event:
    start = dt.datetime.combine(fixture.date, fixture.start_time, tzinfo=zone)
    what = fixture.get_kind_display() if fixture.kind == "match" else "Team practice"
    event = Event()
    event.add("uid", f"fixture-{fixture.pk}@{host}")
    event.add("summary", fixture.title or what)
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=fixture.minutes))
    event.add("description", f"{what}, {fixture.minutes} min. Warm up with FIFA 11+ for about 20 minutes before.")
    return event
