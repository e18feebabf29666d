"""`GET /api/v1/me/export/`: everything Trainer holds about the caller, as one JSON file to download.

Thin: the rows come from accounts.account_data (a fixed number of queries), the shapes from the log endpoints'
own serializers where one exists, so a row reads the same in the export as in the API. Secrets stay out: the
password hash, API tokens and the calendar feed's token.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.account_data import AccountData, account_data
from intake.log_serializers import SupplementSerializer, SweatTestSerializer, WaterLogSerializer
from intake.models import Food, FoodPortion, Meal, MealItem
from intake.targets import MINERAL_FIELDS
from people.api import LocalTimeField
from people.logs import local_today
from people.models import AthleteProfile, CoachAthlete, Invitation, User
from plans.models import Exercise, PlanAdjustment, PlanTemplate, RecoveryLevel
from plans.serializers import PlanOutSerializer, plan_json
from recovery.models import RecoveryStatus
from reminders.models import Delivery, ReminderPreference
from training.serializers import CheckInSerializer, CrampSerializer, WorkoutLogSerializer


def _number(**kwargs: Any) -> serializers.DecimalField:
    # A JSON number, as everywhere in the API, not the string DRF gives decimals by default.
    return serializers.DecimalField(max_digits=9, decimal_places=3, coerce_to_string=False, read_only=True, **kwargs)


@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(RecoveryLevel.values)})$", "example": "amber"})
class RecoveryLevelField(serializers.CharField):
    """green, amber or red. A pattern, not an enum: drf-spectacular would name the enum after the field, and
    other `status` fields already take that name."""


class AccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "role", "date_joined", "last_login"]


class ProfileSerializer(serializers.ModelSerializer):
    mass_kg = serializers.FloatField()
    preferred_session_time = LocalTimeField()
    available_weekdays = serializers.ListField(child=serializers.IntegerField())
    medical_flags = serializers.ListField(child=serializers.CharField())
    medications = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = AthleteProfile
        fields = [
            "id", "birth_date", "sex", "mass_kg", "time_zone", "sport", "level", "available_weekdays",
            "preferred_long_day", "preferred_session_time", "weekly_minutes_target", "units", "sweat_rate_ml_per_h",
            "hamstring_imbalance", "medical_flags", "medications", "created_at", "updated_at",
        ]  # fmt: skip


class ReminderSettingsSerializer(serializers.ModelSerializer):
    waking_start = LocalTimeField()
    waking_end = LocalTimeField()
    quiet_weekdays = serializers.ListField(child=serializers.IntegerField())

    class Meta:
        model = ReminderPreference
        fields = [
            "hydration", "pre_session", "post_session", "rest_day", "checkin", "recovery_alert", "coach_digest",
            "waking_start", "waking_end", "quiet_weekdays", "hydration_interval_hours", "time_zone", "email",
            "updated_at",
        ]  # fmt: skip


class CoachLinkSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="coach.name")

    class Meta:
        model = CoachAthlete
        fields = ["name", "added_at"]


class InvitationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Invitation
        fields = ["email", "created_at", "sent_at", "accepted_at"]


@extend_schema_field({"type": "string", "pattern": f"^({'|'.join(RecoveryLevel.values)})?$", "example": "amber"})
class AdjustmentStatusField(serializers.CharField):
    """The recovery status behind an adjustment; empty for re-planning after missed training."""


class AdjustmentSerializer(serializers.ModelSerializer):
    status = AdjustmentStatusField(allow_blank=True)
    reasons = serializers.ListField(child=serializers.DictField())
    before = serializers.DictField(help_text="The session as it was before the change.")

    class Meta:
        model = PlanAdjustment
        fields = [
            "id", "plan", "session", "date", "kind", "status", "reasons", "message", "before", "created_at",
            "undone_at",
        ]  # fmt: skip


class RecoveryStatusSerializer(serializers.ModelSerializer):
    status = RecoveryLevelField()
    reasons = serializers.ListField(child=serializers.DictField())

    class Meta:
        model = RecoveryStatus
        fields = ["date", "status", "reasons", "checked_at"]


class MealItemExportSerializer(serializers.ModelSerializer):
    """An eaten food with what it brought: mg for the grams eaten; null where the food's value is unknown."""

    description = serializers.CharField(source="food.description")
    grams = serializers.DecimalField(max_digits=7, decimal_places=1, coerce_to_string=False)
    potassium_mg = serializers.SerializerMethodField()
    calcium_mg = serializers.SerializerMethodField()
    magnesium_mg = serializers.SerializerMethodField()
    sodium_mg = serializers.SerializerMethodField()

    class Meta:
        model = MealItem
        fields = ["food", "description", "grams", *MINERAL_FIELDS]

    @staticmethod
    def _mg(item: MealItem, mineral: str) -> float | None:
        per_100g: Decimal | None = getattr(item.food, mineral)
        return None if per_100g is None else round(float(per_100g * item.grams / 100), 1)

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_potassium_mg(self, item: MealItem) -> float | None:
        return self._mg(item, "potassium_mg")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_calcium_mg(self, item: MealItem) -> float | None:
        return self._mg(item, "calcium_mg")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_magnesium_mg(self, item: MealItem) -> float | None:
        return self._mg(item, "magnesium_mg")

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_sodium_mg(self, item: MealItem) -> float | None:
        return self._mg(item, "sodium_mg")


class MealExportSerializer(serializers.ModelSerializer):
    items = MealItemExportSerializer(many=True)

    class Meta:
        model = Meal
        fields = ["id", "at", "notes", "items", "created_at"]


class ReminderEmailSerializer(serializers.ModelSerializer):
    # Plain strings: as enums they would take the names `KindEnum` and `StatusEnum`, renaming existing ones.
    kind = serializers.CharField(help_text="hydration, pre_session, post_session, rest_day, checkin, ...")
    status = serializers.CharField(help_text="pending, sending, sent, failed or abandoned")

    class Meta:
        model = Delivery
        fields = ["kind", "local_date", "slot", "status", "subject", "created_at", "sent_at"]


class RosterEntrySerializer(serializers.ModelSerializer):
    athlete_id = serializers.IntegerField(source="athlete.pk")
    name = serializers.CharField(source="athlete.user.name")
    email = serializers.EmailField(source="athlete.user.email")

    class Meta:
        model = CoachAthlete
        fields = ["athlete_id", "name", "email", "added_at"]


class PortionExportSerializer(serializers.ModelSerializer):
    amount = _number()
    grams = _number()

    class Meta:
        model = FoodPortion
        fields = ["amount", "unit", "grams"]


class OwnFoodSerializer(serializers.ModelSerializer):
    water_g = _number(allow_null=True)
    energy_kcal = _number(allow_null=True)
    protein_g = _number(allow_null=True)
    potassium_mg = _number(allow_null=True)
    calcium_mg = _number(allow_null=True)
    magnesium_mg = _number(allow_null=True)
    sodium_mg = _number(allow_null=True)
    portions = PortionExportSerializer(many=True)

    class Meta:
        model = Food
        fields = [
            "id", "description", "short_description", "water_g", "energy_kcal", "protein_g", *MINERAL_FIELDS,
            "is_beverage", "portions", "created_at",
        ]  # fmt: skip


class OwnExerciseSerializer(serializers.ModelSerializer):
    suits = serializers.ListField(child=serializers.CharField())
    target_muscles = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Exercise
        fields = [
            "id", "slug", "name", "category", "modality", "suits", "target_muscles", "equipment", "instructions",
            "default_sets", "default_reps", "default_seconds",
        ]  # fmt: skip


class TemplateExportSerializer(serializers.ModelSerializer):
    week = serializers.DictField(help_text="The week in the plan engine's form.")

    class Meta:
        model = PlanTemplate
        fields = ["id", "name", "week", "created_at"]


class AccountExportSerializer(serializers.Serializer):
    """Everything held about the caller. An athlete's file fills `athlete` and the logs; a coach's fills
    `roster`, `foods`, `exercises` and `plan_templates`; the other part is null or empty."""

    exported_at = serializers.DateTimeField()
    account = AccountSerializer(source="user")
    reminder_preference = ReminderSettingsSerializer(allow_null=True, help_text="Null: the defaults, never changed.")
    reminder_emails = ReminderEmailSerializer(many=True)
    athlete = ProfileSerializer(allow_null=True)
    coaches = CoachLinkSerializer(many=True)
    invitations = InvitationSerializer(many=True)
    plans = serializers.SerializerMethodField()
    adjustments = AdjustmentSerializer(many=True)
    recovery_statuses = RecoveryStatusSerializer(many=True)
    workouts = WorkoutLogSerializer(many=True)
    checkins = CheckInSerializer(many=True)
    cramps = CrampSerializer(many=True)
    water = WaterLogSerializer(many=True)
    meals = MealExportSerializer(many=True)
    supplements = SupplementSerializer(many=True)
    sweat_tests = SweatTestSerializer(many=True)
    roster = RosterEntrySerializer(many=True)
    foods = OwnFoodSerializer(many=True)
    exercises = OwnExerciseSerializer(many=True)
    plan_templates = TemplateExportSerializer(many=True)

    @extend_schema_field(PlanOutSerializer(many=True))
    def get_plans(self, data: AccountData) -> list[dict[str, Any]]:
        # The plan endpoints' own shape (plans.serializers.plan_json), built from the prefetched rows; the
        # athlete's workouts, already fetched, give each session's completion without another query.
        if data.athlete is None:
            return []
        today = local_today(data.athlete)
        return [plan_json(plan, data.workouts, today) for plan in data.plans]


class _JsonWhateverAccepted(BaseContentNegotiation):
    """The page's download link must save a JSON file whatever the browser says it accepts, never open the
    browsable API nor answer 406."""

    def select_parser(self, request: Request, parsers: list[BaseParser]) -> BaseParser:
        return parsers[0]

    def select_renderer(
        self, request: Request, renderers: list[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        return renderers[0], renderers[0].media_type


class MyExportView(APIView):
    """Download everything Trainer holds about you, as JSON. Athletes get their profile, settings, plans and
    every log; coaches get their account, roster, own foods, exercises and templates."""

    renderer_classes = [JSONRenderer]
    content_negotiation_class = _JsonWhateverAccepted

    @extend_schema(responses=AccountExportSerializer)
    def get(self, request: Request) -> Response:
        data = account_data(request.user)
        filename = f"trainer-export-{data.exported_at:%Y-%m-%d}.json"
        return Response(
            AccountExportSerializer(data).data, headers={"Content-Disposition": f'attachment; filename="{filename}"'}
        )
