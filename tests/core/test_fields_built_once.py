"""Serializer fields built once per class (core/fields.py FieldsBuiltOnce, issue 16 item 5): each serializer still
binds fields of its own, and a serializer whose fields nest others is refused rather than sharing them."""

from __future__ import annotations

import pytest
from rest_framework import serializers

from core.fields import FieldsBuiltOnce
from training.models import WorkoutLog
from training.serializers import WorkoutLogSerializer


def test_each_serializer_binds_its_own_copies_of_the_fields_built_once() -> None:
    first, second = WorkoutLogSerializer(data={}), WorkoutLogSerializer(data={})
    assert list(first.fields) == list(second.fields)
    for name in first.fields:
        assert first.fields[name] is not second.fields[name]
        assert first.fields[name].parent is first and second.fields[name].parent is second
        assert first.fields[name].source == name  # bound, while the template stays unbound
    assert all(field.parent is None for field in WorkoutLogSerializer._field_templates.values())


def test_a_field_changed_on_one_serializer_leaves_the_others_alone() -> None:
    changed = WorkoutLogSerializer(data={})
    changed.fields["notes"].read_only = True
    assert WorkoutLogSerializer(data={}).fields["notes"].read_only is False


def test_fields_built_once_answer_as_before() -> None:
    refused = WorkoutLogSerializer(data={"minutes": "45", "rpe": 11, "date": "20260501"}, context={"athlete": None})
    assert not refused.is_valid()
    assert set(refused.errors) == {"minutes", "rpe", "date"}


def test_nested_fields_cannot_be_built_once() -> None:
    class Nested(FieldsBuiltOnce, serializers.ModelSerializer):
        tags = serializers.ListField(child=serializers.CharField())

        class Meta:
            model = WorkoutLog
            fields = ["id", "tags"]

    with pytest.raises(TypeError, match="tags"):
        Nested().fields  # noqa: B018 - building them is the test


def test_the_schema_describes_the_log_serializers_as_before() -> None:
    """The mixin lends them no description (drf-spectacular takes a serializer's first docstring in its classes)."""
    from drf_spectacular.generators import SchemaGenerator

    components = SchemaGenerator().get_schema(request=None, public=True)["components"]["schemas"]
    for name in ("WorkoutLog", "WorkoutLogRequest", "CheckIn", "Cramp"):
        assert "description" not in components[name], name
    assert components["WorkoutLogRequest"]["properties"]["session"] == {"type": "integer", "nullable": True}
