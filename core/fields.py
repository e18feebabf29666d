"""JSON bodies read as strictly as the schema writes them (issue 18, item 4: the schema tells the truth).

DRF reads more than /api/schema/ promises: `"instructions": 0` becomes "0", `"is_beverage": 0` false, `"date":
"20261205"` a date (Python's `fromisoformat` takes ISO 8601's basic and week forms), `"at": "2026-12-05"` or a time
without an offset an instant. A client built from the schema never sends those, and one that does should hear so
rather than have a guess stored. So, for every serializer at once (installed by trainer.apps), in a JSON body: a
string field takes only a string, a whole number only an integer, a number only a number, a boolean only true or
false; a date only `YYYY-MM-DD` (`format: date`); an instant only RFC 3339 (`format: date-time`: seconds and an
offset, as docs/api.md says). Forms and query strings carry only text, so their types are read as before; their
dates and instants are held to the same forms, which the schema states for query parameters too.

FieldsBuiltOnce, at the end, builds a serializer's fields once per class instead of once per request (issue 16).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from rest_framework import serializers
from rest_framework.utils import html

# RFC 3339 full-date and date-time, as the JSON Schema format checker reads them.
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
DATE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def parse_date(text: str) -> dt.date:
    """`YYYY-MM-DD` only (a path's or a query's date); ValueError otherwise."""
    if not DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not YYYY-MM-DD")
    return dt.date.fromisoformat(text)


def _in_json(field: serializers.Field) -> bool:
    """Whether the field reads a parsed JSON body (not a form's or a query string's text)."""
    data = getattr(field.root, "initial_data", None)
    return data is not None and not html.is_html_input(data)


Reader = Callable[[serializers.Field, Any], Any]


def _json_typed(read: Reader, accepts: Callable[[Any], bool]) -> Reader:
    def to_internal_value(self: serializers.Field, data: Any) -> Any:
        if not accepts(data) and _in_json(self):
            self.fail("invalid")
        return read(self, data)

    return to_internal_value


def _is_string(data: Any) -> bool:
    return isinstance(data, str)


def _is_integer(data: Any) -> bool:
    return isinstance(data, int) and not isinstance(data, bool)


def _is_number(data: Any) -> bool:
    return isinstance(data, (int, float)) and not isinstance(data, bool)


def _is_boolean(data: Any) -> bool:
    return isinstance(data, bool)


def _strict_format(read: Reader, pattern: re.Pattern[str], shown: str) -> Reader:
    def to_internal_value(self: serializers.Field, data: Any) -> Any:
        if isinstance(data, str) and not pattern.fullmatch(data):
            self.fail("invalid", format=shown)
        return read(self, data)

    return to_internal_value


def install_strict_types() -> None:
    """Wrap DRF's readers once; every serializer's fields (declared or from a model) then use them."""
    if getattr(serializers.CharField, "_strict", False):
        return
    for field, accepts in (
        (serializers.CharField, _is_string),
        (serializers.IntegerField, _is_integer),
        (serializers.FloatField, _is_number),
        (serializers.BooleanField, _is_boolean),
    ):
        field.to_internal_value = _json_typed(field.to_internal_value, accepts)
    date = serializers.DateField.to_internal_value
    serializers.DateField.to_internal_value = _strict_format(date, DATE, "YYYY-MM-DD")
    serializers.DateTimeField.to_internal_value = _strict_format(
        serializers.DateTimeField.to_internal_value, DATE_TIME, "YYYY-MM-DDThh:mm:ss[.uuuuuu]Z or ±hh:mm"
    )
    serializers.CharField._strict = True


# Fields that hold other fields: a shallow copy would share them, still bound to the template.
_NESTING = (serializers.BaseSerializer, serializers.ListField, serializers.DictField, serializers.ManyRelatedField)


# A serializer mixin: the fields are built once per class, and each serializer binds shallow copies of them.
#
# A ModelSerializer builds every field from its model for each instance (declared fields deep-copied, model
# fields introspected): about 0.4 ms for a workout log's 19, on every POST (issue 16, item 5). Only for a
# serializer whose get_fields depends on its class alone (not on the context, the instance or the request; a
# queryset that depends on the athlete belongs in the field's get_queryset) and whose fields are flat: a copy
# shares its template's attributes, so a nested serializer or a list's child would stay bound to the template.
# For the same reason, change a field's lists and dicts (validators, error messages) by assigning new ones.
#
# No docstring: drf-spectacular would describe every serializer using the mixin with it (/api/schema/).
class FieldsBuiltOnce:
    def get_fields(self) -> dict[str, serializers.Field]:
        cls = type(self)
        templates: dict[str, serializers.Field] | None = cls.__dict__.get("_field_templates")
        if templates is None:  # the first instance of this class (not of a parent class) builds them
            templates = super().get_fields()  # type: ignore[misc]
            nested = [name for name, field in templates.items() if isinstance(field, _NESTING)]
            if nested:
                raise TypeError(f"{cls.__name__}: fields {nested} nest other fields; they cannot be built once.")
            cls._field_templates = templates  # type: ignore[attr-defined]
        # Unbound copies: the serializer's BindingDict binds each to this instance (name, parent, source).
        return {name: copy.copy(field) for name, field in templates.items()}
