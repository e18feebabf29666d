"""Reads for reminders, each a fixed number of queries for any number of people (docs/design.md, principle 8).

The sweep calls these once per batch of due schedules, so its cost follows what is due, not how many athletes
exist. Reads of other apps' tables that those apps do not offer yet live here, named for what they answer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings

from intake.day import daily_intake, day_water_target_ml
from people.models import AthleteProfile, CoachAthlete, User
from people.selectors import athlete_of
from plans.convert import day_kind_of
from plans.models import PlanSession, PlanStatus, PlanWeek
from plans.selectors import published_weeks, sessions_with_blocks
from recovery.models import RecoveryStatus
from reminders import content, emails, timing
from reminders.models import TEST_KIND, DeliveryStatus, ReminderPreference, ReminderSchedule
from reminders.models import Delivery as DeliveryRow
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog, WorkoutSource


def preference_of(user: User) -> ReminderPreference:
    """The stored preference, or the defaults (unsaved) for someone who never changed anything."""
    try:
        return user.reminder_preference
    except ReminderPreference.DoesNotExist:
        return ReminderPreference(user=user)


def kinds_for(user: User) -> tuple[timing.Kind, ...]:
    return timing.ATHLETE_KINDS if athlete_of(user) is not None else timing.COACH_KINDS


def waking_of(user: User, preference: ReminderPreference) -> timing.Waking:
    """The person's reminder window; an athlete's zone is their profile's, a coach's their preference's."""
    athlete = athlete_of(user)
    return timing.Waking(
        zone=athlete.time_zone if athlete is not None else preference.time_zone,
        start=preference.waking_start,
        end=preference.waking_end,
        quiet_weekdays=frozenset(preference.quiet_weekdays or ()),
        interval_hours=preference.hydration_interval_hours,
    )


def next_due_by_kind(user: User) -> dict[str, dt.datetime | None]:
    return dict(ReminderSchedule.objects.filter(user=user).values_list("kind", "next_due_at"))


@dataclass(frozen=True)
class NextReminder:
    kind: timing.Kind
    on: bool
    at: dt.datetime | None  # in the person's zone; None: nothing due in the days looked at
    words: str  # "Next: today at 14:00, if you are behind on water then."


def next_reminders(user: User, now: dt.datetime) -> list[NextReminder]:
    """When each of the person's reminder kinds is next due, on their own clock and in words (5 queries): the
    slots the sweep will look at, a rest-day note only on a rest or cross-training day of a published week."""
    # The stored settings: a refused change may have left the cached row (user.reminder_preference) altered.
    preference = ReminderPreference.objects.filter(user=user).first() or ReminderPreference(user=user)
    waking = waking_of(user, preference)
    athlete = athlete_of(user)
    today = waking.today(now)
    sessions: list[timing.SessionTime] = []
    if athlete is not None:
        last = today + dt.timedelta(days=timing.SESSION_LOOKAHEAD_DAYS)
        sessions = session_times([athlete], today - dt.timedelta(days=1), last)[athlete.pk]
    out = []
    for kind in kinds_for(user):
        on = preference.is_on(kind)
        slots = timing.upcoming_slots(kind, waking, now, sessions) if on and kind in timing.SCHEDULED_KINDS else []
        if kind is timing.Kind.REST_DAY and athlete is not None and slots:
            days = planned_days((athlete.pk, s.local_date) for s in slots)
            slots = [
                s
                for s in slots
                if (d := days.get((athlete.pk, s.local_date))) is not None and d.kind in ("rest", "cross_training")
            ]
        at = waking.local(slots[0].at) if slots else None
        out.append(NextReminder(kind, on, at, content.next_words(kind, on, at, today)))
    return out


def reachable(user: User) -> bool:
    """Reminders go to people who joined: active, with a password (an invited athlete has none yet)."""
    return user.is_active and user.has_usable_password()


def address_of(user: User, preference: ReminderPreference) -> str:
    return preference.email or user.email


# --- plans -------------------------------------------------------------------------------------------------


def session_times(
    athletes: Sequence[AthleteProfile], first: dt.date, last: dt.date
) -> dict[int, list[timing.SessionTime]]:
    """Published sessions of these athletes between two local dates, with their local start (1 query).

    A session without its own start time starts at the athlete's preferred session time (plans/models.py).
    """
    out: dict[int, list[timing.SessionTime]] = {a.pk: [] for a in athletes}
    if not athletes:
        return out
    preferred = {a.pk: a.preferred_session_time for a in athletes}
    rows = PlanSession.objects.filter(
        plan__athlete_id__in=list(out), plan__status=PlanStatus.PUBLISHED, date__gte=first, date__lte=last
    ).values_list("pk", "plan__athlete_id", "date", "start_time", "planned_minutes")
    for pk, athlete_id, date, start, minutes in rows:
        out[athlete_id].append(timing.SessionTime(pk, date, start or preferred[athlete_id], minutes))
    return out


def sessions_for_messages(session_ids: Iterable[int]) -> dict[int, PlanSession]:
    """Sessions with plan, blocks and exercises, for pre- and post-session emails (4 queries)."""
    ids = list(set(session_ids))
    if not ids:
        return {}
    rows = sessions_with_blocks().select_related("plan").filter(pk__in=ids, plan__status=PlanStatus.PUBLISHED)
    return {row.pk: row for row in rows}


def logged_minutes(session_ids: Iterable[int]) -> dict[int, int]:
    """Minutes logged against each session (1 query); a session with a log is no longer just planned."""
    ids = list(set(session_ids))
    if not ids:
        return {}
    out: dict[int, int] = defaultdict(int)
    for session_id, minutes in WorkoutLog.objects.filter(session_id__in=ids).values_list("session_id", "minutes"):
        out[session_id] += minutes
    return dict(out)


def waiting_for_rpe(session_ids: Iterable[int]) -> set[int]:
    """The sessions done by a workout read from a file whose RPE is still to give (1 query)."""
    ids = list(set(session_ids))
    if not ids:
        return set()
    rows = WorkoutLog.objects.filter(session_id__in=ids, source=WorkoutSource.FILE, rpe__isnull=True)
    return set(rows.values_list("session_id", flat=True))


def checked_in(pairs: Iterable[tuple[int, dt.date]]) -> set[tuple[int, dt.date]]:
    """Which (athlete, local date) pairs have a wellness check-in (1 query)."""
    pairs = set(pairs)
    if not pairs:
        return set()
    ids, dates = {a for a, _ in pairs}, {d for _, d in pairs}
    rows = WellnessCheckIn.objects.filter(athlete_id__in=ids, date__in=dates).values_list("athlete_id", "date")
    return set(rows) & pairs


@dataclass(frozen=True)
class PlannedDay:
    kind: str  # plans DayKind value
    titles: tuple[str, ...]


def planned_days(pairs: Iterable[tuple[int, dt.date]]) -> dict[tuple[int, dt.date], PlannedDay]:
    """The kind of each (athlete, date) that lies in a published week, with its sessions' titles (2 queries).

    A date outside any published week is absent: without a plan there is no rest day to remind of.
    """
    pairs = set(pairs)
    if not pairs:
        return {}
    ids = {a for a, _ in pairs}
    mondays = {d - dt.timedelta(days=d.weekday()) for _, d in pairs}
    published = set(
        PlanWeek.objects.filter(athlete_id__in=ids, week_start__in=mondays, status=PlanStatus.PUBLISHED).values_list(
            "athlete_id", "week_start"
        )
    )
    if not published:
        return {}
    sessions: dict[tuple[int, dt.date], list[tuple[str, str]]] = defaultdict(list)
    rows = PlanSession.objects.filter(
        plan__athlete_id__in=ids, plan__status=PlanStatus.PUBLISHED, date__in={d for _, d in pairs}
    ).order_by("order", "id")
    for athlete_id, date, modality, title in rows.values_list("plan__athlete_id", "date", "modality", "title"):
        sessions[(athlete_id, date)].append((modality, title))
    out = {}
    for athlete_id, date in pairs:
        if (athlete_id, date - dt.timedelta(days=date.weekday())) not in published:
            continue
        day = sessions.get((athlete_id, date), [])
        out[(athlete_id, date)] = PlannedDay(day_kind_of(m for m, _ in day).value, tuple(t for _, t in day))
    return out


# --- intake ------------------------------------------------------------------------------------------------


def beverages_and_targets(days: dict[int, dt.date], athletes: Sequence[AthleteProfile]) -> dict[int, tuple[float, int]]:
    """Each athlete's beverages (ml) so far on their local day and that day's water target (ml).

    From the intake app: `daily_intake` (3 queries for all) and `day_water_target_ml` (2 queries an athlete),
    so a sweep pays per due hydration reminder, never per athlete in the database.
    """
    if not athletes:
        return {}
    first, last = min(days.values()), max(days.values())
    intake = daily_intake(athletes, first, last)
    return {a.pk: (intake[a.pk][days[a.pk]].water_ml, day_water_target_ml(a, days[a.pk])) for a in athletes}


# --- the outbox --------------------------------------------------------------------------------------------


def existing_keys(recipient_ids: Iterable[int], dates: Iterable[dt.date]) -> set[tuple[int, str, dt.date, str]]:
    """The outbox keys (recipient, kind, local date, slot) already made for these people on these local dates
    (1 query, a handful of rows each): for docs/domain.md §9's daily cap and to skip slots already made."""
    ids, dates = set(recipient_ids), set(dates)
    if not ids:
        return set()
    rows = (
        DeliveryRow.objects.filter(recipient_id__in=ids, local_date__in=dates)
        .exclude(kind=TEST_KIND)
        .values_list("recipient_id", "kind", "local_date", "slot")
    )
    return set(rows)


def delivery_ids(keys: Iterable[tuple[int, str, dt.date, str]]) -> list[int]:
    """Ids of the pending deliveries with these unique keys (1 query), after an insert-or-ignore."""
    keys = set(keys)
    if not keys:
        return []
    rows = DeliveryRow.objects.filter(
        recipient_id__in={k[0] for k in keys},
        kind__in={k[1] for k in keys},
        local_date__in={k[2] for k in keys},
        slot__in={k[3] for k in keys},
        status=DeliveryStatus.PENDING,
    ).values_list("pk", "recipient_id", "kind", "local_date", "slot")
    return sorted(pk for pk, *key in rows if tuple(key) in keys)


def deliveries_for_sending(delivery_ids: Sequence[int]) -> list[DeliveryRow]:
    """The pending rows among these ids, with everything their emails need and no more (issue 16: a column
    read is a column decoded; the JSON ones cost most), in id order (1 query)."""
    rows = DeliveryRow.objects.select_related("recipient__reminder_preference", "recipient__athlete").only(
        *_SENDING_FIELDS
    )
    return list(rows.filter(pk__in=list(delivery_ids), status=DeliveryStatus.PENDING).order_by("pk"))


# What sending reads: reminders/emails.py (the message), services._Batch (the claim, `is_on`, the back-off).
_SENDING_FIELDS = (
    "kind",
    "local_date",
    "slot",
    "subject",
    "context",
    "attempts",
    "recipient__email",
    "recipient__name",
    "recipient__role",
    "recipient__is_active",
    "recipient__athlete__units",
    "recipient__athlete__user",
    "recipient__reminder_preference__user",
    "recipient__reminder_preference__email",
    *(f"recipient__reminder_preference__{kind}" for kind in timing.Kind),
)


# --- the coach digest --------------------------------------------------------------------------------------


def rosters(coach_ids: Iterable[int]) -> dict[int, list[AthleteProfile]]:
    """Each coach's athletes (1 query)."""
    out: dict[int, list[AthleteProfile]] = {c: [] for c in coach_ids}
    links = CoachAthlete.objects.filter(coach_id__in=list(out)).select_related("athlete__user")
    for link in links.order_by("athlete__user__name", "athlete_id"):
        out[link.coach_id].append(link.athlete)
    return out


def digest_flags(athletes: Sequence[AthleteProfile], yesterday: dict[int, dt.date]) -> dict[int, list[str]]:
    """Why each athlete appears flagged in the coach digest (2 queries): a cramp or no check-in yesterday.

    The recovery checks (docs/domain.md §7) will add their amber and red reasons here, keyed the same way.
    """
    out: dict[int, list[str]] = {a.pk: [] for a in athletes}
    if not athletes:
        return out
    ids, dates = list(out), set(yesterday.values())
    checkins = set(WellnessCheckIn.objects.filter(athlete_id__in=ids, date__in=dates).values_list("athlete_id", "date"))
    first = min(dates)
    earliest = dt.datetime.combine(first - dt.timedelta(days=1), dt.time.min, tzinfo=dt.UTC)
    latest = dt.datetime.combine(max(dates) + dt.timedelta(days=2), dt.time.min, tzinfo=dt.UTC)
    cramps: dict[int, list[CrampEpisode]] = defaultdict(list)
    for cramp in CrampEpisode.objects.filter(athlete_id__in=ids, at__gte=earliest, at__lt=latest):
        cramps[cramp.athlete_id].append(cramp)
    for athlete in athletes:
        day = yesterday[athlete.pk]
        zone = timing.Waking(zone=athlete.time_zone).tz
        had = [c for c in cramps[athlete.pk] if c.at.astimezone(zone).date() == day]
        if had:
            worst = max(c.severity for c in had)
            out[athlete.pk].append(f"cramp yesterday ({len(had)}, severity up to {worst}/10)")
        if (athlete.pk, day) not in checkins:
            out[athlete.pk].append("no check-in yesterday")
    return out


def digest_statuses(
    athletes: Sequence[AthleteProfile], yesterday: dict[int, dt.date]
) -> dict[int, RecoveryStatus | None]:
    """Each athlete's latest recovery check of their own today or yesterday (1 query): at the coach's 07:00 an
    athlete's morning check may not have run yet (recovery.tasks.MORNING_HOUR in their zone). None: no check."""
    out: dict[int, RecoveryStatus | None] = {a.pk: None for a in athletes}
    if not athletes:
        return out
    days = {d for day in yesterday.values() for d in (day, day + dt.timedelta(days=1))}
    for row in RecoveryStatus.objects.filter(athlete_id__in=list(out), date__in=days).order_by("date"):
        day = yesterday[row.athlete_id]
        if row.date in (day, day + dt.timedelta(days=1)):
            out[row.athlete_id] = row  # ordered by date: today's, when there is one, wins
    return out


@dataclass
class WeekCompliance:
    compliance_pct: float | None = None
    missed: list[str] = field(default_factory=list)  # yesterday's sessions no workout did (plans.compliance)


def week_compliance(athletes: Sequence[AthleteProfile], yesterday: dict[int, dt.date]) -> dict[int, WeekCompliance]:
    """docs/domain.md §2 compliance of the published week holding yesterday, as the plan page shows it today (the day
    after yesterday): plans.selectors.published_weeks and plans.compliance, so a workout counts whether linked to
    its session or logged unlinked on its date with its modality, and sessions not yet due don't count. Also
    yesterday's sessions that no workout did. 2 queries. A week that starts today counts last week."""
    out = {a.pk: WeekCompliance() for a in athletes}
    if not athletes:
        return out
    for athlete_id, week in published_weeks({a.pk: yesterday[a.pk] for a in athletes}).items():
        day = yesterday[athlete_id]
        today = day + dt.timedelta(days=1)
        outcomes = week.outcomes(today)
        out[athlete_id].compliance_pct = week.week_compliance(today).percent
        out[athlete_id].missed = [s.title for s in week.sessions if s.date == day and outcomes[s.pk].workout_id is None]
    return out


def site_url(path: str) -> str:
    return settings.SITE_URL + path


# --- the hydration email's drink link ----------------------------------------------------------------------


@dataclass(frozen=True)
class DrinkLink:
    """What a valid "log a drink" link stands for: its email, the athlete, and the amount it logs."""

    delivery: DeliveryRow
    athlete: AthleteProfile
    water_ml: int


def drink_link(token: str) -> DrinkLink:
    """The link's email and athlete (1 query); InvalidDrinkToken when it is altered, old, or its person left."""
    delivery_id, user_id = emails.read_drink_token(token)
    delivery = (
        DeliveryRow.objects.select_related("recipient__athlete")
        .filter(pk=delivery_id, recipient_id=user_id, kind=timing.Kind.HYDRATION)
        .first()
    )
    athlete = athlete_of(delivery.recipient) if delivery is not None else None
    if athlete is None or not reachable(delivery.recipient):
        raise emails.InvalidDrinkToken("This link to log a drink is not valid.")
    return DrinkLink(delivery, athlete, content.GLASS_ML)
