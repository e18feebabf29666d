"""Reads of a team athlete's fixtures for the API and the pages."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from people.models import AthleteProfile
from plans.models import Fixture


def fixture_of(athlete: AthleteProfile, fixture_id: int) -> Fixture | None:
    return Fixture.objects.filter(athlete=athlete, pk=fixture_id).select_related("athlete").first()


def fixtures_between(athlete: AthleteProfile, first: dt.date, last: dt.date | None = None) -> QuerySet[Fixture]:
    """The athlete's fixtures from `first` (to `last`, when given), in date and start order."""
    rows = Fixture.objects.filter(athlete=athlete, date__gte=first)
    if last is not None:
        rows = rows.filter(date__lte=last)
    return rows.order_by("date", "start_time", "id")
