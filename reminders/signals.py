"""Keep schedules in step with people: one cheap query per save, the next sweep does the arithmetic.

An athlete's reminders follow their profile's time zone and preferred session time, so every profile save makes
that athlete's schedules due now; the sweep then computes the real next slots (and the outbox's unique key
keeps a slot looked at twice from being sent twice). A new coach gets a digest schedule the same way.

The apps below say what happened through their own signals, connected in reminders/apps.py: a week published
(plans/signals.py) moves its session reminders; a day turned red (recovery/signals.py) alerts the athlete and
their coaches.
"""

from __future__ import annotations

from typing import Any

from people.models import AthleteProfile, User
from reminders import services


def athlete_saved(sender: type, instance: AthleteProfile, raw: bool = False, **kwargs: Any) -> None:
    if not raw:  # fixtures load rows as they are
        services.touch_schedules(instance.user)


def user_saved(sender: type, instance: User, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if created and not raw and instance.is_coach:
        services.touch_schedules(instance)


def week_published(sender: type, plan: Any, **kwargs: Any) -> None:
    services.plan_published(plan)


def turned_red(sender: type, reds: list[tuple[AthleteProfile, list[dict], Any]], **kwargs: Any) -> None:
    services.notify_recovery_reds(reds)
