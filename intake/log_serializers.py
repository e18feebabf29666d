"""Serializers of water, meal and supplement logs (API.md, Logs). Imperial fields are converted here, at the
edge; everything stored is SI."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from rest_framework import serializers

from intake.models import MAX_ITEM_GRAMS, MAX_SUPPLEMENT_MG, MAX_WATER_LOG_ML, Meal, MealItem, SupplementLog, WaterLog
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
        if "water_ml" not in attrs:
            raise serializers.ValidationError({"water_ml": ["This field is required."]})
        return attrs


class MealItemSerializer(serializers.ModelSerializer):
    grams = serializers.DecimalField(
        max_digits=7, decimal_places=1, min_value=Decimal("0.1"), max_value=MAX_ITEM_GRAMS, coerce_to_string=False
    )
    description = serializers.CharField(source="food.description", read_only=True)

    class Meta:
        model = MealItem
        fields = ["food", "description", "grams"]

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        athlete = self.context.get("athlete")
        if athlete is not None:  # the athlete's foods: the library and their coaches' own
            fields["food"].queryset = visible_foods(athlete.user)
        return fields


class MealSerializer(serializers.ModelSerializer):
    items = MealItemSerializer(many=True)
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
        if len(value) > 50:
            raise serializers.ValidationError("A meal holds at most 50 items.")
        return value


class SupplementSerializer(serializers.ModelSerializer):
    potassium_mg = serializers.IntegerField(min_value=1, max_value=MAX_SUPPLEMENT_MG["potassium_mg"], required=False)
    calcium_mg = serializers.IntegerField(min_value=1, max_value=MAX_SUPPLEMENT_MG["calcium_mg"], required=False)
    magnesium_mg = serializers.IntegerField(min_value=1, max_value=MAX_SUPPLEMENT_MG["magnesium_mg"], required=False)
    sodium_mg = serializers.IntegerField(min_value=1, max_value=MAX_SUPPLEMENT_MG["sodium_mg"], required=False)
    at = serializers.DateTimeField(required=False, help_text="Defaults to now.")

    class Meta:
        model = SupplementLog
        fields = ["id", "at", *MINERALS, "created_at"]
        read_only_fields = ["created_at"]

    def validate_at(self, value: Any) -> Any:
        return check_log_instant(value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not any(attrs.get(m) for m in MINERALS):
            raise serializers.ValidationError({"non_field_errors": ["Give at least one of " + ", ".join(MINERALS)]})
        return attrs
