"""Every write about reminders: preferences, schedules, the sweep that fills the outbox, and sending.

docs/design.md, Reminder delivery. The schedule lives in the database; `sweep` turns due schedule rows into
`Delivery` rows (insert-or-ignore on their unique key) and publishes `send_deliveries(ids)` in batches after
commit; each row is claimed with a compare-and-set update, so a second run for the same id is a no-op.
"""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from core.errors import ServiceError
from core.queue import enqueue_on_commit
from intake import targets
from intake.day import profile_of
from intake.log_services import log_water
from people import rules as people
from people.models import AthleteProfile, CoachAthlete, User
from reminders import content, emails, selectors, timing
from reminders.models import TEST_KIND, Delivery, DeliveryStatus, ReminderPreference, ReminderSchedule
from reminders.timing import Kind

logger = logging.getLogger(__name__)

# docs/design.md, Reminder delivery (8): due schedule rows claimed per transaction.
BATCH_SIZE = 1000
# A sweep stops starting new batches after this long; the next beat (a minute later) carries on.
SWEEP_BUDGET_S = 40.0
# docs/design.md, Reminder delivery (4): a row still pending this long after it was published is published again
# (the message was lost between commit and publish, or in a broker restart).
PUBLISH_LEASE = dt.timedelta(minutes=2)
# docs/design.md, Reminder delivery (5): a row `sending` for longer than this lost its worker. Well above the send
# task's hard time limit (reminders/tasks.py), so a live send is never taken for a dead one.
SENDING_TIMEOUT = dt.timedelta(minutes=5)
# docs/design.md, Reminder delivery (3): SMTP failures back off exponentially (1, 2, 4, 8 min), then `failed`.
MAX_ATTEMPTS = 5
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(minutes=30)
REPUBLISH_BATCH = 1000
# docs/design.md, Reminder delivery (3): one send task takes this many rows, over one SMTP session and one
# database connection; a task per email spent more on Celery and a new connection than on the email (issue 16).
SEND_BATCH = 100
# A batch starts no email after this long (the rest stay pending for the next publish): with the SMTP timeout
# of the last one it ends well within the send task's time limit (reminders/tasks.py).
SEND_BUDGET_S = 30.0
# docs/domain.md §9: the daily cap is about reminders; a red recovery check is an alert and always goes out.
CAPPED_KINDS = frozenset(timing.ATHLETE_KINDS) - {Kind.RECOVERY_ALERT}


def backoff(attempts: int) -> dt.timedelta:
    """The wait before attempt `attempts + 1`: 1, 2, 4, 8 ... minutes, at most 30."""
    return min(BACKOFF_MAX, BACKOFF_BASE * 2 ** max(0, attempts - 1))


def _publish(ids: Iterable[int]) -> None:
    ids = list(ids)
    for start in range(0, len(ids), SEND_BATCH):
        enqueue_on_commit("reminders.tasks.send_deliveries", ids[start : start + SEND_BATCH])


# --- preferences and schedules -----------------------------------------------------------------------------


def preference_for(user: User) -> ReminderPreference:
    """The user's preference row, created with the defaults the first time (docs/domain.md §9)."""
    preference, _ = ReminderPreference.objects.get_or_create(user=user)
    user.reminder_preference = preference
    return preference


@transaction.atomic
def update_preferences(user: User, changes: dict[str, Any], *, now: dt.datetime | None = None) -> ReminderPreference:
    """Apply validated changes (API or admin), refuse what breaks a rule, and reschedule the user's reminders."""
    preference = preference_for(user)
    changes = dict(changes)
    allowed = selectors.kinds_for(user)
    for kind, on in (changes.pop("kinds", None) or {}).items():
        if kind not in allowed:
            names = ", ".join(allowed)
            raise ServiceError("kinds", f'"{kind}" is not a reminder kind for this person (one of: {names}).')
        setattr(preference, kind, bool(on))
    for name, value in changes.items():
        setattr(preference, name, value)
    _check(preference)
    preference.quiet_weekdays = sorted(set(preference.quiet_weekdays or []))
    preference.save()
    recompute_schedules(user, now=now)
    return preference


def _check(preference: ReminderPreference) -> None:
    if preference.waking_end <= preference.waking_start:
        raise ServiceError("waking_end", "Waking hours must end after they start.")
    low, high = timing.MIN_HYDRATION_INTERVAL_HOURS, timing.MAX_HYDRATION_INTERVAL_HOURS
    if not low <= preference.hydration_interval_hours <= high:
        raise ServiceError("hydration_interval_hours", f"Choose {low} to {high} hours.")
    if any(not isinstance(d, int) or not 0 <= d <= 6 for d in preference.quiet_weekdays or []):
        raise ServiceError("quiet_weekdays", "Weekdays are 0 (Monday) to 6 (Sunday).")
    if not people.is_iana_zone(preference.time_zone):
        raise ServiceError("time_zone", f'"{preference.time_zone}" is not an IANA time zone such as "Europe/Berlin".')


def _scheduled_kinds(user: User) -> list[Kind]:
    return [k for k in timing.SCHEDULED_KINDS if k in selectors.kinds_for(user)]


@transaction.atomic
def recompute_schedules(user: User, *, now: dt.datetime | None = None) -> dict[str, dt.datetime | None]:
    """Set each of the user's schedules to its next slot after `now`, from their zone, hours and plan."""
    now = now or timezone.now()
    preference = preference_for(user)
    waking = selectors.waking_of(user, preference)
    athlete = selectors.athlete_of(user)
    sessions: list[timing.SessionTime] = []
    if athlete is not None:
        today = waking.today(now)
        sessions = selectors.session_times(
            [athlete], today - dt.timedelta(days=1), today + dt.timedelta(days=timing.SESSION_LOOKAHEAD_DAYS)
        )[athlete.pk]
    kinds = _scheduled_kinds(user)
    rows = [
        ReminderSchedule(
            user=user,
            kind=kind,
            next_due_at=timing.next_due(kind, waking, now, sessions) if preference.is_on(kind) else None,
        )
        for kind in kinds
    ]
    _upsert_schedules(rows)
    ReminderSchedule.objects.filter(user=user).exclude(kind__in=kinds).update(next_due_at=None)
    return {row.kind: row.next_due_at for row in rows}


def _upsert_schedules(rows: Sequence[ReminderSchedule]) -> None:
    ReminderSchedule.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["user", "kind"], update_fields=["next_due_at", "updated_at"]
    )


def touch_schedules(user: User, *, now: dt.datetime | None = None) -> None:
    """Make the user's schedules due now (1 query); the next sweep works out their real next slots.

    Cheap enough to run on every profile save (a time zone or preferred session time may have changed). A slot
    looked at again cannot be sent twice: the outbox's unique key ignores the second insert.
    """
    now = now or timezone.now()
    _upsert_schedules([ReminderSchedule(user=user, kind=kind, next_due_at=now) for kind in _scheduled_kinds(user)])


def plan_published(plan: Any) -> dict[str, dt.datetime | None]:
    """Schedule the reminders of a published (or edited published) week: recompute that athlete's schedules."""
    return recompute_schedules(plan.athlete.user)


@transaction.atomic
def unsubscribe(token: str) -> tuple[User, str]:
    """Turn off the kind a signed unsubscribe link names (no login: the signature is the permission)."""
    user_id, kind = emails.read_unsubscribe_token(token)
    user = User.objects.filter(pk=user_id).first()
    if user is None or kind not in {k.value for k in timing.Kind}:
        raise emails.InvalidUnsubscribeToken("This unsubscribe link is not valid.")
    preference = preference_for(user)
    if preference.is_on(kind):
        setattr(preference, kind, False)
        preference.save(update_fields=[kind, "updated_at"])
        if kind in timing.SCHEDULED_KINDS:
            ReminderSchedule.objects.filter(user=user, kind=kind).update(next_due_at=None)
    return user, kind


# --- the sweep ---------------------------------------------------------------------------------------------


@dataclass
class SweepResult:
    schedules: int = 0
    created: list[int] = field(default_factory=list)
    republished: list[int] = field(default_factory=list)
    abandoned: int = 0
    capped: int = 0

    @property
    def to_send(self) -> list[int]:
        return [*self.created, *self.republished]

    def as_dict(self) -> dict[str, int]:
        return {
            "schedules": self.schedules,
            "created": len(self.created),
            "republished": len(self.republished),
            "abandoned": self.abandoned,
            "capped": self.capped,
        }


@dataclass
class _Due:
    row: ReminderSchedule
    kind: Kind
    user: User
    preference: ReminderPreference
    athlete: AthleteProfile | None
    waking: timing.Waking


@dataclass(frozen=True)
class _Candidate:
    due: _Due
    slot: timing.Slot


def sweep(now: dt.datetime | None = None, *, publish: bool = True, batch_size: int = BATCH_SIZE) -> SweepResult:
    """Turn due schedules into deliveries, publish stale pending ones again, and settle rows stuck in sending.

    `publish=False` leaves publishing to the caller (the `remind` command sends inline, without a worker).
    """
    now = now or timezone.now()
    result = SweepResult()
    started = time.monotonic()
    while True:
        handled = _sweep_batch(now, batch_size, publish, result)
        if handled < batch_size or time.monotonic() - started > SWEEP_BUDGET_S:
            break
    _settle_stuck(now, publish, result)
    _republish_pending(now, publish, result)
    return result


@transaction.atomic
def _sweep_batch(now: dt.datetime, batch_size: int, publish: bool, result: SweepResult) -> int:
    # SKIP LOCKED lets sweeps on several workers share the due rows on PostgreSQL (docs/design.md, Reminder delivery
    # (8)); SQLite has no row locks and its write lock makes one sweeper at a time.
    rows = list(
        ReminderSchedule.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("user__reminder_preference", "user__athlete")
        .filter(next_due_at__lte=now)
        .order_by("next_due_at", "id")[:batch_size]
    )
    if not rows:
        return 0
    result.schedules += len(rows)
    dues = [_due_of(row) for row in rows]
    live = [d for d in dues if d is not None]
    sessions = _session_times(live, now)
    candidates: list[_Candidate] = []
    for due in live:
        athlete_sessions = sessions.get(due.athlete.pk, []) if due.athlete else []
        due.row.next_due_at = (
            timing.next_due(due.kind, due.waking, now, athlete_sessions) if due.preference.is_on(due.kind) else None
        )
        if due.preference.is_on(due.kind) and selectors.reachable(due.user):
            candidates.extend(_Candidate(due, slot) for slot in _due_slots(due, now, athlete_sessions))
    for row, due in zip(rows, dues, strict=True):
        if due is None:
            row.next_due_at = None
    deliveries = _deliveries(candidates, now, result)
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True)
    created = selectors.delivery_ids(_key(d) for d in deliveries)
    result.created.extend(created)
    ReminderSchedule.objects.bulk_update(rows, ["next_due_at"], batch_size=500)
    if publish:
        _publish(created)
    return len(rows)


def _due_of(row: ReminderSchedule) -> _Due | None:
    """The due row with what deciding needs; None when the kind is not for this user (a changed role)."""
    user = row.user
    kind = Kind(row.kind)
    if kind not in selectors.kinds_for(user):
        return None
    preference = selectors.preference_of(user)
    return _Due(row, kind, user, preference, selectors.athlete_of(user), selectors.waking_of(user, preference))


def _session_times(dues: Sequence[_Due], now: dt.datetime) -> dict[int, list[timing.SessionTime]]:
    athletes = {d.athlete.pk: d.athlete for d in dues if d.kind in timing.PLAN_AWARE_KINDS and d.athlete is not None}
    if not athletes:
        return {}
    todays = [timing.Waking(zone=a.time_zone).today(now) for a in athletes.values()]
    first = min(todays) - dt.timedelta(days=1)
    last = max(todays) + dt.timedelta(days=timing.SESSION_LOOKAHEAD_DAYS)
    return selectors.session_times(list(athletes.values()), first, last)


def _due_slots(due: _Due, now: dt.datetime, sessions: Sequence[timing.SessionTime]) -> list[timing.Slot]:
    if due.kind in timing.SESSION_KINDS:
        return timing.due_session_slots(due.kind, due.waking, sessions, now)
    slot = timing.due_daily_slot(due.kind, due.waking, now, sessions)
    return [slot] if slot else []


def _key(delivery: Delivery) -> tuple[int, str, dt.date, str]:
    return (delivery.recipient_id, delivery.kind, delivery.local_date, delivery.slot)


def _deliveries(candidates: Sequence[_Candidate], now: dt.datetime, result: SweepResult) -> list[Delivery]:
    """The useful candidates as outbox rows, at most docs/domain.md §9's six a day per athlete, earliest first."""
    by_kind: dict[Kind, list[_Candidate]] = defaultdict(list)
    for candidate in candidates:
        by_kind[candidate.slot.kind].append(candidate)
    messages: list[tuple[_Candidate, content.Message]] = []
    for kind, group in by_kind.items():
        messages.extend(_COMPOSERS[kind](group, now))
    messages.sort(key=lambda pair: (pair[0].slot.at, pair[0].slot.kind))
    existing = selectors.existing_keys({c.due.user.pk for c, _ in messages}, {c.slot.local_date for c, _ in messages})
    counts: dict[tuple[int, dt.date], int] = defaultdict(int)
    for recipient_id, kind, local_date, _ in existing:
        counts[(recipient_id, local_date)] += kind in CAPPED_KINDS
    rows = []
    for candidate, message in messages:
        due, slot = candidate.due, candidate.slot
        day = (due.user.pk, slot.local_date)
        if (due.user.pk, slot.kind, slot.local_date, slot.label) in existing:
            continue  # looked at again (a touched schedule): already in the outbox
        if slot.kind in CAPPED_KINDS:
            if counts[day] >= timing.MAX_REMINDERS_PER_DAY:
                result.capped += 1
                continue
            counts[day] += 1
        rows.append(
            Delivery(
                recipient=due.user,
                athlete=due.athlete,
                kind=slot.kind,
                local_date=slot.local_date,
                slot=slot.label,
                subject=content.clean_subject(message.subject),
                context=message.context,
                next_attempt_at=now + PUBLISH_LEASE,
            )
        )
    return rows


def _units(due: _Due) -> str:
    return due.athlete.units if due.athlete is not None else people.Units.METRIC


def _cautions(due: _Due) -> list[str]:
    return content.fluid_cautions(due.athlete.medical_flags or []) if due.athlete is not None else []


def _compose_hydration(group: Sequence[_Candidate], now: dt.datetime) -> list[tuple[_Candidate, content.Message]]:
    """docs/domain.md §9: only when beverages are more than 15 % behind the target pro-rated over waking hours."""
    athletes = [c.due.athlete for c in group]
    intake = selectors.beverages_and_targets({c.due.athlete.pk: c.slot.local_date for c in group}, athletes)
    out = []
    for candidate in group:
        waking = candidate.due.waking
        drunk_ml, target_ml = intake[candidate.due.athlete.pk]
        pace = targets.hydration_pace(target_ml, drunk_ml, waking.local(now).time(), waking.start, waking.end)
        if pace.remind and pace.suggest_ml > 0:
            due = candidate.due
            message = content.hydration(pace, target_ml, candidate.slot.label, _units(due), _cautions(due))
            out.append((candidate, message))
    return out


def _compose_sessions(group: Sequence[_Candidate], now: dt.datetime) -> list[tuple[_Candidate, content.Message]]:
    """Pre-session only while the session is still planned (published, nothing logged); post-session always."""
    ids = [c.slot.session_id for c in group]
    sessions = selectors.sessions_for_messages(ids)
    logged = selectors.logged_minutes(ids)
    waiting = selectors.waiting_for_rpe(ids)  # done from a watch file: the email asks for the RPE
    out = []
    for candidate in group:
        session, athlete = sessions.get(candidate.slot.session_id), candidate.due.athlete
        if session is None:
            continue
        units = _units(candidate.due)
        start = (session.start_time or athlete.preferred_session_time).strftime("%H:%M")
        if candidate.slot.kind is Kind.PRE_SESSION:
            if session.pk in logged:
                continue
            day_session = targets.DaySession(minutes=session.planned_minutes, intensity=session.intensity)
            guidance = targets.exercise_hydration(profile_of(athlete, session.date), day_session)
            message = content.pre_session(
                session.title,
                start,
                session.planned_minutes,
                guidance,
                units,
                _cautions(candidate.due),
                match=session.event == "match",
            )
        else:
            minutes = logged.get(session.pk, session.planned_minutes)
            sweat = targets.session_sweat_ml(
                targets.DaySession(minutes=minutes, intensity=session.intensity), athlete.sweat_rate_ml_per_h
            )
            blocks = [b for b in session.blocks.all() if b.kind == "stretching"]
            stretching = [
                {"name": e.name, "sets": e.sets, "reps": e.reps, "seconds": e.seconds}
                for block in blocks
                for e in block.exercises.all()
            ]
            log_url = selectors.site_url(f"/api/v1/athletes/{athlete.pk}/workouts/")
            rpe_url = selectors.site_url(f"/athletes/{athlete.pk}/workouts/new/#rpe") if session.pk in waiting else ""
            message = content.post_session(
                session.title,
                sweat,
                session.pk in logged,
                stretching,
                sum(b.minutes for b in blocks),
                log_url,
                _cautions(candidate.due),
                match=session.event == "match",
                rpe_url=rpe_url,
            )
        out.append((candidate, message))
    return out


def _compose_rest_day(group: Sequence[_Candidate], now: dt.datetime) -> list[tuple[_Candidate, content.Message]]:
    """docs/domain.md §9: on a rest or cross-training day of a published week."""
    days = selectors.planned_days((c.due.athlete.pk, c.slot.local_date) for c in group)
    out = []
    for candidate in group:
        day = days.get((candidate.due.athlete.pk, candidate.slot.local_date))
        if day is not None and day.kind in ("rest", "cross_training"):
            out.append((candidate, content.rest_day(day.kind, day.titles)))
    return out


def _compose_checkin(group: Sequence[_Candidate], now: dt.datetime) -> list[tuple[_Candidate, content.Message]]:
    """docs/domain.md §9: when no wellness check-in was logged that day."""
    done = selectors.checked_in((c.due.athlete.pk, c.slot.local_date) for c in group)
    return [
        (c, content.checkin(selectors.site_url(f"/api/v1/athletes/{c.due.athlete.pk}/checkins/")))
        for c in group
        if (c.due.athlete.pk, c.slot.local_date) not in done
    ]


def _compose_coach_digest(group: Sequence[_Candidate], now: dt.datetime) -> list[tuple[_Candidate, content.Message]]:
    """docs/domain.md §9: each morning, to coaches who have athletes."""
    rosters = selectors.rosters(c.due.user.pk for c in group)
    athletes = list({a.pk: a for roster in rosters.values() for a in roster}.values())
    yesterday = {a.pk: timing.Waking(zone=a.time_zone).today(now) - dt.timedelta(days=1) for a in athletes}
    flags = selectors.digest_flags(athletes, yesterday)
    compliance = selectors.week_compliance(athletes, yesterday)
    statuses = selectors.digest_statuses(athletes, yesterday)
    out = []
    for candidate in group:
        roster = rosters.get(candidate.due.user.pk) or []
        if not roster:
            continue
        rows = [
            {
                "id": a.pk,
                "name": a.user.name or a.user.email,
                "flags": flags[a.pk],
                "compliance_pct": _whole_pct(compliance[a.pk].compliance_pct),
                "missed": compliance[a.pk].missed,
                "yesterday": yesterday[a.pk].isoformat(),
                **content.digest_status(
                    statuses[a.pk].status if statuses[a.pk] else None,
                    statuses[a.pk].reasons if statuses[a.pk] else [],
                    a.user.name or a.user.email,
                ),
            }
            for a in roster
        ]
        user = candidate.due.user
        out.append(
            (candidate, content.coach_digest(user.name or user.email, rows, candidate.slot.local_date.isoformat()))
        )
    return out


def _whole_pct(percent: float | None) -> int | None:
    """A whole percent rounded half up, as the plan page (plans.pages.compliance_sentence) and the roster page
    (floatformat) show the same figure: 62.5 is 63, where round() would give 62."""
    if percent is None:
        return None
    return int(Decimal(str(percent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


_COMPOSERS: dict[Kind, Callable[[Sequence[_Candidate], dt.datetime], list[tuple[_Candidate, content.Message]]]] = {
    Kind.HYDRATION: _compose_hydration,
    Kind.PRE_SESSION: _compose_sessions,
    Kind.POST_SESSION: _compose_sessions,
    Kind.REST_DAY: _compose_rest_day,
    Kind.CHECKIN: _compose_checkin,
    Kind.COACH_DIGEST: _compose_coach_digest,
}


@transaction.atomic
def _settle_stuck(now: dt.datetime, publish: bool, result: SweepResult) -> None:
    """Rows whose worker died mid-send (docs/design.md, Reminder delivery (5)): SMTP may or may not have taken them.

    Nudges become `abandoned` (at most once: the next slot comes soon, a late duplicate is noise). Alerts and
    digests go back to `pending` and are sent again with the same Message-ID (at least once), until their
    attempts run out.
    """
    cutoff = now - SENDING_TIMEOUT
    stuck = Delivery.objects.filter(status=DeliveryStatus.SENDING, claimed_at__lt=cutoff)
    result.abandoned += stuck.exclude(kind__in=timing.AT_LEAST_ONCE_KINDS).update(
        status=DeliveryStatus.ABANDONED, last_error="The worker was lost mid-send; nudges are sent at most once."
    )
    again = stuck.filter(kind__in=timing.AT_LEAST_ONCE_KINDS)
    again.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=DeliveryStatus.FAILED, last_error="The worker was lost mid-send on every attempt."
    )
    ids = list(again.filter(attempts__lt=MAX_ATTEMPTS).values_list("pk", flat=True)[:REPUBLISH_BATCH])
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.SENDING, claimed_at__lt=cutoff).update(
        status=DeliveryStatus.PENDING,
        next_attempt_at=now + PUBLISH_LEASE,
        last_error="The worker was lost mid-send; sending again with the same Message-ID.",
    )
    result.republished.extend(ids)
    if publish:
        _publish(ids)


@transaction.atomic
def _republish_pending(now: dt.datetime, publish: bool, result: SweepResult) -> None:
    """Pending rows whose publish was lost, or whose backoff is over, are published again (docs/design.md (4))."""
    due = Delivery.objects.filter(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    ids = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[:REPUBLISH_BATCH])
    if not ids:
        return
    Delivery.objects.filter(pk__in=ids, status=DeliveryStatus.PENDING).update(next_attempt_at=now + PUBLISH_LEASE)
    result.republished.extend(ids)
    if publish:
        _publish(ids)


# --- sending -----------------------------------------------------------------------------------------------


def send_delivery(delivery_id: int) -> str:
    """Send one reminder: the batch of one (`send_deliveries`). Answers "sent", "taken", "off", "retry" or
    "failed"."""
    outcomes = send_deliveries([delivery_id])
    return next(iter(outcomes))


def send_deliveries(delivery_ids: Sequence[int], *, budget_s: float = SEND_BUDGET_S) -> dict[str, int]:
    """Send a batch of reminders over one SMTP session; each row is still claimed on its own, just before its
    email goes out (compare-and-set), so a second run of the same ids does nothing and a worker lost mid-batch
    strands one row at most (the stuck-row policy settles it, docs/design.md, Reminder delivery (5)).

    "Another worker got there first" is normal and counts as "taken". SMTP errors put that row back to pending
    with exponential backoff; the sweep publishes it again when `next_attempt_at` comes (no long countdowns).
    Rows not started within `budget_s` stay pending and unclaimed: their publish lease brings them back.
    """
    outcomes: dict[str, int] = defaultdict(int)
    rows = selectors.deliveries_for_sending(delivery_ids)
    outcomes["taken"] += len(set(delivery_ids)) - len(rows)
    deadline = time.monotonic() + budget_s
    for index, delivery in enumerate(rows):
        if time.monotonic() > deadline:
            outcomes["later"] += len(rows) - index
            break
        outcomes[_claim_and_send(delivery)] += 1
    return {outcome: count for outcome, count in outcomes.items() if count}


def _claim_and_send(delivery: Delivery) -> str:
    if not _claim(delivery.pk):
        return "taken"
    preference = selectors.preference_of(delivery.recipient)
    if not delivery.recipient.is_active or not preference.is_on(delivery.kind):
        _finish(delivery, DeliveryStatus.ABANDONED, "Turned off before it was sent.")
        return "off"
    try:
        emails.send(emails.delivery_message(delivery, preference))
    except (smtplib.SMTPException, OSError) as exc:
        return _back_off(delivery, exc)
    _finish(delivery, DeliveryStatus.SENT, "")
    return "sent"


# The two updates every email makes, written once by hand: the ORM spent longer building each statement than the
# database spent running it (issue 16). Same compare-and-set as `filter(...).update(...)`; the table name is ours
# and every value a parameter.
_CLAIM_SQL = (
    f"UPDATE {Delivery._meta.db_table} SET status = %s, claimed_at = %s, attempts = attempts + 1"  # noqa: S608  # nosec B608
    " WHERE id = %s AND status = %s"
)
_FINISH_SQL = (
    f"UPDATE {Delivery._meta.db_table} SET status = %s, sent_at = %s, last_error = %s"  # noqa: S608  # nosec B608
    " WHERE id = %s AND status = %s"
)


def _claim(delivery_id: int) -> bool:
    """pending -> sending, counting the attempt; True if this call changed the row (docs/design.md (3))."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            _CLAIM_SQL,
            [DeliveryStatus.SENDING, now, delivery_id, DeliveryStatus.PENDING],
        )
        return cursor.rowcount == 1


def _finish(delivery: Delivery, status: str, error: str) -> None:
    sent_at = connection.ops.adapt_datetimefield_value(timezone.now()) if status == DeliveryStatus.SENT else None
    with connection.cursor() as cursor:
        cursor.execute(
            _FINISH_SQL,
            [status, sent_at, error, delivery.pk, DeliveryStatus.SENDING],
        )


def _back_off(delivery: Delivery, exc: Exception) -> str:
    error = f"{type(exc).__name__}: {exc}"[:1000]
    # The batch read the row before its claim counted this attempt: read the count the claim left.
    delivery.attempts = Delivery.objects.values_list("attempts", flat=True).get(pk=delivery.pk)
    if delivery.attempts >= MAX_ATTEMPTS:
        _finish(delivery, DeliveryStatus.FAILED, error)
        # The exception's class only: SMTP errors can quote the recipient's address (the row keeps the full text).
        logger.warning("reminder %s failed after %s attempts: %s", delivery.pk, delivery.attempts, type(exc).__name__)
        return "failed"
    Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.SENDING).update(
        status=DeliveryStatus.PENDING, next_attempt_at=timezone.now() + backoff(delivery.attempts), last_error=error
    )
    return "retry"


# --- the hydration email's drink link ----------------------------------------------------------------------


@transaction.atomic
def log_drink(token: str, *, now: dt.datetime | None = None) -> tuple[selectors.DrinkLink, Any]:
    """Log the glass a hydration email's link stands for, once per email: a compare-and-set on the delivery row
    claims the link, and the water log is written in the same transaction (a refused log gives the claim back).
    Answers the link and the new WaterLog, or None when the link was used already."""
    link = selectors.drink_link(token)
    now = now or timezone.now()
    claimed = Delivery.objects.filter(pk=link.delivery.pk, drink_logged_at__isnull=True).update(drink_logged_at=now)
    if claimed != 1:
        return link, None
    return link, log_water(athlete=link.athlete, water_ml=link.water_ml, at=now)


# --- alerts and tests --------------------------------------------------------------------------------------


def notify_recovery_red(
    athlete: AthleteProfile, reasons: list[dict], local_date: dt.date, *, now: dt.datetime | None = None
) -> list[Delivery]:
    """`notify_recovery_reds` for one athlete."""
    return notify_recovery_reds([(athlete, reasons, local_date)], now=now)


@transaction.atomic
def notify_recovery_reds(
    reds: Sequence[tuple[AthleteProfile, list[dict], dt.date]], *, now: dt.datetime | None = None
) -> list[Delivery]:
    """Each athlete's recovery status turned red on their local date: alert them and every coach on their roster,
    once per athlete per day (the outbox key), during each person's waking hours (held until they start,
    otherwise). 5 queries for any number of athletes (a morning chunk's reds at once)."""
    now = now or timezone.now()
    coaches: dict[int, list[User]] = defaultdict(list)
    links = CoachAthlete.objects.filter(athlete__in=[athlete for athlete, *_ in reds]).select_related("coach")
    for link in links.order_by("pk"):
        coaches[link.athlete_id].append(link.coach)
    people = {u.pk: u for athlete, *_ in reds for u in (athlete.user, *coaches[athlete.pk])}
    preferences = {p.user_id: p for p in ReminderPreference.objects.filter(user_id__in=people)}
    rows, awake = [], set()
    for athlete, reasons, local_date in reds:
        name = athlete.user.name or athlete.user.email
        for user in (athlete.user, *coaches[athlete.pk]):
            preference = preferences.get(user.pk) or ReminderPreference(user=user)
            if not preference.recovery_alert or not selectors.reachable(user):
                continue
            waking = selectors.waking_of(user, preference)
            at = now if waking.awake_at(now) else _next_wake(waking, now)
            if at == now:
                awake.add((user.pk, athlete.pk))
            message = content.recovery_alert(name, reasons, user.pk != athlete.user_id, local_date.isoformat())
            rows.append(
                Delivery(
                    recipient=user,
                    athlete=athlete,
                    kind=Kind.RECOVERY_ALERT,
                    local_date=local_date,
                    slot=f"athlete-{athlete.pk}",
                    subject=content.clean_subject(message.subject),
                    context=message.context,
                    next_attempt_at=now + PUBLISH_LEASE if at == now else at,
                )
            )
    if not rows:
        return []
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    ids = selectors.delivery_ids(_key(d) for d in rows)
    created = list(Delivery.objects.filter(pk__in=ids).order_by("pk"))
    _publish(d.pk for d in created if (d.recipient_id, d.athlete_id) in awake)
    return created


def _next_wake(waking: timing.Waking, now: dt.datetime) -> dt.datetime:
    today = waking.today(now)
    start = waking.to_utc(today, waking.start)
    return start if start > now else waking.to_utc(today + dt.timedelta(days=1), waking.start)


@transaction.atomic
def send_test_reminder(user: User, *, requested_by: User | None = None) -> Delivery:
    """A staff test: one email to the user's reminder address through the whole path (outbox, worker, SMTP)."""
    now = timezone.now()
    preference = preference_for(user)
    waking = selectors.waking_of(user, preference)
    who = requested_by.email if requested_by else "staff"
    delivery = Delivery.objects.create(
        recipient=user,
        athlete=selectors.athlete_of(user),
        kind=TEST_KIND,
        local_date=waking.today(now),
        slot=f"test-{now:%H%M%S%f}",
        subject="Test reminder from Trainer",
        context={"requested_by": who},
        next_attempt_at=now + PUBLISH_LEASE,
    )
    _publish([delivery.pk])
    return delivery


@transaction.atomic
def send_again(delivery_ids: Sequence[int]) -> int:
    """Staff: put failed or abandoned rows back to pending with fresh attempts, and publish them."""
    rows = Delivery.objects.filter(pk__in=delivery_ids, status__in=[DeliveryStatus.FAILED, DeliveryStatus.ABANDONED])
    ids = list(rows.values_list("pk", flat=True))
    Delivery.objects.filter(pk__in=ids).update(
        status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=timezone.now() + PUBLISH_LEASE, last_error=""
    )
    _publish(ids)
    return len(ids)
