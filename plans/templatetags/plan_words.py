"""Words for people on plan pages: a rule's name instead of its code."""

from __future__ import annotations

from django import template

from plans.engine.rules import rule_name as _rule_name

register = template.Library()


@register.filter
def rule_name(code: str) -> str:
    return _rule_name(code)


@register.filter
def flag_words(codes: list[str]) -> str:
    """A profile's medical flags as people read them: "kidney disease, diuretics"."""
    return ", ".join(code.replace("_", " ") for code in codes)
