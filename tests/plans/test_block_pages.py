"""Training blocks on the coach's pages (issue 12): plan a block from the athlete page, see every week of it with
its kind in words, planned against done load as a chart and compliance colours, publish its drafts at once; only
the athlete's coaches (and staff) may."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils.dateformat import format as format_date

from people.logs import local_today
from plans import services
from plans.models import PlanStatus, PlanWeek, TrainingBlock
from tests.factories import WorkoutFactory
from tests.world import MONDAY, published_week, signed_in, this_monday
from training.models import WorkoutLog

pytestmark = pytest.mark.django_db

TWELVE_WEEKS_TO_A_GOAL = ["Build"] * 3 + ["Deload"] + ["Build"] * 3 + ["Deload"] + ["Build"] * 2 + ["Taper"] * 2


def last_day(start: dt.date, weeks: int) -> dt.date:
    return start + dt.timedelta(weeks=weeks - 1, days=6)


def plan_block(client, athlete, **fields):
    data = {"start": MONDAY.isoformat(), "weeks": "12", "goal_date": "", "goal": ""} | fields
    return client.post(f"/coach/athletes/{athlete.pk}/blocks/new/", {f"block-{k}": v for k, v in data.items()})


def cells(body: str, label: str) -> list[str]:
    return re.findall(rf'<td data-label="{label}">(.*?)</td>', body, flags=re.DOTALL)


def row(body: str, number: int) -> str:
    found = re.search(rf'<tr id="week-{number}"[^>]*>(.*?)</tr>', body, flags=re.DOTALL)
    assert found, f"no row for week {number}"
    return found.group(1)


def badge(row_html: str) -> tuple[str, str]:
    colour, word = re.search(r'<span class="badge (\w+)">([^<]*)</span>', row_html.split('"Compliance"')[1]).groups()
    return colour, word


def field_error(body: str, field: str) -> str:
    found = re.search(rf'<ul class="errorlist" id="id_block-{field}_error">(.*?)</ul>', body, flags=re.DOTALL)
    assert found, f"no error next to {field}"
    return re.sub(r"<[^>]+>", " ", found.group(1))


def test_the_athlete_page_offers_a_block_with_defaults_and_no_blocks_yet(coach_pages, people) -> None:
    today = local_today(people.athlete)
    coming = today + dt.timedelta(days=7 - today.weekday())
    body = coach_pages.get(f"/coach/athletes/{people.athlete.pk}/").content.decode()
    assert "Plan a block" in body and "No training block yet" in body
    assert f'name="block-start" value="{coming.isoformat()}"' in body
    assert 'name="block-weeks" value="12"' in body
    assert 'name="block-goal_date"' in body and 'name="block-goal"' in body


def test_a_coach_plans_twelve_weeks_to_a_goal_and_sees_every_week(coach_pages, people) -> None:
    athlete, goal_date = people.athlete, last_day(MONDAY, 12)
    response = plan_block(coach_pages, athlete, goal_date=goal_date.isoformat(), goal="Half marathon in Berlin")
    block = TrainingBlock.objects.get(athlete=athlete)
    assert response.status_code == 302 and response.url == f"/coach/blocks/{block.pk}/"
    plans = list(PlanWeek.objects.filter(block=block).order_by("week_start"))
    assert len(plans) == 12 and {p.status for p in plans} == {PlanStatus.DRAFT}

    body = coach_pages.get(response.url).content.decode()
    assert "A 12-week block is ready as drafts" in body
    assert f"asked for {athlete.weekly_minutes_target} minutes a week" in body  # why build weeks stop growing
    assert [c.strip() for c in cells(body, "Kind")] == TWELVE_WEEKS_TO_A_GOAL
    assert [c.strip() for c in cells(body, "Status")] == ["Draft"] * 12
    assert "Half marathon in Berlin" in body and format_date(goal_date, "l j M Y") in body
    assert format_date(MONDAY, "D j M") in cells(body, "Dates")[0]
    for plan in plans:  # each week opens its plan editor
        assert f'href="/coach/plans/{plan.pk}/"' in body
    loads = cells(body, "Planned load")
    assert loads == [f"{sum(s.load for s in p.sessions.all())} AU" for p in plans]
    # the chart: planned and done load per week, with its numbers as a table
    assert 'class="pygal-chart chart-block"' in body and "Planned (AU)" in body and "Done (AU)" in body
    # nothing is due before the block starts: words, not only a grey badge
    assert [badge(row(body, n)) for n in range(1, 13)] == [("none", "Not due yet")] * 12
    assert "Publish all draft weeks" in body
    for code in ("week_kind", "single", "§", ">build<", ">deload<", ">taper<", ">draft<", ".py"):
        assert code not in body, code

    overview = coach_pages.get(f"/coach/athletes/{athlete.pk}/").content.decode()
    assert f'href="/coach/blocks/{block.pk}/"' in overview and "12 weeks from" in overview
    assert "0 of 12 weeks published" in overview and "Half marathon in Berlin" in overview
    editor = coach_pages.get(f"/coach/plans/{plans[0].pk}/").content.decode()
    assert f'href="/coach/blocks/{block.pk}/"' in editor
    # each week says where it stands in the block, and the goal
    assert "Build week, week 1 of" in editor and "goal (Half marathon in Berlin) on" in editor
    assert "Deload week, week 4 of" in coach_pages.get(f"/coach/plans/{plans[3].pk}/").content.decode()


def _log(session, minutes: int) -> WorkoutLog:
    return WorkoutFactory(
        athlete=session.plan.athlete,
        session=session,
        date=session.date,
        modality=session.modality,
        minutes=minutes,
        rpe=session.planned_rpe,
    )


def test_compliance_colours_follow_the_weekly_bands(coach_pages, people) -> None:
    athlete = people.athlete
    start = this_monday(athlete) - dt.timedelta(weeks=3)
    block = services.create_block(athlete=athlete, start=start, weeks=4, author=people.coach)
    services.publish_block(block)  # drafts nobody saw are never missed
    weeks = list(PlanWeek.objects.filter(block=block).order_by("week_start"))
    first, second, third = (list(w.sessions.order_by("date", "order")) for w in weeks[:3])
    done_first = sum(_log(s, s.planned_minutes).load for s in first)  # every session done: 100 %
    for session in third[: (len(third) + 1) // 2]:  # about half done, the rest missed: 50-79 %
        _log(session, session.planned_minutes)
    # the second week: nothing logged, every session missed

    body = coach_pages.get(f"/coach/blocks/{block.pk}/").content.decode()
    assert badge(row(body, 1)) == ("green", "On plan, 100 %")
    assert f"{done_first} AU" in row(body, 1)
    assert badge(row(body, 2)) == ("red", "Mostly missed, 0 %")
    assert f"0 of {len(second)} due sessions done, {len(second)} missed." in row(body, 2)
    colour, word = badge(row(body, 3))
    assert colour == "amber" and word.startswith("Partly done, ")
    assert 50 <= int(word.split(", ")[1].rstrip(" %")) < 80
    assert "This week" in row(body, 4)


def test_publish_all_draft_weeks(coach_pages, people) -> None:
    block = services.create_block(athlete=people.athlete, start=MONDAY, weeks=4, author=people.coach)
    url = f"/coach/blocks/{block.pk}/publish/"
    assert coach_pages.get(url).status_code == 405  # publishing is a POST with its CSRF token
    response = coach_pages.post(url)
    assert response.status_code == 302 and response.url == f"/coach/blocks/{block.pk}/"
    assert set(PlanWeek.objects.filter(block=block).values_list("status", flat=True)) == {PlanStatus.PUBLISHED}
    body = coach_pages.get(response.url).content.decode()
    assert "Published 4 weeks" in body and "Every week of the block is published" in body
    assert "Publish all draft weeks" not in body
    assert [c.strip() for c in cells(body, "Status")] == ["Published"] * 4
    again = coach_pages.post(url, follow=True).content.decode()
    assert "Nothing to publish" in again


def test_only_the_athletes_coaches_and_staff_see_a_block(coach_pages, people) -> None:
    athlete = people.athlete
    block = services.create_block(athlete=athlete, start=MONDAY, weeks=4, author=people.coach)
    page, publish = f"/coach/blocks/{block.pk}/", f"/coach/blocks/{block.pk}/publish/"
    new = f"/coach/athletes/{athlete.pk}/blocks/new/"
    other = signed_in(people.other_coach)
    assert other.get(page).status_code == 404
    assert other.post(publish).status_code == 404
    assert other.get(new).status_code == 404
    assert plan_block(other, athlete).status_code == 404
    me = signed_in(athlete.user)
    assert me.get(page).status_code == 403
    assert me.post(publish).status_code == 403
    assert me.get(new).status_code == 403
    assert plan_block(me, athlete).status_code == 403
    assert set(PlanWeek.objects.filter(block=block).values_list("status", flat=True)) == {PlanStatus.DRAFT}
    assert TrainingBlock.objects.count() == 1
    assert coach_pages.get(page).status_code == 200
    assert coach_pages.get(f"/coach/blocks/{block.pk + 1000}/").status_code == 404
    assert signed_in(people.staff).get(page).status_code == 200


@pytest.mark.parametrize(
    ("fields", "field", "sentence"),
    [
        ({"start": (MONDAY + dt.timedelta(days=1)).isoformat()}, "start", "is not a Monday"),
        ({"start": ""}, "start", "This field is required."),
        ({"start": (MONDAY + dt.timedelta(weeks=60)).isoformat()}, "start", "within a year of today"),
        ({"weeks": "3"}, "weeks", "A block is 4 to 24 weeks long."),
        ({"weeks": "25"}, "weeks", "A block is 4 to 24 weeks long."),
        ({"weeks": "twelve"}, "weeks", "whole number"),
        ({"goal_date": last_day(MONDAY, 6).isoformat()}, "goal_date", "plan 6 weeks"),
        ({"goal_date": (MONDAY - dt.timedelta(days=3)).isoformat()}, "goal_date", "Change the goal date"),
        ({"goal": "x" * 201}, "goal", "at most 200 characters"),
    ],
)
def test_bad_input_shows_its_sentence_next_to_the_field(coach_pages, people, fields, field, sentence) -> None:
    response = plan_block(coach_pages, people.athlete, **fields)
    assert response.status_code == 400
    body = response.content.decode()
    assert sentence in field_error(body, field)
    assert "The block was not planned" in body
    assert "week_start" not in body and "§" not in body
    assert not TrainingBlock.objects.exists()


def test_a_published_week_in_the_way_is_refused_next_to_the_first_monday(coach_pages, people) -> None:
    plan = published_week(people.athlete, people.coach)
    response = plan_block(coach_pages, people.athlete, start=plan.week_start.isoformat(), weeks="4")
    assert response.status_code == 400
    assert "published already" in field_error(response.content.decode(), "start")
    assert not TrainingBlock.objects.exists()


def test_weeks_replaced_later_show_as_without_a_plan(coach_pages, people) -> None:
    athlete = people.athlete
    block = services.create_block(athlete=athlete, start=MONDAY, weeks=4, author=people.coach)
    second = MONDAY + dt.timedelta(weeks=1)
    services.generate_plan(athlete=athlete, week_start=second, author=people.coach)  # replaces the block's draft
    body = coach_pages.get(f"/coach/blocks/{block.pk}/").content.decode()
    assert badge(row(body, 2)) == ("none", "No plan")
    assert f'?week={second.isoformat()}"' in row(body, 2)
    assert "3 of 4 weeks published" not in body and "0 of 3 weeks published" in body
    for index in (0, 2, 3):
        services.generate_plan(athlete=athlete, week_start=MONDAY + dt.timedelta(weeks=index), author=people.coach)
    body = coach_pages.get(f"/coach/blocks/{block.pk}/").content.decode()
    assert "None of this block's weeks has a plan any more" in body
    assert "Publish all draft weeks" not in body and "<svg " not in body


def test_the_block_page_reads_a_fixed_number_of_queries(coach_pages, people) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    short = services.create_block(athlete=people.athlete, start=MONDAY, weeks=4, author=people.coach)
    long = services.create_block(
        athlete=people.athlete, start=MONDAY + dt.timedelta(weeks=4), weeks=12, author=people.coach
    )
    counts = []
    for block in (short, long):
        with CaptureQueriesContext(connection) as queries:
            assert coach_pages.get(f"/coach/blocks/{block.pk}/").status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
