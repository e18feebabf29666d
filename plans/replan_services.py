"""Re-planning after a week ends (DOMAIN.md §1, "Blocks and re-planning"; DESIGN.md "Blocks and re-planning").

Once an athlete's local Sunday is over, what was done replaces what was planned as the baseline of the coming
weeks (plans.selectors.rule_contexts reads done loads of weeks that are over). When the done load fell short of the
plan by more than 20 %, each coming week is checked against its caps again, in order, and eased where a cap no
longer holds: its sessions' main blocks shorten (plans.engine.ease), each change recorded as an undoable
adjustment like a recovery adjustment, and the coach is told.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from plans import convert, selectors, services
from plans.engine.constants import FULL_WEEK_DONE_SHARE
from plans.engine.ease import Eased, ease_week
from plans.engine.limits import load_target
from plans.engine.rules import day_label
from plans.models import (
    AdjustmentKind,
    CoachAlert,
    PlanAdjustment,
    PlanSession,
    PlanWeek,
    RecoveryLevel,
    WeekReview,
    WorkoutLog,
)
from plans.recovery_services import session_snapshot
from trainer.logs import local_today
from trainer.models import AthleteProfile, CoachAthlete

logger = logging.getLogger(__name__)

# Weeks ahead that re-planning looks at: the longest block.
HORIZON_WEEKS = 24


@dataclass
class ReviewResult:
    week_start: dt.date
    planned_load: int
    done_load: int
    adjustments: list[PlanAdjustment] = field(default_factory=list)
    # weeks that could not be brought under their cap within the rules: (week start, load, cap)
    over_cap: list[tuple[dt.date, int, float]] = field(default_factory=list)

    @property
    def short(self) -> bool:
        return bool(self.planned_load) and self.done_load < FULL_WEEK_DONE_SHARE * self.planned_load


def review_week(athlete: AthleteProfile, week_start: dt.date) -> ReviewResult | None:
    """Compare a finished week with its plan, once (the WeekReview row is the claim); ease the coming weeks when
    it fell short. None when another worker reviewed it already."""
    planned = int(
        PlanSession.objects.filter(plan__athlete=athlete, plan__week_start=week_start).aggregate(
            load=Sum(F("planned_rpe") * F("planned_minutes"))
        )["load"]
        or 0
    )
    week_end = week_start + dt.timedelta(days=6)
    done = int(
        WorkoutLog.objects.filter(athlete=athlete, date__range=(week_start, week_end)).aggregate(
            load=Sum(F("rpe") * F("minutes"))
        )["load"]
        or 0
    )
    try:
        with transaction.atomic():
            review = WeekReview.objects.create(
                athlete=athlete, week_start=week_start, planned_load=planned, done_load=done
            )
    except IntegrityError:
        return None  # reviewed already: another worker got there first
    result = ReviewResult(week_start, planned, done)
    if result.short:
        # the weeks still to come: a review that runs late never rewrites a week already over
        today = local_today(athlete)
        first = max(week_start + dt.timedelta(weeks=1), today - dt.timedelta(days=today.weekday()))
        result.adjustments = ease_coming_weeks(athlete, first, result)
        review.eased_weeks = len({a.plan_id for a in result.adjustments})
        review.save(update_fields=["eased_weeks"])
        if result.adjustments or result.over_cap:
            tell_coaches(athlete, result)
    return result


def ease_coming_weeks(athlete: AthleteProfile, first: dt.date, why: ReviewResult) -> list[PlanAdjustment]:
    """Each planned week from `first` on, in order, eased where its load cap no longer holds; each week is judged
    on the weeks before it as they stand after the earlier ones were eased."""
    plans = PlanWeek.objects.filter(athlete=athlete, week_start__gte=first).order_by("week_start")
    adjustments: list[PlanAdjustment] = []
    for plan in plans.select_related("athlete__user", "block")[:HORIZON_WEEKS]:
        adjustments += ease_plan(plan, why)
    return adjustments


@transaction.atomic
def ease_plan(plan: PlanWeek, why: ReviewResult) -> list[PlanAdjustment]:
    """Shorten the week's main blocks until its load fits its cap again; one adjustment per session changed."""
    ctx = selectors.plan_context(plan)
    cap = load_target(ctx)
    rows = list(selectors.sessions_with_blocks().filter(plan=plan).order_by("date", "order", "id"))
    week = convert.week_of_rows(plan.week_start, rows)
    if cap is None or week.load <= cap + 1e-9:
        return []
    for may_drop in (True, False):
        # dropping a session can leave the long session too big a part of the week: then shorten only
        eased, changes = ease_week(week, cap, may_drop=may_drop)
        if not changes:
            break
        places = _places(rows)
        snapshots = {(c.date, c.index): session_snapshot(places[c.date, c.index]) for c in changes}
        try:
            with transaction.atomic():
                services.reshape_sessions(plan, {places[c.date, c.index].pk: c.after for c in changes}, author=None)
        except services.PlanRuleViolation as refused:
            logger.info(
                "re-planning could not ease the week of %s: %s", plan.week_start, [v.rule for v in refused.violations]
            )
            continue
        if eased.load > cap + 1e-9:
            why.over_cap.append((plan.week_start, eased.load, cap))
        return [_record(plan, places[c.date, c.index], c, snapshots[c.date, c.index], cap, why) for c in changes]
    why.over_cap.append((plan.week_start, week.load, cap))
    return []


def _places(rows: list[PlanSession]) -> dict[tuple[dt.date, int], PlanSession]:
    """Each row by its day and its place among the day's sessions, as convert.week_of_rows lays them out."""
    places: dict[tuple[dt.date, int], PlanSession] = {}
    counts: dict[dt.date, int] = defaultdict(int)
    for row in rows:
        places[row.date, counts[row.date]] = row
        counts[row.date] += 1
    return places


def _record(
    plan: PlanWeek, row: PlanSession, change: Eased, before: dict, cap: float, why: ReviewResult
) -> PlanAdjustment:
    reason = (
        f"The week of {day_label(why.week_start)} was done at {why.done_load:,} of {why.planned_load:,} AU planned, "
        f"so the week of {day_label(plan.week_start)} may hold at most {cap:,.0f} AU."
    )
    if change.after is None:
        kind, what = AdjustmentKind.REST, f"'{change.before.title}' on {day_label(change.date)} became a rest day."
    else:
        kind = AdjustmentKind.SHORTER
        what = (
            f"'{change.before.title}' on {day_label(change.date)} shortened from {change.before.planned_minutes} to "
            f"{change.after.planned_minutes} min; its warm-up, strength work and stretching stay."
        )
    return PlanAdjustment.objects.create(
        plan=plan,
        session=None if change.after is None else row,
        date=change.date,
        kind=kind,
        status="",
        reasons=[{"code": "replanning", "severity": "info", "message": reason}],
        message=f"{what} {reason}",
        before=before,
    )


def tell_coaches(athlete: AthleteProfile, result: ReviewResult) -> None:
    """One alert per coach naming the weeks eased (shown with the recovery alerts; the coach can undo each)."""
    weeks = sorted({a.plan.week_start for a in result.adjustments})
    message = (
        f"{athlete} did {result.done_load:,} of {result.planned_load:,} AU planned in the week of "
        f"{day_label(result.week_start)}, so the coming weeks were checked against what was done."
    )
    if weeks:
        listed = ", ".join(day_label(w) for w in weeks)
        message += f" These weeks were eased to what was done: the weeks of {listed}. Each change can be undone."
    for week_start, load, cap in result.over_cap:
        message += (
            f" The week of {day_label(week_start)} still plans {load:,} AU of the {cap:,.0f} it may hold: its sessions "
            "are as short as the rules allow, so ease it by hand (one session fewer, or a shorter hard session)."
        )
    reasons = [{"code": "replanning", "severity": "info", "message": message}]
    day = result.week_start + dt.timedelta(weeks=1)
    coaches = CoachAthlete.objects.filter(athlete=athlete).values_list("coach_id", flat=True)
    CoachAlert.objects.bulk_create(
        [
            CoachAlert(
                coach_id=coach_id,
                athlete=athlete,
                date=day,
                status=RecoveryLevel.AMBER,
                reasons=reasons,
                message=message,
            )
            for coach_id in coaches
        ],
        ignore_conflicts=True,
    )
