"""Schema-only serializers of the day summary (intake.day_json.day_json plus the load and recovery of
recovery.services.day_load_and_recovery): they type the OpenAPI document and never render a body."""

from __future__ import annotations

from rest_framework import serializers

from intake.log_serializers import MealSerializer, SupplementSerializer, WaterLogSerializer
from intake.targets import Mineral
from people.rules import MedicalFlag
from plans.schemas import AdjustmentOutSerializer, RecoveryLevelField, RecoveryReasonSerializer
from plans.serializers import SessionOutSerializer
from training.serializers import CheckInSerializer, CrampSerializer, WorkoutLogSerializer

MINERAL_CHOICES = [m.value for m in Mineral]
# With their labels: the profile's `medical_flags` enum (the values alone) takes their name.
MEDICAL_FLAG_CHOICES = MedicalFlag.choices()


def _texts(**kwargs: object) -> serializers.ListField:
    return serializers.ListField(child=serializers.CharField(), **kwargs)


class DayWaterSerializer(serializers.Serializer):
    ml = serializers.IntegerField(help_text="Water drunk today: beverages and the water in foods.")
    target_ml = serializers.IntegerField()
    pct = serializers.IntegerField(allow_null=True, help_text="ml of target_ml in %; null without a target.")
    sweat_loss_ml = serializers.IntegerField(help_text="Expected sweat loss of the day's sessions.")
    why = _texts()
    source = serializers.CharField()
    fl_oz = serializers.FloatField(required=False, help_text="Imperial profiles only.")
    target_fl_oz = serializers.FloatField(required=False, help_text="Imperial profiles only.")


class DayMineralSerializer(serializers.Serializer):
    mg = serializers.IntegerField(help_text="food_mg + supplement_mg.")
    target_mg = serializers.IntegerField()
    food_mg = serializers.IntegerField()
    supplement_mg = serializers.IntegerField()
    limit_mg = serializers.IntegerField(allow_null=True, help_text="The upper limit shown today; null: none.")
    limit_kind = serializers.CharField(allow_null=True, help_text="What the limit is, in words; null: no limit.")
    why = _texts()
    source = serializers.CharField()


class DayMineralsSerializer(serializers.Serializer):
    potassium = DayMineralSerializer()
    calcium = DayMineralSerializer()
    magnesium = DayMineralSerializer()
    sodium = DayMineralSerializer()


class LoadRowSerializer(serializers.Serializer):
    """docs/api.md's `load` fields of one day (recovery.history.load_rows)."""

    date = serializers.DateField()
    session_load = serializers.FloatField(help_text="RPE x minutes of the day's workouts; 0 without any.")
    acute = serializers.FloatField(allow_null=True, help_text="Null before the athlete's first workout.")
    chronic = serializers.FloatField(allow_null=True, help_text="Null before the athlete's first workout.")
    acwr = serializers.FloatField(allow_null=True, help_text="Null until 28 days of history.")
    monotony = serializers.FloatField(allow_null=True, help_text="Null until 7 days of history.")
    strain = serializers.FloatField(allow_null=True)
    weekly_load = serializers.FloatField(
        required=False, help_text="The 7 days ending on `date`; left out before the athlete's first workout."
    )
    week_change = serializers.FloatField(
        required=False,
        allow_null=True,
        help_text="weekly_load against the 7 days before, as a fraction (0.3 = +30 %); left out before the "
        "athlete's first workout.",
    )
    planned_load = serializers.FloatField(help_text="RPE x minutes of the day's published sessions.")


class DayRecoverySerializer(serializers.Serializer):
    status = RecoveryLevelField()
    reasons = RecoveryReasonSerializer(many=True)
    checked_at = serializers.DateTimeField(
        allow_null=True, help_text="Null when the check was computed for this answer rather than stored."
    )


class DaySessionSerializer(SessionOutSerializer):
    """A session of the day as its plan shows it, with the plan's status (coaches see drafts too)."""

    adjustments = AdjustmentOutSerializer(many=True)
    status = serializers.ChoiceField(choices=["draft", "published"], help_text="The status of the session's plan.")


class HydrationGuidanceSerializer(serializers.Serializer):
    """Before, during and after one of the day's sessions (intake.targets.exercise_hydration)."""

    session = serializers.IntegerField(help_text="The session's id.")
    before_4h_ml = serializers.IntegerField()
    before_2h_if_dark_urine_ml = serializers.ListField(
        child=serializers.IntegerField(), min_length=2, max_length=2, help_text="From and to, ml."
    )
    expected_sweat_ml = serializers.IntegerField()
    max_mass_loss_kg = serializers.FloatField()
    during_min_ml = serializers.IntegerField()
    during_max_ml = serializers.IntegerField()
    drink_to_thirst = serializers.BooleanField()
    why = _texts()
    source = serializers.CharField()


class LimitWarningSerializer(serializers.Serializer):
    mineral = serializers.ChoiceField(choices=MINERAL_CHOICES)
    message = serializers.CharField()
    source = serializers.CharField()


class MineralSuggestionSerializer(serializers.Serializer):
    mineral = serializers.ChoiceField(choices=MINERAL_CHOICES)
    message = serializers.CharField()
    foods = _texts()
    why = _texts()
    source = serializers.CharField()


class MedicalNoteSerializer(serializers.Serializer):
    flag = serializers.ChoiceField(choices=MEDICAL_FLAG_CHOICES)
    message = serializers.CharField()
    source = serializers.CharField()


class DayLogsSerializer(serializers.Serializer):
    workouts = WorkoutLogSerializer(many=True)
    water = WaterLogSerializer(many=True)
    meals = MealSerializer(many=True)
    supplements = SupplementSerializer(many=True)
    checkin = CheckInSerializer(allow_null=True)
    cramps = CrampSerializer(many=True)


class DaySummarySerializer(serializers.Serializer):
    """docs/api.md, Day: water and minerals against the day's targets, load, recovery, sessions and logs."""

    date = serializers.DateField()
    water = DayWaterSerializer()
    minerals = DayMineralsSerializer()
    load = LoadRowSerializer()
    recovery = DayRecoverySerializer()
    sessions = DaySessionSerializer(many=True)
    hydration_guidance = HydrationGuidanceSerializer(many=True)
    warnings = LimitWarningSerializer(many=True, help_text="Upper limits and supplement cautions.")
    suggestions = MineralSuggestionSerializer(many=True, help_text="Minerals short over the last three logged days.")
    medical_notes = MedicalNoteSerializer(many=True)
    unknown_values = serializers.IntegerField(
        help_text="Meal items whose food lacks a value: the totals are then a floor."
    )
    logs = DayLogsSerializer()
