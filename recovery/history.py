"""An athlete's recent history, day by day, gathered in a fixed number of queries and handed to the pure checks
(plans/load.py, readiness.py, recovery.py, cramps.py). Reads only."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, Min, Sum

from intake import targets
from intake.day import MINERALS, DayIntake, daily_intake, day_sessions, profile_of
from people.models import AthleteProfile
from plans import load as load_metrics
from plans.engine.constants import CONGESTED_WITHIN_DAYS
from plans.engine.limits import day_limits
from plans.engine.types import EventKind
from plans.models import Fixture, PlanSession, PlanStatus
from recovery.cramps import Cramp, CrampProfile, CrampReport, HistoryDay, cramp_factors
from recovery.readiness import CheckIn, assess_readiness
from recovery.status import LastSession, RecoveryInput, WaterDay
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog

# docs/domain.md §3: baselines over 28 days; §1: the long-session cap looks 30 days back.
BASELINE_DAYS = 35
LONG_SESSION_DAYS = 30
# docs/domain.md §5: shortfalls over the three days before; §6: cramps look 72 hours back.
SHORTFALL_WINDOW = 3
# docs/domain.md §6 and recovery.cramps: earlier cramps within 30 days tell whether one is persistent.
CRAMP_HISTORY = dt.timedelta(days=30)


@dataclass
class History:
    athlete: AthleteProfile
    first: dt.date
    last: dt.date
    days: dict[dt.date, HistoryDay]
    load: dict[dt.date, load_metrics.LoadDay]
    planned_load: dict[dt.date, float]
    checkins: list[CheckIn]
    workouts: list[WorkoutLog] = field(default_factory=list)
    first_workout: dt.date | None = None

    @property
    def days_of_history(self) -> int:
        return 0 if self.first_workout is None else (self.last - self.first_workout).days + 1

    def consecutive_training_days(self, on: dt.date) -> int:
        """The run of training days ending on `on` (or on the day before, when `on` has no workout yet)."""
        day = on if self.days.get(on) and self.days[on].trained else on - dt.timedelta(days=1)
        count = 0
        while day in self.days and self.days[day].trained:
            count += 1
            day -= dt.timedelta(days=1)
        return count

    def cramp_profile(self) -> CrampProfile:
        limits = day_limits(self.athlete.level, self.athlete.age_on(self.last))
        return CrampProfile(
            max_consecutive_training_days=limits.max_consecutive,
            medical_flags=frozenset(self.athlete.medical_flags),
            medications=tuple(self.athlete.medications),
        )


@dataclass(frozen=True)
class LoadWindow:
    """The load series for the days `first` to `last` (plans.load.LoadDay by date; none before the first workout)
    and the day of the athlete's first workout with a load, which starts their history."""

    first: dt.date
    last: dt.date
    rows: dict[dt.date, load_metrics.LoadDay]
    first_workout: dt.date | None


def load_window(athlete: AthleteProfile, first: dt.date, last: dt.date) -> LoadWindow:
    """The load figures of `first` to `last` from the workouts of a bounded warm-up before `first` (2 queries).

    The rows read do not grow with the history: the averages start `plans.load.WARMUP_DAYS` before `first` (or at
    the first workout, when later), which leaves a ten-millionth of the chronic load's earlier level
    (docs/domain.md §2); only the first workout's date is read from further back, to count the days of history the
    ratio waits for.
    """
    with_load = WorkoutLog.objects.filter(athlete=athlete, date__lte=last, rpe__isnull=False)  # no RPE: no load yet
    first_workout = with_load.aggregate(first=Min("date"))["first"]  # one step down the (athlete, date) index
    warmup = first - dt.timedelta(days=load_metrics.WARMUP_DAYS)
    daily = with_load.filter(date__gte=warmup).values("date").annotate(load=Sum(F("rpe") * F("minutes")))
    loads = {d: float(v) for d, v in daily.values_list("date", "load")}  # read even when empty: fixed queries
    rows: dict[dt.date, load_metrics.LoadDay] = {}
    if first_workout is not None:
        rows = {row.day: row for row in load_metrics.windowed_load_series(loads, first_workout, first, last)}
    return LoadWindow(first, last, rows, first_workout)


def recovery_window(athlete: AthleteProfile, day: dt.date) -> LoadWindow:
    """The `load_window` that `recovery_input` reads for `day` (the day and the shortfall days before it)."""
    return load_window(athlete, day - dt.timedelta(days=SHORTFALL_WINDOW), day)


def checkin_of(row: WellnessCheckIn) -> CheckIn:
    return CheckIn(
        day=row.date,
        sleep=row.sleep,
        fatigue=row.fatigue,
        stress=row.stress,
        soreness=row.soreness,
        resting_hr_bpm=row.resting_hr_bpm,
        hrv_rmssd_ms=row.hrv_rmssd_ms,
        morning_mass_kg=float(row.morning_mass_kg) if row.morning_mass_kg is not None else None,
    )


def athlete_history(
    athlete: AthleteProfile, first: dt.date, last: dt.date, window: LoadWindow | None = None
) -> History:
    """Every day from `first` to `last` with water, minerals, load, habits and check-ins (10 queries; 8 when given
    the `load_window` of those days, read once for the whole request)."""
    if window is None or window.first > first or window.last != last:
        window = load_window(athlete, first, last)
    load = {day: row for day, row in window.rows.items() if day >= first}
    first_workout = window.first_workout
    workouts = list(
        WorkoutLog.objects.filter(
            athlete=athlete, date__gte=first - dt.timedelta(days=LONG_SESSION_DAYS), date__lte=last
        ).order_by("date", "id")
    )
    planned = list(
        PlanSession.objects.filter(
            plan__athlete=athlete, plan__status=PlanStatus.PUBLISHED, date__gte=first, date__lte=last
        ).order_by("date", "order")
    )
    checkins = [
        checkin_of(c)
        for c in WellnessCheckIn.objects.filter(
            athlete=athlete, date__gte=first - dt.timedelta(days=BASELINE_DAYS), date__lte=last
        )
    ]
    intake = daily_intake([athlete], first, last)[athlete.pk]
    days = _days(athlete, first, last, load, workouts, planned, checkins, intake)
    planned_load: dict[dt.date, float] = defaultdict(float)
    for session in planned:
        planned_load[session.date] += session.load
    return History(athlete, first, last, days, load, dict(planned_load), checkins, workouts, first_workout)


def _days(
    athlete: AthleteProfile,
    first: dt.date,
    last: dt.date,
    load: dict[dt.date, load_metrics.LoadDay],
    workouts: list[WorkoutLog],
    planned: list[PlanSession],
    checkins: list[CheckIn],
    intake: dict[dt.date, DayIntake],
) -> dict[dt.date, HistoryDay]:
    by_checkin = {c.day: c for c in checkins}
    days = {}
    day = first
    while day <= last:
        done = [w for w in workouts if w.date == day]
        record = intake[day]
        target = targets.daily_targets(
            profile_of(athlete, day), day_sessions([s for s in planned if s.date == day], done)
        )
        last_session = done[-1] if done else None
        days[day] = HistoryDay(
            day=day,
            water_ml=record.water_ml if record.drinks_logged else None,
            water_target_ml=target.water.water_ml,
            minerals=_minerals(record, target) if record.food_logged else None,
            load=load.get(day),
            longest_session_ratio=_longest_ratio(day, done, workouts),
            trained=bool(done),
            warmup_done=last_session.warmup_done if last_session else None,
            stretching_done=last_session.stretching_done if last_session else None,
            checkin=by_checkin.get(day),
        )
        day += dt.timedelta(days=1)
    return days


def _minerals(record: DayIntake, target: targets.DailyTargets) -> targets.MineralDay:
    return targets.MineralDay(
        intake_mg=targets.MineralAmounts(**{f"{m}_mg": record.mg(m) for m in MINERALS}),
        target_mg=targets.MineralAmounts(**{f"{m}_mg": getattr(target.minerals, m).target_mg for m in MINERALS}),
    )


def _longest_ratio(day: dt.date, done: list[WorkoutLog], workouts: list[WorkoutLog]) -> float | None:
    """The day's longest session against the longest of its modality in the 30 days before (docs/domain.md §1)."""
    ratios = []
    for workout in done:
        if not workout.modality:
            continue
        previous = [
            w.minutes
            for w in workouts
            if w.modality == workout.modality and day - dt.timedelta(days=LONG_SESSION_DAYS) <= w.date < day
        ]
        ratio = load_metrics.long_session_ratio(workout.minutes, previous)
        if ratio is not None:
            ratios.append(ratio)
    return max(ratios, default=None)


def recovery_input(
    athlete: AthleteProfile, day: dt.date, now: dt.datetime, window: LoadWindow | None = None
) -> RecoveryInput:
    """Everything the recovery check needs for the athlete's local `day` (13 queries; 11 given a `load_window`
    that holds `day`). Nothing here reads further back than the load's warm-up, whatever the history."""
    history = athlete_history(athlete, day - dt.timedelta(days=SHORTFALL_WINDOW), day, window)
    yesterday = history.days.get(day - dt.timedelta(days=1))
    water = (
        WaterDay(water_ml=yesterday.water_ml, target_ml=yesterday.water_target_ml)
        if yesterday and yesterday.water_ml is not None and yesterday.water_target_ml
        else None
    )
    minerals = tuple(
        history.days[d].minerals for d in sorted(history.days) if d < day and history.days[d].minerals is not None
    )
    last = WorkoutLog.objects.filter(athlete=athlete, date__lte=day, completed=True).order_by("-date", "-id").first()
    zone = ZoneInfo(athlete.time_zone)
    cramps = tuple(
        Cramp(at=c.at.astimezone(zone), severity=c.severity)
        for c in CrampEpisode.objects.filter(athlete=athlete, at__gte=now - dt.timedelta(hours=72), at__lte=now)
    )
    limits = day_limits(athlete.level, athlete.age_on(day))
    around = (day - dt.timedelta(days=CONGESTED_WITHIN_DAYS + 2), day + dt.timedelta(days=CONGESTED_WITHIN_DAYS))
    matches = Fixture.objects.filter(athlete=athlete, kind=EventKind.MATCH, date__range=around)
    return RecoveryInput(
        now=now.astimezone(zone),
        load=history.load.get(day),
        readiness=assess_readiness(history.checkins, day),
        yesterday_water=water,
        minerals=minerals,
        last_session=LastSession(last.warmup_done, last.stretching_done) if last else None,
        consecutive_training_days=history.consecutive_training_days(day),
        max_consecutive_training_days=limits.max_consecutive,
        cramps=cramps,
        medical_flags=frozenset(athlete.medical_flags),
        days_of_history=history.days_of_history,
        match_dates=tuple(matches.values_list("date", flat=True)),
    )


def load_rows(
    athlete: AthleteProfile, first: dt.date, last: dt.date, window: LoadWindow | None = None
) -> list[dict[str, Any]]:
    """docs/api.md's `load` fields, a row a day, with the planned load beside the actual (3 queries; 1 given the
    `load_window` of those days)."""
    if window is None or window.first > first or window.last != last:
        window = load_window(athlete, first, last)
    series = window.rows
    planned: dict[dt.date, float] = defaultdict(float)
    for session in PlanSession.objects.filter(
        plan__athlete=athlete, plan__status=PlanStatus.PUBLISHED, date__gte=first, date__lte=last
    ).only("date", "planned_rpe", "planned_minutes"):
        planned[session.date] += session.load
    rows = []
    day = first
    while day <= last:
        rows.append({"date": day.isoformat(), **load_json(series.get(day)), "planned_load": planned.get(day, 0.0)})
        day += dt.timedelta(days=1)
    return rows


def load_json(row: load_metrics.LoadDay | None) -> dict[str, Any]:
    if row is None:
        return {"session_load": 0.0, "acute": None, "chronic": None, "acwr": None, "monotony": None, "strain": None}
    rounded = {k: None if v is None else round(v, 3) for k, v in (("acwr", row.acwr), ("monotony", row.monotony))}
    return {
        "session_load": row.session_load,
        "acute": round(row.acute, 1),
        "chronic": round(row.chronic, 1),
        **rounded,
        "strain": None if row.strain is None else round(row.strain, 1),
        "weekly_load": row.weekly_load,
        "week_change": None if row.week_change is None else round(row.week_change, 3),
    }


def cramp_report(athlete: AthleteProfile, cramp: CrampEpisode) -> CrampReport:
    """What preceded one cramp in the 72 hours before: factors, never causes (docs/domain.md §6). 10 queries."""
    return cramp_reports(athlete, [cramp])[cramp.pk]


def cramp_reports(athlete: AthleteProfile, cramps: Sequence[CrampEpisode]) -> dict[int, CrampReport]:
    """`cramp_report` for many cramps of one athlete in 10 queries, whatever their number.

    Each cramp is judged on its own local day and the three before it, exactly as if asked alone: the history is
    read once over the whole span and each report gets only its four days.
    """
    if not cramps:
        return {}
    zone = ZoneInfo(athlete.time_zone)
    local = {c.pk: c.at.astimezone(zone) for c in cramps}
    first = min(at.date() for at in local.values()) - dt.timedelta(days=3)
    last = max(at.date() for at in local.values())
    past = athlete_history(athlete, first, last)
    earliest, latest = min(c.at for c in cramps), max(c.at for c in cramps)
    others = list(
        CrampEpisode.objects.filter(athlete=athlete, at__lt=latest, at__gte=earliest - CRAMP_HISTORY)
        .only("at", "severity")
        .order_by("-at")
    )
    reports = {}
    for cramp in cramps:
        day = local[cramp.pk].date()
        days = [past.days[day - dt.timedelta(days=n)] for n in range(3, -1, -1)]
        earlier = [
            Cramp(o.at.astimezone(zone), o.severity) for o in others if cramp.at - CRAMP_HISTORY <= o.at < cramp.at
        ]
        profile = dataclasses.replace(past, last=day).cramp_profile()
        reports[cramp.pk] = cramp_factors(Cramp(local[cramp.pk], cramp.severity), days, profile, earlier)
    return reports
