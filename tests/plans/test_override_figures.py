"""Overrides cover exactly what they were given for (issue 12, item 5): the rule, what it was about and the figure
accepted. A worse figure of the same rule, or another breach, needs its own reason; the API shows the current
figures beside the accepted ones."""

from __future__ import annotations

import pytest

from plans.models import RuleOverride
from tests.factories import AthleteFactory
from tests.world import generate

pytestmark = pytest.mark.django_db


def _rest_days(plan: dict) -> list[str]:
    return [d["date"] for d in plan["days"] if not d["sessions"]]


def _add(client, plan: dict, date: str, **extra) -> object:
    body = {"date": date, "modality": "yoga", "intensity": "easy", "planned_minutes": 45} | extra
    return client.post(f"/api/v1/plans/{plan['id']}/sessions/", body, format="json")


def _rules(response) -> set[str]:
    assert response.status_code == 400, response.content
    return {v["rule"] for v in response.json()["violations"]}


def _breach(client, plan: dict, rule: str) -> dict:
    detail = client.get(f"/api/v1/plans/{plan['id']}/").json()
    return next(b for b in detail["breaches"] if b["rule"] == rule)


def test_fewer_rest_days_than_the_override_accepted_need_their_own_reason(coach_client, coach) -> None:
    athlete = AthleteFactory(coaches=[coach], level="novice", weekly_minutes_target=200)
    plan = generate(coach_client, athlete)
    rests = _rest_days(plan)
    assert len(rests) >= 3  # novices hold 3-4 sessions
    # down to one rest day (novices need 2): accepted with a reason, and the override says "1 rest day"
    for date in rests[:-1]:
        assert _add(coach_client, plan, date, override_reason="Camp week").status_code == 201
    accepted = RuleOverride.objects.filter(plan_id=plan["id"], rule="min_rest_days").get()
    assert (accepted.figure, accepted.figure_text) == (1, "1 rest day")
    breach = _breach(coach_client, plan, "min_rest_days")
    assert breach["covered"] and breach["figure_text"] == "1 rest day"
    assert breach["override"]["figure_text"] == "1 rest day" and breach["override"]["reason"] == "Camp week"

    # an unrelated edit still goes through without a reason
    session = next(s for d in plan["days"] for s in d["sessions"])
    retitled = coach_client.patch(
        f"/api/v1/plans/{plan['id']}/sessions/{session['id']}/", {"title": "Morning run"}, format="json"
    )
    assert retitled.status_code == 200, retitled.content

    # no rest day at all is worse than what was accepted: refused, naming the rule and today's figure
    refused = _add(coach_client, plan, rests[-1])
    assert {"min_rest_days", "sessions_per_week"} <= _rules(refused)
    assert any("this week has 0" in v["message"] for v in refused.json()["violations"])
    ok = _add(coach_client, plan, rests[-1], override_reason="Stage race, the coach watches daily")
    assert ok.status_code == 201, ok.content
    breach = _breach(coach_client, plan, "min_rest_days")
    assert breach["covered"] and breach["figure_text"] == "0 rest days"
    assert breach["override"]["reason"] == "Stage race, the coach watches daily"


def test_a_hard_session_more_than_the_override_accepted_needs_its_own_reason(coach_client, coach) -> None:
    athlete = AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=400)
    plan = generate(coach_client, athlete)
    rests = _rest_days(plan)
    hard_now = sum(s["intensity"] == "hard" for d in plan["days"] for s in d["sessions"])
    assert hard_now <= 2 and len(rests) >= 4 - hard_now
    hard = {"modality": "run", "intensity": "hard", "planned_minutes": 60}
    # up to one hard session over the intermediate maximum (2): accepted with a reason
    for date in rests[: 3 - hard_now]:
        assert _add(coach_client, plan, date, override_reason="Race-specific block", **hard).status_code == 201
    count = RuleOverride.objects.filter(plan_id=plan["id"], rule="hard_easy", subject="count").get()
    assert count.figure == 3 and count.figure_text == "3 hard sessions"
    # a fourth is worse than what the override accepted: it needs its own reason
    fourth = rests[3 - hard_now]
    response = _add(coach_client, plan, fourth, **hard)
    assert "hard_easy" in _rules(response)
    assert any("this week has 4" in v["message"] for v in response.json()["violations"])
    assert _add(coach_client, plan, fourth, override_reason="Two races this week", **hard).status_code == 201
    assert RuleOverride.objects.filter(plan_id=plan["id"], rule="hard_easy", subject="count", figure=4).exists()


def test_a_generated_week_shows_no_breaches(coach_client, coach) -> None:
    athlete = AthleteFactory(coaches=[coach], level="intermediate", weekly_minutes_target=300)
    plan = generate(coach_client, athlete)
    detail = coach_client.get(f"/api/v1/plans/{plan['id']}/").json()
    assert detail["breaches"] == []  # a generated week breaks nothing
