"""The athlete's published weeks as an iCalendar feed (RFC 5545), built with the icalendar package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from plans.models import Fixture, PlanSession
from trainer.models import AthleteProfile


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


def feed(
    athlete: AthleteProfile, sessions: Iterable[PlanSession], host: str, fixtures: Iterable[Fixture] = ()
) -> bytes:
    """One event per published session, at its local start time in the athlete's zone, and one per team fixture
    that no published week shows yet (DOMAIN.md section 11: the season's matches are known before its weeks
    are planned)."""
    sessions = list(sessions)
    zone = ZoneInfo(athlete.time_zone)
    calendar = Calendar()
    calendar.add("prodid", "-//trainer//training plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Training plan: {athlete}")
    calendar.add("x-wr-timezone", athlete.time_zone)
    calendar.add("refresh-interval", dt.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    for session in sessions:
        start = dt.datetime.combine(session.date, session.start_time or athlete.preferred_session_time, tzinfo=zone)
        if session.event:
            # a team's event keeps the team's time (kick-off); its warm-up comes before it (DOMAIN.md section 11)
            start -= dt.timedelta(minutes=_warmup_minutes(session))
        event = Event()
        event.add("uid", f"session-{session.pk}@{host}")
        event.add("summary", session.title)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=session.planned_minutes))
        event.add("dtstamp", session.plan.published_at or dt.datetime.now(dt.UTC))
        event.add("description", session_description(session))
        event.add("categories", [session.modality, session.intensity])
        calendar.add_component(event)
    planned = {(s.date, s.start_time, s.event) for s in sessions if s.event}
    for fixture in fixtures:
        if (fixture.date, fixture.start_time, fixture.kind) not in planned:
            calendar.add_component(_fixture_event(fixture, zone, host))
    return calendar.to_ical()


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
    event.add("dtstamp", fixture.updated_at)
    event.add("description", f"{what}, {fixture.minutes} min. Warm up with FIFA 11+ for about 20 minutes before.")
    return event
