"""Serializers of water, meal and supplement logs (API.md, Logs). Imperial fields are converted here, at the
edge; everything stored is SI."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import connections
from rest_framework import serializers

from intake.models import (
    MAX_ITEM_GRAMS,
    MAX_SUPPLEMENT_MG,
    MAX_WATER_LOG_ML,
    Food,
    Meal,
    MealItem,
    SupplementLog,
    SweatTest,
    WaterLog,
)
from intake.selectors import visible_foods
from trainer import people
from trainer.logs import check_log_instant

ML_PER_FL_OZ = 29.5735
MINERALS = ("potassium_mg", "calcium_mg", "magnesium_mg", "sodium_mg")


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


class MealFoodField(serializers.PrimaryKeyRelatedField):
    """A meal item's food, found among the foods its meal names, fetched together (MealItemListSerializer): one
    query per meal, not one per item. The answers are PrimaryKeyRelatedField's, word for word."""

    found: dict[Any, Food] | None = None

    def to_internal_value(self, data: Any) -> Food:
        if self.found is None:
            return super().to_internal_value(data)
        try:
            if isinstance(data, bool):
                raise TypeError
            pk = Food._meta.pk.get_prep_value(data)  # what queryset.get(pk=data) would look up
        except (TypeError, ValueError):
            self.fail("incorrect_type", data_type=type(data).__name__)
        food = self.found.get(pk)
        if food is None:
            self.fail("does_not_exist", pk_value=data)
        return food


class MealItemListSerializer(serializers.ListSerializer):
    def to_internal_value(self, data: Any) -> list[dict[str, Any]]:
        if isinstance(data, list):
            if len(data) > MAX_MEAL_ITEMS:  # before any lookup: the same answer validate_items gives
                raise serializers.ValidationError(f"A meal holds at most {MAX_MEAL_ITEMS} items.")
            field = self.child.fields["food"]
            foods = field.get_queryset()
            # An id the column cannot hold is no food (as Django's exact lookup treats it), not a database error.
            low, high = connections[foods.db].ops.integer_field_range(Food._meta.pk.get_internal_type())
            pks = set()
            for item in data:
                raw = item.get("food") if isinstance(item, dict) else None
                try:
                    if raw is not None and not isinstance(raw, bool):
                        pks.add(Food._meta.pk.get_prep_value(raw))
                except (TypeError, ValueError):
                    continue  # the item's own validation names it
            field.found = foods.in_bulk({pk for pk in pks if low <= pk <= high})
        return super().to_internal_value(data)


class MealItemSerializer(serializers.ModelSerializer):
    serializer_related_field = MealFoodField
    grams = serializers.DecimalField(
        max_digits=7, decimal_places=1, min_value=Decimal("0.1"), max_value=MAX_ITEM_GRAMS, coerce_to_string=False
    )
    description = serializers.CharField(source="food.description", read_only=True)

    class Meta:
        model = MealItem
        fields = ["food", "description", "grams"]
        list_serializer_class = MealItemListSerializer
        # The same sentence whether the food never existed, is another coach's, or was archived with its coach.
        extra_kwargs = {
            "food": {"error_messages": {"does_not_exist": "There is no food {pk_value} among the foods you can log."}}
        }

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
        fields = ["id", "at", *MINERALS, "created_at"]
        read_only_fields = ["created_at"]

    def validate_at(self, value: Any) -> Any:
        return check_log_instant(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A correction (PATCH) is checked as the log it makes: the fields sent over the stored ones.
        stored = self.instance if isinstance(self.instance, SupplementLog) else None
        if not any(attrs[m] if m in attrs else getattr(stored, m, None) for m in MINERALS):
            raise serializers.ValidationError({"non_field_errors": ["Give at least one of " + ", ".join(MINERALS)]})
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
        from plans.models import WorkoutLog

        fields = super().get_fields()
        athlete = self.context.get("athlete")
        fields["workout"].queryset = (
            WorkoutLog.objects.filter(athlete=athlete) if athlete else WorkoutLog.objects.none()
        )
        return fields

    def validate_date(self, value: Any) -> Any:
        from trainer.logs import check_log_date

        return check_log_date(self.context["athlete"], value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        imperial = self.context["athlete"].units == people.Units.IMPERIAL
        for moment in ("before", "after"):
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
