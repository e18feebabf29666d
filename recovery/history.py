"""An athlete's recent history, day by day, gathered in a fixed number of queries and handed to the pure checks
(plans/load.py, readiness.py, recovery.py, cramps.py). Reads only."""

from __future__ import annotations

import dataclasses
import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any, NamedTuple, TypeVar
from zoneinfo import ZoneInfo

from django.db.models import F, OuterRef, Q, Subquery, Sum

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


class WorkoutRow(NamedTuple):
    """What a history reads of a workout (the WorkoutLog fields of the same names): model instances cost several
    times more to build, and a chunk of the morning run reads ten thousand."""

    athlete_id: int
    session_id: int | None
    date: dt.date
    modality: str
    minutes: int
    rpe: int | None
    completed: bool
    warmup_done: bool
    stretching_done: bool


@dataclass
class History:
    athlete: AthleteProfile
    first: dt.date
    last: dt.date
    days: dict[dt.date, HistoryDay]
    load: dict[dt.date, load_metrics.LoadDay]
    planned_load: dict[dt.date, float]
    checkins: list[CheckIn]
    workouts: list[WorkoutRow] = field(default_factory=list)
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


# (first, last): the days one athlete's read covers.
Span = tuple[dt.date, dt.date]
Row = TypeVar("Row")


def within(spans: Mapping[int, Span], athlete: str = "athlete_id", date: str = "date") -> Q:
    """Each athlete's rows inside their own span, as one condition: athletes sharing a span share one IN list. A
    chunk's athletes are checked on their local todays, at most three dates at any instant, so the condition stays
    a few terms long however many athletes it holds. `spans` must not be empty (an empty Q would match every row)."""
    by_span: dict[Span, list[int]] = defaultdict(list)
    for pk, span in spans.items():
        by_span[span].append(pk)
    terms = (
        Q(**{f"{athlete}__in": ids, f"{date}__gte": first, f"{date}__lte": last})
        for (first, last), ids in by_span.items()
    )
    return reduce(operator.or_, terms)


def by_athlete(rows: Iterable[Row], athlete_of: Callable[[Row], int], ids: Iterable[int]) -> dict[int, list[Row]]:
    """The rows of one read split by athlete, each athlete's in the read's order (an empty list for none)."""
    out: dict[int, list[Row]] = {pk: [] for pk in ids}
    for row in rows:
        out[athlete_of(row)].append(row)
    return out


def load_window(athlete: AthleteProfile, first: dt.date, last: dt.date) -> LoadWindow:
    """The load figures of `first` to `last` from the workouts of a bounded warm-up before `first` (2 queries):
    `load_windows` for one athlete."""
    return load_windows({athlete.pk: (first, last)})[athlete.pk]


def load_windows(spans: Mapping[int, Span]) -> dict[int, LoadWindow]:
    """Each athlete's `load_window` over their own span (2 queries for any number of athletes).

    The rows read do not grow with the history: the averages start `plans.load.WARMUP_DAYS` before `first` (or at
    the first workout, when later), which leaves a ten-millionth of the chronic load's earlier level
    (docs/domain.md §2); only the first workout's date is read from further back, to count the days of history the
    ratio waits for.
    """
    if not spans:
        return {}
    first_workouts = _first_workouts({pk: last for pk, (_, last) in spans.items()})
    warmups = {pk: (first - dt.timedelta(days=load_metrics.WARMUP_DAYS), last) for pk, (first, last) in spans.items()}
    daily = (
        WorkoutLog.objects.filter(within(warmups), rpe__isnull=False)  # no RPE: no load yet
        .order_by()
        .values("athlete_id", "date")
        .annotate(load=Sum(F("rpe") * F("minutes")))
    )
    loads: dict[int, dict[dt.date, float]] = {pk: {} for pk in spans}
    for athlete_id, day, load in daily.values_list("athlete_id", "date", "load"):  # read even when empty
        loads[athlete_id][day] = float(load)
    out = {}
    for pk, (first, last) in spans.items():
        first_workout = first_workouts.get(pk)
        rows: dict[dt.date, load_metrics.LoadDay] = {}
        if first_workout is not None:
            series = load_metrics.windowed_load_series(loads[pk], first_workout, first, last)
            rows = {row.day: row for row in series}
        out[pk] = LoadWindow(first, last, rows, first_workout)
    return out


def _first_workouts(lasts: Mapping[int, dt.date]) -> dict[int, dt.date]:
    """Each athlete's first workout with a load up to their own `last` (1 query): one step down the (athlete, date)
    index per athlete and distinct `last`, where a MIN would read the whole history."""
    dates = sorted(set(lasts.values()))

    def first_until(last: dt.date) -> Subquery:
        workouts = WorkoutLog.objects.filter(athlete=OuterRef("pk"), date__lte=last, rpe__isnull=False)
        return Subquery(workouts.order_by("date").values("date")[:1])

    names = [f"first{i}" for i in range(len(dates))]
    rows = (
        AthleteProfile.objects.filter(pk__in=list(lasts))
        .order_by()
        .annotate(**{name: first_until(d) for name, d in zip(names, dates, strict=True)})
        .values_list("pk", *names)
    )
    firsts = {pk: found[dates.index(lasts[pk])] for pk, *found in rows}
    return {pk: day for pk, day in firsts.items() if day is not None}


def recovery_window(athlete: AthleteProfile, day: dt.date) -> LoadWindow:
    """The `load_window` that `recovery_input` reads for `day` (the day and the shortfall days before it)."""
    return load_window(athlete, day - dt.timedelta(days=SHORTFALL_WINDOW), day)


# What a history reads of each check-in (recovery.readiness.CheckIn's fields).
CHECKIN_FIELDS = (
    "date", "sleep", "fatigue", "stress", "soreness", "resting_hr_bpm", "hrv_rmssd_ms", "morning_mass_kg",
)  # fmt: skip


def _checkin(
    day: dt.date,
    sleep: int,
    fatigue: int,
    stress: int,
    soreness: int,
    resting_hr_bpm: int | None,
    hrv_rmssd_ms: float | None,
    morning_mass_kg: Any,
) -> CheckIn:
    return CheckIn(
        day=day,
        sleep=sleep,
        fatigue=fatigue,
        stress=stress,
        soreness=soreness,
        resting_hr_bpm=resting_hr_bpm,
        hrv_rmssd_ms=hrv_rmssd_ms,
        morning_mass_kg=float(morning_mass_kg) if morning_mass_kg is not None else None,
    )


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
    """Every day from `first` to `last` with water, minerals, load, habits and check-ins (8 queries; 6 when given
    the `load_window` of those days, read once for the whole request): `histories` for one athlete."""
    windows = {athlete.pk: window} if window is not None else None
    return histories([athlete], {athlete.pk: (first, last)}, windows)[athlete.pk]


def histories(
    athletes: Sequence[AthleteProfile], spans: Mapping[int, Span], windows: Mapping[int, LoadWindow] | None = None
) -> dict[int, History]:
    """Each athlete's `athlete_history` over their own span (8 queries for any number of athletes; 6 when given each
    one's `load_window` of those days). The same rows as one athlete's read: each athlete gets only their own span."""
    if not athletes:
        return {}
    windows = dict(windows or {})
    stale = {
        pk: (first, last)
        for pk, (first, last) in spans.items()
        if (w := windows.get(pk)) is None or w.first > first or w.last != last
    }
    windows |= load_windows(stale)
    ids = [a.pk for a in athletes]
    long_spans = {pk: (first - dt.timedelta(days=LONG_SESSION_DAYS), last) for pk, (first, last) in spans.items()}
    workout_rows = WorkoutLog.objects.filter(within(long_spans)).order_by("date", "id")
    workouts = by_athlete(
        map(WorkoutRow._make, workout_rows.values_list(*WorkoutRow._fields)), operator.attrgetter("athlete_id"), ids
    )
    planned = by_athlete(
        PlanSession.objects.filter(within(spans, "plan__athlete_id"), plan__status=PlanStatus.PUBLISHED)
        .annotate(athlete_pk=F("plan__athlete_id"))
        .order_by("date", "order"),
        operator.attrgetter("athlete_pk"),
        ids,
    )
    baseline_spans = {pk: (first - dt.timedelta(days=BASELINE_DAYS), last) for pk, (first, last) in spans.items()}
    checkins = by_athlete(
        WellnessCheckIn.objects.filter(within(baseline_spans)).values_list("athlete_id", *CHECKIN_FIELDS),
        operator.itemgetter(0),
        ids,
    )
    firsts, lasts = zip(*spans.values(), strict=True)
    intake = daily_intake(athletes, min(firsts), max(lasts))
    return {
        a.pk: _history(a, *spans[a.pk], windows[a.pk], workouts[a.pk], planned[a.pk], checkins[a.pk], intake[a.pk])
        for a in athletes
    }


def _history(
    athlete: AthleteProfile,
    first: dt.date,
    last: dt.date,
    window: LoadWindow,
    workouts: list[WorkoutRow],
    planned: list[PlanSession],
    checkin_rows: list[tuple],
    intake: dict[dt.date, DayIntake],
) -> History:
    load = {day: row for day, row in window.rows.items() if day >= first}
    checkins = [_checkin(*values) for _, *values in checkin_rows]
    days = _days(athlete, first, last, load, workouts, planned, checkins, intake)
    planned_load: dict[dt.date, float] = defaultdict(float)
    for session in planned:
        planned_load[session.date] += session.load
    return History(athlete, first, last, days, load, dict(planned_load), checkins, workouts, window.first_workout)


def _days(
    athlete: AthleteProfile,
    first: dt.date,
    last: dt.date,
    load: dict[dt.date, load_metrics.LoadDay],
    workouts: list[WorkoutRow],
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


def _longest_ratio(day: dt.date, done: list[WorkoutRow], workouts: list[WorkoutRow]) -> float | None:
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
    """Everything the recovery check needs for the athlete's local `day` (11 queries; 9 given a `load_window`
    that holds `day`): `recovery_inputs` for one athlete, so a check alone and the morning's chunks cannot drift
    apart. Nothing here reads further back than the load's warm-up, whatever the history."""
    windows = {athlete.pk: window} if window is not None else None
    return recovery_inputs([athlete], {athlete.pk: day}, now, windows)[athlete.pk]


def recovery_inputs(
    athletes: Sequence[AthleteProfile],
    days: Mapping[int, dt.date],
    now: dt.datetime,
    windows: Mapping[int, LoadWindow] | None = None,
) -> dict[int, RecoveryInput]:
    """`recovery_input` for many athletes, each on their own local day (11 queries for any number of athletes, 9
    given each one's `load_window`): IN-queries over the chunk, then the same pure assembly per athlete."""
    if not athletes:
        return {}
    spans = {a.pk: (days[a.pk] - dt.timedelta(days=SHORTFALL_WINDOW), days[a.pk]) for a in athletes}
    past = histories(athletes, spans, windows)
    last_sessions = _last_sessions(days)
    ids = [a.pk for a in athletes]
    cramps = by_athlete(
        CrampEpisode.objects.filter(athlete_id__in=ids, at__gte=now - dt.timedelta(hours=72), at__lte=now).only(
            "athlete_id", "at", "severity"
        ),
        operator.attrgetter("athlete_id"),
        ids,
    )
    around = {
        pk: (day - dt.timedelta(days=CONGESTED_WITHIN_DAYS + 2), day + dt.timedelta(days=CONGESTED_WITHIN_DAYS))
        for pk, day in days.items()
    }
    matches = by_athlete(
        Fixture.objects.filter(within(around), kind=EventKind.MATCH).values_list("athlete_id", "date"),
        operator.itemgetter(0),
        ids,
    )
    return {
        a.pk: _recovery_input(
            a,
            days[a.pk],
            now,
            past[a.pk],
            last_sessions.get(a.pk),
            cramps[a.pk],
            tuple(d for _, d in matches[a.pk]),
        )
        for a in athletes
    }


def _last_sessions(days: Mapping[int, dt.date]) -> dict[int, LastSession]:
    """Each athlete's last completed session up to their own day, its habits (1 query): one step down the
    (athlete, date) index per athlete and distinct day, however far back it lies."""
    dates = sorted(set(days.values()))

    def last_until(day: dt.date, column: str) -> Subquery:
        done = WorkoutLog.objects.filter(athlete=OuterRef("pk"), date__lte=day, completed=True)
        return Subquery(done.order_by("-date", "-id").values(column)[:1])

    columns = {}
    for i, day in enumerate(dates):
        columns[f"warmup{i}"] = last_until(day, "warmup_done")
        columns[f"stretching{i}"] = last_until(day, "stretching_done")
    rows = AthleteProfile.objects.filter(pk__in=list(days)).order_by().annotate(**columns).values_list("pk", *columns)
    out = {}
    for pk, *habits in rows:
        i = dates.index(days[pk])
        warmup, stretching = habits[2 * i], habits[2 * i + 1]
        if warmup is not None:  # both are NOT NULL columns: None is no completed session at all
            out[pk] = LastSession(bool(warmup), bool(stretching))
    return out


def _recovery_input(
    athlete: AthleteProfile,
    day: dt.date,
    now: dt.datetime,
    history: History,
    last_session: LastSession | None,
    cramp_rows: list[CrampEpisode],
    match_dates: tuple[dt.date, ...],
) -> RecoveryInput:
    yesterday = history.days.get(day - dt.timedelta(days=1))
    water = (
        WaterDay(water_ml=yesterday.water_ml, target_ml=yesterday.water_target_ml)
        if yesterday and yesterday.water_ml is not None and yesterday.water_target_ml
        else None
    )
    minerals = tuple(
        history.days[d].minerals for d in sorted(history.days) if d < day and history.days[d].minerals is not None
    )
    zone = ZoneInfo(athlete.time_zone)
    cramps = tuple(Cramp(at=c.at.astimezone(zone), severity=c.severity) for c in cramp_rows)
    limits = day_limits(athlete.level, athlete.age_on(day))
    return RecoveryInput(
        now=now.astimezone(zone),
        load=history.load.get(day),
        readiness=assess_readiness(history.checkins, day),
        yesterday_water=water,
        minerals=minerals,
        last_session=last_session,
        consecutive_training_days=history.consecutive_training_days(day),
        max_consecutive_training_days=limits.max_consecutive,
        cramps=cramps,
        medical_flags=frozenset(athlete.medical_flags),
        days_of_history=history.days_of_history,
        match_dates=match_dates,
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
