"""Serializers of water, meal and supplement logs (docs/api.md, Logs). Imperial fields are converted here, at the
edge; everything stored is SI."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connections
from rest_framework import serializers

from intake.models import (
    MAX_ITEM_GRAMS,
    MAX_PORTION_AMOUNT,
    MAX_SUPPLEMENT_MG,
    MAX_WATER_LOG_ML,
    Food,
    FoodPortion,
    Meal,
    MealItem,
    SupplementLog,
    SweatTest,
    WaterLog,
)
from intake.selectors import visible_foods
from intake.targets import MINERAL_FIELDS
from people import rules as people
from people.api import one_unit
from people.logs import check_log_date, check_log_instant
from training.models import WorkoutLog

ML_PER_FL_OZ = 29.5735


class WaterLogSerializer(serializers.ModelSerializer):
    water_ml = serializers.IntegerField(
        min_value=1,
        max_value=MAX_WATER_LOG_ML,
        required=False,
        error_messages={"max_value": "More than 2 L at once is not plausible; log each drink separately."},
    )
    water_fl_oz = serializers.FloatField(min_value=0.1, max_value=200, required=False, write_only=True)
    at = serializers.DateTimeField(required=False, help_text="Defaults to now.")

    class Meta:
        model = WaterLog
        fields = ["id", "at", "water_ml", "water_fl_oz", "created_at"]
        read_only_fields = ["created_at"]

    def validate_at(self, value: Any) -> Any:
        return check_log_instant(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        one_unit(attrs, "water_ml", "water_fl_oz")
        fl_oz = attrs.pop("water_fl_oz", None)
        if fl_oz is not None:
            if self.context["athlete"].units != people.Units.IMPERIAL:
                raise serializers.ValidationError({"water_fl_oz": ["Send water_ml, or set units to imperial."]})
            attrs["water_ml"] = round(fl_oz * ML_PER_FL_OZ)
            if attrs["water_ml"] > MAX_WATER_LOG_ML:
                raise serializers.ValidationError({"water_fl_oz": ["More than 2 L at once is not plausible."]})
        if "water_ml" not in attrs and not self.partial:  # a correction may change the time alone
            raise serializers.ValidationError({"water_ml": ["This field is required."]})
        return attrs


MAX_MEAL_ITEMS = 50


class _FoundTogetherField(serializers.PrimaryKeyRelatedField):
    """A meal item's food or portion, found among those its meal names, fetched together (MealItemListSerializer):
    one query per meal, not one per item. The answers are PrimaryKeyRelatedField's, word for word."""

    found: dict[Any, Any] | None = None

    def to_internal_value(self, data: Any) -> Any:
        if self.found is None:
            return super().to_internal_value(data)
        try:
            if isinstance(data, bool):
                raise TypeError
            pk = self.get_queryset().model._meta.pk.get_prep_value(data)  # what queryset.get(pk=data) looks up
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        row = self.found.get(pk)
        if row is None:
            self.fail("does_not_exist", pk_value=data)
        return row


class MealFoodField(_FoundTogetherField):
    pass


class MealPortionField(_FoundTogetherField):
    pass


def _ids_in(data: list[Any], name: str, model: type) -> set[Any]:
    """The ids an item list names under `name` that the column can hold (an id it cannot is no row, as Django's
    exact lookup treats it, not a database error); what is not an id at all the item's own validation names."""
    low, high = connections[model.objects.db].ops.integer_field_range(model._meta.pk.get_internal_type())
    pks = set()
    for item in data:
        raw = item.get(name) if isinstance(item, dict) else None
        try:
            if raw is not None and not isinstance(raw, bool):
                pks.add(model._meta.pk.get_prep_value(raw))
        except (TypeError, ValueError):
            continue
    return {pk for pk in pks if low <= pk <= high}


class MealItemListSerializer(serializers.ListSerializer):
    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if isinstance(data, list):
            if len(data) > MAX_MEAL_ITEMS:  # before any lookup: the same answer validate_items gives
                raise serializers.ValidationError(f"A meal holds at most {MAX_MEAL_ITEMS} items.")
            food_field, portion_field = self.child.fields["food"], self.child.fields["portion"]
            food_field.found = food_field.get_queryset().in_bulk(_ids_in(data, "food", Food))
            portion_ids = _ids_in(data, "portion", FoodPortion)
            # Meals of grams alone (most of them) ask nothing more.
            portion_field.found = portion_field.get_queryset().in_bulk(portion_ids) if portion_ids else {}
        return super().to_internal_value(data)


GRAMS = Decimal("0.1")


class MealItemSerializer(serializers.ModelSerializer):
    """`{"food", "grams"}`, or `{"food", "portion", "amount"}`: how many of one of the food's household portions
    (`GET /foods/{id}/` lists them), weighed as the portion's grams x amount. Both shapes read back as sent;
    `portion` and `amount` are null for an item given in grams."""

    serializer_related_field = MealFoodField
    grams = serializers.DecimalField(
        max_digits=7,
        decimal_places=1,
        min_value=GRAMS,
        max_value=MAX_ITEM_GRAMS,
        coerce_to_string=False,
        required=False,
        help_text="Required unless a portion and an amount are given; then computed from them.",
    )
    portion = MealPortionField(
        queryset=FoodPortion.objects.all(),
        required=False,
        allow_null=True,
        help_text="The id of one of the food's portions.",
        error_messages={"does_not_exist": "There is no portion {pk_value}; the food's portions list their ids."},
    )
    amount = serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("0.01"),
        max_value=MAX_PORTION_AMOUNT,
        rounding=ROUND_HALF_UP,
        coerce_to_string=False,
        required=False,
        allow_null=True,
        help_text="How many of the portion, e.g. 2 or 0.5.",
        error_messages={"max_value": f"More than {MAX_PORTION_AMOUNT} portions in one item is not plausible."},
    )
    description = serializers.CharField(source="food.description", read_only=True)

    class Meta:
        model = MealItem
        fields = ["food", "description", "grams", "portion", "amount"]
        list_serializer_class = MealItemListSerializer
        # The same sentence whether the food never existed, is another coach's, or was archived with its coach.
        extra_kwargs = {
            "food": {"error_messages": {"does_not_exist": "There is no food {pk_value} among the foods you can log."}}
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # Checked here, not by `required`: a correction (PATCH) of the meal skips required fields, but the items it
        # sends replace the old ones and must be whole.
        if attrs.get("food") is None:
            raise serializers.ValidationError({"food": ["This field is required."]})
        portion, amount = attrs.get("portion"), attrs.get("amount")
        if portion is None and amount is None:
            if attrs.get("grams") is None:
                raise serializers.ValidationError({"grams": ["Give grams, or a portion and an amount."]})
            return {**attrs, "portion": None, "amount": None}
        if attrs.get("grams") is not None:
            raise serializers.ValidationError({"grams": ["Give grams, or a portion and an amount, not both."]})
        if portion is None:
            raise serializers.ValidationError({"portion": ["An amount needs the portion it counts."]})
        if amount is None:
            raise serializers.ValidationError({"amount": ["How many of this portion?"]})
        if portion.food_id != attrs["food"].pk:
            raise serializers.ValidationError(
                {"portion": [f"Portion {portion.pk} is not one of this food's portions."]}
            )
        grams = (portion.grams * amount).quantize(GRAMS, rounding=ROUND_HALF_UP)
        if grams < GRAMS:
            raise serializers.ValidationError({"amount": ["That weighs less than 0.1 g; give a larger amount."]})
        if grams > MAX_ITEM_GRAMS:
            raise serializers.ValidationError(
                {"amount": [f"That weighs {grams:,} g, more than {MAX_ITEM_GRAMS:,} g of one food: check the amount."]}
            )
        return {**attrs, "grams": grams}

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        athlete = self.context.get("athlete")
        if athlete is not None:  # the athlete's foods: the library and their coaches' own
            fields["food"].queryset = visible_foods(athlete.user)
        return fields


class MealSerializer(serializers.ModelSerializer):
    items = MealItemSerializer(many=True, help_text="A correction (PATCH) that sends items replaces them all.")
    at = serializers.DateTimeField(required=False, help_text="Defaults to now.")

    class Meta:
        model = Meal
        fields = ["id", "at", "notes", "items", "created_at"]
        read_only_fields = ["created_at"]

    def validate_at(self, value: Any) -> Any:
        return check_log_instant(value)

    def validate_items(self, value: list[dict[str, Any]]) -> list[dict[str, Any]]:
        if not value:
            raise serializers.ValidationError("A meal needs at least one item.")
        if len(value) > MAX_MEAL_ITEMS:
            raise serializers.ValidationError(f"A meal holds at most {MAX_MEAL_ITEMS} items.")
        return value


class SupplementSerializer(serializers.ModelSerializer):
    potassium_mg = serializers.IntegerField(
        min_value=1, max_value=MAX_SUPPLEMENT_MG["potassium_mg"], required=False, allow_null=True
    )
    calcium_mg = serializers.IntegerField(
        min_value=1, max_value=MAX_SUPPLEMENT_MG["calcium_mg"], required=False, allow_null=True
    )
    magnesium_mg = serializers.IntegerField(
        min_value=1, max_value=MAX_SUPPLEMENT_MG["magnesium_mg"], required=False, allow_null=True
    )
    sodium_mg = serializers.IntegerField(
        min_value=1, max_value=MAX_SUPPLEMENT_MG["sodium_mg"], required=False, allow_null=True
    )
    at = serializers.DateTimeField(required=False, help_text="Defaults to now.")

    class Meta:
        model = SupplementLog
        fields = ["id", "at", *MINERAL_FIELDS, "created_at"]
        read_only_fields = ["created_at"]

    def validate_at(self, value: Any) -> Any:
        return check_log_instant(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A correction (PATCH) is checked as the log it makes: the fields sent over the stored ones.
        stored = self.instance if isinstance(self.instance, SupplementLog) else None
        if not any(attrs[m] if m in attrs else getattr(stored, m, None) for m in MINERAL_FIELDS):
            raise serializers.ValidationError(
                {"non_field_errors": ["Give at least one of " + ", ".join(MINERAL_FIELDS)]}
            )
        return attrs


class SweatTestSerializer(serializers.ModelSerializer):
    minutes = serializers.IntegerField(min_value=10, max_value=600)
    mass_before_kg = serializers.FloatField(min_value=people.MIN_MASS_KG, max_value=people.MAX_MASS_KG, required=False)
    mass_after_kg = serializers.FloatField(min_value=people.MIN_MASS_KG, max_value=people.MAX_MASS_KG, required=False)
    mass_before_lb = serializers.FloatField(min_value=1, max_value=1000, required=False, write_only=True)
    mass_after_lb = serializers.FloatField(min_value=1, max_value=1000, required=False, write_only=True)
    fluid_ml = serializers.IntegerField(min_value=0, max_value=5000, required=False)
    urine_ml = serializers.IntegerField(min_value=0, max_value=3000, required=False)

    class Meta:
        model = SweatTest
        fields = [
            "id", "date", "workout", "minutes", "mass_before_kg", "mass_after_kg", "mass_before_lb", "mass_after_lb",
            "fluid_ml", "urine_ml", "sweat_rate_ml_per_h", "mass_loss_pct", "flagged", "created_at",
        ]  # fmt: skip
        read_only_fields = ["sweat_rate_ml_per_h", "mass_loss_pct", "flagged", "created_at"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        athlete = self.context.get("athlete")
        fields["workout"].queryset = (
            WorkoutLog.objects.filter(athlete=athlete) if athlete else WorkoutLog.objects.none()
        )
        return fields

    def validate_date(self, value: Any) -> Any:
        return check_log_date(self.context["athlete"], value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        imperial = self.context["athlete"].units == people.Units.IMPERIAL
        for moment in ("before", "after"):
            one_unit(attrs, f"mass_{moment}_kg", f"mass_{moment}_lb")
            pounds = attrs.pop(f"mass_{moment}_lb", None)
            if pounds is not None:
                if not imperial:
                    raise serializers.ValidationError(
                        {f"mass_{moment}_lb": ["Send kilograms, or set units to imperial."]}
                    )
                attrs[f"mass_{moment}_kg"] = round(people.lb_to_kg(pounds), 2)
            if attrs.get(f"mass_{moment}_kg") is None:
                raise serializers.ValidationError({f"mass_{moment}_kg": ["This field is required."]})
        if attrs["mass_after_kg"] > attrs["mass_before_kg"] + attrs.get("fluid_ml", 0) / 1000:
            raise serializers.ValidationError(
                {"mass_after_kg": ["More than you weighed before plus what you drank: check the two weights."]}
            )
        if abs(attrs["mass_before_kg"] - attrs["mass_after_kg"]) > 0.1 * attrs["mass_before_kg"]:
            raise serializers.ValidationError(
                {"mass_after_kg": ["A change over 10 % in one session is not plausible."]}
            )
        return attrs

    def to_representation(self, row: SweatTest) -> dict[str, Any]:
        data = super().to_representation(row)
        data["mass_before_kg"], data["mass_after_kg"] = float(row.mass_before_kg), float(row.mass_after_kg)
        return data
