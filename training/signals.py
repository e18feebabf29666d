"""What the training logs tell the apps above them, without importing them (docs/design.md §1).

`after_log` is the one door every log write goes through, training's and intake's alike: the athlete owes a
recovery check from that moment (written in the log's own transaction, so a check never published is not
forgotten), and `logged` tells the recovery app to publish one once the write commits (recovery/apps.py).
"""

from __future__ import annotations

from django.db.models import F
from django.dispatch import Signal
from django.utils import timezone

from people.models import AthleteProfile

# Sent inside the log's transaction with `athlete`; receivers defer their work to the commit.
logged = Signal()


def after_log(athlete: AthleteProfile) -> None:
    """A new, changed or removed log may change today's status: owe a check, and say so."""
    # Python's clock, not the database's Now(): SQLite writes Now() as text with milliseconds ("…:01.000"), which
    # sorts after the same instant written back by Django ("…:01"), so the check's compare-and-set that pays the
    # debt (recovery/services.py run_owed_check) missed it once in a thousand logs.
    # The same UPDATE moves the data version on (people.services.data_changed): a kept day summary is stale now.
    AthleteProfile.objects.filter(pk=athlete.pk).update(
        recovery_owed_since=timezone.now(), data_version=F("data_version") + 1
    )
    logged.send(sender=AthleteProfile, athlete=athlete)
