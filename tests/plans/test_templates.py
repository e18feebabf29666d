"""A coach saves a week as a template and applies it to many athletes at once, in constant queries."""

from __future__ import annotations

import datetime as dt

import pytest

from plans.models import BlockExercise, PlanSession, PlanTemplate, PlanWeek, RuleOverride, SessionBlock
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


def test_overrides_are_stored_for_each_athlete(coach_client, coach, athlete) -> None:
    """With a reason, each athlete's own breaches are stored as overrides, as an edit stores them."""
    from plans import selectors, services
    from plans.engine import check_week
    from plans.engine.serialize import week_from_dict

    advanced = AthleteFactory(coaches=[coach], level="advanced", weekly_minutes_target=600)
    template_id = save(coach_client, generate(coach_client, advanced))
    novices = AthleteFactory.create_batch(2, coaches=[coach], level="novice")
    refused = apply(coach_client, template_id, novices).json()["refused"]
    response = apply(coach_client, template_id, novices, override_reason="Camp week")
    created = response.json()["created"]
    assert set(created) == {str(a.pk) for a in novices}
    _, catalogue = selectors.library_catalogue()
    week = services._shifted(week_from_dict(PlanTemplate.objects.get(pk=template_id).week, catalogue), NEXT)
    fields = [f.name for f in RuleOverride._meta.concrete_fields if f.name not in ("id", "created_at")]
    for novice in novices:
        plan = PlanWeek.objects.get(pk=created[str(novice.pk)])
        stored = [[getattr(o, f) for f in fields] for o in plan.overrides.order_by("id")]
        expected = [
            services.override_row(plan, None, v, "Camp week", coach)
            for v in check_week(week, selectors.plan_context(plan))
        ]
        assert stored == [[getattr(o, f) for f in fields] for o in expected]
        shown = coach_client.get(f"/api/v1/plans/{plan.pk}/").json()["overrides"]
        assert [(o["rule"], o["message"], o["reason"]) for o in shown] == [
            (v["rule"], v["message"], "Camp week") for v in refused[str(novice.pk)]
        ]


def test_batches_keep_skips_and_copies(coach_client, coach, athlete, monkeypatch) -> None:
    """Several batches (each its own transaction) give what one batch gives."""
    from plans import services

    source = generate(coach_client, athlete)
    template_id = save(coach_client, source)
    others = AthleteFactory.create_batch(5, coaches=[coach], level="advanced")
    generate(coach_client, others[2], NEXT)
    monkeypatch.setattr(services, "BATCH_SIZE", 2)
    body = apply(coach_client, template_id, others).json()
    assert set(body["created"]) == {str(a.pk) for i, a in enumerate(others) if i != 2}
    assert set(body["skipped"]) == {str(others[2].pk)}
    for plan_id in body["created"].values():
        copy = coach_client.get(f"/api/v1/plans/{plan_id}/").json()
        assert [len(d["sessions"]) for d in copy["days"]] == [len(d["sessions"]) for d in source["days"]]


def test_bulk_apply_takes_constant_queries(coach_client, coach, athlete) -> None:
    """30 athletes or 60 (one batch): the same queries, at most 30, one INSERT a table (docs/design.md §8)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    template_id = save(coach_client, generate(coach_client, athlete))
    few = AthleteFactory.create_batch(30, coaches=[coach], level="advanced")
    many = AthleteFactory.create_batch(60, coaches=[coach], level="advanced")
    with CaptureQueriesContext(connection) as small:
        assert len(apply(coach_client, template_id, few).json()["created"]) == 30
    with CaptureQueriesContext(connection) as large:
        assert len(apply(coach_client, template_id, many).json()["created"]) == 60

    def inserts(ctx: CaptureQueriesContext) -> list[str]:
        # an executemany is logged once, as "N times: INSERT ..."
        return [
            q["sql"].split("INSERT INTO ")[1].split(" ")[0] for q in ctx.captured_queries if "INSERT INTO" in q["sql"]
        ]

    assert len(small.captured_queries) == len(large.captured_queries) <= 30
    tables = ["plans_planweek", "plans_plansession", "plans_sessionblock", "plans_blockexercise"]
    assert sorted(inserts(large)) == sorted(connection.ops.quote_name(t) for t in tables)
    stored = {
        PlanWeek: PlanWeek.objects.filter(athlete__in=many).count(),
        PlanSession: PlanSession.objects.filter(plan__athlete__in=many).count(),
        SessionBlock: SessionBlock.objects.filter(session__plan__athlete__in=many).count(),
        BlockExercise: BlockExercise.objects.filter(block__session__plan__athlete__in=many).count(),
    }
    per_source = {
        PlanWeek: 1,
        PlanSession: PlanSession.objects.filter(plan__athlete=athlete).count(),
        SessionBlock: SessionBlock.objects.filter(session__plan__athlete=athlete).count(),
        BlockExercise: BlockExercise.objects.filter(block__session__plan__athlete=athlete).count(),
    }
    assert stored == {model: 60 * n for model, n in per_source.items()}
