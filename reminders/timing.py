"""When reminders are due (docs/domain.md §9). Pure core: no Django import, no I/O.

Slots are wall-clock times in the person's IANA zone, turned into UTC instants with `zoneinfo` day by day, so a
10:00 reminder stays at 10:00 local across daylight-saving changes (docs/design.md, principle 4).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from zoneinfo import ZoneInfo

UTC = dt.UTC


class Kind(StrEnum):
    HYDRATION = "hydration"
    PRE_SESSION = "pre_session"
    POST_SESSION = "post_session"
    REST_DAY = "rest_day"
    CHECKIN = "checkin"
    RECOVERY_ALERT = "recovery_alert"
    COACH_DIGEST = "coach_digest"


# What each role may receive; the API refuses other kinds for that person as unknown.
ATHLETE_KINDS: tuple[Kind, ...] = (
    Kind.HYDRATION,
    Kind.PRE_SESSION,
    Kind.POST_SESSION,
    Kind.REST_DAY,
    Kind.CHECKIN,
    Kind.RECOVERY_ALERT,
)
COACH_KINDS: tuple[Kind, ...] = (Kind.RECOVERY_ALERT, Kind.COACH_DIGEST)
# Kinds the sweep finds through a schedule row; the recovery alert is sent when the recovery check turns red.
DAILY_KINDS: tuple[Kind, ...] = (Kind.HYDRATION, Kind.REST_DAY, Kind.CHECKIN, Kind.COACH_DIGEST)
SESSION_KINDS: tuple[Kind, ...] = (Kind.PRE_SESSION, Kind.POST_SESSION)
SCHEDULED_KINDS: tuple[Kind, ...] = (*DAILY_KINDS, *SESSION_KINDS)
# docs/design.md, Reminder delivery (5): alerts and digests are re-sent after a crash mid-send (at least once);
# the time-bound nudges are abandoned (at most once).
AT_LEAST_ONCE_KINDS = frozenset({Kind.RECOVERY_ALERT, Kind.COACH_DIGEST})

# docs/domain.md §9: timing.
DEFAULT_WAKING_START = dt.time(7, 0)  # docs/domain.md §9: waking hours 07:00-21:00 by default
DEFAULT_WAKING_END = dt.time(21, 0)
DEFAULT_HYDRATION_INTERVAL_HOURS = 3  # docs/domain.md §9: every 3 h inside waking hours: 10, 13, 16, 19
MIN_HYDRATION_INTERVAL_HOURS = 1  # product rule: hourly at most often, ...
MAX_HYDRATION_INTERVAL_HOURS = 6  # ... and at least twice in a 14-hour waking day
REST_DAY_AT = dt.time(8, 0)  # docs/domain.md §9: 08:00 on a rest or cross-training day
CHECKIN_AT = dt.time(20, 0)  # docs/domain.md §9: 20:00 when no check-in was logged that day
COACH_DIGEST_AT = dt.time(7, 0)  # docs/domain.md §9: 07:00 in the coach's zone
PRE_SESSION_BEFORE = dt.timedelta(hours=3)  # docs/domain.md §9: 3 h before a planned session with a time
# Issue 6: pre-session hydration "2-4 hours before". When 3 h before falls before waking hours, the reminder
# moves to the start of waking hours if that still leaves 2 h; otherwise there is no useful moment for it.
PRE_SESSION_MIN_BEFORE = dt.timedelta(hours=2)
POST_SESSION_AFTER = dt.timedelta(minutes=30)  # docs/domain.md §9: 30 min after a planned session's end
MAX_REMINDERS_PER_DAY = 6  # docs/domain.md §9 product rule: at most 6 reminder emails per athlete per day
# A daily reminder whose docs/domain.md time lies outside the person's waking hours moves inside them, at least
# this long before they end (an early sleeper gets the 20:00 check-in at 19:00 when waking hours end at 20:00).
LAST_CALL_BEFORE_SLEEP = dt.timedelta(hours=1)

# docs/design.md, Reminder delivery (7): how late a slot may still be sent. Past it, the slot is skipped and the
# schedule moves to the next future slot, so a sweep after downtime never floods (product rule: about a third
# of the gap to the next reminder of the same kind, so a late nudge never lands on top of the next one).
GRACE: dict[Kind, dt.timedelta] = {
    Kind.HYDRATION: dt.timedelta(minutes=30),
    Kind.PRE_SESSION: dt.timedelta(minutes=60),  # 3 h before, sent at least 2 h before
    Kind.POST_SESSION: dt.timedelta(hours=2),
    Kind.REST_DAY: dt.timedelta(hours=3),
    Kind.CHECKIN: dt.timedelta(minutes=90),
    Kind.COACH_DIGEST: dt.timedelta(hours=3),
}
# Issue 14: no hydration nudge during a planned session or inside the drinking advice around it, which the pre-
# and post-session emails already give. The window opens at docs/domain.md §4's "about 4 hours before" (the pre-session
# email's "drink 6 ml/kg now") and closes an hour after the post-session email (product rule: its "rehydrate over
# the next hours" is the advice of that hour, and a nudge on top of it is noise). A nudge that falls inside moves to
# the window's end, or is skipped when that is past waking hours. A session without a start time starts at the
# athlete's preferred session time, as for the pre- and post-session reminders (selectors.session_times).
HYDRATION_QUIET_BEFORE = dt.timedelta(hours=4)
HYDRATION_QUIET_AFTER = POST_SESSION_AFTER + dt.timedelta(hours=1)
# Kinds whose timing reads the athlete's planned sessions.
PLAN_AWARE_KINDS = frozenset({Kind.HYDRATION, *SESSION_KINDS})
# Session slots are looked up this many days around today; the schedule re-reads the plan every local
# midnight anyway, so a session added later is found without a hook.
SESSION_LOOKAHEAD_DAYS = 2


@dataclass(frozen=True)
class Waking:
    """A person's reminder window: waking hours and quiet weekdays (Monday = 0), in their own zone."""

    zone: str = "UTC"
    start: dt.time = DEFAULT_WAKING_START
    end: dt.time = DEFAULT_WAKING_END
    quiet_weekdays: frozenset[int] = field(default_factory=frozenset)
    interval_hours: int = DEFAULT_HYDRATION_INTERVAL_HOURS

    def __post_init__(self) -> None:
        object.__setattr__(self, "quiet_weekdays", frozenset(self.quiet_weekdays))
        if self.end <= self.start:
            raise ValueError("waking hours must end after they start")
        if not MIN_HYDRATION_INTERVAL_HOURS <= self.interval_hours <= MAX_HYDRATION_INTERVAL_HOURS:
            raise ValueError("the hydration interval must be 1-6 hours")

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    def local(self, instant: dt.datetime) -> dt.datetime:
        return instant.astimezone(self.tz)

    def today(self, instant: dt.datetime) -> dt.date:
        return self.local(instant).date()

    def awake_at(self, instant: dt.datetime) -> bool:
        """Inside waking hours at this instant (start included, end excluded)."""
        return self.start <= self.local(instant).time() < self.end

    def is_quiet(self, day: dt.date) -> bool:
        return day.weekday() in self.quiet_weekdays

    def to_utc(self, day: dt.date, at: dt.time) -> dt.datetime:
        """The UTC instant of a local wall-clock time. A time skipped by a spring-forward change maps to the
        same wall time in the old offset (an hour later on the new clock); a repeated one to its first pass."""
        return dt.datetime.combine(day, at, tzinfo=self.tz).astimezone(UTC)


@dataclass(frozen=True)
class Slot:
    """One reminder moment: its unique key in the outbox is (recipient, kind, local_date, label)."""

    kind: Kind
    at: dt.datetime  # UTC
    local_date: dt.date
    label: str  # "10:00", or "session-<id>" for session reminders
    session_id: int | None = None


@dataclass(frozen=True)
class SessionTime:
    """A published session as the timing needs it: local date, local start and planned length."""

    session_id: int
    date: dt.date
    start: dt.time
    minutes: int


def _minutes(at: dt.time) -> int:
    return at.hour * 60 + at.minute


def _time(minutes: int) -> dt.time:
    return dt.time(minutes // 60, minutes % 60)


def _clamped(at: dt.time, waking: Waking) -> dt.time:
    last_call = max(_minutes(waking.start), _minutes(waking.end) - int(LAST_CALL_BEFORE_SLEEP.total_seconds() // 60))
    return _time(min(max(_minutes(at), _minutes(waking.start)), last_call))


def daily_times(kind: Kind, waking: Waking) -> list[dt.time]:
    """The local times of a daily kind, inside waking hours (docs/domain.md §9)."""
    if kind is Kind.HYDRATION:
        step, start, end = waking.interval_hours * 60, _minutes(waking.start), _minutes(waking.end)
        return [_time(m) for m in range(start + step, end, step)]
    fixed = {Kind.REST_DAY: REST_DAY_AT, Kind.CHECKIN: CHECKIN_AT, Kind.COACH_DIGEST: COACH_DIGEST_AT}
    return [_clamped(fixed[kind], waking)]


def daily_slots(kind: Kind, waking: Waking, day: dt.date, sessions: Sequence[SessionTime] = ()) -> list[Slot]:
    """The day's slots of a daily kind, earliest first; hydration ones moved out of the sessions' drinking windows."""
    if waking.is_quiet(day):
        return []
    slots = [
        Slot(kind, waking.to_utc(day, at), day, at.strftime("%H:%M"))
        for at in daily_times(kind, waking)
        if waking.to_utc(day, at).astimezone(waking.tz).time() == at  # drop a time a DST change skipped
    ]
    if kind is Kind.HYDRATION and sessions:
        return _out_of_windows(slots, waking, day, drinking_windows(waking, sessions))
    return slots


def drinking_windows(waking: Waking, sessions: Sequence[SessionTime]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Each session's hydration-quiet window in UTC, from 4 h before its start to an hour after its post-session
    reminder; overlapping or touching windows are merged, earliest first."""
    windows = sorted(
        (
            start - HYDRATION_QUIET_BEFORE,
            start + dt.timedelta(minutes=s.minutes) + HYDRATION_QUIET_AFTER,
        )
        for s in sessions
        for start in [waking.to_utc(s.date, s.start)]
    )
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for start, end in windows:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _ceil_minute(instant: dt.datetime) -> dt.datetime:
    whole = instant.replace(second=0, microsecond=0)
    return whole if whole == instant else whole + dt.timedelta(minutes=1)


def _out_of_windows(
    slots: Sequence[Slot], waking: Waking, day: dt.date, windows: Sequence[tuple[dt.datetime, dt.datetime]]
) -> list[Slot]:
    out: dict[str, Slot] = {}
    for slot in slots:
        at = slot.at
        for start, end in windows:  # merged and sorted: one pass moves a slot past every window it meets
            if start <= at < end:
                at = _ceil_minute(end)
        local = waking.local(at)
        if local.date() != day or not waking.start <= local.time() < waking.end:
            continue  # the window ends after waking hours: no nudge that day from this slot
        label = local.strftime("%H:%M")
        out.setdefault(label, Slot(slot.kind, at, day, label))  # two slots moved to one moment make one nudge
    return sorted(out.values(), key=lambda s: s.at)


def _daily_slots_around(
    kind: Kind, waking: Waking, instant: dt.datetime, days: Iterable[int], sessions: Sequence[SessionTime] = ()
) -> list[Slot]:
    today = waking.today(instant)
    return [slot for offset in days for slot in daily_slots(kind, waking, today + dt.timedelta(days=offset), sessions)]


def next_daily_slot(
    kind: Kind, waking: Waking, after: dt.datetime, sessions: Sequence[SessionTime] = ()
) -> Slot | None:
    """The first slot strictly after `after`; None only when every weekday is quiet."""
    return next((s for s in _daily_slots_around(kind, waking, after, range(-1, 9), sessions) if s.at > after), None)


def due_daily_slot(kind: Kind, waking: Waking, now: dt.datetime, sessions: Sequence[SessionTime] = ()) -> Slot | None:
    """The slot to send at `now`: the latest one not after `now`, if within its grace and while awake."""
    passed = [s for s in _daily_slots_around(kind, waking, now, (-1, 0), sessions) if s.at <= now]
    if not passed or not waking.awake_at(now):
        return None
    latest = max(passed, key=lambda s: s.at)
    return latest if now - latest.at <= GRACE[kind] else None


def session_slot(kind: Kind, waking: Waking, session: SessionTime) -> Slot | None:
    """The pre- or post-session moment of one session, inside waking hours, or None (docs/domain.md §9)."""
    start = waking.to_utc(session.date, session.start)
    if kind is Kind.PRE_SESSION:
        at = start - PRE_SESSION_BEFORE
        wake = waking.to_utc(waking.local(at).date(), waking.start)
        if waking.local(at).time() < waking.start and start - wake >= PRE_SESSION_MIN_BEFORE:
            at = wake
    else:
        at = start + dt.timedelta(minutes=session.minutes) + POST_SESSION_AFTER
        if waking.local(at).time() < waking.start:
            at = waking.to_utc(waking.local(at).date(), waking.start)
    if not waking.awake_at(at) or waking.is_quiet(waking.today(at)):
        return None
    return Slot(kind, at, session.date, f"session-{session.session_id}", session.session_id)


def next_midnight(waking: Waking, after: dt.datetime) -> dt.datetime:
    return waking.to_utc(waking.today(after) + dt.timedelta(days=1), dt.time.min)


def next_session_due(kind: Kind, waking: Waking, sessions: Sequence[SessionTime], after: dt.datetime) -> dt.datetime:
    """The next session slot after `after`, or the next local midnight, when the schedule re-reads the plan."""
    slots = [s for s in (session_slot(kind, waking, x) for x in sessions) if s is not None and s.at > after]
    return min([next_midnight(waking, after), *(s.at for s in slots)])


def due_session_slots(kind: Kind, waking: Waking, sessions: Sequence[SessionTime], now: dt.datetime) -> list[Slot]:
    """Session slots to send at `now`: passed, within grace, and `now` inside waking hours."""
    if not waking.awake_at(now):
        return []
    slots = (session_slot(kind, waking, s) for s in sessions)
    return [s for s in slots if s is not None and s.at <= now and now - s.at <= GRACE[kind]]


def next_due(
    kind: Kind, waking: Waking, after: dt.datetime, sessions: Sequence[SessionTime] = ()
) -> dt.datetime | None:
    """When the schedule of `kind` should next be looked at."""
    if kind in SESSION_KINDS:
        return next_session_due(kind, waking, sessions, after)
    slot = next_daily_slot(kind, waking, after, sessions)
    return slot.at if slot else None


def upcoming_slots(
    kind: Kind, waking: Waking, after: dt.datetime, sessions: Sequence[SessionTime] = (), days: int = 8
) -> list[Slot]:
    """The moments a reminder of `kind` could next go out, strictly after `after` and earliest first, over the next
    `days` local days: for the settings page's "next: ..." (whether one goes out depends on the day: behind on
    water, no check-in yet, a rest day). Session kinds only know the sessions given."""
    if kind in SESSION_KINDS:
        slots = (session_slot(kind, waking, s) for s in sessions)
        return sorted((s for s in slots if s is not None and s.at > after), key=lambda s: s.at)
    return [s for s in _daily_slots_around(kind, waking, after, range(0, days), sessions) if s.at > after]
