"""Intake tables. Foods (docs/domain.md §10): the USDA SR28 library, loaded by migration 0002 from intake/data/, and
foods a coach adds for their own athletes. Values are per 100 g edible portion; NULL means unknown, not zero."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.deletion import CASCADE

from intake import targets, usda
from intake.targets import MINERAL_FIELDS

# Per 100 g (docs/domain.md §10) nothing can weigh more than the 100 g it is part of.
MAX_GRAMS_PER_100G = Decimal(100)
MAX_MG_PER_100G = Decimal(100_000)
# Pure fat is about 900 kcal per 100 g (SR28's highest value is 902); a little above is still plausible.
MAX_ENERGY_KCAL_PER_100G = Decimal(1_000)
# A household portion heavier than 10 kg is a typo (SR28's heaviest is 5.7 kg, a whole turkey).
MAX_PORTION_GRAMS = Decimal(10_000)

NUTRIENT_LIMITS: dict[str, Decimal] = {
    "water_g": MAX_GRAMS_PER_100G,
    "energy_kcal": MAX_ENERGY_KCAL_PER_100G,
    "protein_g": MAX_GRAMS_PER_100G,
    **dict.fromkeys(MINERAL_FIELDS, MAX_MG_PER_100G),
}


def _per_100g(help_text: str) -> models.DecimalField:
    # SR28 gives at most 3 decimals; 6 integer digits hold table salt's 38,758 mg sodium with room to spare.
    return models.DecimalField(max_digits=9, decimal_places=3, null=True, blank=True, help_text=help_text)


class FoodGroup(models.Model):
    """An SR28 food group (FD_GROUP.txt), e.g. 1400 Beverages."""

    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


def keep_eaten_foods(collector: Any, field: models.Field, sub_objs: Any, using: str) -> None:
    """`on_delete` of Food.owner: deleting a coach never touches an athlete's meals (docs/design.md, Nothing lost).

    The coach's foods that some meal item names stay, archived and without an owner, so every logged meal keeps
    its minerals; the others go with the coach. Runs inside Django's deletion collector, so the ORM, querysets,
    the admin (whose confirmation page lists only the foods that go) and every service behave alike.
    """
    foods = list(sub_objs)
    eaten_ids = set(MealItem.objects.filter(food__in=foods).values_list("food_id", flat=True))
    eaten = [food for food in foods if food.pk in eaten_ids]
    uneaten = [food for food in foods if food.pk not in eaten_ids]
    if eaten:
        # Owner first: the updates run in the order added, and an archived food must never have an owner.
        collector.add_field_update(field, None, eaten)
        collector.add_field_update(Food._meta.get_field("archived"), True, eaten)
    if uneaten:
        CASCADE(collector, field, uneaten, using)


class Food(models.Model):
    """A library food (`ndb_no` set, no owner) or a coach's own (no `ndb_no`, visible to the coach's athletes).

    A coach's food that meals still name outlives its coach as an archived food: no owner, invisible to every
    search and list, refused for new meals, still counted in the meals that used it.
    """

    ndb_no = models.CharField(
        "NDB number", max_length=5, unique=True, null=True, blank=True, help_text="SR28 NDB_No; empty for own foods."
    )
    description = models.CharField(max_length=200)
    short_description = models.CharField(max_length=60, blank=True)
    group = models.ForeignKey(FoodGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="foods")
    water_g = _per_100g("g water per 100 g")
    energy_kcal = _per_100g("kcal per 100 g")
    protein_g = _per_100g("g protein per 100 g")
    potassium_mg = _per_100g("mg potassium per 100 g")
    calcium_mg = _per_100g("mg calcium per 100 g")
    magnesium_mg = _per_100g("mg magnesium per 100 g")
    sodium_mg = _per_100g("mg sodium per 100 g")
    is_beverage = models.BooleanField(
        default=False, help_text="Counts toward the beverage target by its water content (docs/domain.md §10)."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=keep_eaten_foods, related_name="foods"
    )
    archived = models.BooleanField(
        default=False,
        help_text="Its coach's account was deleted: kept for the meals that name it, hidden everywhere else.",
    )
    # The folded description (intake.usda.fold): the same text on every database, so one search works on all.
    # PostgreSQL indexes it with a pg_trgm GIN index (migration 0003) that serves the search's LIKE '%word%'.
    search_text = models.TextField(editable=False, default="")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": 0, f"{name}__lte": limit}),
                    name=f"food_{name}_range",
                )
                for name, limit in NUTRIENT_LIMITS.items()
            ),
            models.CheckConstraint(
                condition=Q(ndb_no__isnull=True) | Q(owner__isnull=True), name="food_library_or_owned"
            ),
            models.CheckConstraint(condition=Q(archived=False) | Q(owner__isnull=True), name="food_archived_unowned"),
        ]

    def __str__(self) -> str:
        return self.description

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.search_text = usda.search_text(self.description)
        if kwargs.get("update_fields") is not None and "description" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    @property
    def source(self) -> str:
        # An archived food was a coach's own (keep_eaten_foods); only staff add ownerless foods otherwise.
        return "usda_sr28" if self.ndb_no else "coach" if self.owner_id or self.archived else "staff"


class FoodPortion(models.Model):
    """A household measure of a food (SR28 WEIGHT.txt): `amount` `unit`, e.g. "1 medium", weighs `grams`."""

    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="portions")
    seq = models.PositiveSmallIntegerField()
    amount = models.DecimalField(max_digits=9, decimal_places=3)
    unit = models.CharField(max_length=120)
    grams = models.DecimalField(max_digits=9, decimal_places=3)

    class Meta:
        ordering = ["food_id", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["food", "seq"], name="food_portion_seq_unique"),
            models.CheckConstraint(
                condition=Q(grams__gt=0, grams__lte=MAX_PORTION_GRAMS), name="food_portion_grams_range"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="food_portion_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.amount.normalize():f} {self.unit} ({self.grams.normalize():f} g)"


# --- logs: what the athlete drank, ate and took ------------------------------------------------------------

# docs/domain.md §4: a single water log over 2 L is refused as implausible.
MAX_WATER_LOG_ML = targets.MAX_SINGLE_WATER_LOG_ML
# A plate heavier than 3 kg of one food is a typo, not a meal.
MAX_ITEM_GRAMS = 3000
# More than 100 of one household portion in one item (100 almonds, 100 cups) is a typo too.
MAX_PORTION_AMOUNT = 100
# Supplement doses far beyond any product on the market are typos (mg per log).
MAX_SUPPLEMENT_MG = {"potassium_mg": 5000, "calcium_mg": 3000, "magnesium_mg": 2000, "sodium_mg": 10000}


class WaterLog(models.Model):
    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="water_logs")
    at = models.DateTimeField()
    water_ml = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(water_ml__gte=1, water_ml__lte=MAX_WATER_LOG_ML), name="water_log_range"
            ),
        ]
        indexes = [models.Index(fields=["athlete", "at"])]

    def __str__(self) -> str:
        return f"{self.water_ml} ml at {self.at:%Y-%m-%d %H:%M}"


class Meal(models.Model):
    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="meals")
    at = models.DateTimeField()
    notes = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["athlete", "at"])]

    def __str__(self) -> str:
        return f"meal at {self.at:%Y-%m-%d %H:%M}"


def forget_portion(collector: Any, field: models.Field, sub_objs: Any, using: str) -> None:
    """`on_delete` of MealItem.portion: a portion that a new SR28 release drops leaves the items that used it as
    plain grams (the grams stored when they were logged stay true), not items with an amount of nothing.

    The portion goes first: the database allows an amount without a portion for the moment between the two
    updates, never a portion without an amount (meal_item_portion_has_amount).
    """
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(MealItem._meta.get_field("amount"), None, sub_objs)


class MealItem(models.Model):
    """`grams` is always what was eaten. An item entered as a household portion also keeps that portion and how
    many of it (`amount`), so it reads back as the athlete entered it; `grams` is then portion grams x amount."""

    meal = models.ForeignKey(Meal, on_delete=models.CASCADE, related_name="items")
    # PROTECT: a food eaten stays in the record; its coach cannot delete it from under the athlete's log.
    food = models.ForeignKey(Food, on_delete=models.PROTECT, related_name="+")
    grams = models.DecimalField(max_digits=7, decimal_places=1)
    portion = models.ForeignKey(FoodPortion, null=True, blank=True, on_delete=forget_portion, related_name="+")
    amount = models.DecimalField(
        max_digits=5, decimal_places=2, null=True, blank=True, help_text="How many of the portion; empty for grams."
    )

    class Meta:
        ordering = ["meal", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(grams__gt=0, grams__lte=MAX_ITEM_GRAMS), name="meal_item_grams_range"),
            models.CheckConstraint(
                condition=Q(portion__isnull=True) | Q(amount__isnull=False), name="meal_item_portion_has_amount"
            ),
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0, amount__lte=MAX_PORTION_AMOUNT),
                name="meal_item_amount_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grams} g of {self.food_id}"


class FavouriteFood(models.Model):
    """A food the athlete starred: offered at the top of the meal page."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="favourite_foods")
    food = models.ForeignKey(Food, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["athlete", "-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["athlete", "food"], name="favourite_food_once")]

    def __str__(self) -> str:
        return f"{self.food_id} for {self.athlete_id}"


class SupplementLog(models.Model):
    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="supplements")
    at = models.DateTimeField()
    potassium_mg = models.PositiveIntegerField(null=True, blank=True)
    calcium_mg = models.PositiveIntegerField(null=True, blank=True)
    magnesium_mg = models.PositiveIntegerField(null=True, blank=True)
    sodium_mg = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(potassium_mg__isnull=False)
                | Q(calcium_mg__isnull=False)
                | Q(magnesium_mg__isnull=False)
                | Q(sodium_mg__isnull=False),
                name="supplement_has_a_mineral",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lte": limit}),
                    name=f"supplement_{field}_range",
                )
                for field, limit in MAX_SUPPLEMENT_MG.items()
            ],
        ]
        indexes = [models.Index(fields=["athlete", "at"])]

    def __str__(self) -> str:
        return f"supplement at {self.at:%Y-%m-%d %H:%M}"


class SweatTest(models.Model):
    """Mass before and after a session, fluid drunk and urine passed: the athlete's measured sweat rate
    (docs/domain.md §4), which then replaces the default rates in their water targets."""

    athlete = models.ForeignKey("trainer.AthleteProfile", on_delete=models.CASCADE, related_name="sweat_tests")
    date = models.DateField()
    workout = models.ForeignKey(
        "training.WorkoutLog", null=True, blank=True, on_delete=models.SET_NULL, related_name="sweat_tests"
    )
    minutes = models.PositiveIntegerField()
    mass_before_kg = models.DecimalField(max_digits=5, decimal_places=2)
    mass_after_kg = models.DecimalField(max_digits=5, decimal_places=2)
    fluid_ml = models.PositiveIntegerField(default=0)
    urine_ml = models.PositiveIntegerField(default=0)
    sweat_rate_ml_per_h = models.PositiveIntegerField()
    mass_loss_pct = models.FloatField()
    flagged = models.BooleanField(help_text="Lost more than 2 % of body mass (docs/domain.md §4).")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gte=10, minutes__lte=600), name="sweat_test_minutes_range"),
            models.CheckConstraint(
                condition=Q(
                    mass_before_kg__gte=25, mass_before_kg__lte=350, mass_after_kg__gte=25, mass_after_kg__lte=350
                ),
                name="sweat_test_mass_range",
            ),
            models.CheckConstraint(condition=Q(fluid_ml__lte=5000, urine_ml__lte=3000), name="sweat_test_fluid_range"),
        ]

    def __str__(self) -> str:
        return f"{self.date}: {self.sweat_rate_ml_per_h} ml/h"
