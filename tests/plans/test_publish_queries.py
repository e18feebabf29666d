"""Publishing a week reads its sessions with their blocks together: the query count does not grow with the week's
sessions (the rules read every block; one query per session made a demo load 5,191 queries)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans import services
from tests.factories import AthleteFactory, CoachFactory
from tests.world import this_monday

pytestmark = pytest.mark.django_db


def publish_queries(level: str, weekdays: list[int]) -> tuple[int, int]:
    coach = CoachFactory()
    athlete = AthleteFactory(coaches=[coach], level=level, available_weekdays=weekdays)
    plan = services.generate_plan(athlete=athlete, week_start=this_monday(athlete), author=coach)
    with CaptureQueriesContext(connection) as queries:
        services.publish_plan(plan)
    return len(queries.captured_queries), plan.sessions.count()


def test_publishing_reads_the_same_queries_whatever_the_weeks_sessions() -> None:
    few, few_sessions = publish_queries("novice", [1, 3, 5])
    many, many_sessions = publish_queries("advanced", list(range(7)))
    assert few_sessions < many_sessions
    assert few == many and many <= 16
