"""Recovery's side of the signals: it listens to the logs below it, and tells the reminders above it when a day
turns red (docs/design.md §1: nothing imports an app above it)."""

from __future__ import annotations

from typing import Any

from django.dispatch import Signal

from core.queue import enqueue_on_commit
from people.models import AthleteProfile

# Sent once the red status is committed, with `athlete`, `reasons` (reason JSON) and `day` (the local date).
turned_red = Signal()


def check_after_log(sender: type, athlete: AthleteProfile, **kwargs: Any) -> None:
    enqueue_on_commit("recovery.tasks.check_recovery", athlete.pk)
