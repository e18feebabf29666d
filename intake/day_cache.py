"""The day summary, kept once computed (docs/design.md, "The day summary, kept").

A summary costs some twenty queries and is read far more often than anything in it changes: an athlete opens the
day many times between two logs. So it is kept in the cache under the athlete's data version, which every write
that can change a summary moves on in its own transaction (training.signals.after_log for every log,
people.services.data_changed for the rest). A write makes every summary kept before it unreachable at once, in
every process, with no list of keys to delete; the version comes with the athlete row that sign-in or the
permission check reads anyway, so a kept summary costs one cache read.

Only what cannot change without a write is kept: a day whose recovery check is stored, or a past day (its live
check is as of the day's end). Today's live check is as of now, so it is computed for every request. The local
date of today is in the key too: a past session turns from planned to missed when the day ends, without a write.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache

from intake.day import day_record
from intake.day_json import day_json
from intake.hooks import day_load_and_recovery
from people.logs import local_today
from people.models import AthleteProfile

# Bump when day_json's shape changes, so a deploy never serves what the code before it kept.
SHAPE = 1
# A bound on what a missed bump could cost, not the means of freshness: the version is.
KEPT_SECONDS = 6 * 3600


class StaleSummary(AssertionError):
    """A kept summary differs from the one computed now (raised only where settings ask for the comparison)."""


def summary_key(athlete: AthleteProfile, day: dt.date, *, drafts: bool, today: dt.date) -> str:
    return f"day-summary:{SHAPE}:{athlete.pk}:{athlete.data_version}:{day.isoformat()}:{int(drafts)}:{today}"


def day_summary(athlete: AthleteProfile, day: dt.date, *, drafts: bool) -> dict[str, Any]:
    """docs/api.md's day summary: the kept one (a cache read, no query), or one computed now (and kept when
    nothing but a write can change it). `drafts`: include sessions of unpublished weeks (coaches)."""
    today = local_today(athlete)
    key = summary_key(athlete, day, drafts=drafts, today=today)
    kept = cache.get(key)
    if kept is not None and not settings.DAY_SUMMARY_CHECK_KEPT:
        return kept
    load, recovery = day_load_and_recovery(athlete, day)
    summary = day_json(day_record(athlete, day, drafts=drafts), load, recovery)
    if kept is not None and kept != summary:
        # The test suite compares every kept summary it reads: a write that forgot to move the version fails there.
        raise StaleSummary(f"The kept day summary {key} differs from the data.")
    if recovery["checked_at"] is not None or day < today:
        cache.set(key, summary, KEPT_SECONDS)
    return summary
