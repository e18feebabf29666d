"""Recovery checks as writes: store the day's status, adapt the coming sessions, tell the coach.

The check itself is pure (recovery/status.py); this module gathers its inputs, stores what it decided and acts
on it. Adjustments never break a plan rule: a change the rules refuse is not made, and the coach is told.
"""

from __future__ import annotations

import datetime as dt
import logging
import operator
import uuid
from collections import defaultdict
from collections.abc import Sequence
from functools import reduce
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from core.errors import ServiceError
from core.queue import publish
from core.status import Status
from people.models import AthleteProfile, CoachAthlete, User
from people.services import data_changed
from plans import convert, selectors, services
from plans.engine.compose import reshape_session
from plans.engine.constants import MODALITY_TWIN
from plans.engine.serialize import week_from_dict
from plans.engine.types import Intensity, Modality, Session
from plans.models import AdjustmentKind, PlanAdjustment, PlanSession, PlanStatus, RecoveryLevel
from recovery import signals
from recovery.history import load_rows, recovery_input, recovery_inputs, recovery_window, within
from recovery.models import CoachAlert, MorningClaim, RecoveryStatus
from recovery.status import REASON_WORDS, RecoveryResult, Severity, about, recovery_check
from training.models import WorkoutLog

logger = logging.getLogger(__name__)

# docs/domain.md §7 / issue 5: on red or amber, the next hard session within 48 hours adapts.
ADJUST_WITHIN = dt.timedelta(hours=48)
# Cross-training modalities tried in this order for a converted session: the lowest impact first.
CROSS_ORDER = (
    Modality.CYCLING,
    Modality.SWIMMING,
    Modality.AQUA_JOGGING,
    Modality.ELLIPTICAL,
    Modality.ROWING,
    Modality.YOGA,
)
# A morning claim older than this, on a day still without a status, was left by a worker that died: the next chunk
# (the next beat's, 15 minutes on) takes it over. A chunk of 500 takes seconds, so a live one never comes near it.
CLAIM_LEASE = dt.timedelta(minutes=10)


def reason_json(reason: Any) -> dict[str, Any]:
    return {
        "code": str(reason.code),
        "severity": str(reason.severity),
        "message": reason.message,
        "value": reason.value,
        "threshold": reason.threshold,
    }


def local_today(athlete: AthleteProfile, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(athlete.time_zone)).date()


def run_check(athlete: AthleteProfile, now: dt.datetime | None = None) -> RecoveryStatus:
    """Check the athlete's local today, store the status, and act when it turns amber or red: `run_checks` for one
    athlete, so a log's check and the morning's chunks cannot drift apart."""
    return run_checks([athlete], now)[athlete.pk]


def run_checks(athletes: Sequence[AthleteProfile], now: dt.datetime | None = None) -> dict[int, RecoveryStatus]:
    """Check each athlete's local today with the same pure check (recovery/status.py), store every status with one
    upsert, and act on the few that turn amber or red. At most 17 queries for any number of athletes (11 reads, the
    status read and its upsert, the data versions of intake/day_cache.py, the next hard sessions, the alerts; more
    upsert batches on SQLite past 199 rows), plus the adjustment of each athlete whose coming hard session adapts."""
    if not athletes:
        return {}
    now = now or timezone.now()
    days = {a.pk: local_today(a, now) for a in athletes}
    inputs = recovery_inputs(athletes, days, now)
    results = {pk: recovery_check(inp) for pk, inp in inputs.items()}
    with transaction.atomic():
        # Locked in athlete order, so two writers of overlapping rows never wait on each other in a circle
        # (PostgreSQL; SQLite's write lock is the whole database).
        previous = dict(
            RecoveryStatus.objects.select_for_update()
            .filter(within({pk: (day, day) for pk, day in days.items()}))
            .order_by("athlete_id")
            .values_list("athlete_id", "status")
        )
        rows = [
            RecoveryStatus(
                athlete=a,
                date=days[a.pk],
                status=results[a.pk].status,
                reasons=[reason_json(r) for r in results[a.pk].reasons],
                checked_at=now,
            )
            for a in athletes
        ]
        stored = RecoveryStatus.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["athlete", "date"],
            update_fields=["status", "reasons", "checked_at"],
        )
        data_changed(days)  # the day summaries show the status just stored
        _act_on(athletes, days, results, previous, now)
    return {row.athlete_id: row for row in stored}


def _act_on(
    athletes: Sequence[AthleteProfile],
    days: dict[int, dt.date],
    results: dict[int, RecoveryResult],
    previous: dict[int, str],
    now: dt.datetime,
) -> None:
    """Adapt the next hard session of each athlete who turned amber or red, and tell the coaches of each who turned
    red (docs/domain.md §7). Their sessions are found in one read; the rest is per athlete, and rare."""
    turned = [
        a
        for a in athletes
        if results[a.pk].status in (Status.AMBER, Status.RED) and previous.get(a.pk) != results[a.pk].status
    ]
    sessions = _next_hard_sessions(turned, now)
    reds = []
    for athlete in turned:
        result = results[athlete.pk]
        row = sessions.get(athlete.pk)
        adjustment = _adjust(athlete, row, result) if row is not None else None
        if result.status == Status.RED:  # and it was not red before: `turned`
            reds.append(RedDay(athlete, days[athlete.pk], result, adjustment))
    alert_coaches_of(reds)


# --- the morning run in chunks ----------------------------------------------------------------------------


def run_morning_chunk(athlete_ids: Sequence[int], now: dt.datetime | None = None) -> list[int]:
    """The morning check of one chunk (docs/design.md, "The morning run"): claim each athlete's local today, check the
    claimed ones in one batch and pay the debts it saw. The ids checked; an athlete another chunk claimed, or gone
    since, is left out. At most 22 queries for a chunk of up to 199 athletes (a few more upsert and claim batches on
    SQLite, whose statements hold at most 999 parameters), plus run_checks' adjustments."""
    now = now or timezone.now()
    athletes = list(AthleteProfile.objects.select_related("user").filter(pk__in=list(athlete_ids)).order_by("pk"))
    if not athletes:
        return []
    token = uuid.uuid4()
    days = {a.pk: local_today(a, now) for a in athletes}
    mine = claim_mornings(days, token, now)
    claimed = [a for a in athletes if a.pk in mine]
    try:
        run_checks(claimed, now)
    except DatabaseError:
        _release(days, token)
        raise
    except Exception:
        # One athlete's bad data must not cost 499 others their morning, every quarter hour: one by one instead.
        logger.exception("morning chunk of %s failed; checking its athletes one by one", len(claimed))
        claimed = _one_by_one(claimed, days, token, now)
    pay_debts(claimed)
    return [a.pk for a in claimed]


def _one_by_one(
    athletes: Sequence[AthleteProfile], days: dict[int, dt.date], token: uuid.UUID, now: dt.datetime
) -> list[AthleteProfile]:
    """The athletes whose own check ran; those whose check failed are logged and given back."""
    checked, failed = [], {}
    for athlete in athletes:
        try:
            run_check(athlete, now)
        except Exception:
            logger.exception("morning check of athlete %s failed", athlete.pk)
            failed[athlete.pk] = days[athlete.pk]
        else:
            checked.append(athlete)
    if failed:
        _release(failed, token)
    return checked


def _release(days: dict[int, dt.date], token: uuid.UUID) -> None:
    """Give claims back at once, so a redelivered or later chunk can take them (if this fails too, the lease runs
    out)."""
    MorningClaim.objects.filter(_claims_of(days), token=token).delete()


def claim_mornings(days: dict[int, dt.date], token: uuid.UUID, now: dt.datetime) -> set[int]:
    """Claim each athlete's morning of their local day for `token`; the athletes claimed (3 queries).

    The claim is a row and its unique (athlete, date), so it works alike on SQLite and PostgreSQL: insert-or-ignore
    leaves an athlete another chunk claimed first to that chunk, and reading back our own token tells which rows
    are ours. (SELECT ... FOR UPDATE SKIP LOCKED would hold locks for the whole computation, and SQLite has none.)
    Each statement commits on its own, so a claim is seen by every worker at once and a chunk never holds a write
    lock while it computes. A claim that outlived CLAIM_LEASE on a day still without a status was left by a dead
    worker: the compare-and-set UPDATE takes it over, and of two chunks trying at once only the first matches.
    """
    if not days:
        return set()
    MorningClaim.objects.bulk_create(
        [MorningClaim(athlete_id=pk, date=day, token=token, claimed_at=now) for pk, day in days.items()],
        ignore_conflicts=True,
    )
    status_of_day = RecoveryStatus.objects.filter(athlete_id=OuterRef("athlete_id"), date=OuterRef("date"))
    MorningClaim.objects.filter(_claims_of(days), claimed_at__lt=now - CLAIM_LEASE).exclude(token=token).exclude(
        Exists(status_of_day)
    ).update(token=token, claimed_at=now)
    return set(MorningClaim.objects.filter(_claims_of(days), token=token).values_list("athlete_id", flat=True))


def _claims_of(days: dict[int, dt.date]) -> Q:
    """The claim rows of these athletes' days, found down the unique (athlete, date) index."""
    return within({pk: (day, day) for pk, day in days.items()})


def prune_claims(before: dt.date) -> int:
    """Forget the claims of days before `before`: the due selector no longer looks at them (1 query)."""
    deleted, _ = MorningClaim.objects.filter(date__lt=before).delete()
    return deleted


def pay_debts(athletes: Sequence[AthleteProfile]) -> None:
    """Pay each debt the check saw, and only that one (compare-and-set): a log that arrived while it ran has moved
    recovery_owed_since later, and still owes a check. 1 query, none when nobody owed."""
    owing = [
        Q(pk=a.pk, recovery_owed_since__lte=a.recovery_owed_since)
        for a in athletes
        if a.recovery_owed_since is not None
    ]
    if owing:
        AthleteProfile.objects.filter(reduce(operator.or_, owing)).update(recovery_owed_since=None)


# --- adjustments ------------------------------------------------------------------------------------------


def _next_hard_sessions(athletes: Sequence[AthleteProfile], now: dt.datetime) -> dict[int, PlanSession]:
    """Each athlete's next hard session starting within ADJUST_WITHIN, not adapted nor logged yet (1 query for any
    number of athletes, none for none)."""
    if not athletes:
        return {}
    zones = {a.pk: ZoneInfo(a.time_zone) for a in athletes}
    todays = {pk: now.astimezone(zone).date() for pk, zone in zones.items()}
    logged = WorkoutLog.objects.filter(session=OuterRef("pk"), athlete=OuterRef("plan__athlete"))
    candidates = (
        PlanSession.objects.filter(
            within({pk: (day, day + dt.timedelta(days=2)) for pk, day in todays.items()}, "plan__athlete_id"),
            plan__status=PlanStatus.PUBLISHED,
            intensity=Intensity.HARD,
            event="",  # a team's practice or match is the team's; the coach hears of the status instead
            adjustments__isnull=True,
        )
        .exclude(Exists(logged))
        .select_related("plan__athlete__user")
        .order_by("date", "order")
    )
    preferred = {a.pk: a.preferred_session_time for a in athletes}
    found: dict[int, PlanSession] = {}
    for session in candidates:
        pk = session.plan.athlete_id
        if pk in found:
            continue
        start = dt.datetime.combine(session.date, session.start_time or preferred[pk], tzinfo=zones[pk])
        if now <= start <= now + ADJUST_WITHIN:
            found[pk] = session
    return found


def _build(
    original: Session, catalogue: list, title: str, modality: Modality, intensity: Intensity, minutes: int
) -> Session | None:
    """The session in its adapted shape, keeping its strength block (its Nordic work counts for the week's rules)."""
    try:
        return reshape_session(
            catalogue, original, modality=modality, intensity=intensity, planned_minutes=minutes, title=title
        )
    except ValueError:
        return None


def _easier(row: PlanSession, catalogue: list) -> list[Session]:
    original = convert.session_of(row)
    eased = _build(
        original, catalogue, f"{row.title} (eased)", original.modality, Intensity.MODERATE, row.planned_minutes
    )
    return [eased] if eased else []


def _cross_options(row: PlanSession, catalogue: list) -> list[Session]:
    original = convert.session_of(row)
    sport = Modality(row.plan.athlete.sport)
    options = []
    for modality in CROSS_ORDER:
        if MODALITY_TWIN.get(sport) == modality:
            continue  # a cyclist's cycling is no cross-training
        for minutes in (row.planned_minutes, max(30, row.planned_minutes * 2 // 3), 30):
            title = f"Easy {modality.replace('_', ' ')} (recovery)"
            if built := _build(original, catalogue, title, modality, Intensity.EASY, minutes):
                options.append(built)
    return options


def adjust_next_hard_session(
    athlete: AthleteProfile, now: dt.datetime, result: RecoveryResult
) -> PlanAdjustment | None:
    """Red: the next hard session within 48 h becomes cross-training (or rest); amber: it gets one step easier.

    Every candidate keeps its warm-up and stretching blocks (built by the engine) and must pass the week's rules.
    """
    row = _next_hard_sessions([athlete], now).get(athlete.pk)
    return _adjust(athlete, row, result) if row is not None else None


def _adjust(athlete: AthleteProfile, row: PlanSession, result: RecoveryResult) -> PlanAdjustment | None:
    _, catalogue = selectors.catalogue_for(athlete)
    before, title = services.session_snapshot(row), row.title
    red = result.status == Status.RED
    candidates = _cross_options(row, catalogue) if red else _easier(row, catalogue)
    kind = AdjustmentKind.CROSS_TRAINING if red else AdjustmentKind.EASIER
    for candidate in candidates:
        try:
            with transaction.atomic():
                services.reshape_session(row, candidate, author=None)
        except services.PlanRuleViolation as refused:
            logger.debug("adjustment refused by %s", [v.rule for v in refused.violations])
            continue
        return _record(row, kind, result, before, f"'{title}' became '{candidate.title}'")
    if red:
        try:
            with transaction.atomic():
                services.delete_session(session=row, author=None)
        except services.PlanRuleViolation:
            logger.info("no rule-keeping adjustment for session %s", row.pk)
            return None
        return _record(row, AdjustmentKind.REST, result, before, f"'{title}' became a rest day")
    return None


def _record(row: PlanSession, kind: str, result: RecoveryResult, before: dict, change: str) -> PlanAdjustment:
    words = ", ".join(sorted({REASON_WORDS[r.code] for r in result.reasons if r.severity != Severity.INFO}))
    status = RecoveryLevel(str(result.status)).label.lower()
    message = f"Recovery check {status} ({words}): {change} on {row.date:%A} {row.date.day} {row.date:%B}."
    if kind != AdjustmentKind.REST:
        message += " Its warm-up and stretching stay."
    return PlanAdjustment.objects.create(
        plan=row.plan,
        session=row if row.pk else None,
        date=row.date,
        kind=kind,
        status=result.status,
        reasons=[reason_json(r) for r in result.reasons],
        message=message,
        before=before,
    )


@transaction.atomic
def undo_adjustment(adjustment: PlanAdjustment, by: User, override_reason: str = "") -> PlanAdjustment:
    """Give the session back its earlier shape; checked against the rules like any coach edit."""
    adjustment = PlanAdjustment.objects.select_for_update().select_related("plan__athlete").get(pk=adjustment.pk)
    if adjustment.undone_at is not None:
        raise ServiceError("adjustment", "This adjustment was undone already.")
    _, catalogue = selectors.catalogue_for(adjustment.plan.athlete)
    week = week_from_dict(adjustment.before["week"], catalogue)
    date = dt.date.fromisoformat(adjustment.before["date"])
    [original] = [s for day in week.days if day.date == date for s in day.sessions]
    row = PlanSession.objects.filter(pk=adjustment.session_id).select_related("plan__athlete").first()
    if row is None:
        services.restore_session(adjustment.plan, date, original, author=by, override_reason=override_reason)
    else:
        services.reshape_session(row, original, author=by, override_reason=override_reason)
    adjustment.undone_at, adjustment.undone_by = timezone.now(), by
    adjustment.save(update_fields=["undone_at", "undone_by"])
    return adjustment


# --- telling the coach ------------------------------------------------------------------------------------


class RedDay(NamedTuple):
    """An athlete whose check turned red, and the adjustment it made (if any): what their coaches are told."""

    athlete: AthleteProfile
    day: dt.date
    result: RecoveryResult
    adjustment: PlanAdjustment | None


def alert_coaches(
    athlete: AthleteProfile, day: dt.date, result: RecoveryResult, adjustment: PlanAdjustment | None
) -> None:
    alert_coaches_of([RedDay(athlete, day, result, adjustment)])


def alert_coaches_of(reds: Sequence[RedDay]) -> None:
    """Tell each red athlete's coaches (an alert each, once a day) and have them emailed once the check commits: 2
    queries for any number of athletes, none for none."""
    if not reds:
        return
    coaches: dict[int, list[int]] = defaultdict(list)
    links = CoachAthlete.objects.filter(athlete_id__in=[red.athlete.pk for red in reds])
    for athlete_id, coach_id in links.values_list("athlete_id", "coach_id"):
        coaches[athlete_id].append(coach_id)
    alerts, emails = [], []
    for athlete, day, result, adjustment in reds:
        reasons = [reason_json(r) for r in result.reasons]
        name = str(athlete)
        red = " ".join(about(r["message"], name) for r in reasons if r["severity"] == "red")
        message = f"{name} is red today. {red}" + (f" {adjustment.message}" if adjustment else "")
        alerts += [
            CoachAlert(
                coach_id=coach_id, athlete=athlete, date=day, status=RecoveryLevel.RED, reasons=reasons, message=message
            )
            for coach_id in coaches[athlete.pk]
        ]
        emails.append((athlete, reasons, day))
    CoachAlert.objects.bulk_create(alerts, ignore_conflicts=True)
    _notify_by_email(emails)


def _notify_by_email(reds: list[tuple[AthleteProfile, list[dict[str, Any]], dt.date]]) -> None:
    """The reminders app turns red days into emails to each athlete and their coaches, once a day: one signal for
    the whole batch, so a morning chunk's reds cost a fixed number of queries however many they are."""
    transaction.on_commit(lambda: signals.turned_red.send(sender=AthleteProfile, reds=reds))


@transaction.atomic
def mark_alert_read(alert: CoachAlert) -> CoachAlert:
    if alert.read_at is None:
        alert.read_at = timezone.now()
        alert.save(update_fields=["read_at"])
    return alert


def day_load_and_recovery(athlete: AthleteProfile, day: dt.date) -> tuple[dict[str, Any], dict[str, Any]]:
    """The day summary's `load` and `recovery`: the stored check of that day, or one computed now (not stored).

    The load series is read once, over a bounded warm-up, and serves both (recovery.history.load_window).
    """
    window = recovery_window(athlete, day)
    [load] = load_rows(athlete, day, day, window)
    stored = RecoveryStatus.objects.filter(athlete=athlete, date=day).first()
    if stored is not None:
        return load, {"status": stored.status, "reasons": stored.reasons, "checked_at": stored.checked_at.isoformat()}
    now = timezone.now()
    result = recovery_check(recovery_input(athlete, day, min(now, _end_of(athlete, day)), window))
    return load, {"status": str(result.status), "reasons": [reason_json(r) for r in result.reasons], "checked_at": None}


def _end_of(athlete: AthleteProfile, day: dt.date) -> dt.datetime:
    zone = ZoneInfo(athlete.time_zone)
    return dt.datetime.combine(day, dt.time(23, 59, 59), tzinfo=zone)


CHECK_TASK = "recovery.tasks.check_recovery"


def check_after_log(sender: type, athlete: AthleteProfile, **kwargs: Any) -> None:
    """The receiver of training's `logged`: the athlete's check is published once the log commits."""
    transaction.on_commit(lambda: publish_check(athlete.pk))


def _claim_keys(athlete_id: int) -> tuple[str, str]:
    return f"recovery-check:{athlete_id}", f"recovery-check:{athlete_id}:later"


def publish_check(athlete_id: int) -> str | None:
    """Publish a committed log's recovery check, at most one per athlete a window (RECOVERY_CHECK_WINDOW_SECONDS):
    the first log of a quiet window is checked at once ("now"), later ones share one check at the window's end
    ("later"), and a log that finds that one still coming publishes nothing (None): it runs after this commit.

    The claims are cache keys (Redis, shared by every process, in production). Nothing relies on them for
    safety: the debt this log wrote (recovery_owed_since) stays until a check that saw it has run, and the
    sweep (recovery.tasks.morning_checks) runs a debt whose check never came, cache or broker away or not.
    """
    window = settings.RECOVERY_CHECK_WINDOW_SECONDS
    now_key, later_key = _claim_keys(athlete_id)
    # A burst's usual log finds both claims taken: one read says so, where the two adds below took two round trips
    # (issue 16, item 5). A claim seen here was there when both adds would have failed, so nothing is lost; any
    # claim missing is tried with its add, as before, which settles a race with another log.
    claimed = cache.get_many([now_key, later_key])
    if now_key in claimed and later_key in claimed:
        return None
    if now_key not in claimed and cache.add(now_key, True, timeout=window):
        publish(CHECK_TASK, athlete_id)
        return "now"
    if cache.add(later_key, True, timeout=window):
        # The later check opens the next window, so the check after it is a window later again.
        cache.set(now_key, True, timeout=2 * window)
        publish(CHECK_TASK, athlete_id, True, countdown=window)
        return "later"
    return None


def run_owed_check(athlete_id: int, later: bool = False) -> str | None:
    """Run an athlete's check (a log's, or the morning's) and pay the debt it saw; None: no such athlete.
    `later`: the check publish_check put off; a log from now on needs a check of its own."""
    if later:
        cache.delete(_claim_keys(athlete_id)[1])
    athlete = AthleteProfile.objects.select_related("user").filter(pk=athlete_id).first()
    if athlete is None:
        return None
    status = run_check(athlete).status
    pay_debts([athlete])  # only once the check succeeded
    return status
