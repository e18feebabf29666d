"""One week's compliance, three readers: the plan API, the coach's roster and the coach's morning digest all go
through plans.compliance (a workout linked to its session, else an unlinked one of the same local date and
modality), so they give the same figure; a draft week counts nothing on the roster or in the digest. Weeks lie two
weeks back from the athlete's today, so the suite passes on any weekday; the roster is read on that week's Sunday
evening and the digest made the Monday morning after, each in the athlete's zone."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

import pytest

from people.logs import local_today
from plans import services
from recovery import roster
from reminders import selectors as reminder_selectors
from reminders import services as reminder_services
from reminders.models import Delivery
from tests.conftest import client_for
from tests.factories import AthleteFactory
from tests.reminders.conftest import local, prime, run_day
from tests.world import generate, sessions_of
from training.models import WorkoutLog

pytestmark = pytest.mark.django_db


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def log(client, athlete, **body) -> dict:
    body = {"rpe": 5, "completed": True, "warmup_done": True, "stretching_done": True, "notes": ""} | body
    response = client.post(f"/api/v1/athletes/{athlete.pk}/workouts/", body, format="json")
    assert response.status_code == 201, response.content
    return response.json()


def unique_slots(plan: dict) -> list[dict]:
    """Sessions alone on their day with their modality, so an unlinked workout can only do that one."""
    sessions = [s for _, s in sessions_of(plan)]
    keys = [(s["date"], s["modality"]) for s in sessions]
    return [s for s, key in zip(sessions, keys, strict=True) if keys.count(key) == 1]


def roster_row(coach, athlete, day: dt.date) -> dict:
    """The roster (what GET /api/v1/roster/ and /coach/ show) as read at 21:00 on `day` in the athlete's zone."""
    rows = roster.roster(coach, local(athlete.time_zone, day, 21))
    return next(r for r in rows if r["athlete"] == athlete.pk)


def digest_row(coach, athlete, monday: dt.date) -> dict:
    """The coach digest made at 07:00 on `monday` in the athlete's zone (the coach lives there too)."""
    reminder_services.update_preferences(coach, {"time_zone": athlete.time_zone})
    start = local(athlete.time_zone, monday, 6)
    prime(coach, at=start)
    made = run_day(start, hours=2, step_minutes=10)
    [digest] = Delivery.objects.filter(pk__in=made, kind="coach_digest")
    assert digest.local_date == monday
    return next(a for a in digest.context["athletes"] if a["id"] == athlete.pk)


def whole(percent: float) -> int:
    """The whole percent the plan page shows (plans.pages.compliance_sentence rounds half up)."""
    return int(Decimal(str(percent)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_roster_digest_and_plan_api_agree_on_linked_and_unlinked_workouts(coach, coach_client, athlete) -> None:
    week_start = monday_of(local_today(athlete)) - dt.timedelta(days=14)
    sunday = week_start + dt.timedelta(days=6)
    plan = generate(coach_client, athlete, week_start)
    assert coach_client.post(f"/api/v1/plans/{plan['id']}/publish/").status_code == 200
    me = client_for(athlete.user)
    slots = unique_slots(plan)
    assert len(slots) >= 3, plan
    linked, unlinked = slots[0], slots[1]
    log(me, athlete, session=linked["id"], date=linked["date"], minutes=linked["planned_minutes"])
    # No "session": the plan page matches it to `unlinked` by its local date and modality.
    log(me, athlete, date=unlinked["date"], modality=unlinked["modality"], minutes=unlinked["planned_minutes"])
    # The roster reads the week on its Sunday, when Sunday's own sessions are not due yet unless done: log them, so
    # the plan page (all week past) and the roster count the same sessions as due.
    for _, session in sessions_of(plan):
        if session["date"] == sunday.isoformat() and session["id"] not in (linked["id"], unlinked["id"]):
            log(me, athlete, session=session["id"], date=session["date"], minutes=session["planned_minutes"])

    body = coach_client.get(f"/api/v1/plans/{plan['id']}/").json()
    by_id = {s["id"]: s for _, s in sessions_of(body)}
    assert by_id[linked["id"]]["completion"] == by_id[unlinked["id"]]["completion"] == "done"
    week = body["compliance"]
    assert week["missed"] >= 1 and week["planned"] == 0, week  # slots[2] and any other unlogged session: missed
    percent = week["percent"]
    assert percent is not None and 0 < percent < 100

    # Linked minutes alone (the old roster and digest) would have counted `unlinked` as missed.
    assert roster_row(coach, athlete, sunday)["compliance_pct"] == percent
    row = digest_row(coach, athlete, week_start + dt.timedelta(days=7))
    assert row["compliance_pct"] == whole(percent)
    assert row["missed"] == []  # every Sunday session was done, `unlinked` among them if it lay on Sunday


def test_digest_names_yesterdays_sessions_no_workout_did(coach, coach_client, athlete) -> None:
    """The Monday digest: last week's compliance as the plan page gives it, and Sunday's sessions nobody did,
    where a Sunday session done by an unlinked workout is not missed."""
    week_start = monday_of(local_today(athlete)) - dt.timedelta(days=14)
    sunday = week_start + dt.timedelta(days=6)
    plan = services.publish_plan(services.generate_plan(athlete=athlete, week_start=week_start, author=coach))
    sessions = list(plan.sessions.all())
    on_sunday = [s for s in sessions if s.date == sunday]
    if not on_sunday:  # the engine left Sunday free: move one session there
        moved = sessions[-1]
        moved.date = sunday
        moved.save(update_fields=["date"])
        on_sunday = [moved]
    done, *rest = on_sunday
    log(
        client_for(athlete.user), athlete, date=sunday.isoformat(), modality=done.modality, minutes=done.planned_minutes
    )
    percent = coach_client.get(f"/api/v1/plans/{plan.pk}/").json()["compliance"]["percent"]
    row = digest_row(coach, athlete, week_start + dt.timedelta(days=7))
    assert row["compliance_pct"] == whole(percent)
    # Sessions of the same modality on Sunday: the unlinked workout does the first, the others are missed.
    assert row["missed"] == [s.title for s in rest]


def test_a_draft_week_counts_nothing_on_the_roster_or_in_the_digest(coach, coach_client, athlete) -> None:
    week_start = monday_of(local_today(athlete)) - dt.timedelta(days=14)
    sunday = week_start + dt.timedelta(days=6)
    plan = generate(coach_client, athlete, week_start)  # never published
    [slot, *_] = unique_slots(plan)
    log(client_for(athlete.user), athlete, date=slot["date"], modality=slot["modality"], minutes=30)
    assert roster_row(coach, athlete, sunday)["compliance_pct"] is None
    row = digest_row(coach, athlete, week_start + dt.timedelta(days=7))
    assert row["compliance_pct"] is None and row["missed"] == []


def _published_weeks_with_workouts(coach, count: int) -> list:
    """`count` athletes, each with this week published, every session done by a workout (half linked, half not)
    and an unplanned workout each day: more athletes, sessions and workouts, never more queries."""
    athletes = [AthleteFactory(coaches=[coach], weekly_minutes_target=300) for _ in range(count)]
    for athlete in athletes:
        monday = monday_of(local_today(athlete))
        plan = services.publish_plan(services.generate_plan(athlete=athlete, week_start=monday, author=coach))
        WorkoutLog.objects.bulk_create(
            WorkoutLog(
                athlete=athlete,
                session=s if i % 2 else None,
                date=s.date,
                minutes=s.planned_minutes,
                rpe=5,
                modality=s.modality,
            )
            for i, s in enumerate(plan.sessions.all())
        )
        WorkoutLog.objects.bulk_create(
            WorkoutLog(athlete=athlete, date=monday + dt.timedelta(days=d), minutes=20, rpe=2) for d in range(7)
        )
    return athletes


def test_roster_and_digest_compliance_take_fixed_queries(coach, django_assert_num_queries) -> None:
    from tests.factories import CoachFactory

    few_coach, many_coach = coach, CoachFactory()
    few = _published_weeks_with_workouts(few_coach, 1)
    many = _published_weeks_with_workouts(many_coach, 4)
    now = dt.datetime.now(dt.UTC)
    # athletes, recovery statuses, intake (water, meals, supplements), this week's published sessions and the
    # workouts that may have done them (plans.selectors.published_weeks), last cramps: 8, as before this change
    # (the sessions and workouts queries were there already, counting linked minutes only); + team athletes' next
    # matches (issue 13): 9
    for who in (few_coach, many_coach):
        with django_assert_num_queries(9):
            rows = roster.roster(who, now)
    assert all(r["compliance_pct"] in (None, 100.0) for r in rows)
    for athletes in (few, many):
        yesterday = {a.pk: local_today(a) - dt.timedelta(days=1) for a in athletes}
        with django_assert_num_queries(2):  # published_weeks: the sessions, then the workouts
            reminder_selectors.week_compliance(athletes, yesterday)
