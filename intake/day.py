"""Reads that put a day together: intake per local day, the day's targets, and the day summary of docs/api.md.

Every function here takes a fixed number of queries whatever the number of logs, meals or athletes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q

from intake import targets
from intake.models import Meal, MealItem, SupplementLog, WaterLog
from intake.targets import MINERALS
from people.logs import local_day_bounds
from people.models import AthleteProfile
from plans.models import PlanSession, PlanStatus
from plans.selectors import sessions_with_blocks
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog


@dataclass
class DayIntake:
    """What the athlete drank and ate on one local day. Beverages count by their water (docs/domain.md §10)."""

    water_ml: float = 0.0
    food_mg: dict[str, float] = field(default_factory=lambda: dict.fromkeys(MINERALS, 0.0))
    supplement_mg: dict[str, float] = field(default_factory=lambda: dict.fromkeys(MINERALS, 0.0))
    unknown_values: int = 0  # meal items whose food lacks a value in SR28: totals are then a floor
    # Unknown is not zero: a day without any drink logged has no water figure, one without food or supplements
    # no mineral figures (a water-only day must not read as "0 mg potassium").
    drinks_logged: bool = False
    food_logged: bool = False

    @property
    def logged(self) -> bool:
        return self.drinks_logged or self.food_logged

    def mg(self, mineral: str) -> float:
        return self.food_mg[mineral] + self.supplement_mg[mineral]


def _dates(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def daily_intake(
    athletes: Sequence[AthleteProfile], first: dt.date, last: dt.date
) -> dict[int, dict[dt.date, DayIntake]]:
    """Each athlete's intake for every local date from `first` to `last` (3 queries for any number)."""
    out = {a.pk: {day: DayIntake() for day in _dates(first, last)} for a in athletes}
    if not athletes:
        return out
    zones = {a.pk: ZoneInfo(a.time_zone) for a in athletes}
    bounds = [local_day_bounds(a, first)[0] for a in athletes] + [local_day_bounds(a, last)[1] for a in athletes]
    ids, start, end = list(out), min(bounds), max(bounds)

    def bucket(athlete_id: int, at: dt.datetime) -> DayIntake | None:
        return out[athlete_id].get(at.astimezone(zones[athlete_id]).date())

    for athlete_id, at, ml in WaterLog.objects.filter(athlete_id__in=ids, at__gte=start, at__lt=end).values_list(
        "athlete_id", "at", "water_ml"
    ):
        if day := bucket(athlete_id, at):
            day.water_ml += ml
            day.drinks_logged = True
    items = MealItem.objects.filter(meal__athlete_id__in=ids, meal__at__gte=start, meal__at__lt=end)
    columns = ["meal__athlete_id", "meal__at", "grams", "food__is_beverage", "food__water_g"]
    for row in items.values_list(*columns, *(f"food__{m}_mg" for m in MINERALS)):
        athlete_id, at, grams, is_beverage, water_g, *values = row
        if day := bucket(athlete_id, at):
            _add_item(day, Decimal(grams), is_beverage, water_g, values)
    supplements = SupplementLog.objects.filter(athlete_id__in=ids, at__gte=start, at__lt=end)
    for athlete_id, at, *values in supplements.values_list("athlete_id", "at", *(f"{m}_mg" for m in MINERALS)):
        if day := bucket(athlete_id, at):
            day.food_logged = True
            for mineral, mg in zip(MINERALS, values, strict=True):
                day.supplement_mg[mineral] += mg or 0
    return out


def _add_item(day: DayIntake, grams: Decimal, is_beverage: bool, water_g: Decimal | None, values: list) -> None:
    day.food_logged = True
    share = float(grams) / 100
    if is_beverage and water_g is not None:
        day.water_ml += float(water_g) * share  # 1 g of water is 1 ml
        day.drinks_logged = True
    for mineral, per_100g in zip(MINERALS, values, strict=True):
        if per_100g is None:
            day.unknown_values += 1
        else:
            day.food_mg[mineral] += float(per_100g) * share


# --- targets ---------------------------------------------------------------------------------------------


def intensity_of_rpe(rpe: int | None) -> targets.Intensity:
    """docs/domain.md §1: easy 2-4, moderate 5-6, hard 7-9 on the CR-10 scale (0-1 counts as easy, 10 as hard). A
    file's workout still waiting for its RPE counts as moderate."""
    if rpe is None:
        return targets.Intensity.MODERATE
    if rpe >= 7:
        return targets.Intensity.HARD
    if rpe >= 5:
        return targets.Intensity.MODERATE
    return targets.Intensity.EASY


def profile_of(athlete: AthleteProfile, day: dt.date) -> targets.Profile:
    return targets.Profile(
        sex=athlete.sex,
        # The targets start at 14, the youngest the product serves (docs/domain.md §4); the windows of an athlete
        # who turned 14 days ago still reach the days before, which are judged by the targets at 14.
        age_years=max(athlete.age_on(day), targets.MIN_AGE_YEARS),
        mass_kg=float(athlete.mass_kg),
        medical_flags=frozenset(athlete.medical_flags),
        sweat_rate_ml_per_h=athlete.sweat_rate_ml_per_h,
    )


def day_sessions(planned: Iterable[PlanSession], logged: Iterable[WorkoutLog]) -> list[targets.DaySession]:
    """The day's training for targets: what was logged, plus published sessions not logged yet."""
    logged = list(logged)
    done = {w.session_id for w in logged if w.session_id}
    sessions = [targets.DaySession(minutes=w.minutes, intensity=intensity_of_rpe(w.rpe)) for w in logged]
    sessions += [
        targets.DaySession(minutes=s.planned_minutes, intensity=targets.Intensity(s.intensity))
        for s in planned
        if s.pk not in done
    ]
    return sessions


def published_sessions_on(athlete: AthleteProfile, day: dt.date) -> list[PlanSession]:
    return list(
        PlanSession.objects.filter(plan__athlete=athlete, plan__status=PlanStatus.PUBLISHED, date=day).order_by("order")
    )


def day_targets(athlete: AthleteProfile, day: dt.date) -> targets.DailyTargets:
    """The day's water and mineral targets (2 queries)."""
    sessions = day_sessions(published_sessions_on(athlete, day), WorkoutLog.objects.filter(athlete=athlete, date=day))
    return targets.daily_targets(profile_of(athlete, day), sessions)


def day_water_target_ml(athlete: AthleteProfile, day: dt.date) -> int:
    return day_targets(athlete, day).water.water_ml


# --- the day summary -------------------------------------------------------------------------------------


@dataclass
class DayRecord:
    """Everything logged and planned on one local day, fetched in a fixed number of queries."""

    athlete: AthleteProfile
    day: dt.date
    sessions: list[PlanSession]
    workouts: list[WorkoutLog]
    water: list[WaterLog]
    meals: list[Meal]
    supplements: list[SupplementLog]
    checkin: WellnessCheckIn | None
    cramps: list[CrampEpisode]
    intake: DayIntake
    training: list[targets.DaySession]
    targets: targets.DailyTargets
    recent_minerals: list[targets.MineralDay]
    # Workouts of other days linked to this day's sessions: they tell those sessions' completion (docs/domain.md §2).
    linked_workouts: list[WorkoutLog] = field(default_factory=list)


def day_record(athlete: AthleteProfile, day: dt.date, *, drafts: bool) -> DayRecord:
    """The day (13 queries, whatever it holds). `drafts`: include sessions of unpublished weeks (coaches)."""
    start, end = local_day_bounds(athlete, day)
    sessions = (
        sessions_with_blocks().select_related("plan").filter(plan__athlete=athlete, date=day).order_by("order", "id")
    )
    if not drafts:
        sessions = sessions.filter(plan__status=PlanStatus.PUBLISHED)
    sessions = list(sessions)
    # The day's workouts and those linked to its sessions from another day, in one query.
    around = list(WorkoutLog.objects.filter(Q(date=day) | Q(session__in=sessions), athlete=athlete).order_by("id"))
    workouts = [w for w in around if w.date == day]
    water = list(WaterLog.objects.filter(athlete=athlete, at__gte=start, at__lt=end).order_by("at"))
    items = MealItem.objects.select_related("food", "portion").order_by("id")
    meals = list(
        Meal.objects.filter(athlete=athlete, at__gte=start, at__lt=end)
        .prefetch_related(Prefetch("items", queryset=items))
        .order_by("at")
    )
    supplements = list(SupplementLog.objects.filter(athlete=athlete, at__gte=start, at__lt=end).order_by("at"))
    intake = _intake_of(water, meals, supplements)
    published = [s for s in sessions if s.plan.status == PlanStatus.PUBLISHED] if drafts else sessions
    training = day_sessions(published, workouts)
    return DayRecord(
        athlete=athlete,
        day=day,
        sessions=sessions,
        workouts=workouts,
        water=water,
        meals=meals,
        supplements=supplements,
        checkin=WellnessCheckIn.objects.filter(athlete=athlete, date=day).first(),
        cramps=list(CrampEpisode.objects.filter(athlete=athlete, at__gte=start, at__lt=end).order_by("at")),
        intake=intake,
        training=training,
        targets=targets.daily_targets(profile_of(athlete, day), training),
        recent_minerals=mineral_days(athlete, day),
        linked_workouts=[w for w in around if w.date != day],
    )


def _intake_of(water: list[WaterLog], meals: list[Meal], supplements: list[SupplementLog]) -> DayIntake:
    day = DayIntake(drinks_logged=bool(water), food_logged=bool(supplements))
    day.water_ml = float(sum(w.water_ml for w in water))
    for meal in meals:
        for item in meal.items.all():
            food = item.food
            values = [getattr(food, f"{m}_mg") for m in MINERALS]
            _add_item(day, item.grams, food.is_beverage, food.water_g, values)
    for supplement in supplements:
        for mineral in MINERALS:
            day.supplement_mg[mineral] += getattr(supplement, f"{mineral}_mg") or 0
    return day


# docs/domain.md §5: a shortfall is judged over three days.
SHORTFALL_DAYS = 3


def mineral_days(athlete: AthleteProfile, before: dt.date, days: int = SHORTFALL_DAYS) -> list[targets.MineralDay]:
    """Intake against targets on the complete days before `before` that hold any log (3 queries).

    Past days use the day's base targets: the sodium extra for long sessions is left out, so a past training
    day's sodium target is, if anything, too low, never a false shortfall.
    """
    first, last = before - dt.timedelta(days=days), before - dt.timedelta(days=1)
    intake = daily_intake([athlete], first, last)[athlete.pk]
    out = []
    for day, record in sorted(intake.items()):
        if not record.food_logged:
            continue  # unknown is not zero
        base = targets.mineral_targets(profile_of(athlete, day))
        out.append(
            targets.MineralDay(
                intake_mg=targets.MineralAmounts(**{f"{m}_mg": record.mg(m) for m in MINERALS}),
                target_mg=targets.MineralAmounts(**{f"{m}_mg": getattr(base, m).target_mg for m in MINERALS}),
            )
        )
    return out
