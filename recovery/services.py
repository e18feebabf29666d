"""Recovery checks as writes: store the day's status, adapt the coming sessions, tell the coach.

The check itself is pure (recovery/status.py); this module gathers its inputs, stores what it decided and acts
on it. Adjustments never break a plan rule: a change the rules refuse is not made, and the coach is told.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from core.errors import ServiceError
from core.queue import publish
from core.status import Status
from people.models import AthleteProfile, CoachAthlete, User
from plans import convert, selectors, services
from plans.engine.compose import reshape_session
from plans.engine.constants import MODALITY_TWIN
from plans.engine.serialize import week_from_dict
from plans.engine.types import Intensity, Modality, Session
from plans.models import AdjustmentKind, PlanAdjustment, PlanSession, PlanStatus, RecoveryLevel
from recovery import signals
from recovery.history import load_rows, recovery_input, recovery_window
from recovery.models import CoachAlert, RecoveryStatus
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
    """Check the athlete's local today, store the status, and act when it turns amber or red."""
    now = now or timezone.now()
    day = local_today(athlete, now)
    result = recovery_check(recovery_input(athlete, day, now))
    with transaction.atomic():
        previous = RecoveryStatus.objects.select_for_update().filter(athlete=athlete, date=day).first()
        was = previous.status if previous else None
        status, _ = RecoveryStatus.objects.update_or_create(
            athlete=athlete,
            date=day,
            defaults={"status": result.status, "reasons": [reason_json(r) for r in result.reasons], "checked_at": now},
        )
        if result.status in (Status.AMBER, Status.RED) and was != result.status:
            adjustment = adjust_next_hard_session(athlete, now, result)
            if result.status == Status.RED and was != Status.RED:
                alert_coaches(athlete, day, result, adjustment)
    return status


# --- adjustments ------------------------------------------------------------------------------------------


def _next_hard_session(athlete: AthleteProfile, now: dt.datetime) -> PlanSession | None:
    zone = ZoneInfo(athlete.time_zone)
    today = now.astimezone(zone).date()
    candidates = (
        PlanSession.objects.filter(
            plan__athlete=athlete,
            plan__status=PlanStatus.PUBLISHED,
            intensity=Intensity.HARD,
            event="",  # a team's practice or match is the team's; the coach hears of the status instead
            date__gte=today,
            date__lte=today + dt.timedelta(days=2),
            adjustments__isnull=True,
        )
        .exclude(pk__in=WorkoutLog.objects.filter(athlete=athlete, session__isnull=False).values("session_id"))
        .select_related("plan__athlete__user")
        .order_by("date", "order")
    )
    for session in candidates:
        start = dt.datetime.combine(session.date, session.start_time or athlete.preferred_session_time, tzinfo=zone)
        if now <= start <= now + ADJUST_WITHIN:
            return session
    return None


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
    row = _next_hard_session(athlete, now)
    if row is None:
        return None
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


def alert_coaches(
    athlete: AthleteProfile, day: dt.date, result: RecoveryResult, adjustment: PlanAdjustment | None
) -> None:
    reasons = [reason_json(r) for r in result.reasons]
    name = str(athlete)
    red = " ".join(about(r["message"], name) for r in reasons if r["severity"] == "red")
    message = f"{name} is red today. {red}" + (f" {adjustment.message}" if adjustment else "")
    coaches = CoachAthlete.objects.filter(athlete=athlete).values_list("coach_id", flat=True)
    CoachAlert.objects.bulk_create(
        [
            CoachAlert(
                coach_id=coach_id, athlete=athlete, date=day, status=RecoveryLevel.RED, reasons=reasons, message=message
            )
            for coach_id in coaches
        ],
        ignore_conflicts=True,
    )
    _notify_by_email(athlete, reasons, day)


def _notify_by_email(athlete: AthleteProfile, reasons: list[dict[str, Any]], day: dt.date) -> None:
    """The reminders app turns a red day into emails to the athlete and their coaches, once a day."""
    transaction.on_commit(
        lambda: signals.turned_red.send(sender=AthleteProfile, athlete=athlete, reasons=reasons, day=day)
    )


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
    if cache.add(now_key, True, timeout=window):
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
    # Paid only once the check succeeded, and only the debt it saw (compare-and-set): a log that arrived while
    # it ran has moved recovery_owed_since later, and still owes a check.
    if athlete.recovery_owed_since is not None:
        AthleteProfile.objects.filter(pk=athlete_id, recovery_owed_since__lte=athlete.recovery_owed_since).update(
            recovery_owed_since=None
        )
    return status
