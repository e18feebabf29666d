"""Schema-only serializers of the load, cramp-pattern, roster and undo bodies that recovery/api.py builds by hand:
they type the OpenAPI document and never render or validate a body."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from intake.schemas import LoadRowSerializer
from people import rules as people
from plans.schemas import RecoveryLevelField, RecoveryReasonSerializer
from recovery.cramps import FactorCode


class LoadSeriesSerializer(serializers.Serializer):
    results = LoadRowSerializer(many=True, help_text="A row a day, oldest first.")


# A named component, not an enum on the field: drf-spectacular would name that enum after the field (`CodeEnum`),
# and `code` fields elsewhere (a cramp's factors, a recovery reason) hold other codes.
@extend_schema_field(
    {
        "type": "string",
        # recovery.cramps.factor_frequency leaves out medical_flag: a profile fact, present on every day
        "enum": [c.value for c in FactorCode if c is not FactorCode.MEDICAL_FLAG],
        "description": "A docs/domain.md §6 factor code.",
    },
    component_name="CrampPatternCode",
)
class CrampPatternCodeField(serializers.CharField):
    pass


class CrampPatternFactorSerializer(serializers.Serializer):
    code = CrampPatternCodeField()
    cramp_days = serializers.IntegerField(help_text="Days with a cramp.")
    cramp_days_with_factor = serializers.IntegerField()
    other_days = serializers.IntegerField(help_text="Days without one.")
    other_days_with_factor = serializers.IntegerField()
    cramp_day_share = serializers.FloatField(
        allow_null=True, help_text="cramp_days_with_factor / cramp_days, 0 to 1; null without cramp days."
    )
    other_day_share = serializers.FloatField(
        allow_null=True, help_text="other_days_with_factor / other_days, 0 to 1; null without other days."
    )


class CrampPatternsSerializer(serializers.Serializer):
    days = serializers.IntegerField(help_text="The days looked at, ending today: 90.")
    cramps = serializers.IntegerField(help_text="Cramps in those days.")
    factors = CrampPatternFactorSerializer(many=True)


class RecoveryRosterRowSerializer(serializers.Serializer):
    """One athlete on the coach's roster, on the athlete's own local today (recovery.roster.roster)."""

    athlete = serializers.IntegerField()
    name = serializers.CharField()
    date = serializers.DateField(help_text="The athlete's local today.")
    status = RecoveryLevelField(allow_null=True, help_text="Null while no check is stored for that day.")
    top_reason = RecoveryReasonSerializer(allow_null=True, help_text="The first red reason, else the first amber.")
    hydration_pct = serializers.IntegerField(allow_null=True)
    water_ml = serializers.IntegerField()
    water_target_ml = serializers.IntegerField()
    compliance_pct = serializers.FloatField(allow_null=True, help_text="This week's; null while no session is due.")
    last_cramp_at = serializers.DateTimeField(allow_null=True)
    sport = serializers.ChoiceField(choices=people.sport_choices())
    sport_label = serializers.CharField()
    next_match = serializers.DateField(allow_null=True, help_text="A team athlete's next match from today.")


class RecoveryRosterSerializer(serializers.Serializer):
    results = RecoveryRosterRowSerializer(many=True)


class UndoAdjustmentSerializer(serializers.Serializer):
    override_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="Why, when giving the session back breaks a plan rule again; cut at 1,000 characters.",
    )
