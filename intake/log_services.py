"""Writes of water, meal and supplement logs. Each is one transaction; the day's total is checked inside it.

Corrections and removals, like new logs, go through `after_log` (the recovery check is owed, then run); the day
summary's water and minerals are sums of the logs when read, so they follow by themselves."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from core.errors import ServiceError
from intake import targets
from intake.models import Meal, MealItem, SupplementLog, SweatTest, WaterLog
from people import rules as people
from people.logs import local_date_of, local_day_bounds
from people.models import AthleteProfile
from people.services import data_changed
from training.services import apply_changes, locked
from training.signals import after_log


@transaction.atomic
def log_water(*, athlete: AthleteProfile, water_ml: int, at: Any = None) -> WaterLog:
    """Refuses a log that takes the day over the implausible total (docs/domain.md §4), keeping what was stored."""
    at = at or timezone.now()
    # Lock the athlete row so two logs arriving together cannot both pass the day's check.
    AthleteProfile.objects.select_for_update().filter(pk=athlete.pk).first()
    _refuse_implausible_water(athlete, water_ml, at)
    after_log(athlete)
    return WaterLog.objects.create(athlete=athlete, at=at, water_ml=water_ml)


@transaction.atomic
def update_water(*, log: WaterLog, data: dict[str, Any]) -> WaterLog:
    """Correct the amount or the time: the day it lands on (another one when `at` moves) must stay plausible,
    counted without the log's old amount. Both days' water totals follow, being sums of the logs."""
    athlete = log.athlete
    AthleteProfile.objects.select_for_update().filter(pk=athlete.pk).first()  # as log_water: one check at a time
    row = locked(log)
    if "water_ml" in data or "at" in data:
        _refuse_implausible_water(athlete, data.get("water_ml", row.water_ml), data.get("at", row.at), row.pk)
    row = apply_changes(row, data)
    after_log(athlete)
    return row


@transaction.atomic
def delete_water(*, log: WaterLog) -> None:
    WaterLog.objects.filter(pk=log.pk).delete()
    after_log(log.athlete)


def _refuse_implausible_water(athlete: AthleteProfile, water_ml: int, at: Any, exclude: int | None = None) -> None:
    start, end = local_day_bounds(athlete, local_date_of(athlete, at))
    others = WaterLog.objects.filter(athlete=athlete, at__gte=start, at__lt=end).exclude(pk=exclude)
    refusal = targets.implausible_water_log(water_ml, others.aggregate(ml=Sum("water_ml"))["ml"] or 0)
    if refusal:
        raise ServiceError("water_ml", refusal)


@transaction.atomic
def log_meal(*, athlete: AthleteProfile, items: list[dict[str, Any]], at: Any = None, notes: str = "") -> Meal:
    """The serializers offer only visible foods; the archived check here also covers callers that skip them.

    Each item is `{"food", "grams"}`, or with `"portion"` and `"amount"` as well (MealItemSerializer weighs them)."""
    _refuse_archived(items)
    meal = Meal.objects.create(athlete=athlete, at=at or timezone.now(), notes=notes)
    _add_items(meal, items)
    after_log(athlete)
    return meal


@transaction.atomic
def update_meal(*, meal: Meal, data: dict[str, Any]) -> Meal:
    """Correct the time or the notes; `items`, when given, replace the meal's items as a whole (two queries
    whatever their number)."""
    items = data.get("items")
    if items is not None:
        _refuse_archived(items)
    row = apply_changes(locked(meal), {name: value for name, value in data.items() if name != "items"})
    if items is not None:
        MealItem.objects.filter(meal=row).delete()
        _add_items(row, items)
    after_log(meal.athlete)
    return row


@transaction.atomic
def delete_meal(*, meal: Meal) -> None:
    Meal.objects.filter(pk=meal.pk).delete()  # its items go with it
    after_log(meal.athlete)


def _refuse_archived(items: list[dict[str, Any]]) -> None:
    """Also refuses a portion of another food: no database constraint can compare the two rows."""
    archived = next((item["food"] for item in items if item["food"].archived), None)
    if archived is not None:
        raise ServiceError(
            "items", f'"{archived.description}" is no longer offered (its coach left Trainer); choose another food.'
        )
    for item in items:
        portion = item.get("portion")
        if portion is not None and portion.food_id != item["food"].pk:
            raise ServiceError("portion", f'Portion {portion.pk} is not one of the portions of "{item["food"]}".')


def _add_items(meal: Meal, items: list[dict[str, Any]]) -> None:
    """Each item as given: grams, or a portion with its amount and the grams they weigh (the serializer's sum)."""
    MealItem.objects.bulk_create(
        MealItem(
            meal=meal, food=item["food"], grams=item["grams"], portion=item.get("portion"), amount=item.get("amount")
        )
        for item in items
    )


@transaction.atomic
def log_supplement(*, athlete: AthleteProfile, data: dict[str, Any]) -> SupplementLog:
    data = {**data, "at": data.get("at") or timezone.now()}
    after_log(athlete)
    return SupplementLog.objects.create(athlete=athlete, **data)


@transaction.atomic
def update_supplement(*, log: SupplementLog, data: dict[str, Any]) -> SupplementLog:
    """Correct the time or the minerals; a log left with no mineral at all is refused by the serializer, and by
    the database behind it."""
    row = apply_changes(locked(log), data)
    after_log(log.athlete)
    return row


@transaction.atomic
def delete_supplement(*, log: SupplementLog) -> None:
    SupplementLog.objects.filter(pk=log.pk).delete()
    after_log(log.athlete)


@transaction.atomic
def record_sweat_test(*, athlete: AthleteProfile, data: dict[str, Any]) -> SweatTest:
    """Compute the sweat rate, store the test, and make it the athlete's rate for future water targets."""
    before, after = float(data["mass_before_kg"]), float(data["mass_after_kg"])
    fluid, urine = data.get("fluid_ml", 0), data.get("urine_ml", 0)
    rate = targets.sweat_rate_ml_per_h(before, after, fluid, urine, data["minutes"])
    if rate <= 0:
        raise ServiceError("mass_after_kg", "These numbers give no sweat loss; check the weights and the fluid drunk.")
    test = SweatTest.objects.create(
        athlete=athlete,
        sweat_rate_ml_per_h=round(rate),
        mass_loss_pct=round(100 * (before - after) / before, 2),
        flagged=targets.mass_loss_flagged(before, after),
        **data,
    )
    # docs/domain.md §4: the measured rate replaces the defaults; the profile's range keeps absurd results out.
    athlete.sweat_rate_ml_per_h = max(people.MIN_SWEAT_RATE_ML_PER_H, min(round(rate), people.MAX_SWEAT_RATE_ML_PER_H))
    athlete.save(update_fields=["sweat_rate_ml_per_h"])
    data_changed([athlete.pk])  # the day's water targets follow the new rate
    return test
