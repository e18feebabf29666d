"""Schema-only serializers of plan bodies built by hand (plans.serializers' *_json functions, people.api's exception
handler): they type the OpenAPI document and never render or validate a request."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from plans.engine.rules import RULES, rule_name
from plans.models import AdjustmentKind, RecoveryLevel

SEVERITIES = ["info", "amber", "red"]  # recovery.status.Severity (plans may not import recovery)


# Named components, not enums on the field: drf-spectacular names an enum after its field, and other `status`
# fields (a plan's draft or published) already take that name.
@extend_schema_field(
    {
        "type": "string",
        "enum": RecoveryLevel.values,
        "description": "A recovery check's traffic light; unknown: too little data to judge, never shown as green.",
    },
    component_name="RecoveryLevel",
)
class RecoveryLevelField(serializers.CharField):
    """green, amber, red or unknown (plans.models.RecoveryLevel)."""


@extend_schema_field(
    {
        "type": "string",
        "enum": [*RecoveryLevel.values, ""],
        "description": "The recovery status behind an adjustment; empty for re-planning after missed training.",
    },
    component_name="AdjustmentStatus",
)
class AdjustmentStatusField(serializers.CharField):
    """A RecoveryLevel or "" (plans.models.PlanAdjustment.status)."""


class RecoveryReasonSerializer(serializers.Serializer):
    """A reason of a recovery check (recovery.services.reason_json)."""

    code = serializers.CharField(help_text="A docs/domain.md §7 code, e.g. load_spike, dehydration, recent_cramp.")
    severity = serializers.ChoiceField(choices=SEVERITIES, help_text="info never changes the status.")
    message = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="The figure behind the reason.")
    threshold = serializers.FloatField(allow_null=True, help_text="The threshold it crossed.")


class AdjustmentReasonSerializer(RecoveryReasonSerializer):
    """A recovery check's reason; after missed training, `{"code": "replanning", "severity": "info", "message"}`."""

    value = serializers.FloatField(allow_null=True, required=False)
    threshold = serializers.FloatField(allow_null=True, required=False)


class AdjustmentOutSerializer(serializers.Serializer):
    """An automatic change to a session (plans.serializers.adjustment_json), undoable by the coach."""

    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=AdjustmentKind.values)
    status = AdjustmentStatusField()
    message = serializers.CharField()
    reasons = AdjustmentReasonSerializer(many=True)
    created_at = serializers.DateTimeField()
    undone_at = serializers.DateTimeField(allow_null=True)


class PlanViolationSerializer(serializers.Serializer):
    """A broken plan rule (core.errors.RuleViolations.as_json)."""

    rule = serializers.ChoiceField(choices=[(code, rule_name(code)) for code in RULES])
    message = serializers.CharField()
    overridable = serializers.BooleanField(
        help_text="False for a hard limit that no override reason lifts; send `override_reason` for the others."
    )


class PlanRefusalSerializer(serializers.Serializer):
    """400. Bad input names each field it refuses with its reasons, `{"field": ["reason"]}` (a session's `blocks`
    nest a list of such objects); a broken plan rule answers `{"violations": [...]}` instead."""

    violations = PlanViolationSerializer(
        many=True, required=False, help_text="Present when the change breaks plan rules, and then alone."
    )
