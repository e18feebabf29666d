"""Writes of the calendar feed: what calendar apps were shown of each event (plans.calendar)."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from plans.calendar import Revision
from plans.models import Fixture, PlanSession

FIELDS = ["calendar_digest", "calendar_sequence", "calendar_changed_at"]


def record_revisions(revisions: Sequence[Revision]) -> None:
    """Store each event's new digest, SEQUENCE and change time, in a fixed number of queries for events shown
    the first time (a new week: all of them at once) and one per changed event.

    A changed event is stored only if the digest it replaces is still there: of two polls seeing one change at
    once, one revision is kept, and the other poll answered the same SEQUENCE. A first showing's values follow
    from the event alone (its publication time), so concurrent polls write the same ones."""
    if not revisions:
        return  # the usual poll: nothing changed, nothing written
    with transaction.atomic():
        for model in (PlanSession, Fixture):
            first = [
                model(pk=r.pk, calendar_digest=r.digest, calendar_sequence=r.sequence, calendar_changed_at=r.changed_at)
                for r in revisions
                if r.model is model and not r.digest_before
            ]
            model.objects.bulk_update(first, FIELDS, batch_size=500)
        for r in revisions:
            if r.digest_before:
                r.model.objects.filter(pk=r.pk, calendar_digest=r.digest_before).update(
                    calendar_digest=r.digest, calendar_sequence=r.sequence, calendar_changed_at=r.changed_at
                )
