"""Serializers of the athlete's training logs: workouts, check-ins and cramp episodes (docs/api.md, Logs)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from core.fields import FieldsBuiltOnce
from people import rules as people
from people.api import one_unit
from people.logs import check_log_date, check_log_instant
from plans.models import PlanSession
from training.models import CrampEpisode, WellnessCheckIn, WorkoutLog


class AthleteSessionField(serializers.PrimaryKeyRelatedField):
    """A planned session of the serializer's athlete (context["athlete"]); none without one (schema generation).

    The queryset is built when a session is read, not with the field: most logs name none (issue 16, item 5)."""

    def get_queryset(self) -> QuerySet[PlanSession]:
        athlete = self.context.get("athlete")
        if athlete is None:
            return PlanSession.objects.none()
        return PlanSession.objects.filter(plan__athlete=athlete)


class WorkoutLogSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    # The declared queryset names the model for the schema; get_queryset narrows it to the athlete's sessions.
    session = AthleteSessionField(queryset=PlanSession.objects.none(), allow_null=True, required=False)
    minutes = serializers.IntegerField(min_value=1, max_value=1440)
    rpe = serializers.IntegerField(
        min_value=0,
        max_value=10,
        allow_null=True,
        help_text="Session RPE (0-10). Null only on a workout read from a file, until the athlete gives it.",
    )
    load = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Session RPE load = RPE x minutes; null while it waits for the RPE."
    )
    source = serializers.CharField(read_only=True, help_text="`manual` (typed in) or `file` (read from a file).")
    distance_m = serializers.FloatField(read_only=True, allow_null=True)
    elevation_gain_m = serializers.FloatField(read_only=True, allow_null=True)
    avg_hr_bpm = serializers.IntegerField(read_only=True, allow_null=True)
    max_hr_bpm = serializers.IntegerField(read_only=True, allow_null=True)
    trimp = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Banister TRIMP from the average heart rate (heart-rate load)."
    )
    trimp_edwards = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Edwards TRIMP from the minutes in each heart-rate zone."
    )

    class Meta:
        model = WorkoutLog
        fields = [
            "id", "session", "date", "modality", "minutes", "rpe", "load", "completed", "warmup_done",
            "stretching_done", "notes", "created_at", "source", "distance_m", "elevation_gain_m", "avg_hr_bpm",
            "max_hr_bpm", "trimp", "trimp_edwards",
        ]  # fmt: skip
        read_only_fields = ["created_at"]

    def validate_date(self, value: Any) -> Any:
        return check_log_date(self.context["athlete"], value)

    def validate_rpe(self, value: Any) -> Any:
        # Only a file leaves it empty (the import service); a person always gives one.
        if value is None:
            raise serializers.ValidationError("Give the session RPE, 0 (rest) to 10 (maximal).")
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # A correction (PATCH) is checked as the log it makes: the fields sent over the stored ones.
        stored = self.instance if isinstance(self.instance, WorkoutLog) else None
        session = attrs.get("session", stored.session if stored and stored.session_id else None)
        if session is not None:
            day = attrs.get("date", stored.date if stored else None)
            if abs((session.date - day).days) > 7:
                field = "session" if "session" in attrs else "date"
                raise serializers.ValidationError({field: ["That session is more than a week from this date."]})
            if not attrs.get("modality", stored.modality if stored else ""):
                attrs["modality"] = session.modality
        return attrs


class CheckInSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    sleep = serializers.IntegerField(min_value=1, max_value=7, help_text="1 very, very good to 7 very, very bad")
    fatigue = serializers.IntegerField(min_value=1, max_value=7)
    stress = serializers.IntegerField(min_value=1, max_value=7)
    soreness = serializers.IntegerField(min_value=1, max_value=7)
    resting_hr_bpm = serializers.IntegerField(min_value=25, max_value=220, required=False, allow_null=True)
    hrv_rmssd_ms = serializers.FloatField(min_value=1, max_value=500, required=False, allow_null=True)
    sleep_hours = serializers.FloatField(min_value=0, max_value=24, required=False, allow_null=True)
    morning_mass_kg = serializers.FloatField(
        min_value=people.MIN_MASS_KG, max_value=people.MAX_MASS_KG, required=False, allow_null=True
    )
    morning_mass_lb = serializers.FloatField(min_value=1, max_value=1000, required=False, write_only=True)
    hooper_index = serializers.IntegerField(read_only=True)

    class Meta:
        model = WellnessCheckIn
        fields = [
            "id", "date", "sleep", "fatigue", "stress", "soreness", "hooper_index", "resting_hr_bpm", "hrv_rmssd_ms",
            "sleep_hours", "morning_mass_kg", "morning_mass_lb", "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = ["created_at", "updated_at"]
        validators: list = []  # one per day is an upsert, not an error

    def validate_date(self, value: Any) -> Any:
        return check_log_date(self.context["athlete"], value)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        one_unit(attrs, "morning_mass_kg", "morning_mass_lb")
        mass_lb = attrs.pop("morning_mass_lb", None)
        if mass_lb is not None:
            if self.context["athlete"].units != people.Units.IMPERIAL:
                raise serializers.ValidationError(
                    {"morning_mass_lb": ["Send morning_mass_kg, or set units to imperial."]}
                )
            mass_kg = round(people.lb_to_kg(mass_lb), 1)
            if not people.MIN_MASS_KG <= mass_kg <= people.MAX_MASS_KG:
                raise serializers.ValidationError({"morning_mass_lb": ["That mass is not plausible."]})
            attrs["morning_mass_kg"] = mass_kg
        return attrs

    def to_representation(self, row: WellnessCheckIn) -> dict[str, Any]:
        data = super().to_representation(row)
        data["morning_mass_kg"] = float(row.morning_mass_kg) if row.morning_mass_kg is not None else None
        return data


class CrampSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    severity = serializers.IntegerField(min_value=1, max_value=10)
    duration_minutes = serializers.FloatField(min_value=0, max_value=600)

    class Meta:
        model = CrampEpisode
        fields = ["id", "at", "location", "side", "severity", "duration_minutes", "context", "notes", "created_at"]
        read_only_fields = ["created_at"]

    def validate_at(self, value: Any) -> Any:
        return check_log_instant(value)
