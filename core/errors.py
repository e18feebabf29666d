"""The errors every layer raises and every view translates: a refused write names its field and a reason for
people; a rule refusal carries the violations (a code for machines and a sentence for people each)."""

from __future__ import annotations

from django.http import Http404


class RuleViolations(Exception):
    """Base of refusals that carry rule violations (code and sentence each); the API answers 400
    `{"violations": [...]}` as docs/api.md says."""

    violations: list

    def as_json(self) -> list[dict[str, object]]:
        return [{"rule": v.rule, "message": v.message, "overridable": v.overridable} for v in self.violations]


class ServiceError(Exception):
    """A refused write, with the field it concerns and a reason for the user."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


class RowGone(Http404):
    """The row a write was given was deleted meanwhile (a second tab, another device): a correction must never
    bring it back. A subclass of Django's Http404, so the API and the pages answer 404 without catching it."""
