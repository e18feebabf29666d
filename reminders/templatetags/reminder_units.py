"""`{{ amount_ml|volume:units }}`: an amount in ml shown in the recipient's units (docs/design.md, principle 5)."""

from __future__ import annotations

from django import template

from reminders.content import volume as _volume

register = template.Library()


@register.filter
def volume(ml: float | int | None, units: str = "metric") -> str:
    return "" if ml is None else _volume(float(ml), units)
