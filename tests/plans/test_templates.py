"""A coach saves a week as a template and applies it to many athletes at once, in constant queries."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.models import BlockExercise, PlanSession, PlanWeek, SessionBlock
from tests.factories import AthleteFactory
from tests.world import MONDAY, generate
from trainer.demo import birth_date_for_age

pytestmark = pytest.mark.django_db
NEXT = MONDAY + dt.timedelta(days=7)


def save(client, plan: dict, name: str = "Base week") -> int:
    response = client.post(f"/api/v1/plans/{plan['id']}/template/", {"name": name}, format="json")
    assert response.status_code == 201, response.content
    return response.json()["id"]


def apply(client, template_id: int, athletes: list, **extra):
    body = {"athletes": [a.pk for a in athletes], "week_start": NEXT.isoformat(), **extra}
    return client.post(f"/api/v1/templates/{template_id}/apply/", body, format="json")


def test_apply_copies_the_week_to_each_athlete(coach_client, coach, athlete) -> None:
    source = generate(coach_client, athlete)
    template_id = save(coach_client, source)
    others = AthleteFactory.create_batch(3, coaches=[coach], level="intermediate")
    response = apply(coach_client, template_id, others)
    assert response.status_code == 200, response.content
    created = response.json()["created"]
    assert set(created) == {str(a.pk) for a in others}
    copy = coach_client.get(f"/api/v1/plans/{created[str(others[0].pk)]}/").json()
    assert copy["week_start"] == NEXT.isoformat()
    strip = lambda plan: [  # noqa: E731
        (d["kind"], [(s["title"], s["planned_minutes"], len(s["blocks"])) for s in d["sessions"]]) for d in plan["days"]
    ]
    assert strip(copy) == strip(source)
    assert coach_client.get("/api/v1/templates/").json()["count"] == 1


def test_athletes_whose_rules_the_template_breaks_are_refused(coach_client, coach, athlete) -> None:
    advanced = AthleteFactory(coaches=[coach], level="advanced", weekly_minutes_target=600)
    source = generate(coach_client, advanced)
    assert sum(d["kind"] == "rest" for d in source["days"]) < 2  # too few rest days for a youth athlete
    template_id = save(coach_client, source)
    novice = AthleteFactory(coaches=[coach], level="novice", birth_date=birth_date_for_age(16, dt.date.today()))
    response = apply(coach_client, template_id, [novice])
    refused = {v["rule"] for v in response.json()["refused"][str(novice.pk)]}
    assert {"min_rest_days", "youth_limits"} & refused
    assert not PlanWeek.objects.filter(athlete=novice).exists()


def test_existing_weeks_are_skipped(coach_client, coach, athlete) -> None:
    template_id = save(coach_client, generate(coach_client, athlete))
    other = AthleteFactory(coaches=[coach])
    generate(coach_client, other, NEXT)
    assert str(other.pk) in apply(coach_client, template_id, [other]).json()["skipped"]


def test_only_roster_athletes(coach_client, athlete) -> None:
    template_id = save(coach_client, generate(coach_client, athlete))
    stranger = AthleteFactory()
    response = apply(coach_client, template_id, [stranger])
    assert response.status_code == 400
    assert "athletes" in response.json()


def test_bulk_apply_takes_constant_queries(coach_client, coach, athlete) -> None:
    """Reads and writes per batch are constant; only the database's own parameter limit splits an INSERT."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    template_id = save(coach_client, generate(coach_client, athlete))
    few = AthleteFactory.create_batch(2, coaches=[coach], level="advanced")
    many = AthleteFactory.create_batch(40, coaches=[coach], level="advanced")
    with CaptureQueriesContext(connection) as small:
        assert len(apply(coach_client, template_id, few).json()["created"]) == 2
    with CaptureQueriesContext(connection) as large:
        assert len(apply(coach_client, template_id, many).json()["created"]) == 40

    def reads(ctx) -> list[str]:
        return [q["sql"].split(" ")[0] for q in ctx.captured_queries if not q["sql"].startswith("INSERT")]

    def inserts(ctx) -> dict[str, int]:
        tables: dict[str, int] = {}
        for q in ctx.captured_queries:
            if q["sql"].startswith("INSERT"):
                table = q["sql"].split('"')[1]
                tables[table] = tables.get(table, 0) + 1
        return tables

    assert reads(small) == reads(large)
    assert len(reads(large)) <= 12
    rows = {
        "plans_planweek": PlanWeek.objects.filter(athlete__in=many).count(),
        "plans_plansession": PlanSession.objects.filter(plan__athlete__in=many).count(),
        "plans_sessionblock": SessionBlock.objects.filter(session__plan__athlete__in=many).count(),
        "plans_blockexercise": BlockExercise.objects.filter(block__session__plan__athlete__in=many).count(),
    }
    models = {"plans_planweek": PlanWeek, "plans_plansession": PlanSession, "plans_sessionblock": SessionBlock,
              "plans_blockexercise": BlockExercise}  # fmt: skip
    for table, count in inserts(large).items():
        fields = [f for f in models[table]._meta.concrete_fields if not f.primary_key]
        per_insert = connection.ops.bulk_batch_size(fields, [None] * rows[table]) or rows[table]
        assert count == -(-rows[table] // per_insert), table  # ceil: one INSERT per full batch
    if connection.vendor == "postgresql":
        assert len(small.captured_queries) == len(large.captured_queries)
