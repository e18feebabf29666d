"""Words for people on pages: a rule's name instead of its code, a status in words, reasons about the athlete."""

from __future__ import annotations

from django import template

from plans.engine.rules import rule_name as _rule_name
from plans.models import RecoveryLevel
from recovery.status import about

register = template.Library()


@register.filter
def rule_name(code: str) -> str:
    return _rule_name(code)


@register.filter
def flag_words(codes: list[str]) -> str:
    """A profile's medical flags as people read them: "kidney disease, diuretics"."""
    return ", ".join(code.replace("_", " ") for code in codes)


@register.filter
def status_word(status: str | None) -> str:
    """A recovery status as people read it; no check at all is unknown too (never green)."""
    return RecoveryLevel(status).label if status in RecoveryLevel.values else RecoveryLevel.UNKNOWN.label


@register.filter
def about_athlete(message: str, name: object) -> str:
    """A reason written to the athlete ("You rated ...") as the coach reads it ("Ana rated ...")."""
    return about(message, str(name))
