"""Re-planning after a week ends (docs/domain.md §1, "Blocks and re-planning"; docs/design.md "Blocks and re-planning").

Once an athlete's local Sunday is over, what was done replaces what was planned as the baseline of the coming
weeks (plans.selectors.rule_contexts reads done loads of weeks that are over). When the done load fell short of the
plan by more than 20 %, each coming week is checked against its caps again, in order, and eased where a cap no
longer holds: its sessions' main blocks shorten (plans.engine.ease), each change recorded as an undoable
adjustment like a recovery adjustment, and the coach is told.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import F, Sum

from people.models import AthleteProfile, CoachAthlete
from plans import services
from plans.engine.constants import FULL_WEEK_DONE_SHARE
from plans.engine.rules import day_label
from plans.models import PlanAdjustment, PlanSession, PlanWeek, RecoveryLevel
from recovery.models import CoachAlert, WeekReview
from training.models import WorkoutLog


@dataclass
class ReviewResult:
    week_start: dt.date
    planned_load: int
    done_load: int
    eased: services.EaseResult = field(default_factory=services.EaseResult)

    @property
    def adjustments(self) -> list[PlanAdjustment]:
        return self.eased.adjustments

    @property
    def over_cap(self) -> list[tuple[dt.date, int, float]]:
        """Weeks the rules left over their cap: (week start, load, cap)."""
        return self.eased.over_cap

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
    plan = PlanWeek.objects.filter(athlete=athlete, week_start=week_start).select_related("athlete__user").first()
    if result.short and plan is not None:
        why = (
            f"The week of {day_label(week_start)} was done at {done:,} of {planned:,} AU planned (what was done "
            "counts once a week is over),"
        )
        result.eased = services.ease_following(plan, why)
        review.eased_weeks = len({a.plan_id for a in result.adjustments})
        review.save(update_fields=["eased_weeks"])
        if result.adjustments or result.over_cap:
            tell_coaches(athlete, result)
    return result


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


def review_week_of(athlete_id: int, week_start: dt.date) -> int | None:
    """`review_week` for an athlete's id: how many sessions it eased; None when the athlete is gone or the week was
    reviewed already."""
    athlete = AthleteProfile.objects.select_related("user").filter(pk=athlete_id).first()
    if athlete is None:
        return None
    result = review_week(athlete, week_start)
    return None if result is None else len(result.adjustments)
