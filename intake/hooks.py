"""What the day summary shows from the app above intake: the day's load and recovery status.

Intake never imports recovery (docs/design.md §1); recovery hands its function over at start-up
(recovery/apps.py), the way a signal's receiver is connected.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ImproperlyConfigured

from people.models import AthleteProfile

LoadAndRecovery = Callable[[AthleteProfile, dt.date], tuple[dict[str, Any], dict[str, Any]]]
_load_and_recovery: LoadAndRecovery | None = None


def provide_load_and_recovery(function: LoadAndRecovery) -> None:
    global _load_and_recovery
    _load_and_recovery = function


def day_load_and_recovery(athlete: AthleteProfile, day: dt.date) -> tuple[dict[str, Any], dict[str, Any]]:
    """The day summary's `load` and `recovery` (recovery.services.day_load_and_recovery)."""
    if _load_and_recovery is None:
        raise ImproperlyConfigured("The recovery app gives the day summary its load and recovery; install it.")
    return _load_and_recovery(athlete, day)
