"""Team sports through the API (issue 13): sports and aliases, weekly practices, fixtures, and plans built
around them that coach edits cannot move."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Fixture, PlanSession
from tests.conftest import client_for
from tests.factories import AthleteFactory, CoachFactory
from tests.world import MONDAY

pytestmark = pytest.mark.django_db

TUESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = (MONDAY + dt.timedelta(days=d) for d in (1, 3, 4, 5, 6))
PRACTICES = [
    {"weekday": 1, "start_time": "18:00", "minutes": 90},
    {"weekday": 3, "start_time": "18:00", "minutes": 90, "intensity": "moderate"},
]


def new_athlete_body(**changes) -> dict:
    body = {
        "email": "sam@example.org",
        "name": "Sam Keeper",
        "birth_date": "1998-05-02",
        "sex": "male",
        "mass_kg": 74,
        "time_zone": "America/New_York",
        "sport": "running",
        "level": "intermediate",
        "available_weekdays": [0, 1, 2, 3, 4, 5, 6],
        "medical_flags": [],
    }
    return body | changes


@pytest.fixture
def player(coach):
    return AthleteFactory(coaches=[coach], sport="soccer", level="novice", team_practices=PRACTICES)


def add_matches(client, athlete, dates: list[dt.date], start: str = "15:00") -> list[dict]:
    body = {"dates": [d.isoformat() for d in dates], "start_time": start, "minutes": 90, "kind": "match"}
    answer = client.post(f"/api/v1/athletes/{athlete.pk}/fixtures/", body, format="json")
    assert answer.status_code == 201, answer.json()
    return answer.json()["results"]


def sessions(plan: dict) -> list[dict]:
    return [s for day in plan["days"] for s in day["sessions"]]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("running", "run"), ("Cycling", "bike"), ("football", "soccer"), ("Field hockey", "field_hockey"),
     ("triathlon", "triathlon"), ("basketball", "basketball")],
)  # fmt: skip
def test_sports_are_accepted_as_people_type_them(coach_client, typed, stored) -> None:
    answer = coach_client.post("/api/v1/athletes/", new_athlete_body(sport=typed), format="json")
    assert answer.status_code == 201, answer.json()
    assert answer.json()["sport"] == stored


def test_an_unknown_sport_is_refused_with_the_sports_we_plan_for(coach_client) -> None:
    answer = coach_client.post("/api/v1/athletes/", new_athlete_body(sport="chess boxing"), format="json")
    assert answer.status_code == 400
    assert "soccer" in answer.json()["sport"][0]


def test_weekly_practices_are_kept_on_the_profile_and_checked(coach_client, player) -> None:
    url = f"/api/v1/athletes/{player.pk}/"
    assert coach_client.get(url).json()["team_practices"] == [
        {"weekday": 1, "start_time": "18:00", "minutes": 90, "intensity": "moderate"},
        {"weekday": 3, "start_time": "18:00", "minutes": 90, "intensity": "moderate"},
    ]
    twice = [{"weekday": 2, "start_time": "18:00", "minutes": 60}, {"weekday": 2, "start_time": "19:00", "minutes": 60}]
    answer = coach_client.patch(url, {"team_practices": twice}, format="json")
    assert answer.status_code == 400 and "one team practice" in answer.json()["team_practices"][0]
    answer = coach_client.patch(url, {"team_practices": [{"weekday": 9, "start_time": "25:00", "minutes": 5}]})
    assert answer.status_code == 400
    runner = AthleteFactory(coaches=[player.coach_links.get().coach])
    answer = coach_client.patch(f"/api/v1/athletes/{runner.pk}/", {"team_practices": PRACTICES}, format="json")
    assert answer.status_code == 400 and "team sports" in answer.json()["team_practices"][0]


def test_fixtures_are_created_several_at_once_edited_and_deleted(coach_client, player) -> None:
    saturdays = [SATURDAY + dt.timedelta(weeks=i) for i in range(4)]
    created = add_matches(coach_client, player, saturdays)
    assert [f["date"] for f in created] == [d.isoformat() for d in saturdays]
    assert all(f["intensity"] == "hard" and f["start_time"] == "15:00" for f in created)
    url = f"/api/v1/athletes/{player.pk}/fixtures/"
    one = coach_client.post(
        url, {"date": FRIDAY.isoformat(), "start_time": "10:00", "minutes": 60, "kind": "practice", "title": "Extra"}
    )
    assert one.status_code == 201 and one.json()["title"] == "Extra"
    listed = coach_client.get(url).json()
    assert listed["count"] == 5 and listed["results"][0]["date"] == FRIDAY.isoformat()

    first = f"{url}{created[0]['id']}/"
    moved = coach_client.patch(first, {"start_time": "17:30", "title": "Derby"}, format="json")
    assert moved.status_code == 200 and moved.json()["start_time"] == "17:30"
    assert coach_client.delete(f"{url}{one.json()['id']}/").status_code == 204
    assert coach_client.get(url).json()["count"] == 4


def test_fixtures_refuse_what_makes_no_sense(coach_client, player, coach) -> None:
    url = f"/api/v1/athletes/{player.pk}/fixtures/"
    add_matches(coach_client, player, [SATURDAY])
    again = coach_client.post(
        url, {"date": SATURDAY.isoformat(), "start_time": "15:00", "minutes": 90, "kind": "match"}
    )
    assert again.status_code == 400 and "exists already" in again.json()["date"][0]
    both = {"date": SATURDAY.isoformat(), "dates": [SATURDAY.isoformat()], "start_time": "9:00", "minutes": 90}
    assert coach_client.post(url, both | {"kind": "match"}, format="json").status_code == 400
    twice = {"dates": [SUNDAY.isoformat()] * 2, "start_time": "09:00", "minutes": 90, "kind": "match"}
    assert "once" in coach_client.post(url, twice, format="json").json()["dates"][0]
    far = {"date": "2199-01-01", "start_time": "09:00", "minutes": 90, "kind": "match"}
    assert "two years" in coach_client.post(url, far, format="json").json()["date"][0]
    short = {"date": SUNDAY.isoformat(), "start_time": "09:00", "minutes": 5, "kind": "match"}
    assert "minutes" in coach_client.post(url, short, format="json").json()
    runner = AthleteFactory(coaches=[coach])
    answer = coach_client.post(f"/api/v1/athletes/{runner.pk}/fixtures/", short | {"minutes": 60})
    assert answer.status_code == 400 and "team sports" in answer.json()["kind"][0]
    assert Fixture.objects.filter(athlete=player).count() == 1


def test_another_coach_gets_404_and_the_athlete_sees_their_own(coach_client, player) -> None:
    [match] = add_matches(coach_client, player, [SATURDAY])
    other = client_for(CoachFactory())
    url = f"/api/v1/athletes/{player.pk}/fixtures/"
    assert other.get(url).status_code == 404
    assert other.patch(f"{url}{match['id']}/", {"minutes": 60}).status_code == 404
    assert other.delete(f"{url}{match['id']}/").status_code == 404
    mine = client_for(player.user)
    assert mine.get(url).json()["count"] == 1
    stranger = AthleteFactory(sport="soccer")
    assert client_for(stranger.user).get(url).status_code == 404
    # a fixture of one athlete is not reachable through another's path
    assert coach_client.get(f"/api/v1/athletes/{stranger.pk}/fixtures/{match['id']}/").status_code == 404


def test_a_soccer_week_keeps_the_team_schedule_and_every_rule(coach_client, player) -> None:
    add_matches(coach_client, player, [SATURDAY])
    answer = coach_client.post(f"/api/v1/athletes/{player.pk}/plans/", {"week_start": MONDAY.isoformat()})
    assert answer.status_code == 201, answer.json()
    plan = coach_client.get(f"/api/v1/plans/{answer.json()['id']}/").json()
    assert plan["breaches"] == []
    fixed = {(s["date"], s["start_time"], s["event"]) for s in sessions(plan) if s["fixed"]}
    assert fixed == {
        (TUESDAY.isoformat(), "18:00", "practice"),
        (THURSDAY.isoformat(), "18:00", "practice"),
        (SATURDAY.isoformat(), "15:00", "match"),
    }
    by_date = {day["date"]: day for day in plan["days"]}
    assert all(s["intensity"] != "hard" for s in by_date[FRIDAY.isoformat()]["sessions"])
    assert by_date[SUNDAY.isoformat()]["kind"] in ("cross_training", "rest")
    assert any(d["kind"] == "cross_training" for d in plan["days"])
    match = next(s for s in sessions(plan) if s["event"] == "match")
    assert match["blocks"][0]["kind"] == "warmup" and "FIFA 11+" in match["blocks"][0]["exercises"][0]["name"]
    assert match["blocks"][-1]["kind"] == "stretching"
    # before a match the running parts of FIFA 11+ only; its strength and balance part belongs to practices
    practice = next(s for s in sessions(plan) if s["event"] == "practice")
    assert "fifa11_hamstrings" not in {e["exercise"] for e in match["blocks"][0]["exercises"]}
    assert {"fifa11_jog_straight", "fifa11_plant_and_cut"} <= {e["exercise"] for e in match["blocks"][0]["exercises"]}
    assert "fifa11_hamstrings" in {e["exercise"] for e in practice["blocks"][0]["exercises"]}


def test_coach_edits_cannot_move_a_fixed_event(coach_client, player) -> None:
    add_matches(coach_client, player, [SATURDAY])
    plan = coach_client.post(f"/api/v1/athletes/{player.pk}/plans/", {"week_start": MONDAY.isoformat()}).json()
    match = next(s for s in sessions(plan) if s["event"] == "match")
    url = f"/api/v1/plans/{plan['id']}/sessions/{match['id']}/"
    moved = coach_client.patch(url, {"date": SUNDAY.isoformat()}, format="json")
    assert moved.status_code == 400 and "team schedule" in moved.json()["date"][0]
    assert coach_client.patch(url, {"intensity": "easy"}, format="json").status_code == 400
    assert coach_client.delete(url).status_code == 400
    assert PlanSession.objects.filter(pk=match["id"], date=SATURDAY).exists()
    # a practice the team calls off this week may go, though never move
    tuesday = next(s for s in sessions(plan) if s["event"] == "practice" and s["date"] == TUESDAY.isoformat())
    url = f"/api/v1/plans/{plan['id']}/sessions/{tuesday['id']}/"
    assert coach_client.patch(url, {"date": FRIDAY.isoformat()}, format="json").status_code == 400
    # Tuesday's practice holds the week's Nordic set; no other day may (Thursday is within 48 hours of the match,
    # Sunday the day after it), so the rules ask for nothing more when it goes
    assert any(b["kind"] == "strength" for b in tuesday["blocks"])
    assert coach_client.delete(url).status_code == 204


def test_a_fixture_entered_after_planning_joins_the_week_and_leaves_with_it(coach_client, player) -> None:
    plan = coach_client.post(f"/api/v1/athletes/{player.pk}/plans/", {"week_start": MONDAY.isoformat()}).json()
    assert not any(s["event"] == "match" for s in sessions(plan))
    [match] = add_matches(coach_client, player, [SATURDAY])
    read = coach_client.get(f"/api/v1/plans/{plan['id']}/").json()
    [planned] = [s for s in sessions(read) if s["event"] == "match"]
    assert planned["date"] == SATURDAY.isoformat() and planned["start_time"] == "15:00" and planned["fixed"]
    fixtures = f"/api/v1/athletes/{player.pk}/fixtures/{match['id']}/"
    coach_client.patch(fixtures, {"date": SUNDAY.isoformat()}, format="json")
    read = coach_client.get(f"/api/v1/plans/{plan['id']}/").json()
    assert [s["date"] for s in sessions(read) if s["event"] == "match"] == [SUNDAY.isoformat()]
    coach_client.delete(fixtures)
    read = coach_client.get(f"/api/v1/plans/{plan['id']}/").json()
    assert not any(s["event"] == "match" for s in sessions(read))


def test_a_block_for_a_soccer_player_holds_the_season(coach_client, player) -> None:
    add_matches(coach_client, player, [SATURDAY + dt.timedelta(weeks=i) for i in range(6)])
    body = {"start": MONDAY.isoformat(), "weeks": 6}
    block = coach_client.post(f"/api/v1/athletes/{player.pk}/blocks/", body, format="json")
    assert block.status_code == 201, block.json()
    for week in block.json()["weeks"]:
        plan = coach_client.get(f"/api/v1/plans/{week['plan']}/").json()
        assert plan["breaches"] == [], (week["week_kind"], plan["breaches"])
        events = sorted(s["event"] for s in sessions(plan) if s["fixed"])
        assert events == ["match", "practice", "practice"], week
        nordic_days = [s for s in sessions(plan) if any(b["kind"] == "strength" for b in s["blocks"])]
        assert len(nordic_days) == 1  # Tuesday: Thursday is within 48 hours of the match, Sunday after it
        if week["week_kind"] == "deload":  # the team's events stay; the week says what the plan eased
            assert any("deload week" in wish for wish in plan["unmet_wishes"])
    published = coach_client.post(f"/api/v1/blocks/{block.json()['id']}/publish/")
    assert published.status_code == 200, published.json()


def test_the_roster_names_the_sport_and_the_next_match(coach_client, coach, client, player) -> None:
    add_matches(coach_client, player, [SATURDAY, SATURDAY + dt.timedelta(weeks=1)])
    rows = {r["athlete"]: r for r in coach_client.get("/api/v1/roster/").json()["results"]}
    assert rows[player.pk]["sport_label"] == "Soccer"
    assert rows[player.pk]["next_match"] == SATURDAY.isoformat()
    client.force_login(coach)
    page = client.get("/coach/")
    assert "next match" in page.content.decode() and "Soccer" in page.content.decode()


def test_a_week_the_team_overfills_is_planned_and_says_which_rules_it_cannot_keep(coach_client, coach) -> None:
    every_day = [{"weekday": d, "start_time": "17:00", "minutes": 60} for d in range(7)]
    busy = AthleteFactory(coaches=[coach], sport="rugby", level="intermediate", team_practices=every_day)
    answer = coach_client.post(f"/api/v1/athletes/{busy.pk}/plans/", {"week_start": MONDAY.isoformat()})
    assert answer.status_code == 201, answer.json()
    plan = coach_client.get(f"/api/v1/plans/{answer.json()['id']}/").json()
    assert len([s for s in sessions(plan) if s["fixed"]]) == 7
    breached = {b["rule"] for b in plan["breaches"]}
    assert {"min_rest_days", "cross_training_day"} <= breached
    rest = next(b for b in plan["breaches"] if b["rule"] == "min_rest_days")
    assert rest["message"] in plan["unmet_wishes"]


def test_a_team_athlete_without_a_schedule_is_told_to_enter_it(coach_client, coach) -> None:
    empty = AthleteFactory(coaches=[coach], sport="handball")
    plan = coach_client.post(f"/api/v1/athletes/{empty.pk}/plans/", {"week_start": MONDAY.isoformat()}).json()
    assert any("team schedule" in wish for wish in plan["unmet_wishes"])
    assert [d["kind"] for d in plan["days"]].count("cross_training") == 1


def test_weekly_practices_changed_on_the_profile_reach_the_weeks_already_planned(coach_client, player) -> None:
    add_matches(coach_client, player, [SATURDAY])
    plan = coach_client.post(f"/api/v1/athletes/{player.pk}/plans/", {"week_start": MONDAY.isoformat()}).json()
    extra = {"date": (MONDAY + dt.timedelta(days=2)).isoformat(), "start_time": "07:00", "minutes": 45}
    coach_client.post(f"/api/v1/athletes/{player.pk}/fixtures/", extra | {"kind": "practice"}, format="json")
    moved = [PRACTICES[0], {"weekday": 3, "start_time": "19:30", "minutes": 75}]
    answer = coach_client.patch(f"/api/v1/athletes/{player.pk}/", {"team_practices": moved}, format="json")
    assert answer.status_code == 200, answer.json()
    read = coach_client.get(f"/api/v1/plans/{plan['id']}/").json()
    practices = sorted((s["date"], s["start_time"]) for s in sessions(read) if s["event"] == "practice")
    assert practices == [
        (TUESDAY.isoformat(), "18:00"),
        (extra["date"], "07:00"),  # the dated extra practice is the fixture's, and stays
        (THURSDAY.isoformat(), "19:30"),
    ]
    assert [s["event"] for s in sessions(read) if s["fixed"]].count("match") == 1


def test_a_season_of_matches_costs_the_same_queries_as_a_few(coach_client, coach) -> None:
    counts = []
    for weeks in (2, 8):
        athlete = AthleteFactory(coaches=[coach], sport="soccer", team_practices=PRACTICES)
        body = {"start": MONDAY.isoformat(), "weeks": 8}
        assert coach_client.post(f"/api/v1/athletes/{athlete.pk}/blocks/", body, format="json").status_code == 201
        dates = [(SATURDAY + dt.timedelta(weeks=i)).isoformat() for i in range(weeks)]
        body = {"dates": dates, "start_time": "15:00", "minutes": 90, "kind": "match"}
        with CaptureQueriesContext(connection) as queries:
            answer = coach_client.post(f"/api/v1/athletes/{athlete.pk}/fixtures/", body, format="json")
        assert answer.status_code == 201
        assert PlanSession.objects.filter(plan__athlete=athlete, event="match").count() == weeks
        counts.append(len(queries))
    # the same statements however many matches; SQLite splits a long INSERT into batches of 999 values, so the
    # season's exercise rows may take one more statement there (one query a match would add six here)
    assert counts[1] - counts[0] <= (0 if connection.vendor == "postgresql" else 1), counts
