"""The coach's team schedule page (issue 13): a team athlete's weekly practices saved at once, matches and extra
practices added several at once (typed dates, or every week until a date), changed and removed; only the
athlete's coaches (and staff) may, and people read words on it, never codes."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest

from people import rules as sports
from people.logs import local_today
from plans.engine.rules import day_label
from plans.models import Fixture
from teams import services as fixture_services
from teams.pages import when
from tests.factories import AthleteFactory
from tests.world import signed_in

pytestmark = pytest.mark.django_db

DEFAULT_ROW = {"start_time": "18:00", "minutes": "90", "intensity": "moderate"}


@pytest.fixture
def player(people):
    return AthleteFactory(coaches=[people.coach], user__name="Sam Striker", sport="soccer", level="intermediate")


def page_url(athlete) -> str:
    return f"/coach/athletes/{athlete.pk}/team/"


def coming_monday(athlete) -> dt.date:
    today = local_today(athlete)
    return today + dt.timedelta(days=7 - today.weekday())


def practice_rows(ticked: dict[int, dict[str, str]]) -> dict[str, str]:
    """The seven rows as a browser sends them: every row's boxes, "on" only for the ticked days."""
    data = {}
    for weekday in range(7):
        row = DEFAULT_ROW | ticked.get(weekday, {})
        data |= {f"day{weekday}-{key}": value for key, value in row.items()}
        if weekday in ticked:
            data[f"day{weekday}-practice"] = "on"
    return data


def add(client, athlete, **fields):
    data = {"kind": "match", "start_time": "15:00", "minutes": "90", "intensity": "moderate", "title": ""}
    data |= {"dates": "", "first_date": "", "until": ""} | fields
    return client.post(f"{page_url(athlete)}fixtures/", {f"add-{k}": v for k, v in data.items()})


def text(body: str) -> str:
    """What a person reads: the page without its tags, in single spaces."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.DOTALL)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)))


def error_next_to(body: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', body, flags=re.DOTALL)
    assert found, f"no error next to {field}"
    return text(found.group(1)).strip()


def article(body: str, fixture: Fixture) -> str:
    found = re.search(rf'<article [^>]*id="fixture-{fixture.pk}".*?</article>', body, flags=re.DOTALL)
    assert found, f"fixture {fixture.pk} is not listed"
    return found.group(0)


def summary(body: str, fixture: Fixture) -> str:
    """A listed fixture's heading and the line under it, as read."""
    found = re.search(r"<h3 [^>]*>(.*?)</h3>\s*<p class=\"meta\">(.*?)</p>", article(body, fixture), flags=re.DOTALL)
    assert found, f"fixture {fixture.pk} has no heading"
    return " / ".join(text(part).strip() for part in found.groups())


def a_match(athlete, coach, day: dt.date, start: str = "15:00", **fields) -> Fixture:
    item = {"date": day, "start_time": dt.time.fromisoformat(start), "minutes": 90, "kind": "match"} | fields
    return fixture_services.add_fixtures(athlete=athlete, items=[item], author=coach)[0]


def test_the_athlete_page_links_to_the_team_schedule_for_team_sports_only(coach_pages, people) -> None:
    athlete = people.athlete
    for sport in sports.Sport:
        athlete.sport = sport.value
        athlete.save(update_fields=["sport"])
        body = coach_pages.get(f"/coach/athletes/{athlete.pk}/").content.decode()
        linked = f'href="{page_url(athlete)}"' in body
        assert linked == sport.is_team_sport, sport
        if linked:
            assert re.search(rf'<a href="{page_url(athlete)}">Team schedule</a>', body)


def test_the_page_explains_what_the_plan_does_around_the_team(coach_pages, player) -> None:
    response = coach_pages.get(page_url(player))
    assert response.status_code == 200
    words = text(response.content.decode())
    for heading in ("Weekly practices", "Add matches or practices", "Coming fixtures"):
        assert heading in words
    assert "kept exactly where the team puts them" in words and "FIFA 11+ warm-up" in words
    assert "stretching" in words and "day after a match brings easy recovery cross-training" in words
    assert "day before a match is kept light" in words
    assert "No match or extra practice from today on." in words


def test_practices_on_tuesday_and_thursday_are_saved_at_once(coach_pages, player) -> None:
    data = practice_rows(
        {1: {"start_time": "18:30", "minutes": "90"}, 3: {"start_time": "19:00", "minutes": "75", "intensity": "hard"}}
    )
    response = coach_pages.post(f"{page_url(player)}practices/", data)
    assert response.status_code == 302 and response.url == f"{page_url(player)}#practices"
    player.refresh_from_db()
    assert player.team_practices == [
        {"weekday": 1, "start_time": "18:30", "minutes": 90, "intensity": "moderate"},
        {"weekday": 3, "start_time": "19:00", "minutes": 75, "intensity": "hard"},
    ]

    body = coach_pages.get(response.url).content.decode()
    assert "Weekly practices saved: Tuesday and Thursday." in body
    for weekday in range(7):
        ticked = re.search(rf'<input type="checkbox" name="day{weekday}-practice"[^>]*\bchecked\b', body)
        assert bool(ticked) == (weekday in (1, 3)), weekday
    assert 'name="day3-start_time" value="19:00"' in body and 'name="day3-minutes" value="75"' in body

    # unticking Tuesday removes its practice, and nothing else
    response = coach_pages.post(f"{page_url(player)}practices/", data | {"day1-practice": ""})
    player.refresh_from_db()
    assert [p["weekday"] for p in player.team_practices] == [3]


def test_a_refused_row_says_why_next_to_it_and_saves_nothing(coach_pages, player) -> None:
    player.team_practices = [{"weekday": 1, "start_time": "18:00", "minutes": 90, "intensity": "moderate"}]
    player.save(update_fields=["team_practices"])
    data = practice_rows(
        {
            1: {"minutes": "60"},
            4: {"minutes": "300"},  # Friday: too long
            5: {"start_time": ""},  # Saturday: no start time
            6: {"minutes": "abc"},  # Sunday: not a number
        }
    )
    data |= {"day2-minutes": "5000"}  # Wednesday is not ticked: what its boxes hold does not matter
    response = coach_pages.post(f"{page_url(player)}practices/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "The weekly practices were not saved" in body
    assert error_next_to(body, "day4-minutes") == "A practice or match lasts 20 to 240 minutes."
    assert error_next_to(body, "day5-start_time") == "Give the start time of Saturday's practice."
    assert "whole number" in error_next_to(body, "day6-minutes")
    assert 'id="id_day2-minutes_error"' not in body and 'id="id_day1-minutes_error"' not in body
    assert 'name="day4-minutes" value="300"' in body  # what was typed stays, to correct it
    player.refresh_from_db()
    assert player.team_practices == [{"weekday": 1, "start_time": "18:00", "minutes": 90, "intensity": "moderate"}]


def test_a_season_of_saturday_matches_every_week_until_a_date(coach_pages, people, player) -> None:
    first = coming_monday(player) + dt.timedelta(days=5)
    last = first + dt.timedelta(weeks=7, days=3)  # any day of the last week will do
    response = add(coach_pages, player, first_date=first.isoformat(), until=last.isoformat(), title="League")
    assert response.status_code == 302 and response.url == f"{page_url(player)}#fixtures"

    rows = list(Fixture.objects.filter(athlete=player).order_by("date"))
    assert [r.date for r in rows] == [first + dt.timedelta(weeks=w) for w in range(8)]
    assert {(r.kind, r.start_time, r.minutes, r.intensity, r.title, r.author) for r in rows} == {
        ("match", dt.time(15, 0), 90, "hard", "League", people.coach)
    }
    body = coach_pages.get(response.url).content.decode()
    today = local_today(player)
    assert f"Added 8 matches: {when(first, today)} to {when(rows[-1].date, today)}." in body
    listed = [summary(body, r) for r in rows]
    assert listed == [f"{when(r.date, today)}, 15:00: Match, League / Match · 90 min" for r in rows]
    assert all(day_label(r.date).startswith("Saturday ") for r in rows)
    assert "8 from today on, soonest first." in text(body)


def test_several_dates_typed_at_once(coach_pages, player) -> None:
    monday = coming_monday(player)
    days = [monday + dt.timedelta(days=d) for d in (2, 9, 16, 23)]
    typed = f"{days[2].isoformat()}, {days[0].isoformat()}\n{days[1].isoformat()}  {days[3].isoformat()},"
    response = add(
        coach_pages, player, kind="practice", dates=typed, start_time="10:00", minutes="60", intensity="hard"
    )
    assert response.status_code == 302
    rows = list(Fixture.objects.filter(athlete=player).order_by("date"))
    assert [r.date for r in rows] == days
    assert {(r.kind, r.start_time, r.minutes, r.intensity, r.title) for r in rows} == {
        ("practice", dt.time(10, 0), 60, "hard", "")
    }
    body = coach_pages.get(response.url).content.decode()
    assert "Added 4 practices" in body
    assert summary(body, rows[0]) == f"{when(days[0], local_today(player))}, 10:00: Practice / Practice · Hard · 60 min"


def test_a_date_taken_already_is_refused_and_nothing_new_is_stored(coach_pages, people, player) -> None:
    saturday = coming_monday(player) + dt.timedelta(days=12)
    a_match(player, people.coach, saturday)
    first = saturday - dt.timedelta(weeks=1)
    until = first + dt.timedelta(weeks=3)
    response = add(coach_pages, player, first_date=first.isoformat(), until=until.isoformat())
    assert response.status_code == 400
    body = response.content.decode()
    assert "Nothing was added" in body
    assert f"A fixture at 15:00 on {day_label(saturday)} exists already" in body
    assert Fixture.objects.filter(athlete=player).count() == 1  # the season's other three were not stored either

    twice = add(coach_pages, player, dates=f"{first.isoformat()} {first.isoformat()}")
    assert twice.status_code == 400 and "is listed twice" in error_next_to(twice.content.decode(), "add-dates")
    assert Fixture.objects.filter(athlete=player).count() == 1


def test_the_dates_are_asked_for_one_way_and_readable(coach_pages, player) -> None:
    monday = coming_monday(player)
    cases = [
        ({}, "Give the dates: type them, or give a first date"),
        ({"dates": monday.isoformat(), "first_date": monday.isoformat()}, "not both"),
        ({"first_date": monday.isoformat(), "until": (monday - dt.timedelta(days=1)).isoformat()}, "on or after"),
        ({"first_date": monday.isoformat(), "until": (monday + dt.timedelta(weeks=70)).isoformat()}, "up to 60"),
        ({"dates": "2199-01-01"}, "within two years"),
    ]
    for fields, sentence in cases:
        response = add(coach_pages, player, **fields)
        assert response.status_code == 400 and sentence in response.content.decode(), fields
    response = add(coach_pages, player, dates="12/05/2026")
    assert "is not a date" in error_next_to(response.content.decode(), "add-dates")
    response = add(coach_pages, player, dates=monday.isoformat(), minutes="10", start_time="")
    body = response.content.decode()
    assert error_next_to(body, "add-minutes") == "A practice or match lasts 20 to 240 minutes."
    assert error_next_to(body, "add-start_time") == "Give the start time."
    assert not Fixture.objects.exists()


def test_a_fixture_is_changed(coach_pages, people, player) -> None:
    saturday = coming_monday(player) + dt.timedelta(days=5)
    fixture = a_match(player, people.coach, saturday, title="Away")
    prefix = f"fixture-{fixture.pk}"
    url = f"{page_url(player)}fixtures/{fixture.pk}/"
    sunday = saturday + dt.timedelta(days=1)
    changed = {f"{prefix}-date": sunday.isoformat(), f"{prefix}-start_time": "11:30"}
    changed |= {f"{prefix}-minutes": "80", f"{prefix}-title": "Cup final"}
    response = coach_pages.post(url, changed)
    assert response.status_code == 302 and response.url == f"{page_url(player)}#fixture-{fixture.pk}"
    fixture.refresh_from_db()
    assert (fixture.date, fixture.start_time, fixture.minutes, fixture.title) == (
        sunday,
        dt.time(11, 30),
        80,
        "Cup final",
    )
    body = coach_pages.get(response.url).content.decode()
    assert f"Changed the match on {when(sunday, local_today(player))} at 11:30." in body
    assert summary(body, fixture) == f"{when(sunday, local_today(player))}, 11:30: Match, Cup final / Match · 80 min"

    same = coach_pages.post(url, changed, follow=True)
    assert "Nothing changed." in same.content.decode()

    refused = coach_pages.post(url, changed | {f"{prefix}-minutes": "10"})
    assert refused.status_code == 400
    refusal = error_next_to(refused.content.decode(), f"{prefix}-minutes")
    assert refusal == "A practice or match lasts 20 to 240 minutes."
    fixture.refresh_from_db()
    assert fixture.minutes == 80


def test_a_fixture_is_removed(coach_pages, people, player) -> None:
    saturday = coming_monday(player) + dt.timedelta(days=5)
    keep, gone = a_match(player, people.coach, saturday), a_match(player, people.coach, saturday, start="09:00")
    response = coach_pages.post(f"{page_url(player)}fixtures/{gone.pk}/delete/")
    assert response.status_code == 302
    assert list(Fixture.objects.filter(athlete=player)) == [keep]
    body = coach_pages.get(response.url).content.decode()
    assert f"Removed the match on {when(saturday, local_today(player))} at 09:00." in body
    # a reload of the removal (GET) shows the page; a second removal finds nothing
    assert coach_pages.get(f"{page_url(player)}fixtures/{gone.pk}/delete/").status_code == 302
    assert coach_pages.post(f"{page_url(player)}fixtures/{gone.pk}/delete/").status_code == 404


def test_past_fixtures_are_not_listed_and_the_list_is_capped(coach_pages, people, player) -> None:
    today = local_today(player)
    old = a_match(player, people.coach, today - dt.timedelta(days=3))
    items = [
        {"date": today + dt.timedelta(days=d), "start_time": dt.time(18, 0), "minutes": 60, "kind": "practice"}
        for d in range(62)
    ]
    fixture_services.add_fixtures(athlete=player, items=items, author=people.coach)
    body = coach_pages.get(page_url(player)).content.decode()
    assert f'id="fixture-{old.pk}"' not in body
    assert body.count('<article class="card intensity-') == 60
    assert "The next 60 of 62, soonest first." in text(body)
    soonest = Fixture.objects.filter(athlete=player, date__gte=today).order_by("date", "start_time")
    assert [int(i) for i in re.findall(r'<article [^>]*id="fixture-(\d+)"', body)] == [f.pk for f in soonest[:60]]


def test_another_coachs_athlete_is_not_found(people, player) -> None:
    other = signed_in(people.other_coach)
    saturday = coming_monday(player) + dt.timedelta(days=5)
    fixture = a_match(player, people.coach, saturday)
    assert other.get(page_url(player)).status_code == 404
    assert add(other, player, dates=(saturday + dt.timedelta(weeks=1)).isoformat()).status_code == 404
    assert other.post(f"{page_url(player)}practices/", practice_rows({1: {}})).status_code == 404
    assert other.post(f"{page_url(player)}fixtures/{fixture.pk}/delete/").status_code == 404
    # and a fixture id of another athlete is not found on one's own athlete's page
    mine = AthleteFactory(coaches=[people.other_coach], sport="rugby")
    assert other.post(f"{page_url(mine)}fixtures/{fixture.pk}/delete/").status_code == 404
    assert list(Fixture.objects.filter(athlete=player)) == [fixture]
    player.refresh_from_db()
    assert player.team_practices == []


def test_athletes_get_forbidden(people, player) -> None:
    own = signed_in(player.user)
    saturday = coming_monday(player) + dt.timedelta(days=5)
    fixture = a_match(player, people.coach, saturday)
    assert own.get(page_url(player)).status_code == 403
    assert add(own, player, dates=(saturday + dt.timedelta(weeks=1)).isoformat()).status_code == 403
    assert own.post(f"{page_url(player)}practices/", practice_rows({1: {}})).status_code == 403
    assert own.post(f"{page_url(player)}fixtures/{fixture.pk}/delete/").status_code == 403
    assert Fixture.objects.filter(athlete=player).count() == 1
    assert signed_in(people.staff).get(page_url(player)).status_code == 200


def test_a_non_team_athlete_page_says_it_is_for_team_sports(coach_pages, people) -> None:
    runner = people.athlete
    response = coach_pages.get(page_url(runner))
    assert response.status_code == 200
    body = response.content.decode()
    words = text(body)
    assert "The team schedule is for team sports" in words and "field hockey" in words and "running" in words
    assert "<form" not in body.split('<main id="main">')[1].split("</main>")[0]
    response = add(coach_pages, runner, dates=coming_monday(runner).isoformat())
    assert response.status_code == 302 and not Fixture.objects.exists()
    assert "Nothing was changed" in coach_pages.get(response.url).content.decode()


def test_people_read_words_never_codes(coach_pages, people) -> None:
    hockey = AthleteFactory(coaches=[people.coach], user__name="Hana Hockey", sport="field_hockey")
    coach_pages.post(f"{page_url(hockey)}practices/", practice_rows({1: {"intensity": "hard"}, 3: {}}))
    saturday = coming_monday(hockey) + dt.timedelta(days=5)
    add(coach_pages, hockey, first_date=saturday.isoformat(), until=(saturday + dt.timedelta(weeks=2)).isoformat())
    add(coach_pages, hockey, kind="practice", dates=(saturday - dt.timedelta(days=1)).isoformat(), minutes="45")
    assert Fixture.objects.filter(athlete=hockey).count() == 4

    body = coach_pages.get(page_url(hockey)).content.decode()
    words = text(body)
    assert "Field hockey" in words and "field_hockey" not in words
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", words)  # no code like field_hockey or a rule's match_day
    for code in ("match", "practice", "moderate", "hard"):
        assert not re.search(rf"(:|·)\s*{code}\b", words), code  # a kind or intensity is shown as a word
    assert "Match · 90 min" in words and "Practice · Moderate · 45 min" in words
    assert "Moderate" in words and "Hard" in words and "Extra practice" in words


def test_the_plan_editor_refuses_to_move_or_remove_a_match_in_words(coach_pages, people, player) -> None:
    from plans import services
    from plans.models import PlanSession

    monday = coming_monday(player)
    a_match(player, people.coach, monday + dt.timedelta(days=5))
    plan = services.generate_plan(athlete=player, week_start=monday, author=people.coach)
    match = PlanSession.objects.get(plan=plan, event="match")
    editor = f"/coach/plans/{plan.pk}/"
    assert "Change or move" not in article_of_session(coach_pages.get(editor).content.decode(), match)
    # forged requests, as no button offers them: a sentence above the week, never a 500
    removed = coach_pages.post(f"{editor}sessions/{match.pk}/delete/", {f"delete-{match.pk}-override_reason": ""})
    assert removed.status_code == 302
    assert "delete it from the team schedule" in text(coach_pages.get(editor).content.decode())
    assert PlanSession.objects.filter(pk=match.pk, date=monday + dt.timedelta(days=5)).exists()


def article_of_session(body: str, session) -> str:
    found = re.search(rf'<article [^>]*id="session-{session.pk}".*?</article>', body, flags=re.DOTALL)
    assert found, f"session {session.pk} is not shown"
    return found.group(0)
