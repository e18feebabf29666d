"""Training blocks through the API (docs/api.md "Added in turn 2", Blocks): several weeks at once, deloads and a taper
before the goal, published together, and the same chain as weeks generated one by one."""

from __future__ import annotations

import datetime as dt

import pytest

from people.logs import local_today
from plans import services
from plans.models import PlanWeek, TrainingBlock
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory
from tests.world import MONDAY, generate

pytestmark = pytest.mark.django_db


def build(client, athlete, **body) -> dict:
    body = {"start": MONDAY.isoformat(), "weeks": 12} | body
    response = client.post(f"/api/v1/athletes/{athlete.pk}/blocks/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def _race_day(weeks: int) -> str:
    return (MONDAY + dt.timedelta(weeks=weeks - 1, days=6)).isoformat()


def test_a_twelve_week_block_toward_a_race_for_a_novice_and_an_advanced_athlete(coach_client, coach) -> None:
    novice = AthleteFactory(coaches=[coach], level="novice", weekly_minutes_target=300)
    advanced = AthleteFactory(coaches=[coach], level="advanced", weekly_minutes_target=600)
    blocks = {}
    for athlete in (novice, advanced):
        blocks[athlete.level] = build(coach_client, athlete, goal_date=_race_day(12), goal="Half marathon")
    for level, block in blocks.items():
        kinds = [w["week_kind"] for w in block["weeks"]]
        assert kinds == ["build"] * 3 + ["deload"] + ["build"] * 3 + ["deload"] + ["build"] * 2 + ["taper"] * 2, level
        loads = [w["planned_load"] for w in block["weeks"]]
        assert loads[2] > loads[0] and loads[6] > loads[2], (level, loads)  # it rises
        assert loads[3] < loads[2] and loads[7] < loads[6], (level, loads)  # dips at each deload
        assert loads[4] >= 0.9 * loads[2] and loads[8] >= 0.9 * loads[6], (level, loads)  # and comes back
        assert loads[10] < loads[9] and loads[11] < loads[10], (level, loads)  # the taper
        assert all(w["status"] == "draft" for w in block["weeks"])
    # two clearly different plans: the advanced athlete holds far more, in more sessions
    novice_loads = [w["planned_load"] for w in blocks["novice"]["weeks"]]
    advanced_loads = [w["planned_load"] for w in blocks["advanced"]["weeks"]]
    assert all(a > 1.5 * n for a, n in zip(advanced_loads, novice_loads, strict=True))
    first_week = coach_client.get(f"/api/v1/plans/{blocks['novice']['weeks'][0]['plan']}/").json()
    sessions = [s for day in first_week["days"] for s in day["sessions"]]
    assert 3 <= len(sessions) <= 4 and not any(s["intensity"] == "hard" for s in sessions)
    assert first_week["week_kind"] == "build" and first_week["block"] == blocks["novice"]["id"]


def test_publish_a_block_at_once_and_the_athlete_sees_it(coach_client, athlete) -> None:
    block = build(coach_client, athlete, weeks=6)
    me = client_for(athlete.user)
    assert me.get(f"/api/v1/blocks/{block['id']}/").json()["weeks"] == []  # drafts are the coach's
    published = coach_client.post(f"/api/v1/blocks/{block['id']}/publish/")
    assert published.status_code == 200, published.content
    assert {w["status"] for w in published.json()["weeks"]} == {"published"}
    seen = me.get(f"/api/v1/blocks/{block['id']}/").json()
    assert len(seen["weeks"]) == 6
    listed = me.get(f"/api/v1/athletes/{athlete.pk}/blocks/").json()
    assert listed["count"] == 1 and listed["results"][0]["id"] == block["id"]


def test_only_the_athletes_coach_builds_blocks(coach_client, athlete) -> None:
    body = {"start": MONDAY.isoformat(), "weeks": 4}
    me = client_for(athlete.user)
    assert me.post(f"/api/v1/athletes/{athlete.pk}/blocks/", body, format="json").status_code == 403
    stranger = client_for(CoachFactory())
    assert stranger.post(f"/api/v1/athletes/{athlete.pk}/blocks/", body, format="json").status_code == 404
    block = build(coach_client, athlete, weeks=4)
    assert stranger.get(f"/api/v1/blocks/{block['id']}/").status_code == 404
    assert stranger.post(f"/api/v1/blocks/{block['id']}/publish/").status_code == 404
    assert me.post(f"/api/v1/blocks/{block['id']}/publish/").status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"weeks": 3}, "weeks"),
        ({"weeks": 25}, "weeks"),
        ({"start": (MONDAY + dt.timedelta(days=1)).isoformat()}, "start"),
        ({"weeks": 8, "goal_date": _race_day(6)}, "goal_date"),
        ({"weeks": 8, "goal_date": "soon"}, "goal_date"),
    ],
)
def test_bad_blocks_are_400_naming_the_field(coach_client, athlete, body, field) -> None:
    body = {"start": MONDAY.isoformat(), "weeks": 8} | body
    response = coach_client.post(f"/api/v1/athletes/{athlete.pk}/blocks/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not TrainingBlock.objects.exists()


def test_a_published_week_in_the_span_refuses_and_drafts_are_replaced(coach_client, athlete) -> None:
    draft = generate(coach_client, athlete, MONDAY + dt.timedelta(weeks=1))
    block = build(coach_client, athlete, weeks=4)
    assert not PlanWeek.objects.filter(pk=draft["id"]).exists()
    assert PlanWeek.objects.filter(block_id=block["id"]).count() == 4
    coach_client.post(f"/api/v1/blocks/{block['id']}/publish/")
    again = coach_client.post(
        f"/api/v1/athletes/{athlete.pk}/blocks/", {"start": MONDAY.isoformat(), "weeks": 4}, format="json"
    )
    assert again.status_code == 400
    assert "published already" in again.json()["start"][0]


def test_weeks_generated_one_by_one_chain_exactly_like_a_block(coach_client, coach) -> None:
    alone, in_block = (AthleteFactory(coaches=[coach], weekly_minutes_target=400) for _ in range(2))
    block = build(coach_client, in_block, weeks=8)
    singles = [generate(coach_client, alone, MONDAY + dt.timedelta(weeks=i)) for i in range(8)]
    assert [w["planned_load"] for w in singles] == [w["planned_load"] for w in block["weeks"]]
    # a week made alone says whether the chain made it a deload
    assert [w["week_kind"] for w in singles] == ["single"] * 3 + ["deload"] + ["single"] * 3 + ["deload"]


def test_a_block_starts_this_week_or_later_and_never_takes_another_blocks_weeks(coach_client, athlete) -> None:
    today = local_today(athlete)
    last_monday = today - dt.timedelta(days=today.weekday() + 7)
    past = coach_client.post(
        f"/api/v1/athletes/{athlete.pk}/blocks/", {"start": last_monday.isoformat(), "weeks": 4}, format="json"
    )
    assert past.status_code == 400 and "this week or later" in past.json()["start"][0]
    first = build(coach_client, athlete, weeks=4)
    overlap = coach_client.post(
        f"/api/v1/athletes/{athlete.pk}/blocks/",
        {"start": (MONDAY + dt.timedelta(weeks=2)).isoformat(), "weeks": 4},
        format="json",
    )
    assert overlap.status_code == 400 and "belong to another block" in overlap.json()["start"][0]
    assert PlanWeek.objects.filter(block_id=first["id"]).count() == 4


def test_a_draft_nobody_saw_counts_nothing_as_missed(coach_client, athlete) -> None:
    # a draft week in the past: its sessions were never the athlete's to do
    today = local_today(athlete)
    block = services.create_block(
        athlete=athlete, start=today - dt.timedelta(days=today.weekday() + 14), weeks=4, author=None
    )
    week = coach_client.get(f"/api/v1/blocks/{block.pk}/").json()["weeks"][0]
    assert week["status"] == "draft" and week["compliance"]["missed"] == 0 and week["compliance"]["percent"] is None
    plan = coach_client.get(f"/api/v1/plans/{week['plan']}/").json()
    assert {s["completion"] for d in plan["days"] for s in d["sessions"]} == {"planned"}


def test_the_block_list_reads_a_fixed_number_of_queries(coach_client, athlete) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    build(coach_client, athlete, weeks=4)
    with CaptureQueriesContext(connection) as one:
        assert coach_client.get(f"/api/v1/athletes/{athlete.pk}/blocks/").json()["count"] == 1
    build(coach_client, athlete, start=(MONDAY + dt.timedelta(weeks=4)).isoformat(), weeks=8)
    build(coach_client, athlete, start=(MONDAY + dt.timedelta(weeks=12)).isoformat(), weeks=6)
    with CaptureQueriesContext(connection) as three:
        body = coach_client.get(f"/api/v1/athletes/{athlete.pk}/blocks/").json()
    assert [len(b["weeks"]) for b in body["results"]] == [6, 8, 4]
    assert len(three) == len(one)
